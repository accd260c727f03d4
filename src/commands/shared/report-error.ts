// How an error leaves the CLI: a user error says what to do in the chosen language; anything else is
// a bug, reported with its stack. Loaded only when a command failed (it loads every message catalog).
import { UserError, EXIT } from '../../engine/core/errors.js';
import { messageLang } from '../../engine/core/env.js';
import { translator } from '../../i18n/index.js';
import { cli as cliCatalog } from '../../i18n/cli.js';
import { message } from '../../i18n/message.js';
import { version } from './version.js';

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
