// The run on disk while a runner holds it: state.json saved atomically, every decision appended to
// the transcript, the lock held until close. One object so that no step can write one without the other.
import { join } from 'node:path';
import type { RunState } from './run-api.js';
import { Transcript, logPath, writeState } from './store/state.js';
import type { Lock } from './store/lock.js';
import { nowIso } from '../core/clock.js';

export class RunRecord {
  private readonly transcript: Transcript;

  /** Sees every saved state (the session forwards it to the faces). */
  onSave: (state: RunState) => void = () => undefined;

  constructor(readonly runDir: string, readonly state: RunState, private readonly lock: Lock) {
    this.transcript = new Transcript(runDir);
  }

  /** A checkpoint: the transcript so far on disk, then state.json replaced (temp file, fsync, rename). */
  save(): void {
    // The transcript first: a checkpoint never records a decision whose event a power cut could lose.
    this.transcript.flush();
    this.state.updatedAt = nowIso();
    writeState(this.runDir, this.state);
    this.onSave(this.state);
  }

  /** Append one event to transcript.jsonl. */
  record(event: string, data: Record<string, unknown>): void {
    this.transcript.append(event, { runId: this.state.runId, ...data });
  }

  /** Where a step's output is logged. */
  logPath(stepId: string): string {
    return logPath(this.runDir, stepId);
  }

  /** The rehearsal sandbox (runs/RUN_ID/rehearsal). */
  get sandbox(): string {
    return join(this.runDir, 'rehearsal');
  }

  /** The directory steps run in and relative `cwd`s start from: the sandbox, or where the run started. */
  get workdir(): string {
    return this.state.rehearsal ? this.sandbox : this.state.cwd ?? process.cwd();
  }

  /** Stop writing and let another runner take the run. */
  close(): void {
    this.transcript.close();
    this.lock.release();
  }
}
