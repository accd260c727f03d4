// Lint: the parser's structural diagnostics plus the checks that need the whole model
// (expressions against declared params and captures). Never throws.
import { parseRunbook } from './parse.js';
import { parseExpr, checkExpr, type ParamInfo } from './conditions.js';
import type { Diagnostic, Position } from './model.js';

export function lintSource(source: string, file: string): Diagnostic[] {
  let result;
  try {
    result = parseRunbook(source, file);
  } catch (e) {
    // A parser bug must not hide the file's other problems behind a stack trace.
    return [{ file, line: 1, column: 1, severity: 'error', message: `internal error while parsing: ${(e as Error).message}`, rule: 'internal' }];
  }
  const diagnostics = [...result.diagnostics];
  const rb = result.runbook;
  if (!rb) return diagnostics;
  const params: Record<string, ParamInfo> = Object.fromEntries(rb.params.map((p) => [p.name, { type: p.type, choices: p.choices }]));
  const captures = new Set(rb.steps.map((s) => s.capture).filter((c): c is string => !!c));
  const report = (at: Position, message: string, rule: string) =>
    diagnostics.push({ file, line: at.line, column: at.column, severity: 'error', message, rule });
  for (const { source: src, position } of result.expressions) {
    const { expr, error } = parseExpr(src);
    if (!expr) {
      report(position, `condition "${src}": ${error?.message ?? 'syntax error'} (at character ${(error?.offset ?? 0) + 1})`, 'condition-syntax');
      continue;
    }
    for (const problem of checkExpr(expr, params, captures)) report(position, `condition "${src}": ${problem.message}`, 'condition-names');
  }
  for (const p of rb.params) {
    if (p.type !== 'secret' && p.default === undefined && p.example === undefined)
      diagnostics.push({ file, line: 1, column: 1, severity: 'warning', message: `param "${p.name}" has neither default nor example: rendered documents show no placeholder and --rehearse cannot run without a value`, rule: 'param-example' });
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}
