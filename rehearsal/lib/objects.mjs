// @ts-check
// REHEARSAL toolbox: label and field selectors, derived views, lookups and cascading deletion of simulated objects.
import crypto from 'node:crypto';
import { KINDS, qualified, spawnPod } from './model.mjs';
import { clone, iso } from './util.mjs';
import { rt } from './runtime.mjs';

/** @typedef {import('./types.mjs').Obj} Obj */
/** @typedef {import('./types.mjs').State} State */
/** @typedef {(o: Obj) => boolean} Selector */

/**
 * A kubectl label selector: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma-joined.
 * @param {string | undefined} s
 * @returns {Selector}
 */
export function parseLabelSelector(s) {
  if (!s) return () => true;
  const parts = s.match(/([^,(]+(\([^)]*\))?)/g) || [];
  const tests = parts.map((part) => requirement(part.trim()));
  return (o) => tests.every((t) => t(o.metadata.labels || {}));
}

/**
 * @param {string} p one requirement of a label selector
 * @returns {(labels: Record<string, string>) => boolean}
 */
function requirement(p) {
  const set = p.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const vals = list.split(',').map((v) => v.trim());
    return (l) => (op === 'in') === vals.includes(l[key] ?? '\u0000');
  }
  const eq = p.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/);
  if (eq) {
    const [, key = '', op, value] = eq;
    return (l) => (op === '!=' ? l[key] !== value : l[key] === value);
  }
  const absent = p.match(/^!([\w./-]+)$/);
  if (absent) return (l) => !((absent[1] ?? '') in l);
  const present = p.match(/^([\w./-]+)$/);
  if (present) return (l) => (present[1] ?? '') in l;
  throw new Error(`unable to parse requirement: ${p}`);
}

/**
 * @param {string | undefined} s
 * @returns {Selector}
 */
export function parseFieldSelector(s) {
  if (!s) return () => true;
  const tests = s.split(',').map((p) => {
    const m = p.trim().match(/^([\w.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw new Error(`invalid selector: '${s}'; can't understand '${p}'`);
    return (/** @type {Obj} */ o) => { const v = String(getPath(o, m[1] ?? '') ?? ''); return m[2] === '!=' ? v !== m[3] : v === m[3]; };
  });
  return (o) => tests.every((t) => t(o));
}
/** @param {any} o @param {string} p dotted path */
export const getPath = (o, p) => p.split('.').reduce((a, k) => (a == null ? undefined : a[k]), o);

/** @param {Record<string, string> | undefined} labels */
export const selectorOf = (labels) => parseLabelSelector(Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`).join(','));
/**
 * The pods a Deployment, DaemonSet or Service selects.
 * @param {State} st
 * @param {Obj} o
 */
export function podsOf(st, o) {
  const sel = selectorOf(o.kind === 'Service' ? o.spec.selector : o.spec.selector.matchLabels);
  return st.objects.filter((p) => p.kind === 'Pod' && p.metadata.namespace === o.metadata.namespace && sel(p)).sort(byNsName);
}

/**
 * Objects with derived status (deployments/daemonsets count their pods).
 * @param {State} st
 * @param {Obj} o
 * @returns {Obj}
 */
export function view(st, o) {
  if (o.kind !== 'Deployment' && o.kind !== 'DaemonSet') return o;
  const n = podsOf(st, o).length;
  const v = clone(o);
  if (o.kind === 'Deployment') {
    v.status = { observedGeneration: 1, replicas: n, updatedReplicas: n, readyReplicas: n, availableReplicas: n,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] };
  } else {
    v.status = { currentNumberScheduled: n, desiredNumberScheduled: n, numberAvailable: n, numberReady: n, updatedNumberScheduled: n, numberMisscheduled: 0, observedGeneration: 1 };
  }
  return v;
}
/** @param {Obj} o */
export const sortKey = (o) => `${o.metadata.namespace || ''}\u0000${o.metadata.name}`;
/** @param {Obj} a @param {Obj} b */
export const byNsName = (a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0);

/**
 * Delete one object with kubectl's cascading; pods of controllers come back under a new name.
 * @param {State} st
 * @param {Obj} o
 */
export function deleteObject(st, o) {
  st.objects = st.objects.filter((x) => x !== o);
  const ns = o.metadata.namespace;
  if (o.kind === 'Deployment' || o.kind === 'DaemonSet') {
    const pods = podsOf(st, o);
    st.objects = st.objects.filter((p) => !pods.includes(p));
  } else if (o.kind === 'Namespace') {
    st.objects = st.objects.filter((x) => x.metadata.namespace !== o.metadata.name);
  } else if (o.kind === 'Pod') {
    const ref = o.metadata.ownerReferences?.[0];
    if (!ref) return;
    if (ref.kind === 'Node') { const p = clone(o); p.metadata.uid = crypto.randomUUID(); p.metadata.creationTimestamp = iso(rt.now); st.objects.push(p); return; }
    const owner = st.objects.find((x) => x.metadata.namespace === ns && ((ref.kind === 'ReplicaSet' && x.kind === 'Deployment' && ref.name.startsWith(`${x.metadata.name}-`)) || (ref.kind === 'DaemonSet' && x.kind === 'DaemonSet' && x.metadata.name === ref.name)));
    if (owner) spawnPod(st, owner, o.spec.nodeName, rt.now);
  }
}

/**
 * @param {State} st
 * @param {string} kind
 * @param {string} name
 * @param {string | undefined} [ns]
 */
export function findObj(st, kind, name, ns) {
  return st.objects.find((o) => o.kind === kind && o.metadata.name === name && (!KINDS[kind].ns || o.metadata.namespace === ns));
}
/** @param {string} kind @param {string} name */
export const notFound = (kind, name) => `Error from server (NotFound): ${qualified(kind, true)} "${name}" not found`;
