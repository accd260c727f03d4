// Hang-up safety without a terminal: RunSession.detach() as the faces see it, and SIGHUP to the real
// binary in plain mode. (The terminal disappearing under the UI is in test/pty.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunbook } from '../src/commands/shared/load.js';
import { openRun } from '../src/engine/execution/session.js';
import type { RunEvent } from '../src/engine/execution/run-api.js';
import { outputLines } from '../src/engine/execution/exec.js';
import { ROOT, assertBuilt, onlyRun, readRun, runCli, sandbox, startCli, transcript, waitFor } from './helpers/harness.js';

const GATED = join(ROOT, 'test', 'fixtures', 'tui', 'pty-hangup.md');

beforeAll(assertBuilt);

describe('hang-up safety', () => {
  it('detach(): the running step goes on and its result is recorded; then the run is paused and released, and no face can move on', async () => {
    const box = sandbox();
    try {
      const gate = join(box.work, 'gate');
      const s = await openRun({ runbook: (await loadRunbook(GATED)).runbook, stateRoot: box.state, lang: 'en', params: { gate } });
      const events: RunEvent[] = [];
      s.on((e) => void events.push(e));
      let answered = false;
      void s.runStep('ticks').then(() => (answered = true));
      await waitFor('a tick', () => events.some((e) => e.type === 'output' && outputLines(e.text).some((l) => l.startsWith('tick'))));
      const detached = s.detach('SIGHUP');
      const seen = events.length;
      expect(existsSync(join(s.runDir, 'lock'))).toBe(true);
      writeFileSync(gate, '');
      await detached;
      expect(readRun(box.state)).toMatchObject({ status: 'paused', steps: [{ id: 'ticks', status: 'succeeded', exitCode: 0 }, { id: 'goodbye', status: 'pending' }] });
      expect(existsSync(join(s.runDir, 'lock'))).toBe(false);
      expect(readFileSync(s.logPath('ticks'), 'utf8')).toMatch(/finished\n# succeeded, exit 0/);
      expect(transcript(box.state).slice(2).map((e) => [e.event, e.reason])).toEqual([
        ['step-started', undefined], ['terminal-lost', 'SIGHUP'], ['step-finished', undefined], ['run-paused', 'terminal-lost'],
      ]);
      // Nobody is told anything any more; a face that asks for the next step gets no answer and starts nothing.
      expect(events.length).toBe(seen);
      void s.runStep('goodbye').then(() => (answered = true));
      await s.close();
      expect(answered).toBe(false);
      expect(existsSync(s.logPath('goodbye'))).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('SIGHUP to a plain run mid-step: the step finishes unharmed, exit 4, run paused and unlocked; `logs` shows the step', async () => {
    const box = sandbox();
    try {
      const gate = join(box.work, 'gate');
      const run = startCli(['run', GATED, '--ui', 'plain', '--yes', '--param', `gate=${gate}`, '--state-dir', box.state]);
      await waitFor('a tick', () => run.stdout().includes('tick 1'));
      run.child.kill('SIGHUP');
      await waitFor('terminal-lost', () => transcript(box.state).some((e) => e.event === 'terminal-lost'));
      expect(readRun(box.state).steps[0]!.status).toBe('running');
      writeFileSync(gate, '');
      const r = await run.done;
      expect(r.code).toBe(4);
      // Nothing more was written where the terminal was; the log has it all.
      expect(r.stdout).not.toContain('finished');
      const runId = onlyRun(box.state);
      expect(readRun(box.state)).toMatchObject({ status: 'paused', steps: [{ id: 'ticks', status: 'succeeded' }, { id: 'goodbye', status: 'pending' }] });
      expect(transcript(box.state).find((e) => e.event === 'terminal-lost')).toMatchObject({ reason: 'SIGHUP', step: 'ticks' });
      expect(transcript(box.state).at(-1)).toMatchObject({ event: 'run-paused', reason: 'terminal-lost' });
      expect(existsSync(join(box.state, 'runs', runId, 'lock'))).toBe(false);

      const logs = await runCli(['logs', '--state-dir', box.state]);
      expect(logs.code).toBe(0);
      expect(logs.stdout).toMatch(/^# runbook .*: step ticks, attempt 1/);
      expect(logs.stdout).toMatch(/tick 1\n[\s\S]*finished\n# succeeded, exit 0/);
      const none = await runCli(['logs', runId, 'goodbye', '--state-dir', box.state]);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(`run ${runId} has no log of step goodbye`);
      expect(none.stderr).toContain('steps with a log: ticks');
    } finally {
      box.cleanup();
    }
  });
});
