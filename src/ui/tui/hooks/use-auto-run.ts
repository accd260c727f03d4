// --yes in the terminal UI: run, check and wait steps start by themselves (docs/format.md, --yes);
// a manual step, a failure or an interrupted step still waits for the operator, who is at the screen.
import { useEffect } from 'react';
import type { Pending } from '../../../engine/execution/run-api.js';

/**
 * Starts the pending step when it is ready and nothing else holds the screen.
 * @param enabled --yes was given
 * @param pending what the run waits for now
 * @param idle no step is running and no decision is being saved
 * @param free no prompt or help overlay has the keyboard
 * @param run starts a step, as Enter does
 */
export function useAutoRun(enabled: boolean, pending: Pending, idle: boolean, free: boolean, run: (stepId: string) => void): void {
  const ready = enabled && idle && free && pending.kind === 'ready' ? pending.planned.step.id : undefined;
  useEffect(() => {
    if (ready !== undefined) run(ready);
  }, [ready]);
}
