// Processes a step started that left its process group (setsid, a double fork into a daemon):
// killing the group does not reach them. They are found by the marker the runner put in the
// step's environment, which children inherit, by reading /proc (Linux; elsewhere none are found).
// Only processes this user may read are seen, which are the only ones a step of this user can start
// (unless it changes user, e.g. with sudo).
import { openSync, readSync, readdirSync, readFileSync } from 'node:fs';
import { procStat } from '../core/proc.js';

export interface Escaped {
  pid: number;
  /** Its command line, cut to a readable length. */
  command: string;
}

const MAX_COMMAND = 80;

/** A step that ran this long may have seen the process ids go round (see `createdSince`). */
const WRAP_POSSIBLE_AFTER_MS = 1000;

/**
 * Live processes whose environment holds `name=value`, other than those of process group `group`
 * (the step's, led by its first process, which started `ranMs` milliseconds ago).
 */
export function escapedProcesses(name: string, value: string, group: number, ranMs: number): Escaped[] {
  const last = lastPid();
  // No process created since the group's leader, so none can have left it: a step of builtins
  // (most checks) costs no scan, which took 0.3 ms a step on an idle machine and 2 ms on a busy one.
  if (last === group) return [];
  let pids: string[];
  try { pids = createdSince(group, last, ranMs); } catch { return []; }
  const marker = Buffer.from(`\0${name}=${value}\0`);
  const first = Buffer.from(`${name}=${value}\0`);
  const out: Escaped[] = [];
  for (const p of pids) {
    const pid = Number(p);
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${p}/environ`);
      if (env.indexOf(marker) < 0 && !env.subarray(0, first.length).equals(first)) continue;
      const fields = procStat(pid);
      if (!fields || fields[0] === 'Z' || Number(fields[2]) === group) continue;
      const command = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      out.push({ pid, command: command.length > MAX_COMMAND ? `${command.slice(0, MAX_COMMAND - 1)}…` : command });
    } catch { /* gone meanwhile, or not ours to read */ }
  }
  return out;
}

/**
 * The ids of live processes that may have been created since process `group`. Ids grow until they
 * reach /proc/sys/kernel/pid_max (32768 on many machines), then start again at 300. So a short step
 * during which the counter did not wrap reads only the ids above its own, usually a few (reading
 * every one of 1,000 processes took 27 ms here). After a wrap (the last id is below the step's), or
 * after a step long enough for the counter to have gone round the whole space and past the step's
 * id again (a machine would have to start pid_max processes in a second), every one is read.
 */
function createdSince(group: number, last: number | undefined, ranMs: number): string[] {
  const all = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  const wrapped = last === undefined || last < group || ranMs >= WRAP_POSSIBLE_AFTER_MS;
  return wrapped ? all : all.filter((n) => Number(n) > group);
}

let loadavg: number | undefined;
const LOADAVG = Buffer.alloc(128);

/**
 * The id of the process created last in this pid namespace (the last field of /proc/loadavg), read
 * through a descriptor kept open: one read a step instead of readFileSync's open, stat, reads, close.
 */
function lastPid(): number | undefined {
  try {
    loadavg ??= openSync('/proc/loadavg', 'r');
    const n = readSync(loadavg, LOADAVG, 0, LOADAVG.length, 0);
    return Number(LOADAVG.toString('latin1', 0, n).trim().split(' ').pop());
  } catch {
    return undefined;
  }
}
