// Lint: the parser's structural diagnostics plus the checks that need the whole model
// (expressions against declared params and captures). Never throws.
import { parseRunbook, type ExpressionRef, type ParseResult } from './parse.js';
import { parseExpr, checkExpr, namesIn, type ParamInfo } from './conditions.js';
import { suggest } from './hints.js';
import type { Diagnostic, Position } from './model.js';

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

export function lintSource(source: string, file: string): Diagnostic[] {
  try {
    return lintParsed(parseRunbook(source, file), file);
  } catch (e) {
    // A bug of ours must not hide the file's other problems behind a stack trace.
    return [{ file, line: 1, column: 1, severity: 'error', message: `internal error while linting (${String((e as Error)?.message ?? e).slice(0, 200)}); please report it with this file`, rule: 'internal' }];
  }
}

/** Findings shown per rule and file; the rest are counted in one last finding of that rule. */
export const MAX_PER_RULE = 100;

/** Lint an already parsed runbook (lintSource = lintParsed(parseRunbook(…))). */
export function lintParsed(result: ParseResult, file: string): Diagnostic[] {
  return capPerRule(lint(result, file));
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
    out.push({ ...e.first, severity: e.errors ? 'error' : 'warning', rule,
      message: `${e.n} more finding${e.n === 1 ? '' : 's'} of rule ${rule} from here on are not shown (${MAX_PER_RULE} shown above); fix those first` });
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
  const report = (at: Position, severity: Diagnostic['severity'], message: string, rule: string) =>
    diagnostics.push({ file, line: Math.max(1, at.line), column: Math.max(1, at.column), severity, message, rule });

  for (const ref of result.expressions) checkExpression(ref, params, paramOrder, captures, report);

  // Captures that hide a param.
  for (const s of steps) {
    if (!s.capture) continue;
    const clash = rb.params.find((p) => p.name === s.capture || p.env === s.capture);
    if (clash) report(s.capturePosition ?? s.position, 'error', `capture="${s.capture}" has the name of param "${clash.name}" ($${clash.env}), so the step's output would replace the param's value; choose another name`, 'attribute-value');
  }

  // Values for documents and rehearsals.
  for (const p of rb.params) {
    if (p.type !== 'secret' && p.default === undefined && p.example === undefined && !result.paramsWithValues?.includes(p.name)) {
      report(result.paramPositions?.[p.name] ?? { line: 1, column: 1 }, 'warning',
        `param "${p.name}" has neither default nor example, so rendered documents show no placeholder and --rehearse cannot run without a value; add "example: …"${p.choices ? ` (one of ${p.choices.join(', ')})` : ''}`,
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
  report: (at: Position, severity: Diagnostic['severity'], message: string, rule: string) => void,
): void {
  const where = (offset: number): Position => (ref.exact ? { line: ref.position.line, column: ref.position.column + Math.max(0, offset) } : ref.position);
  const text = ref.display ?? ref.source;
  const shown = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  const { expr, error } = parseExpr(ref.source);
  if (!expr) {
    const offset = error?.offset ?? 0;
    report(where(offset), 'error', `condition "${shown}": ${error?.message ?? 'syntax error'} (at character ${offset + 1}); conditions use names, "text", numbers, == != < <= > >=, && || ! and parentheses`, 'condition-syntax');
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
        ? `condition "${shown}" of param "${ref.param}": "${name}" is a capture, known only once a step has run; a param's "when" can only use params declared before it`
        : ref.namePosition
          ? `condition "${shown}": "${name}" is not a param or a capture${suggest(name, candidates)}; :::if{name="value"} tests a param: declare "${name}" under params in the front matter, or fix the name`
          : `condition "${shown}": unknown name "${name}"${suggest(name, candidates)}; it is not a param${isParamScope ? '' : ' or a capture'}: declare it under params in the front matter${isParamScope ? '' : ', or set it with capture=… in an earlier step'}, or quote it if it is a value ("${name}")`,
        'condition-names');
    } else if (/is not one of the choices/.test(m)) {
      report(where(problem.offset), 'error', `condition "${shown}": ${m}; compare it with one of those`, 'condition-value');
    } else if (/is a boolean; compare it with true or false/.test(m)) {
      report(where(problem.offset), 'error', `condition "${shown}": ${m} (or test it alone: "name" / "!name")`, 'condition-value');
    } else if (/^ordering operator/.test(m)) {
      report(where(problem.offset), 'error', `condition "${shown}": ${m}; booleans compare only with == and !=`, 'condition-type');
    } else {
      report(where(problem.offset), 'error', `condition "${shown}": ${m}`, 'condition-type');
    }
  }
  const names = namesIn(expr);
  if (isParamScope && ref.param) {
    const own = paramOrder.indexOf(ref.param);
    for (const n of names) {
      const i = paramOrder.indexOf(n);
      if (i < 0) continue;
      if (i === own) {
        report(ref.position, 'error', `param "${ref.param}" has a "when" that uses itself; a param's "when" can only use params declared before it`, 'condition-names');
      } else if (i > own) {
        report(ref.position, 'error', `the "when" of param "${ref.param}" uses "${n}", which is declared after it; params are asked in order: move "${n}" above "${ref.param}"`, 'condition-names');
      }
    }
  } else if (ref.stepsBefore !== undefined) {
    for (const n of names) {
      if (Object.hasOwn(params, n)) continue;
      const c = captures.get(n);
      if (c && c.index >= ref.stepsBefore) {
        report(ref.position, 'error', `condition "${shown}" uses capture "${n}", which step "${c.id}" (line ${c.line}) sets only later; a condition can use captures of earlier steps: move that step before it`, 'condition-names');
      }
    }
  }
}
