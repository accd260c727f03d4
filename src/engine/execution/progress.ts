// How far a run got, one definition for every face (Ink UI, plain mode, `status`, errors): steps done
// out of the steps that apply. A step a condition (or --from/--only) excludes does not apply; one whose
// condition is not decided yet (it names a capture still to come) does.
import type { PlannedStep } from '../plan/plan.js';
import type { RunState } from './run-api.js';
import { DONE } from './store/state.js';

export interface Progress {
  /** Applicable steps succeeded, skipped by the operator, or confirmed. */
  done: number;
  /** Steps that apply with the current params and captures. */
  applicable: number;
}

export function progress(state: Pick<RunState, 'steps'>, planned: readonly PlannedStep[]): Progress {
  const status = new Map(state.steps.map((s) => [s.id, s.status]));
  let done = 0;
  let applicable = 0;
  for (const p of planned) {
    if (p.included === false) continue;
    applicable++;
    const s = status.get(p.step.id);
    if (s !== undefined && DONE.includes(s)) done++;
  }
  return { done, applicable };
}
