// Lint messages put into words: the engine reports a key of the lint catalog (./lint.ts) and its values (msg);
// the text is put together here, in the chosen language. English is what the engine API returns by default.
// Values may be messages themselves (translated fragments); details quoted from elsewhere (YAML, regular
// expression and condition parser errors) stay as they are.
import { format, uiLang, type LintKey } from './index.js';
import { lint } from './lint.js';
import type { Diagnostic, LintMessage, LintVar } from '../engine/document/model.js';

/** A lint message: its key in this catalog and the values of its {placeholders}. */
export function msg(key: LintKey, vars: Record<string, LintVar> = {}): LintMessage {
  return { key, vars };
}

/** Put a lint message into words (English unless `lang` says otherwise). */
export function renderLint(m: LintMessage, lang = 'en'): string {
  const l = uiLang(lang);
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.vars)) vars[k] = typeof v === 'object' ? renderLint(v, l) : v;
  const key = m.key as LintKey;
  return format(lint[l][key] ?? lint.en[key] ?? m.key, vars);
}

/** renderLint, for callers outside the engine. */
export const lintText = renderLint;

/** Rewrite each finding's message in `lang` from its key and values (in place); findings without a key keep theirs. */
export function localizeDiagnostics(diagnostics: Diagnostic[], lang: string): Diagnostic[] {
  for (const d of diagnostics) if (d.key) d.message = renderLint({ key: d.key, vars: d.vars ?? {} }, lang);
  return diagnostics;
}

/** The findings without their keys and values (the shape lint had before it spoke other languages). */
export function withoutKeys(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map(({ key: _key, vars: _vars, ...rest }) => rest);
}

