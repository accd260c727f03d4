// @ts-check
// REHEARSAL toolbox: rules that stand in for what operators do in the web console, the command log and injected failures (README "Console steps").
import fs from 'node:fs';
import path from 'node:path';
import { etcdSyncPresent, installEtcdSync, uninstallEtcdSyncPlugin } from './platform.mjs';
import { cmdline, fail, iso } from './util.mjs';
import { rt } from './runtime.mjs';

/** @typedef {import('./types.mjs').State} State */

/**
 * Apply the console rules R1/R2 before a command runs.
 * @param {State} st
 * @param {{ tool: string, args: string[], touchesEtcdSync: boolean }} ctx
 */
export function settle(st, ctx) {
  const es = st.etcdSync;
  if (!es) return;
  if (ctx.tool === 'kubectl' && es.machinesStep === null && ctx.args.includes('get') && ctx.args.some((a) => /^machines?(\.platform\.tkestack\.io)?$/i.test(a))) {
    es.machinesStep = rt.step || '(none)';
  }
  // R1: console uninstall (from 3.18/4.0) happened once a later step runs after the Machine check,
  // or at the latest before upgrade.sh runs.
  if (es.managedBy !== 'helm' && !es.removedAt && etcdSyncPresent(st)) {
    const afterMachines = es.machinesStep !== null && rt.step && rt.step !== es.machinesStep;
    if (afterMachines || ctx.tool === 'upgrade.sh') {
      uninstallEtcdSyncPlugin(st);
      es.removedAt = iso(rt.now);
      es.removedBy = es.managedBy === 'plugin' ? 'web console (simulated)' : 'the primary cluster run (simulated)';
    }
  }
  // R2: console reinstall happened once etcd-sync is looked at after the upgrade.
  if (es.removedAt && !etcdSyncPresent(st) && st.upgrade.completedAt && ctx.touchesEtcdSync) {
    installEtcdSync(st, 'plugin', rt.now - 95e3, `v${st.platform.version}`);
    es.reinstalledAt = iso(rt.now);
  }
}

/**
 * The error a tool prints when it cannot reach the cluster (or, for df, its disk).
 * @param {State} st
 * @param {string} tool
 * @param {string[]} args
 */
export function connectionError(st, tool, args) {
  const api = st.cluster.apiserver;
  /** @type {Record<string, string>} */
  const messages = {
    kubectl: `The connection to the server ${api} was refused - did you specify the right host or port?`,
    helm: `Error: Kubernetes cluster unreachable: Get "https://${api}/version": dial tcp ${api}: connect: connection refused`,
    helm3: `Error: Kubernetes cluster unreachable: Get "https://${api}/version": dial tcp ${api}: connect: connection refused`,
    curl: `curl: (7) Failed to connect to ${st.cluster.vip} port 80 after 3 ms: Couldn't connect to server`,
    df: `df: ${args.filter((a) => !a.startsWith('-')).pop() || '/'}: Input/output error`,
    violet: `Error: failed to login to the platform: Post "https://${st.cluster.vip}/console-acp/api/v1/token/login": dial tcp ${st.cluster.vip}:443: i/o timeout`,
    'upgrade.sh': `[ERROR] failed to connect to the global cluster: The connection to the server ${api} was refused`,
  };
  return messages[tool] || `${tool}: connection refused`;
}

/**
 * RUNBOOK_REHEARSE_FAIL: the first command of each listed step fails once.
 * @param {State} st
 * @param {string} tool
 * @param {string[]} args
 */
export function injectedFailure(st, tool, args) {
  const list = (rt.env.RUNBOOK_REHEARSE_FAIL || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!rt.step || !list.includes(rt.step) || st.injected[rt.step]) return null;
  st.injected[rt.step] = { at: iso(rt.now), command: cmdline(tool, args) };
  return `${connectionError(st, tool, args)}\n[REHEARSAL] failure injected by RUNBOOK_REHEARSE_FAIL for step "${rt.step}" (once; a retry succeeds)`;
}

/** Tools that talk to the Kubernetes API server. */
const API_CLIENTS = ['kubectl', 'helm', 'helm3', 'upgrade.sh'];

/** RUNBOOK_REHEARSAL_API_DOWN=1: the API server of the simulated cluster refuses every connection. */
export const apiDown = () => rt.env.RUNBOOK_REHEARSAL_API_DOWN === '1';

/**
 * @param {State} st
 * @param {string} tool
 * @param {string[]} args
 */
function unreachable(st, tool, args) {
  if (!apiDown() || !API_CLIENTS.includes(tool)) return null;
  if (tool === 'kubectl' && args.includes('version')) return null; // kVersion prints the client half first
  return `${connectionError(st, tool, args)}\n[REHEARSAL] the API server is down (RUNBOOK_REHEARSAL_API_DOWN=1)`;
}

/**
 * @param {string} tool
 * @param {string[]} args
 */
export function logCommand(tool, args) {
  try { fs.appendFileSync(path.join(rt.sb, 'sim-commands.log'), `${iso(rt.now)}\t${rt.step || '-'}\t${cmdline(tool, args)}\n`); } catch { /* best effort */ }
}

/**
 * Common prelude of every simulated command: log, console rules, injected failure, API server down.
 * @param {State} st
 * @param {string} tool
 * @param {string[]} args
 * @param {boolean} [touchesEtcdSync]
 */
export function prelude(st, tool, args, touchesEtcdSync = false) {
  logCommand(tool, args);
  settle(st, { tool, args, touchesEtcdSync });
  const problem = injectedFailure(st, tool, args) ?? unreachable(st, tool, args);
  if (problem) fail(1, problem);
}
