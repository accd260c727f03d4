// @ts-check
// REHEARSAL toolbox: which objects a kubectl command line names or selects.
import { KINDS, resolveKind } from './model.mjs';
import { byNsName, parseFieldSelector, parseLabelSelector } from './objects.mjs';
import { fail, notSimulated } from './util.mjs';

/** @typedef {{ kind: string, name?: string }} Target */

/**
 * Resolve `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` into [{kind, name?}].
 * @param {string[]} pos
 * @param {string[]} args the whole command line (for the error)
 * @returns {Target[]}
 */
export function targets(pos, args) {
  const [first] = pos;
  if (first === undefined) return [];
  /** @type {Target[]} */
  const res = [];
  if (first.includes('/')) {
    for (const p of pos) {
      const [t = '', n] = p.split('/');
      const k = resolveKind(t);
      if (!k || !n) return notSimulated('kubectl', args, `resource type "${t}"`);
      res.push({ kind: k, name: n });
    }
    return res;
  }
  const kinds = first.split(',').flatMap((t) => (t.toLowerCase() === 'all' ? ['Pod', 'Service', 'DaemonSet', 'Deployment'] : [resolveKind(t) || notSimulated('kubectl', args, `resource type "${t}"`)]));
  const names = pos.slice(1);
  if (!names.length) return kinds.map((kind) => ({ kind }));
  for (const kind of kinds) for (const name of names) res.push({ kind, name });
  return res;
}

/**
 * The objects of each kind that the namespace, -A, -l and --field-selector of a command select.
 * @param {import('./types.mjs').State} st
 * @param {import('./types.mjs').KubectlCall} c
 * @param {string[]} kinds
 */
export function selectObjects(st, c, kinds) {
  /** @type {import('./objects.mjs').Selector} */
  let labelSel, fieldSel;
  try { labelSel = parseLabelSelector(c.flags['-l']); fieldSel = parseFieldSelector(c.flags['--field-selector']); } catch (e) { fail(1, `error: ${e instanceof Error ? e.message : e}`); }
  return kinds.map((kind) => st.objects.filter((o) => o.kind === kind && (!KINDS[kind]?.ns || c.flags['-A'] || o.metadata.namespace === c.ns) && labelSel(o) && fieldSel(o)).sort(byNsName));
}
