// Texts both faces show about a run: the account of it (a hand-over on resume, the summary at its
// end) and a param as the operator reviews it.
import { runAccount, type RunAccount, type StepAccount } from '../engine/execution/run-account.js';
import type { RunController, StepStatus } from '../engine/execution/run-api.js';
import { translator, type RunKey, type Translate as TranslateKeys } from '../i18n/index.js';
import { run as runCatalog } from '../i18n/run.js';
import type { ParamDef, Runbook } from '../engine/document/model.js';
import { pick } from '../engine/document/model.js';
import type { ParamEntry } from '../engine/plan/param-sources.js';
import { MASK } from '../engine/execution/secrets.js';
import { formatDuration } from '../engine/core/clock.js';

export const SYMBOL: Record<StepStatus, string> = {
  pending: '·', running: '▶', succeeded: '✓', failed: '✗', skipped: '↷', interrupted: '■', confirmed: '✓',
};

type Translate = TranslateKeys<RunKey>;
/** The headings an account is shown under. */
export type AccountTitle = 'account.title' | 'account.summary';

/** Lines of the account of `c`'s run, headed by `titleKey` (run catalog). */
export function accountOf(c: RunController, titleKey: AccountTitle, lang: string): string[] {
  const a = runAccount(c.state, c.plan());
  const t = translator(runCatalog, lang);
  const title = (id: string) => {
    const step = c.runbook.steps.find((s) => s.id === id);
    return step ? c.stepTitle(step) : id;
  };
  return accountLines(a, titleKey, t, title, { skipped: a.steps.filter((s) => s.status === 'skipped').length });
}

/** A heading (`titleKey` with the progress) and one line per step worked on. */
export function accountLines(a: RunAccount, titleKey: AccountTitle, t: Translate, titleOf: (stepId: string) => string, extra: Record<string, string | number> = {}): string[] {
  const head = t(titleKey, { done: a.progress.done, applicable: a.progress.applicable, notApplicable: a.notApplicable, duration: formatDuration(a.durationMs), ...extra });
  return [`== ${head}`, ...a.steps.map((s) => `   ${SYMBOL[s.status]} ${s.id} · ${titleOf(s.id)} — ${stepDetail(s, t)}`)];
}

function stepDetail(s: StepAccount, t: Translate): string {
  const parts = [t(`status.${s.status}`)];
  if (s.attempts > 1) parts.push(t('account.attempts', { count: s.attempts }));
  if (s.exitCode !== undefined && s.status !== 'succeeded') parts.push(t('step.exit', { code: s.exitCode }));
  if (s.durationMs !== undefined) parts.push(formatDuration(s.durationMs));
  if (s.by) parts.push(t('step.by', { who: s.by }));
  return `${parts.join(', ')}${s.reason ? `: ${s.reason}` : ''}`;
}

/**
 * A param as the operator reviews it: `name = value   [source]   label` (a resolved path with what was
 * typed); value and source first, so that a narrow screen cuts only the label.
 */
export function paramRow(runbook: Runbook, lang: string, name: string, e: ParamEntry, t: Translate): string {
  const def = runbook.params.find((p) => p.name === name)!;
  const label = pick(def.label, lang, runbook.languages).text;
  return `${name} = ${shownValue(def, e, t)}   [${t(`source.${e.source}`)}]${label ? `   ${label}` : ''}`;
}

function shownValue(def: ParamDef, e: ParamEntry, t: Translate): string {
  if (def.type === 'secret') return MASK;
  return e.given !== undefined ? t('review.resolved', { path: String(e.value), given: e.given }) : String(e.value);
}
