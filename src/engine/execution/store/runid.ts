// Run ids: sortable by time and readable by a person: `20261122-0315-upgrade-global-3f9c`
// (UTC date and minute, runbook id, 4 random hex digits against collisions within a minute).
import { randomBytes } from 'node:crypto';

export function newRunId(runbookId: string, now: Date = new Date()): string {
  const iso = now.toISOString(); // 2026-11-22T03:15:42.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  return `${stamp}-${runbookId}-${randomBytes(2).toString('hex')}`;
}

/** Run ids are directory names: refuse anything that could escape the runs directory. */
export function isRunId(s: string): boolean {
  return /^[0-9]{8}-[0-9]{4}-[a-z0-9-]+-[0-9a-f]{4}$/.test(s);
}
