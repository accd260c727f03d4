// Lint: the parser's structural diagnostics plus the checks that need the whole model
// (expressions against declared params and captures). Never throws.
import { parseRunbook, type ExpressionRef, type ParseResult } from '../document/parse.js';
import { parseExpr, checkExpr, namesIn, type ParamInfo } from '../document/conditions.js';
import { suggestMsg } from '../document/hints.js';
import { msg, renderLint } from '../../i18n/lint-text.js';
import { diagnostic, present, type Analysis } from './findings.js';
import type { LintKey } from '../../i18n/index.js';
import type { Diagnostic, LintMessage, LintVar, Position } from '../document/model.js';

/** Every rule id lint can report, with its usual severity (a rule may also warn where it usually errs). */
export const RULES: Record<string, 'error' | 'warning'> = {
  'file': 'error',
  'file-size': 'error',
  'nesting-depth': 'error',
  'binary-content': 'error',
  'control-character': 'warning',
  'encoding': 'warning',
  'internal': 'error',
  'front-matter': 'error',
  'param-schema': 'error',
  'param-example': 'warning',
  'missing-translation': 'warning',
  'duplicate-language-block': 'warning',
  'unknown-directive': 'error',
  'directive-kind': 'error',
  'directive-syntax': 'error',
  'directive-placement': 'error',
  'accidental-text-directive': 'warning',
  'nested-step': 'error',
  'unknown-attribute': 'error',
  'duplicate-attribute': 'error',
  'stray-fence': 'error',
  'container-nesting': 'error',
  'unclosed-container': 'error',
  'step-id': 'error',
  'duplicate-id': 'error',
  'step-code': 'error',
  'attribute-value': 'error',
  'condition-syntax': 'error',
  'condition-names': 'error',
  'condition-value': 'error',
  'condition-type': 'error',
};

/**
 * Lint a runbook's text. Without `lang`: English messages, findings as they always were. With `lang`
 * (en, zh or ru; others get English): messages in that language, and each finding's `key` and `vars`.
 */
export function lintSource(source: string, file: string, lang?: string): Diagnostic[] {
  return present(analyze(source, file).findings, lang);
}

export function analyze(source: string, file: string): Analysis {
  try {
    const parsed = parseRunbook(source, file);
    return { runbook: parsed.runbook, findings: capPerRule(lint(parsed, file)) };
  } catch (e) {
    // A bug of ours must not hide the file's other problems behind a stack trace.
    return { findings: [diagnostic(file, { line: 1, column: 1 }, 'error', msg('internal.lint', { reason: String((e as Error)?.message ?? e).slice(0, 200) }), 'internal')] };
  }
}

/** Findings shown per rule and file; the rest are counted in one last finding of that rule. */
export const MAX_PER_RULE = 100;

/** Lint an already parsed runbook (lintSource = lintParsed(parseRunbook(…))); `lang` as for lintSource. */
export function lintParsed(result: ParseResult, file: string, lang?: string): Diagnostic[] {
  return present(capPerRule(lint(result, file)), lang);
}

function capPerRule(diagnostics: Diagnostic[]): Diagnostic[] {
  const count = new Map<string, number>();
  const out: Diagnostic[] = [];
  const extra = new Map<string, { first: Diagnostic; n: number; errors: number }>();
  for (const d of diagnostics) {
    const n = (count.get(d.rule) ?? 0) + 1;
    count.set(d.rule, n);
    if (n <= MAX_PER_RULE) { out.push(d); continue; }
    const e = extra.get(d.rule) ?? { first: d, n: 0, errors: 0 };
    e.n++;
    if (d.severity === 'error') e.errors++;
    extra.set(d.rule, e);
  }
  for (const [rule, e] of extra) {
    out.push(diagnostic(e.first.file, e.first, e.errors ? 'error' : 'warning', msg(e.n === 1 ? 'cap.one' : 'cap.many', { count: e.n, rule, max: MAX_PER_RULE }), rule));
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function lint(result: ParseResult, file: string): Diagnostic[] {
  const diagnostics = [...result.diagnostics];
  const rb = result.runbook;
  if (!rb) return diagnostics;
  const params: Record<string, ParamInfo> = Object.fromEntries(rb.params.map((p) => [p.name, { type: p.type, choices: p.choices }]));
  const paramOrder = rb.params.map((p) => p.name);
  const steps = result.stepPositions ?? [];
  const captures = new Map<string, { index: number; id: string; line: number }>();
  steps.forEach((s, index) => {
    if (s.capture && !captures.has(s.capture)) captures.set(s.capture, { index, id: s.id, line: s.position.line });
  });
  const report = (at: Position, severity: Diagnostic['severity'], message: LintMessage, rule: string) =>
    diagnostics.push(diagnostic(file, { line: Math.max(1, at.line), column: Math.max(1, at.column) }, severity, message, rule));

  for (const ref of result.expressions) checkExpression(ref, params, paramOrder, captures, report);

  // Captures that hide a param.
  for (const s of steps) {
    if (!s.capture) continue;
    const clash = rb.params.find((p) => p.name === s.capture || p.env === s.capture);
    if (clash) report(s.capturePosition ?? s.position, 'error', msg('capture.hidesParam', { capture: s.capture, param: clash.name, env: clash.env }), 'attribute-value');
  }

  // Values for documents and rehearsals.
  for (const p of rb.params) {
    if (p.type !== 'secret' && p.default === undefined && p.example === undefined && !result.paramsWithValues?.includes(p.name)) {
      report(result.paramPositions?.[p.name] ?? { line: 1, column: 1 }, 'warning',
        p.choices ? msg('param.noExampleChoices', { name: p.name, choices: p.choices.join(', ') }) : msg('param.noExample', { name: p.name }),
        'param-example');
    }
  }
  const seen = new Set<string>();
  return diagnostics
    .filter((d) => { const k = `${d.line}:${d.column}:${d.rule}:${d.message}`; if (seen.has(k)) return false; seen.add(k); return true; })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function checkExpression(
  ref: ExpressionRef,
  params: Record<string, ParamInfo>,
  paramOrder: string[],
  captures: Map<string, { index: number; id: string; line: number }>,
  report: (at: Position, severity: Diagnostic['severity'], message: LintMessage, rule: string) => void,
): void {
  const where = (offset: number): Position => (ref.exact ? { line: ref.position.line, column: ref.position.column + Math.max(0, offset) } : ref.position);
  const text = ref.display ?? ref.source;
  const shown = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  const { expr, error } = parseExpr(ref.source);
  if (!expr) {
    const offset = error?.offset ?? 0;
    report(where(offset), 'error', msg('cond.syntax', { shown, detail: error?.message ?? msg('cond.syntaxError'), at: offset + 1 }), 'condition-syntax');
    return;
  }
  const isParamScope = ref.scope === 'param';
  const known = new Set<string>(isParamScope ? [] : captures.keys());
  for (const problem of checkExpr(expr, params, known)) {
    const m = problem.message;
    if (m.startsWith('unknown name')) {
      const name = /'([^']*)'/.exec(m)?.[1] ?? '';
      const candidates = [...Object.keys(params), ...(isParamScope ? [] : captures.keys())];
      const wasCapture = isParamScope && captures.has(name);
      report(ref.namePosition ?? where(problem.offset), 'error', wasCapture
        ? msg('cond.captureInParam', { shown, param: ref.param ?? '', name })
        : ref.namePosition
          ? msg('cond.shorthandUnknown', { shown, name, suggestion: suggestMsg(name, candidates) })
          : msg(isParamScope ? 'cond.unknownParam' : 'cond.unknownName', { shown, name, suggestion: suggestMsg(name, candidates) }),
        'condition-names');
    } else if (/is not one of the choices/.test(m)) {
      report(where(problem.offset), 'error', msg('cond.notChoice', { shown, detail: detailMsg(m) }), 'condition-value');
    } else if (/is a boolean; compare it with true or false/.test(m)) {
      report(where(problem.offset), 'error', msg('cond.boolean', { shown, detail: detailMsg(m) }), 'condition-value');
    } else if (/^ordering operator/.test(m)) {
      report(where(problem.offset), 'error', msg('cond.ordering', { shown, detail: detailMsg(m) }), 'condition-type');
    } else {
      report(where(problem.offset), 'error', msg('cond.type', { shown, detail: detailMsg(m) }), 'condition-type');
    }
  }
  const names = namesIn(expr);
  if (isParamScope && ref.param) {
    const own = paramOrder.indexOf(ref.param);
    for (const n of names) {
      const i = paramOrder.indexOf(n);
      if (i < 0) continue;
      if (i === own) {
        report(ref.position, 'error', msg('param.whenSelf', { param: ref.param }), 'condition-names');
      } else if (i > own) {
        report(ref.position, 'error', msg('param.whenLater', { param: ref.param, name: n }), 'condition-names');
      }
    }
  } else if (ref.stepsBefore !== undefined) {
    for (const n of names) {
      if (Object.hasOwn(params, n)) continue;
      const c = captures.get(n);
      if (c && c.index >= ref.stepsBefore) {
        report(ref.position, 'error', msg('cond.captureLater', { shown, name: n, step: c.id, line: c.line }), 'condition-names');
      }
    }
  }
}

/** The checker's findings in conditions (conditions.ts), as lint messages; anything else stays as written. */
const DETAILS: [RegExp, LintKey, string[]][] = [
  [/^(.*) is not one of the choices of '(.*)': (.*)$/s, 'detail.notChoice', ['value', 'name', 'choices']],
  [/^'(.*)' is a boolean; compare it with true or false$/s, 'detail.booleanCompare', ['name']],
  [/^ordering operator '(.*)' used on a boolean$/s, 'detail.ordering', ['op']],
  [/^'(.*)' is a (\w+) param, not a boolean; compare it with a value$/s, 'detail.paramNotBoolean', ['name', 'type']],
  [/^'(.*)' is not a boolean; compare it with a value, e\.g\. .* == "…"$/s, 'detail.nameNotBoolean', ['name']],
  [/^(.*) is not a boolean$/s, 'detail.valueNotBoolean', ['value']],
];

function detailMsg(text: string): LintVar {
  for (const [re, key, names] of DETAILS) {
    const m = re.exec(text);
    if (!m) continue;
    const message = msg(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
    // Only when it says exactly the same in English.
    if (renderLint(message) === text) return message;
  }
  return text;
}
