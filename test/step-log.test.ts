// What the faces read back from a run: a step's log (every attempt, for evidence and after resume),
// where a step's command runs, progress as done/applicable; and the presentation-only attributes.
import { describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunbook } from '../src/commands/shared/load.js';
import { openRun } from '../src/engine/execution/session.js';
import { readStepLog } from '../src/engine/execution/store/step-log.js';
import { progress } from '../src/engine/execution/progress.js';
import { parseRunbook } from '../src/engine/document/parse.js';
import { lintSource } from '../src/engine/authoring/lint.js';
import { fixture, sandbox } from './helpers/harness.js';

describe('RunController.readLog and workingDir', () => {
  it('reads back every attempt of a step, resolves its working directory, and counts progress over applicable steps', async () => {
    const box = sandbox();
    try {
      writeFileSync(join(box.work, 'fail-two'), '');
      const { runbook } = await loadRunbook(fixture('basic.md'));
      const s = await openRun({ runbook, stateRoot: box.state, lang: 'en', params: { work: box.work }, killGraceMs: 500, retryDelayMs: 10 });
      expect(s.readLog('one').lines).toEqual([]);
      await s.runStep('one');
      await s.runStep('two');
      rmSync(join(box.work, 'fail-two'));
      await s.runStep('two');
      const log = s.readLog('two');
      expect(log.path).toBe(join(s.runDir, 'logs', 'two.log'));
      expect(log.lines.filter((l) => /^# runbook \S+: step two, attempt \d/.test(l))).toHaveLength(2);
      expect(log.lines.at(-1)).toMatch(/^# succeeded/);
      expect(s.workingDir('two')).toEqual({ dir: process.cwd() });
      expect(progress(s.state, s.plan())).toEqual({ done: 2, applicable: s.plan().filter((p) => p.included !== false).length });
      await s.close();
    } finally {
      box.cleanup();
    }
  });

  it('a long log is read from its end, starting at a whole line', () => {
    const box = sandbox();
    try {
      const dir = join(box.state, 'run');
      rmSync(dir, { recursive: true, force: true });
      const logs = join(dir, 'logs');
      mkdirSync(logs, { recursive: true });
      writeFileSync(join(logs, 'big.log'), Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n');
      const log = readStepLog(dir, 'big', 1000);
      expect(log.skippedBytes).toBeGreaterThan(0);
      expect(log.lines[0]).toMatch(/^line \d+$/);
      expect(log.lines.at(-1)).toBe('line 4999');
    } finally {
      box.cleanup();
    }
  });
});

describe('expect-duration and evidence', () => {
  const head = '---\nid: t\nlanguages: [en]\ntitle: T\n---\n\n';
  const step = (attrs: string) => `${head}::::run[A]{#a}\n\`\`\`bash\necho a\n\`\`\`\n::::\n\n::::run[B]{#b ${attrs}}\n\`\`\`bash\necho b\n\`\`\`\n::::\n`;

  it('are read into the model and do not change the step hash (a checkpoint stays valid)', () => {
    const plain = parseRunbook(step(''), 't.md').runbook!.steps[1]!;
    const withAttrs = parseRunbook(step('expect-duration=1h30m evidence="a"'), 't.md').runbook!.steps[1]!;
    expect(withAttrs).toMatchObject({ expectDurationMs: 5_400_000, evidence: ['a'] });
    expect(withAttrs.hash).toBe(plain.hash);
  });

  it('lint: a bad duration, expect-duration over the timeout, evidence naming no earlier step', () => {
    const msgs = (attrs: string) => lintSource(step(attrs), 't.md').map((d) => `${d.severity} ${d.rule}: ${d.message}`);
    expect(msgs('expect-duration=soon')).toEqual([expect.stringMatching(/^error attribute-value: expect-duration="soon" is not a duration/)]);
    expect(msgs('expect-duration=2h timeout=1h')).toEqual([expect.stringMatching(/^warning attribute-value: expect-duration 2h is longer than the timeout \(1h\)/)]);
    expect(msgs('evidence="b zz"')).toHaveLength(2);
    expect(msgs('evidence="b zz"')[0]).toContain('evidence names "b", which is not the id of a step before this one');
    expect(msgs('evidence=""')).toEqual([expect.stringContaining('evidence="" names no step')]);
  });
});
