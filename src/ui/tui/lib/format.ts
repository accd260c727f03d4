// Small formatters of the UI: durations, the params summary, user errors in the chosen language.
import type { Runbook } from '../../../engine/document/model.js';
import type { ParamValues } from '../../../engine/plan/params.js';
import { translator, type CliKey, type RunKey, type Translate, type TuiKey } from '../../../i18n/index.js';
import { message } from '../../../i18n/message.js';
import { tui } from '../../../i18n/tui.js';
import { run } from '../../../i18n/run.js';
import { cli } from '../../../i18n/cli.js';
import { EXIT } from '../../../engine/core/errors.js';

/** The UI's translator: its own messages, the runner's (statuses, reports) and the CLI's (errors). */
export type T = Translate<TuiKey | RunKey | CliKey>;

export function tuiT(lang: string): T {
  return translator([tui, run, cli], lang);
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

/** A UserError said in the chosen language; anything else as an unexpected error (a bug). */
export function errorText(e: unknown, lang: string): ErrorText {
  if (isKeyed(e)) {
    return {
      message: message(e.key, e.vars, lang),
      hint: e.hint ? message(e.hint.key, e.hint.vars, lang) : undefined,
      exitCode: typeof e.exitCode === 'number' ? e.exitCode : EXIT.usage,
    };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { message: tuiT(lang)('error.unexpected', { message: text }), exitCode: EXIT.internal };
}
