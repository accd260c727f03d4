// Which steps depend on a param: changing it on resume would make their earlier result a lie.
import type { Runbook, Step, ParamDef } from '../document/model.js';
import { parseExpr, namesIn } from '../document/conditions.js';
import type { ParamValues } from './params.js';

/** Names whose value in `next` differs from `stored` (params set for the first time are no change). */
export function changedParams(stored: ParamValues, next: ParamValues): string[] {
  return Object.keys(next).filter((k) => stored[k] !== undefined && stored[k] !== next[k]);
}

/** The steps among `finished` (ids) whose condition or code refers to one of the params `names`. */
export function dependentSteps(runbook: Runbook, finished: readonly string[], names: readonly string[]): string[] {
  const defs = runbook.params.filter((p) => names.includes(p.name));
  if (!defs.length) return [];
  return runbook.steps.filter((s) => finished.includes(s.id) && defs.some((d) => refersTo(s, d))).map((s) => s.id);
}

function refersTo(step: Step, def: ParamDef): boolean {
  const inCondition = step.conditions.some((c) => {
    const { expr } = parseExpr(c);
    return expr ? namesIn(expr).includes(def.name) : c.includes(def.name);
  });
  if (inCondition) return true;
  // $NAME or ${NAME} in its script, the snippets a manual step shows, or its cwd.
  const code = [step.script?.value, ...step.snippets.map((s) => s.value), step.cwd].filter(Boolean).join('\n');
  return new RegExp(`\\$\\{?${def.env}(?![A-Za-z0-9_])`).test(code);
}
