// Evidence: the output a step is decided on. A manual step that says "make sure no node in the list
// above is NotReady" shows that list; after resume, an interrupted step shows what it printed before.
import type { PlannedStep } from '../../../engine/plan/plan.js';
import type { Pending, StepState } from '../../../engine/execution/run-api.js';
import { EXECUTABLE_KINDS } from '../../../engine/document/model.js';

/**
 * The steps whose output goes with the current step: for a step to decide on again (failed,
 * interrupted, changed) its own; else those its `evidence` attribute names; else the nearest
 * executable step before it that ran.
 */
export function evidenceSteps(plan: readonly PlannedStep[], states: ReadonlyMap<string, StepState>, pending: Pending): string[] {
  if (!('planned' in pending)) return [];
  const step = pending.planned.step;
  const ran = (id: string) => (states.get(id)?.attempts ?? 0) > 0;
  if ((pending.kind === 'failed' || pending.kind === 'interrupted' || pending.kind === 'changed') && ran(step.id)) return [step.id];
  if (step.evidence) return step.evidence.filter(ran);
  const at = plan.findIndex((p) => p.step.id === step.id);
  for (let i = at - 1; i >= 0; i--) {
    const p = plan[i]!;
    if (p.included !== false && EXECUTABLE_KINDS.includes(p.step.kind) && ran(p.step.id)) return [p.step.id];
  }
  return [];
}

/** The lines of a log from its last attempt's `# runbook …` marker on (a log holds every attempt). */
export function lastAttempt(lines: readonly string[]): string[] {
  for (let i = lines.length - 1; i >= 0; i--) if (/^# runbook \S+: step \S+, attempt \d+/.test(lines[i]!)) return lines.slice(i);
  return [...lines];
}
