// `runbook list` through the built binary (npm test builds first): every runbook of RUNBOOK_PATH and the
// shipped runbooks/, with titles in the chosen language.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli, ROOT } from './helpers/cli.js';



interface Row { id: string; file: string; title: string; languages: string[]; valid: boolean }

let tmp: string;
let first: string;
let second: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'runbook-list-cli-'));
  first = join(tmp, 'first');
  second = join(tmp, 'second');
  mkdirSync(first);
  mkdirSync(second);
  copyFileSync(join(ROOT, 'test/fixtures/plan/operators.md'), join(first, 'operators.md'));
  copyFileSync(join(ROOT, 'test/fixtures/example.md'), join(second, 'example.md'));
  writeFileSync(join(second, 'operators.md'), '---\nid: shadowed\nlanguages: [en]\ntitle: Shadowed\n---\n');
  writeFileSync(join(second, 'README.md'), '# Not a runbook\n');
  writeFileSync(join(second, 'broken.md'), 'no front matter at all\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('runbook list', () => {
  it('--json: id, file, title in the chosen language and languages, first directory first', () => {
    const r = runCli(['list', '--json', '--lang', 'ru'], { cwd: tmp, env: { RUNBOOK_PATH: `${first}:${second}` } });
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { runbooks: Row[] }).runbooks;
    const mine = rows.filter((x) => x.file.startsWith(tmp));
    expect(mine).toEqual([
      { id: 'plan-operators', file: join(first, 'operators.md'), title: 'Все операторы', languages: ['en', 'zh', 'ru'], valid: true },
      { id: 'example-upload', file: join(second, 'example.md'), title: 'Загрузка образов', languages: ['en', 'zh', 'ru'], valid: true },
    ]);
    // the shipped runbooks/ come last
    expect(rows.slice(mine.length).every((x) => x.file.startsWith(join(ROOT, 'runbooks')))).toBe(true);
  });

  it('LANG=zh_CN.UTF-8 picks zh titles', () => {
    const r = runCli(['list', '--json'], { env: { RUNBOOK_PATH: first, LANG: 'zh_CN.UTF-8' } });
    const row = (JSON.parse(r.stdout) as { runbooks: Row[] }).runbooks.find((x) => x.id === 'plan-operators')!;
    expect(row.title).toBe('每个运算符');
  });

  it('text: one runbook per entry with its file', () => {
    const r = runCli(['list'], { env: { RUNBOOK_PATH: first } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^plan-operators +en,zh,ru +Every operator\n {4}.*\/first\/operators\.md$/m);
  });

  it('a name found by list is found by plan and lint from anywhere', () => {
    const env = { RUNBOOK_PATH: `${first}:${second}` };
    expect(JSON.parse(runCli(['plan', 'example', '--json'], { cwd: '/', env }).stdout).runbook).toBe('example-upload');
    expect(runCli(['lint', 'example.md'], { cwd: '/', env }).code).toBe(0);
  });

  it('an unknown flag: exit 2', () => {
    const r = runCli(['list', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown flag --bogus for "runbook list"');
  });
});
