// @ts-check
// REHEARSAL toolbox: kubectl table printers per kind.
import { age } from './util.mjs';

/** @typedef {import('./types.mjs').Obj} Obj */
/** @typedef {(string | number)[]} Row */
/** @typedef {{ head: string[], row: (o: Obj) => Row, wide?: string[], wideRow?: (o: Obj) => Row }} Printer */

/** @param {Obj} p */
export const restartsCell = (p) => {
  const cs = p.status.containerStatuses?.[0];
  const n = cs?.restartCount || 0;
  const last = cs?.lastState?.terminated?.finishedAt;
  return n && last ? `${n} (${age(last)} ago)` : String(n);
};
/** @param {Obj} o */
export const labelsCell = (o) => Object.entries(o.metadata.labels || {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
/** @type {Record<string, Printer>} */
export const PRINTERS = {
  Pod: {
    head: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (p) => { const cs = p.status.containerStatuses || []; return [p.metadata.name, `${cs.filter((/** @type {{ ready: boolean }} */ c) => c.ready).length}/${p.spec.containers.length}`, p.status.phase, restartsCell(p), age(p.metadata.creationTimestamp)]; },
    wideRow: (p) => [p.status.podIP || '<none>', p.spec.nodeName || '<none>', '<none>', '<none>'],
  },
  Deployment: {
    head: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (d) => [d.metadata.name, `${d.status.readyReplicas}/${d.spec.replicas}`, d.status.updatedReplicas, d.status.availableReplicas, age(d.metadata.creationTimestamp)],
    wideRow: (d) => [d.spec.template.spec.containers.map((/** @type {{ name: string }} */ c) => c.name).join(','), d.spec.template.spec.containers.map((/** @type {{ image: string }} */ c) => c.image).join(','), Object.entries(d.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',')],
  },
  DaemonSet: {
    head: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (d) => [d.metadata.name, d.status.desiredNumberScheduled, d.status.currentNumberScheduled, d.status.numberReady, d.status.updatedNumberScheduled, d.status.numberAvailable, 'kubernetes.io/os=linux', age(d.metadata.creationTimestamp)],
    wideRow: (d) => [d.spec.template.spec.containers.map((/** @type {{ name: string }} */ c) => c.name).join(','), d.spec.template.spec.containers.map((/** @type {{ image: string }} */ c) => c.image).join(','), Object.entries(d.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',')],
  },
  ConfigMap: { head: ['NAME', 'DATA', 'AGE'], row: (o) => [o.metadata.name, Object.keys(o.data || {}).length, age(o.metadata.creationTimestamp)] },
  Secret: { head: ['NAME', 'TYPE', 'DATA', 'AGE'], row: (o) => [o.metadata.name, o.type || 'Opaque', Object.keys(o.data || {}).length, age(o.metadata.creationTimestamp)] },
  Service: {
    head: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'],
    row: (s) => [s.metadata.name, s.spec.type, s.spec.clusterIP, '<none>', s.spec.ports.map((/** @type {{ port: number, protocol: string }} */ p) => `${p.port}/${p.protocol}`).join(','), age(s.metadata.creationTimestamp)],
    wideRow: (s) => [Object.entries(s.spec.selector || {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
  },
  Node: {
    head: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (n) => [n.metadata.name, n.status.conditions.find((/** @type {{ type: string }} */ c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady',
      Object.keys(n.metadata.labels || {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).sort().join(',') || '<none>',
      age(n.metadata.creationTimestamp), n.status.nodeInfo.kubeletVersion],
    wideRow: (n) => [n.status.addresses.find((/** @type {{ type: string }} */ a) => a.type === 'InternalIP')?.address, '<none>', n.status.nodeInfo.osImage, n.status.nodeInfo.kernelVersion, n.status.nodeInfo.containerRuntimeVersion],
  },
  Namespace: { head: ['NAME', 'STATUS', 'AGE'], row: (o) => [o.metadata.name, o.status.phase, age(o.metadata.creationTimestamp)] },
  Machine: { head: ['NAME', 'TYPE', 'IP', 'STATUS', 'AGE'], row: (o) => [o.metadata.name, o.spec.type, o.spec.ip, o.status.phase, age(o.metadata.creationTimestamp)] },
  ArtifactVersion: { head: ['NAME', 'VERSION', 'PHASE', 'AGE'], row: (o) => [o.metadata.name, o.spec.version || o.spec.tag || '', o.status?.phase || '', age(o.metadata.creationTimestamp)] },
  ModuleInfo: { head: ['NAME', 'CLUSTER', 'MODULE', 'STATUS', 'VERSION', 'AGE'], row: (o) => [o.metadata.name, o.metadata.labels?.['cpaas.io/cluster-name'] || '', o.metadata.labels?.['cpaas.io/module-name'] || '', o.status?.phase || '', o.status?.version || '', age(o.metadata.creationTimestamp)] },
  ProductBase: { head: ['NAME', 'VERSION', 'AGE'], row: (o) => [o.metadata.name, o.status?.version || o.spec?.version || '', age(o.metadata.creationTimestamp)] },
};
