// @ts-check
// REHEARSAL toolbox: JSONPath, kubectl flavour: {.a.b[0]}, [*], [?(@.x=="y")], ..name, range/end, "literals".

/** @typedef {{ text?: string, expr?: string, range?: string, body?: Node[] }} Node a literal text, an action, or a range block */

/**
 * Execute a kubectl JSONPath template.
 * @param {string} tpl
 * @param {unknown} root
 * @returns {string}
 */
export function jsonpath(tpl, root) {
  /** @type {Node[]} */
  const toks = [];
  let i = 0;
  while (i < tpl.length) {
    const j = tpl.indexOf('{', i);
    if (j < 0) { toks.push({ text: tpl.slice(i) }); break; }
    if (j > i) toks.push({ text: tpl.slice(i, j) });
    let k = j + 1;
    /** @type {string | null} */
    let q = null;
    for (; k < tpl.length; k++) {
      const c = tpl[k];
      if (q) { if (c === '\\') k++; else if (c === q) q = null; } else if (c === '"' || c === "'") q = c; else if (c === '}') break;
    }
    if (k >= tpl.length) throw new Error(`unclosed action`);
    toks.push({ expr: tpl.slice(j + 1, k).trim() });
    i = k + 1;
  }
  let pos = 0;
  /** @type {(stopAtEnd: boolean) => Node[]} */
  const block = (stopAtEnd) => {
    /** @type {Node[]} */
    const nodes = [];
    while (pos < toks.length) {
      const t = /** @type {Node} */ (toks[pos++]);
      if (t.expr === 'end') { if (stopAtEnd) return nodes; throw new Error('not in range, nothing to end'); }
      if (t.expr?.startsWith('range ')) nodes.push({ range: t.expr.slice(6).trim(), body: block(true) });
      else nodes.push(t);
    }
    if (stopAtEnd) throw new Error('unclosed range');
    return nodes;
  };
  const tree = block(false);
  /** @param {unknown} v */
  const fmt = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  /** @type {(nodes: Node[], cur: unknown) => string} */
  const run = (nodes, cur) => nodes.map((n) => {
    if (n.text !== undefined) return n.text;
    if (n.range !== undefined) {
      const vals = evalPath(n.range, root, cur);
      const items = vals.length === 1 && Array.isArray(vals[0]) ? vals[0] : vals;
      return items.map((it) => run(n.body ?? [], it)).join('');
    }
    const e = n.expr ?? '';
    if (/^".*"$/s.test(e)) return JSON.parse(e);
    if (/^'.*'$/s.test(e)) return e.slice(1, -1);
    return evalPath(e, root, cur).map(fmt).join(' ');
  }).join('');
  return run(tree, root);
}
/**
 * The values one JSONPath expression selects.
 * @param {string} expr
 * @param {unknown} root `$`
 * @param {unknown} cur `@`
 * @returns {any[]}
 */
export function evalPath(expr, root, cur) {
  let s = expr.trim();
  /** @type {any[]} */
  let vals;
  if (s.startsWith('$')) { vals = [root]; s = s.slice(1); } else if (s.startsWith('@')) { vals = [cur]; s = s.slice(1); } else vals = [cur];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const m = s.slice(i).match(/^[\w-]+/);
      const key = m ? m[0] : '';
      i += key.length;
      /** @type {any[]} */
      const found = [];
      /** @param {any} v */
      const walk = (v) => { if (v && typeof v === 'object') { if (!Array.isArray(v) && key in v) found.push(v[key]); for (const x of Object.values(v)) walk(x); } };
      vals.forEach(walk);
      vals = found;
    } else if (s[i] === '.') {
      i++;
      if (s[i] === '*') { i++; vals = vals.flatMap((v) => (v && typeof v === 'object' ? Object.values(v) : [])); continue; }
      let key = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') { if (s[i] === '\\') i++; key += s[i++]; }
      if (key === '') continue;
      vals = vals.flatMap((v) => (v && typeof v === 'object' && !Array.isArray(v) && key in v ? [v[key]] : []));
    } else if (s[i] === '[') {
      let depth = 0, j = i;
      /** @type {string | null} */
      let q = null;
      for (; j < s.length; j++) {
        const c = s[j];
        if (q) { if (c === q) q = null; continue; }
        if (c === '"' || c === "'") q = c; else if (c === '[') depth++; else if (c === ']' && --depth === 0) break;
      }
      const inner = s.slice(i + 1, j).trim();
      i = j + 1;
      vals = subscript(vals, inner, root);
    } else throw new Error(`unrecognized character in action: ${s[i]}`);
  }
  return vals;
}

/**
 * One `[…]` subscript: `*`, `'key'`, `?(filter)`, `a:b` slice or an index.
 * @param {any[]} vals
 * @param {string} inner
 * @param {unknown} root
 * @returns {any[]}
 */
function subscript(vals, inner, root) {
  if (inner === '*') return vals.flatMap((v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []));
  const quoted = inner.match(/^['"](.*)['"]$/);
  if (quoted) {
    const key = quoted[1] ?? '';
    return vals.flatMap((v) => (v && typeof v === 'object' && key in v ? [v[key]] : []));
  }
  const filter = inner.match(/^\?\((.*)\)$/);
  if (filter) return vals.flatMap((v) => (Array.isArray(v) ? v : [])).filter(matches((filter[1] ?? '').trim(), root));
  const slice = inner.match(/^(-?\d*):(-?\d*)$/);
  if (slice) {
    const [, from = '', to = ''] = slice;
    return vals.flatMap((v) => (Array.isArray(v) ? v.slice(from === '' ? 0 : Number(from), to === '' ? undefined : Number(to)) : []));
  }
  if (/^-?\d+$/.test(inner)) {
    const n = Number(inner);
    return vals.flatMap((v) => {
      if (!Array.isArray(v)) return [];
      const k = n < 0 ? v.length + n : n;
      if (k < 0 || k >= v.length) throw new Error(`array index out of bounds: index ${n}, length ${v.length}`);
      return [v[k]];
    });
  }
  throw new Error(`unrecognized identifier ${inner}`);
}

/**
 * A filter `@.a.b OP literal` or `@.a.b` (exists), as a predicate on one element.
 * @param {string} f
 * @param {unknown} root
 * @returns {(el: unknown) => boolean}
 */
function matches(f, root) {
  const exists = f.match(/^@((?:\.[\w-]+)+)$/);
  if (exists) return (el) => evalPath(`@${exists[1]}`, root, el).length > 0;
  const cmp = f.match(/^@((?:\.[\w-]+|\['[^']*'\])*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/);
  if (!cmp) throw new Error(`unrecognized filter: ${f}`);
  const [, path = '', op = '==', literal = ''] = cmp;
  const text = literal.trim();
  /** @type {string | number} */
  const rhs = /^['"].*['"]$/.test(text) ? text.slice(1, -1) : Number.isNaN(Number(text)) ? text : Number(text);
  return (el) => {
    const lhs = evalPath(`@${path}`, root, el)[0];
    const l = typeof rhs === 'number' ? Number(lhs) : lhs;
    /** @type {Record<string, boolean>} */
    const result = { '==': l === rhs, '!=': l !== rhs, '<': l < rhs, '>': l > rhs, '<=': l <= rhs, '>=': l >= rhs };
    return result[op] ?? false;
  };
}
