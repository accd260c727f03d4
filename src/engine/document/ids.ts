// Runbook and step ids become file and directory names (runs/RUN_ID, logs/STEP.log, scripts/STEP.sh)
// and command arguments (--from STEP): lower-case letters, digits and "-", not starting with "-"
// (a command would read `-` or `--help` as an option), and short enough for a file name.
import { msg } from '../../i18n/lint-text.js';
import type { LintMessage } from './model.js';

export const MAX_ID_LENGTH = 100;
const ID_RE = /^[a-z0-9-]+$/;

export type IdProblem = 'malformed' | 'leadingDash' | 'tooLong';

export function idProblem(id: string): IdProblem | undefined {
  if (!ID_RE.test(id)) return 'malformed';
  if (id.startsWith('-')) return 'leadingDash';
  if (id.length > MAX_ID_LENGTH) return 'tooLong';
  return undefined;
}

/** The finding for a well-formed id that still cannot be a file name or an argument. */
export function idIssueMsg(issue: 'leadingDash' | 'tooLong', what: LintMessage): LintMessage {
  return issue === 'leadingDash' ? msg('id.leadingDash', { what }) : msg('id.tooLong', { what, max: MAX_ID_LENGTH });
}
