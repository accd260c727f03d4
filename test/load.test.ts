// Finding runbooks, choosing the language, reading params.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { findRunbookFile, searchDirs, listRunbookFiles, chooseLang, messageLang, readParams, loadRunbook, SHIPPED_RUNBOOKS } from '../src/commands/shared/load.js';
import { UserError } from '../src/engine/core/errors.js';
import type { Runbook } from '../src/engine/document/model.js';

const ROOT = join(import.meta.dirname, '..');
let tmp: string;
let a: string;
let b: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'runbook-load-'));
  a = join(tmp, 'a');
  b = join(tmp, 'b');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, 'x.md'), 'a');
  writeFileSync(join(b, 'x.md'), 'b');
  writeFileSync(join(b, 'y.md'), 'b');
  writeFileSync(join(b, 'NOTES.md'), 'notes');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The UserError that `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const e = await promise.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('finding runbooks', () => {
  it('RUNBOOK_PATH (colon-separated), then the shipped runbooks/', () => {
    expect(searchDirs({ RUNBOOK_PATH: `${a}::${b}` })).toEqual([a, b, SHIPPED_RUNBOOKS]);
    expect(searchDirs({})).toEqual([SHIPPED_RUNBOOKS]);
  });
  it('a path wins; a bare name is looked up, with or without .md, first directory first', () => {
    expect(findRunbookFile(join(b, 'x.md'), {})).toBe(join(b, 'x.md'));
    expect(findRunbookFile('x', { RUNBOOK_PATH: `${a}:${b}` })).toBe(join(a, 'x.md'));
    expect(findRunbookFile('y.md', { RUNBOOK_PATH: `${a}:${b}` })).toBe(join(b, 'y.md'));
  });
  it('not found: a usage error that says where it looked', () => {
    const e = userError(() => findRunbookFile('z', { RUNBOOK_PATH: a }));
    expect(e.key).toBe('error.fileNotFound');
    expect(e.vars.where).toBe([resolve('z'), a, SHIPPED_RUNBOOKS].join(', '));
    expect(e.exitCode).toBe(2);
    const p = userError(() => findRunbookFile('sub/z.md', { RUNBOOK_PATH: a }));
    expect(p.vars.where).toBe(resolve('sub/z.md'));
    expect(userError(() => findRunbookFile(a, {})).key).toBe('error.fileNotFound'); // a directory is not a runbook
  });
  it('list: every *.md of every directory, a name only once, no README/NOTES', () => {
    const files = listRunbookFiles({ RUNBOOK_PATH: `${a}:${b}` }).filter((f) => f.startsWith(tmp));
    expect(files).toEqual([join(a, 'x.md'), join(b, 'y.md')]);
  });
});

describe('choosing the language', () => {
  const rb = { languages: ['en', 'zh', 'ru'] } as Runbook;
  it('--lang, then RUNBOOK_LANG, then the locale, then the first language', () => {
    expect(chooseLang(rb, 'ru', { RUNBOOK_LANG: 'zh', LANG: 'zh_CN.UTF-8' })).toBe('ru');
    expect(chooseLang(rb, undefined, { RUNBOOK_LANG: 'zh', LANG: 'ru_RU.UTF-8' })).toBe('zh');
    expect(chooseLang(rb, undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(chooseLang(rb, undefined, { LC_ALL: 'ru_RU.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('ru');
    expect(chooseLang(rb, undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(chooseLang(rb, undefined, { LANG: 'de_DE.UTF-8', RUNBOOK_LANG: 'fr' })).toBe('en');
    expect(chooseLang({ languages: ['zh', 'en'] } as Runbook, undefined, {})).toBe('zh');
  });
  it('a --lang the runbook does not have is a usage error listing its languages', () => {
    const e = userError(() => chooseLang(rb, 'de', {}));
    expect(e.key).toBe('error.badLang');
    expect(e.vars).toEqual({ lang: 'de', languages: 'en, zh, ru' });
  });
  it('messages before a runbook is read follow the same order', () => {
    expect(messageLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(messageLang('ru', { LANG: 'zh_CN.UTF-8' })).toBe('ru');
    expect(messageLang(undefined, {})).toBe('en');
  });
});

const { runbook } = await loadRunbook(join(ROOT, 'test/fixtures/plan/operators.md'), {});
describe('params and loading', () => {
  it('flags and a params file, numbers kept as written', async () => {
    const f = join(tmp, 'p.yaml');
    writeFileSync(f, 'from: 3.10\ndr: yes\n');
    const e = await rejection(readParams(runbook, [], f));
    expect(e.key).toBe('error.paramChoice');
    expect(e.vars).toEqual({ name: 'from', value: '3.10' });
    writeFileSync(f, 'from: 4.0\ndr: no\n');
    expect(await readParams(runbook, ['nodes=3'], f)).toEqual({ from: '4.0', dr: false, nodes: '3' });
  });
  it('a flag overrides the params file', async () => {
    const f = join(tmp, 'q.yaml');
    writeFileSync(f, 'from: "3.16"\n');
    expect(await readParams(runbook, ['from=3.18'], f)).toEqual({ from: '3.18' });
  });
  it('an unreadable or malformed params file is a usage error', async () => {
    expect((await rejection(readParams(runbook, [], join(tmp, 'missing.yaml')))).key).toBe('error.paramsFile');
    const f = join(tmp, 'nested.yaml');
    writeFileSync(f, 'from:\n  a: 1\n');
    expect((await rejection(readParams(runbook, [], f))).vars.reason).toContain('single value');
  });
  it('a runbook with lint errors cannot be loaded', async () => {
    const e = await rejection(loadRunbook(join(ROOT, 'test/fixtures/lint/conditions.md'), {}));
    expect(e.key).toBe('error.invalidRunbook');
    expect(e.vars.count).toBe(18);
  });
});
