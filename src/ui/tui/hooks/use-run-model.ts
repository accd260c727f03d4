// The run's live model: engine events fold into a RunModel and ask for at most one frame per 50 ms.
import { useEffect, useRef, useState } from 'react';
import type { RunController } from '../../../engine/execution/run-api.js';
import { RunModel } from '../lib/run-model.js';
import { FrameThrottle } from '../lib/output-buffer.js';

/** The RunModel of `controller`, created once; the component re-renders on its throttled frames. */
export function useRunModel(controller: RunController): RunModel {
  const [, setFrame] = useState(0);
  const holder = useRef<{ model: RunModel; throttle: FrameThrottle } | null>(null);
  if (!holder.current) {
    const throttle = new FrameThrottle(() => setFrame((f) => f + 1), 50);
    holder.current = { model: new RunModel(controller, () => throttle.request()), throttle };
  }
  const { model, throttle } = holder.current;
  useEffect(
    () => () => {
      model.dispose();
      throttle.dispose();
    },
    [model, throttle],
  );
  return model;
}
