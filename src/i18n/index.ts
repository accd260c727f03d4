// Message catalogs: every string the CLI, the plain reporter and the Ink UI show, in en, zh and ru.
// Each area keeps its own catalog file here and every key lives in exactly one of them; the
// catalogs are typed, so a misspelt key does not compile. test/i18n.test.ts renders every key in
// every language.
import { cli } from './cli.js';
import { tui } from './tui.js';
import { run } from './run.js';
import { lint } from './lint.js';

export { LANGS, defineCatalog, type UiLang, type Vars, type Catalog, type KeyOf, type Translate } from './catalog.js';
import type { Catalog, KeyOf, Translate, UiLang, Vars } from './catalog.js';
import { LANGS } from './catalog.js';

export const catalogs = { cli, tui, run, lint } as const;

/** Every key of the catalogs (for errors that carry a key from any area). */
export type MessageKey = KeyOf<(typeof catalogs)[keyof typeof catalogs]>;

/** The UI language for a runbook language: itself when we have a catalog, else English. */
export function uiLang(lang: string): UiLang {
  const base = lang.toLowerCase().split(/[-_.]/)[0];
  return (LANGS as readonly string[]).includes(base!) ? (base as UiLang) : 'en';
}

/** Format `{name}` placeholders. */
export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
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

/** A message of any catalog, by key (errors carry keys from the area that raised them). */
export function message(key: string, vars: Vars | undefined, lang: string): string {
  return translator<Catalog<string>>(Object.values(catalogs), lang)(key, vars);
}

export type CliKey = KeyOf<typeof cli>;
export type RunKey = KeyOf<typeof run>;
export type TuiKey = KeyOf<typeof tui>;
export type LintKey = KeyOf<typeof lint>;
