// The history of one run, read back from what the runner saved: state.json (where each step stands),
// transcript.jsonl (who did what, when, and why) and the step logs (what the commands printed).
// For `runbook report`; works while the run is still going (it only reads).
import { readFileSync, existsSync, openSync, readSync, fstatSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunState, StepState } from './run-state.js';
import { readState, STATE_FILE, TRANSCRIPT_FILE, logPath } from './state.js';

/** One line of transcript.jsonl. */
interface TranscriptEvent {
  ts: string;
  event: string;
  [key: string]: unknown;
}

/** One run of a step's commands (a wait step's polls are one attempt). */
export interface Attempt {
  attempt: number;
  startedAt: string;
  by?: string;
  status?: string;
  exitCode?: number;
  durationMs?: number;
  message?: string;
}

/** A decision on a step: who confirmed, skipped or overrode it, and why. `auto`: the runner decided (a condition). */
export interface Decision {
  action: 'confirmed' | 'overridden' | 'skipped';
  at: string;
  by?: string;
  reason?: string;
  auto: boolean;
}

/** Starts, resumes, pauses, interruptions and the end of the run, in order. */
export interface Session {
  event: string;
  at: string;
  by?: string;
  version?: string;
  reason?: string;
  status?: string;
}

export interface RunHistory {
  dir: string;
  state: RunState;
  sessions: Session[];
  attempts: Map<string, Attempt[]>;
  decisions: Map<string, Decision[]>;
  /** Last lines of each step's log (the runner's own `# …` lines left out); secrets were masked when written. */
  output: Map<string, { path: string; lines: string[] }>;
}

const OUTPUT_LINES = 15;
const TAIL_BYTES = 64 * 1024;
const SESSION_EVENTS = new Set(['run-started', 'run-resumed', 'run-paused', 'run-interrupted', 'run-aborted', 'run-finished', 'run-left']);

export function readRunHistory(dir: string): RunHistory {
  const state = readState(join(dir, STATE_FILE));
  const events = readTranscript(join(dir, TRANSCRIPT_FILE));
  const output = new Map<string, { path: string; lines: string[] }>();
  for (const step of state.steps) {
    const path = logPath(dir, step.id);
    if (existsSync(path)) output.set(step.id, { path, lines: logTail(path) });
  }
  return { dir, state, sessions: sessionsOf(events), attempts: attemptsOf(events), decisions: decisionsOf(events, state.steps), output };
}

/** Every complete line; a line being written right now (a run in progress) is left for the next report. */
function readTranscript(file: string): TranscriptEvent[] {
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { return []; }
  const out: TranscriptEvent[] = [];
  for (const line of text.split('\n')) {
    try {
      const e = JSON.parse(line) as TranscriptEvent;
      if (e && typeof e.event === 'string' && typeof e.ts === 'string') out.push(e);
    } catch { /* an incomplete last line */ }
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function sessionsOf(events: TranscriptEvent[]): Session[] {
  return events.filter((e) => SESSION_EVENTS.has(e.event)).map((e) => ({
    event: e.event, at: e.ts, by: str(e.by), version: str(e.version), reason: str(e.reason), status: str(e.status),
  }));
}

function attemptsOf(events: TranscriptEvent[]): Map<string, Attempt[]> {
  const out = new Map<string, Attempt[]>();
  for (const e of events) {
    const step = str(e.step);
    if (!step) continue;
    const list = out.get(step) ?? [];
    if (e.event === 'step-started') {
      list.push({ attempt: num(e.attempt) ?? list.length + 1, startedAt: e.ts, by: str(e.by) });
      out.set(step, list);
    } else if (e.event === 'step-finished') {
      const a = list.find((x) => x.attempt === num(e.attempt) && x.status === undefined) ?? list[list.length - 1];
      if (a) Object.assign(a, { status: str(e.status), exitCode: num(e.exitCode), durationMs: num(e.durationMs), message: str(e.message) });
    }
  }
  return out;
}

/**
 * Who confirmed, overrode or skipped each step and why. Today this is read from the transcript (state.json
 * keeps only the last confirmer and reason): the one place to change when the state records it per step.
 */
function decisionsOf(events: TranscriptEvent[], steps: StepState[]): Map<string, Decision[]> {
  const actions: Record<string, Decision['action']> = { 'step-confirmed': 'confirmed', 'step-overridden': 'overridden', 'step-skipped': 'skipped' };
  const out = new Map<string, Decision[]>();
  for (const e of events) {
    const action = actions[e.event];
    const step = str(e.step);
    if (!action || !step) continue;
    out.set(step, [...(out.get(step) ?? []), { action, at: e.ts, by: str(e.by), reason: str(e.reason), auto: e.auto === true }]);
  }
  // A transcript that lost its end (a full disk): what the state says is still a decision.
  for (const s of steps) {
    if (out.has(s.id) || (s.status !== 'confirmed' && s.status !== 'skipped')) continue;
    out.set(s.id, [{ action: s.status, at: s.endedAt ?? '', by: s.confirmedBy, reason: s.reason, auto: s.status === 'skipped' && !s.confirmedBy }]);
  }
  return out;
}

/** The last lines of a log, read from its end (logs of long steps are large). */
function logTail(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n');
    if (size > length) lines.shift(); // cut in the middle of a line
    const kept = lines.filter((l) => !/^# /.test(l)); // the runner's own lines: attempt, poll, outcome
    while (kept.length && kept[kept.length - 1]!.trim() === '') kept.pop();
    return kept.slice(-OUTPUT_LINES);
  } finally {
    closeSync(fd);
  }
}
