// Flag parsing on node:util parseArgs (no dependency; see the commit that chose it), driven by the
// one definition of the commands (spec.ts), with errors that name the flag and the nearest ones.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, withSuggestions } from '../../engine/core/errors.js';
import { nearest } from '../../engine/core/suggest.js';
import { parseArgsOptions } from './spec.js';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parse a command's argv by its flags in spec.ts (`options` only for a command not yet there). */
export function parseFlags(command: string, argv: string[], options: FlagSpec = parseArgsOptions(command)): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const err = e as { code?: string; message: string };
    const flag = /'(-{1,2}[^' ,]+)/.exec(err.message)?.[1] ?? '';
    const hint = { key: 'hint.commandHelp', vars: { command } } as const;
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = Object.keys(options).map((f) => `--${f}`);
      throw withSuggestions(new UserError('error.unknownFlag', { flag, command }, hint), nearest(flag.split('=')[0]!, known));
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const missing = /argument missing|requires an argument|<value>/.test(err.message);
      throw new UserError(missing ? 'error.flagValue' : 'error.flagNoValue', { flag }, hint);
    }
    throw new UserError('error.usageDetail', { detail: err.message }, hint);
  }
}

/** `COMMAND ... --help` (or -h) as a flag, not as the value of another flag or after `--`. */
export function asksForHelp(command: string, argv: string[]): boolean {
  try {
    const { tokens } = parseArgs({ args: argv, options: parseArgsOptions(command), allowPositionals: true, strict: false, tokens: true });
    return tokens.some((tk) => tk.kind === 'option' && tk.name === 'help');
  } catch {
    return argv.includes('--help') || argv.includes('-h');
  }
}

/** Whether the analysis cache is used: unless --no-cache. */
export function useCache(values: Parsed['values']): boolean {
  return values['no-cache'] !== true;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function list(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}
