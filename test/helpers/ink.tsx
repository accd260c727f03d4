// Mounting the Ink app in ink-testing-library, with helpers to wait for text and to press keys as a
// person does (one at a time, after the screen is drawn).
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/tui/app.js';
import type { ExitInfo } from '../../src/ui/tui/lib/exit-info.js';
import type { TuiOptions } from '../../src/engine/execution/run-api.js';

export const KEY = { enter: '\r', esc: '\x1b', down: '\x1b[B', up: '\x1b[A', left: '\x1b[D', right: '\x1b[C', home: '\x1b[H', end: '\x1b[F', ctrlC: '\x03', pgUp: '\x1b[5~', backspace: '\x7f' };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Frame rows (outline | step pane) as text. */
export const rows = (f: string) => f.split('\n');

export function mount(opts: TuiOptions, size = { cols: 100, rows: 30 }, colors = false, extra: { pager?: (file: string) => string | undefined; bell?: () => void } = {}) {
  const exits: ExitInfo[] = [];
  const r = render(<App opts={opts} colors={colors} size={size} onExit={(i) => exits.push(i)} {...extra} />);
  const frame = () => r.lastFrame() ?? '';
  const waitFor = async (pred: (f: string) => boolean, what = 'condition', ms = 3000) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      if (pred(frame())) return frame();
      await sleep(10);
    }
    throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
  };
  const waitText = (text: string, ms?: number) => waitFor((f) => f.includes(text), JSON.stringify(text), ms);
  const press = async (...keys: string[]) => {
    // Ink subscribes input handlers in effects, which run just after a frame is written.
    await sleep(30);
    for (const k of keys) {
      r.stdin.write(k);
      await sleep(15);
    }
  };
  const exited = async () => {
    const end = performance.now() + 3000;
    while (!exits.length && performance.now() < end) await sleep(10);
    if (!exits.length) throw new Error(`no exit; last frame:\n${frame()}`);
    return exits[0]!;
  };
  return { ...r, frame, waitFor, waitText, press, exits, exited };
}
