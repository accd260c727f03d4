// A counter that ticks while `active` (the spinner of a running step).
import { useEffect, useState } from 'react';

/** Counts up every `ms` while `active`; keeps its value when stopped. */
export function useTicker(active: boolean, ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return n;
}
