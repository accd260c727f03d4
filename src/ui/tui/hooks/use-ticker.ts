// The spinner of a running step: a frame asked for every `ms` while `active`, through the same
// throttle as the step's output (use-run-model), so a flood of output and the spinner share frames.
import { useEffect } from 'react';

export function useTicker(active: boolean, ms: number, requestFrame: () => void): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(requestFrame, ms);
    return () => clearInterval(timer);
  }, [active, ms, requestFrame]);
}
