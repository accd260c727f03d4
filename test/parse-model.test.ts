// The parsed model: titles, inherited conditions, prose per language, hashes, positions.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook, normalizeSource, scanAttributes } from '../src/engine/document/parse.js';
import { parseMarkdown, spliceRange } from '../src/engine/document/markdown.js';
import { pick, type Runbook, type Step } from '../src/engine/document/model.js';
import { unified } from 'unified';
import remarkParse from 'remark-parse';

const ROOT = join(import.meta.dirname, '..');
const HEAD = `---
id: model
languages: [en, zh, ru]
title: {en: Model, zh: 模型, ru: Модель}
params:
  dr: {type: boolean, default: false, label: {en: DR, zh: 灾备, ru: DR}}
  from: {type: choice, choices: ["3.16", "3.18"], example: "3.16", label: {en: From, zh: 从, ru: С}}
---
`;

function parse(body: string, head = HEAD): Runbook {
  const r = parseRunbook(head + body, 'model.md');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors, null, 1)).toEqual([]);
  expect(r.runbook).toBeDefined();
  return r.runbook!;
}
function step(rb: Runbook, id: string): Step {
  const s = rb.steps.find((x) => x.id === id);
  expect(s, `step ${id}`).toBeDefined();
  return s!;
}
const code = (text = 'echo hi') => `\`\`\`bash\n${text}\n\`\`\``;

describe('titles', () => {
  const rb = parse(`
# :en[Top] :zh[顶部] :ru[Верх]

:::run{#before-heading-none}
${code()}
:::

## :en[Section] :zh[章节] :ru[Раздел]

:::run[:en[From the label] :zh[来自标签] :ru[Из метки]]{#label}
${code()}
:::

:::run[:en[Only English label]]{#label-partial}
${code()}
:::

::::manual{#heading-inside}
### :en[Heading inside] :zh[内部标题] :ru[Заголовок внутри]

:::en
Do it.
:::
:::zh
做。
:::
:::ru
Сделайте.
:::
::::

:::check{#heading-before}
${code()}
:::

:::run[Shared label]{#shared-label}
${code()}
:::
`);

  it('label first', () => {
    expect(step(rb, 'label').title).toEqual({ en: 'From the label', zh: '来自标签', ru: 'Из метки' });
  });
  it('a label without some languages falls back to the first language, and the step is marked untranslated', () => {
    const s = step(rb, 'label-partial');
    expect(s.title).toEqual({ en: 'Only English label' });
    expect(pick(s.title, 'ru', rb.languages)).toEqual({ text: 'Only English label', fallback: true });
    expect(s.untranslated).toEqual(['zh', 'ru']);
  });
  it('else the first heading inside', () => {
    expect(step(rb, 'heading-inside').title).toEqual({ en: 'Heading inside', zh: '内部标题', ru: 'Заголовок внутри' });
  });
  it('else the nearest heading before', () => {
    expect(step(rb, 'heading-before').title).toEqual({ en: 'Section', zh: '章节', ru: 'Раздел' });
    expect(step(rb, 'before-heading-none').title).toEqual({ en: 'Top', zh: '顶部', ru: 'Верх' });
  });
  it('else the id', () => {
    const bare = parse(`\n:::run{#just-an-id}\n${code()}\n:::\n`);
    expect(step(bare, 'just-an-id').title).toEqual({ en: 'just-an-id', zh: 'just-an-id', ru: 'just-an-id' });
  });
  it('a label without phrases belongs to every language', () => {
    expect(step(rb, 'shared-label').title).toEqual({ en: 'Shared label', zh: 'Shared label', ru: 'Shared label' });
    expect(step(rb, 'shared-label').untranslated).toEqual([]);
  });
  it('sections from headings, with depth and position', () => {
    expect(rb.sections.map((s) => [s.title.en, s.depth, s.position.line])).toEqual([['Top', 1, 10], ['Section', 2, 18]]);
    expect(step(rb, 'before-heading-none').section).toBe(0);
    expect(step(rb, 'label').section).toBe(1);
  });
});

describe('conditions', () => {
  const rb = parse(`
::::::if{dr}
## :en[DR] :zh[灾备] :ru[DR]
:::::if{from="3.16|3.18"}
::::if{when="from != '3.18'"}
:::run{#deep when="dr == true"}
${code()}
:::
::::
:::run{#middle}
${code()}
:::
:::::
::::::

:::run{#outside}
${code()}
:::
`);
  it('are inherited from enclosing :::if, outermost first, then the step\'s own when', () => {
    expect(step(rb, 'deep').conditions).toEqual(['dr', '(from == "3.16" || from == "3.18")', "from != '3.18'", 'dr == true']);
    expect(step(rb, 'middle').conditions).toEqual(['dr', '(from == "3.16" || from == "3.18")']);
    expect(step(rb, 'outside').conditions).toEqual([]);
  });
  it('sections inside :::if carry its condition', () => {
    expect(rb.sections[0]!.conditions).toEqual(['dr']);
  });
});

describe('prose per language', () => {
  const rb = parse(`
:::en
Intro in English.
:::
:::zh
中文简介。
:::
:::ru
Введение.
:::

Shared paragraph for every language.

::::manual{#complete}
:::en
Click **Save**.
:::
:::zh
点击 **保存**。
:::
:::ru
Нажмите **Сохранить**.
:::
\`\`\`bash
kubectl get nodes
\`\`\`
::::

::::run{#missing-ru}
:::en
First paragraph.
:::
:::zh
第一段。
:::
:::ru
Первый абзац.
:::

:::en
Second paragraph, English only.
:::
:::zh
第二段。
:::
${code('echo run')}
::::
`);
  it('body per language, code shown in manual steps and left out of executable ones', () => {
    const s = step(rb, 'complete');
    expect(s.body.en).toBe('Click **Save**.\n\n```bash\nkubectl get nodes\n```');
    expect(s.body.zh).toBe('点击 **保存**。\n\n```bash\nkubectl get nodes\n```');
    expect(s.snippets.map((c) => c.value)).toEqual(['kubectl get nodes']);
    expect(s.script).toBeUndefined();
    expect(s.untranslated).toEqual([]);
  });
  it('intro: the documentation before the step, per language', () => {
    const s = step(rb, 'complete');
    expect(s.intro.en).toBe('Intro in English.\n\nShared paragraph for every language.');
    expect(s.intro.ru).toBe('Введение.\n\nShared paragraph for every language.');
  });
  it('a group of blocks without the language falls back to the first language, group by group', () => {
    const s = step(rb, 'missing-ru');
    expect(s.body.ru).toBe('Первый абзац.\n\nSecond paragraph, English only.');
    expect(s.body.zh).toBe('第一段。\n\n第二段。');
    expect(s.untranslated).toEqual(['ru']);
    expect(s.script?.value).toBe('echo run');
    expect(s.body.en).not.toContain('echo run');
  });
});

describe('hash of a step definition', () => {
  const base = `
## :en[Title] :zh[标题] :ru[Заголовок]

Intro prose.

::::if{dr}
:::run[:en[Label] :zh[标签] :ru[Метка]]{#s timeout=5m when="from == '3.16'"}
Some prose.
${code('echo one')}
:::
::::
`;
  const hashOf = (body: string) => step(parse(body), 's').hash;
  const h = hashOf(base);

  it('is stable under prose, label, heading and intro edits', () => {
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf(base.replace('Some prose.', 'Other words entirely.'))).toBe(h);
    expect(hashOf(base.replace(':en[Label]', ':en[New label]'))).toBe(h);
    expect(hashOf(base.replace(':en[Title]', ':en[Other title]'))).toBe(h);
    expect(hashOf(base.replace('Intro prose.', 'Different intro.'))).toBe(h);
    expect(hashOf(`\n\n\n${base}`)).toBe(h); // moved down the file
  });
  it('changes with the script, an attribute or a condition', () => {
    const changed = [
      base.replace('echo one', 'echo two'),
      base.replace('timeout=5m', 'timeout=6m'),
      base.replace("from == '3.16'", "from == '3.18'"),
      base.replace('::::if{dr}', '::::if{when="!dr"}'),
      base.replace('::::if{dr}', '::::if{dr from="3.16"}'),
      base.replace(':::run[', ':::check['),
    ];
    for (const body of changed) expect(hashOf(body), body).not.toBe(h);
  });
});

describe('positions and attributes', () => {
  const src = `${HEAD}
## Section

::::wait{#w interval=5s expect="ok" cwd="$PACKAGE_DIR"}
:::en
x
:::
:::zh
x
:::
:::ru
x
:::
${code('echo ok')}
::::

:::run{#r capture=OUT retries=2 timeout=1h30m}
${code()}
:::
`;
  const rb = parseRunbook(src, 'p.md').runbook!;

  it('steps, scripts and sections know where they stand', () => {
    const w = step(rb, 'w');
    expect(w.position).toEqual({ line: 12, column: 1 });
    expect(w.script!.position).toEqual({ line: 22, column: 1 });
    expect(rb.sections[0]!.position).toEqual({ line: 10, column: 1 });
    expect(step(rb, 'r').position).toEqual({ line: 27, column: 1 });
  });
  it('parsed execution attributes, with defaults', () => {
    const w = step(rb, 'w');
    expect([w.intervalMs, w.timeoutMs, w.expect, w.cwd, w.retries]).toEqual([5000, 600_000, 'ok', '$PACKAGE_DIR', 0]);
    const r = step(rb, 'r');
    expect([r.capture, r.retries, r.timeoutMs, r.intervalMs]).toEqual(['OUT', 2, 5_400_000, undefined]);
    expect(r.attrs).toEqual({ capture: 'OUT', retries: '2', timeout: '1h30m' });
  });
  it('is plain, serialisable data with the file\'s sha256', () => {
    expect(JSON.parse(JSON.stringify(rb))).toEqual(JSON.parse(JSON.stringify(rb)));
    expect(rb.sha256).toBe(createHash('sha256').update(src).digest('hex'));
    expect(rb.params.map((p) => [p.name, p.env])).toEqual([['dr', 'DR'], ['from', 'FROM']]);
    expect(rb.params[1]!.choices).toEqual(['3.16', '3.18']);
  });
  it('CRLF files give the same model, without carriage returns in scripts', () => {
    const crlf = parseRunbook(src.replace(/\n/g, '\r\n'), 'p.md').runbook!;
    expect(crlf.steps.map((s) => [s.id, s.position, s.script?.value, s.body.en, s.hash]))
      .toEqual(rb.steps.map((s) => [s.id, s.position, s.script?.value, s.body.en, s.hash]));
  });
});

describe('front matter values', () => {
  it('numbers keep their text: 4.0 stays "4.0" and 3.10 stays "3.10"', () => {
    const rb = parseRunbook(`---
id: numbers
languages: [en]
title: Numbers
params:
  from: {type: choice, choices: [3.10, 3.16, 4.0], default: 4.0, label: From}
---
`, 'n.md').runbook!;
    expect(rb.params[0]!.choices).toEqual(['3.10', '3.16', '4.0']);
    expect(rb.params[0]!.default).toBe('4.0');
  });
  it('the shipped example parses without findings into two conditional steps', () => {
    const r = parseRunbook(readFileSync(join(ROOT, 'test/fixtures/example.md'), 'utf8'), 'example.md');
    expect(r.diagnostics).toEqual([]);
    expect(r.runbook!.steps.map((s) => [s.id, s.kind, s.conditions])).toEqual([
      ['sync-images-builtin', 'run', ["registry == 'builtin'"]],
      ['sync-images-external', 'run', ["registry == 'external'"]],
    ]);
  });
  it('an unusable front matter gives no runbook, but the body is still checked', () => {
    const r = parseRunbook('---\nid: Bad Id\nlanguages: [en]\ntitle: X\n---\n\n:::run{#x}\n:::\n', 'b.md');
    expect(r.runbook).toBeUndefined();
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['front-matter', 'step-code']);
  });
});

describe('helpers', () => {
  const splice = (src: string, lang: string) => spliceRange(src, parseMarkdown(src).children, { lang, languages: ['en', 'zh', 'ru'] });
  it('removing phrases of other languages leaves a space only where the phrases stood apart', () => {
    expect(splice('Run :en[a] :zh[b] :ru[c] now', 'ru')).toBe('Run c now');
    expect(splice('Run :en[a] :zh[b] :ru[c] now', 'en')).toBe('Run a now');
    expect(splice('(:en[Save]:zh[保存])', 'zh')).toBe('(保存)');
    expect(splice('(:en[Save]:zh[保存])', 'en')).toBe('(Save)');
    expect(splice('请点击:en[Save]:zh[保存]按钮', 'zh')).toBe('请点击保存按钮');
  });
  // (Tabs are left out: remark-directive keeps a tab that ends a bare attribute name in the name.)
  it('scanAttributes reads what remark-directive reads (2,000 random attribute lists)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const toks = ['#a', '#b-c', '.x', 'k=v', 'k="v w"', "k='v'", 'when="a == \'b\'"', 'x', ' ', '  ', '=', '"', "'", '}', '{', '#', '.',
      'a=', 'a="', 'b=1', 'c=d"e', 'x:y=1', '_z=2', '-a', 'k = v', 'k= "v"', '[', ']', '中=文', '#id.cls'];
    let parsed = 0;
    for (let i = 0; i < 2000; i++) {
      let inner = '';
      for (let n = Math.floor(rnd() * 5); n >= 0; n--) inner += toks[Math.floor(rnd() * toks.length)] + (rnd() < 0.6 ? ' ' : '');
      const line = `:::run{${inner}}`;
      const node = parseMarkdown(`${line}\n:::\n`).children[0];
      const scan = scanAttributes(line, 6);
      if (node?.type !== 'containerDirective') continue;
      parsed++;
      const mine: Record<string, string> = {};
      for (const a of scan.attrs) mine[a.key] = a.key === 'class' && mine.class ? `${mine.class} ${a.value}` : a.value;
      expect(scan.error, line).toBeUndefined();
      expect(mine, line).toEqual({ ...node.attributes });
      for (const a of scan.attrs) expect(line.slice(a.valueOffset, a.valueOffset + a.value.length), line).toBe(a.value);
    }
    expect(parsed).toBeGreaterThan(300);
  });

  it('markdown without directives comes out byte for byte', () => {
    const src = '# Title\n\n* a  list\n*  with *emphasis*\n\n| a | b |\n|---|---|\n\n```bash\necho  "x"\n```\n\n<!-- c -->\n> quote  \n';
    expect(splice(src, 'en')).toBe(src.trim());
  });

  it('normalizeSource drops the byte-order mark and unifies line endings', () => {
    expect(normalizeSource('\uFEFFa\r\nb\rc\n')).toBe('a\nb\nc\n');
  });
  it('scanAttributes reads ids, classes, quoted and bare values with their offsets', () => {
    const src = '{#id .cls a=1 b="two words" c=\'x\' flag}';
    const r = scanAttributes(src, 0);
    expect(r.error).toBeUndefined();
    expect(r.attrs.map((a) => [a.key, a.value, src.slice(a.valueOffset, a.valueOffset + a.value.length)])).toEqual([
      ['id', 'id', 'id'], ['class', 'cls', 'cls'], ['a', '1', '1'], ['b', 'two words', 'two words'], ['c', 'x', 'x'], ['flag', '', ''],
    ]);
    expect(scanAttributes('{a="open}', 0).error?.message).toContain('never closed');
    expect(scanAttributes('{-a 中=文}', 0).attrs.map((a) => [a.key, a.value])).toEqual([['-a', ''], ['中', '文']]);
    expect(scanAttributes('{a=}', 0).error?.message).toContain('has no value');
  });
});

describe('the markdown parser under test is the one the binary runs (vitest.config.ts)', () => {
  // vitest adds the "development" export condition: with it, micromark and its extensions load builds
  // full of assertions that the binary never runs.
  it('its production build, not the development one', () => {
    for (const pkg of ['micromark', 'mdast-util-from-markdown', 'micromark-extension-directive']) {
      expect(import.meta.resolve(pkg), pkg).not.toMatch(/\/dev\//);
    }
  });

  it('with the bundles\' edit: one handler context for every event (scripts/esbuild-node.mjs)', () => {
    const contexts: unknown[] = [];
    const processor = unified().use(remarkParse);
    processor.data('fromMarkdownExtensions', [{ enter: { emphasis(this: { enter(node: object, token: unknown): void }, token: unknown) { contexts.push(this); this.enter({ type: 'emphasis', children: [] }, token); } } }]);
    processor.parse('*a* and *b*');
    expect(contexts).toHaveLength(2);
    expect(contexts[0]).toBe(contexts[1]);
  });
});
