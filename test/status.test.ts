// `runbook status`: the JSON shapes of the contract, the tables, unusable state files, and a light load.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, fixture, forbiddingImports, onlyRun, runCli, sandbox, type Sandbox } from './helpers/harness.js';

beforeAll(assertBuilt);

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A failed run of basic.md: one succeeded, two failed (exit 3), the rest pending. */
async function failedRun(box: Sandbox): Promise<string> {
  writeFileSync(join(box.work, 'fail-two'), '');
  const r = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
  expect(r.code).toBe(1);
  return onlyRun(box.state);
}

describe('runbook status', () => {
  it('--json prints {"runs": [RUN…]} and one RUN, with exactly the fields of the contract', async () => {
    const box = sandbox();
    try {
      const runId = await failedRun(box);
      const all = await runCli(['status', '--state-dir', box.state, '--json']);
      expect(all.code).toBe(0);
      const list = JSON.parse(all.stdout) as { runs: Record<string, unknown>[] };
      expect(Object.keys(list)).toEqual(['runs']);
      expect(list.runs).toHaveLength(1);

      const one = await runCli(['status', runId, '--state-dir', box.state, '--json']);
      expect(one.code).toBe(0);
      const run = JSON.parse(one.stdout) as Record<string, any>;
      expect(run).toEqual(list.runs[0]);
      expect(Object.keys(run)).toEqual(['runId', 'runbook', 'lang', 'status', 'rehearsal', 'startedAt', 'updatedAt', 'params', 'steps']);
      expect(run).toMatchObject({
        runId, lang: 'en', status: 'failed', rehearsal: false, params: { work: box.work, mode: 'ok' },
        runbook: { id: 'basic', path: fixture('basic.md'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      });
      expect(Object.keys(run.runbook)).toEqual(['id', 'path', 'sha256']);
      expect(run.startedAt).toMatch(ISO_MS);
      expect(run.updatedAt).toMatch(ISO_MS);
      expect(run.steps.map((s: Record<string, unknown>) => Object.keys(s))).toEqual([
        ['id', 'kind', 'status', 'exitCode', 'startedAt', 'endedAt', 'attempts'],
        ['id', 'kind', 'status', 'exitCode', 'startedAt', 'endedAt', 'attempts'],
        ['id', 'kind', 'status', 'attempts'],
        ['id', 'kind', 'status', 'attempts'],
      ]);
      expect(run.steps[1]).toMatchObject({ id: 'two', kind: 'run', status: 'failed', exitCode: 3, attempts: 1 });
      expect(run.steps[2]).toEqual({ id: 'click', kind: 'manual', status: 'pending', attempts: 0 });
      for (const t of [run.steps[0].startedAt, run.steps[0].endedAt]) expect(t).toMatch(ISO_MS);
    } finally {
      box.cleanup();
    }
  });

  it('prints readable tables: the runs, and each step of one run', async () => {
    const box = sandbox();
    try {
      const runId = await failedRun(box);
      const all = await runCli(['status', '--state-dir', box.state]);
      expect(all.code).toBe(0);
      const [head, row] = all.stdout.trim().split('\n');
      expect(head).toMatch(/^RUN\s+RUNBOOK\s+STATUS\s+DONE\s+UPDATED \(UTC\)$/);
      expect(row).toMatch(new RegExp(`^${runId}\\s+basic\\s+failed\\s+1/4\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`));

      const one = await runCli(['status', runId, '--state-dir', box.state]);
      expect(one.code).toBe(0);
      expect(one.stdout).toContain(`runbook basic: ${fixture('basic.md')}`);
      expect(one.stdout).toMatch(/STEP\s+KIND\s+STATUS\s+ATTEMPTS\s+EXIT\s+DURATION/);
      expect(one.stdout).toMatch(/\ntwo\s+run\s+failed\s+1\s+3\s+\d+ms\n/);
      expect(one.stdout).toMatch(/\nclick\s+manual\s+pending\s+0\n/);

      const zh = await runCli(['status', runId, '--state-dir', box.state, '--lang', 'zh']);
      expect(zh.stdout).toMatch(/\ntwo\s+执行\s+失败\s+1\s+3/);

      const none = await runCli(['status', '--state-dir', join(box.dir, 'empty')]);
      expect(none).toMatchObject({ code: 0, stdout: `no runs under ${join(box.dir, 'empty', 'runs')}\n` });
    } finally {
      box.cleanup();
    }
  });

  it('a corrupt or foreign state.json: exit 2 naming the file, no stack trace', async () => {
    const box = sandbox();
    try {
      const runId = await failedRun(box);
      const bad = join(box.state, 'runs', '20260101-0000-other-abcd');
      mkdirSync(bad);
      writeFileSync(join(bad, 'state.json'), '{"version": 1, "runId": ');
      const all = await runCli(['status', '--state-dir', box.state, '--json']);
      expect(all.code).toBe(2);
      expect(JSON.parse(all.stdout).runs.map((r: { runId: string }) => r.runId)).toEqual([runId]);
      expect(all.stderr).toContain(`${join(bad, 'state.json')} is not a usable run state`);
      expect(all.stderr).not.toMatch(/\n\s+at /);

      const one = await runCli(['status', '20260101-0000-other-abcd', '--state-dir', box.state]);
      expect(one.code).toBe(2);
      expect(one.stderr).toContain(join(bad, 'state.json'));

      writeFileSync(join(bad, 'state.json'), JSON.stringify({ name: 'some other tool', steps: 3 }));
      const foreign = await runCli(['status', '20260101-0000-other-abcd', '--state-dir', box.state]);
      expect(foreign.code).toBe(2);
      expect(foreign.stderr).toContain('not a runbook state (version undefined, expected 1)');
      expect(foreign.stderr).not.toMatch(/\n\s+at /);

      const resume = await runCli(['resume', '20260101-0000-other-abcd', '--state-dir', box.state]);
      expect(resume.code).toBe(2);
      expect(resume.stderr).toContain(join(bad, 'state.json'));

      const missing = await runCli(['status', '20260101-0000-nope-abcd', '--state-dir', box.state]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no run 20260101-0000-nope-abcd');
    } finally {
      box.cleanup();
    }
  });

  it('loads neither Ink nor React', async () => {
    const box = sandbox();
    try {
      await failedRun(box);
      // A loader hook that fails any import of the heavy modules.
      const { env, entry } = forbiddingImports(box.dir, /\/node_modules\/(ink|react)\//, 'heavy module');
      const status = await runCli(['status', '--state-dir', box.state], { env, entry });
      expect(status.stderr).toBe('');
      expect(status.code).toBe(0);
      // The hook does catch a heavy import: `run` in the terminal UI loads Ink.
      const run = await runCli(['run', fixture('basic.md'), '--ui', 'tui', '--yes', '--param', `work=${box.work}`], { env, entry });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('heavy module loaded');
    } finally {
      box.cleanup();
    }
  });
});
