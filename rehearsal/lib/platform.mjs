// @ts-check
// REHEARSAL toolbox: the initial simulated platform, built from the runbook params, and the etcd sync plugin it may carry.
import { ETCD_SYNC_NS, HELM_NS, IMG, KUBE, MIRROR_CM, MIRROR_SECRETS, PLATFORM, TOPOLVM_ARTIFACT, TOPOLVM_TAG, addWorkload, topolvmMigrationRecord, nodeObj, obj, staticPod } from './model.mjs';
import { hashOf, iso, truthy } from './util.mjs';
import { rt } from './runtime.mjs';

/** The initial state, from the runbook params in the environment. */
export function initialState() {
  const fromRaw = (rt.env.FROM || '3.18').trim();
  const from = (fromRaw.match(/^(\d+\.\d+)/) || [])[1] || '3.18';
  let to = (rt.env.TO || rt.env.TARGET || '').trim().match(/^(\d+\.\d+)/)?.[1];
  if (!to || !PLATFORM[to]) to = from === '4.0' ? '4.1' : '4.0';
  // a workload cluster: CLUSTER_NAME other than global, or CLUSTER_TYPE (a param only workload runbooks have)
  const clusterName = (rt.env.CLUSTER_NAME || '').trim() || (rt.env.CLUSTER_TYPE ? 'business-1' : 'global');
  const isGlobal = clusterName === 'global';
  const dr = isGlobal && truthy(rt.env.DR);
  /** @type {'primary' | 'standby' | null} */
  const role = dr ? (/^standby$/i.test((rt.env.DR_CLUSTER || '').trim()) ? 'standby' : 'primary') : null;
  const external = isGlobal && (rt.env.REGISTRY === 'external' || (!rt.env.REGISTRY && !!rt.env.REGISTRY_ADDRESS));
  const standbyVip = (rt.env.STANDBY_VIP || '').trim();
  const ipv4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/;
  const net = role === 'standby' ? (standbyVip.match(ipv4)?.[1] || '192.168.30') : isGlobal ? '192.168.10' : '192.168.20';
  const vip = role === 'standby' && ipv4.test(standbyVip) ? standbyVip : `${net}.10`;
  const kubeVersion = (rt.env.RUNBOOK_REHEARSAL_KUBE_VERSION || KUBE[from] || KUBE['3.18']).trim();
  /** @type {import('./types.mjs').State} */
  const st = {
    schema: 1,
    createdAt: iso(rt.now),
    params: { from, to, dr, role, topolvm: truthy(rt.env.TOPOLVM), clusterName, registry: external ? 'external' : 'builtin', registryAddress: external ? (rt.env.REGISTRY_ADDRESS || '') : '' },
    platform: { version: PLATFORM[from] || fromRaw, target: PLATFORM[to] ?? to },
    kube: { gitVersion: kubeVersion, target: KUBE[to] ?? kubeVersion },
    cluster: {
      name: clusterName, global: isGlobal, vip, apiserver: `${vip}:6443`,
      registry: external ? (rt.env.REGISTRY_ADDRESS || 'registry.example.internal:5000') : `${vip}:11443`,
      nodes: [`${net}.11`, `${net}.12`, `${net}.13`],
      workers: isGlobal ? [] : [`${net}.21`, `${net}.22`],
    },
    images: { syncedTo: [] },
    upgrade: { runs: 0, completedAt: null, stepId: null },
    etcdSync: dr ? { managedBy: role === 'standby' ? 'remote' : from === '3.16' ? 'helm' : 'plugin', removedAt: null, removedBy: null, reinstalledAt: null, machinesStep: null } : null,
    helm: [],
    objects: [],
    injected: {},
  };
  const t0 = rt.now - 400 * 86400e3; // the cluster was installed 400 days ago
  const tUp = rt.now - 57 * 86400e3; // last platform upgrade
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
    // TopoLVM operator artifact versions: the installed release's and the target's (the one the
    // guide backs up; the package brought it). Named after their release: `….v4.0.3` on a 4.0 upgrade.
    /** @type {[string, number][]} */
    const versions = [[TOPOLVM_TAG[from] ?? 'v3.18.1', tUp], [TOPOLVM_TAG[to] ?? 'v4.1.2', rt.now - 12 * 86400e3]];
    for (const [tag, created] of versions) {
      st.objects.push(obj('ArtifactVersion', `${TOPOLVM_ARTIFACT}.${tag}`, 'cpaas-system', { 'cpaas.io/artifact-version': TOPOLVM_ARTIFACT }, created, {
        spec: { artifact: TOPOLVM_ARTIFACT, tag, version: tag }, status: { phase: 'Present' },
      }));
    }
    // The migration records live on the global cluster, one per cluster; a neighbour whose name
    // starts with this cluster's (`global-dev` next to `global`) is there too.
    for (const name of [clusterName, `${clusterName}-dev`]) st.objects.push(topolvmMigrationRecord(name, ver, tUp));
  }
  if (st.etcdSync) installEtcdSync(st, st.etcdSync.managedBy === 'helm' ? 'helm' : 'plugin', tUp, ver);
  return st;
}

/**
 * The etcd sync plugin of a global DR pair: 3.16 = helm release + etcd-mirror pieces, later = cluster plugin.
 * @param {import('./types.mjs').State} st
 * @param {'helm' | 'plugin'} managedBy
 * @param {number} createdMs
 * @param {string} ver
 */
export function installEtcdSync(st, managedBy, createdMs, ver) {
  const ann = managedBy === 'helm' ? { 'meta.helm.sh/release-name': 'etcd-sync', 'meta.helm.sh/release-namespace': HELM_NS } : undefined;
  /** @type {Record<string, string>} */
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

/**
 * Remove everything the console uninstall of the etcd sync cluster plugin removes.
 * @param {import('./types.mjs').State} st
 */
export function uninstallEtcdSyncPlugin(st) {
  /** @param {import('./types.mjs').Obj} o */
  const gone = (o) => o.metadata.labels?.['cpaas.io/module-name'] === 'etcd-sync'
    || (o.kind === 'Pod' && o.metadata.namespace === ETCD_SYNC_NS && o.metadata.labels?.app === 'etcd-sync');
  st.objects = st.objects.filter((o) => !gone(o));
}

/** @param {import('./types.mjs').State} st */
export function etcdSyncPresent(st) {
  return st.objects.some((o) => o.kind === 'Deployment' && o.metadata.namespace === ETCD_SYNC_NS && o.metadata.name === 'etcd-sync');
}
