// Entry point: dispatches to one command module, loaded on demand so that light commands
// (--version, lint, plan, render, list, status, report, logs) never load Ink and React.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, EXIT } from './engine/core/errors.js';
import { asksForHelp } from './commands/shared/args.js';
import { PROJECT_ROOT, RELEASE, messageLang, toolVersion } from './engine/core/env.js';
import { message, translator, setCliName } from './i18n/index.js';
import { invocation } from './engine/core/invocation.js';
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
  report: () => import('./commands/report.js'),
  attach: () => import('./commands/attach.js'),
  logs: () => import('./commands/logs.js'),
  completion: () => import('./commands/completion.js'),
  help: () => import('./commands/help.js'),
  __complete: () => import('./commands/complete.js'),
  __sim: () => import('./commands/sim.js'),
};

/** `runbook 0.1.0 (commit 5b8e5bb2c0de, built 2026-12-01T09:40:00Z)`: a release's, or the source tree's (dist/build-info.json). */
export function version(): string {
  if (RELEASE) return `runbook ${RELEASE.version} (commit ${RELEASE.commit}, built ${RELEASE.date})`;
  const v = toolVersion();
  let info = { commit: 'unknown', date: 'unknown' };
  try { info = JSON.parse(readFileSync(join(PROJECT_ROOT, 'dist', 'build-info.json'), 'utf8')) as typeof info; } catch { /* built by tsc alone */ }
  return `runbook ${v} (commit ${info.commit}, built ${info.date})`;
}

export async function main(argv: string[]): Promise<number> {
  setCliName(invocation());
  const [name, ...rest] = argv;
  try {
    if (!name || name === '--help' || name === '-h') {
      process.stdout.write((await import('./commands/help.js')).overview(messageLang(langFlag(rest))));
      return name ? EXIT.ok : EXIT.usage;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    const load = COMMANDS[name];
    if (!load) throw (await import('./commands/help.js')).unknownCommand(name);
    if (asksForHelp(name, rest)) {
      process.stdout.write((await import('./commands/help.js')).commandHelp(name, messageLang(langFlag(rest))));
      return EXIT.ok;
    }
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
    if (e.suggestions.length) process.stderr.write(`  ${t('hint.suggestions', { candidates: e.suggestions.join(', ') })}\n`);
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
