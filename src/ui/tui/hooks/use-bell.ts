// A terminal bell when a long step (over a minute) ends or fails: the operator may have looked away.
import { useEffect, useRef } from 'react';
import type { RunController } from '../../../engine/execution/run-api.js';

export const BELL_AFTER_MS = 60_000;

export function useBell(controller: RunController, bell: (() => void) | undefined): void {
  const ref = useRef(bell);
  ref.current = bell;
  useEffect(
    () =>
      controller.on((e) => {
        if (e.type === 'step-finished' && e.durationMs >= BELL_AFTER_MS && e.status !== 'skipped' && e.status !== 'confirmed') ref.current?.();
      }),
    [controller],
  );
}
