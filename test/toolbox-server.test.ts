// The rehearsal toolbox answered by the runner (rehearsal/lib/serve.mjs in a worker thread, started
// by src/engine/execution/toolbox-server.ts): the stand-ins send their command line over 127.0.0.1
// instead of starting node. Every answer must be the one the stand-in's own process gives. The
// served runs have no node on PATH and no .sim-node, so a command the server did not answer fails.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startToolboxServer, type ToolboxServer } from '../src/engine/execution/toolbox-server.js';
import { REHEARSAL_BIN, cleanSandboxes, pathWithoutNode, sandbox, tempDir, type Result } from './helpers/sandbox.js';
import { ROOT } from './helpers/cli.js';
import { runCli } from './helpers/harness.js';

let server: ToolboxServer;
let noNode: string;
beforeAll(async () => {
  server = (await startToolboxServer(ROOT))!;
  noNode = `${REHEARSAL_BIN}:${pathWithoutNode(tempDir())}`;
});
afterAll(async () => {
  await server.stop();
  cleanSandboxes();
});

/** A set-up sandbox whose scripts run either served (no node) or each command in its own node process. */
function rehearsal() {
  const sb = sandbox({ FROM: '3.16', DR: 'true' });
  expect(sb.setup().code).toBe(0);
  const simNode = join(sb.dir, '.sim-node');
  const served = (script: string, toolbox = server.address): Result => {
    renameSync(simNode, `${simNode}.away`);
    try {
      return sb.sh(script, 'step', { RUNBOOK_TOOLBOX: toolbox, PATH: noNode });
    } finally {
      renameSync(`${simNode}.away`, simNode);
    }
  };
  const own = (script: string): Result => sb.sh(script);
  /** Run `script` both ways from the same simulated platform; the platform ends as the served run left it. */
  const both = (script: string) => {
    const state = join(sb.dir, 'sim-state.json');
    const before = readFileSync(state);
    const byProcess = own(script);
    writeFileSync(state, before);
    return { served: served(script), byProcess };
  };
  return { ...sb, served, own, both };
}

describe('the toolbox answered by the runner', { timeout: 60_000 }, () => {
  it('answers every command as the stand-in\'s own process does, without starting node', () => {
    const rb = rehearsal();
    for (const script of [
      'kubectl get nodes',
      'kubectl get pods -n default',
      'kubectl get nodes -o yaml',
      'kubectl delete deploy -n kube-system no-such-thing',
      'kubectl get nodes -o yaml | kubectl apply -f -',
      'helm3 ls -A',
      'helm3 del etcd-sync -n default && helm3 ls -A -q',
      'df -h "$PACKAGE_DIR"',
      'cd "$PACKAGE_DIR" && df -P -BG . | tail -1 | tr -s " " | cut -d" " -f4',
      'cd "$PACKAGE_DIR" && bash upgrade.sh --bogus',
      'kubectl exec -it etcd-0 -- sh',
      'echo "$(kubectl get nodes --no-headers | wc -l) nodes"',
      join(ROOT, 'rehearsal', 'setup'),
    ]) {
      const { served, byProcess } = rb.both(script);
      expect(served, script).toEqual(byProcess);
    }
  });

  it('while a command waits for its stdin, the others run: the command writing it may be one', () => {
    const rb = rehearsal();
    const r = rb.served('(sleep 0.3; kubectl get nodes -o yaml) | kubectl apply -f -');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^(node\/\S+ unchanged\n){3}$/);
  });

  it('commands that read a pipe, one after another in a rehearsal: no warning of Node reaches the operator', async () => {
    const dir = tempDir();
    const file = join(dir, 'pipes.md');
    writeFileSync(file, ['---', 'id: pipes', 'languages: [en]', 'title: Pipes', '---', '', ':::run{#apply}', '```bash',
      'for i in 1 2 3; do kubectl get nodes -o yaml | kubectl apply -f -; done', '```', ':::', ''].join('\n'));
    const r = await runCli(['run', file, '--rehearse', '--yes', '--ui', 'plain', '--state-dir', join(dir, 'state')]);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/│ node\/\S+ unchanged$/gm)).toHaveLength(9);
    expect(r.code).toBe(0);
  });

  it('hands back a command it cannot run as its caller would (stdin from a file): the caller runs it', () => {
    const rb = rehearsal();
    writeFileSync(join(rb.dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: served}\n');
    const script = 'kubectl apply -f - < ns.yaml';
    expect(rb.served(script).code).toBe(127); // handed back to a caller with no node to run it
    const { served, byProcess } = rb.both(script.replace('kubectl', 'RUNBOOK_TOOLBOX= kubectl'));
    expect(byProcess).toEqual({ code: 0, out: 'namespace/served created\n', err: '' });
    expect(served.code).toBe(127);
    // with node on PATH, the caller runs it itself
    expect(rb.sh(script, 'step', { RUNBOOK_TOOLBOX: server.address })).toEqual(byProcess);
  });

  it('a wrong token or a stopped server: the stand-in runs the command itself', async () => {
    const rb = rehearsal();
    const [port] = server.address.split(':');
    expect(rb.served('kubectl get nodes', `${port}:not-the-token`).code).toBe(127);
    const gone = (await startToolboxServer(ROOT))!;
    await gone.stop();
    expect(rb.served('kubectl get nodes', gone.address).code).toBe(127);
    const wrong = rb.sh('kubectl get nodes', 'step', { RUNBOOK_TOOLBOX: `${port}:not-the-token` });
    expect(wrong).toEqual(rb.own('kubectl get nodes'));
  });

  it('a runner that stops before it answers: the stand-in says so and fails', async () => {
    const rb = rehearsal();
    const mute = createServer((conn) => conn.on('data', () => conn.destroy()));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = mute.address() as { port: number };
      const r = await new Promise<Result>((resolve) => {
        // not spawnSync: this thread must go on answering (and not answering) meanwhile
        const child = spawn('bash', ['-c', 'kubectl get nodes'], { env: { ...rb.env, RUNBOOK_TOOLBOX: `${port}:token`, PATH: noNode } });
        let out = '', err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        child.on('close', (code) => resolve({ code, out, err }));
      });
      expect(r.code).toBe(70);
      expect(r.err).toBe("rehearsal: the runbook running this rehearsal stopped while it ran 'kubectl get nodes'\n");
    } finally {
      mute.close();
    }
  });
});
