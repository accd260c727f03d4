// Ctrl-C on a running step asks first: the step may be an hours-long upgrade, and a key pressed by
// mistake must not stop it. A second Ctrl-C within STOP_CONFIRM_MS stops it, as one did before.
// Shared by both faces; no terminal I/O here.
export const STOP_CONFIRM_MS = 2000;

/**
 * A function to call on each Ctrl-C during a step: true when this press stops the step. Timed by the
 * monotonic clock: by a wall clock stepped back between them, two presses minutes apart would be
 * within the 2 s.
 */
export function stopConfirmation(now: () => number = () => performance.now()): () => boolean {
  let askedAt: number | undefined;
  return () => {
    const at = now();
    if (askedAt !== undefined && at - askedAt <= STOP_CONFIRM_MS) return true;
    askedAt = at;
    return false;
  };
}
