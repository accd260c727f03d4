// What the UI knows about the run beyond RunController's getters: folded from RunEvents as they come.
// Plain data, no React: event handlers only mutate this and ask for a (throttled) frame.
import type { RunController, RunEvent, RunState, StepStatus } from '../../../engine/execution/run-api.js';
import { LineRing } from './output-buffer.js';

export interface Finished {
  status: StepStatus;
  durationMs: number;
  exitCode?: number;
  message?: string;
}

export class RunModel {
  readonly output = new LineRing();
  /** The step whose output `output` holds (the running one, or the last one that ran). */
  outputStepId: string | undefined;
  attempt = 0;
  logPath: string | undefined;
  runningId: string | undefined;
  /**
   * When the running step started and its next check is due, by the monotonic clock
   * (performance.now()): the wall clock may be stepped meanwhile (NTP). 0 before the first step.
   */
  private runningSince = 0;
  private poll: { attempt: number; nextAt: number } | undefined;
  readonly finished = new Map<string, Finished>();
  state: RunState;
  private readonly unsubscribe: () => void;

  constructor(
    controller: RunController,
    private readonly onChange: () => void,
  ) {
    this.state = controller.state;
    this.unsubscribe = controller.on((e) => this.handle(e));
  }

  handle(e: RunEvent): void {
    switch (e.type) {
      case 'output':
        if (e.stepId !== this.outputStepId) {
          this.output.clear();
          this.outputStepId = e.stepId;
        }
        this.output.pushText(e.text);
        break;
      case 'step-started':
        this.output.clear();
        this.outputStepId = e.stepId;
        this.attempt = e.attempt;
        this.logPath = e.logPath;
        this.runningId = e.stepId;
        this.runningSince = performance.now();
        this.poll = undefined;
        this.finished.delete(e.stepId);
        break;
      case 'poll':
        this.poll = { attempt: e.attempt, nextAt: performance.now() + e.nextInMs };
        break;
      case 'step-finished':
        if (this.runningId === e.stepId) this.runningId = undefined;
        this.poll = undefined;
        this.finished.set(e.stepId, { status: e.status, durationMs: e.durationMs, exitCode: e.exitCode, message: e.message });
        break;
      case 'state':
        this.state = e.state;
        break;
    }
    this.onChange();
  }

  /** How long the running step (or the last one) has run; undefined before any step started. */
  runningFor(): number | undefined {
    return this.runningSince ? performance.now() - this.runningSince : undefined;
  }

  /** The running wait step's last failed check, and the time until its next one. */
  nextCheck(): { attempt: number; inMs: number } | undefined {
    return this.poll && { attempt: this.poll.attempt, inMs: this.poll.nextAt - performance.now() };
  }

  dispose(): void {
    this.unsubscribe();
  }
}
