// Reading a document in independent pieces (chunks.ts) must give exactly the tree of reading it whole:
// every fixture and shipped runbook, a generated large runbook, and random documents made of the
// constructs that can span blank lines (fences, containers, lists, quotes, HTML, definitions, front matter).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdown } from '../src/engine/document/markdown.js';
import { chunkCuts } from '../src/engine/document/chunks.js';
import { generateRunbook } from '../bench/generate.js';
import { rng, type Rng } from './helpers/rng.js';
import { markdownUnder } from './helpers/harness.js';

const ROOT = join(import.meta.dirname, '..');
const SEED = Number(process.env.FUZZ_SEED ?? 7212);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 1500);

/** The tree read whole, and read in the smallest pieces the cutter allows. */
function bothWays(source: string) {
  return { whole: parseMarkdown(source, 0), pieces: parseMarkdown(source, 1) };
}

describe('chunked parse', () => {
  const files = [...markdownUnder(join(ROOT, 'test', 'fixtures')), ...markdownUnder(join(ROOT, 'runbooks'))];

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('reads %s as the whole-document parse does', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const { whole, pieces } = bothWays(source);
    expect(pieces).toStrictEqual(whole);
  });

  it('cuts the shipped runbooks and a generated one (the speed-up is not vacuous)', () => {
    for (const f of markdownUnder(join(ROOT, 'runbooks'))) expect(chunkCuts(readFileSync(f, 'utf8'), 1).length).toBeGreaterThan(10);
    const big = generateRunbook(300);
    expect(chunkCuts(big, 1).length).toBeGreaterThan(300);
    expect(parseMarkdown(big, 1)).toStrictEqual(parseMarkdown(big, 0));
  });

  it('does not cut where a definition acts across the document, or a front matter has no end', () => {
    expect(chunkCuts('[a]\n\ntext\n\n[a]: /url\n', 1)).toEqual([]);
    expect(chunkCuts('---\nid: x\n\ntext\n\nmore\n', 1)).toEqual([]);
  });

  it(`reads ${ITERATIONS} random documents as the whole-document parse does (seed ${SEED})`, () => {
    const r = rng(SEED);
    for (let i = 0; i < ITERATIONS; i++) {
      const source = randomDocument(r);
      const { whole, pieces } = bothWays(source);
      if (!isEqual(pieces, whole)) expect({ source, pieces }).toStrictEqual({ source, pieces: whole });
    }
  });
});

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Lines and blocks chosen to provoke every way a block can reach across a blank line. */
const PIECES: ((r: Rng) => string)[] = [
  () => 'Plain text with *emphasis* and `code`.',
  () => '',
  () => '',
  () => '   ',
  (r) => r.pick(['```', '```bash', '~~~', '````', '  ```', '    ```', '\t```', '``` not`closed']),
  (r) => r.pick([':::en', '::::run{#s1}', ':::zh', ':::if{when="dr"}', '  :::en', '::: en', ':::', '::::', ':::::', '  :::']),
  (r) => r.pick(['- item', '* item', '1. item', '2) item', '  - nested', '-', '- ```', '1. ```bash']),
  (r) => r.pick(['  continued in item', '   ```', '    indented', '  :::en', 'lazy line']),
  (r) => r.pick(['> quote', '> ```', '> :::en', '>']),
  (r) => r.pick(['<!-- comment', '-->', '<!-- one line -->', '<pre>', '</pre>', '<div>', '<?php', '?>', '<![CDATA[', ']]>', '<!DOCTYPE html>']),
  (r) => r.pick(['# Heading', '## :en[Title] :zh[标题]', 'Setext', '===', '---', '***', '- - -']),
  (r) => r.pick(['[link](https://example.com)', '[ref]', '[ref]: /url', '[multi', 'line]: /url']),
  (r) => r.pick(['code line', 'kubectl get nodes', '  echo hi', '$$', ':en[inline] :zh[行内]']),
];

function randomDocument(r: Rng): string {
  const lines: string[] = [];
  if (r.chance(0.3)) lines.push('---', 'id: random', r.chance(0.2) ? '' : 'languages: [en, zh]', ...(r.chance(0.9) ? ['---'] : []));
  const n = 5 + r.int(60);
  for (let i = 0; i < n; i++) lines.push(r.pick(PIECES)(r));
  return lines.join('\n') + (r.chance(0.8) ? '\n' : '');
}
