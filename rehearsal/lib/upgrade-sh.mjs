// @ts-check
// REHEARSAL toolbox: upgrade.sh of the unpacked platform package.
import { prelude } from './console-rules.mjs';
import { spawnPod, topolvmMigrationRecord } from './model.mjs';
import { findObj, podsOf } from './objects.mjs';
import { transact } from './state.mjs';
import { clone, fail, iso, notSimulated, out, sleep, truthy } from './util.mjs';
import { rt } from './runtime.mjs';

export const IMAGES = ['apollo', 'archon', 'archon-api', 'captain', 'courier-api', 'minio', 'etcd-sync', 'etcd-mirror', 'kube-ovn', 'alb2', 'nevermore',
  'icarus', 'ares', 'morgans', 'thanos', 'prometheus', 'alertmanager', 'grafana', 'kube-state-metrics', 'node-exporter', 'cert-manager-controller',
  'cert-manager-webhook', 'dex', 'auth-controller', 'cluster-transformer', 'cpaas-fe', 'portal', 'chart-registry', 'registry', 'sentry',
  'tkestack/kube-apiserver', 'tkestack/kube-controller-manager', 'tkestack/kube-scheduler', 'tkestack/kube-proxy', 'tkestack/etcd',
  'tkestack/coredns', 'tkestack/pause', 'topolvm-operator', 'product-docs', 'cluster-enhancer'];

/** @param {string[]} args */
export async function upgradeSh(args) {
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
  /** @param {string} s */
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
    st.upgrade.stepId = rt.step || null;
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
      st.objects.push(topolvmMigrationRecord(st.cluster.name, ver, Date.now()));
    }
  });
  say(`ACP ${target} installed on the ${snap.cluster.name} cluster`);
  out(`[REHEARSAL] Feature Components upgrade simulated as well: Kubernetes ${snap.kube.gitVersion} -> ${snap.kube.target} (see rehearsal/README.md)\n`);
}

/**
 * What the (console) Functional Components upgrade does: Kubernetes moves, every pod restarts once (1.31+).
 * @param {import('./types.mjs').State} st
 */
export function upgradeKubernetes(st) {
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
