// A lint of several large files reads them on several cores (commands/shared/analyze-many.ts): the
// findings are the same, in the same order, as when each file is linted alone.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { MIN_CHILD_SHARE, shares } from '../src/commands/shared/analyze-many.js';

describe('shares', () => {
  const sizes = [40, 90, 50, 5].map((k) => k * 1024);
  const size = (i: number) => sizes[i]!;

  it('puts the largest first into the lightest share, the heaviest share first, one share per core at most', () => {
    const got = shares([0, 1, 2, 3], size);
    expect(got.length).toBe(Math.min(availableParallelism(), 4, got.length));
    expect(got.flat().sort()).toEqual([0, 1, 2, 3]);
    if (availableParallelism() === 2) expect(got).toEqual([[1, 3], [2, 0]]);
  });

  it('keeps a share too small to pay for a child in this process', () => {
    const small = [MIN_CHILD_SHARE - 1, MIN_CHILD_SHARE * 3];
    expect(shares([0, 1], (i) => small[i]!)).toEqual([[1, 0]]);
    expect(shares([], size)).toEqual([[]]);
  });
});

describe('lint of several files', () => {
  it('finds what linting each file alone finds, in the same order, cold and from the cache', () => {
    const cache = mkdtempSync(join(tmpdir(), 'runbook-cache-'));
    try {
      const env = { XDG_CACHE_HOME: cache };
      const files = ['runbooks/upgrade-global.md', 'runbooks/upgrade-prepare.md', 'runbooks/upgrade-workload.md', 'test/fixtures/lint/steps.md', 'test/fixtures/lint/translations.md'];
      const alone = files.flatMap((f) => JSON.parse(runCli(['lint', '--json', '--no-cache', f]).stdout).diagnostics);
      expect(alone.length).toBeGreaterThan(0);
      const cold = runCli(['lint', '--json', ...files], { env });
      expect(JSON.parse(cold.stdout)).toMatchObject({ files: files.length, diagnostics: alone });
      // Each file's entry was kept, by whichever process read it.
      expect(readdirSync(join(cache, 'runbook', 'analysis')).filter((n) => n.endsWith('.json'))).toHaveLength(files.length);
      expect(runCli(['lint', '--json', ...files], { env }).stdout).toBe(cold.stdout);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
