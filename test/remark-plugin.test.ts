// runbook/remark: the plugin that turns a runbook into the document `runbook render` makes, in any unified
// pipeline. `render` goes through it too, so both must give the same document.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import remarkStringify from 'remark-stringify';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { VFile } from 'vfile';
import runbookDocs from '../src/engine/authoring/render/remark.js';
import { runCli, ROOT } from './helpers/cli.js';

const FILE = join(ROOT, 'runbooks', 'upgrade-prepare.md');
const SOURCE = readFileSync(FILE, 'utf8');
const toHtml = (md: string) => String(unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).processSync(md));

describe('runbook/remark in a plain unified pipeline', () => {
  it('makes the one-language document render makes (remark-stringify)', () => {
    const out = String(unified().use(remarkParse).use(remarkFrontmatter).use(remarkDirective).use(runbookDocs, { lang: 'zh' }).use(remarkStringify).processSync(new VFile({ value: SOURCE, path: FILE })));
    expect(out).not.toMatch(/:::|:en\[|:ru\[|\{#|^---$/m);
    expect(out).toContain('# 升级前准备');
    expect(out).not.toContain('Prepare the upgrade');
    const rendered = runCli(['render', 'runbooks/upgrade-prepare.md', '--lang', 'zh']);
    expect(rendered.code).toBe(0);
    expect(toHtml(out)).toBe(toHtml(rendered.stdout));
  });

  it('feeds later plugins ordinary markdown (remark-rehype → HTML), params filter', () => {
    const all = String(unified().use(remarkParse).use(remarkFrontmatter).use(remarkDirective).use(runbookDocs, { lang: 'en' }).use(remarkRehype).use(rehypeStringify).processSync(SOURCE));
    expect(all).toMatch(/<h1>[^<]+<\/h1>/);
    expect(all).toContain('Only if');
    const given = String(unified().use(remarkParse).use(remarkFrontmatter).use(remarkDirective).use(runbookDocs, { lang: 'en', params: { from: '3.18' } }).use(remarkRehype).use(rehypeStringify).processSync(SOURCE));
    expect(given).not.toContain('“Platform version you upgrade from” is 3.16');
  });

  it('works when a docs site took the front matter off first (Docusaurus, rspress)', () => {
    const end = SOURCE.indexOf('\n---\n', 4) + 5;
    const { parse } = require('yaml') as typeof import('yaml');
    const file = new VFile({ value: SOURCE.slice(end), path: FILE, data: { frontMatter: parse(SOURCE.slice(4, end - 5)) } });
    const out = String(unified().use(remarkParse).use(remarkFrontmatter).use(remarkDirective).use(runbookDocs, { lang: 'ru' }).use(remarkStringify).processSync(file));
    expect(out).not.toMatch(/:::|:en\[|:zh\[/);
    expect(out).toMatch(/^# \S/);
  });

  it('fails the build on a runbook with errors, naming the problem', () => {
    const bad = '---\nid: bad\nlanguages: [en]\ntitle: {en: Bad}\n---\n\n::::run{#a}\n```bash\ntrue\n```\n::::\n\n::::run{#a}\n```bash\ntrue\n```\n::::\n';
    expect(() => unified().use(remarkParse).use(remarkFrontmatter).use(remarkDirective).use(runbookDocs, { lang: 'en' }).use(remarkStringify).processSync(bad)).toThrow(/runbook lint/);
  });

  it('is exported as runbook/remark (package exports)', () => {
    const script = "import runbookDocs from 'runbook/remark'; import { unified } from 'unified'; import p from 'remark-parse'; import f from 'remark-frontmatter'; import d from 'remark-directive'; import s from 'remark-stringify'; import { readFileSync } from 'node:fs';" +
      "process.stdout.write(String(unified().use(p).use(f).use(d).use(runbookDocs, { lang: 'ru' }).use(s).processSync(readFileSync('runbooks/upgrade-prepare.md', 'utf8'))));";
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# Подготовка/);
  });
});
