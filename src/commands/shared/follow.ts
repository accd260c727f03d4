// Watching a run that another process runs (`runbook logs -f`, `runbook attach`): who runs it, which
// step, and that step's log as it grows. Light on purpose: no Ink.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { RunState, StepState } from '../../engine/execution/run-api.js';
import { LOCK_FILE, STATE_FILE, TRANSCRIPT_FILE, readState } from '../../engine/execution/store/state.js';
import { readLock, isStale, type LockInfo } from '../../engine/execution/store/lock.js';
import { sleep } from '../../engine/core/clock.js';

/** How often a followed log, state or lock is looked at again. */
export const POLL_MS = 200;

/** The runner holding the run: the lock's holder while its process is there (another host's is assumed there). */
export function liveRunner(runDir: string): LockInfo | undefined {
  const holder = readLock(join(runDir, LOCK_FILE));
  return typeof holder === 'object' && !isStale(holder) ? holder : undefined;
}

/** A runner that lost its terminal and goes on headless: it recorded `terminal-lost` since it took the lock. */
export function isHeadless(runDir: string, runner: LockInfo): boolean {
  let text: string;
  try {
    text = readFileSync(join(runDir, TRANSCRIPT_FILE), 'utf8');
  } catch {
    return false;
  }
  return text.split('\n').some((line) => {
    if (!line.includes('"terminal-lost"')) return false;
    const e = JSON.parse(line) as { event?: string; pid?: number; ts?: string };
    return e.event === 'terminal-lost' && e.pid === runner.pid && (e.ts ?? '') >= runner.since;
  });
}

/** The step whose log is shown by default: the running one, else the one that started last. */
export function currentStep(state: RunState): StepState | undefined {
  const started = state.steps.filter((s) => s.startedAt).sort((a, b) => b.startedAt!.localeCompare(a.startedAt!));
  return state.steps.find((s) => s.status === 'running') ?? started[0];
}

/** Step `stepId` is running, and its runner is there. */
export function stepRunning(runDir: string, stepId: string): boolean {
  const st = readState(join(runDir, STATE_FILE)).steps.find((s) => s.id === stepId);
  return st?.status === 'running' && liveRunner(runDir) !== undefined;
}

/**
 * Copy `file` to `out`, then whatever is appended to it while `going()` says its writer is at it.
 * Ends early, quietly, when `out` is closed (`runbook logs -f | head`).
 */
export async function followLog(file: string, out: Writable, going: () => boolean): Promise<void> {
  let closed = false;
  const onError = () => (closed = true);
  out.on('error', onError);
  const buf = Buffer.alloc(64 * 1024);
  let fd: number | undefined;
  let pos = 0;
  try {
    while (!closed) {
      // Asked before reading, so what was written before the writer finished is still read below.
      const more = going();
      fd ??= existsSync(file) ? openSync(file, 'r') : undefined;
      for (let n: number; fd !== undefined && !closed && (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) {
        if (!out.write(Buffer.from(buf.subarray(0, n)))) await new Promise((resolve) => { out.once('drain', resolve); out.once('error', resolve); });
      }
      if (!more) return;
      await sleep(POLL_MS);
    }
  } finally {
    out.off('error', onError);
    if (fd !== undefined) closeSync(fd);
  }
}
