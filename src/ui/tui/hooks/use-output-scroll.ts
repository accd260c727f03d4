// Scrolling the live output: lines above the newest, counted when the operator scrolled (`atTotal`),
// so the view stays on the same lines while more output arrives; 0 follows the newest lines.
import { useRef, useState } from 'react';
import type { LineSource } from '../lib/output-buffer.js';

export interface OutputScroll {
  /** Source lines above the newest one shown at the bottom (0: following). */
  scroll: number;
  setScroll: (f: number | ((cur: number) => number)) => void;
}

export function useOutputScroll(source: LineSource): OutputScroll {
  const [state, setState] = useState({ lines: 0, atTotal: 0 });
  // Several keys may come before the next render: each builds on the one before, not on the last frame.
  const latest = useRef(state);
  latest.current = state;
  const at = (s: { lines: number; atTotal: number }) => (s.lines === 0 ? 0 : Math.max(0, Math.min(source.length - 1, s.lines + (source.total - s.atTotal))));
  const setScroll = (f: number | ((cur: number) => number)) => {
    const cur = at(latest.current);
    const next = { lines: Math.max(0, Math.min(Math.max(0, source.length - 1), typeof f === 'function' ? f(cur) : f)), atTotal: source.total };
    latest.current = next;
    setState(next);
  };
  return { scroll: at(state), setScroll };
}
