// --from / --only: which of the planned steps an operator chose to run.
import type { Runbook } from '../document/model.js';
import type { PlannedStep } from './plan.js';
import type { Translate } from '../../i18n/index.js';

export interface Selection {
  /** Steps before this one (document order) are skipped. */
  from?: string;
  /** Only these steps run. */
  only?: string[];
}

/** Included steps outside the selection become excluded, saying why (`t` words the reason). */
export function selectSteps(planned: PlannedStep[], runbook: Runbook, sel: Selection | undefined, t: Translate<'reason.from' | 'reason.only'>): PlannedStep[] {
  if (!sel) return planned;
  const fromIndex = sel.from ? runbook.steps.findIndex((s) => s.id === sel.from) : -1;
  return planned.map((p, i) => {
    if (p.included !== true) return p;
    if (i < fromIndex) return { ...p, included: false, excludedBy: 'selection', reason: t('reason.from', { step: sel.from! }) };
    if (sel.only?.length && !sel.only.includes(p.step.id)) return { ...p, included: false, excludedBy: 'selection', reason: t('reason.only', { steps: sel.only.join(', ') }) };
    return p;
  });
}
