// The runner's watchdog: when the runner dies, even by kill -9, the process groups of the steps it
// was running are terminated, not left running unseen. One small bash per runner, started at the
// first step in its own session (so the operator's Ctrl-C or a lost terminal never reaches it),
// holds the other end of a pipe from the runner. The runner writes "+GROUP" as a step's process
// group starts and "-GROUP" once it is gone; when the pipe ends, because the runner exited or died,
// the watchdog sends SIGTERM to every group still listed. One per runner rather than one per step:
// a watchdog forked beside every step, and the second bash it took, cost 8 ms a step.
import { spawn, type ChildProcess } from 'node:child_process';

const WATCH = 'declare -A g; while read -r l; do case $l in +*) g[${l#+}]=1;; -*) unset "g[${l#-}]";; esac; done; for p in "${!g[@]}"; do kill -TERM -- "-$p"; done 2>/dev/null';

let watchdog: ChildProcess | undefined;

/** The watchdog, started on first use; it never keeps the runner alive. */
function running(): ChildProcess {
  if (watchdog) return watchdog;
  const child = spawn('bash', ['--noprofile', '--norc', '-c', WATCH], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => { /* bash missing: the step's own spawn reports it */ });
  child.stdin!.on('error', () => { /* gone: nothing left to guard */ });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  watchdog = child;
  return child;
}

/** Process group `pid` is terminated if the runner dies before `release(pid)`. */
export function guard(pid: number): void {
  running().stdin!.write(`+${pid}\n`);
}

/** Process group `pid` is gone: the watchdog forgets it (a later group may reuse the number). */
export function release(pid: number): void {
  watchdog?.stdin!.write(`-${pid}\n`);
}
