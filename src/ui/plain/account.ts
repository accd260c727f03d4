// The account of a run as lines: on resume (who did what so far) and when the run ends (summary).
import type { RunAccount, StepAccount } from '../../engine/execution/run-account.js';
import type { StepStatus } from '../../engine/execution/run-api.js';
import { formatDuration } from '../../engine/core/clock.js';

export const SYMBOL: Record<StepStatus, string> = {
  pending: '·', running: '▶', succeeded: '✓', failed: '✗', skipped: '↷', interrupted: '■', confirmed: '✓',
};

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A heading (`titleKey` with the progress) and one line per step worked on. */
export function accountLines(a: RunAccount, titleKey: string, t: Translate, titleOf: (stepId: string) => string, extra: Record<string, string | number> = {}): string[] {
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
