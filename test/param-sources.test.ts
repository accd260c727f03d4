// Params gathered one way with their sources; which finished steps depend on a param; Chinese
// punctuation in the catalogs of the command line and the runner.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../src/engine/document/parse.js';
import type { Runbook } from '../src/engine/document/model.js';
import { gatherParams, isPathLike } from '../src/engine/plan/param-sources.js';
import { changedParams, dependentSteps } from '../src/engine/plan/param-impact.js';
import { cli } from '../src/i18n/cli.js';
import { run } from '../src/i18n/run.js';

function load(file: string): Runbook {
  const path = join(import.meta.dirname, '..', file);
  return parseRunbook(readFileSync(path, 'utf8'), path).runbook!;
}
const global = load('runbooks/upgrade-global.md');
const applies = load('test/fixtures/run/applies.md');

describe('gatherParams', () => {
  const o = { env: { REGISTRY_PASSWORD: 's3cret', HOME: '/home/op' }, useExamples: false, cwd: '/srv/pkg' };

  it('records each value with its source, strongest first: answer, flag, file, run, environment, default', () => {
    const set = gatherParams(global, { answer: { dr: true }, flag: { from: '3.18', dr: false }, file: { from: '3.16', registry: 'external' }, run: { registry: 'builtin' } }, o);
    expect(set.entries.dr).toEqual({ value: true, source: 'answer' });
    expect(set.entries.from).toEqual({ value: '3.18', source: 'flag' });
    expect(set.entries.registry).toEqual({ value: 'external', source: 'file' });
    expect(set.entries.registry_password).toEqual({ value: 's3cret', source: 'environment' });
    expect(set.entries.topolvm).toEqual({ value: false, source: 'default' });
    // A param whose `when` no longer holds is not listed; one that applies without a value is missing.
    expect(gatherParams(global, { flag: { from: '3.18' } }, o).entries.registry_address).toBeUndefined();
    expect(set.missing.map((d) => d.name)).toContain('registry_address');
  });

  it('examples only when rehearsing', () => {
    expect(gatherParams(applies, {}, o).missing.map((d) => d.name)).toEqual(['work']);
    expect(gatherParams(applies, {}, { ...o, useExamples: true }).entries.work).toEqual({ value: '/tmp/work', source: 'example' });
  });

  it('resolves a relative path typed for a path-like param, keeping what was typed; stored values stay as they are', () => {
    expect(gatherParams(global, { flag: { package_dir: './cpaas' } }, o).entries.package_dir).toEqual({ value: '/srv/pkg/cpaas', source: 'flag', given: './cpaas' });
    expect(gatherParams(global, { answer: { package_dir: '~/cpaas' } }, o).entries.package_dir).toEqual({ value: '/home/op/cpaas', source: 'answer', given: '~/cpaas' });
    expect(gatherParams(global, { run: { package_dir: 'cpaas' } }, o).entries.package_dir).toEqual({ value: 'cpaas', source: 'run' });
    const dir = global.params.find((p) => p.name === 'package_dir')!;
    const addr = { ...dir, default: undefined, example: 'registry.example:5000' };
    expect([isPathLike(dir, 'cpaas'), isPathLike(dir, '/abs'), isPathLike(addr, 'reg:5000'), isPathLike(addr, './x')]).toEqual([true, false, false, true]);
  });
});

describe('dependentSteps', () => {
  it('names the finished steps whose condition or script refers to the param or its variable', () => {
    const all = applies.steps.map((s) => s.id);
    expect(dependentSteps(applies, all, ['dr'])).toEqual(['dr-only']);
    expect(dependentSteps(applies, all, ['work'])).toEqual(['one', 'dr-only', 'three']);
    expect(dependentSteps(applies, ['one'], ['work', 'dr'])).toEqual(['one']);
    expect(changedParams({ work: '/a', dr: false }, { work: '/a', dr: true, extra: 'x' })).toEqual(['dr']);
  });
});

describe('Chinese punctuation', () => {
  it('the zh messages of the command line and the runner use full-width punctuation next to Chinese text', () => {
    const han = '[\\u3400-\\u9fff]';
    const ascii = new RegExp(`${han} ?[,;:?!()]|[,;(] ?${han}`);
    for (const catalog of [cli, run]) {
      for (const [key, text] of Object.entries(catalog.zh)) expect(ascii.test(text), `${key}: ${text}`).toBe(false);
    }
  });
});
