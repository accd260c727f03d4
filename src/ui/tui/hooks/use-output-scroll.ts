// Scrolling the live output: lines above the newest, counted when the operator scrolled (`atTotal`),
// so the view stays on the same lines while more output arrives; 0 follows the newest lines.
import { useState } from 'react';
import type { LineRing } from '../output-buffer.js';

export interface OutputScroll {
  /** Source lines above the newest one shown at the bottom (0: following). */
  scroll: number;
  setScroll: (f: number | ((cur: number) => number)) => void;
}

export function useOutputScroll(ring: LineRing): OutputScroll {
  const [state, setState] = useState({ lines: 0, atTotal: 0 });
  const scroll = state.lines === 0 ? 0 : Math.max(0, Math.min(ring.length - 1, state.lines + (ring.total - state.atTotal)));
  const setScroll = (f: number | ((cur: number) => number)) => {
    const next = Math.max(0, Math.min(Math.max(0, ring.length - 1), typeof f === 'function' ? f(scroll) : f));
    setState({ lines: next, atTotal: ring.total });
  };
  return { scroll, setScroll };
}
