// docs/runbooks/<lang>/<name>.md are the shipped runbooks rendered for reading on a code host. Like
// `mdsh --frozen`: each must be exactly what `runbook render runbooks/<name>.md --lang <lang>` prints now.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, ROOT } from './helpers/cli.js';
// @ts-expect-error: a plain .js script (npm run docs), no types
import { shippedDocs } from '../scripts/docs.js';

const docs = shippedDocs() as { source: string; lang: string; target: string }[];

describe('generated runbook documents (npm run docs)', () => {
  it('cover every shipped runbook in each of its languages', () => {
    const runbooks = readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.md'));
    expect(runbooks.length).toBeGreaterThan(0);
    for (const name of runbooks) for (const lang of ['en', 'zh', 'ru']) expect(docs.map((d) => d.target)).toContain(`docs/runbooks/${lang}/${name}`);
  });

  for (const { source, lang, target } of docs) {
    it(`${target} is fresh`, () => {
      const r = runCli(['render', source, '--lang', lang]);
      expect(r.code, r.stderr).toBe(0);
      const file = join(ROOT, target);
      expect(existsSync(file), `${target} is missing: run "npm run docs"`).toBe(true);
      expect(readFileSync(file, 'utf8') === r.stdout, `${target} is stale: run "npm run docs"`).toBe(true);
    });
  }

  it('each raw runbook links to its renderings at the top, and the renderings do not link to themselves', () => {
    for (const { source, lang, target } of docs) {
      const raw = readFileSync(join(ROOT, source), 'utf8');
      const body = raw.slice(raw.indexOf('\n---\n', 4) + 5);
      const first = body.split('\n').find((l) => l.trim() !== '')!;
      expect(first, source).toContain(`(../docs/runbooks/${lang}/${source.slice('runbooks/'.length)})`);
      expect(readFileSync(join(ROOT, target), 'utf8')).not.toContain('docs/runbooks/');
    }
  });
});
