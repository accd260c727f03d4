// What Linux's /proc says of a process (proc(5)); elsewhere nothing is known and callers fall back.
import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/PID/stat after the command name, which may itself hold spaces and
 * parentheses: [0] is proc(5)'s field 3 (the state), [2] field 5 (the process group), [19] field 22
 * (the start time). Undefined when there is no such process or no /proc.
 */
export function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * When process `pid` started, in clock ticks since the machine booted: with bootId, it tells a
 * process from a later one given the same id.
 */
export function processStart(pid: number): number | undefined {
  const start = Number(procStat(pid)?.[19]);
  return Number.isSafeInteger(start) ? start : undefined;
}

/** This boot of the machine: a new random id at every boot. */
export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim() || undefined;
  } catch {
    return undefined;
  }
}
