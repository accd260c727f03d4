// Operator safety in plain mode, end to end with the real binary: params shown with their source,
// changed on resume only when no finished step depends on them, --confirm kept for the resume,
// not-applicable steps apart from skips, who decided, and one count of progress everywhere.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, fixture, lines, onlyRun, readRun, runCli, sandbox, stepOf, transcript } from './helpers/harness.js';

beforeAll(assertBuilt);

describe('params, hand-over and honest numbers (plain)', () => {
  it('prints every param with its source, a relative path resolved, and where each command runs', async () => {
    const box = sandbox();
    try {
      const r = await runCli(['run', fixture('applies.md'), '--state-dir', box.state, '--param', 'work=./work', '--yes', '--confirm', 'click'], { cwd: box.dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`· work = ${box.work} (given as ./work)   [flag]   Work directory`);
      expect(r.stdout).toContain('· dr = false   [default]   DR standby');
      expect(r.stdout).toContain(`   runs in ${box.dir}\n`);
      expect(readRun(box.state).params).toEqual({ work: box.work, dr: false });
      expect(lines(join(box.work, 'counter'))).toEqual(['one', 'three']);
    } finally {
      box.cleanup();
    }
  });

  it('a condition-excluded step is not applicable, never "skipped"; status shows reasons and who decided; one count of progress', async () => {
    const box = sandbox();
    try {
      const env = { RUNBOOK_OPERATOR: 'alice (night shift)' };
      const r1 = await runCli(['run', fixture('applies.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes'], { env });
      expect(r1.code).toBe(4);
      const runId = onlyRun(box.state);
      expect(r1.stdout).toContain('== the run so far: 1 of 3 steps done (1 not applicable, 0 skipped)');
      expect(stepOf(readRun(box.state), 'dr-only')).toMatchObject({ status: 'skipped', notApplicable: true, reason: 'condition not met: DR standby' });

      // The same count in the error, in status and in the status table.
      const again = await runCli(['run', fixture('applies.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      expect(again.stderr).toContain(`unfinished run ${runId} (paused, 1/3 steps done`);
      const table = await runCli(['status', '--state-dir', box.state]);
      expect(table.stdout).toMatch(new RegExp(`${runId}\\s+applies\\s+paused\\s+1/3\\s`));

      const r2 = await runCli(['resume', runId, '--state-dir', box.state, '--confirm', 'click'], { env });
      expect(r2.code).toBe(0);
      expect(r2.stdout).toContain('== done: 3 of 3 steps (0 skipped)');
      expect(r2.stdout).toContain('   ✓ click · Click the button — confirmed, by alice (night shift): confirmed with --confirm');

      const json = JSON.parse((await runCli(['status', runId, '--state-dir', box.state, '--json'])).stdout);
      expect(json.steps[1]).toEqual({ id: 'dr-only', kind: 'run', status: 'skipped', startedAt: undefined, endedAt: expect.any(String), attempts: 0, notApplicable: true, reason: 'condition not met: DR standby' });
      expect(json.steps[2]).toMatchObject({ id: 'click', status: 'confirmed', by: 'alice (night shift)', reason: 'confirmed with --confirm' });
      const one = await runCli(['status', runId, '--state-dir', box.state, '--lang', 'ru']);
      // Reasons stay as they were recorded (in the run's language); the table speaks the chosen one.
      expect(one.stdout).toMatch(/\ndr-only\s+команда\s+неприменим\s+0\s+condition not met: DR standby\n/);
      expect(one.stdout).toMatch(/\nclick\s+вручную\s+подтверждён\s+0\s+alice \(night shift\)\s+confirmed with --confirm\n/);
      expect(one.stdout).toContain('выполнено шагов: 3/3');
    } finally {
      box.cleanup();
    }
  });

  it('a resume honours the --confirm given to run, and opens with an account of the run so far', async () => {
    const box = sandbox();
    try {
      writeFileSync(join(box.work, 'fail-two'), '');
      const r1 = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes', '--confirm', 'click']);
      expect(r1.code).toBe(1);
      const runId = onlyRun(box.state);
      expect(readRun(box.state).confirm).toEqual(['click']);

      rmSync(join(box.work, 'fail-two'));
      const r2 = await runCli(['resume', runId, '--state-dir', box.state, '--yes']);
      expect(r2.code).toBe(0);
      expect(r2.stdout).toContain('== the run so far: 1 of 4 steps done (0 not applicable, 0 skipped)');
      expect(r2.stdout).toContain('   ✗ two · First — failed, exit 3,');
      expect(stepOf(readRun(box.state), 'click')).toMatchObject({ status: 'confirmed', reason: 'confirmed with --confirm' });
      expect(lines(join(box.work, 'counter'))).toEqual(['one', 'two', 'two', 'three']);
      // The summary before the operator leaves: attempts, durations, who decided.
      expect(r2.stdout).toMatch(/ {3}✓ two · First — succeeded, 2 attempts, \d/);
    } finally {
      box.cleanup();
    }
  });

  it('resume --param: refused while a finished step depends on the param, re-runs them with --rerun-changed, allowed when none does', async () => {
    const box = sandbox();
    try {
      const r1 = await runCli(['run', fixture('applies.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      expect(r1.code).toBe(4);
      const runId = onlyRun(box.state);

      const refused = await runCli(['resume', runId, '--state-dir', box.state, '--param', 'dr=true', '--yes', '--confirm', 'click']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`cannot change dr of run ${runId}: finished steps depend on it: dr-only`);
      expect(refused.stderr).toContain('--rerun-changed');
      expect(readRun(box.state).params.dr).toBe(false);

      const other = join(box.dir, 'other');
      mkdirSync(other);
      const rerun = await runCli(['resume', runId, '--state-dir', box.state, '--param', 'dr=true', '--param', `work=${other}`, '--yes', '--confirm', 'click', '--rerun-changed'], { cwd: box.dir });
      expect(rerun.stderr).toBe('');
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toContain('params changed on resume: work, dr; finished steps to run again: one, dr-only');
      expect(lines(join(other, 'counter'))).toEqual(['one', 'dr-only', 'three']);
      expect(transcript(box.state).find((e) => e.event === 'params-changed')).toMatchObject({ params: { work: other, dr: true }, rerun: ['one', 'dr-only'] });
    } finally {
      box.cleanup();
    }
  });
});
