// The analysis cache is invisible in behaviour: every fixture and shipped runbook gives the same findings,
// plans and renders read afresh, through a cache miss and through a cache hit; a corrupt or stale entry
// is ignored; --no-cache neither reads nor writes it; entries live under $XDG_CACHE_HOME/runbook/analysis.
// The entries the commands write also show that their bundle reads every file as the sources do.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { analyzeCached, entryFile, MAX_ENTRIES } from '../src/commands/shared/analysis-cache.js';
import { present, type Analysis } from '../src/engine/authoring/findings.js';
import { analyze } from '../src/engine/authoring/lint.js';
import { planSteps } from '../src/engine/plan/plan.js';
import { resolveParams } from '../src/engine/plan/params.js';
import { renderRunbook } from '../src/engine/authoring/render/index.js';
import { runCli, ROOT } from './helpers/cli.js';
import { markdownUnder } from './helpers/harness.js';

/** What a user sees of an analysis: findings in two languages, the rehearsal plan and the render of each language. */
function visible(a: Analysis, source: string) {
  const findings = ['en', 'zh'].map((lang) => present(structuredClone(a.findings), lang));
  if (!a.runbook) return { findings };
  const rb = a.runbook;
  const params = resolveParams(rb, {}, { useExamples: true }).values;
  const plans = rb.languages.map((lang) => planSteps(rb, params, lang).map((p) => ({ id: p.step.id, included: p.included, reason: p.reason, script: p.step.script?.value })));
  const renders = rb.languages.map((lang) => {
    try { return renderRunbook(rb, source, { lang, params }); } catch (e) { return `throws ${(e as Error).message}`; }
  });
  return { findings, runbook: rb, plans, renders };
}

let home: string;
const entries = () => join(home, 'runbook', 'analysis');
const saved = process.env.XDG_CACHE_HOME;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'runbook-cache-'));
  process.env.XDG_CACHE_HOME = home;
});
afterAll(() => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
  rmSync(home, { recursive: true, force: true });
});

describe('analysis cache', () => {
  const files = [...markdownUnder(join(ROOT, 'test', 'fixtures')), ...markdownUnder(join(ROOT, 'runbooks'))];

  it(`gives the same findings, plans and renders with and without it (${files.length} files)`, async () => {
    let cached = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const fresh = visible(await analyzeCached(source, file, false), source);
      // A miss returns what it analysed (and writes it); what it wrote comes back on the hit.
      await analyzeCached(source, file, true);
      const hit = visible(await analyzeCached(source, file, true), source);
      // toEqual, not toStrictEqual: a model read back from JSON lacks the fields that were undefined.
      expect(hit, file).toEqual(fresh);
      expect(JSON.stringify(hit), file).toBe(JSON.stringify(fresh));
      cached++;
    }
    expect(readdirSync(entries()).length).toBe(cached);
  });

  it('reads afresh when the file changes, and ignores a corrupt entry', async () => {
    const file = join(ROOT, 'test', 'fixtures', 'example.md');
    const source = readFileSync(file, 'utf8');
    const first = await analyzeCached(source, file, true);
    const changed = await analyzeCached(source.replace(/^id: .*$/m, 'id: changed'), file, true);
    expect(changed.runbook?.id).toBe('changed');
    for (const entry of readdirSync(entries())) writeFileSync(join(entries(), entry), '{"key": "broken');
    expect(await analyzeCached(source, file, true)).toEqual(first);
  });

  it(`keeps at most ${MAX_ENTRIES} entries, dropping the oldest`, async () => {
    // The smallest fixture: each of these entries is a miss, a full parse and lint of it.
    const source = readFileSync(join(ROOT, 'test', 'fixtures', 'tui', 'wait.md'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'runbook-cache-many-'));
    try {
      for (let i = 0; i <= MAX_ENTRIES; i++) await analyzeCached(source, join(dir, `copy-${i}.md`), true);
      const left = readdirSync(entries()).length;
      expect(left).toBeLessThanOrEqual(MAX_ENTRIES);
      expect(left).toBeGreaterThan(MAX_ENTRIES / 2);
      // The newest entry survives the pruning: it is still a hit.
      expect((await analyzeCached(source, join(dir, `copy-${MAX_ENTRIES}.md`), true)).runbook?.id).toBe('tui-wait');
      expect(readdirSync(entries()).length).toBe(left);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The commands run a bundle of the sources and their dependencies, some edited
  // (scripts/esbuild-node.mjs; the tests load the parser with the same edit); these tests import the
  // sources. The entries `lint` writes hold the bundle's models.
  it('the commands read every file into the same model and findings as the sources do', () => {
    const cache = mkdtempSync(join(tmpdir(), 'runbook-cache-bundle-'));
    try {
      expect(runCli(['lint', '--json', 'test/fixtures', 'runbooks'], { env: { XDG_CACHE_HOME: cache } }).code).toBe(1);
      for (const file of files) {
        // lint names each file as found under the directories it was given, relative to ROOT
        const path = relative(ROOT, file);
        const entry = JSON.parse(readFileSync(entryFile(join(cache, 'runbook', 'analysis'), file), 'utf8')) as { analysis: Analysis };
        expect(entry.analysis, path).toEqual(JSON.parse(JSON.stringify(analyze(readFileSync(file, 'utf8'), path))));
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('the commands: --no-cache neither reads nor writes it, a corrupt entry changes nothing', () => {
    const cache = mkdtempSync(join(tmpdir(), 'runbook-cache-cli-'));
    try {
      const env = { XDG_CACHE_HOME: cache };
      const file = join(cache, 'global.md');
      copyFileSync(join(ROOT, 'runbooks', 'upgrade-global.md'), file);
      const plan = ['plan', file, '--json', '--param', 'from=3.16'];
      const fresh = runCli([...plan, '--no-cache'], { env });
      expect(fresh.code).toBe(0);
      expect(existsSync(join(cache, 'runbook', 'analysis'))).toBe(false);
      expect(runCli(plan, { env })).toEqual(fresh);
      const written = readdirSync(join(cache, 'runbook', 'analysis'));
      expect(written).toHaveLength(1);
      expect(runCli(plan, { env })).toEqual(fresh);
      writeFileSync(join(cache, 'runbook', 'analysis', written[0]!), '\u0000not json');
      expect(runCli(plan, { env })).toEqual(fresh);
      const lint = runCli(['lint', file, '--json'], { env });
      expect(runCli(['lint', file, '--json', '--no-cache'], { env })).toEqual(lint);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
