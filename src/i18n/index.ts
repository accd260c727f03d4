// Message catalogs: every string the CLI, the plain reporter and the Ink UI show, in en, zh and ru.
// Each area keeps its own catalog file here; test/i18n.test.ts checks every key exists in all three.
import { cli } from './cli.js';
import { tui } from './tui.js';
import { run } from './run.js';
import { lint } from './lint.js';
import { help } from './help.js';

export const LANGS = ['en', 'zh', 'ru'] as const;
export type UiLang = (typeof LANGS)[number];
export type Catalog = Record<UiLang, Record<string, string>>;

export const catalogs: Record<string, Catalog> = { cli, tui, run, lint, help };

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
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : k === 'cli' ? cliName : m));
}

/** A translator bound to one catalog and language; unknown keys fall back to English, then the key. */
export function translator(catalog: Catalog, lang: string) {
  const l = uiLang(lang);
  return (key: string, vars?: Record<string, string | number>) => format(catalog[l][key] ?? catalog.en[key] ?? key, vars);
}
