// Reading a step's log back (logs/STEP.log: every attempt's output, secrets already masked, between
// `# runbook …` and `# <status>` marker lines) for the faces: evidence for a later step, the output of
// an interrupted step after resume, a finished step opened from the outline.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { logPath } from './state.js';

/** How much of the end of a log is read back (the whole file is for a pager). */
export const LOG_TAIL_BYTES = 512 * 1024;

export interface StepLog {
  path: string;
  /** The log's last lines (all of them when it is small); empty when the step never ran. */
  lines: string[];
  /** Bytes left out at the start (0: the whole log). */
  skippedBytes: number;
}

export function readStepLog(runDir: string, stepId: string, maxBytes = LOG_TAIL_BYTES): StepLog {
  const path = logPath(runDir, stepId);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { path, lines: [], skippedBytes: 0 };
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, start + got);
      if (n <= 0) break;
      got += n;
    }
    let text = buf.subarray(0, got).toString('utf8');
    // A tail starts mid-line: drop the partial first line.
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { path, lines, skippedBytes: start };
  } finally {
    closeSync(fd);
  }
}
