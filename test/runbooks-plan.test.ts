// Every situation of every shipped runbook includes exactly the steps it needs, and the runbooks lint clean.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { planSteps } from '../src/engine/plan/plan.js';
import { resolveParams } from '../src/engine/plan/params.js';
import { lintSource } from '../src/engine/authoring/lint.js';
import { renderRunbook } from '../src/engine/authoring/render/index.js';
import { RUNBOOKS, ROOT, loadShipped, combinations, expectedSteps, NEEDS, ORDER } from './matrix.js';

describe.each(RUNBOOKS)('%s', (name) => {
  const runbook = loadShipped(name);

  it('is rehearsed in all its situations by a test/rehearsal-matrix-*.test.ts', () => {
    const files = readdirSync(join(ROOT, 'test')).filter((f) => /^rehearsal-matrix-.*\.test\.ts$/.test(f));
    expect(files.some((f) => readFileSync(join(ROOT, 'test', f), 'utf8').includes(`rehearseMatrix('${name}'`))).toBe(true);
  });

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

  it('plans the steps in the order the seeds prescribe, in every situation', () => {
    const pairs = ORDER[name] ?? [];
    for (const [a, b] of pairs) for (const id of [a, b]) expect(Object.keys(NEEDS[name]!), `${a} -> ${b}`).toContain(id);
    for (const combo of combos) {
      const { values } = resolveParams(runbook, combo, { useExamples: true });
      const included = planSteps(runbook, values, 'en').filter((p) => p.included).map((p) => p.step.id);
      for (const [a, b] of pairs) {
        if (!included.includes(a) || !included.includes(b)) continue;
        expect(included.indexOf(a), `${JSON.stringify(combo)}: ${a} before ${b}`).toBeLessThan(included.indexOf(b));
      }
    }
  });

  it('hard-codes no platform version in a command: version-specific commands read $FROM or $TO', () => {
    for (const step of runbook.steps) {
      if (!step.script) continue;
      // 3.16, 3.18, 4.0, 4.1 as a version (not inside 1.28 or an IP address)
      const literal = step.script.value.match(/(?<![\d.])(3\.1[68]|4\.[01])(?![\d.]*\d)/);
      const allowed = step.id === 'supported-path'; // the list of supported paths itself
      if (!allowed) expect(literal?.[0], step.id).toBeUndefined();
    }
  });

  // One term per concept, console names as the seeds write them, references that exist.
  const WORDS: Record<string, RegExp[]> = {
    en: [/Platform Management/, /Feature Components/, /customer portal/i, /Knowledge Base/, /Alauda Service Mesh Essentials Cluster Plugin/, /\bWeb Console\b/],
    zh: [/平台管理/, /Functional Components/, /Feature Components/, /移除 TopoLVM/, /更新 TopoLVM/, /Web Console/],
    ru: [/упразднены/, /веб-консол/i, /Feature Components/],
  };
  it.each(['en', 'zh', 'ru'])('renders in %s without stray comments, missing files or a second term for one concept', (lang) => {
    const path = join(ROOT, 'runbooks', name);
    const text = renderRunbook(runbook, readFileSync(path, 'utf8'), { lang });
    expect(text).not.toContain('<!--');
    expect(text).not.toMatch(/NOTES-global|runbooks\/[\w-]+\.md/);
    for (const word of WORDS[lang]!) expect(text, String(word)).not.toMatch(word);
  });
});
