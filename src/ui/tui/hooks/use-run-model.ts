// The run's live model: engine events fold into a RunModel and ask for a frame, at most one per
// FRAME_MS (the spinner of a running step asks through the same throttle: see use-ticker), drawn
// after any key already read (lib/key-priority.ts). While the process is busy (a step flooding its
// output), frames come BUSY_STRETCH times less often: the UI gives way to the output it shows.
import { performance } from 'node:perf_hooks';
import { useEffect, useRef, useState } from 'react';
import type { RunController } from '../../../engine/execution/run-api.js';
import { RunModel } from '../lib/run-model.js';
import { FrameThrottle } from '../lib/output-buffer.js';
import { afterKeys } from '../lib/key-priority.js';

/**
 * 10 frames a second for what the engine changes: a frame of the whole screen costs Ink 5–20 ms (far
 * more on a busy machine), time taken from the step's output and from the keys. Keys draw at once.
 */
export const FRAME_MS = 100;

/**
 * Since the last frame, the event loop was busy this share of the time or more: a step is flooding
 * its output (the 64 MB flood keeps it 60-90% busy reading, logging and drawing; a spinner and a
 * few lines a second, a few percent), and each frame, tens of ms of React and Ink then, is taken
 * from the output. Measured on that flood (one profile each): 9 renders (the help key's included)
 * and 207 ms of React's work while it ran before, 6 and 124 ms with the stretch.
 */
const BUSY = 0.5;
/** How much longer the next frame waits then (FRAME_MS × 3: ~3 frames a second). */
const BUSY_STRETCH = 3;

/** The stretch of the next frame's interval: BUSY_STRETCH after a busy interval, otherwise 1. */
function busyStretch(): () => number {
  let since = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, since).utilization >= BUSY;
    since = now;
    return busy ? BUSY_STRETCH : 1;
  };
}

export interface LiveRun {
  model: RunModel;
  /** Frames drawn for the engine and the spinner so far (the spinner's phase). */
  frame: number;
  /** Ask for a frame (coalesced with the engine's). */
  requestFrame: () => void;
}

/** The RunModel of `controller`, created once; the component re-renders on its throttled frames. */
export function useRunModel(controller: RunController): LiveRun {
  const [frame, setFrame] = useState(0);
  const holder = useRef<{ model: RunModel; throttle: FrameThrottle; requestFrame: () => void } | null>(null);
  if (!holder.current) {
    const throttle = new FrameThrottle(() => afterKeys(() => setFrame((f) => f + 1)), FRAME_MS, busyStretch());
    const requestFrame = () => throttle.request();
    holder.current = { model: new RunModel(controller, requestFrame), throttle, requestFrame };
  }
  const { model, throttle, requestFrame } = holder.current;
  useEffect(
    () => () => {
      model.dispose();
      throttle.dispose();
    },
    [model, throttle],
  );
  return { model, frame, requestFrame };
}
