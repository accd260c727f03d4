// THE definition of every command's arguments and flags. Parsing (args.ts), `runbook help` and
// `COMMAND --help` (help.ts), shell completion (commands/completion.ts, complete.ts) and the
// "did you mean" corrections all read it, so a new command or flag is added here, once: its
// entry below, and its description in src/i18n/help.ts (`cmd.NAME`, `flag.NAME` or
// `flag.COMMAND.NAME`, `example.COMMAND.N`) in en, zh and ru.
import type { ParseArgsConfig } from 'node:util';

/** What a value is, for completion and corrections: a fixed list, or one of the kinds the tool can list. */
export type ValueKind = readonly string[] | 'runbook' | 'file' | 'dir' | 'param' | 'step' | 'run' | 'lang' | 'shell' | 'command';

export interface FlagDef {
  /** A flag without `value` is a switch. */
  value?: { name: string; kind: ValueKind };
  multiple?: boolean;
  short?: string;
}

export interface CommandDef {
  /** The positional arguments as the usage line shows them (`FILE`, `[RUN_ID]`, `FILE|DIR...`). */
  args: string;
  /** What the positional arguments are, for completion. */
  argKind?: ValueKind;
  flags: Record<string, FlagDef>;
  /** Example command lines (arguments after the program); each has `example.COMMAND.N` in src/i18n/help.ts. */
  examples: string[];
  /** Not listed anywhere (internal commands). */
  hidden?: boolean;
}

const LANGS = ['en', 'zh', 'ru'] as const;
const lang: FlagDef = { value: { name: 'L', kind: 'lang' } };
const param: FlagDef = { value: { name: 'k=v', kind: 'param' }, multiple: true };
const paramsFile: FlagDef = { value: { name: 'F.yaml', kind: 'file' } };
const stateDir: FlagDef = { value: { name: 'DIR', kind: 'dir' } };
const ui: FlagDef = { value: { name: 'tui|plain', kind: ['tui', 'plain'] } };
const step = (multiple: boolean): FlagDef => ({ value: { name: 'STEP', kind: 'step' }, multiple });
const on: FlagDef = {};
/** Read the runbook afresh, not through the analysis cache (commands/shared/analysis-cache.ts). */
const noCache: FlagDef = {};

/** `resume` and `attach` continue a run the same way. */
const resumeFlags: Record<string, FlagDef> = { param, confirm: step(true), 'rerun-interrupted': on, 'rerun-changed': on, yes: on, lang, 'state-dir': stateDir, ui, 'no-cache': noCache };

export const COMMAND_SPECS: Record<string, CommandDef> = {
  run: {
    args: 'FILE', argKind: 'runbook',
    flags: {
      lang, param, 'params-file': paramsFile, yes: on, 'dry-run': on, from: step(false), only: step(true), confirm: step(true),
      resume: on, fresh: on, 'rerun-interrupted': on, 'rerun-changed': on, 'state-dir': stateDir, ui, rehearse: on, 'no-cache': noCache,
    },
    examples: ['run upgrade-prepare.md --rehearse', 'run upgrade-global --param from=3.18 --lang zh', 'run upgrade-prepare --yes --confirm confirm-source-version'],
  },
  resume: {
    args: '[RUN_ID]', argKind: 'run',
    flags: resumeFlags,
    examples: ['resume', 'resume 20261201-0939-upgrade-prepare-f09c --confirm download-package'],
  },
  attach: {
    args: '[RUN_ID]', argKind: 'run',
    flags: resumeFlags,
    examples: ['attach', 'attach 20261201-0939-upgrade-global-f09c --ui plain'],
  },
  logs: {
    args: '[RUN_ID] [STEP]', argKind: 'run',
    flags: { follow: { short: 'f' }, 'state-dir': stateDir, lang },
    examples: ['logs -f', 'logs 20261201-0939-upgrade-global-f09c trigger-upgrade'],
  },
  plan: {
    args: 'FILE', argKind: 'runbook',
    flags: { lang, param, 'params-file': paramsFile, rehearse: on, json: on, 'no-cache': noCache },
    examples: ['plan upgrade-global --param from=3.16', 'plan upgrade-prepare --rehearse --json'],
  },
  render: {
    args: 'FILE', argKind: 'runbook',
    flags: { lang, param, 'params-file': paramsFile, format: { value: { name: 'md|html', kind: ['md', 'html'] } }, out: { value: { name: 'FILE', kind: 'file' } }, 'no-cache': noCache },
    examples: ['render upgrade-global --lang ru --format html --out upgrade-global.ru.html'],
  },
  lint: {
    args: 'FILE|DIR...', argKind: 'runbook',
    flags: { strict: on, json: on, lang, 'no-cache': noCache },
    examples: ['lint runbooks/', 'lint my-runbook.md --strict'],
  },
  status: {
    args: '[RUN_ID]', argKind: 'run',
    flags: { 'state-dir': stateDir, lang, json: on },
    examples: ['status', 'status 20261201-0939-upgrade-prepare-f09c --json'],
  },
  report: {
    args: '[RUN_ID]', argKind: 'run',
    flags: { format: { value: { name: 'md|html', kind: ['md', 'html'] } }, out: { value: { name: 'FILE', kind: 'file' } }, lang, 'state-dir': stateDir },
    examples: ['report', 'report 20261201-0939-upgrade-prepare-f09c --format html --out change-4711.html'],
  },
  list: {
    args: '', flags: { lang, json: on, 'no-cache': noCache },
    examples: ['list', 'list --json'],
  },
  completion: {
    args: 'bash|zsh|fish', argKind: 'shell', flags: {},
    examples: ['completion bash > /etc/bash_completion.d/runbook', 'completion zsh > "${fpath[1]}/_runbook"', 'completion fish > ~/.config/fish/completions/runbook.fish'],
  },
  help: {
    args: '[COMMAND]', argKind: 'command', flags: { lang },
    examples: ['help run', 'help run --lang zh'],
  },
  __sim: { args: 'TOOL ARGS...', flags: {}, examples: [], hidden: true },
  __complete: { args: 'WORDS...', flags: {}, examples: [], hidden: true },
};

/** Flags every command takes. */
export const COMMON_FLAGS: Record<string, FlagDef> = { help: { short: 'h' } };

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export const LANG_CHOICES: readonly string[] = LANGS;

/** The commands a person can type (for help, completion and corrections). */
export function visibleCommands(): string[] {
  return Object.keys(COMMAND_SPECS).filter((c) => !COMMAND_SPECS[c]!.hidden);
}

/** Every flag of a command, the common ones included. */
export function flagsOf(command: string): Record<string, FlagDef> {
  return { ...(COMMAND_SPECS[command]?.flags ?? {}), ...COMMON_FLAGS };
}

/** The flags as node:util parseArgs wants them. */
export function parseArgsOptions(command: string): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, f] of Object.entries(flagsOf(command))) {
    out[name] = { type: f.value ? 'string' : 'boolean', ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) };
  }
  return out;
}

/** `runbook run FILE [--lang L] [--param k=v]... [--yes] ...` */
export function usageLine(command: string, program = 'runbook'): string {
  const spec = COMMAND_SPECS[command]!;
  const flags = Object.entries(spec.flags).map(([name, f]) => `[--${name}${f.value ? ` ${f.value.name}` : ''}]${f.multiple ? '...' : ''}`);
  return [program, command, spec.args, ...flags].filter(Boolean).join(' ');
}
