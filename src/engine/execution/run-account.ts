// What happened in a run so far, for a hand-over on resume and the summary at its end: each step
// that was worked on (who decided, why, how many attempts, how long), and the progress.
import type { Runbook } from '../document/model.js';
import type { PlannedStep } from '../plan/plan.js';
import { planRun } from '../plan/plan-run.js';
import { translator } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';
import type { RunState, StepStatus } from './run-api.js';
import { progress, type Progress } from './progress.js';

export interface StepAccount {
  id: string;
  status: StepStatus;
  attempts: number;
  durationMs?: number;
  exitCode?: number;
  by?: string;
  reason?: string;
}

export interface RunAccount {
  progress: Progress;
  /** Steps that were run, decided on or interrupted, in document order (not-applicable ones left out). */
  steps: StepAccount[];
  /** Steps recorded as not applicable (their condition does not hold). */
  notApplicable: number;
  /** From the start of the run to its last save. */
  durationMs: number;
}

/** Statuses whose times are those of a run of the step (not of a later decision). */
const RAN: readonly StepStatus[] = ['succeeded', 'failed', 'interrupted'];

export function runAccount(state: RunState, planned: readonly PlannedStep[]): RunAccount {
  const steps: StepAccount[] = [];
  for (const s of state.steps) {
    if (s.notApplicable || (s.status === 'pending' && s.attempts === 0)) continue;
    steps.push({
      id: s.id,
      status: s.status,
      attempts: s.attempts,
      ...(s.startedAt && s.endedAt && RAN.includes(s.status) ? { durationMs: Date.parse(s.endedAt) - Date.parse(s.startedAt) } : {}),
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      ...(s.by ?? s.confirmedBy ? { by: s.by ?? s.confirmedBy } : {}),
      ...(s.reason ? { reason: s.reason } : {}),
    });
  }
  return {
    progress: progress(state, planned),
    steps,
    notApplicable: state.steps.filter((s) => s.notApplicable).length,
    durationMs: Date.parse(state.updatedAt) - Date.parse(state.startedAt),
  };
}

/** Progress of a stored run, planned with its stored params and captures (secrets are not known). */
export function storedProgress(runbook: Runbook, state: RunState): Progress {
  return progress(state, planRun(runbook, state.params, state, translator(runCatalog, state.lang)));
}
