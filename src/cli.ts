// Entry point: dispatches to one command module, loaded on demand so that light commands
// (--version, lint, plan, render, list, status) never load Ink and React.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, EXIT } from './engine/core/errors.js';
import { PROJECT_ROOT, messageLang } from './engine/core/env.js';
import { message, translator } from './i18n/index.js';
import { cli as cliCatalog } from './i18n/cli.js';

export type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  lint: () => import('./commands/lint.js'),
  plan: () => import('./commands/plan.js'),
  render: () => import('./commands/render.js'),
  list: () => import('./commands/list.js'),
  run: () => import('./commands/run.js'),
  resume: () => import('./commands/resume.js'),
  status: () => import('./commands/status.js'),
};

export const USAGE = `runbook: executable, resumable, multilingual markdown runbooks

Usage:
  runbook run FILE [--lang L] [--param k=v]... [--params-file F.yaml] [--yes] [--dry-run]
                   [--from STEP] [--only STEP]... [--confirm STEP]... [--resume | --fresh]
                   [--rerun-interrupted] [--rerun-changed]
                   [--state-dir DIR] [--ui tui|plain] [--rehearse]
  runbook resume [RUN_ID] [--param k=v]... [--confirm STEP]... [--rerun-interrupted] [--rerun-changed] [--yes]
                   [--lang L] [--state-dir DIR] [--ui tui|plain]
  runbook plan FILE [--lang L] [--param k=v]... [--params-file F.yaml] [--rehearse] [--json]
  runbook render FILE [--lang L] [--param k=v]... [--params-file F.yaml] [--format md|html] [--out FILE]
  runbook lint FILE|DIR... [--strict] [--json]
  runbook status [RUN_ID] [--state-dir DIR] [--lang L] [--json]
  runbook list [--lang L] [--json]
  runbook --help | --version

FILE is a path, or a name looked up in $RUNBOOK_PATH and the shipped runbooks/.
Exit codes: 0 done, 1 step failed or lint errors, 2 usage or input error, 3 aborted,
4 paused (resumable), 130 interrupted.
`;

export function version(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  try {
    if (!load) throw new UserError('error.unknownCommand', { name }, { key: 'hint.help' });
    const { command } = await load();
    return await command(rest);
  } catch (e) {
    return reportError(e, langFlag(rest));
  }
}

/** Print a user error in the chosen language; anything else is a bug: a short report, exit 70. */
export function reportError(e: unknown, lang?: string): number {
  const l = messageLang(lang);
  const t = translator(cliCatalog, l);
  if (e instanceof UserError) {
    process.stderr.write(`${t('error.prefix')} ${message(e.key, e.vars, l)}\n`);
    if (e.hint) process.stderr.write(`  ${t('hint.prefix')} ${message(e.hint.key, e.hint.vars, l)}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`${t('error.internal', { message: err.message })}\n${stackLines(err)}\n  ${t('hint.internal', { version: version() })}\n`);
  return EXIT.internal;
}

/** The first frames of the stack: enough to find the bug, short enough to paste into a ticket. */
function stackLines(err: Error, frames = 8): string {
  return (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, frames).join('\n');
}

function langFlag(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
}
