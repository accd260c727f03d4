// User-facing errors: a catalog key (src/i18n/cli.ts) for what was wrong and one for what to do,
// printed in the chosen language without a stack trace, with an exit code.
export const EXIT = { ok: 0, failed: 1, usage: 2, aborted: 3, paused: 4, interrupted: 130 } as const;

export type Vars = Record<string, string | number>;

export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Vars = {},
    readonly hint?: { key: string; vars?: Vars },
    readonly exitCode: number = EXIT.usage,
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
