// Conditions as sentences a reader of the document understands ("Only if the global cluster uses global DR
// and “Global cluster this node belongs to” is standby."), and whether two conditions exclude each other
// (then their steps are alternatives, numbered 10a / 10b, not consecutive steps).
import { evaluate, namesIn, parseExpr, type Expr, type Value } from '../../document/conditions.js';
import type { ParamDef } from '../../document/model.js';
import type { CliKey, Translate as TranslateKeys } from '../../../i18n/index.js';

export type Translate = TranslateKeys<CliKey>;

export interface Speaker {
  lang: string;
  t: Translate;
  /** Labels of params, one line each, in the document's language. */
  labels: Record<string, string>;
  /** Params that are booleans: their label is a statement ("The global cluster uses global DR"). */
  booleans: Set<string>;
}

const SHOWN_OP: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** The condition `src` as a clause ("the global cluster uses global DR and …"); the source itself when invalid. */
export function conditionClause(src: string, s: Speaker): string {
  const { expr } = parseExpr(src);
  return expr ? clause(expr, s) : src;
}

function clause(e: Expr, s: Speaker): string {
  switch (e.type) {
    case 'name': return s.booleans.has(e.name) ? statement(s, e.name) : s.t('render.cond.given', { name: quoted(s, e.name) });
    case 'string': return e.value;
    case 'number': return e.raw;
    case 'boolean': return s.t(e.value ? 'render.yes' : 'render.no');
    case 'not': return negation(e.operand, s);
    case 'compare': return comparison(e, s);
    case 'logical': return logical(e, s);
  }
}

function negation(operand: Expr, s: Speaker): string {
  if (operand.type === 'name') return s.t('render.cond.answerNo', { name: quoted(s, operand.name) });
  if (operand.type === 'compare' && (operand.op === '==' || operand.op === '!=')) {
    return comparison({ ...operand, op: operand.op === '==' ? '!=' : '==' }, s);
  }
  return s.t('render.cond.notSo', { clause: clause(operand, s) });
}

function comparison(e: Extract<Expr, { type: 'compare' }>, s: Speaker): string {
  const [named, other] = e.left.type === 'name' ? [e.left, e.right] : [e.right, e.left];
  if (named.type === 'name' && other.type === 'boolean' && (e.op === '==' || e.op === '!=')) {
    const yes = (e.op === '==') === other.value;
    return yes ? clause(named, s) : negation(named, s);
  }
  const name = named.type === 'name' ? quoted(s, named.name) : clause(named, s);
  const value = other.type === 'name' ? quoted(s, other.name) : clause(other, s);
  if (e.op === '==') return s.t('render.cond.is', { name, value });
  if (e.op === '!=') return s.t('render.cond.isNot', { name, value });
  return `${name} ${SHOWN_OP[e.op]} ${value}`;
}

function logical(e: Extract<Expr, { type: 'logical' }>, s: Speaker): string {
  // "a == x || a == y" → "“A” is x or y".
  const values = e.op === '||' ? sameNameValues(e) : undefined;
  if (values) return s.t('render.cond.is', { name: quoted(s, values.name), value: values.values.join(s.t('render.cond.orValue')) });
  const side = (x: Expr) => (x.type === 'logical' && x.op !== e.op && !sameNameValues(x) ? `(${clause(x, s)})` : clause(x, s));
  if (e.op === '&&' && e.right.type === 'not' && e.right.operand.type === 'logical') {
    return s.t('render.cond.unless', { left: side(e.left), right: clause(e.right.operand, s) });
  }
  return s.t(e.op === '&&' ? 'render.cond.and' : 'render.cond.or', { left: side(e.left), right: side(e.right) });
}

function sameNameValues(e: Expr): { name: string; values: string[] } | undefined {
  const parts: Expr[] = [];
  const flatten = (x: Expr): void => {
    if (x.type === 'logical' && x.op === '||') { flatten(x.left); flatten(x.right); } else parts.push(x);
  };
  flatten(e);
  let name: string | undefined;
  const values: string[] = [];
  for (const p of parts) {
    if (p.type !== 'compare' || p.op !== '==' || p.left.type !== 'name' || (p.right.type !== 'string' && p.right.type !== 'number')) return undefined;
    if (name !== undefined && p.left.name !== name) return undefined;
    name = p.left.name;
    values.push(p.right.type === 'string' ? p.right.value : p.right.raw);
  }
  return name !== undefined && values.length > 1 ? { name, values } : undefined;
}

/**
 * A boolean param's label as a clause: "The global cluster …" → "the global cluster …"; a label whose first
 * words are a name ("Data Services are …", "ACP …") stays as written.
 */
function statement(s: Speaker, name: string): string {
  const label = s.labels[name] ?? name;
  if (!/^\p{Lu}\p{Ll}*\s+[\p{Ll}\d]/u.test(label)) return label;
  return label[0]!.toLowerCase() + label.slice(1);
}

function quoted(s: Speaker, name: string): string {
  return s.t('render.cond.quoted', { label: s.labels[name] ?? name });
}

// ---------------------------------------------------------------------------------------------------------
// Mutual exclusion

const MAX_CASES = 4096;

/**
 * True when no values of the params (and captures) make both conditions hold. Booleans range over
 * true/false, choices over their choices, anything else over the literals the conditions compare it with
 * plus one other value. Undecidable (too many cases, an invalid condition): false.
 */
export function exclusive(a: string, b: string, params: ParamDef[]): boolean {
  const ea = parseExpr(a).expr;
  const eb = parseExpr(b).expr;
  if (!ea || !eb) return false;
  const names = [...new Set([...namesIn(ea), ...namesIn(eb)])];
  const domains = names.map((n) => domain(n, params, [ea, eb]));
  if (domains.reduce((n, d) => n * d.length, 1) > MAX_CASES) return false;
  const values: Record<string, Value> = {};
  const both = (i: number): boolean => {
    if (i === names.length) {
      const lookup = (n: string) => values[n];
      const ra = evaluate(ea, lookup);
      const rb = evaluate(eb, lookup);
      return ra.error !== undefined || rb.error !== undefined || (ra.value === true && rb.value === true);
    }
    return domains[i]!.some((v) => { values[names[i]!] = v; return both(i + 1); });
  };
  return !both(0);
}

function domain(name: string, params: ParamDef[], exprs: Expr[]): Value[] {
  const def = params.find((p) => p.name === name);
  if (def?.type === 'boolean') return [true, false];
  if (def?.type === 'choice' && def.choices?.length) return def.choices;
  const literals = new Set<string>(['\u0000other']);
  const visit = (e: Expr) => {
    if (e.type === 'compare') {
      for (const [x, y] of [[e.left, e.right], [e.right, e.left]] as const) {
        if (x.type === 'name' && x.name === name && (y.type === 'string' || y.type === 'number')) literals.add(y.type === 'string' ? y.value : y.raw);
      }
    }
    if (e.type === 'not') visit(e.operand);
    if (e.type === 'compare' || e.type === 'logical') { visit(e.left); visit(e.right); }
  };
  exprs.forEach(visit);
  return [...literals, 'true', 'false'];
}
