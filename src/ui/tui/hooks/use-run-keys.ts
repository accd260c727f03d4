// The keys of the run screen. The handler of the latest render is called through a stable function,
// so a key that arrives right after a render never sees the state of the one before; what is busy is
// read from a ref, since keys may arrive before this render's handler is subscribed.
import { useCallback, useEffect, useRef } from 'react';
import { useInput, type Key } from 'ink';
import type { Pending } from '../../../engine/execution/run-api.js';
import { EXIT } from '../../../engine/core/errors.js';
import type { RunActions } from './use-run-actions.js';
import type { T } from '../lib/format.js';

export type Purpose = 'skip' | 'override' | 'markDone';

export interface RunKeys {
  t: T;
  actions: RunActions;
  pending: Pending;
  /** The help overlay is open: only its closing and scrolling keys count. */
  helpOpen: boolean;
  /** A prompt has the keyboard (its own input handles the keys). */
  promptOpen: boolean;
  closeHelp: () => void;
  openHelp: () => void;
  /** Scroll the help (when it does not fit) by `delta` lines. */
  scrollHelp: (delta: number) => void;
  openPrompt: (purpose: Purpose) => void;
  switchLang: () => void;
  runStep: (id: string) => void;
  /** Confirm a manual step (RunController.confirm). */
  confirm: (id: string) => Promise<void>;
  /** Rows of a page of output. */
  page: number;
  scrollOutput: (f: (cur: number) => number) => void;
  outputLength: number;
  scrollText: (delta: number) => void;
  /** A step's log is open over the body: it takes the keys. */
  viewerOpen: boolean;
  /** Move the outline selection by `delta` steps; Esc goes back to the current step. */
  select: (delta: number) => void;
  clearSelection: () => void;
  /** A step other than the current one is selected: Enter views it instead of deciding. */
  selectionActive: boolean;
  /** Open the selected step's log (or the output shown). */
  openViewer: () => void;
  toggleExcluded: () => void;
  toggleWrap: () => void;
  /** Set by useRunKeys: keeps a key until the current save is done. */
  hold?: (input: string, key: Key) => void;
}

/** Subscribes the run screen's keys (Ctrl-C in every mode). */
export function useRunKeys(k: RunKeys): void {
  const ref = useRef(k);
  ref.current = k;
  // Keys that came while a decision was being saved (Enter, Enter in one burst): each is handled
  // once the screen shows what the save led to, one per render.
  const held = useRef<[string, Key][]>([]);
  ref.current.hold = (input, key) => held.current.push([input, key]);
  useEffect(() => {
    if (k.actions.busy || !held.current.length) return;
    const [input, key] = held.current.shift()!;
    onKey(ref.current, input, key);
  });
  useInput(
    useCallback((input: string, key: Key) => {
      if (key.ctrl && input === 'c') ref.current.actions.interrupt();
    }, []),
  );
  useInput(
    useCallback((input: string, key: Key) => onKey(ref.current, input, key), []),
    { isActive: !k.promptOpen },
  );
}

function onKey(k: RunKeys, input: string, key: Key): void {
  if (key.ctrl) return;
  if (k.helpOpen) {
    if (input === '?' || key.escape || input === 'q') k.closeHelp();
    else if (key.upArrow || input === 'k') k.scrollHelp(-1);
    else if (key.downArrow || input === 'j') k.scrollHelp(1);
    else if (key.pageUp) k.scrollHelp(-k.page);
    else if (key.pageDown) k.scrollHelp(k.page);
    return;
  }
  if (k.viewerOpen) return;
  const { actions, t } = k;
  actions.setNotice(null);
  if (key.pageUp) return k.scrollOutput((s) => s + k.page);
  if (key.pageDown) return k.scrollOutput((s) => s - k.page);
  if (key.end) return k.scrollOutput(() => 0);
  if (key.home) return k.scrollOutput(() => k.outputLength);
  if ((key.shift && key.upArrow) || input === 'K') return k.scrollText(-1);
  if ((key.shift && key.downArrow) || input === 'J') return k.scrollText(1);
  if (key.upArrow || input === 'k') return k.select(-1);
  if (key.downArrow || input === 'j') return k.select(1);
  if (key.escape) return k.clearSelection();
  if (input === 'v' || (key.return && k.selectionActive)) return k.openViewer();
  if (input === 'x') return k.toggleExcluded();
  if (input === 'w') return k.toggleWrap();
  if (input === '?') return k.openHelp();
  if (input === 'l') return k.switchLang();
  const b = actions.busyRef.current;
  if (b === 'working' && k.hold) return k.hold(input, key);
  if (b) {
    if (key.return || ['q', 's', 'r', 'o'].includes(input)) actions.setNotice({ text: t(b === 'running' || b === 'stopping' ? 'notice.busy' : 'pending.working'), tone: 'warn' });
    return;
  }
  decide(k, input, key);
}

/** Keys that decide about the current step (nothing is running). */
function decide(k: RunKeys, input: string, key: Key): void {
  const { actions, t, pending } = k;
  const kind = pending.kind;
  if (kind === 'done') {
    if (key.return || input === 'q') actions.finish(EXIT.ok);
    return;
  }
  const planned = pending.planned;
  const id = planned.step.id;
  const stepKind = planned.step.kind;
  if (input === 'q') return actions.leave(EXIT.paused);
  if (key.return) {
    // A manual step is confirmed, never run (also when its definition changed since it was confirmed).
    if (kind === 'manual' || (stepKind === 'manual' && (kind === 'interrupted' || kind === 'changed'))) return actions.work(() => k.confirm(id));
    if (kind === 'ready' || kind === 'interrupted' || kind === 'changed') return k.runStep(id);
    if (kind === 'failed') return actions.setNotice({ text: t('notice.enterOnFailed'), tone: 'warn' });
    return;
  }
  if (input === 's' && (kind === 'ready' || kind === 'manual' || kind === 'failed')) return k.openPrompt('skip');
  if (input === 'r' && kind === 'failed') return k.runStep(id);
  if (input === 'o') {
    if (kind === 'failed') {
      if (stepKind === 'check' || stepKind === 'wait') return k.openPrompt('override');
      return actions.setNotice({ text: t('notice.overrideOnlyCheck'), tone: 'warn' });
    }
    if (kind === 'interrupted' || kind === 'changed') return k.openPrompt('markDone');
  }
}
