// A runbook process is short (lint, plan: a second at most, nearly all of it one markdown parse) or
// waits on its steps. With V8's default interrupt budget, the parser's functions are sent to the
// optimising compiler within milliseconds, and on two cores that compilation competes with the parse
// it is meant to speed up and ends before it pays off. A larger budget lets functions run longer on
// the baseline compiler first; truly hot code is still optimised, a little later.
// Measured (bench): `lint runbooks/` 0.85–1.08 → 0.68–0.77 s and 1.1 → 0.6 s of CPU; `plan` of
// 2,000 steps 2.5–2.7 → 2.15–2.24 s; a 64 MB flood and 300 steps unchanged. The budget plateaus
// from 1,000,000 (2 and 4 million measured the same).
import { setFlagsFromString } from 'node:v8';

/** V8's budget before a function is considered for optimisation (its default: 67,584). */
const INTERRUPT_BUDGET = 1_000_000;

/** The flag, also given to the test suite's workers (vitest.config.ts), which run the same parse. */
export const V8_FLAG = `--interrupt-budget=${INTERRUPT_BUDGET}`;

/** Call before the bulk of the code is loaded (cli.ts, before a command's module): the budget applies to functions created afterwards. */
export function tuneV8(): void {
  setFlagsFromString(V8_FLAG);
}
