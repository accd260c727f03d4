// `runbook lint` speaks the chosen language: messages in en, zh and ru, the same findings (rule, place, key,
// values) in each, and every message key the code uses present in the lint catalog.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintSource } from '../src/engine/authoring/lint.js';
import { lint } from '../src/i18n/lint.js';
import { renderLint } from '../src/i18n/lint-text.js';
import type { Diagnostic, LintVar } from '../src/engine/document/model.js';
import { runCli, ROOT } from './helpers/cli.js';

const FIX = join(ROOT, 'test', 'fixtures', 'lint');
const CJK = /[\u4e00-\u9fff]/;
const CYRILLIC = /[\u0400-\u04ff]/;


const fixtures = readdirSync(FIX).filter((f) => f.endsWith('.md')).sort();
const where = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.column}:${d.severity}:${d.rule}:${d.key}`);
/** Plain values (strings, numbers) of a finding, nested fragments left out: they are translated too. */
const plainVars = (d: Diagnostic) => Object.values(d.vars ?? {}).filter((v): v is string | number => typeof v !== 'object').map(String);

describe('lint messages in zh and ru (in-process)', () => {
  for (const file of fixtures) {
    const path = join(FIX, file);
    const source = readFileSync(path, 'utf8');

    it(`${file}: same findings in every language, each message translated`, () => {
      const plain = lintSource(source, path);
      const en = lintSource(source, path, 'en');
      const zh = lintSource(source, path, 'zh');
      const ru = lintSource(source, path, 'ru');
      // English without a language is the English of before, without keys.
      expect(plain.every((d) => d.key === undefined && d.vars === undefined)).toBe(true);
      expect(en.map((d) => d.message)).toEqual(plain.map((d) => d.message));
      expect(en.every((d) => typeof d.key === 'string' && lint.en[d.key!] !== undefined)).toBe(true);
      expect(where(zh)).toEqual(where(en));
      expect(where(ru)).toEqual(where(en));
      for (const [i, d] of en.entries()) {
        expect(zh[i]!.vars).toEqual(d.vars);
        expect(zh[i]!.message, d.message).toMatch(CJK);
        expect(ru[i]!.message, d.message).toMatch(CYRILLIC);
        for (const v of plainVars(d)) {
          if (v === '') continue;
          expect(zh[i]!.message).toContain(v);
          expect(ru[i]!.message).toContain(v);
        }
      }
    });
  }

  it('translates the findings of the condition checker too; parse errors of conditions stay English inside a translated frame', () => {
    const path = join(FIX, 'conditions.md');
    const zh = lintSource(readFileSync(path, 'utf8'), path, 'zh').map((d) => d.message);
    expect(zh).toContain('条件 "from == \'3.17\'"："3.17" 不是 \'from\' 的选项之一：3.16, 3.18；请与其中一个选项比较');
    expect(zh.some((m) => m.startsWith('条件 "len(nodes) > 1"：function calls are not allowed'))).toBe(true);
  });

  it('an unknown language falls back to English', () => {
    const path = join(FIX, 'steps.md');
    const source = readFileSync(path, 'utf8');
    expect(lintSource(source, path, 'de').map((d) => d.message)).toEqual(lintSource(source, path).map((d) => d.message));
  });
});

describe('runbook lint --lang', () => {
  it('prints Chinese with --lang zh: the same rules and places as in English', () => {
    const en = runCli(['lint', 'test/fixtures/lint/steps.md']);
    const zh = runCli(['lint', 'test/fixtures/lint/steps.md', '--lang', 'zh']);
    expect(zh.code).toBe(en.code);
    expect(zh.stderr).toBe('');
    const enLines = en.stdout.trim().split('\n');
    const zhLines = zh.stdout.trim().split('\n');
    expect(zhLines.length).toBe(enLines.length);
    const head = (l: string) => [l.split('  ')[0], l.split('  ')[1], l.split('  ').at(-1)];
    for (let i = 0; i < enLines.length - 1; i++) expect(head(zhLines[i]!)).toEqual(head(enLines[i]!));
    expect(zh.stdout).toContain('upload-images');
    expect(zh.stdout).toMatch(/步骤 "no-code" 没有代码块/);
    expect(zhLines.at(-1)).toMatch(/^1 个文件：\d+ 个错误，\d+ 个警告$/);
  });

  it('prints Russian with RUNBOOK_LANG=ru, and with LANG=ru_RU.UTF-8', () => {
    for (const env of [{ RUNBOOK_LANG: 'ru' }, { LANG: 'ru_RU.UTF-8' }]) {
      const r = runCli(['lint', 'test/fixtures/lint/steps.md'], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/у шага run "no-code" нет блока кода/);
      expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^файлов: 1: ошибок: \d+, предупреждений: \d+$/);
    }
  });

  it('--lang beats RUNBOOK_LANG', () => {
    const r = runCli(['lint', 'test/fixtures/lint/steps.md', '--lang', 'en'], { env: { RUNBOOK_LANG: 'zh' } });
    expect(r.stdout).not.toMatch(CJK);
    expect(r.stdout).toContain('run step "no-code" has no code block');
  });

  it('--json with a language: translated messages plus key and vars; positions and rules as in English', () => {
    const en = JSON.parse(runCli(['lint', 'test/fixtures/lint/nesting-trap.md', 'test/fixtures/lint/front-matter-fields.md', '--json']).stdout);
    const ru = JSON.parse(runCli(['lint', 'test/fixtures/lint/nesting-trap.md', 'test/fixtures/lint/front-matter-fields.md', '--json', '--lang', 'ru']).stdout);
    expect([ru.files, ru.errors, ru.warnings]).toEqual([en.files, en.errors, en.warnings]);
    expect(en.diagnostics.every((d: Diagnostic) => d.key === undefined)).toBe(true);
    expect(ru.diagnostics.map((d: Diagnostic) => [d.file, d.line, d.column, d.severity, d.rule]))
      .toEqual(en.diagnostics.map((d: Diagnostic) => [d.file, d.line, d.column, d.severity, d.rule]));
    for (const [i, d] of (ru.diagnostics as Diagnostic[]).entries()) {
      expect(d.message).toMatch(CYRILLIC);
      expect(typeof d.key).toBe('string');
      // The key and vars put back into English give the English message.
      expect(renderLint({ key: d.key!, vars: d.vars! })).toBe(en.diagnostics[i].message);
    }
  });

  it('file-level findings are translated too', () => {
    const r = runCli(['lint', 'test/fixtures/lint/no-such-dir-xyz/', '--lang', 'zh']);
    expect(r.code).toBe(2);
    const d = runCli(['lint', 'test/fixtures', '--lang', 'zh', '--json']);
    expect(JSON.parse(d.stdout).diagnostics.every((x: Diagnostic) => CJK.test(x.message))).toBe(true);
  });
});

describe('the lint catalog', () => {
  const sources = ['src/engine', 'src/commands/lint.ts', 'src/i18n/lint-text.ts'].flatMap((p) =>
    p.endsWith('.ts') ? [join(ROOT, p)] : (readdirSync(join(ROOT, p), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, p, f)));
  const text = sources.map((f) => readFileSync(f, 'utf8')).join('\n');
  // Keys are written literally: msg('key', …), or a choice of literals as msg's first argument.
  const used = new Set<string>();
  for (const m of text.matchAll(/\bmsg\(/g)) {
    let depth = 0;
    let i = m.index + m[0].length;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')') { if (depth === 0) break; depth--; }
      else if (c === ',' && depth === 0) break;
    }
    const first = text.slice(m.index + m[0].length, i).replace(/[!=]==\s*'[^']*'/g, '');
    for (const k of first.matchAll(/'([a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)*)'/g)) used.add(k[1]!);
  }
  for (const m of text.matchAll(/reword\(.*?, '([^']+)'\)/g)) used.add(m[1]!);
  // …and the condition checker's findings, matched to keys in a table: [/regexp/, 'key', [names]].
  for (const m of text.matchAll(/\/[a-z]*, '([a-zA-Z]+\.[a-zA-Z]+)', \[/g)) used.add(m[1]!);

  it('finds the keys the code uses', () => {
    expect(used.size).toBeGreaterThan(150);
  });

  it('has every key the code uses (and i18n.test.ts checks it in every language)', () => {
    expect([...used].filter((k) => lint.en[k] === undefined)).toEqual([]);
  });

  it('has no key the code does not use', () => {
    expect(Object.keys(lint.en).filter((k) => !used.has(k))).toEqual([]);
  });

  it('renders nested fragments in the same language', () => {
    const m = { key: 'frontMatter.unknownField', vars: { key: 'titel', suggestion: { key: 'hint.didYouMean', vars: { word: 'title' } } as LintVar, allowed: 'id, title' } };
    expect(renderLint(m)).toBe('unknown front matter field "titel" (did you mean "title"?); allowed: id, title');
    expect(renderLint(m, 'zh')).toContain('是否想写 "title"');
    expect(renderLint(m, 'ru')).toContain('возможно, имелось в виду "title"');
  });
});
