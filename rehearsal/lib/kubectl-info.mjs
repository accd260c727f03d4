// @ts-check
// REHEARSAL toolbox: kubectl wait, rollout status, cluster-info, config, version and logs.
import crypto from 'node:crypto';
import { selectObjects, targets } from './kubectl-targets.mjs';
import { toYaml } from './yaml.mjs';
import { ETCD_SYNC_NS, plural, qualified, resolveKind } from './model.mjs';
import { findObj, notFound, podsOf, view } from './objects.mjs';
import { err, fail, notSimulated, out } from './util.mjs';
import { apiDown, connectionError } from './console-rules.mjs';

/** @typedef {import('./types.mjs').State} State */
/** @typedef {import('./types.mjs').KubectlCall} KubectlCall */
/** @typedef {import('./types.mjs').Obj} Obj */

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kWait(st, c) {
  /** @type {string} */
  const cond = c.flags['--for'] || '';
  const tg = targets(c.pos, c.args);
  if (!tg.length || !cond) return notSimulated('kubectl', c.args);
  const named = tg.some((t) => t.name);
  const found = named ? tg.map((t) => findObj(st, t.kind, t.name ?? '', c.ns) ?? fail(1, notFound(t.kind, t.name ?? ''))) : selectObjects(st, c, tg.map((t) => t.kind)).flat();
  if (!found.length) fail(1, 'error: no matching resources found');
  for (const x of found) {
    const v = view(st, x);
    if (cond === 'delete') fail(1, `error: timed out waiting for the condition on ${plural(x.kind)}/${x.metadata.name}`);
    const m = cond.match(/^condition=([\w]+)(?:=(\w+))?$/i);
    if (!m) return notSimulated('kubectl', c.args);
    const conds = v.status?.conditions || [];
    const want = (m[1] ?? '').toLowerCase();
    const hit = conds.find((/** @type {{ type: string }} */ k) => k.type.toLowerCase() === want);
    if (!hit || hit.status.toLowerCase() !== (m[2] || 'true').toLowerCase()) fail(1, `error: timed out waiting for the condition on ${plural(x.kind)}/${x.metadata.name}`);
    out(`${qualified(x.kind)}/${x.metadata.name} condition met\n`);
  }
}

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kRollout(st, c) {
  const [action, ...rest] = c.pos;
  if (action !== 'status') return notSimulated('kubectl', c.args);
  const tg = targets(rest, c.args);
  const [t] = tg;
  if (tg.length !== 1 || !t?.name || !['Deployment', 'DaemonSet'].includes(t.kind)) return notSimulated('kubectl', c.args);
  const x = findObj(st, t.kind, t.name, c.ns) ?? fail(1, notFound(t.kind, t.name));
  out(t.kind === 'Deployment' ? `deployment "${x.metadata.name}" successfully rolled out\n` : `daemon set "${x.metadata.name}" successfully rolled out\n`);
}

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kClusterInfo(st, c) {
  if (c.pos.length) return notSimulated('kubectl', c.args);
  out(`\u001b[0;32mKubernetes control plane\u001b[0m is running at \u001b[0;33mhttps://${st.cluster.apiserver}\u001b[0m\n\u001b[0;32mCoreDNS\u001b[0m is running at \u001b[0;33mhttps://${st.cluster.apiserver}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\u001b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
}

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kConfig(st, c) {
  if (c.pos[0] === 'current-context' && c.pos.length === 1) return out(`${st.cluster.name}\n`);
  return notSimulated('kubectl', c.args);
}

/**
 * @param {State} st
 * @param {string} [v]
 */
export function versionInfo(st, v = st.kube.gitVersion) {
  const [maj, min] = v.replace(/^v/, '').split('.');
  return { major: maj, minor: min, gitVersion: v, gitCommit: crypto.createHash('sha1').update(v).digest('hex'), gitTreeState: 'clean', buildDate: '2025-02-12T21:26:17Z', goVersion: Number(min) >= 31 ? 'go1.23.6' : 'go1.22.8', compiler: 'gc', platform: 'linux/amd64' };
}
/**
 * `kubectl version`; with the API server down, the client half and then the connection error (as kubectl does).
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kVersion(st, c) {
  if (c.pos.length) return notSimulated('kubectl', c.args);
  const client = versionInfo(st);
  const kustomize = 'v5.4.2';
  const o = c.flags['-o'];
  if (o && o !== 'json' && o !== 'yaml') fail(1, `error: --output must be 'yaml' or 'json'`);
  const clientOnly = c.flags['--client'] || apiDown();
  const doc = clientOnly ? { clientVersion: client, kustomizeVersion: kustomize } : { clientVersion: client, kustomizeVersion: kustomize, serverVersion: versionInfo(st) };
  const down = () => { if (!c.flags['--client'] && apiDown()) fail(1, `${connectionError(st, 'kubectl', c.args)}\n[REHEARSAL] the API server is down (RUNBOOK_REHEARSAL_API_DOWN=1)`); };
  if (o === 'json') out(`${JSON.stringify(doc, null, 2)}\n`);
  else if (o === 'yaml') out(toYaml(doc));
  else out(`Client Version: ${client.gitVersion}\nKustomize Version: ${kustomize}\n${clientOnly ? '' : `Server Version: ${st.kube.gitVersion}\n`}`);
  down();
}

/**
 * The simulated log of one pod (klog lines).
 * @param {State} st
 * @param {Obj} p
 * @param {KubectlCall} c
 */
export function podLogs(st, p, c) {
  const t = Date.parse(p.status.startTime || p.metadata.creationTimestamp) + 3000;
  /** @param {number} dt ms after start @param {string} file @param {string} msg */
  const klog = (dt, file, msg) => {
    const d = new Date(t + dt);
    /** @param {number} n @param {number} [w] */
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    const text = `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(dt % 1000, 3)}       1 ${file}] ${msg}`;
    return c.flags['--timestamps'] ? `${d.toISOString().replace('Z', `${pad(dt % 1000, 3)}000Z`)} ${text}` : text;
  };
  const app = p.metadata.labels?.app;
  /** @type {string[]} */
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

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kLogs(st, c) {
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
