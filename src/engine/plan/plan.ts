// Params and conditions: which steps a situation includes, and why.
import { parseExpr, evaluate, describe, type Value } from '../document/conditions.js';
import { type Runbook, type Step, type ParamDef, type Lang, pick } from '../document/model.js';
import { UserError } from '../core/errors.js';
import { translator } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';

export type ParamValues = Record<string, string | boolean>;

/** Parse a `--param k=v` / params-file value against its definition; throws a UserError listing what is allowed. */
export function coerceParam(def: ParamDef, raw: unknown): string | boolean {
  if (def.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const s = String(raw).trim().toLowerCase();
    if (['true', 'yes', 'y', '1', 'on'].includes(s)) return true;
    if (['false', 'no', 'n', '0', 'off'].includes(s)) return false;
    throw new UserError('error.paramBoolean', { name: def.name, value: String(raw) }, { key: 'hint.allowed', vars: { values: 'true, false (yes/no, 1/0)' } });
  }
  const s = typeof raw === 'string' ? raw : String(raw);
  if (def.type === 'choice' && def.choices && !def.choices.includes(s)) {
    throw new UserError('error.paramChoice', { name: def.name, value: s }, { key: 'hint.allowed', vars: { values: def.choices.join(', ') } });
  }
  return s;
}

/** `k=v` strings → raw values; unknown names are an error listing the declared params. */
export function parseParamArgs(runbook: Runbook, args: string[], fromFile: Record<string, unknown> = {}): ParamValues {
  const out: ParamValues = {};
  const declared = new Map(runbook.params.map((p) => [p.name, p]));
  const set = (name: string, raw: unknown) => {
    const def = declared.get(name);
    if (!def) throw new UserError('error.unknownParam', { name, runbook: runbook.id }, { key: 'hint.knownParams', vars: { names: [...declared.keys()].join(', ') || '-' } });
    out[name] = coerceParam(def, raw);
  };
  for (const [k, v] of Object.entries(fromFile)) set(k, v);
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UserError('error.paramSyntax', { arg }, { key: 'hint.paramSyntax' });
    set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  return out;
}

export interface ResolvedParams {
  values: ParamValues;
  /** Params that apply (their `when` holds or is unknown) but have no value. */
  missing: ParamDef[];
}

/** Apply defaults (and, when rehearsing, examples) to the given values, in declaration order. */
export function resolveParams(runbook: Runbook, given: ParamValues, opts: { useExamples?: boolean } = {}): ResolvedParams {
  const values: ParamValues = { ...given };
  const missing: ParamDef[] = [];
  for (const def of runbook.params) {
    if (values[def.name] !== undefined) continue;
    if (def.when !== undefined && paramApplies(def, values) === false) continue;
    if (def.default !== undefined) values[def.name] = def.default;
    else if (opts.useExamples && def.example !== undefined) values[def.name] = coerceParam(def, def.example);
    else missing.push(def);
  }
  return { values, missing };
}

/** Does a param's `when` hold? undefined when it depends on values not known yet. */
export function paramApplies(def: ParamDef, values: ParamValues): boolean | undefined {
  if (def.when === undefined) return true;
  return evalCondition(def.when, (n) => values[n]).value;
}

export function evalCondition(src: string, lookup: (name: string) => Value | undefined): { value: boolean | undefined; missing: string[] } {
  const { expr } = parseExpr(src);
  if (!expr) return { value: undefined, missing: [] };
  return evaluate(expr, lookup);
}

export interface PlannedStep {
  step: Step;
  /** true: runs; false: excluded by a condition; null: a condition needs a value not given. */
  included: boolean | null;
  /** Why a step is excluded or undecided, in the chosen language. */
  reason?: string;
}

/** Evaluate every step's conditions; captures count as known values once set. */
export function planSteps(runbook: Runbook, values: ParamValues, lang: Lang, captures: Record<string, string> = {}): PlannedStep[] {
  const t = translator(runCatalog, lang);
  const labels = Object.fromEntries(runbook.params.map((p) => [p.name, pick(p.label, lang, runbook.languages).text]));
  const lookup = (n: string): Value | undefined => (n in captures ? captures[n] : values[n]);
  return runbook.steps.map((step) => {
    for (const cond of step.conditions) {
      const { expr } = parseExpr(cond);
      if (!expr) return { step, included: null, reason: cond };
      const r = evaluate(expr, lookup);
      const text = describe(expr, lang, labels);
      if (r.value === false) return { step, included: false, reason: t('reason.excluded', { condition: text }) };
      if (r.value === undefined) {
        return { step, included: null, reason: t('reason.undecided', { names: r.missing.join(', '), condition: text }) };
      }
    }
    return { step, included: true };
  });
}
