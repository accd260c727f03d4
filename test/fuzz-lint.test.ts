// Generated mutations of valid runbooks: lint, parse and plan must never throw, and every diagnostic must
// point at a real place in the file. A seeded RNG keeps runs reproducible (FUZZ_SEED=n to explore others).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { analyze, lintSource, lintParsed, RULES } from '../src/engine/authoring/lint.js';
import { present } from '../src/engine/authoring/findings.js';
import { parseRunbook } from '../src/engine/document/parse.js';
import { planSteps } from '../src/engine/plan/plan.js';
import { resolveParams } from '../src/engine/plan/params.js';
import type { Diagnostic, Runbook } from '../src/engine/document/model.js';
import { rng } from './helpers/rng.js';
import { ROOT, BIN, cliEnv } from './helpers/cli.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 3000);

const FILES = [
  'test/fixtures/lint/valid.md',
  'test/fixtures/plan/operators.md',
  'test/fixtures/example.md',
].map((p) => readFileSync(join(ROOT, p), 'utf8'));
/** A small runbook with every construct, so that most runs are cheap. */
const MINI = `---
id: mini
languages: [en, zh]
title: {en: Mini, zh: 迷你}
params:
  from: {type: choice, choices: ["3.16", "3.18"], example: "3.16", label: {en: From, zh: 从}}
  dr: {type: boolean, default: false, label: {en: DR, zh: 灾备}}
---

## :en[Start] :zh[开始]

::::run[:en[Read] :zh[读取]]{#read capture=V timeout=1m}
:::en
Reads it.
:::
:::zh
读取。
:::
\`\`\`bash
echo 1
\`\`\`
::::

:::::if{from="3.16|3.18" dr}
::::manual{#click when="V == '1' && !dr"}
:::en
Click.
:::
:::zh
点击。
:::
::::
:::::

:::check{#ok expect="1"}
\`\`\`sh
echo 1
\`\`\`
:::
`;
const SEEDS = [MINI, MINI, MINI, ...FILES];

type Rng = ReturnType<typeof rng>;

const JUNK = [
  '\u0000', '\u0000\u0000\u0001', '\uFFFD', '\u001b[31m', '\r', '\r\n', '\t', '\u2028', '😀', '中文', 'Ж',
  ':', '::', ':::', '::::', '{', '}', '[', ']', '"', "'", '`', '```', '~~~', '#', '\\', '<!--', '-->', '<div>',
  '*', '_', '|', '&amp;', '&#0;', '---', '...', ' ', '\n\n', '> ', '- ', '1. ', '    ',
];
const SNIPPETS = [
  ':::run{#x}', ':::run{#x', ':::run{#x when="a}', ':::run[label{#y}', ':::check{#dup expect="(["}', '::::manual{#m}',
  ':::if{dr}', ':::if{from="3.16|"}', ':::if{when="(("}', ':::en', ':::zh', ':::ru', ':::de', ':::', '::::', ':::::',
  '::run', ':en[x]', ':zh[', 'nginx:latest', '10:30', '```bash', '```', '```python', '{#id}', '#', '## :en[H] :zh[H]',
  'params:', '  x: {type: choice}', 'id: Bad Id', 'languages: []', 'title: {}', '---', '- :::run{#li}',
  '> :::en', ':::wait{#w interval=0s}', ':::manual{#m #n}', 'when="x == \'y\'"',
];

function lines(s: string): string[] {
  return s.split('\n');
}

/** The mutations applied in the current run (shown with FUZZ_PROFILE=1). */
const kinds: number[] = [];
function mutate(src: string, r: Rng): string {
  const ls = lines(src);
  const i = r.int(ls.length);
  // The costly shapes (deep nesting, long lines) are rarer, so that thousands of runs stay fast.
  let kind = r.int(16);
  if ((kind === 8 || kind === 12 || kind === 14) && r.next() < 0.7) kind = r.int(8);
  kinds.push(kind);
  switch (kind) {
    case 0: ls.splice(i, 1); return ls.join('\n'); // delete a line
    case 1: ls.splice(i, 0, ls[i] ?? ''); return ls.join('\n'); // duplicate a line
    case 2: { const j = r.int(ls.length); [ls[i], ls[j]] = [ls[j]!, ls[i]!]; return ls.join('\n'); } // swap
    case 3: { // drop or add colons on a fence line
      const fences = ls.map((l, k) => (/^:{2,}/.test(l) ? k : -1)).filter((k) => k >= 0);
      if (!fences.length) return src;
      const k = r.pick(fences);
      ls[k] = r.next() < 0.5 ? ls[k]!.slice(1) : `:${ls[k]}`;
      return ls.join('\n');
    }
    case 4: return src.slice(0, r.int(src.length + 1)); // truncate anywhere
    case 5: { // truncate inside the front matter
      const end = src.indexOf('\n---', 3);
      return src.slice(0, r.int(Math.max(1, end)));
    }
    case 6: { // insert junk at a random offset
      const at = r.int(src.length + 1);
      let junk = '';
      for (let n = 1 + r.int(4); n > 0; n--) junk += r.pick(JUNK);
      return src.slice(0, at) + junk + src.slice(at);
    }
    case 7: { // unbalance brackets, braces and quotes on an attribute line
      const attrs = ls.map((l, k) => (/[{}[\]"']/.test(l) ? k : -1)).filter((k) => k >= 0);
      if (!attrs.length) return src;
      const k = r.pick(attrs);
      const l = ls[k]!;
      const chars = [...l].map((c, n) => (/[{}[\]"']/.test(c) ? n : -1)).filter((n) => n >= 0);
      const n = r.pick(chars);
      ls[k] = r.next() < 0.5 ? l.slice(0, n) + l.slice(n + 1) : l.slice(0, n) + l[n] + l.slice(n);
      return ls.join('\n');
    }
    case 8: { // nest containers 200 deep
      const deep: string[] = [];
      const same = r.next() < 0.5;
      for (let d = 0; d < 200; d++) deep.push(`${':'.repeat(same ? 3 : 203 - d)}if{dr}`);
      deep.push('text');
      if (r.next() < 0.5) for (let d = 199; d >= 0; d--) deep.push(':'.repeat(same ? 3 : 203 - d));
      ls.splice(i, 0, ...deep);
      return ls.join('\n');
    }
    case 9: ls.splice(i, 0, r.pick(SNIPPETS)); return ls.join('\n'); // insert a directive-ish line
    case 10: { // replace a character with punctuation
      const at = r.int(src.length);
      return src.slice(0, at) + r.pick([':', '{', '}', '[', ']', '"', '`', '\n', '#', '=', '|', '&', '!', '(', ')']) + src.slice(at + 1);
    }
    case 11: return r.next() < 0.5 ? src.replace(/\n/g, '\r\n') : `\uFEFF${src}`; // line endings, BOM
    case 12: { // deep list or quote
      const deep = r.next() < 0.5
        ? Array.from({ length: 150 }, (_, d) => `${'  '.repeat(d)}- item`).join('\n')
        : `${'>'.repeat(300)} quoted`;
      ls.splice(i, 0, deep);
      return ls.join('\n');
    }
    case 13: { // binary junk
      let junk = '';
      for (let n = 16 + r.int(200); n > 0; n--) junk += String.fromCharCode(r.int(256));
      const at = r.int(src.length + 1);
      return src.slice(0, at) + junk + src.slice(at);
    }
    case 14: { // a long line of colons and text directives
      ls.splice(i, 0, `${'ratio a:b nginx:latest '.repeat(300)}`);
      return ls.join('\n');
    }
    default: { // remove a random range
      const a = r.int(src.length);
      return src.slice(0, a) + src.slice(a + r.int(200));
    }
  }
}

/** Lines as the parser counts them: \r\n, \r and \n all end a line. */
function lineLengths(src: string): number[] {
  const s = src.charCodeAt(0) === 0xfeff ? src.slice(1) : src;
  return s.split(/\r\n|\r|\n/).map((l) => l.length);
}

const RULE_IDS = new Set(Object.keys(RULES));

/** The first thing wrong with a diagnostic, or undefined. */
function insane(d: Diagnostic, lens: number[]): string | undefined {
  if (!Number.isInteger(d.line) || d.line < 1 || d.line > lens.length) return `line ${d.line} outside 1..${lens.length}`;
  if (!Number.isInteger(d.column) || d.column < 1 || d.column > lens[d.line - 1]! + 1) return `column ${d.column} outside 1..${lens[d.line - 1]! + 1}`;
  if (d.severity !== 'error' && d.severity !== 'warning') return `severity ${d.severity}`;
  if (!RULE_IDS.has(d.rule)) return `unknown rule ${d.rule}`;
  if (d.rule === 'internal') return 'internal error';
  if (typeof d.message !== 'string' || d.message.length < 10) return 'no message';
  return undefined;
}

function checkDiagnostics(src: string, ds: Diagnostic[], label: string): void {
  const lens = lineLengths(src);
  for (const d of ds) {
    const problem = insane(d, lens);
    if (problem) {
      const line = src.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[d.line - 1] ?? '';
      expect.fail(`${label}: ${problem}: ${JSON.stringify(d)}\n--- line ${d.line} ---\n${JSON.stringify(line)}\n--- source ---\n${JSON.stringify(src.slice(0, 3000))}`);
    }
  }
}

describe('generated mutations', () => {
  it(`lint, parse and plan survive ${ITERATIONS} mutated runbooks (seed ${SEED})`, () => {
    const r = rng(SEED);
    const rules = new Set<string>();
    const profile = new Map<string, number>(); // FUZZ_PROFILE=1: time per mutation kind
    let withErrors = 0;
    for (let n = 0; n < ITERATIONS; n++) {
      let src = r.pick(SEEDS);
      kinds.length = 0;
      for (let m = 1 + r.int(3); m > 0; m--) src = mutate(src, r);
      const label = `iteration ${n} (seed ${SEED}, mutations ${kinds.join(',')})`;
      const t0 = performance.now();
      let ds: Diagnostic[] = [];
      let runbook: Runbook | undefined;
      try {
        // Every fifth run goes the way of lintSource and the CLI (analyze, with its catch-all, then
        // present); the others through lintParsed. Either way one parse serves lint and plan.
        if (n % 5 === 0) {
          const analysis = analyze(src, 'fuzz.md');
          ds = present(analysis.findings, undefined);
          runbook = analysis.runbook;
        } else {
          const parsed = parseRunbook(src, 'fuzz.md');
          ds = lintParsed(parsed, 'fuzz.md');
          runbook = parsed.runbook;
        }
      } catch (e) {
        throw new Error(`${label}: lint threw ${(e as Error).stack}\n--- source ---\n${src.slice(0, 2000)}`);
      }
      checkDiagnostics(src, ds, label);
      ds.forEach((d) => rules.add(d.rule));
      if (ds.some((d) => d.severity === 'error')) withErrors++;
      try {
        if (runbook) {
          JSON.parse(JSON.stringify(runbook)); // the model stays serialisable
          const { values } = resolveParams(runbook, {}, { useExamples: n % 2 === 0 });
          for (const lang of [...runbook.languages, 'xx']) planSteps(runbook, values, lang);
          planSteps(runbook, values, runbook.languages[0]!, { CURRENT_VERSION: '3.18', V: '1' });
        }
      } catch (e) {
        throw new Error(`${label}: parse/plan threw ${(e as Error).stack}\n--- source ---\n${src.slice(0, 2000)}`);
      }
      if (process.env.FUZZ_PROFILE) for (const k of kinds) profile.set(String(k), (profile.get(String(k)) ?? 0) + (performance.now() - t0) / kinds.length);
    }
    if (process.env.FUZZ_PROFILE) console.log([...profile].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k}:${Math.round(v)}ms`).join(' '));
    // The mutations reach deep into the rule set, and most mutated files are found wrong.
    expect(rules.size).toBeGreaterThan(15);
    expect(withErrors).toBeGreaterThan(ITERATIONS / 3);
  }, 120_000);

  it('a file made only of junk ends in diagnostics', () => {
    const r = rng(SEED + 1);
    for (let n = 0; n < 100; n++) {
      let src = '';
      for (let k = r.int(400); k > 0; k--) src += r.next() < 0.5 ? r.pick(JUNK) : r.pick(SNIPPETS) + '\n';
      const ds = lintSource(src, 'junk.md');
      checkDiagnostics(src, ds, `junk ${n}`);
      expect(ds.length).toBeGreaterThan(0);
    }
  });
});

describe('mutated files through the command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-fuzz-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0, 1 or 2 without a stack trace', () => {
    const r = rng(SEED + 2);
    const files: string[] = [];
    for (let n = 0; n < 6; n++) {
      let src = r.pick(SEEDS);
      for (let m = 2 + r.int(3); m > 0; m--) src = mutate(src, r);
      const f = join(dir, `mutated-${n}.md`);
      writeFileSync(f, src);
      files.push(f);
    }
    const binary = join(dir, 'binary.md');
    writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    files.push(binary);
    // lint reads every file it is given (one process for all of them); plan takes one file.
    for (const cmd of [['lint', ...files], ['lint', '--json', ...files], ...files.map((f) => ['plan', f])]) {
      const res = spawnSync(process.execPath, [BIN, ...cmd], { encoding: 'utf8', env: cliEnv(), maxBuffer: 64 * 1024 * 1024 });
      expect([0, 1, 2], `${cmd.join(' ')}: ${res.stderr}`).toContain(res.status);
      expect(res.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      if (cmd[1] === '--json') expect((JSON.parse(res.stdout) as { files: number }).files).toBe(files.length);
    }
  });

  it('lints a directory of 300 generated files in one call', () => {
    const r = rng(SEED + 3);
    const sub = join(dir, 'many');
    mkdirSync(sub);
    for (let n = 0; n < 300; n++) {
      let src = r.pick(SEEDS);
      if (n % 3) for (let m = 1 + r.int(2); m > 0; m--) src = mutate(src, r);
      writeFileSync(join(sub, `rb-${String(n).padStart(3, '0')}.md`), src);
    }
    const res = spawnSync(process.execPath, [BIN, 'lint', '--json', sub], { encoding: 'utf8', env: cliEnv(), maxBuffer: 256 * 1024 * 1024 });
    expect([0, 1], res.stderr).toContain(res.status);
    const out = JSON.parse(res.stdout) as { files: number; errors: number; diagnostics: Diagnostic[] };
    expect(out.files).toBe(300);
    expect(out.errors).toBeGreaterThan(0);
    expect(new Set(out.diagnostics.map((d) => d.file)).size).toBeGreaterThan(50);
    expect(res.stderr).toBe('');
  }, 120_000);
});
