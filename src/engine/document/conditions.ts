// Condition expressions (design §4): a small, safe language for `when="…"` and `:::if{…}`.
// Hand-written tokenizer + recursive-descent parser → JSON AST; evaluator, lint checker,
// shorthand-attribute translation and a human-readable rendering. No eval, no Function.
//
// Grammar (precedence low → high):
//   or      := and ('||' and)*
//   and     := cmp ('&&' cmp)*
//   cmp     := unary (('=='|'!='|'<'|'<='|'>'|'>=') unary)?     -- non-associative
//   unary   := '!' unary | primary
//   primary := STRING | NUMBER | 'true' | 'false' | NAME | '(' or ')'
import { translator } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';

/** A runtime value: param and capture values, literals. */
export type Value = string | number | boolean;

/** A problem with an expression; `offset` is a 0-based index into the source text. */
export interface ExprError { message: string; offset: number }

type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The AST. `offset` is the node's start, or its operator's position for operator nodes. */
export type Expr =
  | { type: 'string'; value: string; offset: number }
  | { type: 'number'; value: number; raw: string; offset: number } // raw: source text, used for comparisons
  | { type: 'boolean'; value: boolean; offset: number }
  | { type: 'name'; name: string; offset: number }
  | { type: 'not'; operand: Expr; offset: number }
  | { type: 'compare'; op: CmpOp; left: Expr; right: Expr; offset: number }
  | { type: 'logical'; op: '&&' | '||'; left: Expr; right: Expr; offset: number };

const CMP_OPS: readonly string[] = ['==', '!=', '<', '<=', '>', '>='];
const MAX_LENGTH = 4096; // keeps recursion in every tree walk shallow
const MAX_DEPTH = 64; // nesting of parentheses and `!`

interface Token { t: 'str' | 'num' | 'id' | 'op' | '(' | ')' | 'eof'; v: string; offset: number }

class Fail extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  const num = /\d+(\.\d+)?/y;
  const ident = /[A-Za-z_][A-Za-z0-9_]*/y;
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const start = i;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      let s = '';
      for (i++; ; ) {
        if (i >= src.length) throw new Fail('unterminated string', start);
        const d = src[i]!;
        if (d === c) { i++; break; }
        if (d === '\\') {
          const e = src[i + 1];
          if (e === undefined) throw new Fail('unterminated string', start);
          if (e !== '\\' && e !== '"' && e !== "'") throw new Fail(`unknown escape '\\${e}' (only \\\\ \\" \\' are allowed)`, i);
          s += e; i += 2; continue;
        }
        s += d; i++;
      }
      toks.push({ t: 'str', v: s, offset: start });
    } else if (c >= '0' && c <= '9') {
      num.lastIndex = i; i += num.exec(src)![0].length;
      if (i < src.length && /[.A-Za-z0-9_]/.test(src[i]!)) {
        throw new Fail(`malformed number; quote versions and other text, e.g. "1.28.0"`, start);
      }
      toks.push({ t: 'num', v: src.slice(start, i), offset: start });
    } else if (/[A-Za-z_]/.test(c)) {
      ident.lastIndex = i; i += ident.exec(src)![0].length;
      if (src[i] === '.') throw new Fail('property access is not allowed', i);
      toks.push({ t: 'id', v: src.slice(start, i), offset: start });
    } else if (c === '(' || c === ')') {
      toks.push({ t: c, v: c, offset: i++ });
    } else {
      const two = src.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>=', '&&', '||'].includes(two) ? two : '<>!'.includes(c) ? c : undefined;
      if (op === undefined) {
        const hint = c === '=' ? "; use '==' to compare" : c === '&' ? "; use '&&'" : c === '|' ? "; use '||'" : '';
        throw new Fail(`unexpected character '${c}'${hint}`, i);
      }
      toks.push({ t: 'op', v: op, offset: i });
      i += op.length;
    }
  }
  toks.push({ t: 'eof', v: '', offset: src.length });
  return toks;
}

/** Parse an expression; never throws. Exactly one of `expr` / `error` is set. */
export function parseExpr(src: string): { expr?: Expr; error?: ExprError } {
  try {
    if (typeof src !== 'string') throw new Fail('expression must be text', 0);
    if (src.length > MAX_LENGTH) throw new Fail(`expression longer than ${MAX_LENGTH} characters`, 0);
    const toks = tokenize(src);
    let pos = 0;
    let depth = 0;
    const peek = () => toks[pos]!;
    const isOp = (v: string) => toks[pos]!.t === 'op' && toks[pos]!.v === v;
    const nest = (offset: number) => {
      if (++depth > MAX_DEPTH) throw new Fail('expression nested too deeply', offset);
    };
    const logical = (op: '&&' | '||', next: () => Expr) => (): Expr => {
      let left = next();
      while (isOp(op)) {
        const offset = toks[pos++]!.offset;
        left = { type: 'logical', op, left, right: next(), offset };
      }
      return left;
    };
    const primary = (): Expr => {
      const t = toks[pos]!;
      switch (t.t) {
        case 'str': pos++; return { type: 'string', value: t.v, offset: t.offset };
        case 'num': pos++; return { type: 'number', value: Number(t.v), raw: t.v, offset: t.offset };
        case 'id':
          pos++;
          if (t.v === 'true' || t.v === 'false') return { type: 'boolean', value: t.v === 'true', offset: t.offset };
          if (peek().t === '(') throw new Fail('function calls are not allowed', peek().offset);
          return { type: 'name', name: t.v, offset: t.offset };
        case '(': {
          pos++; nest(t.offset);
          const e = or();
          if (peek().t !== ')') {
            throw new Fail(peek().t === 'eof' ? "'(' is never closed" : `expected ')', found '${peek().v}'`,
              peek().t === 'eof' ? t.offset : peek().offset);
          }
          pos++; depth--;
          return e;
        }
        case 'eof':
          throw new Fail(pos === 0 ? 'empty expression' : `expected a value after '${toks[pos - 1]!.v}'`, t.offset);
        default:
          throw new Fail(`expected a value, found '${t.v}'`, t.offset);
      }
    };
    const unary = (): Expr => {
      const t = peek();
      if (!isOp('!')) return primary();
      pos++; nest(t.offset);
      const operand = unary();
      depth--;
      return { type: 'not', operand, offset: t.offset };
    };
    const cmp = (): Expr => {
      const left = unary();
      const t = peek();
      if (t.t !== 'op' || !CMP_OPS.includes(t.v)) return left;
      pos++;
      const right = unary();
      const n = peek();
      if (n.t === 'op' && CMP_OPS.includes(n.v)) {
        throw new Fail('comparisons cannot be chained; combine them with && or use parentheses', n.offset);
      }
      return { type: 'compare', op: t.v as CmpOp, left, right, offset: t.offset };
    };
    const or = logical('||', logical('&&', cmp));
    const expr = or();
    const t = peek();
    if (t.t !== 'eof') {
      throw new Fail(t.t === ')' ? "unmatched ')'" : `unexpected '${t.v}'; expected an operator`, t.offset);
    }
    return { expr };
  } catch (err) {
    if (err instanceof Fail) return { error: { message: err.message, offset: err.offset } };
    return { error: { message: `cannot parse expression: ${String(err)}`, offset: 0 } };
  }
}

const VERSION = /^v?\d+(\.\d+)*$/;

function compareDigits(x: string, y: string): number {
  x = x.replace(/^0+(?=\d)/, '');
  y = y.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** -1/0/1. Dotted versions/numbers compare component-wise ("3.9" < "3.16", "1.28" = "1.28.0"); else plain text. */
export function compareVersions(a: string, b: string): number {
  if (VERSION.test(a) && VERSION.test(b)) {
    const pa = a.replace(/^v/, '').split('.');
    const pb = b.replace(/^v/, '').split('.');
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const c = compareDigits(pa[i] ?? '0', pb[i] ?? '0');
      if (c !== 0) return c;
    }
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const text = (v: Value): string => (typeof v === 'string' ? v : String(v));

function literalText(e: Expr): string | undefined {
  if (e.type === 'string') return e.value;
  if (e.type === 'number') return e.raw;
  if (e.type === 'boolean') return String(e.value);
  return undefined;
}

function notBoolean(e: Expr): string {
  if (e.type === 'name') return `'${e.name}' is not a boolean; compare it with a value, e.g. ${e.name} == "…"`;
  return `${e.type === 'string' ? JSON.stringify(e.value) : literalText(e) ?? 'value'} is not a boolean`;
}

/**
 * Evaluate with a lookup; a name whose value is undefined makes the result `undefined` (unknown) unless
 * short-circuit decides it (false && unknown = false, true || unknown = true). Never throws.
 * `missing` lists the unknown names needed to decide (empty when `value` is defined); `error` is set when a
 * non-boolean value is used as a condition (the value is never included in the message: it may be a secret).
 */
export function evaluate(
  expr: Expr,
  lookup: (name: string) => Value | undefined,
): { value: boolean | undefined; missing: string[]; error?: ExprError } {
  const missing: string[] = [];
  const val = (e: Expr): Value | undefined => {
    switch (e.type) {
      case 'string': case 'boolean': return e.value;
      case 'number': return e.raw;
      case 'name': {
        const v = lookup(e.name);
        if (v === undefined && !missing.includes(e.name)) missing.push(e.name);
        return v;
      }
      case 'compare': {
        const l = val(e.left);
        const r = val(e.right);
        if (l === undefined || r === undefined) return undefined;
        if (e.op === '==') return text(l) === text(r);
        if (e.op === '!=') return text(l) !== text(r);
        const c = compareVersions(text(l), text(r));
        return e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '>' ? c > 0 : c >= 0;
      }
      default: return truth(e);
    }
  };
  const truth = (e: Expr): boolean | undefined => {
    if (e.type === 'not') {
      const v = truth(e.operand);
      return v === undefined ? undefined : !v;
    }
    if (e.type === 'logical') {
      const decisive = e.op === '||'; // true decides ||, false decides &&
      const l = truth(e.left);
      if (l === decisive) return l;
      const r = truth(e.right);
      if (r === decisive) return r;
      return l === undefined || r === undefined ? undefined : r;
    }
    const v = val(e);
    if (v === undefined || typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new Fail(notBoolean(e), e.offset);
  };
  try {
    const value = truth(expr);
    return { value, missing: value === undefined ? missing : [] };
  } catch (err) {
    const error = err instanceof Fail ? { message: err.message, offset: err.offset } : { message: String(err), offset: 0 };
    return { value: undefined, missing, error };
  }
}

/** Names (params and captures) used in an expression, each once, in order of appearance. */
export function namesIn(expr: Expr): string[] {
  const out: string[] = [];
  const walk = (e: Expr): void => {
    if (e.type === 'name') { if (!out.includes(e.name)) out.push(e.name); }
    else if (e.type === 'not') walk(e.operand);
    else if (e.type === 'compare' || e.type === 'logical') { walk(e.left); walk(e.right); }
  };
  walk(expr);
  return out;
}

/** What lint needs to know about a param. */
export interface ParamInfo { type: 'choice' | 'boolean' | 'string' | 'secret'; choices?: string[] }

/**
 * Static checks for lint: unknown names (not a param, not in `extraNames`, e.g. captures), a choice param
 * compared with a literal outside its choices, a boolean param compared with a non-boolean literal,
 * ordering operators on booleans, non-boolean params or literals used as conditions. Each with an offset.
 */
export function checkExpr(expr: Expr, params: Record<string, ParamInfo>, extraNames: Set<string> = new Set()): ExprError[] {
  const out: ExprError[] = [];
  const param = (e: Expr) => (e.type === 'name' && Object.hasOwn(params, e.name) ? params[e.name] : undefined);
  const isBool = (e: Expr) => e.type === 'boolean' || e.type === 'not' || e.type === 'logical'
    || e.type === 'compare' || param(e)?.type === 'boolean';
  const boolText = (s: string | undefined) => s === 'true' || s === 'false';
  const walk = (e: Expr, asCondition: boolean): void => {
    switch (e.type) {
      case 'name': {
        const p = param(e);
        if (!p && !extraNames.has(e.name)) out.push({ message: `unknown name '${e.name}': not a param or capture`, offset: e.offset });
        const boolChoice = p?.type === 'choice' && !!p.choices?.length && p.choices.every(boolText);
        if (p && asCondition && p.type !== 'boolean' && !boolChoice) {
          out.push({ message: `'${e.name}' is a ${p.type} param, not a boolean; compare it with a value`, offset: e.offset });
        }
        return;
      }
      case 'string': case 'number':
        if (asCondition && !boolText(literalText(e))) out.push({ message: notBoolean(e), offset: e.offset });
        return;
      case 'boolean': return;
      case 'not': walk(e.operand, true); return;
      case 'logical': walk(e.left, true); walk(e.right, true); return;
      case 'compare': {
        walk(e.left, false); walk(e.right, false);
        const equality = e.op === '==' || e.op === '!=';
        if (!equality && (isBool(e.left) || isBool(e.right))) {
          out.push({ message: `ordering operator '${e.op}' used on a boolean`, offset: e.offset });
        }
        for (const [n, lit] of [[e.left, e.right], [e.right, e.left]] as const) {
          const p = param(n);
          const t = literalText(lit);
          if (!p || t === undefined || n.type !== 'name') continue;
          if (p.type === 'choice' && equality && p.choices && !p.choices.includes(t)) {
            out.push({ message: `${JSON.stringify(t)} is not one of the choices of '${n.name}': ${p.choices.join(', ')}`, offset: lit.offset });
          } else if (p.type === 'boolean' && !boolText(t)) {
            out.push({ message: `'${n.name}' is a boolean; compare it with true or false`, offset: lit.offset });
          }
        }
      }
    }
  };
  walk(expr, true);
  return out;
}

/**
 * Shorthand attributes of `:::if{from="3.16" registry="external"}`, `{from="3.18|4.0"}` (`|` = any of),
 * `{dr}` (empty value = boolean true) → one equivalent expression source, parts joined by `&&`;
 * `when` is ANDed in as is. No attributes → `true`.
 */
export function shorthandToExpr(attrs: Record<string, string>): string {
  const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const parts: string[] = [];
  let when: string | undefined;
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'when') { when = value; continue; }
    if (value === '') { parts.push(key); continue; }
    const alts = value.split('|').map((v) => `${key} == ${quote(v.trim())}`);
    parts.push(alts.length === 1 ? alts[0]! : `(${alts.join(' || ')})`);
  }
  if (when !== undefined) parts.push(parts.length ? `(${when})` : when);
  return parts.length ? parts.join(' && ') : 'true';
}

const SHOWN_OP: Record<CmpOp, string> = { '==': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/**
 * A human-readable rendering for documents: `from = 3.16 and <dr label>`, connectives in en/zh/ru (others fall
 * back to en), names replaced by `labels[name]` when given; `x` / `x == true` show as the label alone and
 * `!x` / `x == false` as "not <label>". Parentheses only where a different connective is nested.
 */
export function describe(expr: Expr, lang: string, labels: Record<string, string> = {}): string {
  const t = translator(runCatalog, lang);
  const w = { and: t('connective.and'), or: t('connective.or'), not: t('connective.not') };
  const name = (n: string) => (Object.hasOwn(labels, n) ? labels[n]! : n);
  const render = (e: Expr): string => {
    switch (e.type) {
      case 'name': return name(e.name);
      case 'string': return e.value;
      case 'number': return e.raw;
      case 'boolean': return String(e.value);
      case 'not': {
        const inner = render(e.operand);
        return `${w.not} ${e.operand.type === 'logical' || e.operand.type === 'compare' ? `(${inner})` : inner}`;
      }
      case 'compare': {
        const [n, b] = e.right.type === 'boolean' ? [e.left, e.right] : [e.right, e.left];
        if (n.type === 'name' && b.type === 'boolean' && (e.op === '==' || e.op === '!=')) {
          return (e.op === '==') === b.value ? name(n.name) : `${w.not} ${name(n.name)}`;
        }
        return `${render(e.left)} ${SHOWN_OP[e.op]} ${render(e.right)}`;
      }
      case 'logical': {
        const side = (s: Expr) => (s.type === 'logical' && s.op !== e.op ? `(${render(s)})` : render(s));
        return `${side(e.left)} ${e.op === '&&' ? w.and : w.or} ${side(e.right)}`;
      }
    }
  };
  return render(expr);
}
