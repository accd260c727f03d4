// The execution core through its API (RunController), as the plain reporter and the Ink UI use it.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadRunbook } from '../src/commands/shared/load.js';
import { resolveParams } from '../src/engine/plan/params.js';
import { openRun, type OpenRunOptions, type RunSession } from '../src/engine/execution/session.js';
import type { Pending, RunEvent } from '../src/engine/execution/run-api.js';
import { outputLines } from '../src/engine/execution/exec.js';
import { UserError } from '../src/engine/core/errors.js';
import { fixture, lines, readRun, sandbox, stepOf, transcript, waitFor, alive, type Sandbox } from './helpers/harness.js';

async function open(box: Sandbox, file: string, extra: Partial<OpenRunOptions> = {}): Promise<RunSession> {
  const { runbook } = await loadRunbook(file);
  // Rehearsals take each param's example, as the command resolves them.
  if (extra.rehearsal) extra = { ...extra, params: resolveParams(runbook, {}, { useExamples: true }).values };
  return openRun({ runbook, stateRoot: box.state, lang: 'en', params: { work: box.work }, killGraceMs: 500, retryDelayMs: 10, ...extra });
}

/** Run every ready step; stop at the first thing that needs a decision. */
async function drive(s: RunSession): Promise<Pending> {
  for (;;) {
    const p = s.pending();
    if (p.kind !== 'ready') return p;
    await s.runStep(p.planned.step.id);
  }
}

describe('RunSession', () => {
  it('a failed step is attempted again on resume; done steps are not rerun', async () => {
    const box = sandbox();
    try {
      writeFileSync(join(box.work, 'fail-two'), '');
      const s1 = await open(box, fixture('basic.md'));
      const p1 = await drive(s1);
      expect(p1).toMatchObject({ kind: 'failed', planned: { step: { id: 'two' } } });
      expect(s1.state.status).toBe('failed');
      expect(stepOf(s1.state, 'two')).toMatchObject({ status: 'failed', exitCode: 3, attempts: 1 });
      await s1.close();
      expect(readRun(box.state).status).toBe('failed');

      const s2 = await open(box, fixture('basic.md'), { resume: s1.state.runId });
      expect(s2.pending()).toMatchObject({ kind: 'failed' });
      await s2.runStep('two');
      expect(stepOf(s2.state, 'two')).toMatchObject({ status: 'failed', attempts: 2 });
      rmSync(join(box.work, 'fail-two'));
      await s2.runStep('two');
      expect(stepOf(s2.state, 'two')).toMatchObject({ status: 'succeeded', exitCode: 0, attempts: 3 });
      expect(await drive(s2)).toMatchObject({ kind: 'manual', planned: { step: { id: 'click' } } });
      await s2.confirm('click');
      expect(await drive(s2)).toEqual({ kind: 'done' });
      await s2.close();
      expect(lines(join(box.work, 'counter'))).toEqual(['one', 'two', 'two', 'two', 'three']);
      const saved = readRun(box.state);
      expect(saved.status).toBe('succeeded');
      expect(stepOf(saved, 'one').attempts).toBe(1);
      expect(stepOf(saved, 'click')).toMatchObject({ status: 'confirmed', confirmedBy: expect.stringContaining(`@${hostname()}`) });
    } finally {
      box.cleanup();
    }
  });

  it('capture feeds later steps and cwd; expect passes; wait polls until a file appears', async () => {
    const box = sandbox();
    try {
      const s = await open(box, fixture('features.md'));
      const events: RunEvent[] = [];
      // The file appears after the third poll (not after a time: a busy machine is slower to get there).
      let polls = 0;
      s.on((e) => {
        events.push(e);
        if (e.type === 'poll' && e.stepId === 'flag' && ++polls === 3) writeFileSync(join(box.work, 'flag'), '');
      });
      expect(s.plan().find((p) => p.step.id === 'only-if-captured')?.included).toBe(null);
      expect(await drive(s)).toEqual({ kind: 'done' });
      await s.close();
      const target = join(box.work, 'sub dir');
      expect(s.state.captures).toEqual({ TARGET: target });
      expect(readFileSync(join(box.work, 'pwd.txt'), 'utf8').trim()).toBe(target);
      expect(events).toContainEqual({ type: 'output', stepId: 'use-capture', stream: 'stdout', text: `target=${target}\n` });
      expect(stepOf(s.state, 'version').status).toBe('succeeded');
      expect(lines(join(box.work, 'polls')).length).toBeGreaterThan(2);
      expect(events.some((e) => e.type === 'poll' && e.stepId === 'flag' && e.nextInMs === 200)).toBe(true);
      expect(stepOf(s.state, 'flag')).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(lines(join(box.work, 'counter'))).toEqual(['ran']);
      expect(readRun(box.state).captures).toEqual({ TARGET: target });
    } finally {
      box.cleanup();
    }
  });

  it('fails a step on unmatched expect, a missing cwd, timeout, an exhausted wait; retries count attempts', async () => {
    const box = sandbox();
    try {
      const s = await open(box, fixture('failing.md'));
      const finished = new Map<string, Extract<RunEvent, { type: 'step-finished' }>>();
      s.on((e) => { if (e.type === 'step-finished') finished.set(e.stepId, e); });
      for (const id of ['wrong-version', 'missing-dir', 'flaky', 'slow', 'never']) await s.runStep(id);
      await s.close();
      expect(finished.get('wrong-version')).toMatchObject({ status: 'failed', exitCode: 0, message: expect.stringContaining('^version: 5') });
      expect(finished.get('missing-dir')).toMatchObject({ status: 'failed', message: expect.stringContaining(`${box.work}/nowhere does not exist`) });
      expect(stepOf(s.state, 'flaky')).toMatchObject({ status: 'succeeded', attempts: 3 });
      expect(finished.get('slow')).toMatchObject({ status: 'failed', message: expect.stringContaining('timed out after 1.0s') });
      expect(finished.get('never')).toMatchObject({ status: 'failed', message: expect.stringContaining('still not passing after 600ms') });
      const beats = lines(join(box.work, 'beat')).length;
      await new Promise((r) => setTimeout(r, 300));
      expect(lines(join(box.work, 'beat')).length).toBe(beats);
      const log = readFileSync(s.logPath('slow'), 'utf8');
      expect(log).toMatch(/^# runbook .*: step slow, attempt 1/);
      expect(log).toContain('# failed: timed out after 1.0s');
    } finally {
      box.cleanup();
    }
  });

  it('interrupt() stops the running step group: step and run interrupted, resumable', async () => {
    const box = sandbox();
    try {
      const s = await open(box, fixture('long.md'));
      const run = s.runStep('long');
      // The heartbeat can begin before the script has written the child's pid: wait for both.
      await waitFor('the heartbeat and the child\'s pid', () => lines(join(box.work, 'heartbeat')).length > 0 && lines(join(box.work, 'child.pid')).length > 0);
      await s.interrupt();
      expect(await run).toBe('interrupted');
      expect(s.state.status).toBe('interrupted');
      const child = Number(readFileSync(join(box.work, 'child.pid'), 'utf8'));
      await waitFor('the child to die', () => !alive(child), 3000);
      expect(s.pending()).toMatchObject({ kind: 'interrupted', planned: { step: { id: 'long' } } });
      await s.close();
      expect(readRun(box.state)).toMatchObject({ status: 'interrupted', steps: [{ id: 'long', status: 'interrupted', attempts: 1 }, { id: 'after', status: 'pending' }] });
      expect(transcript(box.state).map((e) => e.event)).toEqual(['run-started', 'params-set', 'step-started', 'step-finished', 'run-interrupted']);
    } finally {
      box.cleanup();
    }
  });

  it('a changed definition of a done step is reported and not kept as done without consent', async () => {
    const box = sandbox();
    try {
      const file = join(box.dir, 'basic.md');
      copyFileSync(fixture('basic.md'), file);
      const s1 = await open(box, file);
      await s1.runStep('one');
      await s1.pause();
      await s1.close();
      writeFileSync(file, readFileSync(file, 'utf8').replace('echo "hello from one"', 'echo "hello from one, changed"'));
      const s2 = await open(box, file, { resume: s1.state.runId });
      expect(s2.resumeReport).toMatchObject({ changed: ['one'], added: [], removed: [], interrupted: [] });
      expect(s2.pending()).toMatchObject({ kind: 'changed', planned: { step: { id: 'one' } } });
      await s2.confirm('one', 'only the message changed');
      expect(s2.pending()).toMatchObject({ kind: 'ready', planned: { step: { id: 'two' } } });
      await s2.close();
      const events = transcript(box.state);
      expect(events.find((e) => e.event === 'runbook-changed')).toMatchObject({ changed: ['one'] });
      expect(events.find((e) => e.event === 'step-confirmed')).toMatchObject({ step: 'one', from: 'succeeded', reason: 'only the message changed' });
      expect(lines(join(box.work, 'counter'))).toEqual(['one']);
    } finally {
      box.cleanup();
    }
  });

  it('one runner per run: a live holder is named; a dead one is taken over and reported', async () => {
    const box = sandbox();
    try {
      const s1 = await open(box, fixture('basic.md'));
      const runId = s1.state.runId;
      const err = await open(box, fixture('basic.md'), { resume: runId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err).toMatchObject({ key: 'error.locked', vars: { runId, pid: process.pid, host: hostname() }, exitCode: 2 });
      await s1.pause();
      // Leave the lock behind as a dead runner would.
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      const lockFile = join(s1.runDir, 'lock');
      await s1.close();
      writeFileSync(lockFile, JSON.stringify({ pid: Number(dead), host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
      const s2 = await open(box, fixture('basic.md'), { resume: runId });
      expect(s2.resumeReport?.lockTakenOver).toEqual({ pid: Number(dead), host: hostname(), since: '2026-01-01T00:00:00.000Z', foundDeadAt: expect.any(String) });
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
      await s2.close();
      expect(existsSync(lockFile)).toBe(false);
      expect(transcript(box.state, runId).find((e) => e.event === 'lock-taken-over')).toMatchObject({ from: { pid: Number(dead) } });
    } finally {
      box.cleanup();
    }
  });

  it('a lock from an earlier boot is taken over, though its process id is in use again', async () => {
    const box = sandbox();
    try {
      const s1 = await open(box, fixture('basic.md'));
      const runId = s1.state.runId;
      await s1.pause();
      const lockFile = join(s1.runDir, 'lock');
      const held = JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, unknown>;
      await s1.close();
      // This very process holds the id now; the lock says it was taken before the machine rebooted.
      writeFileSync(lockFile, JSON.stringify({ ...held, pid: process.pid, boot: 'a7c4-earlier-boot' }));
      const s2 = await open(box, fixture('basic.md'), { resume: runId });
      expect(s2.resumeReport?.lockTakenOver).toEqual({ pid: process.pid, host: hostname(), since: held.since, foundDeadAt: expect.any(String) });
      await s2.close();
      // A lock of an earlier version (no boot, no start) held by a live id is still respected.
      writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: hostname(), since: held.since }));
      const err = await open(box, fixture('basic.md'), { resume: runId }).catch((e: unknown) => e);
      expect(err).toMatchObject({ key: 'error.locked', vars: { runId, pid: process.pid }, exitCode: 2 });
    } finally {
      box.cleanup();
    }
  });

  it('rehearsal: sandbox, toolbox first on PATH, re-rooted paths, setup before the first step', async () => {
    const box = sandbox();
    try {
      const project = join(box.dir, 'project');
      mkdirSync(join(project, 'rehearsal', 'bin'), { recursive: true });
      writeFileSync(join(project, 'rehearsal', 'setup'), '#!/bin/bash\nenv | sort > "$RUNBOOK_REHEARSAL_DIR/setup-env"\npwd > "$RUNBOOK_REHEARSAL_DIR/setup-cwd"\n');
      chmodSync(join(project, 'rehearsal', 'setup'), 0o755);
      const s = await open(box, fixture('rehearse.md'), { rehearsal: true, projectRoot: project, env: { ...process.env, RUNBOOK_REHEARSE_FAIL: 'kubectl' } });
      const sandboxDir = join(s.runDir, 'rehearsal');
      const setupEnv = readFileSync(join(sandboxDir, 'setup-env'), 'utf8');
      expect(setupEnv).toContain(`RUNBOOK_REHEARSAL_DIR=${sandboxDir}\n`);
      expect(setupEnv).toContain(`PACKAGE_DIR=${sandboxDir}/root/root/cpaas-upgrade\n`);
      expect(readFileSync(join(sandboxDir, 'setup-cwd'), 'utf8').trim()).toBe(sandboxDir);
      const out: string[] = [];
      s.on((e) => { if (e.type === 'output') out.push(...outputLines(e.text)); });
      mkdirSync(join(sandboxDir, 'root', 'root', 'cpaas-upgrade'), { recursive: true });
      expect(await drive(s)).toEqual({ kind: 'done' });
      await s.close();
      expect(out).toEqual([
        `path1=${project}/rehearsal/bin`,
        `dir=${sandboxDir}`,
        'rehearsal=1',
        `package=${sandboxDir}/root/root/cpaas-upgrade`,
        'registry=registry.example.internal:5000',
        'fail=kubectl',
        `cwd=${sandboxDir}/root/root/cpaas-upgrade`,
      ]);
      expect(readRun(box.state)).toMatchObject({ rehearsal: true, params: { package_dir: '/root/cpaas-upgrade' } });
    } finally {
      box.cleanup();
    }
  });

  it('rehearsal: a failing setup fails the start with its output', async () => {
    const box = sandbox();
    try {
      const project = join(box.dir, 'project');
      mkdirSync(join(project, 'rehearsal'), { recursive: true });
      writeFileSync(join(project, 'rehearsal', 'setup'), 'echo "no simulator here" >&2\nexit 7\n');
      const err = await open(box, fixture('rehearse.md'), { rehearsal: true, projectRoot: project }).catch((e: unknown) => e);
      expect(err).toMatchObject({ key: 'error.rehearsalSetup', vars: { code: 7, output: 'no simulator here' }, exitCode: 1 });
      expect(readRun(box.state).status).toBe('failed');
      expect(existsSync(join(box.state, 'runs', readRun(box.state).runId, 'lock'))).toBe(false);
    } finally {
      box.cleanup();
    }
  });
});
