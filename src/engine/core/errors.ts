// The one error family. A UserError is something the operator can act on: a catalog key for what
// was wrong and one for what to do, printed in the chosen language without a stack trace, with the
// exit code of the format contract. Anything else that reaches the CLI is a bug: it prints a short
// report with the stack and exits EXIT.internal.
import type { Vars } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/message.js';

/** Exit codes (docs/format.md): only src/cli.ts sets the process's. 70 is sysexits' EX_SOFTWARE. */
export const EXIT = { ok: 0, failed: 1, usage: 2, aborted: 3, paused: 4, internal: 70, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type { Vars };

/** A message of the catalogs with its values. */
export interface Message {
  key: MessageKey;
  vars?: Vars;
}

export class UserError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly vars: Vars = {},
    readonly hint?: Message,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(`${key} ${JSON.stringify(vars)}`);
  }

  /** The known names nearest to a mistyped one, shown as "did you mean …?". */
  suggestions: string[] = [];
}

/** The same error with "did you mean …?" candidates. */
export function withSuggestions(e: UserError, suggestions: string[]): UserError {
  e.suggestions = suggestions;
  return e;
}
