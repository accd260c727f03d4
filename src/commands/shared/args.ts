// Flag parsing on node:util parseArgs (no dependency), with errors that name the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../../engine/core/errors.js';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseFlags(command: string, argv: string[], options: FlagSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const err = e as { code?: string; message: string };
    const flag = /'(-{1,2}[^' ,]+)/.exec(err.message)?.[1] ?? '';
    const hint = { key: 'hint.commandHelp', vars: { command } } as const;
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UserError('error.unknownFlag', { flag, command }, hint);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const missing = /argument missing|requires an argument|<value>/.test(err.message);
      throw new UserError(missing ? 'error.flagValue' : 'error.flagNoValue', { flag }, hint);
    }
    throw new UserError('error.usageDetail', { detail: err.message }, hint);
  }
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function list(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}
