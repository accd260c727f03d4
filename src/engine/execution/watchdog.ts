// The process groups of the steps a runner is running never outlive it. When it exits, for any
// reason, it kills them itself. When it dies, even by kill -9, its watchdog terminates them: one
// small bash per runner, started at the first step in its own session (so the operator's Ctrl-C or
// a lost terminal never reaches it), waits for the end of a pipe only the runner holds; the runner
// keeps the ids of its live groups in a private file. When the pipe ends, the watchdog sends SIGTERM
// to every group in the file and removes it. One per runner rather than a bash beside every step
// (8 ms a step), and a file rather than messages on the pipe, which woke it twice a step (0.6 ms).
// A step's group is known only once its bash has started, and a runner killed in between (a busy
// machine can hold it there for milliseconds) left that step running: so the file names the step
// being started, by the marker in its environment, until its group is known.
import { spawn } from 'node:child_process';
import { ftruncateSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * $1: the file of group ids, $2: its directory. `read` returns only at the pipe's end: nothing is ever
 * written to it. A line `env NAME=VALUE` is a step being started: every process whose environment
 * holds that marker is stopped, with its group when it leads one.
 */
const WATCH = `read -r _
while read -r g marker; do
  if [ "$g" != env ]; then kill -TERM -- "-$g"; continue; fi
  for e in /proc/[0-9]*/environ; do
    while IFS= read -r -d '' v; do
      if [ "$v" = "$marker" ]; then p=\${e#/proc/}; p=\${p%/environ}; kill -TERM -- "-$p" || kill -TERM "$p"; break; fi
    done < "$e"
  done
done < "$1" 2>/dev/null
rm -rf -- "$2"`;

/** Process groups still alive. */
const groups = new Set<number>();
/** The environment marker (NAME=VALUE) of the step being started, until its group is known. */
let starting: string | undefined;
/** The open file of group ids, once the watchdog runs. */
let list: number | undefined;

function start(): number {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-watchdog-'));
  const file = join(dir, 'groups');
  const fd = openSync(file, 'w', 0o600);
  const child = spawn('bash', ['--noprofile', '--norc', '-c', WATCH, 'runbook-watchdog', file, dir], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => { /* bash missing: the step's own spawn reports it */ });
  child.stdin!.on('error', () => { /* gone: nothing left to guard */ });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  process.on('exit', () => {
    for (const g of groups) killGroup(g, 'SIGKILL');
  });
  return fd;
}

/** The file holds exactly the live groups (a write at its start, then cut to length). */
function writeList(): void {
  // The watchdog starts with the first step's guardStarting(), before its bash: it guards a step from
  // its first instant. Throws when the file cannot be made: then no step may start.
  const fd = (list ??= start());
  const text = [...groups].map((g) => `${g}\n`).join('') + (starting ? `env ${starting}\n` : '');
  writeSync(fd, text, 0);
  ftruncateSync(fd, Buffer.byteLength(text));
}

/** Signal a whole process group; false when it is gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * A step is about to start with `marker` (NAME=VALUE) in its environment: until guard() knows its
 * group, the watchdog finds it by that. undefined: it did not start after all. Throws when the
 * watchdog cannot be started or told: the step must not start.
 */
export function guardStarting(marker: string | undefined): void {
  starting = marker;
  writeList();
}

/** Process group `pid` (the step being started) is killed if the runner exits or dies before `release(pid)`. */
export function guard(pid: number): void {
  groups.add(pid);
  starting = undefined;
  writeList();
}

/** Process group `pid` is gone: the watchdog forgets it (a later group may reuse the number). */
export function release(pid: number): void {
  groups.delete(pid);
  if (list !== undefined) writeList();
}
