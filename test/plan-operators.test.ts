// Every directive and every expression operator, proven by which steps a plan includes under several
// param sets (test/fixtures/plan/operators.md).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../src/engine/document/parse.js';
import { planSteps } from '../src/engine/plan/plan.js';
import { resolveParams, parseParamArgs, type ParamValues } from '../src/engine/plan/params.js';
import type { Runbook } from '../src/engine/document/model.js';

const FILE = join(import.meta.dirname, 'fixtures', 'plan', 'operators.md');
const parsed = parseRunbook(readFileSync(FILE, 'utf8'), FILE);
const rb = parsed.runbook as Runbook;

function plan(args: string[], captures: Record<string, string> = {}, opts: { useExamples?: boolean } = {}) {
  const given: ParamValues = parseParamArgs(rb, args);
  const { values } = resolveParams(rb, given, opts);
  const planned = planSteps(rb, values, 'en', captures);
  const by = (v: boolean | null) => planned.filter((p) => p.included === v).map((p) => p.step.id);
  return { included: by(true), excluded: by(false), undecided: by(null), planned };
}

describe('plan of test/fixtures/plan/operators.md', () => {
  it('parses without findings into every kind of step', () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(new Set(rb.steps.map((s) => s.kind))).toEqual(new Set(['run', 'check', 'wait', 'manual']));
    expect(rb.steps).toHaveLength(21);
  });

  it('from=3.9 nodes=2 (dotted versions compare numerically: 3.9 < 3.16 < 3.18)', () => {
    const p = plan(['from=3.9', 'nodes=2']);
    expect(p.included).toEqual(['always', 'ne', 'lt', 'le', 'not', 'parens', 'true-literal', 'read-version']);
    expect(p.undecided).toEqual(['captured']);
  });

  it('from=3.18 dr=true registry=external nodes=5 token=…', () => {
    const p = plan(['from=3.18', 'dr=true', 'registry=external', 'nodes=5', 'token=s3cret']);
    expect(p.included).toEqual(['always', 'ne', 'gt', 'ge', 'and', 'or', 'bool-literal', 'number-literal', 'true-literal',
      'any-of', 'dr-external', 'token-given', 'shorthand-and', 'read-version']);
    expect(p.undecided).toEqual(['captured']);
  });

  it('a capture, once known, decides the steps that test it', () => {
    const args = ['from=3.18', 'dr=true', 'registry=external', 'nodes=5', 'token=s3cret'];
    expect(plan(args, { VERSION: '3.18' }).included).toContain('captured');
    expect(plan(args, { VERSION: '3.16' }).excluded).toContain('captured');
  });

  it('from=4.0 registry=external nodes=10 (numbers compare as numbers: 10 >= 3), no token', () => {
    const p = plan(['from=4.0', 'registry=external', 'nodes=10']);
    expect(p.included).toEqual(['always', 'ne', 'gt', 'ge', 'or', 'not', 'number-literal', 'true-literal', 'shorthand-and', 'read-version']);
    expect(p.undecided).toEqual(['token-given', 'captured']);
    expect(p.planned.find((x) => x.step.id === 'token-given')!.reason).toContain('needs a value for token');
  });

  it('nothing given: steps that depend on missing params are undecided, with the condition named', () => {
    const p = plan([]);
    expect(p.included).toEqual(['always', 'not', 'true-literal', 'read-version']);
    expect(p.undecided).toEqual(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'parens', 'number-literal', 'any-of', 'captured']);
    expect(p.excluded).toEqual(['and', 'or', 'bool-literal', 'false-literal', 'dr-external', 'token-given', 'shorthand-and']);
    const eq = p.planned.find((x) => x.step.id === 'eq')!;
    expect(eq.reason).toBe('needs a value for from: Source version = 3.16');
    // false && unknown is false, so "and" is decided without from.
    expect(p.planned.find((x) => x.step.id === 'and')!.reason).toBe('condition not met: DR standby and Registry = external');
  });

  it('rehearsal uses the examples of params that have no value', () => {
    const p = plan([], {}, { useExamples: true });
    // from=3.16 (example), nodes=3 (example)
    expect(p.included).toEqual(['always', 'eq', 'lt', 'le', 'not', 'parens', 'number-literal', 'true-literal', 'any-of', 'read-version']);
  });

  it(':::if{a="x|y" b="z"}: any of the values, and every attribute', () => {
    expect(plan(['from=3.18', 'registry=external']).included).toContain('shorthand-and');
    expect(plan(['from=4.0', 'registry=external']).included).toContain('shorthand-and');
    expect(plan(['from=3.16', 'registry=external']).excluded).toContain('shorthand-and');
    expect(plan(['from=3.18', 'registry=builtin']).excluded).toContain('shorthand-and');
  });

  it('nested :::if conditions all apply (dr-external needs dr, registry=external and nodes > 1)', () => {
    expect(plan(['from=3.16', 'dr=true', 'registry=builtin', 'nodes=5']).excluded).toContain('dr-external');
    expect(plan(['from=3.16', 'dr=true', 'registry=external', 'nodes=1']).excluded).toContain('dr-external');
    expect(plan(['from=3.16', 'dr=false', 'registry=external', 'nodes=5']).excluded).toContain('dr-external');
    expect(plan(['from=3.16', 'dr=true', 'registry=external', 'nodes=5']).included).toContain('dr-external');
  });

  it('reasons are in the chosen language', () => {
    const { values } = resolveParams(rb, parseParamArgs(rb, ['from=3.18']));
    const zh = planSteps(rb, values, 'zh').find((p) => p.step.id === 'eq')!;
    expect(zh.reason).toBe('条件不满足：当前版本 = 3.16');
    const ru = planSteps(rb, values, 'ru').find((p) => p.step.id === 'eq')!;
    expect(ru.reason).toBe('условие не выполнено: Исходная версия = 3.16');
  });
});
