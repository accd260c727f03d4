// The current step as wrapped lines: its title, its prose, facts (where it runs, limits, what it
// passes on), its script with line numbers (or the code of a manual step, for copying).
import { pick, type Runbook, type Step } from '../../../engine/document/model.js';
import { langName } from './context.js';
import { renderMarkdown } from './markdown.js';
import { type Line, type Seg, wrap, wrapPre } from './text.js';
import type { T } from './format.js';

/** Title row(s): kind, title, and a marker when the step is not translated to the chosen language. */
export function titleLines(step: Step, runbook: Runbook, lang: string, t: T, cols: number): Line[] {
  const title = pick(step.title, lang, runbook.languages);
  const segs: Seg[] = [
    { text: `[${t(`kind.${step.kind}`)}] `, style: 'accent' },
    { text: title.text, style: 'heading' },
  ];
  if (step.untranslated.includes(lang) || title.fallback) segs.push({ text: `  [${t('step.untranslated', { lang: langName(runbook.languages[0]!) })}]`, style: 'marker' });
  return wrap(segs, cols);
}

/** A duration as a runbook writes it: 2h, 10m, 30s, 500ms. */
export function fmtMs(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Everything below the title that explains the step, as wrapped lines. */
export function detailLines(step: Step, runbook: Runbook, lang: string, t: T, cols: number, codeTicks: boolean, workdir?: { dir: string } | { error: string }): Line[] {
  const out: Line[] = [];
  const untranslated = (fallback: boolean) => {
    if (fallback) out.push(...wrap([{ text: `[${t('step.untranslated', { lang: langName(runbook.languages[0]!) })}]`, style: 'marker' }], cols));
  };
  const section = (md: { text: string; fallback: boolean }) => {
    const lines = renderMarkdown(md.text, cols, { codeTicks });
    if (!lines.length) return;
    if (out.length) out.push([]);
    untranslated(md.fallback);
    out.push(...lines);
  };
  section(pick(step.intro, lang, runbook.languages));
  section(pick(step.body, lang, runbook.languages));

  const facts: string[] = [];
  // Where the command runs, resolved ($PARAM, ~) as it would be now; as written when it cannot be.
  if (workdir && 'dir' in workdir) facts.push(t('step.cwd', { cwd: workdir.dir }) + (step.cwd && step.cwd !== workdir.dir ? ` (cwd="${step.cwd}")` : ''));
  else if (step.cwd) facts.push(t('step.cwd', { cwd: step.cwd }));
  if (step.kind === 'wait') facts.push(t('step.every', { interval: fmtMs(step.intervalMs) ?? '10s', timeout: fmtMs(step.timeoutMs) ?? '10m' }));
  else if (step.timeoutMs) facts.push(t('step.timeout', { timeout: fmtMs(step.timeoutMs)! }));
  if (step.expect) facts.push(t('step.expect', { expect: step.expect }));
  if (step.capture) facts.push(t('step.capture', { name: step.capture }));
  if (step.retries > 0) facts.push(t('step.retries', { n: step.retries }));
  if (step.expectDurationMs) facts.push(t('step.expectDuration', { expected: fmtMs(step.expectDurationMs)! }));
  if (facts.length) {
    if (out.length) out.push([]);
    for (const f of facts) out.push(...wrap([{ text: f, style: 'dim' }], cols, [{ text: '· ', style: 'dim' }]));
    if (workdir && 'error' in workdir) out.push(...wrap([{ text: workdir.error, style: 'warn' }], cols, [{ text: '· ', style: 'dim' }]));
  }

  if (step.script) {
    if (out.length) out.push([]);
    out.push([{ text: t('step.script'), style: 'bold' }, { text: ` (${step.script.lang || 'bash'})`, style: 'dim' }]);
    const code = step.script.value.replace(/\n$/, '').split('\n');
    const numW = String(code.length).length;
    code.forEach((l, i) => {
      const num: Seg = { text: `${String(i + 1).padStart(numW)} │ `, style: 'lineno' };
      const cont: Seg = { text: `${' '.repeat(numW)} │ `, style: 'lineno' };
      out.push(...wrapPre(l.replace(/\t/g, '    '), 'script', cols, [num], [cont]));
    });
  } else if (step.kind === 'manual' && (step.snippets.length || /^\s*(```|~~~)/m.test(pick(step.body, lang, runbook.languages).text))) {
    if (out.length) out.push([]);
    out.push(...wrap([{ text: t('step.manualNote'), style: 'dim' }], cols));
    // The code is part of the body's markdown (shown above); list it here only when it is not.
    const body = pick(step.body, lang, runbook.languages).text;
    for (const s of step.snippets) {
      if (body.includes(s.value.trim())) continue;
      for (const l of s.value.replace(/\n$/, '').split('\n')) out.push(...wrapPre(l, 'code', cols, [{ text: '  ', style: 'plain' }]));
    }
  }
  return out;
}

