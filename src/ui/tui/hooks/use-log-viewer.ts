// A step's log opened from the outline: which lines are on screen, wrapping, searching. Scrolling
// counts source lines (`top`); `null` keeps the end in view (a running step's log grows).
import { useState } from 'react';
import type { StepLog } from '../../../engine/execution/run-api.js';
import type { OutputWrap } from '../lib/output-wrap.js';

export interface LogView {
  stepId: string;
  log: StepLog;
  /** First source line shown; null: the last lines. */
  top: number | null;
  wrap: OutputWrap;
  /** Columns hidden on the left when wrapping is off. */
  shift: number;
  query: string;
  /** The search prompt is open. */
  searching: boolean;
  /** Source lines that contain the query. */
  matches: number[];
}

export interface LogViewer {
  view: LogView | null;
  open: (stepId: string, log: StepLog) => void;
  close: () => void;
  /** Read the log again (a running step's grows), keeping the place. */
  reload: (log: StepLog) => void;
  scrollTo: (top: number | null) => void;
  scrollBy: (delta: number, from: number) => void;
  toggleWrap: () => void;
  shiftBy: (delta: number) => void;
  startSearch: () => void;
  cancelSearch: () => void;
  search: (query: string, from: number) => void;
  /** Jump to the next (1) or previous (-1) match from `from`. */
  nextMatch: (dir: 1 | -1, from: number) => void;
}

/** Lines of `lines` that contain `query`, ignoring case. */
export function findMatches(lines: readonly string[], query: string): number[] {
  if (!query) return [];
  const q = query.toLocaleLowerCase();
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (l.toLocaleLowerCase().includes(q)) out.push(i);
  });
  return out;
}

export function useLogViewer(): LogViewer {
  const [view, setView] = useState<LogView | null>(null);
  const update = (f: (v: LogView) => LogView) => setView((v) => (v ? f(v) : v));
  const clampTop = (v: LogView, top: number) => Math.max(0, Math.min(Math.max(0, v.log.lines.length - 1), top));
  const goto = (v: LogView, dir: 1 | -1, from: number): LogView => {
    if (!v.matches.length) return v;
    const next = dir > 0 ? (v.matches.find((m) => m > from) ?? v.matches[0]!) : ([...v.matches].reverse().find((m) => m < from) ?? v.matches[v.matches.length - 1]!);
    return { ...v, top: next };
  };
  return {
    view,
    open: (stepId, log) => setView({ stepId, log, top: null, wrap: 'soft', shift: 0, query: '', searching: false, matches: [] }),
    close: () => setView(null),
    reload: (log) => update((v) => ({ ...v, log, matches: findMatches(log.lines, v.query) })),
    scrollTo: (top) => update((v) => ({ ...v, top: top === null ? null : clampTop(v, top) })),
    scrollBy: (delta, from) => update((v) => ({ ...v, top: clampTop(v, from + delta) })),
    toggleWrap: () => update((v) => ({ ...v, wrap: v.wrap === 'soft' ? 'off' : 'soft', shift: 0 })),
    shiftBy: (delta) => update((v) => (v.wrap === 'off' ? { ...v, shift: Math.max(0, v.shift + delta) } : v)),
    startSearch: () => update((v) => ({ ...v, searching: true })),
    cancelSearch: () => update((v) => ({ ...v, searching: false })),
    search: (query, from) => update((v) => goto({ ...v, query, searching: false, matches: findMatches(v.log.lines, query) }, 1, from - 1)),
    nextMatch: (dir, from) => update((v) => goto(v, dir, from)),
  };
}
