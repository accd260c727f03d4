// REHEARSAL toolbox: one simulated ACP platform behind kubectl, helm3, curl, df, violet and the
// package's upgrade.sh. Node stdlib only. State: $RUNBOOK_REHEARSAL_DIR/sim-state.json, replaced
// atomically (temp + rename) under a small mkdir lock. See rehearsal/README.md for the model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENV = process.env;
const SB = ENV.RUNBOOK_REHEARSAL_DIR || '';
const STEP = ENV.RUNBOOK_STEP || '';
const FAST = ENV.RUNBOOK_REHEARSAL_FAST === '1';
const NOW = Date.now();

// ---------------------------------------------------------------------------------------------
// small helpers

class Exit extends Error {
  constructor(code) { super(`exit ${code}`); this.code = code; }
}
const out = (s) => { if (s) process.stdout.write(s); };
const err = (s) => { if (s) process.stderr.write(s); };
const line = (s) => (s.endsWith('\n') ? s : `${s}\n`);
function fail(code, msg) { if (msg) err(line(msg)); throw new Exit(code); }
const SECRET_FLAGS = new Set(['--password', '--platform-password', '--registry-password']);
function maskArgs(args) {
  const r = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    if (eq > 0 && SECRET_FLAGS.has(a.slice(0, eq))) r.push(`${a.slice(0, eq)}=***`);
    else if (SECRET_FLAGS.has(a) && i + 1 < args.length) { r.push(a, '***'); i++; }
    else r.push(a);
  }
  return r;
}
const shq = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const cmdline = (tool, args) => [tool, ...maskArgs(args)].map(shq).join(' ');
function notSimulated(tool, args, why) {
  fail(1, `rehearsal: ${cmdline(tool, args)}: not simulated${why ? ` (${why})` : ''}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, FAST ? 0 : ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
function rand(n) {
  const b = crypto.randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[b[i] % ALNUM.length];
  return s;
}
function hashOf(s, n) {
  const h = crypto.createHash('sha1').update(s).digest();
  let r = '';
  for (let i = 0; i < n; i++) r += ALNUM[h[i] % ALNUM.length];
  return r;
}
const truthy = (v) => /^(true|1|yes|on)$/i.test(String(v ?? '').trim());
const clone = (o) => JSON.parse(JSON.stringify(o));

/** kubectl's HumanDuration. */
function age(fromIso, now = NOW) {
  const s = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const m = Math.floor(s / 60), h = Math.floor(s / 3600), d = Math.floor(h / 24), y = Math.floor(d / 365);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  if (d < 730) return `${d}d`;
  if (y < 8) return d % 365 ? `${y}y${d % 365}d` : `${y}y`;
  return `${y}y`;
}

/** kubectl-style table: columns padded with 3 spaces, no trailing blanks. */
function table(rows) {
  const w = [];
  for (const r of rows) r.forEach((c, i) => { w[i] = Math.max(w[i] || 0, String(c).length); });
  return rows.map((r) => r.map((c, i) => String(c).padEnd(i === r.length - 1 ? 0 : w[i])).join('   ').replace(/\s+$/, '')).join('\n') + (rows.length ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------
// state: load / lock / save

const statePath = () => path.join(SB, 'sim-state.json');
function readState() {
  let raw;
  try { raw = fs.readFileSync(statePath(), 'utf8'); } catch (e) {
    if (e.code === 'ENOENT') fail(2, `rehearsal: no simulated platform in ${SB} (sim-state.json is missing): rehearsal/setup must run first`);
    throw e;
  }
  return { raw, st: JSON.parse(raw) };
}
function writeState(st) {
  const f = statePath();
  const tmp = `${f}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(st));
  fs.renameSync(tmp, f);
}
function lock() {
  const dir = path.join(SB, '.sim-lock');
  const t0 = Date.now();
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try { fs.mkdirSync(dir); return () => { try { fs.rmdirSync(dir); } catch { /* gone */ } }; } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    try { if (Date.now() - fs.statSync(dir).mtimeMs > 10000) { fs.rmdirSync(dir); continue; } } catch { continue; }
    if (Date.now() - t0 > 20000) fail(1, `rehearsal: the simulated state in ${SB} stays locked (.sim-lock)`);
    Atomics.wait(wait, 0, 0, 5);
  }
}
/** Run fn(state) under the lock; save when it changed the state (also when fn exits with an error). */
function transact(fn) {
  const unlock = lock();
  try {
    const { raw, st } = readState();
    try { return fn(st); } finally { const now = JSON.stringify(st); if (now !== raw) writeState(st); }
  } finally { unlock(); }
}

// ---------------------------------------------------------------------------------------------
// versions and the platform model

const PLATFORM = { '3.16': '3.16.3', '3.18': '3.18.2', '4.0': '4.0.4', '4.1': '4.1.1' };
const KUBE = { '3.16': 'v1.28.13', '3.18': 'v1.28.15', '4.0': 'v1.31.6', '4.1': 'v1.32.4' };
const ETCD_SYNC_NS = 'cpaas-system';
const HELM_NS = 'default'; // where the 3.16 helm release "etcd-sync" lives
const MIRROR_CM = ['etcd-sync-env', 'etcd-sync-ignore-text'];
const MIRROR_SECRETS = ['etcd-master-mirror-cert', 'etcd-slave-mirror-cert'];
const TOPOLVM_ARTIFACT = 'operatorhub-topolvm-operator';

const KINDS = {
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
const plural = (k) => KINDS[k].names[0];
const qualified = (k, p = false) => (p ? plural(k) : k.toLowerCase()) + (KINDS[k].group ? `.${KINDS[k].group}` : '');
const apiVersionOf = (k) => (KINDS[k].group ? `${KINDS[k].group}/` : '') + KINDS[k].version;
function resolveKind(word) {
  const w = word.toLowerCase();
  for (const [k, d] of Object.entries(KINDS)) {
    for (const n of d.names) if (w === n || (d.group && w === `${n}.${d.group}`) || (d.group && w === `${n}.${d.version}.${d.group}`)) return k;
  }
  return null;
}

function makeMeta(name, ns, labels, createdMs, extra = {}) {
  const m = { name };
  if (ns) m.namespace = ns;
  m.uid = crypto.randomUUID();
  m.creationTimestamp = iso(createdMs);
  if (labels && Object.keys(labels).length) m.labels = labels;
  return Object.assign(m, extra);
}
function obj(kind, name, ns, labels, createdMs, body = {}, extraMeta = {}) {
  return { apiVersion: apiVersionOf(kind), kind, metadata: makeMeta(name, KINDS[kind].ns ? ns : undefined, labels, createdMs, extraMeta), ...body };
}

function podObj({ name, ns, labels, node, hostIP, podIP, image, createdMs, owner, container = 'main' }) {
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

function ipFor(seed) { // stable-looking pod IP in 10.3.0.0/16
  const h = crypto.createHash('md5').update(seed).digest();
  return `10.3.${h[0]}.${(h[1] % 250) + 2}`;
}

/** Add a Deployment (or DaemonSet) with its pods. */
function addWorkload(st, { kind = 'Deployment', name, ns, labels, replicas = 1, image, createdMs, meta = {}, nodes }) {
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
function spawnPod(st, owner, node, createdMs) {
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
  const labels = { ...owner.spec.template.metadata.labels };
  if (owner.kind === 'Deployment') labels['pod-template-hash'] = ref.name.slice(owner.metadata.name.length + 1);
  const nodeIP = node;
  const p = podObj({ name, ns, labels, node, hostIP: nodeIP, podIP: owner.kind === 'DaemonSet' ? nodeIP : ipFor(name), image, createdMs, owner: ref, container: owner.metadata.name });
  st.objects.push(p);
  return p;
}

function staticPod(st, component, node, image, createdMs) {
  st.objects.push(podObj({
    name: `${component}-${node}`, ns: 'kube-system', labels: { component, tier: 'control-plane' }, node, hostIP: node, podIP: node,
    image, createdMs, owner: { apiVersion: 'v1', kind: 'Node', name: node }, container: component,
  }));
}

function nodeObj(st, ip, role, createdMs) {
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

const IMG = (st, repo, tag) => `${st.cluster.registry}/${repo}:${tag}`;

/** The initial state, from the runbook params in the environment. */
function initialState() {
  const fromRaw = (ENV.FROM || '3.18').trim();
  const from = (fromRaw.match(/^(\d+\.\d+)/) || [])[1] || '3.18';
  let to = (ENV.TO || ENV.TARGET || '').trim().match(/^(\d+\.\d+)/)?.[1];
  if (!to || !PLATFORM[to]) to = from === '4.0' ? '4.1' : '4.0';
  // a workload cluster: CLUSTER_NAME other than global, or CLUSTER_TYPE (a param only workload runbooks have)
  const clusterName = (ENV.CLUSTER_NAME || '').trim() || (ENV.CLUSTER_TYPE ? 'business-1' : 'global');
  const isGlobal = clusterName === 'global';
  const dr = isGlobal && truthy(ENV.DR);
  const role = dr ? (/^standby$/i.test((ENV.DR_CLUSTER || '').trim()) ? 'standby' : 'primary') : null;
  const external = isGlobal && (ENV.REGISTRY === 'external' || (!ENV.REGISTRY && !!ENV.REGISTRY_ADDRESS));
  const standbyVip = (ENV.STANDBY_VIP || '').trim();
  const ipv4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/;
  const net = role === 'standby' ? (standbyVip.match(ipv4)?.[1] || '192.168.30') : isGlobal ? '192.168.10' : '192.168.20';
  const vip = role === 'standby' && ipv4.test(standbyVip) ? standbyVip : `${net}.10`;
  const kubeVersion = (ENV.RUNBOOK_REHEARSAL_KUBE_VERSION || KUBE[from] || KUBE['3.18']).trim();
  const st = {
    schema: 1,
    createdAt: iso(NOW),
    params: { from, to, dr, role, topolvm: truthy(ENV.TOPOLVM), clusterName, registry: external ? 'external' : 'builtin', registryAddress: external ? (ENV.REGISTRY_ADDRESS || '') : '' },
    platform: { version: PLATFORM[from] || fromRaw, target: PLATFORM[to] },
    kube: { gitVersion: kubeVersion, target: KUBE[to] },
    cluster: {
      name: clusterName, global: isGlobal, vip, apiserver: `${vip}:6443`,
      registry: external ? (ENV.REGISTRY_ADDRESS || 'registry.example.internal:5000') : `${vip}:11443`,
      nodes: [`${net}.11`, `${net}.12`, `${net}.13`],
      workers: isGlobal ? [] : [`${net}.21`, `${net}.22`],
    },
    images: { syncedTo: [] },
    upgrade: { runs: 0, completedAt: null, stepId: null },
    // managedBy: helm (3.16 primary: helm3 del), plugin (3.18 primary: console uninstall), remote (standby: the primary's run removes it)
    etcdSync: dr ? { managedBy: role === 'standby' ? 'remote' : from === '3.16' ? 'helm' : 'plugin', removedAt: null, removedBy: null, reinstalledAt: null, machinesStep: null } : null,
    helm: [],
    objects: [],
    injected: {},
  };
  const t0 = NOW - 400 * 86400e3; // the cluster was installed 400 days ago
  const tUp = NOW - 57 * 86400e3; // last platform upgrade
  const ver = `v${st.platform.version}`;
  for (const n of [...st.cluster.nodes, ...st.cluster.workers]) st.objects.push(nodeObj(st, n, st.cluster.nodes.includes(n) ? 'control-plane' : 'worker', t0));
  const allNodes = [...st.cluster.nodes, ...st.cluster.workers];
  const nss = ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'cpaas-system'];
  for (const ns of nss) st.objects.push(obj('Namespace', ns, null, { 'kubernetes.io/metadata.name': ns }, t0, { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }));
  for (const ns of nss) st.objects.push(obj('ConfigMap', 'kube-root-ca.crt', ns, {}, t0, { data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n' } }));
  st.objects.push(obj('Service', 'kubernetes', 'default', { component: 'apiserver', provider: 'kubernetes' }, t0, {
    spec: { type: 'ClusterIP', clusterIP: '10.4.0.1', clusterIPs: ['10.4.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }, status: { loadBalancer: {} },
  }));
  st.objects.push(obj('Service', 'kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }, t0, {
    spec: { type: 'ClusterIP', clusterIP: '10.4.0.10', clusterIPs: ['10.4.0.10'], ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }], selector: { 'k8s-app': 'kube-dns' } }, status: { loadBalancer: {} },
  }));
  for (const n of st.cluster.nodes) {
    staticPod(st, 'etcd', n, IMG(st, 'tkestack/etcd', 'v3.5.13'), tUp);
    for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) staticPod(st, c, n, IMG(st, `tkestack/${c}`, st.kube.gitVersion), tUp);
  }
  addWorkload(st, { name: 'coredns', ns: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, replicas: 2, image: IMG(st, 'tkestack/coredns', '1.11.1'), createdMs: tUp });
  addWorkload(st, { kind: 'DaemonSet', name: 'kube-ovn-cni', ns: 'kube-system', labels: { app: 'kube-ovn-cni' }, image: IMG(st, 'acp/kube-ovn', 'v1.12.22'), createdMs: tUp, nodes: allNodes });
  addWorkload(st, { kind: 'DaemonSet', name: 'kube-proxy', ns: 'kube-system', labels: { 'k8s-app': 'kube-proxy' }, image: IMG(st, 'tkestack/kube-proxy', st.kube.gitVersion), createdMs: tUp, nodes: allNodes });
  addWorkload(st, { name: 'kube-ovn-controller', ns: 'kube-system', labels: { app: 'kube-ovn-controller' }, replicas: 1, image: IMG(st, 'acp/kube-ovn', 'v1.12.22'), createdMs: tUp });
  const cpaas = isGlobal ? ['apollo', 'archon', 'captain', 'courier-api', 'minio'] : ['alb-operator', 'captain', 'cluster-transformer'];
  for (const c of cpaas) addWorkload(st, { name: c, ns: 'cpaas-system', labels: { 'service_name': c }, replicas: 1, image: IMG(st, `acp/${c}`, ver), createdMs: tUp });
  if (isGlobal) {
    st.cluster.nodes.forEach((ip, i) => st.objects.push(obj('Machine', `mc-${hashOf(ip, 8)}`, null, { 'platform.tkestack.io/cluster-name': 'global' }, t0 + i * 60e3, {
      spec: { clusterName: 'global', type: 'Baremetal', ip, port: 22, username: 'root' },
      status: { phase: 'Running', conditions: [{ type: 'EnsureKubeadmInit', status: 'True' }] },
    })));
    st.objects.push(obj('ProductBase', 'base', null, {}, t0, {
      spec: { version: st.platform.version, alternativeURLs: dr ? [`https://${vip}`] : [] }, // the cluster's own VIP (the standby check wants it)
      status: { version: st.platform.version, phase: 'Running' },
    }));
  }
  if (st.params.topolvm) {
    // TopoLVM operator artifact versions (the operator's own versions; 4.1.x is the one the seed backs up).
    for (const [tag, created] of [['v3.18.1', tUp], ['v4.1.2', NOW - 12 * 86400e3]]) {
      st.objects.push(obj('ArtifactVersion', `${TOPOLVM_ARTIFACT}.${tag}`, 'cpaas-system', { 'cpaas.io/artifact-version': TOPOLVM_ARTIFACT }, created, {
        spec: { artifact: TOPOLVM_ARTIFACT, tag, version: tag }, status: { phase: 'Present' },
      }));
    }
    st.objects.push(obj('ModuleInfo', `${clusterName}-topolvm-migrate-catalog-updater`, null, { 'cpaas.io/cluster-name': clusterName, 'cpaas.io/module-name': 'topolvm-migrate-catalog-updater' }, tUp, {
      spec: { version: ver }, status: { phase: 'Running', version: ver },
    }));
  }
  if (dr) installEtcdSync(st, st.etcdSync.managedBy === 'helm' ? 'helm' : 'plugin', tUp, ver);
  return st;
}

/** The etcd sync plugin of a global DR pair: 3.16 = helm release + etcd-mirror pieces, later = cluster plugin. */
function installEtcdSync(st, managedBy, createdMs, ver) {
  const ann = managedBy === 'helm' ? { 'meta.helm.sh/release-name': 'etcd-sync', 'meta.helm.sh/release-namespace': HELM_NS } : undefined;
  const owner = managedBy === 'helm' ? { 'app.kubernetes.io/managed-by': 'Helm' } : { 'cpaas.io/module-name': 'etcd-sync' };
  addWorkload(st, { name: 'etcd-sync', ns: ETCD_SYNC_NS, labels: { app: 'etcd-sync' }, replicas: 1, image: IMG(st, 'acp/etcd-sync', ver), createdMs, meta: { labels: owner, annotations: ann } });
  const ip = `10.4.${(createdMs / 1000) % 200 | 0}.${((createdMs / 7) % 250 | 0) + 2}`;
  st.objects.push(obj('Service', 'etcd-sync-monitor', ETCD_SYNC_NS, { app: 'etcd-sync', ...owner }, createdMs, {
    spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'etcd-sync' } },
    status: { loadBalancer: {} },
  }, ann ? { annotations: ann } : {}));
  if (managedBy === 'helm') {
    st.helm.push({ name: 'etcd-sync', namespace: HELM_NS, revision: 1, updated: iso(createdMs), status: 'deployed', chart: `etcd-sync-${ver}`, appVersion: ver });
    addWorkload(st, { name: 'etcd-mirror-etcd-mirror', ns: 'kube-system', labels: { app: 'etcd-mirror' }, replicas: 1, image: IMG(st, 'acp/etcd-mirror', ver), createdMs });
    for (const n of MIRROR_CM) st.objects.push(obj('ConfigMap', n, 'kube-system', { app: 'etcd-sync' }, createdMs, { data: { [n === 'etcd-sync-env' ? 'env' : 'ignore']: n === 'etcd-sync-env' ? 'REMOTE_ETCD=https://192.168.30.10:2379\n' : '/registry/events\n' } }));
    for (const n of MIRROR_SECRETS) st.objects.push(obj('Secret', n, 'kube-system', { app: 'etcd-sync' }, createdMs, { type: 'kubernetes.io/tls', data: { 'tls.crt': 'LS0tLS1CRUdJTi...', 'tls.key': 'LS0tLS1CRUdJTi...', 'ca.crt': 'LS0tLS1CRUdJTi...' } }));
  } else {
    st.objects.push(obj('ModuleInfo', `${st.cluster.name}-etcd-sync`, null, { 'cpaas.io/cluster-name': st.cluster.name, 'cpaas.io/module-name': 'etcd-sync' }, createdMs, {
      spec: { version: ver }, status: { phase: 'Running', version: ver },
    }));
  }
}

/** Remove everything the console uninstall of the etcd sync cluster plugin removes. */
function uninstallEtcdSyncPlugin(st) {
  const gone = (o) => o.metadata.labels?.['cpaas.io/module-name'] === 'etcd-sync'
    || (o.kind === 'Pod' && o.metadata.namespace === ETCD_SYNC_NS && o.metadata.labels?.app === 'etcd-sync');
  st.objects = st.objects.filter((o) => !gone(o));
}

function etcdSyncPresent(st) {
  return st.objects.some((o) => o.kind === 'Deployment' && o.metadata.namespace === ETCD_SYNC_NS && o.metadata.name === 'etcd-sync');
}

// ---------------------------------------------------------------------------------------------
// rules that stand in for what operators do in the web console (see README "Console steps")

function settle(st, ctx) {
  const es = st.etcdSync;
  if (!es) return;
  if (ctx.tool === 'kubectl' && es.machinesStep === null && ctx.args.includes('get') && ctx.args.some((a) => /^machines?(\.platform\.tkestack\.io)?$/i.test(a))) {
    es.machinesStep = STEP || '(none)';
  }
  // R1: console uninstall (from 3.18/4.0) happened once a later step runs after the Machine check,
  // or at the latest before upgrade.sh runs.
  if (es.managedBy !== 'helm' && !es.removedAt && etcdSyncPresent(st)) {
    const afterMachines = es.machinesStep !== null && STEP && STEP !== es.machinesStep;
    if (afterMachines || ctx.tool === 'upgrade.sh') {
      uninstallEtcdSyncPlugin(st);
      es.removedAt = iso(NOW);
      es.removedBy = es.managedBy === 'plugin' ? 'web console (simulated)' : 'the primary cluster run (simulated)';
    }
  }
  // R2: console reinstall happened once etcd-sync is looked at after the upgrade.
  if (es.removedAt && !etcdSyncPresent(st) && st.upgrade.completedAt && ctx.touchesEtcdSync) {
    installEtcdSync(st, 'plugin', NOW - 95e3, `v${st.platform.version}`);
    es.reinstalledAt = iso(NOW);
  }
}

function injectedFailure(st, tool, args) {
  const list = (ENV.RUNBOOK_REHEARSE_FAIL || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!STEP || !list.includes(STEP) || st.injected[STEP]) return null;
  st.injected[STEP] = { at: iso(NOW), command: cmdline(tool, args) };
  const api = st.cluster.apiserver;
  const msg = {
    kubectl: `The connection to the server ${api} was refused - did you specify the right host or port?`,
    helm3: `Error: Kubernetes cluster unreachable: Get "https://${api}/version": dial tcp ${api}: connect: connection refused`,
    curl: `curl: (7) Failed to connect to ${st.cluster.vip} port 80 after 3 ms: Couldn't connect to server`,
    df: `df: ${args.filter((a) => !a.startsWith('-')).pop() || '/'}: Input/output error`,
    violet: `Error: failed to login to the platform: Post "https://${st.cluster.vip}/console-acp/api/v1/token/login": dial tcp ${st.cluster.vip}:443: i/o timeout`,
    'upgrade.sh': `[ERROR] failed to connect to the global cluster: The connection to the server ${api} was refused`,
  }[tool] || `${tool}: connection refused`;
  return `${msg}\n[REHEARSAL] failure injected by RUNBOOK_REHEARSE_FAIL for step "${STEP}" (once; a retry succeeds)`;
}

function logCommand(tool, args) {
  try { fs.appendFileSync(path.join(SB, 'sim-commands.log'), `${iso(NOW)}\t${STEP || '-'}\t${cmdline(tool, args)}\n`); } catch { /* best effort */ }
}

/** Common prelude of every simulated command: log, console rules, injected failure. */
function prelude(st, tool, args, touchesEtcdSync = false) {
  logCommand(tool, args);
  settle(st, { tool, args, touchesEtcdSync });
  const inj = injectedFailure(st, tool, args);
  if (inj) fail(1, inj);
}

// ---------------------------------------------------------------------------------------------
// selectors, objects views

function parseLabelSelector(s) {
  if (!s) return () => true;
  const parts = s.match(/([^,(]+(\([^)]*\))?)/g) || [];
  const tests = parts.map((p) => {
    p = p.trim();
    let m;
    if ((m = p.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const vals = m[3].split(',').map((v) => v.trim());
      return (l) => (m[2] === 'in' ? vals.includes(l[m[1]]) : !vals.includes(l[m[1]]));
    }
    if ((m = p.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/))) return (l) => (m[2] === '!=' ? l[m[1]] !== m[3] : l[m[1]] === m[3]);
    if ((m = p.match(/^!([\w./-]+)$/))) return (l) => !(m[1] in l);
    if ((m = p.match(/^([\w./-]+)$/))) return (l) => m[1] in l;
    throw new Error(`unable to parse requirement: ${p}`);
  });
  return (o) => tests.every((t) => t(o.metadata.labels || {}));
}
function parseFieldSelector(s) {
  if (!s) return () => true;
  const tests = s.split(',').map((p) => {
    const m = p.trim().match(/^([\w.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw new Error(`invalid selector: '${s}'; can't understand '${p}'`);
    return (o) => { const v = String(getPath(o, m[1]) ?? ''); return m[2] === '!=' ? v !== m[3] : v === m[3]; };
  });
  return (o) => tests.every((t) => t(o));
}
const getPath = (o, p) => p.split('.').reduce((a, k) => (a == null ? undefined : a[k]), o);

const selectorOf = (labels) => parseLabelSelector(Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`).join(','));
/** The pods a Deployment, DaemonSet or Service selects. */
function podsOf(st, o) {
  const sel = selectorOf(o.kind === 'Service' ? o.spec.selector : o.spec.selector.matchLabels);
  return st.objects.filter((p) => p.kind === 'Pod' && p.metadata.namespace === o.metadata.namespace && sel(p)).sort(byNsName);
}

/** Objects with derived status (deployments/daemonsets count their pods). */
function view(st, o) {
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
const sortKey = (o) => `${o.metadata.namespace || ''}\u0000${o.metadata.name}`;
const byNsName = (a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0);

/** Delete one object with kubectl's cascading; pods of controllers come back under a new name. */
function deleteObject(st, o) {
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
    if (ref.kind === 'Node') { const p = clone(o); p.metadata.uid = crypto.randomUUID(); p.metadata.creationTimestamp = iso(NOW); st.objects.push(p); return; }
    const owner = st.objects.find((x) => x.metadata.namespace === ns && ((ref.kind === 'ReplicaSet' && x.kind === 'Deployment' && ref.name.startsWith(`${x.metadata.name}-`)) || (ref.kind === 'DaemonSet' && x.kind === 'DaemonSet' && x.metadata.name === ref.name)));
    if (owner) spawnPod(st, owner, o.spec.nodeName, NOW);
  }
}

// ---------------------------------------------------------------------------------------------
// printers

const restartsCell = (p) => {
  const cs = p.status.containerStatuses?.[0];
  const n = cs?.restartCount || 0;
  const last = cs?.lastState?.terminated?.finishedAt;
  return n && last ? `${n} (${age(last)} ago)` : String(n);
};
const labelsCell = (o) => Object.entries(o.metadata.labels || {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
const PRINTERS = {
  Pod: {
    head: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (p) => { const cs = p.status.containerStatuses || []; return [p.metadata.name, `${cs.filter((c) => c.ready).length}/${p.spec.containers.length}`, p.status.phase, restartsCell(p), age(p.metadata.creationTimestamp)]; },
    wideRow: (p) => [p.status.podIP || '<none>', p.spec.nodeName || '<none>', '<none>', '<none>'],
  },
  Deployment: {
    head: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (d) => [d.metadata.name, `${d.status.readyReplicas}/${d.spec.replicas}`, d.status.updatedReplicas, d.status.availableReplicas, age(d.metadata.creationTimestamp)],
    wideRow: (d) => [d.spec.template.spec.containers.map((c) => c.name).join(','), d.spec.template.spec.containers.map((c) => c.image).join(','), Object.entries(d.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',')],
  },
  DaemonSet: {
    head: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (d) => [d.metadata.name, d.status.desiredNumberScheduled, d.status.currentNumberScheduled, d.status.numberReady, d.status.updatedNumberScheduled, d.status.numberAvailable, 'kubernetes.io/os=linux', age(d.metadata.creationTimestamp)],
    wideRow: (d) => [d.spec.template.spec.containers.map((c) => c.name).join(','), d.spec.template.spec.containers.map((c) => c.image).join(','), Object.entries(d.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',')],
  },
  ConfigMap: { head: ['NAME', 'DATA', 'AGE'], row: (o) => [o.metadata.name, Object.keys(o.data || {}).length, age(o.metadata.creationTimestamp)] },
  Secret: { head: ['NAME', 'TYPE', 'DATA', 'AGE'], row: (o) => [o.metadata.name, o.type || 'Opaque', Object.keys(o.data || {}).length, age(o.metadata.creationTimestamp)] },
  Service: {
    head: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'],
    row: (s) => [s.metadata.name, s.spec.type, s.spec.clusterIP, '<none>', s.spec.ports.map((p) => `${p.port}/${p.protocol}`).join(','), age(s.metadata.creationTimestamp)],
    wideRow: (s) => [Object.entries(s.spec.selector || {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
  },
  Node: {
    head: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (n) => [n.metadata.name, n.status.conditions.find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady',
      Object.keys(n.metadata.labels || {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).sort().join(',') || '<none>',
      age(n.metadata.creationTimestamp), n.status.nodeInfo.kubeletVersion],
    wideRow: (n) => [n.status.addresses.find((a) => a.type === 'InternalIP')?.address, '<none>', n.status.nodeInfo.osImage, n.status.nodeInfo.kernelVersion, n.status.nodeInfo.containerRuntimeVersion],
  },
  Namespace: { head: ['NAME', 'STATUS', 'AGE'], row: (o) => [o.metadata.name, o.status.phase, age(o.metadata.creationTimestamp)] },
  Machine: { head: ['NAME', 'TYPE', 'IP', 'STATUS', 'AGE'], row: (o) => [o.metadata.name, o.spec.type, o.spec.ip, o.status.phase, age(o.metadata.creationTimestamp)] },
  ArtifactVersion: { head: ['NAME', 'VERSION', 'PHASE', 'AGE'], row: (o) => [o.metadata.name, o.spec.version || o.spec.tag || '', o.status?.phase || '', age(o.metadata.creationTimestamp)] },
  ModuleInfo: { head: ['NAME', 'CLUSTER', 'MODULE', 'STATUS', 'VERSION', 'AGE'], row: (o) => [o.metadata.name, o.metadata.labels?.['cpaas.io/cluster-name'] || '', o.metadata.labels?.['cpaas.io/module-name'] || '', o.status?.phase || '', o.status?.version || '', age(o.metadata.creationTimestamp)] },
  ProductBase: { head: ['NAME', 'VERSION', 'AGE'], row: (o) => [o.metadata.name, o.status?.version || o.spec?.version || '', age(o.metadata.creationTimestamp)] },
};

// ---------------------------------------------------------------------------------------------
// JSON / YAML

function yamlScalar(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'string') return String(v);
  if (v === '' || /^\s|\s$/.test(v) || /^(true|false|yes|no|on|off|y|n|null|~)$/i.test(v) || /^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)
    || /^0[xo]/i.test(v) || /: |:$| #|^[-?:,[\]{}#&*!|>'"%@`]/.test(v) || /[\n\t"\\]/.test(v)) return JSON.stringify(v);
  return v;
}
function yamlLines(v, ind, acc) {
  const isObj = (x) => x && typeof x === 'object';
  const empty = (x) => (Array.isArray(x) ? x.length === 0 : Object.keys(x).length === 0);
  const leaf = (x) => (isObj(x) ? (Array.isArray(x) ? '[]' : '{}') : yamlScalar(x));
  if (Array.isArray(v)) {
    for (const x of v) {
      if (isObj(x) && !empty(x)) {
        const sub = [];
        yamlLines(x, `${ind}  `, sub);
        sub[0] = `${ind}- ${sub[0].slice(ind.length + 2)}`;
        acc.push(...sub);
      } else acc.push(`${ind}- ${leaf(x)}`);
    }
    return acc;
  }
  for (const k of Object.keys(v).sort()) {
    const x = v[k];
    if (x === undefined) continue;
    const key = yamlScalar(k);
    if (isObj(x) && !empty(x)) { acc.push(`${ind}${key}:`); yamlLines(x, Array.isArray(x) ? ind : `${ind}  `, acc); } else acc.push(`${ind}${key}: ${leaf(x)}`);
  }
  return acc;
}
const toYaml = (v) => `${yamlLines(v, '', []).join('\n')}\n`;

/** A small YAML reader: block maps and sequences, plain/quoted scalars, flow [] {}, block scalars, `---` documents. */
function parseYamlDocs(text) {
  const docs = [];
  let cur = [];
  for (const l of text.replace(/\r/g, '').split('\n')) {
    if (/^---(\s|$)/.test(l)) { docs.push(cur); cur = []; const rest = l.slice(3).trim(); if (rest && !rest.startsWith('#')) cur.push(rest); } else if (/^\.\.\.\s*$/.test(l)) { docs.push(cur); cur = []; } else cur.push(l);
  }
  docs.push(cur);
  return docs.map((lines) => {
    const L = lines.map((raw) => ({ raw, ind: raw.match(/^ */)[0].length, text: raw.trim() }));
    const skip = (i) => { while (i < L.length && (L[i].text === '' || L[i].text.startsWith('#'))) i++; return i; };
    const i0 = skip(0);
    if (i0 >= L.length) return null;
    const [v] = node(L, i0, skip);
    return v;
  }).filter((d) => d !== null);

  function node(L, i, skip) {
    return isSeq(L[i].text) ? seq(L, i, L[i].ind, skip) : map(L, i, L[i].ind, skip);
  }
  function isSeq(t) { return t === '-' || t.startsWith('- '); }
  function seq(L, i, ind, skip) {
    const arr = [];
    while (i < L.length && L[i].ind === ind && isSeq(L[i].text)) {
      const rest = L[i].text.slice(1).trim();
      if (rest === '') { const j = skip(i + 1); if (j < L.length && L[j].ind > ind) { const [v, n] = node(L, j, skip); arr.push(v); i = n; } else { arr.push(null); i = j; } } else if (isMapStart(rest)) {
        const off = L[i].raw.indexOf(rest);
        L[i] = { raw: ' '.repeat(off) + rest, ind: off, text: rest };
        const [v, n] = map(L, i, off, skip);
        arr.push(v); i = n;
      } else if (isSeq(rest)) {
        const off = L[i].raw.indexOf(rest);
        L[i] = { raw: ' '.repeat(off) + rest, ind: off, text: rest };
        const [v, n] = seq(L, i, off, skip);
        arr.push(v); i = n;
      } else { arr.push(scalar(rest)); i = skip(i + 1); }
      i = skip(i);
    }
    return [arr, i];
  }
  function isMapStart(t) { return /^("[^"]*"|'[^']*'|[^\s"'[{#][^:#]*?)\s*:(\s|$)/.test(t); }
  function map(L, i, ind, skip) {
    const o = {};
    while (i < L.length && L[i].ind === ind && !isSeq(L[i].text)) {
      const m = L[i].text.match(/^("[^"]*"|'[^']*'|[^:#]+?)\s*:(?:\s+(.*))?$/);
      if (!m) throw new Error(`yaml: line ${i + 1}: could not find expected ':'`);
      const key = /^["']/.test(m[1]) ? scalar(m[1]) : m[1];
      const rest = stripComment(m[2] || '');
      if (rest === '') {
        const j = skip(i + 1);
        if (j < L.length && L[j].ind > ind) { const [v, n] = node(L, j, skip); o[key] = v; i = n; } else if (j < L.length && L[j].ind === ind && isSeq(L[j].text)) { const [v, n] = seq(L, j, ind, skip); o[key] = v; i = n; } else { o[key] = null; i = j; }
      } else if (/^[|>][-+]?\d*$/.test(rest)) {
        const lines = [];
        let j = i + 1;
        let bi = -1;
        while (j < L.length && (L[j].text === '' || L[j].ind > ind)) { if (bi < 0 && L[j].text !== '') bi = L[j].ind; lines.push(L[j].raw.slice(Math.max(bi, 0))); j++; }
        while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
        let s = rest[0] === '|' ? lines.join('\n') : lines.join(' ');
        if (!rest.includes('-')) s += '\n';
        o[key] = s; i = skip(j);
      } else { o[key] = scalar(rest); i = skip(i + 1); }
    }
    return [o, i];
  }
  function stripComment(s) {
    if (/^["'[{]/.test(s)) return s.trim();
    return s.replace(/\s+#.*$/, '').trim();
  }
  function scalar(s) {
    s = stripComment(s);
    if (s.startsWith('"')) return JSON.parse(s);
    if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
    if (s.startsWith('[') || s.startsWith('{')) return flow(s);
    if (/^(null|~)$/i.test(s) || s === '') return null;
    if (/^(true|false)$/i.test(s)) return s.toLowerCase() === 'true';
    if (/^[-+]?\d+$/.test(s)) return Number(s);
    if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
    return s;
  }
  function flow(s) {
    let i = 0;
    const ws = () => { while (/\s/.test(s[i] || '')) i++; };
    const val = () => {
      ws();
      if (s[i] === '[') { i++; const a = []; ws(); if (s[i] === ']') { i++; return a; } for (;;) { a.push(val()); ws(); if (s[i] === ',') { i++; continue; } if (s[i] === ']') { i++; return a; } throw new Error('yaml: bad flow sequence'); } }
      if (s[i] === '{') { i++; const o = {}; ws(); if (s[i] === '}') { i++; return o; } for (;;) { const k = val(); ws(); if (s[i] !== ':') throw new Error('yaml: bad flow mapping'); i++; o[k] = val(); ws(); if (s[i] === ',') { i++; continue; } if (s[i] === '}') { i++; return o; } throw new Error('yaml: bad flow mapping'); } }
      if (s[i] === '"' || s[i] === "'") { const q = s[i]; let j = i + 1; while (j < s.length && s[j] !== q) { if (q === '"' && s[j] === '\\') j++; j++; } const t = s.slice(i, j + 1); i = j + 1; return scalar(t); }
      let j = i; while (j < s.length && !/[,\]}:]/.test(s[j]) && !(s[j] === ':' && /\s/.test(s[j + 1] || ''))) j++;
      const t = s.slice(i, j).trim(); i = j; return scalar(t);
    };
    return val();
  }
}

// ---------------------------------------------------------------------------------------------
// JSONPath (kubectl flavour): {.a.b[0]}, [*], [?(@.x=="y")], ..name, range/end, "literals"

function jsonpath(tpl, root) {
  const toks = [];
  let i = 0;
  while (i < tpl.length) {
    const j = tpl.indexOf('{', i);
    if (j < 0) { toks.push({ text: tpl.slice(i) }); break; }
    if (j > i) toks.push({ text: tpl.slice(i, j) });
    let k = j + 1, q = null;
    for (; k < tpl.length; k++) {
      const c = tpl[k];
      if (q) { if (c === '\\') k++; else if (c === q) q = null; } else if (c === '"' || c === "'") q = c; else if (c === '}') break;
    }
    if (k >= tpl.length) throw new Error(`unclosed action`);
    toks.push({ expr: tpl.slice(j + 1, k).trim() });
    i = k + 1;
  }
  let pos = 0;
  const block = (stopAtEnd) => {
    const nodes = [];
    while (pos < toks.length) {
      const t = toks[pos++];
      if (t.expr === 'end') { if (stopAtEnd) return nodes; throw new Error('not in range, nothing to end'); }
      if (t.expr?.startsWith('range ')) nodes.push({ range: t.expr.slice(6).trim(), body: block(true) });
      else nodes.push(t);
    }
    if (stopAtEnd) throw new Error('unclosed range');
    return nodes;
  };
  const tree = block(false);
  const fmt = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const run = (nodes, cur) => nodes.map((n) => {
    if (n.text !== undefined) return n.text;
    if (n.range !== undefined) {
      const vals = evalPath(n.range, root, cur);
      const items = vals.length === 1 && Array.isArray(vals[0]) ? vals[0] : vals;
      return items.map((it) => run(n.body, it)).join('');
    }
    const e = n.expr;
    if (/^".*"$/s.test(e)) return JSON.parse(e);
    if (/^'.*'$/s.test(e)) return e.slice(1, -1);
    return evalPath(e, root, cur).map(fmt).join(' ');
  }).join('');
  return run(tree, root);
}
function evalPath(expr, root, cur) {
  let s = expr.trim();
  let vals;
  if (s.startsWith('$')) { vals = [root]; s = s.slice(1); } else if (s.startsWith('@')) { vals = [cur]; s = s.slice(1); } else vals = [cur];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const m = s.slice(i).match(/^[\w-]+/);
      const key = m ? m[0] : '';
      i += key.length;
      const found = [];
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
      let depth = 0, j = i, q = null;
      for (; j < s.length; j++) {
        const c = s[j];
        if (q) { if (c === q) q = null; continue; }
        if (c === '"' || c === "'") q = c; else if (c === '[') depth++; else if (c === ']' && --depth === 0) break;
      }
      const inner = s.slice(i + 1, j).trim();
      i = j + 1;
      let m;
      if (inner === '*') vals = vals.flatMap((v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []));
      else if ((m = inner.match(/^['"](.*)['"]$/))) vals = vals.flatMap((v) => (v && typeof v === 'object' && m[1] in v ? [v[m[1]]] : []));
      else if ((m = inner.match(/^\?\((.*)\)$/))) {
        const f = m[1].trim();
        const fm = f.match(/^@((?:\.[\w-]+|\['[^']*'\])*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/);
        const em = f.match(/^@((?:\.[\w-]+)+)$/);
        vals = vals.flatMap((v) => (Array.isArray(v) ? v : [])).filter((el) => {
          if (em) return evalPath(`@${em[1]}`, root, el).length > 0;
          if (!fm) throw new Error(`unrecognized filter: ${f}`);
          const lhs = evalPath(`@${fm[1]}`, root, el)[0];
          let rhs = fm[3].trim();
          rhs = /^['"].*['"]$/.test(rhs) ? rhs.slice(1, -1) : Number.isNaN(Number(rhs)) ? rhs : Number(rhs);
          const l = typeof rhs === 'number' ? Number(lhs) : lhs;
          return { '==': l === rhs, '!=': l !== rhs, '<': l < rhs, '>': l > rhs, '<=': l <= rhs, '>=': l >= rhs }[fm[2]];
        });
      } else if ((m = inner.match(/^(-?\d*):(-?\d*)$/))) {
        vals = vals.flatMap((v) => (Array.isArray(v) ? v.slice(m[1] === '' ? 0 : Number(m[1]), m[2] === '' ? undefined : Number(m[2])) : []));
      } else if (/^-?\d+$/.test(inner)) {
        const n = Number(inner);
        vals = vals.flatMap((v) => {
          if (!Array.isArray(v)) return [];
          const k = n < 0 ? v.length + n : n;
          if (k < 0 || k >= v.length) throw new Error(`array index out of bounds: index ${n}, length ${v.length}`);
          return [v[k]];
        });
      } else throw new Error(`unrecognized identifier ${inner}`);
    } else throw new Error(`unrecognized character in action: ${s[i]}`);
  }
  return vals;
}

// ---------------------------------------------------------------------------------------------
// command-line parsing

/** Parse args by a flag table: {name: 'value'|'bool'} keyed by every spelling. Unknown flags → null. */
function parseArgs(args, spec) {
  const flags = {}, pos = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { pos.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-') { pos.push(a); continue; }
    let name = a, val;
    if (a.startsWith('--')) { const eq = a.indexOf('='); if (eq > 0) { name = a.slice(0, eq); val = a.slice(eq + 1); } } else if (a.length > 2) {
      const short = a.slice(0, 2);
      if (spec[short] === 'value') { name = short; val = a.slice(2).replace(/^=/, ''); } else if ([...a.slice(1)].every((c) => spec[`-${c}`] === 'bool')) { for (const c of a.slice(1)) flags[spec.alias?.[`-${c}`] || `-${c}`] = true; continue; } else return null;
    }
    const kind = spec[name];
    if (!kind) return null;
    const key = spec.alias?.[name] || name;
    if (kind === 'bool') flags[key] = val === undefined ? true : truthy(val);
    else {
      if (val === undefined) { if (i + 1 >= args.length) return { missing: name }; val = args[++i]; }
      if (kind === 'multi') (flags[key] ||= []).push(val); else flags[key] = val;
    }
  }
  return { flags, pos };
}

// ---------------------------------------------------------------------------------------------
// kubectl

const KUBECTL_FLAGS = {
  '-n': 'value', '--namespace': 'value', '-A': 'bool', '--all-namespaces': 'bool', '-l': 'value', '--selector': 'value',
  '-o': 'value', '--output': 'value', '--no-headers': 'bool', '--show-labels': 'bool', '--field-selector': 'value',
  '--ignore-not-found': 'bool', '--all': 'bool', '--wait': 'bool', '--force': 'bool', '--now': 'bool', '--grace-period': 'value',
  '--timeout': 'value', '-f': 'multi', '--filename': 'multi', '--kubeconfig': 'value', '--context': 'value', '--cluster': 'value',
  '--request-timeout': 'value', '-c': 'value', '--container': 'value', '--tail': 'value', '--since': 'value', '--timestamps': 'bool',
  '--all-containers': 'bool', '--follow': 'bool', '-p': 'value', '--patch': 'value', '--type': 'value', '--for': 'value',
  '--client': 'bool', '--raw': 'value', '--chunk-size': 'value', '-v': 'value', '--v': 'value', '--dry-run': 'value',
  '--prefix': 'bool', '--max-log-requests': 'value', '--cascade': 'value', '--validate': 'value', '--save-config': 'bool',
  '--previous': 'bool', '--output-watch-events': 'bool', '--allow-missing-template-keys': 'bool',
  alias: {
    '--namespace': '-n', '--all-namespaces': '-A', '--selector': '-l', '--output': '-o', '--filename': '-f', '--container': '-c',
    '--patch': '-p', '--v': '-v',
  },
};

function kubectl(args) {
  const sub = args.find((a) => !a.startsWith('-'));
  // `logs -f` follows; every other -f is a filename
  const spec = sub === 'logs' ? { ...KUBECTL_FLAGS, '-f': 'bool', '-p': 'bool', alias: { ...KUBECTL_FLAGS.alias, '-f': '--follow', '-p': '--previous' } } : KUBECTL_FLAGS;
  const parsed = parseArgs(args, spec);
  if (!parsed) return notSimulated('kubectl', args);
  if (parsed.missing) fail(1, `error: flag needs an argument: '${parsed.missing.replace(/^-+/, '')}' in ${parsed.missing}`);
  const { flags, pos } = parsed;
  const cmd = pos.shift();
  const ns = flags['-n'] || 'default';
  const touches = flags['-A'] || ns === ETCD_SYNC_NS;
  const h = { get: kGet, delete: kDelete, logs: kLogs, version: kVersion, create: kCreateApply, apply: kCreateApply, patch: kPatch, wait: kWait, rollout: kRollout, 'cluster-info': kClusterInfo, config: kConfig }[cmd];
  if (!h) return notSimulated('kubectl', args);
  return transact((st) => { prelude(st, 'kubectl', args, touches); return h(st, { flags, pos, ns, args, cmd }); });
}

/** Resolve `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` into [{kind, name?}]. */
function targets(pos, args) {
  if (!pos.length) return [];
  const res = [];
  if (pos[0].includes('/')) {
    for (const p of pos) {
      const [t, n] = p.split('/');
      const k = resolveKind(t);
      if (!k || !n) return notSimulated('kubectl', args, `resource type "${t}"`);
      res.push({ kind: k, name: n });
    }
    return res;
  }
  const kinds = pos[0].split(',').flatMap((t) => (t.toLowerCase() === 'all' ? ['Pod', 'Service', 'DaemonSet', 'Deployment'] : [resolveKind(t) || notSimulated('kubectl', args, `resource type "${t}"`)]));
  const names = pos.slice(1);
  if (!names.length) return kinds.map((kind) => ({ kind }));
  for (const kind of kinds) for (const name of names) res.push({ kind, name });
  return res;
}

function findObj(st, kind, name, ns) {
  return st.objects.find((o) => o.kind === kind && o.metadata.name === name && (!KINDS[kind].ns || o.metadata.namespace === ns));
}
const notFound = (kind, name) => `Error from server (NotFound): ${qualified(kind, true)} "${name}" not found`;

function selectObjects(st, c, kinds) {
  let labelSel, fieldSel;
  try { labelSel = parseLabelSelector(c.flags['-l']); fieldSel = parseFieldSelector(c.flags['--field-selector']); } catch (e) { fail(1, `error: ${e.message}`); }
  return kinds.map((kind) => st.objects.filter((o) => o.kind === kind && (!KINDS[kind].ns || c.flags['-A'] || o.metadata.namespace === c.ns) && labelSel(o) && fieldSel(o)).sort(byNsName));
}

function kGet(st, c) {
  if (c.flags['--raw'] !== undefined) {
    const r = c.flags['--raw'];
    if (/^\/(readyz|livez|healthz)(\?.*)?$/.test(r)) return out('ok');
    if (r === '/version') return out(`${JSON.stringify(versionInfo(st), null, 2)}\n`);
    return notSimulated('kubectl', c.args);
  }
  if (!c.pos.length) fail(1, 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples');
  const tg = targets(c.pos, c.args);
  const o = c.flags['-o'] || '';
  const fmt = o.split('=')[0];
  if (!['', 'wide', 'name', 'json', 'yaml', 'jsonpath', 'custom-columns'].includes(fmt)) return notSimulated('kubectl', c.args, `output format "${o}"`);
  const errors = [];
  let groups; // [{kind, items}]
  const named = tg.some((t) => t.name);
  if (named) {
    groups = [];
    for (const t of tg) {
      const x = findObj(st, t.kind, t.name, c.ns);
      if (!x) { if (!c.flags['--ignore-not-found']) errors.push(notFound(t.kind, t.name)); continue; }
      let g = groups.find((gg) => gg.kind === t.kind);
      if (!g) groups.push(g = { kind: t.kind, items: [] });
      g.items.push(view(st, x));
    }
  } else {
    const kinds = tg.map((t) => t.kind);
    groups = selectObjects(st, c, kinds).map((items, i) => ({ kind: kinds[i], items: items.map((x) => view(st, x)) }));
  }
  const all = groups.flatMap((g) => g.items);
  const single = named && tg.length === 1;
  const asList = () => ({ apiVersion: 'v1', items: all, kind: 'List', metadata: { resourceVersion: '' } });
  const doc = () => (single && all.length === 1 ? all[0] : asList());
  if (fmt === 'json') { if (all.length || !named) out(`${JSON.stringify(doc(), null, 4)}\n`); } else if (fmt === 'yaml') { if (all.length || !named) out(toYaml(doc())); } else if (fmt === 'name') {
    out(all.map((x) => `${qualified(x.kind)}/${x.metadata.name}\n`).join(''));
  } else if (fmt === 'jsonpath') {
    let tpl = o.slice(o.indexOf('=') + 1);
    if (o.indexOf('=') < 0) fail(1, 'error: template format specified but no template given');
    tpl = tpl.replace(/^'(.*)'$/s, '$1');
    if (all.length || !named) {
      try { out(jsonpath(tpl, doc())); } catch (e) {
        fail(1, `error: error executing jsonpath ${JSON.stringify(tpl)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${tpl}\n\tobject given to jsonpath engine was:\n\t\t${JSON.stringify(doc()).slice(0, 400)}\n`);
      }
    }
  } else if (fmt === 'custom-columns') {
    const spec = o.slice(o.indexOf('=') + 1).split(',').map((p) => { const [h, e] = p.split(':'); return { h, e }; });
    const rows = all.map((x) => spec.map((s) => { let v; try { v = evalPath(s.e.replace(/^\{|\}$/g, ''), x, x); } catch { v = []; } return v.length ? v.map((y) => (typeof y === 'object' ? JSON.stringify(y) : String(y))).join(',') : '<none>'; }));
    if (all.length) out(table(c.flags['--no-headers'] ? rows : [spec.map((s) => s.h), ...rows]));
  } else {
    const multi = groups.length > 1 || (!named && tg.length > 1);
    const blocks = [];
    for (const g of groups) {
      if (!g.items.length) continue;
      const p = PRINTERS[g.kind];
      const wide = fmt === 'wide' && p.wide;
      const nsCol = c.flags['-A'] && KINDS[g.kind].ns;
      const head = [...(nsCol ? ['NAMESPACE'] : []), ...p.head, ...(wide ? p.wide : []), ...(c.flags['--show-labels'] ? ['LABELS'] : [])];
      const rows = g.items.map((x) => {
        const r = p.row(x);
        if (multi) r[0] = `${qualified(g.kind)}/${r[0]}`;
        return [...(nsCol ? [x.metadata.namespace] : []), ...r, ...(wide ? p.wideRow(x) : []), ...(c.flags['--show-labels'] ? [labelsCell(x)] : [])];
      });
      blocks.push(table(c.flags['--no-headers'] ? rows : [head, ...rows]));
    }
    out(blocks.join('\n'));
    if (!all.length && !errors.length && !c.flags['--ignore-not-found']) {
      const anyNs = tg.some((t) => KINDS[t.kind].ns);
      err(`No resources found${anyNs && !c.flags['-A'] ? ` in ${c.ns} namespace` : ''}.\n`);
    }
  }
  if (errors.length) fail(1, errors.join('\n'));
}

function readManifests(c) {
  const files = c.flags['-f'] || [];
  const docs = [];
  for (const f of files) {
    let text;
    try { text = f === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(path.resolve(f), 'utf8'); } catch {
      fail(1, `error: the path "${f}" does not exist`);
    }
    let parsed;
    try { parsed = /^\s*[{[]/.test(text) ? [JSON.parse(text)] : parseYamlDocs(text); } catch (e) { fail(1, `error: error parsing ${f}: ${e.message}`); }
    for (const d of parsed) {
      if (!d || typeof d !== 'object') continue;
      if (d.kind === 'List' || (typeof d.kind === 'string' && d.kind.endsWith('List') && Array.isArray(d.items))) docs.push(...d.items.map((x) => ({ f, d: x })));
      else docs.push({ f, d });
    }
  }
  if (!docs.length) fail(1, 'error: no objects passed to ' + c.cmd);
  return docs.map(({ f, d }) => {
    const kind = d.kind && KINDS[d.kind] ? d.kind : null;
    if (!kind) notSimulated('kubectl', c.args, `kind "${d.kind}"`);
    if (!d.metadata?.name) fail(1, `error: error when retrieving current configuration of ${f}: resource name may not be empty`);
    return { f, d, kind, ns: KINDS[kind].ns ? (d.metadata.namespace || c.flags['-n'] || 'default') : undefined };
  });
}

function kDelete(st, c) {
  const errors = [];
  const del = (x) => { deleteObject(st, x); out(`${qualified(x.kind)} "${x.metadata.name}" deleted\n`); };
  if (c.flags['-f']) {
    for (const m of readManifests(c)) {
      const x = findObj(st, m.kind, m.d.metadata.name, m.ns);
      if (x) del(x); else if (!c.flags['--ignore-not-found']) errors.push(`Error from server (NotFound): error when deleting "${m.f}": ${qualified(m.kind, true)} "${m.d.metadata.name}" not found`);
    }
  } else {
    const tg = targets(c.pos, c.args);
    if (!tg.length) fail(1, 'error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    const named = tg.some((t) => t.name);
    if (!named && !c.flags['--all'] && !c.flags['-l'] && !c.flags['--field-selector']) fail(1, 'error: resource(s) were provided, but no name was specified');
    if (named) {
      for (const t of tg) {
        const x = findObj(st, t.kind, t.name, c.ns);
        if (x) del(x); else if (!c.flags['--ignore-not-found']) errors.push(notFound(t.kind, t.name));
      }
    } else {
      const found = selectObjects(st, c, tg.map((t) => t.kind)).flat();
      if (!found.length && !c.flags['--ignore-not-found']) err(`No resources found${c.flags['-A'] ? '' : ` in ${c.ns} namespace`}.\n`);
      found.forEach(del);
    }
  }
  if (errors.length) fail(1, errors.join('\n'));
}

function kCreateApply(st, c) {
  if (!c.flags['-f']) return notSimulated('kubectl', c.args);
  const errors = [];
  for (const m of readManifests(c)) {
    const existing = findObj(st, m.kind, m.d.metadata.name, m.ns);
    const id = `${qualified(m.kind)}/${m.d.metadata.name}`;
    if (c.cmd === 'create' && existing) { errors.push(`Error from server (AlreadyExists): error when creating "${m.f}": ${qualified(m.kind, true)} "${m.d.metadata.name}" already exists`); continue; }
    if (existing) {
      const before = JSON.stringify(existing);
      const patch = clone(m.d);
      delete patch.status; delete patch.metadata.uid; delete patch.metadata.creationTimestamp; delete patch.metadata.resourceVersion;
      mergePatch(existing, patch);
      out(`${id} ${JSON.stringify(existing) === before ? 'unchanged' : 'configured'}\n`);
      continue;
    }
    const x = clone(m.d);
    x.apiVersion = x.apiVersion || apiVersionOf(m.kind);
    x.metadata = { ...x.metadata, uid: crypto.randomUUID(), creationTimestamp: iso(NOW) };
    delete x.metadata.resourceVersion;
    if (m.ns) x.metadata.namespace = m.ns; else delete x.metadata.namespace;
    if (m.kind === 'Deployment' || m.kind === 'DaemonSet') {
      st.objects.push(x);
      const n = m.kind === 'Deployment' ? (x.spec?.replicas ?? 1) : st.cluster.nodes.length;
      for (let i = 0; i < n; i++) spawnPod(st, x, st.cluster.nodes[i % st.cluster.nodes.length], NOW);
    } else {
      if (m.kind === 'ArtifactVersion') x.status = x.status || { phase: 'Present' };
      st.objects.push(x);
    }
    out(`${id} created\n`);
  }
  if (errors.length) fail(1, errors.join('\n'));
}

function mergePatch(target, patch) {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete target[k];
    else if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object' && !Array.isArray(target[k])) mergePatch(target[k], v);
    else target[k] = clone(v);
  }
}

function kPatch(st, c) {
  const tg = targets(c.pos, c.args);
  if (tg.length !== 1 || !tg[0].name || !c.flags['-p']) return notSimulated('kubectl', c.args);
  const x = findObj(st, tg[0].kind, tg[0].name, c.ns);
  if (!x) fail(1, notFound(tg[0].kind, tg[0].name));
  let p;
  try { p = JSON.parse(c.flags['-p']); } catch { try { [p] = parseYamlDocs(c.flags['-p']); } catch { fail(1, `error: unable to parse "${c.flags['-p']}": invalid patch`); } }
  const before = JSON.stringify(x);
  const type = c.flags['--type'] || 'strategic';
  if (type === 'json') {
    for (const op of p) {
      const keys = op.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const last = keys.pop();
      const parent = keys.reduce((a, k) => (a == null ? a : a[Array.isArray(a) ? Number(k) : k]), x);
      if (parent == null) fail(1, `The request is invalid: the server rejected our request due to an error in our request`);
      if (op.op === 'remove') { if (Array.isArray(parent)) parent.splice(Number(last), 1); else delete parent[last]; } else if (op.op === 'add' || op.op === 'replace') {
        if (Array.isArray(parent)) { if (last === '-') parent.push(op.value); else if (op.op === 'add') parent.splice(Number(last), 0, op.value); else parent[Number(last)] = op.value; } else parent[last] = op.value;
      } else return notSimulated('kubectl', c.args, `json patch op "${op.op}"`);
    }
  } else if (type === 'merge' || type === 'strategic') mergePatch(x, p);
  else return notSimulated('kubectl', c.args);
  out(`${qualified(x.kind)}/${x.metadata.name} ${JSON.stringify(x) === before ? 'patched (no change)' : 'patched'}\n`);
}

function kWait(st, c) {
  const cond = c.flags['--for'] || '';
  const tg = targets(c.pos, c.args);
  if (!tg.length || !cond) return notSimulated('kubectl', c.args);
  const named = tg.some((t) => t.name);
  const found = named ? tg.map((t) => findObj(st, t.kind, t.name, c.ns) || fail(1, notFound(t.kind, t.name))) : selectObjects(st, c, tg.map((t) => t.kind)).flat();
  if (!found.length) fail(1, 'error: no matching resources found');
  for (const x of found) {
    const v = view(st, x);
    if (cond === 'delete') fail(1, `error: timed out waiting for the condition on ${plural(x.kind)}/${x.metadata.name}`);
    const m = cond.match(/^condition=([\w]+)(?:=(\w+))?$/i);
    if (!m) return notSimulated('kubectl', c.args);
    const conds = v.status?.conditions || [];
    const hit = conds.find((k) => k.type.toLowerCase() === m[1].toLowerCase());
    if (!hit || hit.status.toLowerCase() !== (m[2] || 'true').toLowerCase()) fail(1, `error: timed out waiting for the condition on ${plural(x.kind)}/${x.metadata.name}`);
    out(`${qualified(x.kind)}/${x.metadata.name} condition met\n`);
  }
}

function kRollout(st, c) {
  const [action, ...rest] = c.pos;
  if (action !== 'status') return notSimulated('kubectl', c.args);
  const tg = targets(rest, c.args);
  if (tg.length !== 1 || !tg[0].name || !['Deployment', 'DaemonSet'].includes(tg[0].kind)) return notSimulated('kubectl', c.args);
  const x = findObj(st, tg[0].kind, tg[0].name, c.ns);
  if (!x) fail(1, notFound(tg[0].kind, tg[0].name));
  out(tg[0].kind === 'Deployment' ? `deployment "${x.metadata.name}" successfully rolled out\n` : `daemon set "${x.metadata.name}" successfully rolled out\n`);
}

function kClusterInfo(st, c) {
  if (c.pos.length) return notSimulated('kubectl', c.args);
  out(`\u001b[0;32mKubernetes control plane\u001b[0m is running at \u001b[0;33mhttps://${st.cluster.apiserver}\u001b[0m\n\u001b[0;32mCoreDNS\u001b[0m is running at \u001b[0;33mhttps://${st.cluster.apiserver}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\u001b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
}

function kConfig(st, c) {
  if (c.pos[0] === 'current-context' && c.pos.length === 1) return out(`${st.cluster.name}\n`);
  return notSimulated('kubectl', c.args);
}

function versionInfo(st, v = st.kube.gitVersion) {
  const [maj, min] = v.replace(/^v/, '').split('.');
  return { major: maj, minor: min, gitVersion: v, gitCommit: crypto.createHash('sha1').update(v).digest('hex'), gitTreeState: 'clean', buildDate: '2025-02-12T21:26:17Z', goVersion: Number(min) >= 31 ? 'go1.23.6' : 'go1.22.8', compiler: 'gc', platform: 'linux/amd64' };
}
function kVersion(st, c) {
  if (c.pos.length) return notSimulated('kubectl', c.args);
  const client = versionInfo(st);
  const kustomize = 'v5.4.2';
  const o = c.flags['-o'];
  if (o && o !== 'json' && o !== 'yaml') fail(1, `error: --output must be 'yaml' or 'json'`);
  const doc = c.flags['--client'] ? { clientVersion: client, kustomizeVersion: kustomize } : { clientVersion: client, kustomizeVersion: kustomize, serverVersion: versionInfo(st) };
  if (o === 'json') return out(`${JSON.stringify(doc, null, 2)}\n`);
  if (o === 'yaml') return out(toYaml(doc));
  out(`Client Version: ${client.gitVersion}\nKustomize Version: ${kustomize}\n${c.flags['--client'] ? '' : `Server Version: ${st.kube.gitVersion}\n`}`);
}

function podLogs(st, p, c) {
  const t = Date.parse(p.status.startTime || p.metadata.creationTimestamp) + 3000;
  const klog = (dt, file, msg) => {
    const d = new Date(t + dt);
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    const text = `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(dt % 1000, 3)}       1 ${file}] ${msg}`;
    return c.flags['--timestamps'] ? `${d.toISOString().replace('Z', `${pad(dt % 1000, 3)}000Z`)} ${text}` : text;
  };
  const app = p.metadata.labels?.app;
  let lines;
  if (app === 'etcd-sync' && p.metadata.namespace === ETCD_SYNC_NS) {
    const nodes = st.cluster.nodes.map((n) => `https://${n}:2379`).join(',');
    lines = [
      klog(0, 'main.go:58', `etcd-sync ${p.spec.containers[0].image.split(':').pop()} starting`),
      klog(112, 'config.go:74', `local etcd endpoints: ${nodes}`),
      klog(140, 'config.go:81', 'remote etcd endpoints: https://192.168.30.10:2379'),
      klog(905, 'sync.go:102', 'connected to local and remote etcd'),
      klog(1210, 'sync.go:131', 'Start Sync update'),
      klog(4870, 'sync.go:188', 'initial sync finished: 0 keys updated, 0 keys deleted'),
      klog(4902, 'watcher.go:55', 'watching /registry for changes'),
      klog(5011, 'monitor.go:40', 'sync monitor listening on :8080'),
    ];
  } else if (app === 'etcd-mirror') {
    lines = [klog(0, 'main.go:41', 'etcd-mirror starting'), klog(320, 'mirror.go:77', 'mirroring /registry to the standby cluster'), klog(900, 'mirror.go:120', 'mirror is up to date')];
  } else {
    const name = p.spec.containers[0].name;
    lines = [klog(0, 'main.go:36', `${name} starting`), klog(250, 'server.go:88', 'serving on :8080'), klog(6300, 'controller.go:141', 'caches are synced')];
  }
  if (c.flags['--tail'] !== undefined && Number(c.flags['--tail']) >= 0) lines = lines.slice(-Number(c.flags['--tail']) || lines.length);
  if (c.flags['--tail'] === '0') lines = [];
  return lines.map((l) => (c.flags['--prefix'] ? `[pod/${p.metadata.name}/${p.spec.containers[0].name}] ${l}` : l)).join('\n') + (lines.length ? '\n' : '');
}

function kLogs(st, c) {
  if (c.flags['--previous']) {
    const n = c.pos[0] || '';
    fail(1, `Error from server (BadRequest): previous terminated container "${n.replace(/^.*\//, '').replace(/-[a-z0-9]+-[a-z0-9]+$/, '')}" in pod "${n.replace(/^.*\//, '')}" not found`);
  }
  let pods;
  if (c.flags['-l']) {
    pods = selectObjects(st, c, ['Pod'])[0];
    if (!pods.length) { err(`No resources found in ${c.ns} namespace.\n`); return; }
  } else {
    const ref = c.pos[0];
    if (!ref || c.pos.length > 2) fail(1, "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
    if (ref.includes('/')) {
      const [t, n] = ref.split('/');
      const k = resolveKind(t);
      if (!k) return notSimulated('kubectl', c.args, `resource type "${t}"`);
      const x = findObj(st, k, n, c.ns);
      if (!x) fail(1, notFound(k, n));
      if (k === 'Pod') pods = [x];
      else if (k === 'Deployment' || k === 'DaemonSet') {
        pods = podsOf(st, x).slice(0, 1);
        if (!pods.length) fail(1, `error: timed out waiting for the condition`);
      } else return notSimulated('kubectl', c.args);
    } else {
      const x = findObj(st, 'Pod', ref, c.ns);
      if (!x) fail(1, notFound('Pod', ref));
      pods = [x];
    }
  }
  out(pods.map((p) => podLogs(st, p, c)).join(''));
}

// ---------------------------------------------------------------------------------------------
// helm3

function helm(args) {
  const spec = {
    '-n': 'value', '--namespace': 'value', '-A': 'bool', '--all-namespaces': 'bool', '-q': 'bool', '--short': 'bool', '-a': 'bool', '--all': 'bool',
    '--wait': 'bool', '--timeout': 'value', '--keep-history': 'bool', '--no-hooks': 'bool', '--kubeconfig': 'value', '--kube-context': 'value',
    '-o': 'value', '--output': 'value', '--debug': 'bool', '--cascade': 'value', '--ignore-not-found': 'bool',
    alias: { '--namespace': '-n', '--all-namespaces': '-A', '--short': '-q', '--all': '-a', '--output': '-o' },
  };
  const parsed = parseArgs(args, spec);
  if (!parsed || parsed.missing) return notSimulated('helm3', args);
  const { flags, pos } = parsed;
  const cmd = pos.shift();
  const ns = flags['-n'] || 'default';
  if (cmd === 'version') { logCommand('helm3', args); return out(flags['-q'] ? 'v3.14.4+g81c902a\n' : 'version.BuildInfo{Version:"v3.14.4", GitCommit:"81c902a123462fd4052bc5e9aa9c513c4c8fc142", GitTreeState:"clean", GoVersion:"go1.21.9"}\n'); }
  const fn = {
    uninstall: () => {
      if (!pos.length) fail(1, 'Error: "helm uninstall" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]');
      return transact((st) => {
        prelude(st, 'helm3', args);
        for (const name of pos) {
          const r = st.helm.find((x) => x.name === name && x.namespace === ns);
          if (!r) { if (flags['--ignore-not-found']) continue; fail(1, `Error: uninstall: Release not loaded: ${name}: release: not found`); }
          st.helm = st.helm.filter((x) => x !== r);
          for (const o of st.objects.filter((x) => x.metadata.annotations?.['meta.helm.sh/release-name'] === name && x.metadata.annotations?.['meta.helm.sh/release-namespace'] === ns)) deleteObject(st, o);
          if (name === 'etcd-sync' && st.etcdSync && !st.etcdSync.removedAt) { st.etcdSync.removedAt = iso(NOW); st.etcdSync.removedBy = 'helm3 uninstall'; }
          out(`release "${name}" uninstalled\n`);
        }
      });
    },
    list: () => transact((st) => {
      prelude(st, 'helm3', args);
      const rs = st.helm.filter((r) => flags['-A'] || r.namespace === ns).sort((a, b) => (a.name < b.name ? -1 : 1));
      if (flags['-o'] === 'json') return out(`${JSON.stringify(rs.map((r) => ({ name: r.name, namespace: r.namespace, revision: String(r.revision), updated: helmTime(r.updated), status: r.status, chart: r.chart, app_version: r.appVersion })))}\n`);
      if (flags['-o'] && flags['-o'] !== 'table') return notSimulated('helm3', args);
      if (flags['-q']) return out(rs.map((r) => `${r.name}\n`).join(''));
      const rows = [['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'], ...rs.map((r) => [r.name, r.namespace, r.revision, helmTime(r.updated), r.status, r.chart, r.appVersion])];
      const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
      out(rows.map((r) => r.map((x, i) => (i === r.length - 1 ? String(x) : String(x).padEnd(w[i]))).join('\t')).join('\n') + '\n');
    }),
    status: () => transact((st) => {
      prelude(st, 'helm3', args);
      const r = st.helm.find((x) => x.name === pos[0] && x.namespace === ns);
      if (!r) fail(1, 'Error: release: not found');
      out(`NAME: ${r.name}\nLAST DEPLOYED: ${new Date(r.updated).toUTCString()}\nNAMESPACE: ${r.namespace}\nSTATUS: ${r.status}\nREVISION: ${r.revision}\nTEST SUITE: None\n`);
    }),
  };
  const alias = { del: 'uninstall', delete: 'uninstall', un: 'uninstall', uninstall: 'uninstall', list: 'list', ls: 'list', status: 'status' };
  const f = fn[alias[cmd]];
  if (!f) return notSimulated('helm3', args);
  return f();
}
const helmTime = (isoS) => `${isoS.replace('T', ' ').replace('Z', '')}.482917311 +0000 UTC`;

// ---------------------------------------------------------------------------------------------
// curl

function curl(args) {
  const spec = {
    '-s': 'bool', '--silent': 'bool', '-S': 'bool', '--show-error': 'bool', '-k': 'bool', '--insecure': 'bool', '-f': 'bool', '--fail': 'bool',
    '-L': 'bool', '--location': 'bool', '-v': 'bool', '-m': 'value', '--max-time': 'value', '--connect-timeout': 'value', '-w': 'value',
    '--write-out': 'value', '-o': 'value', '--output': 'value', '--retry': 'value', '--retry-delay': 'value', '-X': 'value', '--request': 'value',
    '-H': 'multi', '--header': 'multi', '--noproxy': 'value', '-g': 'bool', '--globoff': 'bool', '--fail-with-body': 'bool',
    alias: { '--silent': '-s', '--show-error': '-S', '--insecure': '-k', '--fail': '-f', '--location': '-L', '--max-time': '-m', '--write-out': '-w', '--output': '-o', '--request': '-X', '--header': '-H', '--globoff': '-g' },
  };
  const parsed = parseArgs(args, spec);
  if (!parsed || parsed.missing) return notSimulated('curl', args);
  const { flags, pos } = parsed;
  if (pos.length !== 1) return notSimulated('curl', args);
  const show = !flags['-s'] || flags['-S'];
  const curlErr = (code, msg) => fail(code, show ? `curl: (${code}) ${msg}` : '');
  return transact((st) => {
    prelude(st, 'curl', args, true);
    let u = pos[0];
    if (!/^[a-z]+:\/\//i.test(u)) u = `http://${u}`;
    let url;
    try { url = new URL(u); } catch { url = null; }
    if (!url || !url.hostname) return curlErr(3, 'URL rejected: No host part in the URL');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const svc = st.objects.find((o) => o.kind === 'Service' && o.spec.clusterIP === url.hostname);
    if (!svc) {
      if (/^10\.4\./.test(url.hostname)) return curlErr(7, `Failed to connect to ${url.hostname} port ${port} after 2 ms: Couldn't connect to server`);
      return notSimulated('curl', args, `no simulated endpoint at ${url.host}`);
    }
    if (svc.metadata.name !== 'etcd-sync-monitor' || !svc.spec.ports.some((p) => p.port === port)) return notSimulated('curl', args, `no simulated endpoint at ${url.host}`);
    const ready = podsOf(st, svc).length > 0;
    if (!ready) return curlErr(7, `Failed to connect to ${url.hostname} port ${port} after 1 ms: Couldn't connect to server`);
    let body, code = 200;
    if (url.pathname === '/check') body = 'LOCAL ETCD missed keys:\nLOCAL ETCD surplus keys:\n';
    else if (url.pathname === '/healthz' || url.pathname === '/health') body = 'ok\n';
    else { code = 404; body = '404 page not found\n'; }
    if (code >= 400 && flags['-f']) return curlErr(22, `The requested URL returned error: ${code}`);
    if (flags['-o'] && flags['-o'] !== '/dev/null') return notSimulated('curl', args, 'writing files');
    if (!flags['-o']) out(body);
    if (flags['-w']) out(flags['-w'].replace(/%\{http_code\}|%\{response_code\}/g, String(code)).replace(/\\n/g, '\n'));
  });
}

// ---------------------------------------------------------------------------------------------
// df

const FILESYSTEMS = [
  { source: '/dev/mapper/vg0-root', fstype: 'xfs', target: '/', sizeG: 500, usedG: 96 },
  { source: '/dev/mapper/vg1-cpaas', fstype: 'xfs', target: '/cpaas', sizeG: 1024, usedG: 210 },
];
function df(args) {
  const spec = { '-h': 'bool', '--human-readable': 'bool', '-H': 'bool', '--si': 'bool', '-k': 'bool', '-m': 'bool', '-P': 'bool', '--portability': 'bool', '-T': 'bool', '--print-type': 'bool', '-B': 'value', '--block-size': 'value', '--output': 'value', '-l': 'bool', '--local': 'bool', '-x': 'value', '-t': 'value', alias: { '--human-readable': '-h', '--portability': '-P', '--print-type': '-T', '--block-size': '-B', '--local': '-l' } };
  // bare `--output` means every field
  const norm = args.map((a) => (a === '--output' ? '--output=source,fstype,itotal,iused,iavail,ipcent,size,used,avail,pcent,file,target' : a));
  const parsed = parseArgs(norm, spec);
  if (!parsed || parsed.missing) return notSimulated('df', args);
  const { flags, pos } = parsed;
  return transact((st) => {
    prelude(st, 'df', args);
    const availOverride = ENV.RUNBOOK_REHEARSAL_DF_AVAIL_GB;
    const fsFor = (p) => {
      let real = path.resolve(p);
      const sb = path.resolve(SB);
      if (real === sb || real.startsWith(`${sb}/`)) {
        if (!fs.existsSync(real)) fail(1, `df: ${p}: No such file or directory`);
        const rootDir = path.join(sb, 'root');
        real = real.startsWith(`${rootDir}/`) ? real.slice(rootDir.length) : '/';
      }
      return FILESYSTEMS.filter((f) => real === f.target || real.startsWith(f.target === '/' ? '/' : `${f.target}/`)).pop();
    };
    const list = pos.length ? pos.map((p) => ({ f: fsFor(p), file: p })) : FILESYSTEMS.map((f) => ({ f, file: '-' }));
    const G = 1024 ** 3;
    let unit = 1024, suffix = '', human = false, si = false;
    if (flags['-h']) human = true;
    if (flags['-H']) { human = true; si = true; }
    if (flags['-m']) unit = 1024 ** 2;
    if (flags['-B']) {
      const m = flags['-B'].match(/^(\d*)([KMGTP]?)(i?B?)$/i);
      if (!m) fail(1, `df: invalid --block-size argument '${flags['-B']}'`);
      const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 }[m[2].toUpperCase()];
      unit = (Number(m[1]) || 1) * mult;
      suffix = m[1] ? '' : m[2].toUpperCase();
    }
    const blocksHead = human ? 'Size' : flags['-P'] && !flags['-B'] ? `${unit}-blocks` : `${suffix ? `1${suffix}` : unit === 1024 ? '1K' : unit === 1024 ** 2 ? '1M' : String(unit)}-blocks`;
    const size = (bytes) => {
      if (human) {
        const base = si ? 1000 : 1024;
        const units = ['', 'K', 'M', 'G', 'T', 'P'];
        let v = bytes, i = 0;
        while (v >= base && i < units.length - 1) { v /= base; i++; }
        return v < 10 && i > 0 ? `${(Math.ceil(v * 10) / 10).toFixed(1)}${units[i]}` : `${Math.ceil(v)}${units[i]}`;
      }
      return `${Math.ceil(bytes / unit)}${suffix}`;
    };
    const fields = flags['--output'] ? flags['--output'].split(',') : ['source', ...(flags['-T'] ? ['fstype'] : []), 'size', 'used', 'avail', 'pcent', 'target'];
    const heads = { source: 'Filesystem', fstype: 'Type', size: blocksHead, used: 'Used', avail: human ? 'Avail' : 'Available', pcent: flags['-P'] ? 'Capacity' : 'Use%', target: 'Mounted on', file: 'File', itotal: 'Inodes', iused: 'IUsed', iavail: 'IFree', ipcent: 'IUse%' };
    if (flags['--output'] && fields.includes('avail')) heads.avail = 'Avail';
    const rows = [fields.map((f) => { if (!heads[f]) fail(1, `df: '${f}': not a valid field for --output`); return heads[f]; })];
    for (const { f, file } of list) {
      const sz = f.sizeG * G;
      const av = availOverride !== undefined && availOverride !== '' ? Number(availOverride) * G : (f.sizeG - f.usedG) * G;
      const used = sz - av;
      const cells = { source: f.source, fstype: f.fstype, size: size(sz), used: size(used), avail: size(av), pcent: `${Math.ceil((used / sz) * 100)}%`, target: f.target, file, itotal: '262144000', iused: '412871', iavail: '261731129', ipcent: '1%' };
      rows.push(fields.map((k) => cells[k]));
    }
    const right = fields.map((k) => !['source', 'fstype', 'target', 'file'].includes(k));
    const w = fields.map((k, i) => Math.max(right[i] && k !== 'pcent' ? 5 : 0, ...rows.map((r) => r[i].length)));
    out(rows.map((r) => r.map((cell, i) => (right[i] ? cell.padStart(w[i]) : i === r.length - 1 ? cell : cell.padEnd(w[i]))).join(' ').replace(/\s+$/, '')).join('\n') + '\n');
  });
}

// ---------------------------------------------------------------------------------------------
// violet (extension package uploader, installed on PATH per the 4.x docs)

async function violet(args) {
  const cmd = args[0];
  if (cmd === 'version' || cmd === '--version' || cmd === '-v') { logCommand('violet', args); return out('violet version v4.0.3 (REHEARSAL stand-in)\n'); }
  if (cmd !== 'push') return notSimulated('violet', args);
  const spec = {
    '--platform-address': 'value', '--platform-username': 'value', '--platform-password': 'value', '--clusters': 'value', '--dest-repo': 'value',
    '--username': 'value', '--password': 'value', '--no-auth': 'bool', '--target-catalog-source': 'value', '--skip-crs': 'bool', '--skip-push': 'bool',
    '--force': 'bool', '--debug': 'bool', '--plain': 'bool', '--platform-insecure': 'bool',
  };
  const parsed = parseArgs(args.slice(1), spec);
  if (!parsed || parsed.missing) return notSimulated('violet', args);
  const { flags, pos } = parsed;
  if (pos.length !== 1) fail(1, 'Error: accepts 1 arg(s): the package file or a directory of packages');
  const missing = ['--platform-address', '--platform-username', '--platform-password'].filter((f) => !flags[f] && !flags['--skip-crs']);
  if (missing.length) fail(1, `Error: required flag(s) ${missing.map((m) => `"${m.slice(2)}"`).join(', ')} not set`);
  if (flags['--dest-repo'] && !flags['--no-auth'] && !(flags['--username'] && flags['--password'])) fail(1, 'Error: --dest-repo needs the credentials of that registry (--username and --password) or --no-auth');
  const target = path.resolve(pos[0]);
  let pkgs;
  try {
    const s = fs.statSync(target);
    pkgs = s.isDirectory() ? fs.readdirSync(target).filter((f) => /\.(tgz|tar\.gz|tar)$/.test(f)).sort().map((f) => path.join(target, f)) : [target];
  } catch { fail(1, `Error: open ${pos[0]}: no such file or directory`); }
  if (!pkgs.length) fail(1, `Error: no packages found in ${pos[0]}`);
  transact((st) => prelude(st, 'violet', args));
  out(`[REHEARSAL] simulated violet push: ${pkgs.length} package(s)${flags['--dest-repo'] ? ` to ${flags['--dest-repo']}` : ''}\n`);
  for (const p of pkgs) {
    const base = path.basename(p).replace(/\.(tgz|tar\.gz|tar)$/, '');
    if (!flags['--skip-push']) { out(`pushing images of ${base} to ${flags['--dest-repo'] || 'the platform registry'} ...\n`); await sleep(60); }
    if (!flags['--skip-crs']) {
      const m = base.match(/^(.*?)[._-](?:ALL[._-])?(v\d[\w.-]*)$/);
      const artifact = m ? m[1] : base;
      const tag = m ? m[2] : 'v0.0.0';
      transact((st) => {
        const name = `${artifact}.${tag}`;
        if (!findObj(st, 'ArtifactVersion', name, 'cpaas-system')) {
          st.objects.push(obj('ArtifactVersion', name, 'cpaas-system', { 'cpaas.io/artifact-version': artifact }, NOW, { spec: { artifact, tag, version: tag }, status: { phase: 'Present' } }));
        }
      });
      out(`created ArtifactVersion ${artifact}.${tag}${flags['--clusters'] ? ` for clusters ${flags['--clusters']}` : ''}\n`);
    }
  }
  out('push finished\n');
}

// ---------------------------------------------------------------------------------------------
// upgrade.sh (the unpacked platform package)

const IMAGES = ['apollo', 'archon', 'archon-api', 'captain', 'courier-api', 'minio', 'etcd-sync', 'etcd-mirror', 'kube-ovn', 'alb2', 'nevermore',
  'icarus', 'ares', 'morgans', 'thanos', 'prometheus', 'alertmanager', 'grafana', 'kube-state-metrics', 'node-exporter', 'cert-manager-controller',
  'cert-manager-webhook', 'dex', 'auth-controller', 'cluster-transformer', 'cpaas-fe', 'portal', 'chart-registry', 'registry', 'sentry',
  'tkestack/kube-apiserver', 'tkestack/kube-controller-manager', 'tkestack/kube-scheduler', 'tkestack/kube-proxy', 'tkestack/etcd',
  'tkestack/coredns', 'tkestack/pause', 'topolvm-operator', 'product-docs', 'cluster-enhancer'];

async function upgradeSh(args) {
  let onlySync = false, skipSync = false, registry, username, password;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [k, v] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => { const x = v !== undefined ? v : args[++i]; if (x === undefined || x === '') fail(1, `[ERROR] ${k} needs a value`); return x; };
    if (k === '--only-sync-image') { onlySync = v === undefined ? true : truthy(v); } else if (k === '--skip-sync-image') skipSync = v === undefined ? true : truthy(v);
    else if (k === '--registry') registry = val();
    else if (k === '--username') username = val();
    else if (k === '--password') password = val();
    else return notSimulated('upgrade.sh', args);
  }
  if (onlySync && skipSync) fail(1, '[ERROR] --only-sync-image and --skip-sync-image cannot be used together');
  if ((username && password === undefined) || (password && username === undefined)) fail(1, '[ERROR] --username and --password must be given together');
  const snap = transact((st) => { prelude(st, 'upgrade.sh', args); return clone({ params: st.params, cluster: st.cluster, platform: st.platform, kube: st.kube, images: st.images, upgrade: st.upgrade, etcdSync: st.etcdSync, helm: st.helm, mirror: !!findObj(st, 'Deployment', 'etcd-mirror-etcd-mirror', 'kube-system') }); });
  const target = snap.platform.target;
  out(`[REHEARSAL] simulated upgrade.sh (ACP ${target} package) on the ${snap.cluster.name} cluster\n`);
  const stamp = () => new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  const say = (s) => out(`${stamp()} [INFO] ${s}\n`);
  if (!skipSync) {
    const dest = registry || snap.cluster.registry;
    if (!registry && snap.params.registry === 'external') {
      fail(1, `${stamp()} [ERROR] failed to reach the built-in registry ${snap.cluster.vip}:11443: dial tcp ${snap.cluster.vip}:11443: connect: connection refused\n[REHEARSAL] this global cluster uses the external registry ${snap.cluster.registry}: pass --registry, --username and --password`);
    }
    say(`syncing ${IMAGES.length} images of ACP ${target} to ${dest}${username ? ` as ${username}` : ''}`);
    for (let i = 0; i < IMAGES.length; i++) {
      await sleep(50);
      const img = IMAGES[i].includes('/') ? IMAGES[i] : `acp/${IMAGES[i]}`;
      out(`${stamp()} [INFO] [${String(i + 1).padStart(2)}/${IMAGES.length}] ${dest}/${img}:v${target} pushed\n`);
    }
    transact((st) => { if (!st.images.syncedTo.includes(dest)) st.images.syncedTo.push(dest); st.images.at = iso(Date.now()); });
    say(`image sync finished: ${IMAGES.length}/${IMAGES.length} images in ${dest}`);
    if (onlySync) { say('--only-sync-image=true: the platform was not upgraded'); return; }
  }
  // trigger the upgrade
  const ok = snap.images.syncedTo.length > 0 || !skipSync;
  if (!ok) fail(1, `${stamp()} [ERROR] images of ACP ${target} not found in ${snap.cluster.registry} (e.g. acp/apollo:v${target}): sync the images first with --only-sync-image=true`);
  if (snap.etcdSync && !snap.upgrade.completedAt && (snap.helm.some((r) => r.name === 'etcd-sync') || snap.mirror)) {
    fail(1, `${stamp()} [ERROR] the etcd sync plugin of global DR is still installed\n[REHEARSAL] the global DR procedure removes it before upgrading (helm3 del etcd-sync; delete the etcd-mirror configmaps, secrets and deployment)`);
  }
  if (snap.upgrade.completedAt && snap.platform.version === target) {
    say(`the platform already runs ACP ${target}; re-applying the ${target} charts`);
  }
  const phases = ['checking the global cluster', 'checking node status', 'backing up etcd', 'updating CRDs', 'updating the chart repository',
    'updating ProductBase', 'upgrading cluster-base charts', 'upgrading platform charts', 'upgrading cpaas-system components', 'waiting for the platform components to become ready'];
  for (const p of phases) { await sleep(120); say(p); }
  transact((st) => {
    st.upgrade.runs++;
    st.upgrade.completedAt = iso(Date.now());
    st.upgrade.stepId = STEP || null;
    st.platform.version = st.platform.target;
    const ver = `v${st.platform.version}`;
    const pb = findObj(st, 'ProductBase', 'base');
    if (pb) { pb.spec.version = st.platform.version; pb.status.version = st.platform.version; }
    upgradeKubernetes(st);
    for (const d of st.objects.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'cpaas-system')) {
      const c0 = d.spec.template.spec.containers[0];
      const img = c0.image.replace(/:v[\d.]+$/, `:${ver}`);
      if (img === c0.image) continue;
      c0.image = img;
      const a = d.metadata.annotations || (d.metadata.annotations = {});
      a['deployment.kubernetes.io/revision'] = String(Number(a['deployment.kubernetes.io/revision'] || 1) + 1);
      const old = podsOf(st, d);
      st.objects = st.objects.filter((x) => !old.includes(x));
      old.forEach((p, i) => spawnPod(st, d, p.spec.nodeName || st.cluster.nodes[i % 3], Date.now() - 20e3));
    }
    if (st.params.topolvm && !findObj(st, 'ModuleInfo', `${st.cluster.name}-topolvm-migrate-catalog-updater`)) {
      st.objects.push(obj('ModuleInfo', `${st.cluster.name}-topolvm-migrate-catalog-updater`, null, { 'cpaas.io/cluster-name': st.cluster.name, 'cpaas.io/module-name': 'topolvm-migrate-catalog-updater' }, Date.now(), { spec: { version: ver }, status: { phase: 'Running', version: ver } }));
    }
  });
  say(`ACP ${target} installed on the ${snap.cluster.name} cluster`);
  out(`[REHEARSAL] Feature Components upgrade simulated as well: Kubernetes ${snap.kube.gitVersion} -> ${snap.kube.target} (see rehearsal/README.md)\n`);
}

/** What the (console) Feature Components upgrade does: Kubernetes moves, every pod restarts once (1.31+). */
function upgradeKubernetes(st) {
  if (st.kube.gitVersion === st.kube.target) return;
  const prev = st.kube.gitVersion;
  st.kube.gitVersion = st.kube.target;
  const now = Date.now();
  for (const o of st.objects) {
    if (o.kind === 'Node') { o.status.nodeInfo.kubeletVersion = st.kube.gitVersion; o.status.nodeInfo.kubeProxyVersion = st.kube.gitVersion; }
    if (o.kind === 'Deployment' || o.kind === 'DaemonSet') {
      const c0 = o.spec.template.spec.containers[0];
      c0.image = c0.image.replace(prev, st.kube.gitVersion);
    }
    if (o.kind === 'Pod') {
      const c0 = o.spec.containers[0];
      c0.image = c0.image.replace(prev, st.kube.gitVersion);
      const cs = o.status.containerStatuses[0];
      cs.image = c0.image;
      cs.lastState = { terminated: { exitCode: 0, reason: 'Completed', startedAt: cs.state.running.startedAt, finishedAt: iso(now - 60e3) } };
      cs.restartCount += 1;
      cs.state = { running: { startedAt: iso(now - 55e3) } };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// setup

function realish(p) { // realpath of the longest existing prefix + the rest
  let cur = path.resolve(p);
  const rest = [];
  for (;;) {
    try { return path.join(fs.realpathSync(cur), ...rest.reverse()); } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.resolve(p);
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}
const inside = (root, p) => p === root || p.startsWith(root.endsWith('/') ? root : `${root}/`);

function setup() {
  if (!SB) fail(1, 'rehearsal/setup: RUNBOOK_REHEARSAL_DIR is not set; the toolbox only runs inside a rehearsal sandbox');
  if (!path.isAbsolute(SB)) fail(1, `rehearsal/setup: RUNBOOK_REHEARSAL_DIR=${SB} is not an absolute path`);
  const sbReal = realish(SB);
  if (sbReal === '/' || sbReal === realish(os.homedir()) || sbReal.split('/').filter(Boolean).length < 2) {
    fail(1, `rehearsal/setup: RUNBOOK_REHEARSAL_DIR=${SB} is not a sandbox directory (refusing to write there)`);
  }
  // Every directory param must lie in the sandbox: the runner re-roots absolute paths into it.
  const dirs = [];
  for (const [k, v] of Object.entries(ENV)) {
    if (!/^[A-Z][A-Z0-9_]*_DIR$/.test(k) || k.startsWith('RUNBOOK_') || !v) continue;
    if (!path.isAbsolute(v)) { if (k === 'PACKAGE_DIR') fail(1, `rehearsal/setup: PACKAGE_DIR=${v} is not an absolute path; refusing to guess where to write`); continue; }
    const r = realish(v);
    if (!inside(sbReal, r)) {
      if (k === 'PACKAGE_DIR') fail(1, `rehearsal/setup: PACKAGE_DIR=${v} lies outside the sandbox ${SB}; refusing to write there`);
      continue; // not a re-rooted param (e.g. SSL_CERT_DIR): left alone
    }
    dirs.push([k, v]);
  }
  fs.mkdirSync(SB, { recursive: true });
  fs.writeFileSync(path.join(SB, '.sim-node'), `${process.execPath}\n`);
  let st, fresh = false;
  if (fs.existsSync(statePath())) ({ st } = readState());
  else { st = initialState(); fresh = true; writeState(st); }
  for (const [k, v] of dirs) {
    fs.mkdirSync(v, { recursive: true });
    if (k === 'PACKAGE_DIR') writePackage(v, st);
  }
  const p = st.params;
  out(`[REHEARSAL] simulated ACP toolbox ${fresh ? 'ready' : 'resumed (existing state kept)'}: ${p.clusterName} cluster, ACP ${st.platform.version} -> ${st.platform.target}, Kubernetes ${st.kube.gitVersion}, DR ${p.dr ? 'on' : 'off'}, registry ${p.registry}${p.topolvm ? ', TopoLVM' : ''}; state ${statePath()}\n`);
}

function writePackage(dir, st) {
  const tpl = fs.readFileSync(path.join(HERE, '..', 'package', 'upgrade.sh'), 'utf8')
    .replaceAll('@SIM@', path.join(HERE, 'sim.mjs')).replaceAll('@NODE@', process.execPath);
  const f = path.join(dir, 'upgrade.sh');
  let cur = null;
  try { cur = fs.readFileSync(f, 'utf8'); } catch { /* new */ }
  if (cur !== tpl) { fs.writeFileSync(`${f}.tmp`, tpl, { mode: 0o755 }); fs.renameSync(`${f}.tmp`, f); }
  const marker = path.join(dir, 'REHEARSAL-PACKAGE.txt');
  if (!fs.existsSync(marker)) {
    fs.writeFileSync(marker, `Simulated unpacked ACP ${st.platform.target} upgrade package (REHEARSAL).\nOnly upgrade.sh is functional; it drives the simulated platform in ${SB}.\n`);
    fs.mkdirSync(path.join(dir, 'res'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'res', 'VERSION'), `v${st.platform.target}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// main

/** Run one simulated tool: argv = [toolName, ...args]; resolves to its exit code. */
export async function main(argv) {
  const [tool, ...args] = argv;
  process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  try {
    await dispatch(tool, args);
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    err(`rehearsal: internal error: ${e && e.stack ? e.stack : e}\n`);
    return 70;
  }
}

async function dispatch(tool, args) {
  if (tool === 'setup') return setup();
  if (!SB) fail(2, `rehearsal: ${tool} is the REHEARSAL stand-in and RUNBOOK_REHEARSAL_DIR is not set: refusing to run (this is not the real ${tool})`);
  switch (tool) {
    case 'kubectl': return kubectl(args);
    case 'helm': case 'helm3': return helm(args);
    case 'curl': return curl(args);
    case 'df': return df(args);
    case 'violet': return violet(args);
    case 'upgrade.sh': return upgradeSh(args);
    default: return fail(2, `rehearsal: unknown tool ${tool}`);
  }
}

// Run only when executed directly (`node sim.mjs TOOL ...`), not when imported by `runbook __sim`;
// no top-level await, so that a CommonJS bundle (the single executable) can hold this module.
function executedDirectly() {
  try { return Boolean(process.argv[1]) && pathToFileURL(fs.realpathSync(process.argv[1])).href === import.meta.url; } catch { return false; }
}
if (executedDirectly()) main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
