// Keys before the engine's frames. A key reaches the screen only after two of React's scheduler tasks
// (key-pacer.ts: so that it meets the screen its predecessor produced); a frame the output asked for
// meanwhile, a whole-screen render, would run between them. Such frames therefore wait, at low
// priority, until no pacer holds a key that was already read.
import { unstable_scheduleCallback, unstable_LowPriority } from 'scheduler';

/** Pacers holding keys not yet handed over (one in practice: the terminal's). */
const holding = new Set<object>();
/** Frames asked for while keys were held: drawn once the last of those keys is handed over. */
const heldFrames: (() => void)[] = [];

/** Run `draw` (a frame the engine asked for: output, the spinner) after the keys already read. */
export function afterKeys(draw: () => void): void {
  unstable_scheduleCallback(unstable_LowPriority, () => {
    if (holding.size > 0) heldFrames.push(draw);
    else draw();
  });
}

/** `pacer` holds keys (true) or has handed the last one over (false). */
export function holdingKeys(pacer: object, holds: boolean): void {
  if (holds) {
    holding.add(pacer);
    return;
  }
  holding.delete(pacer);
  if (holding.size === 0) for (const draw of heldFrames.splice(0)) afterKeys(draw);
}
