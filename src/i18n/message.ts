// Messages by key from any catalog: an error carries a key of the area that raised it. Its own module,
// so that what needs no message (--version, a command that succeeds) does not load every catalog in
// three languages (~26 ms of a start).
import { cli } from './cli.js';
import { tui } from './tui.js';
import { run } from './run.js';
import { lint } from './lint.js';
import { report } from './report.js';
import { help } from './help.js';
import { translator } from './index.js';
import type { Catalog, KeyOf, Vars } from './catalog.js';

export const catalogs = { cli, tui, run, lint, report, help } as const;

/** Every key of the catalogs (for errors that carry a key from any area). */
export type MessageKey = KeyOf<(typeof catalogs)[keyof typeof catalogs]>;

/** A message of any catalog, by key. */
export function message(key: string, vars: Vars | undefined, lang: string): string {
  return translator<Catalog<string>>(Object.values(catalogs), lang)(key, vars);
}
