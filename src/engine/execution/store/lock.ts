// One runner per run: a lock file in the run directory, created atomically, holding who runs it.
// A lock left by a process that is gone (on this host) is taken over.
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../../core/errors.js';
import { LOCK_FILE, removeLeftovers, storageGuard } from './state.js';
import { bootId, processStart } from '../../core/proc.js';

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  /**
   * The machine's boot and the holder's start time in it (Linux): a process id is given to a new
   * process again (soon after a reboot), so the id alone cannot tell whether the holder still runs.
   * Absent in locks of earlier versions, and where /proc is not.
   */
  boot?: string;
  start?: number;
}

export interface Lock {
  info: LockInfo;
  /** The dead runner whose lock was taken over, if any, and when it was found dead. */
  takenOverFrom?: LockInfo & { foundDeadAt: string };
  release(): void;
}

export function acquireLock(runDir: string, runId: string): Lock {
  const file = join(runDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString(), boot: bootId(), start: processStart(process.pid) };
  let takenOverFrom: Lock['takenOverFrom'];
  for (let tries = 0; tries < 5; tries++) {
    if (create(file, info)) {
      removeLeftovers(runDir);
      return lock(file, info, takenOverFrom);
    }
    const holder = readLock(file);
    if (holder === 'unreadable') {
      // Probably being written this very moment by another runner: look again shortly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    if (!holder) continue; // released in between
    if (!isStale(holder)) {
      throw new UserError('error.locked', { runId, pid: holder.pid, host: holder.host, since: holder.since }, { key: 'hint.locked', vars: { file } });
    }
    const foundDeadAt = new Date().toISOString();
    if (removeStale(file, holder)) takenOverFrom = { pid: holder.pid, host: holder.host, since: holder.since, foundDeadAt };
  }
  throw new UserError('error.lockUnreadable', { runId, file }, { key: 'hint.lockUnreadable', vars: { file } });
}

/** The holder of a lock; undefined when there is none. */
export function readLock(file: string): LockInfo | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unreadable';
  }
  try {
    const { pid, host, since, boot, start } = JSON.parse(text) as Record<string, unknown>;
    if (typeof pid === 'number' && typeof host === 'string' && typeof since === 'string') {
      return { pid, host, since, ...(typeof boot === 'string' && { boot }), ...(Number.isSafeInteger(start) && { start: start as number }) };
    }
  } catch { /* below */ }
  return 'unreadable';
}

/**
 * A lock on this host whose holder is gone: its process id is free, or it is another process's now
 * (started at another time, or in an earlier boot). Another host's lock cannot be checked.
 */
export function isStale(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return false;
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return true;
    // EPERM: the id is another user's process, which may be the holder's id given again: see below.
  }
  const start = processStart(holder.pid);
  return holder.start !== undefined && start !== undefined && start !== holder.start;
}

function create(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  storageGuard(file, () => {
    try {
      writeSync(fd, `${JSON.stringify(info)}\n`);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      unlinkSync(file);
      throw e;
    }
    closeSync(fd);
  });
  return true;
}

/**
 * Move the stale lock aside (rename is atomic, so of two runners taking over only one gets it),
 * check that what was moved is the stale lock and not a fresh one, and put a fresh one back.
 */
function removeStale(file: string, holder: LockInfo): boolean {
  const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch {
    return false;
  }
  const moved = readLock(aside);
  if (typeof moved !== 'object' || moved.pid !== holder.pid || moved.since !== holder.since) {
    try { linkSync(aside, file); } catch { /* someone else holds it now; we retry and see them */ }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

function lock(file: string, info: LockInfo, takenOverFrom: Lock['takenOverFrom']): Lock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Remove it only while it is still ours.
    const current = readLock(file);
    if (typeof current === 'object' && current.pid === info.pid && current.since === info.since) {
      try { unlinkSync(file); } catch { /* already gone */ }
    }
  };
  process.on('exit', release);
  return { info, takenOverFrom, release };
}
