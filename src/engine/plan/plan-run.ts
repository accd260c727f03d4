// The plan of a run: every step's inclusion from the params, the captures so far and the selection.
import type { Runbook } from '../document/model.js';
import type { ParamValues } from './params.js';
import { planSteps, type PlannedStep } from './plan.js';
import { selectSteps, type Selection } from './select.js';
import type { Translate } from '../../i18n/index.js';

export function planRun(runbook: Runbook, params: ParamValues, at: { lang: string; captures: Record<string, string>; selection?: Selection }, t: Translate<'reason.from' | 'reason.only'>): PlannedStep[] {
  return selectSteps(planSteps(runbook, params, at.lang, at.captures), runbook, at.selection, t);
}
