// The outline's selection: ↑/↓ move it over the visible steps; undefined follows the current step.
import { useState } from 'react';
import type { OutlineRow } from '../lib/outline-rows.js';

export interface OutlineNav {
  selectedId: string | undefined;
  select: (delta: number) => void;
  clear: () => void;
}

export function useOutlineNav(rows: OutlineRow[], currentId: string | undefined): OutlineNav {
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const ids = rows.filter((r) => r.kind === 'step' && r.stepId).map((r) => r.stepId!);
  // A selection that is no longer listed (hidden, or the plan changed) falls back to the current step.
  const selected = selectedId && ids.includes(selectedId) ? selectedId : undefined;
  const select = (delta: number) => {
    if (!ids.length) return;
    const from = ids.indexOf(selected ?? currentId ?? '');
    const at = from < 0 ? 0 : Math.max(0, Math.min(ids.length - 1, from + delta));
    setSelectedId(ids[at] === currentId ? undefined : ids[at]);
  };
  return { selectedId: selected, select, clear: () => setSelectedId(undefined) };
}
