// A lint finding and how it is shown: light (no markdown parser), so that a command answered from
// the analysis cache (commands/shared/analysis-cache.ts) never loads the parser.
import { renderLint, localizeDiagnostics, withoutKeys } from '../../i18n/lint-text.js';
import type { Diagnostic, LintMessage, Position, Runbook } from '../document/model.js';

/** What a runbook's text yields: its model when it has one, and every finding with its key (what the cache keeps). */
export interface Analysis {
  runbook?: Runbook;
  findings: Diagnostic[];
}

/** A finding with its message in English, and its key and values to show it in another language. */
export function diagnostic(file: string, at: Position, severity: Diagnostic['severity'], message: LintMessage, rule: string): Diagnostic {
  return { file, line: at.line, column: at.column, severity, message: renderLint(message), rule, key: message.key, vars: message.vars };
}

/** Findings in `lang` with their keys, or (no `lang`) in English without them. */
export function present(diagnostics: Diagnostic[], lang: string | undefined): Diagnostic[] {
  return lang === undefined ? withoutKeys(diagnostics) : localizeDiagnostics(diagnostics, lang);
}
