// Steps of the shipped runbooks, run against the rehearsal toolbox in the situations that broke them:
// each test stands for a defect a real cluster would have shown (a tool failing, a look-alike object,
// another release's names, a retry). The scripts are taken from the runbooks as the runner runs them.
import { describe, it, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from '../src/engine/document/model.js';
import { loadShipped } from './matrix.js';
import { servedSandboxes, type Sandbox } from './helpers/sandbox.js';

// The stand-ins are answered by a toolbox server, as a runner's are.
const sandbox = servedSandboxes();
// Each test runs dozens of simulated commands: generous timeouts for loaded CI machines.
const SLOW = { timeout: 300_000 };

function stepOf(runbook: string, id: string): Step {
  const step = loadShipped(runbook).steps.find((s) => s.id === id);
  if (!step?.script) throw new Error(`${runbook} has no executable step ${id}`);
  return step;
}

/** Run one step's script the way the runner does: its cwd ($NAME expanded), bash -eo pipefail, RUNBOOK_STEP. */
function runStep(sb: Sandbox, runbook: string, id: string, env: Record<string, string | undefined> = {}) {
  const step = stepOf(runbook, id);
  const all = { ...sb.env, ...env };
  const cwd = step.cwd ? step.cwd.replace(/\$(\w+)/g, (_, n: string) => all[n] ?? '') : sb.dir;
  mkdirSync(cwd, { recursive: true });
  return sb.sh(step.script!.value, id, env, cwd);
}

const GLOBAL = 'upgrade-global.md';
const WORKLOAD = 'upgrade-workload.md';
const PREPARE = 'upgrade-prepare.md';

describe('a failing tool fails the step, with its message', SLOW, () => {
  it('API server down: no step that talks to the cluster passes, and the tool says why', () => {
    const env = { FROM: '3.16', TO: '4.0', DR: 'true', DR_CLUSTER: 'primary', CLUSTER_NAME: 'global', STANDBY_VIP: '192.168.130.20',
      TOPOLVM_ARTIFACT: 'operatorhub-topolvm-operator.v4.0.3', ETCD_SYNC_POD: 'etcd-sync-abc-12345', PODS_NOT_READY_BEFORE: '0', BACKUP_DIR: '' };
    const sb = sandbox(env);
    expect(sb.setup().code).toBe(0);
    const down = { RUNBOOK_REHEARSAL_API_DOWN: '1', BACKUP_DIR: sb.dir };
    const checked: string[] = [];
    // steps that refuse to start without their backup never reach the cluster: give them one
    for (const dir of [sb.dir, sb.pkg]) writeFileSync(join(dir, 'topolvm-artifact.yaml'), 'kind: ArtifactVersion\nmetadata:\n  name: x\n');
    for (const name of [PREPARE, GLOBAL, WORKLOAD]) {
      for (const step of loadShipped(name).steps) {
        if (!step.script || !/\b(kubectl|helm3)\b/.test(step.script.value) || step.id === 'topolvm-minfo-command') continue;
        const r = runStep(sb, name, step.id, down);
        expect(r.code, `${name} ${step.id} passed with the API server down:\n${r.out}${r.err}`).not.toBe(0);
        expect(r.out + r.err, `${name} ${step.id}`).toMatch(/refused|unreachable/);
        checked.push(`${name}#${step.id}`);
      }
    }
    expect(checked).toContain(`${GLOBAL}#dr-remove-etcd-sync-helm`);
    expect(checked).toContain(`${GLOBAL}#dr-remove-etcd-mirror-config`);
    expect(checked).toContain(`${GLOBAL}#dr-remove-etcd-mirror-deploy`);
  });

  it('the Kubernetes version checks say that the API server could not be reached', () => {
    const sb = sandbox({ FROM: '3.18', TO: '4.0' });
    sb.setup();
    for (const [name, id] of [[PREPARE, 'k8s-version-global'], [WORKLOAD, 'k8s-version']] as const) {
      const r = runStep(sb, name, id, { RUNBOOK_REHEARSAL_API_DOWN: '1' });
      expect(r.code, id).toBe(1);
      expect(r.err, id).toContain('The connection to the server');
      expect(r.err, id).toContain('Cannot read the Kubernetes server version');
      const up = runStep(sb, name, id);
      expect(up.code, up.err).toBe(0);
      expect(up.out).toMatch(/Kubernetes server version: v1\.28\.\d+ \(required: 1\.28 or later\)/);
    }
  });

  it('3.16 etcd-sync removal: helm3 missing fails the step; the removal is verified before it passes', () => {
    const sb = sandbox({ FROM: '3.16', TO: '4.0', DR: 'true', DR_CLUSTER: 'primary' });
    sb.setup();
    const missing = { RUNBOOK_REHEARSAL_MISSING_TOOLS: 'helm3' };
    const noHelm = runStep(sb, GLOBAL, 'dr-remove-etcd-sync-helm', missing);
    expect(noHelm.code).toBe(127);
    expect(noHelm.err).toContain('helm3: command not found');
    // not removed yet: the verification fails and names what is left
    const early = runStep(sb, GLOBAL, 'dr-check-etcd-mirror-gone');
    expect(early.code).toBe(1);
    expect(early.err).toContain('release etcd-sync in default');
    expect(early.err).toContain('etcd-sync-');
    for (const id of ['dr-remove-etcd-sync-helm', 'dr-remove-etcd-mirror-config', 'dr-remove-etcd-mirror-deploy']) {
      const r = runStep(sb, GLOBAL, id);
      expect(r.code, `${id}: ${r.err}`).toBe(0);
      // a retry after success passes too and removes nothing more
      const again = runStep(sb, GLOBAL, id);
      expect(again.code, `${id} again: ${again.err}`).toBe(0);
    }
    expect(runStep(sb, GLOBAL, 'dr-check-etcd-mirror-gone', missing).code).toBe(127);
    const done = runStep(sb, GLOBAL, 'dr-check-etcd-mirror-gone');
    expect(done.code, done.err).toBe(0);
    expect(sb.sh('kubectl get pod -n cpaas-system -l app=etcd-sync -o name').out).toBe('');
    expect(runStep(sb, GLOBAL, 'dr-check-etcd-sync-gone').code).toBe(0);
  });
});

describe('checks compare what they claim', SLOW, () => {
  it('ProductBase: the standby VIP elsewhere, or a longer address, is not in spec.alternativeURLs', () => {
    const sb = sandbox({ FROM: '3.18', TO: '4.0', DR: 'true', DR_CLUSTER: 'standby', STANDBY_VIP: '192.168.130.20' });
    sb.setup();
    expect(runStep(sb, GLOBAL, 'dr-standby-productbase').code).toBe(0);
    const lookAlike = sb.sh(`kubectl patch productbase base --type merge -p '{"spec":{"alternativeURLs":["https://192.168.130.200"],"platformURL":"https://192.168.130.20"}}'`);
    expect(lookAlike.code, lookAlike.err).toBe(0);
    const r = runStep(sb, GLOBAL, 'dr-standby-productbase');
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not contain https://192.168.130.20');
    expect(r.err).toContain('    - https://192.168.130.20\n');
    sb.sh(`kubectl patch productbase base --type merge -p '{"spec":{"alternativeURLs":["https://192.168.130.200","https://192.168.130.20"]}}'`);
    expect(runStep(sb, GLOBAL, 'dr-standby-productbase').code).toBe(0);
  });

  it('TopoLVM: the ArtifactVersion of the target release is found on a 4.0 and on a 4.1 upgrade', () => {
    for (const [to, tag] of [['4.0', 'v4.0.3'], ['4.1', 'v4.1.2']]) {
      for (const [runbook, cluster] of [[GLOBAL, 'global'], [WORKLOAD, 'business-1']]) {
        const sb = sandbox({ FROM: '3.18', TO: to!, TOPOLVM: 'true', CLUSTER_NAME: cluster!, BACKUP_DIR: '' });
        sb.setup();
        const r = runStep(sb, runbook!, 'topolvm-find-artifact');
        expect(r.code, `${runbook} ${to}: ${r.err}`).toBe(0);
        expect(r.out).toBe(`operatorhub-topolvm-operator.${tag}\n`);
      }
    }
  });

  it('TopoLVM round trip: backup, delete, re-create; each step can be retried after it succeeded', () => {
    const sb = sandbox({ FROM: '3.18', TO: '4.0', TOPOLVM: 'true', CLUSTER_NAME: 'business-1' });
    sb.setup();
    const env = { BACKUP_DIR: `${sb.dir}/root/root/topolvm-backup` };
    const name = runStep(sb, WORKLOAD, 'topolvm-find-artifact', env).out.trim();
    const withName = { ...env, TOPOLVM_ARTIFACT: name };
    for (const id of ['topolvm-backup-artifact', 'topolvm-delete-artifact', 'topolvm-delete-artifact']) {
      const r = runStep(sb, WORKLOAD, id, withName);
      expect(r.code, `${id}: ${r.err}`).toBe(0);
    }
    expect(sb.sh(`kubectl get artifactversion -n cpaas-system ${name} --ignore-not-found -o name`).out).toBe('');
    const first = runStep(sb, WORKLOAD, 'topolvm-recreate-artifact', withName);
    expect(first.out).toBe(`artifactversion.app.alauda.io/${name} created\n`);
    const again = runStep(sb, WORKLOAD, 'topolvm-recreate-artifact', withName);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('exists already');
  });

  it('TopoLVM migration record: global deletes only its own, not global-dev\'s; a retry reports it already removed', () => {
    const sb = sandbox({ FROM: '3.18', TO: '4.1', TOPOLVM: 'true', CLUSTER_NAME: 'global' });
    sb.setup();
    const r = runStep(sb, GLOBAL, 'topolvm-delete-minfo');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('moduleinfo.cluster.alauda.io "global-topolvm-migrate-catalog-updater" deleted\n');
    expect(sb.sh('kubectl get minfo -o name').out).toContain('/global-dev-topolvm-migrate-catalog-updater\n');
    const retry = runStep(sb, GLOBAL, 'topolvm-delete-minfo');
    expect(retry.code, retry.err).toBe(0);
    expect(retry.out).toContain('already removed');
  });

  it('TopoLVM migration record of a workload cluster: the printed script does the same on the global cluster', () => {
    const workload = sandbox({ FROM: '3.18', TO: '4.0', TOPOLVM: 'true', CLUSTER_NAME: 'business-1' });
    workload.setup();
    const printed = runStep(workload, WORKLOAD, 'topolvm-minfo-command');
    expect(printed.code, printed.err).toBe(0);
    const global = sandbox({ FROM: '3.18', TO: '4.0', TOPOLVM: 'true', CLUSTER_NAME: 'global' });
    global.setup();
    global.sh(`kubectl create -f - <<'EOF'
apiVersion: cluster.alauda.io/v1alpha1
kind: ModuleInfo
metadata:
  name: business-1-topolvm-migrate-catalog-updater
  labels: {cpaas.io/cluster-name: business-1}
---
apiVersion: cluster.alauda.io/v1alpha1
kind: ModuleInfo
metadata:
  name: business-10-topolvm-migrate-catalog-updater
  labels: {cpaas.io/cluster-name: business-10}
EOF`);
    const pasted = global.exec(['bash', '--noprofile', '--norc'], {}, global.dir, printed.out);
    expect(pasted.code, pasted.err).toBe(0);
    expect(pasted.out).toBe('moduleinfo.cluster.alauda.io "business-1-topolvm-migrate-catalog-updater" deleted\n');
    expect(global.sh('kubectl get minfo -o name').out).toContain('/business-10-topolvm-migrate-catalog-updater\n');
    const again = global.exec(['bash', '--noprofile', '--norc'], {}, global.dir, printed.out);
    expect(again.out).toContain('already removed');
  });
});

describe('the upgrade path', SLOW, () => {
  it('only the paths the seeds describe pass', () => {
    const sb = sandbox();
    for (const runbook of [PREPARE, GLOBAL, WORKLOAD]) {
      for (const [from, to, ok] of [['3.16', '4.0', true], ['3.18', '4.0', true], ['3.18', '4.1', true], ['4.0', '4.1', true], ['3.16', '4.1', false], ['4.0', '4.0', false]] as const) {
        const r = runStep(sb, runbook, 'supported-path', { FROM: from, TO: to });
        expect(r.code === 0, `${runbook} ${from} -> ${to}: ${r.err}`).toBe(ok);
        if (!ok) expect(r.err).toContain('Supported: 3.16 -> 4.0, 3.18 -> 4.0, 3.18 -> 4.1, 4.0 -> 4.1');
      }
    }
  });
});
