// The run's live model: engine events fold into a RunModel and ask for a frame, at most one per
// FRAME_MS (the spinner of a running step asks through the same throttle: see use-ticker), drawn
// after any key already read (lib/key-priority.ts).
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
    const throttle = new FrameThrottle(() => afterKeys(() => setFrame((f) => f + 1)), FRAME_MS);
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
