// Message catalogs: every string the CLI, the plain reporter and the Ink UI show, in en, zh and ru.
// Each area keeps its own catalog file here and every key lives in exactly one of them; the
// catalogs are typed, so a misspelt key does not compile. test/i18n.test.ts renders every key in
// every language. A module loads the catalog of its area; message.ts has them all, by key.
import type { cli } from './cli.js';
import type { tui } from './tui.js';
import type { run } from './run.js';
import type { lint } from './lint.js';
import type { report } from './report.js';

export { LANGS, defineCatalog, type UiLang, type Vars, type Catalog, type KeyOf, type Translate } from './catalog.js';
import type { Catalog, KeyOf, Translate, UiLang, Vars } from './catalog.js';
import { LANGS } from './catalog.js';

/** The UI language for a runbook language: itself when we have a catalog, else English. */
export function uiLang(lang: string): UiLang {
  const base = lang.toLowerCase().split(/[-_.]/)[0];
  return (LANGS as readonly string[]).includes(base!) ? (base as UiLang) : 'en';
}

/**
 * `{cli}` in a message is the program as the operator started it (engine/core/invocation.ts; set
 * by src/cli.ts), so that a suggested command can be pasted as is.
 */
let cliName = 'runbook';

export function setCliName(name: string): void {
  cliName = name;
}

/** The program as the operator started it, for a command line the tool suggests. */
export function cliCommand(): string {
  return cliName;
}

/** Format `{name}` placeholders (and `{cli}`). */
export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : k === 'cli' ? cliName : m));
}

/** A translator over one or more catalogs in one language; unknown keys fall back to English, then the key. */
export function translator<C extends Catalog<string>>(from: C | readonly C[], lang: string): Translate<KeyOf<C>> {
  const l = uiLang(lang);
  const list: readonly Catalog<string>[] = Array.isArray(from) ? from : [from];
  return (key, vars) => {
    for (const c of list) {
      const text = c[l][key] ?? c.en[key];
      if (text !== undefined) return format(text, vars);
    }
    return format(key, vars);
  };
}

export type CliKey = KeyOf<typeof cli>;
export type RunKey = KeyOf<typeof run>;
export type TuiKey = KeyOf<typeof tui>;
export type LintKey = KeyOf<typeof lint>;
export type ReportKey = KeyOf<typeof report>;
