// Small formatters of the UI: durations, the params summary, user errors in the chosen language.
import type { Runbook, ParamDef } from '../../../engine/document/model.js';
import type { ParamValues } from '../../../engine/plan/plan.js';
import { catalogs, translator, format, uiLang } from '../../../i18n/index.js';
import { tui } from '../../../i18n/tui.js';

export type T = (key: string, vars?: Record<string, string | number>) => string;

export function tuiT(lang: string): T {
  return translator(tui, lang);
}

/** `name=value` pairs of the params, secrets left out entirely. */
export function paramsSummary(runbook: Runbook, values: ParamValues, t: T, secretNames: string[] = []): string {
  const secret = new Set([...runbook.params.filter((p) => p.type === 'secret').map((p) => p.name), ...secretNames]);
  const parts: string[] = [];
  for (const [name, v] of Object.entries(values)) {
    if (secret.has(name)) continue;
    const shown = typeof v === 'boolean' ? t(v ? 'params.yes' : 'params.no') : v;
    parts.push(`${name}=${shown}`);
  }
  return parts.length ? parts.join('  ') : t('header.noParams');
}

export function isSecret(def: ParamDef): boolean {
  return def.type === 'secret';
}

/** A catalog message in the chosen language, whichever catalog holds the key (tui first). */
export function catalogMessage(key: string, vars: Record<string, string | number> | undefined, lang: string): string {
  const l = uiLang(lang);
  const order = [tui, ...Object.values(catalogs).filter((c) => c !== tui)];
  for (const c of order) {
    const msg = c[l][key] ?? c.en[key];
    if (msg !== undefined) return format(msg, vars ?? {});
  }
  return format(key, vars ?? {});
}

export interface ErrorText {
  message: string;
  hint?: string;
  exitCode: number;
}

interface KeyedError {
  key: string;
  vars?: Record<string, string | number>;
  hint?: { key: string; vars?: Record<string, string | number> };
  exitCode?: number;
}

function isKeyed(e: unknown): e is KeyedError {
  return typeof e === 'object' && e !== null && typeof (e as { key?: unknown }).key === 'string';
}

/** A UserError (or InputError) said in the chosen language; anything else as an unexpected error. */
export function errorText(e: unknown, lang: string): ErrorText {
  if (isKeyed(e)) {
    return {
      message: catalogMessage(e.key, e.vars, lang),
      hint: e.hint ? catalogMessage(e.hint.key, e.hint.vars, lang) : undefined,
      exitCode: typeof e.exitCode === 'number' ? e.exitCode : 2,
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { message: tuiT(lang)('error.unexpected', { message }), exitCode: 2 };
}
