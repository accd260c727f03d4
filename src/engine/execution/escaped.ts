// Processes a step started that left its process group (setsid, a double fork into a daemon):
// killing the group does not reach them. They are found by the marker the runner put in the
// step's environment, which children inherit, by reading /proc (Linux; elsewhere none are found).
// Only processes this user may read are seen, which are the only ones a step of this user can start
// (unless it changes user, e.g. with sudo).
import { openSync, readSync, readdirSync, readFileSync } from 'node:fs';

export interface Escaped {
  pid: number;
  /** Its command line, cut to a readable length. */
  command: string;
}

const MAX_COMMAND = 80;

/**
 * Live processes whose environment holds `name=value`, other than those of process group `group`
 * (the step's, led by its first process). Process ids grow until they wrap around, so only ids
 * from the group's on are read: a scan costs little however busy the machine is (a process started
 * just after the id space wrapped is missed).
 */
export function escapedProcesses(name: string, value: string, group: number): Escaped[] {
  // No process created since the group's leader, so none can have left it: a step of builtins
  // (most checks) costs no scan, which took 0.3 ms a step on an idle machine and 2 ms on a busy one.
  if (lastPid() === group) return [];
  let pids: string[];
  try { pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n) && Number(n) > group); } catch { return []; }
  const marker = Buffer.from(`\0${name}=${value}\0`);
  const first = Buffer.from(`${name}=${value}\0`);
  const out: Escaped[] = [];
  for (const p of pids) {
    const pid = Number(p);
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${p}/environ`);
      if (env.indexOf(marker) < 0 && !env.subarray(0, first.length).equals(first)) continue;
      const stat = readFileSync(`/proc/${p}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || Number(fields[2]) === group) continue;
      const command = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      out.push({ pid, command: command.length > MAX_COMMAND ? `${command.slice(0, MAX_COMMAND - 1)}…` : command });
    } catch { /* gone meanwhile, or not ours to read */ }
  }
  return out;
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
