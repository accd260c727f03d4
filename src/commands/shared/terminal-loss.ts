// What happens when the operator's terminal goes away (an SSH session drops): a hang-up (SIGHUP), or
// the terminal's input or output failing (EOF, EIO). The running step is never stopped for it: the
// run goes on headless (nothing written any more, the step's output still logged), and once the step
// ends the run is paused and released, exit 4; `runbook attach` takes it up from another terminal.
// The one place this is decided, for both faces.
import { closeSync, openSync } from 'node:fs';
import type { RunController } from '../../engine/execution/run-api.js';
import { EXIT } from '../../engine/core/errors.js';

export interface TerminalGuard {
  /** Aborted when the terminal is gone: a face that draws on its own (the Ink UI) stops. */
  readonly lost: AbortSignal;
  /** Stop watching. */
  dispose(): void;
}

/** Watch the terminal while a run is open in this process; `controller` is the open run, if any yet. */
export function guardTerminal(controller: () => RunController | undefined): TerminalGuard {
  const gone = new AbortController();
  const lost = (reason: string) => {
    if (gone.signal.aborted) return;
    silence();
    gone.abort();
    const c = controller();
    // Nothing was started yet (the params were being asked for): nothing to keep running.
    if (!c) process.exit(EXIT.interrupted);
    // Every face is frozen from here on (see RunController.detach); the process ends once the run is released.
    void c.detach(reason).finally(() => process.exit(c.state.status === 'interrupted' ? EXIT.interrupted : EXIT.paused));
  };
  const onHangUp = () => lost('SIGHUP');
  const onInputEnd = () => lost('EOF');
  const onError = (e?: NodeJS.ErrnoException) => lost(e?.code ?? 'EIO');
  // Only a terminal counts: input from /dev/null ends at once, and a closed pipe on stdout
  // (`runbook run … | head`) is the plain reporter's business (it stops writing, the run goes on).
  type Listener = (e?: NodeJS.ErrnoException) => void;
  const watched: [NodeJS.ReadStream | NodeJS.WriteStream, string, Listener][] = [];
  const watch = (stream: NodeJS.ReadStream | NodeJS.WriteStream, event: string, fn: Listener) => {
    stream.on(event, fn);
    watched.push([stream, event, fn]);
  };
  process.on('SIGHUP', onHangUp);
  if (process.stdin.isTTY) {
    watch(process.stdin, 'end', onInputEnd);
    watch(process.stdin, 'error', onError);
  }
  for (const out of [process.stdout, process.stderr]) if (out.isTTY) watch(out, 'error', onError);
  return {
    lost: gone.signal,
    dispose: () => {
      process.off('SIGHUP', onHangUp);
      for (const [stream, event, fn] of watched) stream.off(event, fn);
    },
  };
}

/** Whatever is still written (a frame of the UI, a line of the reporter) goes nowhere: the terminal is gone. */
function silence(): void {
  process.prependListener('exit', detachStdio);
  for (const out of [process.stdout, process.stderr]) {
    out.on('error', () => undefined);
    out.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof out.write;
  }
}

/**
 * Point fds 0-2 at /dev/null as the process exits. Node 20 restores the terminal's settings at exit
 * and aborts when the terminal has hung up (nodejs/node#51519, fixed in later Node releases); it
 * leaves alone a descriptor that no longer is the file it started with.
 */
function detachStdio(): void {
  for (const fd of [0, 1, 2]) {
    try {
      closeSync(fd);
      openSync('/dev/null', fd === 0 ? 'r' : 'w'); // the lowest free descriptor: `fd` again
    } catch {
      // nothing better to do while exiting
    }
  }
}
