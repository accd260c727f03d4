// The rehearsal toolbox (rehearsal/): the real scripts, run as the runner runs them. Most tests have
// their stand-ins answered by a toolbox server, as in a rehearsal's steps; the refusals and the pipe
// test below start the stand-ins' own processes.
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REHEARSAL_BIN as BIN, sandbox, servedSandboxes, tempDir } from './helpers/sandbox.js';
import { waitFor } from './helpers/harness.js';

const served = servedSandboxes();

const serverVersion = (json: string) => JSON.parse(json).serverVersion.gitVersion as string;

// Each test spawns a few dozen short node processes: generous timeouts for loaded CI machines.
const SLOW = { timeout: 30_000 };

describe('rehearsal setup', SLOW, () => {
  it('creates the state and the package, and keeps the state when called again', () => {
    const sb = served({ FROM: '3.16', DR: 'true' });
    const first = sb.setup();
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('[REHEARSAL]');
    expect(existsSync(join(sb.pkg, 'upgrade.sh'))).toBe(true);
    expect(sb.sh('helm3 del etcd-sync -n default').code).toBe(0);
    const before = readFileSync(join(sb.dir, 'sim-state.json'), 'utf8');
    const again = sb.setup();
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('existing state kept');
    expect(readFileSync(join(sb.dir, 'sim-state.json'), 'utf8')).toBe(before);
    expect(sb.sh('helm3 ls -A -q').out).toBe('');
  });

  it('refuses to write outside the sandbox', () => {
    const outside = join(tempDir(), 'cpaas-upgrade');
    const sb = sandbox({ PACKAGE_DIR: outside });
    const r = sb.setup();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/outside the sandbox/);
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(sb.dir, 'sim-state.json'))).toBe(false);

    // a symlink inside the sandbox that points out of it does not fool it
    const target = tempDir();
    const sb2 = sandbox();
    mkdirSync(join(sb2.dir, 'root'), { recursive: true });
    symlinkSync(target, join(sb2.dir, 'root', 'escape'));
    const r2 = sb2.setup({ PACKAGE_DIR: join(sb2.dir, 'root', 'escape', 'pkg') });
    expect(r2.code).toBe(1);
    expect(existsSync(join(target, 'pkg'))).toBe(false);

    expect(sandbox().setup({ RUNBOOK_REHEARSAL_DIR: undefined }).code).toBe(1);
    expect(sandbox().setup({ RUNBOOK_REHEARSAL_DIR: '/' }).code).toBe(1);
    expect(sandbox().setup({ PACKAGE_DIR: 'relative/dir' }).code).toBe(1);
  });
});

describe('rehearsal stand-ins', SLOW, () => {
  it('refuse to run without RUNBOOK_REHEARSAL_DIR', () => {
    const sb = sandbox();
    expect(sb.setup().code).toBe(0);
    for (const tool of ['kubectl', 'helm3', 'helm', 'curl', 'df', 'violet']) {
      const r = sb.exec([join(BIN, tool), 'version'], { RUNBOOK_REHEARSAL_DIR: undefined });
      expect(r.code, tool).toBe(2);
      expect(r.err, tool).toMatch(/REHEARSAL.*refusing/);
    }
    const r = sb.exec(['bash', join(sb.pkg, 'upgrade.sh'), '--skip-sync-image'], { RUNBOOK_REHEARSAL_DIR: undefined });
    expect(r.code).toBe(2);
  });

  it('report unsupported commands and flags instead of passing silently', () => {
    const sb = served();
    sb.setup();
    for (const [script, shown] of [
      ['kubectl exec -it etcd-0 -- sh', 'kubectl exec -it etcd-0 -- sh'],
      ['kubectl get pods --bogus', 'kubectl get pods --bogus'],
      ['kubectl get widgets', 'kubectl get widgets'],
      ['helm3 install x ./chart', 'helm3 install x ./chart'],
      ['curl https://example.com/', 'curl https://example.com/'],
      [`cd "$PACKAGE_DIR" && bash upgrade.sh --frobnicate`, 'upgrade.sh --frobnicate'],
    ]) {
      const r = sb.sh(script!);
      expect(r.code, script).toBe(1);
      expect(r.err, script).toContain(`rehearsal: ${shown}`);
      expect(r.err, script).toContain('not simulated');
    }
  });

  it('answer generic checks like the real tools', () => {
    const sb = served({ FROM: '3.18' });
    sb.setup();
    const v = sb.sh('kubectl version -o json');
    expect(serverVersion(v.out)).toMatch(/^v1\.28\./);
    expect(sb.sh('kubectl version').out).toMatch(/^Client Version: v1\.28\.\d+\nKustomize Version: .+\nServer Version: v1\.28\.\d+\n$/);
    const nodes = sb.sh('kubectl get nodes');
    expect(nodes.out.split('\n')[0]).toMatch(/^NAME +STATUS +ROLES +AGE +VERSION$/);
    expect(sb.sh('kubectl get nodes --no-headers | grep -c " Ready "').out.trim()).toBe('3');
    expect(sb.sh('kubectl get pods -A').out.split('\n')[0]).toMatch(/^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(sb.sh('kubectl get pods -A --no-headers | awk \'$4 != "Running"\'').out).toBe('');
    expect(sb.sh("kubectl get nodes -o jsonpath='{.items[*].status.conditions[?(@.type==\"Ready\")].status}'").out).toBe('True True True');
    const empty = sb.sh('kubectl get pods -n default');
    expect(empty.code).toBe(0);
    expect(empty.err).toBe('No resources found in default namespace.\n');
    const minio = sb.sh('df -BG --output=avail /cpaas/minio | tail -n 1 | tr -dc 0-9');
    expect(Number(minio.out)).toBeGreaterThanOrEqual(120);
    const pkg = sb.sh('df -P -BG "$PACKAGE_DIR" | awk \'NR == 2 { sub(/G$/, "", $4); print $4 }\'');
    expect(Number(pkg.out)).toBeGreaterThanOrEqual(250);
    expect(sb.sh('df -h "$PACKAGE_DIR"').out.split('\n')[0]).toMatch(/^Filesystem +Size +Used +Avail +Use% +Mounted on$/);
    expect(sb.sh('df -h "$RUNBOOK_REHEARSAL_DIR/no/such/dir"').code).toBe(1);
    const missing = sb.sh('kubectl delete deploy -n kube-system no-such-thing');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('Error from server (NotFound): deployments.apps "no-such-thing" not found\n');
  });

  it('a kubectl waiting for its manifest on a pipe leaves the platform unlocked for the command that writes it', async () => {
    const sb = sandbox();
    sb.setup();
    // `(slow; kubectl get …) | kubectl apply -f -`: the reader starts first and waits for its stdin.
    const reader = spawn(join(BIN, 'kubectl'), ['apply', '-f', '-'], { env: sb.env, cwd: sb.dir });
    let out = '';
    reader.stdout.on('data', (d: Buffer) => (out += d));
    const exited = new Promise<number | null>((resolve) => reader.on('exit', resolve));
    // blocked reading its stdin (node gives a child a socket pair, not a pipe)
    await waitFor('the reader to block on its stdin', () => /_read/.test(readFileSync(`/proc/${reader.pid}/wchan`, 'utf8')));
    expect(existsSync(join(sb.dir, '.sim-lock'))).toBe(false);
    // the writer gets the platform at once, not after the 10 s a lock takes to be stale
    const manifest = spawnSync(join(BIN, 'kubectl'), ['get', 'nodes', '-o', 'yaml'], { env: sb.env, cwd: sb.dir, encoding: 'utf8', timeout: 8000 });
    expect(manifest.status, manifest.stderr).toBe(0);
    reader.stdin.end(manifest.stdout);
    expect(await exited).toBe(0);
    expect(out).toMatch(/^node\/\S+ unchanged$/m);
  });
});

describe('the simulated upgrade', SLOW, () => {
  it('3.16 + DR: the seed removal sequence leaves no etcd-mirror pod', () => {
    const sb = served({ FROM: '3.16', DR: 'true' });
    sb.setup();
    expect(sb.sh('kubectl get pod -n kube-system | grep -c etcd-mirror').out.trim()).toBe('1');
    // upgrading before removing the plugin is refused, as the DR procedure requires
    expect(sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --only-sync-image=true').code).toBe(0);
    const early = sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --skip-sync-image');
    expect(early.code).toBe(1);
    expect(early.out + early.err).toContain('[REHEARSAL]');
    const r = sb.sh([
      'helm3 del etcd-sync -n default 2> /dev/null || true',
      'helm3 del etcd-sync -n cpaas-system 2> /dev/null || true',
      'kubectl delete configmaps,secret -n kube-system etcd-master-mirror-cert etcd-slave-mirror-cert etcd-sync-env etcd-sync-ignore-text 2> /dev/null || true',
      'kubectl delete deploy -n kube-system etcd-mirror-etcd-mirror 2> /dev/null || true',
    ].join('\n'), 'remove');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('release "etcd-sync" uninstalled');
    expect(r.out).toContain('deployment.apps "etcd-mirror-etcd-mirror" deleted');
    const left = sb.sh('kubectl get pod -n kube-system | grep etcd-mirror', 'verify');
    expect(left.code).toBe(1);
    expect(left.out).toBe('');
    expect(sb.sh('kubectl get po -n cpaas-system -l app=etcd-sync').err).toContain('No resources found');
    expect(sb.sh('kubectl get cm,secret -n kube-system -o name | grep -c etcd || true').out.trim()).toBe('0');
    expect(sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --skip-sync-image', 'trigger').code).toBe(0);
  });

  it('upgrade.sh moves the platform and Kubernetes; the reinstalled plugin syncs and /check reports no missed keys', () => {
    const sb = served({ FROM: '3.18', DR: 'true', DR_CLUSTER: 'standby', STANDBY_VIP: '192.168.130.200' });
    sb.setup();
    expect(sb.sh('kubectl get productbase base -o yaml | grep -F -- "https://$STANDBY_VIP"').code).toBe(0);
    expect(sb.sh('kubectl get machines.platform.tkestack.io', 'machines').out).toMatch(/^NAME +TYPE +IP +STATUS +AGE\n(mc-\S+ +Baremetal +192\.168\.130\.\d+ +Running .*\n){3}$/);
    // rule R1: the plugin is gone in the steps after the Machine check
    expect(sb.sh('kubectl get po -n cpaas-system -l app=etcd-sync --no-headers', 'after-uninstall').out).toBe('');
    const noSync = sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --skip-sync-image', 'trigger');
    expect(noSync.code).toBe(1);
    expect(noSync.err).toMatch(/--only-sync-image=true/);
    const sync = sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --only-sync-image=true', 'sync');
    expect(sync.code, sync.err).toBe(0);
    expect(sync.out.split('\n')[0]).toBe('[REHEARSAL] simulated upgrade.sh (ACP 4.0.4 package) on the global cluster');
    expect(sync.out.match(/pushed$/gm)).toHaveLength(40);
    expect(serverVersion(sb.sh('kubectl version -o json').out)).toBe('v1.28.15');
    const up = sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --skip-sync-image', 'trigger');
    expect(up.code, up.err).toBe(0);
    expect(serverVersion(sb.sh('kubectl version -o json').out)).toMatch(/^v1\.31\./);
    expect(sb.sh('kubectl get nodes --no-headers | awk \'{print $5}\' | sort -u').out).toMatch(/^v1\.31\.\d+\n$/);
    // rule R2: reinstalled once looked at after the upgrade
    const running = sb.sh('kubectl get po -n cpaas-system -l app=etcd-sync', 'reinstalled');
    expect(running.out).toMatch(/\netcd-sync-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 /);
    const logs = sb.sh('kubectl logs -n cpaas-system $(kubectl get po -n cpaas-system -l app=etcd-sync --no-headers | awk \'{print $1}\' | head -1) | grep -i "Start Sync update"');
    expect(logs.code).toBe(0);
    expect(logs.out).toContain('Start Sync update');
    const oldPod = sb.sh("kubectl get po -n cpaas-system -l app=etcd-sync -o jsonpath='{.items[0].metadata.name}'").out;
    const del = sb.sh('kubectl delete po -n cpaas-system $(kubectl get po -n cpaas-system -l app=etcd-sync --no-headers | awk \'{print $1}\' | head -1)');
    expect(del.out).toBe(`pod "${oldPod}" deleted\n`);
    const newPod = sb.sh('kubectl get po -n cpaas-system -l app=etcd-sync --no-headers');
    expect(newPod.out).toMatch(/^etcd-sync-\S+ +1\/1 +Running /);
    expect(newPod.out).not.toContain(oldPod);
    const check = sb.sh('curl "$(kubectl get svc -n cpaas-system etcd-sync-monitor -ojsonpath=\'{.spec.clusterIP}\')/check"');
    expect(check.code, check.err).toBe(0);
    expect(check.out).toBe('LOCAL ETCD missed keys:\nLOCAL ETCD surplus keys:\n');
  });

  it('external registry: credentials are used and the password is never printed', () => {
    const sb = served({ FROM: '3.18', REGISTRY: 'external', REGISTRY_ADDRESS: 'registry.example.internal:5000' });
    sb.setup();
    const without = sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --only-sync-image=true');
    expect(without.code).toBe(1);
    const r = sb.sh('cd "$PACKAGE_DIR" && bash upgrade.sh --only-sync-image=true --registry "$REGISTRY_ADDRESS" --username admin --password "s3cr3t-pw"');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('registry.example.internal:5000/acp/');
    expect(r.out + r.err).not.toContain('s3cr3t-pw');
    expect(readFileSync(join(sb.dir, 'sim-commands.log'), 'utf8')).not.toContain('s3cr3t-pw');
  });

  it('TopoLVM: backup, delete and re-create the ArtifactVersion, delete the migration ModuleInfo', () => {
    const sb = served({ FROM: '3.18', TO: '4.1', TOPOLVM: 'true', CLUSTER_NAME: 'business-1' });
    sb.setup();
    const r = sb.sh([
      'name=$(kubectl get artifactversion -n cpaas-system -l cpaas.io/artifact-version=operatorhub-topolvm-operator --no-headers | grep 4.1 | head -1 | awk \'{print $1}\')',
      'kubectl get artifactversion -n cpaas-system "$name" -o yaml > topolvm-artifact.yaml',
      'kubectl delete -f topolvm-artifact.yaml',
      'kubectl delete minfo business-1-topolvm-migrate-catalog-updater',
    ].join('\n'), 'topolvm', {}, sb.pkg);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('artifactversion.app.alauda.io "operatorhub-topolvm-operator.v4.1.2" deleted\nmoduleinfo.cluster.alauda.io "business-1-topolvm-migrate-catalog-updater" deleted\n');
    // the record of a neighbour whose name starts the same way is still there
    expect(sb.sh('kubectl get minfo -o name').out).toContain('moduleinfo.cluster.alauda.io/business-1-dev-topolvm-migrate-catalog-updater\n');
    expect(sb.sh('kubectl get artifactversion -n cpaas-system --no-headers | grep -c 4.1 || true').out.trim()).toBe('0');
    const again = sb.sh('kubectl create -f topolvm-artifact.yaml', 'restore', {}, sb.pkg);
    expect(again.out).toBe('artifactversion.app.alauda.io/operatorhub-topolvm-operator.v4.1.2 created\n');
    expect(sb.sh('kubectl create -f topolvm-artifact.yaml', 'restore', {}, sb.pkg).err).toContain('AlreadyExists');
  });

  it('RUNBOOK_REHEARSE_FAIL fails the first command of the step once, then succeeds', () => {
    const sb = served({ RUNBOOK_REHEARSE_FAIL: 'flaky,other' });
    sb.setup();
    const first = sb.sh('kubectl get nodes', 'flaky');
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/connection to the server .* was refused/);
    expect(first.err).toContain('[REHEARSAL] failure injected');
    expect(sb.sh('kubectl get nodes', 'flaky').code).toBe(0);
    expect(sb.sh('df -h /', 'calm').code).toBe(0);
    expect(sb.sh('helm3 ls -A', 'other').code).toBe(1);
    expect(sb.sh('helm3 ls -A', 'other').code).toBe(0);
    expect(Object.keys(sb.state().injected).sort()).toEqual(['flaky', 'other']);
  });
});
