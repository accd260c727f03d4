// The renderer as a library: one-language documents, conditions, untranslated fallbacks, comments, HTML page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../src/engine/document/parse.js';
import { renderRunbook, renderRunbookDoc, renderMarkdown, renderHtml, dropComments, codeSpan, escapeInline, runbookTitle } from '../src/engine/authoring/render/index.js';
import type { ParamValues } from '../src/engine/plan/params.js';

const FIXTURE = join(__dirname, 'fixtures', 'render', 'upgrade.md');
const SOURCE = readFileSync(FIXTURE, 'utf8');

function load(source = SOURCE) {
  const parsed = parseRunbook(source, 'fixture.md');
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  return parsed.runbook!;
}
function render(lang: string, params?: ParamValues, source = SOURCE): string {
  return renderRunbook(load(source), source, { lang, params });
}
const stepHeadings = (md: string) => [...md.matchAll(/^#{3,6} (\d+[a-z]?(?:\.\d+)?)\. (.*)$/gm)].map((m) => `${m[1]}. ${m[2]}`);

const EN_ONLY = ['This procedure upgrades', 'Checks the server version', 'Uploading usually takes'];
const ZH_ONLY = ['本流程升级', '检查服务端版本', '上传镜像通常需要'];
const RU_ONLY = ['Эта процедура обновляет', 'Проверяет версию сервера', 'Загрузка образов обычно'];

describe('one clean document per language', () => {
  for (const [lang, mine, others] of [
    ['en', EN_ONLY, [...ZH_ONLY, ...RU_ONLY]],
    ['zh', ZH_ONLY, [...EN_ONLY, ...RU_ONLY]],
    ['ru', RU_ONLY, [...EN_ONLY, ...ZH_ONLY]],
  ] as const) {
    it(`${lang}: no directive syntax, only its own language, prose that looks like a directive kept`, () => {
      const md = render(lang);
      expect(md).not.toMatch(/:::|\{#|:(en|zh|ru)\[|<!--|seed fix/);
      for (const s of mine) expect(md).toContain(s);
      for (const s of others) expect(md).not.toContain(s);
      expect(md).toMatch(/nginx:latest/);
      expect(md.startsWith('# ')).toBe(true);
      expect(md.endsWith('\n')).toBe(true);
    });
  }

  it('title, parameters (value, default, example, secret, choices) in the chosen language', () => {
    const md = render('en');
    expect(md.split('\n')[0]).toBe('# Upgrade the global cluster');
    expect(md).toContain('## Parameters');
    expect(md).toContain('- **Version you upgrade from** (`from`): e.g. `3.18` (one of: 3.16, 3.18, 4.0)');
    expect(md).toContain('- **The global cluster has a DR standby** (`dr`): default: no');
    expect(md).toContain('- **Image registry** (`registry`): default: `builtin` (one of: builtin, external)');
    expect(md).toContain('- **Registry password** (`registry_password`): *secret, asked at run time* — *Only if “Image registry” is external.*');
    const zh = render('zh', { from: '3.16', registry: 'external', registry_password: 'hunter2-secret' });
    expect(zh.split('\n')[0]).toBe('# 升级 global 集群');
    expect(zh).toContain('- **当前平台版本** (`from`): `3.16`');
    expect(zh).toContain('- **仓库密码** (`registry_password`): *保密，运行时输入*');
    expect(zh).not.toContain('hunter2');
  });

  it('steps: numbered headings below the section, kind in words, attributes, code, manual confirmation', () => {
    const md = render('en');
    expect(stepHeadings(md)).toEqual([
      '1. Kubernetes is 1.28 or later',
      '2. Clean old charts',
      '3a. Sync images to the built-in registry',
      '3b. Sync images to an external registry',
      '4. Wait for the registry',
      '5. Switch DR traffic',
    ]);
    expect(md).toContain('### 1. Kubernetes is 1.28 or later\n\n**Check** · passes when the output matches `v1\\.(2[89]|3\\d)` · time limit 2m\n\nChecks the server version.\n\n```bash\nkubectl version');
    expect(md).toContain('**Run** · time limit 4h · in directory `$PACKAGE_DIR` · output saved as `$SYNC_ID`');
    expect(md).toContain('**Wait until it passes** · passes when the output matches `ok` · retried every 30s, for at most 20m');
    expect(md).toMatch(/\*\*By hand\*\*\n\nIn the web console[^\n]*\n\n```bash\nkubectl -n cpaas-system get pods\n```\n\n\*Confirm when done\.\*\n$/);
    const ru = render('ru');
    expect(ru).toContain('**Проверка** · успешно, если вывод соответствует');
    expect(ru).toContain('*По завершении подтвердите.*');
  });
});

describe('conditions', () => {
  it('without params: everything kept, each condition as a translated sentence, each conditional part with a visible start and end', () => {
    const md = render('en');
    expect(md).toContain('FROM-316-PROSE');
    expect(md).toContain('> *The following part applies only if “Version you upgrade from” is 3.16.*\n\nFROM-316-PROSE');
    expect(md).toMatch(/### 2\. Clean old charts[\s\S]*\n\n> \*End of the part that applies only if “Version you upgrade from” is 3\.16\.\*\n\n> \*Alternatives/);
    expect(md).toContain('### 3a. Sync images to the built-in registry\n\n> *Only if “Image registry” is builtin.*\n\n**Run**');
    expect(md).toContain('### 5. Switch DR traffic\n\n> *Only if the global cluster has a DR standby.*');
    expect(render('zh')).toContain('> *以下部分仅当“当前平台版本”为 3.16 时适用。*');
    expect(render('ru')).toContain('> *Только если «Реестр образов» — builtin.*');
  });

  it('without params: steps whose conditions exclude each other are alternatives with one number', () => {
    const md = render('en');
    expect(md).toContain('> *Alternatives, depending on the parameters: 3a / 3b; only one of them applies.*\n\n### 3a. Sync images');
    expect(render('zh')).toContain('> *以下为按参数区分的备选步骤：3a / 3b；只有其中之一适用。*');
    // Given params decide: one branch is left, numbered as an ordinary step.
    expect(render('en', { registry: 'external' })).not.toContain('Alternatives');
  });

  it('with params: false conditions disappear, true ones lose their note, numbering runs over what is left', () => {
    const md = render('en', { from: '3.18', registry: 'external' });
    expect(md).not.toContain('FROM-316-PROSE');
    expect(md).not.toContain('Clean old charts');
    expect(md).not.toContain('built-in registry');
    expect(md).not.toContain('Switch DR traffic'); // dr defaults to false
    expect(md).not.toContain('Only if');
    expect(md).not.toContain('applies only if');
    expect(stepHeadings(md)).toEqual(['1. Kubernetes is 1.28 or later', '2. Sync images to an external registry', '3. Wait for the registry']);
    const with316 = render('en', { from: '3.16', dr: true });
    expect(with316).toContain('FROM-316-PROSE');
    expect(stepHeadings(with316)).toEqual([
      '1. Kubernetes is 1.28 or later', '2. Clean old charts', '3. Sync images to the built-in registry', '4. Wait for the registry', '5. Switch DR traffic',
    ]);
    // params that do not apply are not listed
    expect(md).toContain('(`registry_address`)');
    expect(render('en', { registry: 'builtin' })).not.toContain('(`registry_address`)');
  });

  it('partial params: what is known is decided, what is not keeps its note', () => {
    const md = render('en', { registry: 'external' });
    expect(md).toContain('> *The following part applies only if “Version you upgrade from” is 3.16.*\n\nFROM-316-PROSE');
    expect(md).not.toContain('built-in registry');
    expect(md).toContain('Sync images to an external registry');
    expect(md).not.toContain('Only if “Image registry”');
  });

  it('conditions with several parts read as words; a condition on a capture stays undecided', () => {
    const source = `---
id: cond
languages: [en, zh]
title: {en: Conditions, zh: 条件}
params:
  from: {type: choice, choices: ["3.16", "3.18"], label: {en: From, zh: 源版本}}
  dr: {type: boolean, default: false, label: {en: DR, zh: 灾备}}
---

:::if{from="3.16|3.18" dr}
Both.
:::

::::run{#get when="!dr"}
\`\`\`bash
echo 1.28
\`\`\`
::::

::::run{#later when="VER == '1.28'"}
\`\`\`bash
true
\`\`\`
::::
`;
    const rb = load(source);
    const en = renderRunbook(rb, source, { lang: 'en' });
    expect(en).toContain('> *The following part applies only if “From” is 3.16 or 3.18 and DR.*\n\nBoth.\n\n> *End of the part that applies only if “From” is 3.16 or 3.18 and DR.*');
    expect(en).toContain('> *Only if the answer to “DR” is no.*');
    expect(renderRunbook(rb, source, { lang: 'zh' })).toContain('> *以下部分仅当“源版本”为 3.16 或 3.18，且灾备时适用。*');
    expect(en).toContain('- **From** (`from`): one of: 3.16, 3.18\n');
    // given params: the others take their defaults (dr = false)
    expect(renderRunbook(rb, source, { lang: 'en', params: { from: '3.16' } })).not.toContain('Both.');
    const given = renderRunbook(rb, source, { lang: 'en', params: { from: '3.16', dr: true } });
    expect(given).toContain('Both.');
    expect(given).not.toContain('echo 1.28');
    expect(given).toContain('### 1. later\n\n> *Only if “VER” is 1.28.*');
  });
});

describe('untranslated fallback', () => {
  it('a missing block shows the first language, marked', () => {
    const zh = render('zh');
    expect(zh).toContain('*（未翻译）*\n\nENGLISH-ONLY NOTE');
    const ru = render('ru');
    expect(ru).toContain('*(не переведено)*\n\nENGLISH-ONLY NOTE');
    expect(render('en')).not.toMatch(/untranslated/);
  });

  it('a missing phrase in a heading or a step title shows the first language, marked', () => {
    const ru = render('ru');
    expect(ru).toContain('## Upload images *(не переведено)*');
    expect(ru).toContain('. Wait for the registry *(не переведено)*');
    expect(render('zh')).toContain('## 上传镜像\n');
  });

  it('phrases next to each other leave exactly one space, whichever is kept', () => {
    const source = `---
id: phrases
languages: [en, zh, ru]
title: {en: T, zh: T, ru: T}
---

## Step :en[one] :zh[一] :ru[один] now

Run :en[a] :zh[b] :ru[c] now.
`;
    const rb = load(source);
    expect(renderRunbook(rb, source, { lang: 'en' })).toContain('## Step one now\n\nRun a now.');
    expect(renderRunbook(rb, source, { lang: 'zh' })).toContain('## Step 一 now\n\nRun b now.');
    expect(renderRunbook(rb, source, { lang: 'ru' })).toContain('## Step один now\n\nRun c now.');
  });
});

describe('steps, odd cases', () => {
  it('a step without a label takes its first heading, which is not repeated; an unclosed fence is closed', () => {
    const source = `---
id: odd
languages: [en]
title: {en: Odd}
---

## Section

::::check{#c1}
#### Heading inside
\`\`\`bash
true
::::

After the step.
`;
    const md = renderRunbook(load(source), source, { lang: 'en' });
    expect(md).toContain('### 1. Heading inside\n\n**Check**');
    expect(md.match(/Heading inside/g)).toHaveLength(1);
    expect(md).toContain('```bash\ntrue\n```\n\nAfter the step.');
  });
});

describe('HTML comments', () => {
  it('are dropped from markdown, in code they stay', () => {
    expect(dropComments('a\n\n<!-- note -->\n\nb')).toBe('a\n\nb');
    expect(dropComments('a\n<!-- note -->\nb')).toBe('a\n\nb');
    expect(dropComments('text <!-- note --> more')).toBe('text  more');
    expect(dropComments('end  <!-- note -->\nnext')).toBe('end\nnext');
    expect(dropComments('- a\n- b\n<!-- two lists -->\n- c')).toBe('- a\n- b\n<!-- -->\n- c');
    expect(dropComments('```\n<!-- code -->\n```')).toBe('```\n<!-- code -->\n```');
    expect(dropComments('`<!-- code -->`')).toBe('`<!-- code -->`');
  });

  it('plain markdown keeps everything else as written', () => {
    const md = 'Use nginx:latest.\n\n<!-- note -->\n\n    code\n';
    expect(renderMarkdown(md)).toBe('Use nginx:latest.\n\n    code\n');
  });
});

describe('HTML page', () => {
  const doc = renderRunbookDoc(load(), SOURCE, { lang: 'ru' });
  const md = doc.markdown;
  const html = renderHtml(md, { lang: 'ru', title: runbookTitle(load(), 'ru'), notes: doc.notes });

  it('is one self-contained page', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="ru">')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Обновление глобального кластера</title>');
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).toContain('<h1>Обновление глобального кластера</h1>');
    expect(html).toContain('<blockquote class="condition">\n<p><em>Только если «Реестр образов» — builtin.</em></p>\n</blockquote>');
  });

  it('has a table of contents, condition notes styled beside their heading, wrapped lines and print styles', () => {
    expect(html).toMatch(/<h1>[^<]*<\/h1>\n<nav class="toc"><h2>Содержание<\/h2><ul>/);
    const toc = /<nav class="toc">[\s\S]*?<\/nav>/.exec(html)![0];
    expect(toc).toContain('<li class="l3"><a href="#s3">1. Kubernetes не ниже 1.28</a></li>');
    expect(html).toContain('<h3 id="s3">1. Kubernetes не ниже 1.28</h3>');
    // A condition comes right after the heading it governs; a conditional part has its start and end marked.
    expect(html).toMatch(/<h3 id="s\d+">3a\. [^<]*<\/h3>\n<blockquote class="condition">/);
    expect(html).toContain('<blockquote class="part-start">');
    expect(html).toContain('<blockquote class="part-end">');
    expect(html).toContain('<blockquote class="alternatives">');
    expect(html).toMatch(/pre \{[^}]*white-space: pre-wrap/);
    expect(html).toMatch(/@media print \{[\s\S]*break-inside: avoid/);
  });

  it('loads nothing, links nowhere outside, runs nothing', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|href="(https?:)?\/\/|href="javascript|<!--/i);
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
    expect(html).toContain('(https://github.com/kubernetes/kubernetes/issues/129385)');
  });

  it('neutralises links with a scheme and images; keeps links inside the page', () => {
    const page = renderHtml('[x](javascript:alert(1)) [y](#frag) ![pic](https://example.com/p.png) <https://example.com>\n\n<div onclick="x()">raw</div>\n', { lang: 'en', title: 'T' });
    expect(page).not.toMatch(/href="javascript|src=|<[^>]*onclick|<div/);
    expect(page).toContain('<a href="#frag">y</a>');
    expect(page).toContain('[pic]');
    expect(page).toContain('&#x3C;div onclick="x()">raw&#x3C;/div>');
  });

  it('shows pipe tables as tables', () => {
    const page = renderHtml('| a | b |\n| --- | :-: |\n| `x` | **y** |\n', { lang: 'en', title: 'T' });
    expect(page).toContain('<th>a</th>');
    expect(page).toContain('<td><code>x</code></td>');
    expect(page).toContain('<td align="center"><strong>y</strong></td>');
  });
});

describe('markdown helpers', () => {
  it('codeSpan and escapeInline show text literally', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('')).toBe('`""`');
    expect(escapeInline('a *b* [c] <d> #e')).toBe('a \\*b\\* \\[c\\] \\<d\\> \\#e');
  });
});
