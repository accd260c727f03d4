// @ts-check
// REHEARSAL toolbox: kinds, versions and the object builders of the simulated platform.
import crypto from 'node:crypto';
import { hashOf, iso, rand } from './util.mjs';

/** @typedef {import('./types.mjs').Obj} Obj */
/** @typedef {import('./types.mjs').State} State */
/** @typedef {Record<string, string>} Labels */

/** Platform version per release. @type {Record<string, string>} */
export const PLATFORM = { '3.16': '3.16.3', '3.18': '3.18.2', '4.0': '4.0.4', '4.1': '4.1.1' };
/** Kubernetes version per release. @type {Record<string, string>} */
export const KUBE = { '3.16': 'v1.28.13', '3.18': 'v1.28.15', '4.0': 'v1.31.6', '4.1': 'v1.32.4' };
export const ETCD_SYNC_NS = 'cpaas-system';
export const HELM_NS = 'default'; // where the 3.16 helm release "etcd-sync" lives
export const MIRROR_CM = ['etcd-sync-env', 'etcd-sync-ignore-text'];
export const MIRROR_SECRETS = ['etcd-master-mirror-cert', 'etcd-slave-mirror-cert'];
export const TOPOLVM_ARTIFACT = 'operatorhub-topolvm-operator';
/** The TopoLVM operator's version per platform release (its ArtifactVersion is `TOPOLVM_ARTIFACT.TAG`). @type {Record<string, string>} */
export const TOPOLVM_TAG = { '3.16': 'v3.16.2', '3.18': 'v3.18.1', '4.0': 'v4.0.3', '4.1': 'v4.1.2' };

/** @type {Record<string, { names: string[], group: string, version: string, ns: boolean }>} */
export const KINDS = {
  Pod: { names: ['pods', 'pod', 'po'], group: '', version: 'v1', ns: true },
  Deployment: { names: ['deployments', 'deployment', 'deploy'], group: 'apps', version: 'v1', ns: true },
  DaemonSet: { names: ['daemonsets', 'daemonset', 'ds'], group: 'apps', version: 'v1', ns: true },
  ConfigMap: { names: ['configmaps', 'configmap', 'cm'], group: '', version: 'v1', ns: true },
  Secret: { names: ['secrets', 'secret'], group: '', version: 'v1', ns: true },
  Service: { names: ['services', 'service', 'svc'], group: '', version: 'v1', ns: true },
  Node: { names: ['nodes', 'node', 'no'], group: '', version: 'v1', ns: false },
  Namespace: { names: ['namespaces', 'namespace', 'ns'], group: '', version: 'v1', ns: false },
  Machine: { names: ['machines', 'machine'], group: 'platform.tkestack.io', version: 'v1', ns: false },
  ArtifactVersion: { names: ['artifactversions', 'artifactversion'], group: 'app.alauda.io', version: 'v1alpha1', ns: true },
  ModuleInfo: { names: ['moduleinfoes', 'moduleinfo', 'minfo'], group: 'cluster.alauda.io', version: 'v1alpha1', ns: false },
  ProductBase: { names: ['productbases', 'productbase'], group: 'product.alauda.io', version: 'v1alpha2', ns: false },
};
/** @param {string} k */
export const plural = (k) => KINDS[k].names[0];
/** @param {string} k kind @param {boolean} [p] plural */
export const qualified = (k, p = false) => (p ? plural(k) : k.toLowerCase()) + (KINDS[k].group ? `.${KINDS[k].group}` : '');
/** @param {string} k */
export const apiVersionOf = (k) => (KINDS[k].group ? `${KINDS[k].group}/` : '') + KINDS[k].version;
/** The kind a kubectl resource word names, or null. @param {string} word */
export function resolveKind(word) {
  const w = word.toLowerCase();
  for (const [k, d] of Object.entries(KINDS)) {
    for (const n of d.names) if (w === n || (d.group && w === `${n}.${d.group}`) || (d.group && w === `${n}.${d.version}.${d.group}`)) return k;
  }
  return null;
}

/**
 * @param {string} name
 * @param {string | null | undefined} ns
 * @param {Labels | null | undefined} labels
 * @param {number} createdMs
 * @param {Partial<import('./types.mjs').Meta>} [extra]
 * @returns {import('./types.mjs').Meta}
 */
export function makeMeta(name, ns, labels, createdMs, extra = {}) {
  /** @type {import('./types.mjs').Meta} */
  const m = { name, creationTimestamp: '' };
  if (ns) m.namespace = ns;
  m.uid = crypto.randomUUID();
  m.creationTimestamp = iso(createdMs);
  if (labels && Object.keys(labels).length) m.labels = labels;
  return Object.assign(m, extra);
}
/**
 * @param {string} kind
 * @param {string} name
 * @param {string | null | undefined} ns
 * @param {Labels | null | undefined} labels
 * @param {number} createdMs
 * @param {Record<string, any>} [body]
 * @param {Partial<import('./types.mjs').Meta>} [extraMeta]
 * @returns {Obj}
 */
export function obj(kind, name, ns, labels, createdMs, body = {}, extraMeta = {}) {
  return { apiVersion: apiVersionOf(kind), kind, metadata: makeMeta(name, KINDS[kind].ns ? ns : undefined, labels, createdMs, extraMeta), ...body };
}

/**
 * @param {{ name: string, ns: string | undefined, labels: Labels, node: string, hostIP: string, podIP: string, image: string, createdMs: number, owner?: { apiVersion: string, kind: string, name: string }, container?: string }} p
 * @returns {Obj}
 */
export function podObj({ name, ns, labels, node, hostIP, podIP, image, createdMs, owner, container = 'main' }) {
  const started = iso(createdMs + 4000);
  const extra = owner ? { ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: crypto.randomUUID(), controller: true, blockOwnerDeletion: true }] } : {};
  return obj('Pod', name, ns, labels, createdMs, {
    spec: { nodeName: node, containers: [{ name: container, image }], restartPolicy: 'Always' },
    status: {
      phase: 'Running', hostIP, podIP, startTime: iso(createdMs + 1000),
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: started })),
      containerStatuses: [{ name: container, image, ready: true, started: true, restartCount: 0, state: { running: { startedAt: started } } }],
    },
  }, extra);
}

/** A stable-looking pod IP in 10.3.0.0/16. @param {string} seed */
export function ipFor(seed) {
  const h = crypto.createHash('md5').update(seed).digest();
  return `10.3.${h[0]}.${(h[1] % 250) + 2}`;
}

/**
 * Add a Deployment (or DaemonSet) with its pods.
 * @param {State} st
 * @param {{ kind?: string, name: string, ns: string, labels: Labels, replicas?: number, image: string, createdMs: number, meta?: { labels?: Labels, annotations?: Labels }, nodes?: string[] }} w
 */
export function addWorkload(st, { kind = 'Deployment', name, ns, labels, replicas = 1, image, createdMs, meta = {}, nodes }) {
  const sel = labels;
  const d = obj(kind, name, ns, { ...labels, ...(meta.labels || {}) }, createdMs, {
    spec: {
      ...(kind === 'Deployment' ? { replicas } : {}),
      selector: { matchLabels: sel },
      template: { metadata: { labels: sel }, spec: { containers: [{ name, image }] } },
    },
    status: {},
  }, { annotations: { ...(kind === 'Deployment' ? { 'deployment.kubernetes.io/revision': '1' } : {}), ...(meta.annotations || {}) } });
  st.objects.push(d);
  const targets = kind === 'DaemonSet' ? (nodes || st.cluster.nodes) : (nodes || st.cluster.nodes).slice(0, replicas);
  for (let i = 0; i < targets.length; i++) spawnPod(st, d, targets[i % targets.length], createdMs + 5000 + i * 1000);
  return d;
}
/**
 * A new pod of a Deployment or DaemonSet on a node.
 * @param {State} st
 * @param {Obj} owner
 * @param {string} node
 * @param {number} createdMs
 */
export function spawnPod(st, owner, node, createdMs) {
  const ns = owner.metadata.namespace;
  const image = owner.spec.template.spec.containers[0].image;
  let name, ref;
  if (owner.kind === 'Deployment') {
    const rs = `${owner.metadata.name}-${hashOf(owner.metadata.uid + (owner.metadata.annotations?.['deployment.kubernetes.io/revision'] || '1'), 10)}`;
    name = `${rs}-${rand(5)}`;
    ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs };
  } else {
    name = `${owner.metadata.name}-${rand(5)}`;
    ref = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: owner.metadata.name };
  }
  /** @type {Labels} */
  const labels = { ...owner.spec.template.metadata.labels };
  if (owner.kind === 'Deployment') labels['pod-template-hash'] = ref.name.slice(owner.metadata.name.length + 1);
  const nodeIP = node;
  const p = podObj({ name, ns, labels, node, hostIP: nodeIP, podIP: owner.kind === 'DaemonSet' ? nodeIP : ipFor(name), image, createdMs, owner: ref, container: owner.metadata.name });
  st.objects.push(p);
  return p;
}

/**
 * @param {State} st
 * @param {string} component
 * @param {string} node
 * @param {string} image
 * @param {number} createdMs
 */
export function staticPod(st, component, node, image, createdMs) {
  st.objects.push(podObj({
    name: `${component}-${node}`, ns: 'kube-system', labels: { component, tier: 'control-plane' }, node, hostIP: node, podIP: node,
    image, createdMs, owner: { apiVersion: 'v1', kind: 'Node', name: node }, container: component,
  }));
}

/**
 * @param {State} st
 * @param {string} ip
 * @param {string} role
 * @param {number} createdMs
 */
export function nodeObj(st, ip, role, createdMs) {
  /** @type {Labels} */
  const labels = { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': ip, 'kubernetes.io/os': 'linux' };
  if (role === 'control-plane') labels['node-role.kubernetes.io/control-plane'] = '';
  else labels['node-role.kubernetes.io/worker'] = '';
  return obj('Node', ip, null, labels, createdMs, {
    spec: { podCIDR: '10.3.0.0/24' },
    status: {
      addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: ip }],
      capacity: { cpu: '16', memory: '65759652Ki', pods: '256' },
      allocatable: { cpu: '15600m', memory: '64133540Ki', pods: '256' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      nodeInfo: {
        architecture: 'amd64', operatingSystem: 'linux', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-105-generic',
        containerRuntimeVersion: 'containerd://1.7.13', kubeletVersion: st.kube.gitVersion, kubeProxyVersion: st.kube.gitVersion,
      },
    },
  });
}

/** @param {State} st @param {string} repo @param {string} tag */
export const IMG = (st, repo, tag) => `${st.cluster.registry}/${repo}:${tag}`;

/**
 * The TopoLVM migration ModuleInfo of one cluster (kept on the global cluster).
 * @param {string} cluster
 * @param {string} ver platform version, `v4.0.4`
 * @param {number} createdMs
 */
export function topolvmMigrationRecord(cluster, ver, createdMs) {
  return obj('ModuleInfo', `${cluster}-topolvm-migrate-catalog-updater`, null, { 'cpaas.io/cluster-name': cluster, 'cpaas.io/module-name': 'topolvm-migrate-catalog-updater' }, createdMs, {
    spec: { version: ver }, status: { phase: 'Running', version: ver },
  });
}
