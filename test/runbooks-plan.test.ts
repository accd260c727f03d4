// Every situation of every shipped runbook includes exactly the steps it needs, and the runbooks lint clean.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSteps } from '../src/engine/plan/plan.js';
import { resolveParams } from '../src/engine/plan/params.js';
import { lintSource } from '../src/engine/authoring/lint.js';
import { RUNBOOKS, ROOT, loadShipped, combinations, expectedSteps, NEEDS } from './matrix.js';

describe.each(RUNBOOKS)('%s', (name) => {
  const runbook = loadShipped(name);

  it('is lint --strict clean', () => {
    const path = join(ROOT, 'runbooks', name);
    expect(lintSource(readFileSync(path, 'utf8'), path)).toEqual([]);
  });

  it('has an expectation for every step, and every expectation names a step', () => {
    expect(runbook.steps.map((s) => s.id).sort()).toEqual(Object.keys(NEEDS[name]!).sort());
  });

  const combos = combinations(runbook);
  it(`plans exactly the needed steps in all ${combos.length} situations`, () => {
    expect(combos.length).toBeGreaterThan(1);
    for (const combo of combos) {
      const { values } = resolveParams(runbook, combo, { useExamples: true });
      const planned = planSteps(runbook, values, 'en');
      const situation = JSON.stringify(combo);
      expect(planned.filter((p) => p.included === null).map((p) => p.step.id), situation).toEqual([]);
      const included = planned.filter((p) => p.included).map((p) => p.step.id);
      expect(included.sort(), situation).toEqual(expectedSteps(name, combo).sort());
    }
  });
});
