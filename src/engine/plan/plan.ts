// Conditions: which steps a situation includes, and why.
import { parseExpr, evaluate, describe, type Value } from '../document/conditions.js';
import { type Runbook, type Step, type Lang, pick } from '../document/model.js';
import { translator } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';
import { own, type ParamValues } from './params.js';

export interface PlannedStep {
  step: Step;
  /** true: runs; false: excluded by a condition; null: a condition needs a value not given. */
  included: boolean | null;
  /** Why a step is excluded or undecided, in the chosen language. */
  reason?: string;
  /** What excluded it: its condition (the step does not apply) or the operator's --from/--only. */
  excludedBy?: 'condition' | 'selection';
}

/** Evaluate every step's conditions; captures count as known values once set. */
export function planSteps(runbook: Runbook, values: ParamValues, lang: Lang, captures: Record<string, string> = {}): PlannedStep[] {
  const t = translator(runCatalog, lang);
  const labels = Object.fromEntries(runbook.params.map((p) => [p.name, pick(p.label, lang, runbook.languages).text]));
  const lookup = (n: string): Value | undefined => own(captures, n) ?? own(values, n);
  return runbook.steps.map((step) => {
    for (const cond of step.conditions) {
      const { expr } = parseExpr(cond);
      if (!expr) return { step, included: null, reason: cond };
      const r = evaluate(expr, lookup);
      const text = describe(expr, lang, labels);
      if (r.value === false) return { step, included: false, excludedBy: 'condition', reason: t('reason.excluded', { condition: text }) };
      if (r.value === undefined) {
        return { step, included: null, reason: t('reason.undecided', { names: r.missing.join(', '), condition: text }) };
      }
    }
    return { step, included: true };
  });
}
