// The contract between the execution core (session.ts) and its two faces, the plain reporter and the
// Ink UI: every decision (run, skip, retry, confirm, override, leave, abort) is a call on RunController.
import type { Runbook, Step, Lang } from '../document/model.js';
import type { PlannedStep } from '../plan/plan.js';
import type { ParamValues } from '../plan/params.js';
import type { Selection } from '../plan/select.js';
import type { StepLog } from './store/step-log.js';
import type { CwdResult } from './environment.js';

export type { StepLog } from './store/step-log.js';
export type { CwdResult } from './environment.js';

import type { RunStatus, StepStatus, StepState, RunState } from './store/run-state.js';
export type { RunStatus, StepStatus, StepState, RunState };
export type { Selection };

/** What opening a resumed run found (RunController.resumeReport). */
export interface ResumeReport {
  /** sha256 of the runbook when the run last saved; differs from runbook.sha256 when the file changed. */
  sha256Before: string;
  /** Steps whose definition (kind, attributes, conditions, script) changed; done ones come back as Pending 'changed'. */
  changed: string[];
  /** Steps new in the runbook (pending) and steps no longer in it (dropped from the state). */
  added: string[];
  removed: string[];
  /** Steps found `running`: their runner died; now `interrupted`. */
  interrupted: string[];
  /** Steps run again: the capture they produced held a secret, so it was never saved. */
  recaptured?: { step: string; capture: string }[];
  /** Params given other values on this resume, and the done steps reset to run again because of them. */
  paramsChanged?: { names: string[]; rerun: string[] };
  /** The dead runner whose lock was taken over. */
  lockTakenOver?: { pid: number; host: string; since: string; foundDeadAt: string };
}

export type RunEvent =
  | { type: 'step-started'; stepId: string; attempt: number; logPath: string }
  /**
   * The lines of output of one chunk read, secrets already masked, decoded and safe for a terminal, as
   * one text of lines each ended by a newline (exec.ts: outputLines); `stream` says where they came from.
   */
  | { type: 'output'; stepId: string; stream: 'stdout' | 'stderr'; text: string }
  /** A wait step's poll finished without passing yet. */
  | { type: 'poll'; stepId: string; attempt: number; nextInMs: number }
  | { type: 'step-finished'; stepId: string; status: StepStatus; exitCode?: number; durationMs: number; message?: string }
  | { type: 'state'; state: RunState };

/** What the operator must decide about the current step. */
export type Pending =
  | { kind: 'ready'; planned: PlannedStep }          // an executable step to run
  | { kind: 'manual'; planned: PlannedStep }         // a manual step to confirm
  | { kind: 'failed'; planned: PlannedStep }         // retry, skip, override (check/wait) or leave
  | { kind: 'interrupted'; planned: PlannedStep }    // the runner died during it: rerun, mark done, or abort
  | { kind: 'changed'; planned: PlannedStep }        // done before, but its definition changed: rerun or keep
  | { kind: 'done' };                                // nothing left: the run succeeded

export interface RunController {
  readonly runbook: Runbook;
  readonly state: RunState;
  readonly runDir: string;
  /** Set when the run was resumed: what changed since it last ran. */
  readonly resumeReport?: ResumeReport;
  /** Steps in document order with inclusion, from the current params and captures. */
  plan(): PlannedStep[];
  /**
   * The next thing to decide. On the way it records steps excluded by a condition or by
   * --from/--only as `skipped` (with the reason), and 'done' marks the run `succeeded`.
   */
  pending(): Pending;
  /**
   * Subscribe to events; returns an unsubscribe function. A listener that cannot keep up with a
   * step's output (a slow pipe) may return a Promise from an 'output' event: the runner stops
   * reading the step's output until it resolves, so the step blocks on its pipe instead of the
   * runner holding its output in memory.
   */
  on(listener: (event: RunEvent) => void | Promise<void>): () => void;
  /**
   * Run (or retry) the current executable step; resolves when it ends (after its automatic
   * `retries`). Rejects with a UserError (StorageError) when the disk is full: the step is then
   * stopped and `interrupted`, and the run should end (exit 1).
   */
  runStep(stepId: string): Promise<StepStatus>;
  /** Confirm a manual step, override a failed step, or mark an interrupted/changed step done (status `confirmed`). */
  confirm(stepId: string, reason?: string): Promise<void>;
  /** Skip a step, with a recorded reason. */
  skip(stepId: string, reason: string): Promise<void>;
  /** Stop the running step's process group (Ctrl-C): step `interrupted`, run `interrupted`. */
  interrupt(): Promise<void>;
  /** Leave: run `paused`, resumable (exit 4). */
  pause(): Promise<void>;
  /** Give up: run `aborted` (exit 3). */
  abort(reason?: string): Promise<void>;
  /** Change the language of the run (recorded; the checkpoint does not depend on it). */
  setLang(lang: Lang): Promise<void>;
  /**
   * The terminal went away (a hang-up): the running step is not stopped. Its output goes to its log
   * only; when it ends (its result recorded as usual) the run is paused (resumable) and released.
   * Recorded as `terminal-lost` with `reason`. From then on decisions (runStep, confirm, skip,
   * abort) never settle, so a face cannot move on; pause and close wait for the release.
   */
  detach(reason: string): Promise<void>;
  /** Release the lock; always call. */
  close(): Promise<void>;
  /** Title of a step in the current language, with untranslated fallback marking. */
  stepTitle(step: Step): string;
  /** The end of a step's log (every attempt, secrets masked): evidence and output after resume. */
  readLog(stepId: string): StepLog;
  /** Where a step's command runs, resolved now ($PARAM, ~): a directory, or why there is none. */
  workingDir(stepId: string): CwdResult;
}

/** What `runbook run`/`resume` hand to the Ink UI (src/ui/tui/index.tsx: `export async function runTui(opts: TuiOptions): Promise<number>`). */
export interface TuiOptions {
  runbook: Runbook;
  lang: Lang;
  rehearsal: boolean;
  /** Params already known (flags, params file, defaults, rehearsal examples). */
  params: ParamValues;
  /** --yes: run, check and wait steps start without Enter (manual steps and failures still wait). */
  autoRun?: boolean;
  /** Params to ask for first, in order (a param's `when` may depend on earlier answers: re-check with paramApplies). */
  ask: import('../document/model.js').ParamDef[];
  /**
   * The param review before the first step (absent: none, as in tests of later screens). `resume`:
   * for the run being continued (its stored params count), else for a fresh run.
   */
  review?: {
    /** Every param that applies, with its value and source, given the operator's answers. */
    gather(answers: ParamValues, resume: boolean): import('../plan/param-sources.js').ParamSet;
    /** Done steps of the run being continued that depend on these params (none for a fresh run). */
    dependents(names: string[], resume: boolean): string[];
    /** --rerun-changed: such steps run again instead of the change being refused. */
    rerunChanged: boolean;
  };
  /** An unfinished run of the same runbook, offered for resuming (undefined: none, or --resume/--fresh decided). */
  resumable?: { runId: string; status: RunStatus; updatedAt: string; done: number; total: number };
  /**
   * Open the run once params are known: `resume` true continues `resumable`, false starts fresh.
   * When the command already decided (`runbook resume`, `run --resume`/`--fresh`), `resume` is ignored.
   * Secrets are passed here and never stored. Throws UserError (e.g. the run is locked by another runner).
   */
  open(params: ParamValues, resume: boolean): Promise<RunController>;
  /** Aborted when the terminal is gone (see RunController.detach): stop drawing. */
  terminalLost?: AbortSignal;
  /** Show a file in the operator's $PAGER, handing the terminal over until it quits; returns why it could not. Absent: no pager. */
  pager?: (file: string) => string | undefined;
}
