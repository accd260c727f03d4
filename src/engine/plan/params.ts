// What a param value may be: parsing `--param k=v` and params-file values against their
// definitions, whether a param applies, and the defaults (and rehearsal examples) of those not given.
import { type Runbook, type ParamDef } from '../document/model.js';
import { parseExpr, evaluate } from '../document/conditions.js';
import { UserError } from '../core/errors.js';

export type ParamValues = Record<string, string | boolean>;

/** A map without a prototype: a name such as `constructor` or `__proto__` is only ever its own entry. */
export function emptyValues(): ParamValues {
  return Object.create(null) as ParamValues;
}

/** The value stored under `name` itself, never one inherited from Object.prototype. */
export function own<T>(map: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}

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
  return Object.assign(emptyValues(), coerceAll(runbook, fromFile), coerceAll(runbook, splitArgs(args)));
}

/** `k=v` strings → name: raw text. */
export function splitArgs(args: string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UserError('error.paramSyntax', { arg }, { key: 'hint.paramSyntax' });
    out[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return out;
}

/** Raw values by name → typed values; unknown names are an error listing the declared params. */
export function coerceAll(runbook: Runbook, raw: Record<string, unknown>): ParamValues {
  const out = emptyValues();
  const declared = new Map(runbook.params.map((p) => [p.name, p]));
  for (const [name, value] of Object.entries(raw)) {
    const def = declared.get(name);
    if (!def) throw new UserError('error.unknownParam', { name, runbook: runbook.id }, { key: 'hint.knownParams', vars: { names: [...declared.keys()].join(', ') || '-' } });
    out[name] = coerceParam(def, value);
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
  const values = Object.assign(emptyValues(), given);
  const missing: ParamDef[] = [];
  for (const def of runbook.params) {
    if (values[def.name] !== undefined) continue;
    const fallback = fallbackValue(def, values, opts.useExamples === true);
    if (fallback === 'not-applicable') continue;
    if (fallback) values[def.name] = fallback.value;
    else missing.push(def);
  }
  return { values, missing };
}

/** A param without a given value: its default, else (rehearsing) its example; undefined when it must be asked. */
export function fallbackValue(def: ParamDef, values: ParamValues, useExamples: boolean): { value: string | boolean; source: 'default' | 'example' } | 'not-applicable' | undefined {
  if (def.when !== undefined && paramApplies(def, values) === false) return 'not-applicable';
  if (def.default !== undefined) return { value: def.default, source: 'default' };
  if (useExamples && def.example !== undefined) return { value: coerceParam(def, def.example), source: 'example' };
  return undefined;
}

/** Does a param's `when` hold? undefined when it depends on values not known yet. */
export function paramApplies(def: ParamDef, values: ParamValues): boolean | undefined {
  if (def.when === undefined) return true;
  const { expr } = parseExpr(def.when);
  return expr ? evaluate(expr, (n) => own(values, n)).value : undefined;
}
