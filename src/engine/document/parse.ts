// Runbook parser: markdown + front matter → the plain model of model.ts, with the structural
// diagnostics found on the way. Never throws on any input: whatever the file holds ends in diagnostics.
import { msg, renderLint } from '../../i18n/lint-text.js';
import { createHash } from 'node:crypto';
import type { Root } from 'mdast';
import { parseMarkdown } from './markdown.js';
import { parseFrontMatter, type FrontMatter } from './frontmatter.js';
import { normalizeSource, screenContent } from './source-text.js';
import { prescan } from './parse-limits.js';
import { ParseContext, type ExpressionRef, type StepPosition } from './parse-context.js';
import { inspectStructure } from './inspect.js';
import { FenceFindings, dropFallout } from './container-fences.js';
import { buildModel } from './build-model.js';
import type { Diagnostic, LintMessage, Runbook, Step, Section, Position } from './model.js';

export { normalizeSource, LineIndex } from './source-text.js';
export { LIMITS } from './parse-limits.js';
export { type ExpressionRef } from './parse-context.js';
export { scanAttributes, scanOpener, type AttrToken } from './directive-syntax.js';

export interface ParseResult {
  /** Undefined when the front matter is unusable (no id or languages could be read) or the file could not be parsed. */
  runbook?: Runbook;
  diagnostics: Diagnostic[];
  /** Expressions met in the document, with where they stand, for lint's checks. */
  expressions: ExpressionRef[];
  /** Where each param is declared. */
  paramPositions?: Record<string, Position>;
  /** Params whose definition has a default or example field (valid or not). */
  paramsWithValues?: string[];
  /** Where each step starts and its capture (for lint's capture checks), in document order. */
  stepPositions?: StepPosition[];
}

export function parseRunbook(rawSource: string, path: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const expressions: ExpressionRef[] = [];
  const report = (position: Position | undefined, severity: Diagnostic['severity'], message: LintMessage, rule: string) => {
    diagnostics.push({
      file: path,
      line: Math.max(1, Math.floor(position?.line ?? 1) || 1),
      column: Math.max(1, Math.floor(position?.column ?? 1) || 1),
      severity, message: renderLint(message), rule, key: message.key, vars: message.vars,
    });
  };
  const done = (extra: Partial<ParseResult> = {}): ParseResult => ({ diagnostics: finish(diagnostics), expressions, ...extra });
  if (typeof rawSource !== 'string') {
    report(undefined, 'error', msg('notText'), 'binary-content');
    return done();
  }
  const { source, lines } = screenContent(normalizeSource(rawSource), report);

  // Hostile shapes that would make the markdown parser slow or exhaust memory.
  const tooMuch = prescan(source);
  if (tooMuch) {
    report(lines.position(tooMuch.offset), 'error', tooMuch.message, tooMuch.rule);
    return done();
  }

  let tree: Root;
  try {
    tree = parseMarkdown(source);
  } catch (e) {
    report(undefined, 'error', msg('internal.markdown', { reason: String((e as Error)?.message ?? e).slice(0, 200) }), 'internal');
    return done();
  }

  let fm: FrontMatter | undefined;
  try {
    fm = parseFrontMatter(tree, source, report);
  } catch (e) {
    report(undefined, 'error', msg('frontMatter.unreadable', { reason: String((e as Error)?.message ?? e).slice(0, 200) }), 'front-matter');
  }
  const languages = fm && fm.languages.length ? fm.languages : ['en', 'zh', 'ru'];
  const ctx = new ParseContext(source, lines, languages, report, expressions);
  // Both outlive a failure half-way: what was found up to there still counts.
  const fences = new FenceFindings();
  const stepPositions: StepPosition[] = [];
  try {
    inspectStructure(ctx, tree, fences);
  } catch (e) {
    report(undefined, 'error', msg('internal.checking', { reason: String((e as Error)?.message ?? e).slice(0, 200) }), 'internal');
  }
  let built: { sections: Section[]; steps: Step[] } = { sections: [], steps: [] };
  try {
    built = buildModel(ctx, tree, stepPositions);
  } catch (e) {
    report(undefined, 'error', msg('internal.steps', { reason: String((e as Error)?.message ?? e).slice(0, 200) }), 'internal');
  }
  dropFallout(ctx, fences, diagnostics);

  const paramPositions: Record<string, Position> = {};
  for (const p of fm?.params ?? []) {
    paramPositions[p.name] = p.position;
    if (p.when !== undefined) {
      expressions.push({ source: p.when, position: p.whenPosition ?? p.position, exact: p.whenExact, scope: 'param', param: p.name });
    }
  }
  const paramsWithValues = (fm?.params ?? []).filter((p) => p.valueGiven).map((p) => p.name);
  if (!fm || !fm.usable) return done({ paramPositions, stepPositions, paramsWithValues });
  const runbook: Runbook = {
    path,
    id: fm.id,
    languages,
    title: fm.title,
    params: fm.params.map(({ position: _p, whenPosition: _w, whenExact: _e, valueGiven: _v, ...rest }) => rest),
    sections: built.sections,
    steps: built.steps,
    sha256: createHash('sha256').update(rawSource).digest('hex'),
  };
  return done({ runbook, paramPositions, stepPositions, paramsWithValues });
}

/** Sort, and drop exact repeats (same place, same rule, same message). */
function finish(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out = diagnostics.filter((d) => {
    const k = `${d.line}:${d.column}:${d.rule}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
