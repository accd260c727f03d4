// `runbook run` and `runbook resume` end to end: the real binary, real processes, a temp state dir.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  alive, assertBuilt, filesUnder, fixture, lines, onlyRun, readRun, runCli, runIds, sandbox, startCli, stepOf, transcript, waitFor, OWN_PID_NAMESPACE,
} from './helpers/harness.js';
import { ROOT, cliEnv } from './helpers/cli.js';

beforeAll(assertBuilt);

const SECRET = 'Pa55-w0rd-of-the-registry';

describe('runbook run / resume (plain)', () => {
  it('pauses at a manual step (exit 4, exact resume command) and continues with resume --confirm', async () => {
    const box = sandbox();
    try {
      const r1 = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      const runId = onlyRun(box.state);
      expect(r1.code).toBe(4);
      expect(r1.stderr).toContain('paused at manual step click');
      expect(r1.stderr).toContain(`node bin/runbook.js resume ${runId} --confirm click`);
      expect(r1.stdout).toMatch(/✓ one · First — succeeded, \d+ms, exit 0/);
      expect(readRun(box.state)).toMatchObject({ status: 'paused' });

      const again = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(`unfinished run ${runId} (paused, 2/4 steps done`);
      expect(again.stderr).toContain('--resume');
      expect(again.stderr).toContain('--fresh');

      const r2 = await runCli(['resume', runId, '--state-dir', box.state, '--confirm', 'click']);
      expect(r2.code).toBe(0);
      expect(r2.stdout).toContain(`✓ click · Click the button — confirmed, by `);
      expect(lines(join(box.work, 'counter'))).toEqual(['one', 'two', 'three']);
      expect(readRun(box.state).status).toBe('succeeded');
      expect(transcript(box.state).map((e) => e.event)).toEqual([
        'run-started', 'params-set', 'step-started', 'step-finished', 'step-started', 'step-finished', 'run-paused',
        'run-resumed', 'step-confirmed', 'step-started', 'step-finished', 'run-finished',
      ]);
    } finally {
      box.cleanup();
    }
  });

  it('a failed step: exit 1 with log and resume advice; resume retries it (attempts grow), --fresh starts anew', async () => {
    const box = sandbox();
    try {
      writeFileSync(join(box.work, 'fail-two'), '');
      const args = ['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes'];
      const r1 = await runCli(args);
      const runId = onlyRun(box.state);
      expect(r1.code).toBe(1);
      expect(r1.stdout).toContain('  │ two fails');
      expect(r1.stderr).toContain(`step two failed (exit 3); log: ${join(box.state, 'runs', runId, 'logs', 'two.log')}`);
      expect(r1.stderr).toContain(`node bin/runbook.js resume ${runId}`);
      expect(readFileSync(join(box.state, 'runs', runId, 'logs', 'two.log'), 'utf8')).toContain('two fails');

      rmSync(join(box.work, 'fail-two'));
      const r2 = await runCli([...args, '--resume', '--confirm', 'click']);
      expect(r2.code).toBe(0);
      expect(stepOf(readRun(box.state), 'two')).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(lines(join(box.work, 'counter'))).toEqual(['one', 'two', 'two', 'three']);

      const r3 = await runCli([...args, '--fresh', '--only', 'one']);
      expect(r3.code).toBe(0);
      expect(runIds(box.state)).toHaveLength(2);
    } finally {
      box.cleanup();
    }
  });

  it('no step starts without its watchdog: a temporary directory that cannot be used fails the step, saying why', async () => {
    const box = sandbox();
    try {
      const r = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes'], { env: { TMPDIR: join(box.dir, 'missing') } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/watchdog: ENOENT/);
      expect(stepOf(readRun(box.state), 'one')).toMatchObject({ status: 'failed' });
      expect(existsSync(join(box.work, 'counter'))).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('kill -9 of the runner mid-step: the step dies with it; resume asks, --rerun-interrupted reruns once', async () => {
    const box = sandbox();
    try {
      const run = startCli(['run', fixture('gated.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      await waitFor('the gate step', () => existsSync(join(box.work, 'child.pid')));
      const runId = onlyRun(box.state);
      const second = await runCli(['resume', runId, '--state-dir', box.state]);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`run ${runId} is being run by process ${run.child.pid} on host ${hostname()}`);

      run.child.kill('SIGKILL');
      await run.done;
      const gate = Number(readFileSync(join(box.work, 'gate.pid'), 'utf8'));
      const child = Number(readFileSync(join(box.work, 'child.pid'), 'utf8'));
      await waitFor('the orphaned step to be stopped', () => !alive(gate) && !alive(child), 5000);
      expect(stepOf(readRun(box.state), 'gate').status).toBe('running');

      const r1 = await runCli(['resume', '--state-dir', box.state]);
      expect(r1.code).toBe(2);
      expect(r1.stderr).toContain(`step gate of run ${runId} was interrupted before it finished`);
      expect(r1.stderr).toContain(`node bin/runbook.js resume ${runId} --rerun-interrupted`);
      expect(r1.stderr).toContain(`node bin/runbook.js resume ${runId} --confirm gate`);
      expect(r1.stdout).toContain('the previous runner stopped during: gate');
      expect(readRun(box.state)).toMatchObject({ status: 'interrupted', steps: [{ status: 'succeeded' }, { id: 'gate', status: 'interrupted', attempts: 1 }, { status: 'pending' }] });
      expect(transcript(box.state).filter((e) => e.event === 'lock-taken-over')).toHaveLength(1);

      writeFileSync(join(box.work, 'go'), '');
      const r2 = await runCli(['resume', runId, '--state-dir', box.state, '--rerun-interrupted']);
      expect(r2.code).toBe(0);
      expect(lines(join(box.work, 'counter'))).toEqual(['first', 'gate', 'gate', 'last']);
      expect(stepOf(readRun(box.state), 'gate')).toMatchObject({ status: 'succeeded', attempts: 2 });
    } finally {
      box.cleanup();
    }
  });

  it('resumed and paused again at the same manual step: the run so far is shown once, not twice', async () => {
    const box = sandbox();
    try {
      await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      const r = await runCli(['resume', onlyRun(box.state), '--state-dir', box.state, '--yes']);
      expect(r.code).toBe(4);
      expect(r.stdout.match(/== the run so far/g)).toHaveLength(1);
      expect(r.stderr).toContain('paused at manual step click');
    } finally {
      box.cleanup();
    }
  });

  it('resume from another directory (a colleague, a new SSH session): the steps still run where the run started', async () => {
    const box = sandbox();
    try {
      const file = join(box.dir, 'where.md');
      writeFileSync(file, ['---', 'id: where', 'languages: [en]', 'title: Where', 'params:', '  work: {type: string, label: Work}', '---', '',
        ':::run{#before}', '```bash', 'pwd > "$WORK/before"', '```', ':::', '', ':::manual{#hand-over}', 'Hand over.', ':::', '',
        ':::run{#after}', '```bash', 'pwd > "$WORK/after"', '```', ':::', ''].join('\n'));
      const started = join(box.dir, 'started-here');
      const elsewhere = join(box.dir, 'elsewhere');
      mkdirSync(started);
      mkdirSync(elsewhere);
      const r1 = await runCli(['run', file, '--state-dir', box.state, '--param', `work=${box.work}`, '--yes'], { cwd: started });
      expect(r1.code, r1.stderr).toBe(4);
      const r2 = await runCli(['resume', onlyRun(box.state), '--state-dir', box.state, '--confirm', 'hand-over'], { cwd: elsewhere });
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.stdout).toContain(`runs in ${started}`);
      expect(readFileSync(join(box.work, 'after'), 'utf8')).toBe(readFileSync(join(box.work, 'before'), 'utf8'));

      // That directory removed meanwhile (a cleaned /tmp): the step says so, not "could not start bash".
      const r3 = await runCli(['run', file, '--state-dir', box.state, '--param', `work=${box.work}`, '--yes', '--fresh'], { cwd: started });
      expect(r3.code, r3.stderr).toBe(4);
      rmSync(started, { recursive: true });
      const r4 = await runCli(['resume', '--state-dir', box.state, '--confirm', 'hand-over'], { cwd: elsewhere });
      expect(r4.code).toBe(1);
      expect(r4.stdout).toContain(`✗ after · after — failed`);
      expect(r4.stdout).toContain(`working directory ${started} does not exist`);
      expect(r4.stdout).not.toContain('could not start bash');
    } finally {
      box.cleanup();
    }
  });

  it('kill -9 of the runner, and its process id given to another process: resume still takes the lock over', async () => {
    // In a pid namespace of its own, the id counter is set back so that the next process gets the
    // dead runner's id, as a busy machine (or a reboot) gives it sooner or later.
    const box = sandbox();
    try {
      const script = `
        node "$BIN" run "$BOOK" --state-dir "$STATE" --param "work=$WORK" --yes > "$WORK/first.out" 2>&1 &
        runner=$!
        until [ -e "$WORK/child.pid" ]; do sleep 0.05; done
        kill -9 $runner; wait $runner
        # Once the watchdog has stopped the step (its heartbeat starts a process every 0.1 s), nothing
        # else in the namespace starts one, and the next process gets the runner's id.
        while kill -0 $(cat "$WORK/gate.pid") 2>/dev/null || kill -0 $(cat "$WORK/child.pid") 2>/dev/null; do sleep 0.05; done
        echo $((runner - 1)) > /proc/sys/kernel/ns_last_pid
        sleep 60 &
        [ $! = $runner ] || { echo "the id $runner went to no one: $!" >&2; exit 99; }
        echo "runner $runner"
        touch "$WORK/go"
        node "$BIN" resume --state-dir "$STATE" --rerun-interrupted`;
      const [unshare, ...flags] = OWN_PID_NAMESPACE;
      const r = spawnSync(unshare!, [...flags, 'bash', '-c', script], {
        encoding: 'utf8',
        env: cliEnv({ BIN: join(ROOT, 'bin', 'runbook.js'), BOOK: fixture('gated.md'), STATE: box.state, WORK: box.work }),
      });
      const runner = /^runner (\d+)$/m.exec(r.stdout)?.[1];
      expect(runner, r.stderr).toBeDefined();
      expect(r.stdout).toContain(`took over the lock of process ${runner} on ${hostname()}`);
      expect(r.status, r.stderr).toBe(0);
      expect(lines(join(box.work, 'counter'))).toEqual(['first', 'gate', 'gate', 'last']);
    } finally {
      box.cleanup();
    }
  });

  it('kill -9 of the runner while a step is being started: its watchdog finds the step by its marker and stops it', async () => {
    // On a busy machine a runner can be stopped between its step's start and its learning the step's
    // group. That instant is too short to hit from outside, so this runner stops there on purpose: it
    // marks a step as starting (as exec.ts does), starts it, and never tells the watchdog its group.
    const box = sandbox();
    let step = 0;
    try {
      const runner = join(box.dir, 'runner.mjs');
      const watchdog = pathToFileURL(join(ROOT, 'dist', 'engine', 'execution', 'watchdog.js')).href;
      writeFileSync(runner, `import { spawn } from 'node:child_process';
import { guardStarting } from ${JSON.stringify(watchdog)};
guardStarting('RUNBOOK_SCOPE=runner-1');
const env = { ...process.env, WORK: ${JSON.stringify(box.work)}, RUNBOOK_SCOPE: 'runner-1' };
spawn('bash', ['-c', 'echo $$ > "$WORK/step.pid"; while :; do sleep 0.1; done'], { detached: true, stdio: 'ignore', env });
setInterval(() => undefined, 1000);
`);
      const child = spawn(process.execPath, [runner], { stdio: 'ignore' });
      const pidFile = join(box.work, 'step.pid');
      await waitFor('the step', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'));
      step = Number(readFileSync(pidFile, 'utf8'));
      child.kill('SIGKILL');
      await waitFor('the step to be stopped', () => !alive(step), 5000);
    } finally {
      if (step && alive(step)) process.kill(-step, 'SIGKILL');
      box.cleanup();
    }
  });

  it('kill -9 then resume --confirm STEP marks the interrupted step done without running it again', async () => {
    const box = sandbox();
    try {
      const run = startCli(['run', fixture('gated.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      await waitFor('the gate step', () => existsSync(join(box.work, 'child.pid')));
      run.child.kill('SIGKILL');
      await run.done;
      const r = await runCli(['resume', '--state-dir', box.state, '--confirm', 'gate']);
      expect(r.code).toBe(0);
      expect(lines(join(box.work, 'counter'))).toEqual(['first', 'gate', 'last']);
      expect(stepOf(readRun(box.state), 'gate')).toMatchObject({ status: 'confirmed', attempts: 1 });
      expect(transcript(box.state).find((e) => e.event === 'step-confirmed')).toMatchObject({ step: 'gate', from: 'interrupted' });
    } finally {
      box.cleanup();
    }
  });

  it('SIGINT during a long step: exit 130, step and run interrupted, nothing of the step left running', async () => {
    const box = sandbox();
    try {
      const run = startCli(['run', fixture('long.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      await waitFor('the heartbeat', () => lines(join(box.work, 'heartbeat')).length > 2);
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code).toBe(130);
      const runId = onlyRun(box.state);
      expect(r.stderr).toContain('interrupted during step long');
      expect(r.stderr).toContain(`node bin/runbook.js resume ${runId} --rerun-interrupted`);
      expect(readRun(box.state)).toMatchObject({ status: 'interrupted', steps: [{ id: 'long', status: 'interrupted' }, { id: 'after', status: 'pending' }] });
      expect(alive(Number(readFileSync(join(box.work, 'child.pid'), 'utf8')))).toBe(false);
      const beats = lines(join(box.work, 'heartbeat')).length;
      await new Promise((res) => setTimeout(res, 400));
      expect(lines(join(box.work, 'heartbeat')).length).toBe(beats);
      expect(transcript(box.state).at(-1)).toMatchObject({ event: 'run-interrupted', step: 'long' });
      expect(existsSync(join(box.state, 'runs', runId, 'lock'))).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('secrets never reach the disk and are masked everywhere, even split across writes; hostile values stay strings', async () => {
    const box = sandbox();
    try {
      const hostile = '$(touch injected-1); touch injected-2 `touch injected-3`';
      const r = await runCli(['run', fixture('secrets.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--param', `note=${hostile}`, '--yes'], { env: { REGISTRY_PASSWORD: SECRET } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('  │ password is ***');
      expect(r.stdout).toContain('  │ on stderr: ***');
      expect(r.stdout).toContain('  │ split: *** end');
      expect(r.stdout).toContain(`  │ note=${hostile}`);
      expect(r.stdout).toContain('  │ login failed for ***');
      for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(SECRET.slice(5));
      for (const file of filesUnder(box.state)) {
        const text = readFileSync(file, 'utf8');
        expect(text, file).not.toContain(SECRET);
        expect(text, file).not.toContain(SECRET.slice(5));
      }
      expect(readRun(box.state)).toMatchObject({ params: { work: box.work, note: hostile }, secretParams: ['registry_password'] });
      expect(readRun(box.state).params).not.toHaveProperty('registry_password');
      expect(transcript(box.state).find((e) => e.event === 'params-set')).toMatchObject({ params: { registry_password: '***' } });
      for (const name of ['injected-1', 'injected-2', 'injected-3']) {
        expect(existsSync(join(box.work, name))).toBe(false);
        expect(existsSync(join(box.dir, name))).toBe(false);
      }

      const noSecret = await runCli(['resume', '--state-dir', box.state]);
      expect(noSecret.code).toBe(2);
      expect(noSecret.stderr).toContain('no value for secret registry_password');
      expect(noSecret.stderr).toContain('REGISTRY_PASSWORD');

      const onArgv = await runCli(['run', fixture('secrets.md'), '--state-dir', box.state, '--param', `registry_password=${SECRET}`, '--yes', '--fresh']);
      expect(onArgv.code).toBe(2);
      expect(onArgv.stderr).toContain('secret "registry_password" cannot be given with --param');
    } finally {
      box.cleanup();
    }
  });

  it('100 MB of output: bounded memory, the whole output in the log', async () => {
    const box = sandbox();
    try {
      const timeV = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-v'] : undefined;
      let bytes = 0;
      let pieces = 0;
      // Counted in bytes: decoding 350 MB of output cost this test's worker more than a second of CPU.
      const piece = Buffer.from('│ zzz');
      const onStdout = (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(piece); i !== -1; i = chunk.indexOf(piece, i + 1)) pieces++;
      };
      // Through a pipe, as in CI: the runner must wait for it rather than buffer the output.
      const r = await startCli(['run', fixture('big.md'), '--state-dir', box.state, '--yes'], { wrap: timeV, onStdout }).done;
      expect(r.code).toBe(0);
      const log = join(box.state, 'runs', onlyRun(box.state), 'logs', 'flood.log');
      const size = statSync(log).size;
      expect(size).toBeGreaterThan(103_000_000);
      expect(size).toBeLessThan(103_001_000);
      // Every line was shown ("  │ y\n" is 7 bytes); a 3 MB line without a newline came in pieces.
      expect(bytes).toBeGreaterThan(350_000_000);
      expect(pieces).toBeGreaterThan(100);
      if (timeV) {
        const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
        expect(kb).toBeGreaterThan(0);
        expect(kb / 1024).toBeLessThan(200);
      }
    } finally {
      box.cleanup();
    }
  });

  it('--dry-run prints the resolved steps and scripts, secrets masked, and writes nothing', async () => {
    const box = sandbox();
    try {
      const r = await runCli(['run', fixture('secrets.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--dry-run'], { env: { REGISTRY_PASSWORD: SECRET } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('dry run: nothing is executed and nothing is written');
      expect(r.stdout).toContain('registry_password=***');
      expect(r.stdout).toContain('[runs] show · show');
      expect(r.stdout).toContain('  │ echo "password is $REGISTRY_PASSWORD"');
      expect(r.stdout).not.toContain(SECRET);
      expect(existsSync(box.state)).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('--only and --from: the others are recorded as skipped with that reason', async () => {
    const box = sandbox();
    try {
      const r1 = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes', '--only', 'two', '--only', 'three']);
      expect(r1.code).toBe(0);
      expect(r1.stdout).toContain('↷ one · First — skipped: not among --only two, three');
      expect(lines(join(box.work, 'counter'))).toEqual(['two', 'three']);
      expect(readRun(box.state).steps.map((s) => s.status)).toEqual(['skipped', 'succeeded', 'skipped', 'succeeded']);

      const r2 = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes', '--from', 'three']);
      expect(r2.code).toBe(0);
      const second = readRun(box.state, runIds(box.state).find((id) => readRun(box.state, id).selection?.from)!);
      expect(second.steps.map((s) => [s.id, s.status, s.reason])).toEqual([
        ['one', 'skipped', 'before --from three'], ['two', 'skipped', 'before --from three'], ['click', 'skipped', 'before --from three'], ['three', 'succeeded', undefined],
      ]);

      const bad = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes', '--from', 'nope']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('flag --from: no step "nope" in runbook basic');
    } finally {
      box.cleanup();
    }
  });

  it('missing params are a usage error naming them', async () => {
    const box = sandbox();
    try {
      const r = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no value for work');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(box.state)).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('a full disk while logging stops the run cleanly; the last state.json stays whole', async () => {
    const box = sandbox();
    try {
      const r1 = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes', '--only', 'one']);
      expect(r1.code).toBe(0);
      const r2 = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes', '--fresh']);
      expect(r2.code).toBe(4);
      // Every write to this step's log now fails with ENOSPC.
      const runId = runIds(box.state).find((id) => readRun(box.state, id).status === 'paused')!;
      symlinkSync('/dev/full', join(box.state, 'runs', runId, 'logs', 'three.log'));
      const before = readRun(box.state, runId);
      const r3 = await runCli(['resume', runId, '--state-dir', box.state, '--confirm', 'click']);
      expect(r3.code).toBe(1);
      expect(r3.stderr).toContain('three.log: ENOSPC');
      expect(r3.stderr).not.toMatch(/\n\s+at /);
      const after = readRun(box.state, runId);
      expect(after.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'confirmed', 'interrupted']);
      expect(after.updatedAt > before.updatedAt).toBe(true);
      expect(existsSync(join(box.state, 'runs', runId, 'lock'))).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('--rehearse: REHEARSAL on every line, the toolbox first on PATH, paths re-rooted into the sandbox', async () => {
    const box = sandbox();
    try {
      const r = await runCli(['run', fixture('rehearse.md'), '--state-dir', box.state, '--rehearse', '--yes'], { env: { RUNBOOK_REHEARSE_FAIL: 'none' } });
      const runId = onlyRun(box.state);
      const dir = join(box.state, 'runs', runId, 'rehearsal');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe('== Rehearsal environment (rehearse) [REHEARSAL]');
      for (const line of r.stdout.split('\n').filter((l) => /^\[\d\d:\d\d:\d\d\]/.test(l))) expect(line).toContain('] REHEARSAL ');
      expect(r.stdout).toContain(`  │ path1=${join(process.cwd(), 'rehearsal', 'bin')}`);
      expect(r.stdout).toContain(`  │ dir=${dir}`);
      expect(r.stdout).toContain('  │ rehearsal=1');
      expect(r.stdout).toContain(`  │ package=${dir}/root/root/cpaas-upgrade`);
      expect(r.stdout).toContain(`  │ cwd=${dir}/root/root/cpaas-upgrade`);
      expect(r.stdout).toContain('  │ fail=none');
      expect(readRun(box.state)).toMatchObject({ rehearsal: true, params: { package_dir: '/root/cpaas-upgrade' } });
      expect(existsSync('/root/cpaas-upgrade/upgrade.sh')).toBe(false);
    } finally {
      box.cleanup();
    }
  });
});
