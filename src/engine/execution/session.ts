// RunSession: the execution core behind both faces (plain reporter and Ink UI), the one
// RunController. It decides what comes next and applies the operator's decisions; opening a run
// (open-run.ts), one step's attempt (attempt.ts), the step environment (environment.ts) and the
// run on disk (run-record.ts) are each in a module of their own.
import { join } from 'node:path';
import { type Runbook, type Step, type Lang, pick, EXECUTABLE_KINDS } from '../document/model.js';
import type { PlannedStep } from '../plan/plan.js';
import { planRun } from '../plan/plan-run.js';
import { type ParamValues } from '../plan/params.js';
import type { Selection } from '../plan/select.js';
import { stepEnvironment, resolveCwd, type CwdResult } from './environment.js';
import { readStepLog, type StepLog } from './store/step-log.js';
import type { Pending, RunController, RunEvent, RunState, StepState, StepStatus, ResumeReport } from './run-api.js';
import { Secrets } from './secrets.js';
import { attemptStep, type AttemptContext, type Busy } from './attempt.js';
import { createRun, reopenRun, type OpenedRun } from './open-run.js';
import { runRehearsalSetup } from './rehearsal-setup.js';
import { startToolboxServer, type ToolboxServer } from './toolbox-server.js';
import { operator } from './operator.js';
import { checkParamValues } from './inputs.js';
import { Captures } from './captures.js';
import type { RunRecord } from './run-record.js';
import { DONE } from './store/state.js';
import { nowIso, sleep } from '../core/clock.js';
import { PROJECT_ROOT, selfCommand } from '../core/env.js';
import { translator, type RunKey, type Vars } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';

export interface OpenRunOptions {
  runbook: Runbook;
  /** The state root (see stateRoot()); runs live in its runs/ directory. */
  stateRoot: string;
  lang: Lang;
  /**
   * Param values, secrets included: secrets are kept in memory only. When resuming, the values
   * stored with the run win; these fill in secrets and params the run does not have yet.
   */
  params: ParamValues;
  /** Continue this run instead of starting a new one. */
  resume?: string;
  /** A new run against the simulated toolbox (a resumed run keeps what it was). */
  rehearsal?: boolean;
  /** --from / --only; stored with the run; given on resume, it replaces the stored one. */
  selection?: Selection;
  /** --confirm: manual steps among these are stored with the run and confirmed when reached. */
  confirm?: string[];
  /** Resume only: params the operator gave new values (refused when a done step depends on one, unless rerunChanged). */
  paramChanges?: ParamValues;
  /** Resume only: done steps that depend on a changed param run again. */
  rerunChanged?: boolean;
  /** Between SIGTERM and SIGKILL when a step's group is stopped. */
  killGraceMs?: number;
  /** Between the automatic attempts of a step with `retries`. */
  retryDelayMs?: number;
  /** The environment steps inherit (default: the runner's own). */
  env?: NodeJS.ProcessEnv;
  /** Holds rehearsal/bin and rehearsal/setup. */
  projectRoot?: string;
}

/**
 * The 'state' event of a checkpoint. Its snapshot is taken when a listener reads it (on arrival), not
 * for every checkpoint: the plain face never reads it, and a clone per checkpoint grows with the run
 * (300 steps: 600 clones of a 300-entry state).
 */
function stateEvent(state: RunState): RunEvent {
  let snapshot: RunState | undefined;
  return { type: 'state', get state() { return (snapshot ??= structuredClone(state)); } };
}

/** Start a run or continue one: takes the lock, saves the state, runs the rehearsal setup. */
export async function openRun(opts: OpenRunOptions): Promise<RunSession> {
  checkParamValues(opts.runbook, opts.params);
  const by = operator(opts.env);
  const opened = opts.resume ? reopenRun(opts, opts.resume, by) : createRun(opts, by);
  const session = new RunSession(opts, opened, by);
  try {
    await session.rehearsalSetup();
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}


export class RunSession implements RunController, AttemptContext {
  readonly runbook: Runbook;
  readonly state: RunState;
  readonly runDir: string;
  readonly resumeReport?: ResumeReport;
  readonly record: RunRecord;
  readonly secrets: Secrets;
  readonly killGraceMs: number;
  readonly captures: Captures;
  private readonly params: ParamValues;
  private readonly opts: OpenRunOptions;
  private readonly listeners = new Set<(e: RunEvent) => void | Promise<void>>();
  /** A listener asked to hold the output until this resolves (see RunController.on). */
  private drain: Promise<void> | undefined;
  private busy: Busy | undefined;
  private closed = false;
  /** Set once the terminal is gone (see detach); resolves when the run is paused and released. */
  private headless: Promise<void> | undefined;
  /** Resolves when the terminal goes: a face's backpressure no longer holds the step's output. */
  private terminalLost!: () => void;
  private readonly lost = new Promise<void>((resolve) => (this.terminalLost = resolve));
  /**
   * The runner's environment, read once: enumerating process.env asks the C library for every
   * variable, and a step's environment is built from it twice a step (0.2 ms each).
   */
  private readonly runnerEnv: NodeJS.ProcessEnv;
  /** A rehearsal's simulated toolbox, answered by this process (see toolbox-server.ts). */
  private toolbox: ToolboxServer | undefined;

  /** Use openRun(), which also runs the rehearsal setup. */
  constructor(opts: OpenRunOptions, opened: OpenedRun, readonly by: string) {
    this.opts = opts;
    this.runbook = opts.runbook;
    this.record = opened.record;
    this.state = opened.record.state;
    this.runDir = opened.record.runDir;
    this.params = opened.params;
    this.resumeReport = opened.report;
    this.secrets = Secrets.fromParams(opts.runbook.params, opened.params);
    this.captures = new Captures(this.state, this.secrets, (k, v) => this.t(k, v));
    this.killGraceMs = opts.killGraceMs ?? 5000;
    this.runnerEnv = { ...(opts.env ?? process.env) };
    this.record.onSave = (state) => this.emit(stateEvent(state));
  }

  // ---- RunController ----

  plan(): PlannedStep[] {
    return planRun(this.runbook, this.params, { lang: this.state.lang, captures: this.captures.all(), selection: this.state.selection }, (k, v) => this.t(k, v));
  }

  pending(): Pending {
    for (const planned of this.plan()) {
      const st = this.stepState(planned.step.id);
      if (this.busy?.stepId === st.id) return { kind: 'ready', planned };
      if (DONE.includes(st.status)) {
        if (st.hash !== planned.step.hash) return { kind: 'changed', planned };
        continue;
      }
      if (st.status === 'pending' && planned.included !== true) {
        if (!this.headless) this.autoSkip(st, planned);
        continue;
      }
      if (st.status === 'pending' && planned.step.kind === 'manual' && this.state.confirm?.includes(st.id) && !this.headless) {
        this.confirmNow(st.id, this.t('reason.confirmFlag'));
        continue;
      }
      if (st.status === 'failed') return { kind: 'failed', planned };
      if (st.status === 'interrupted' || st.status === 'running') return { kind: 'interrupted', planned };
      return { kind: planned.step.kind === 'manual' ? 'manual' : 'ready', planned };
    }
    if (!this.busy && !this.headless && this.state.status !== 'succeeded') {
      this.state.status = 'succeeded';
      this.save();
      this.record.record('run-finished', { status: 'succeeded', durationMs: Date.now() - Date.parse(this.state.startedAt) });
    }
    return { kind: 'done' };
  }

  on(listener: (event: RunEvent) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async runStep(stepId: string): Promise<StepStatus> {
    if (this.headless) return frozen();
    if (this.busy) throw new Error(`step "${this.busy.stepId}" is running`);
    const step = this.step(stepId);
    if (!EXECUTABLE_KINDS.includes(step.kind)) throw new Error(`step "${stepId}" is ${step.kind}; confirm it instead`);
    const abort = new AbortController();
    const busy: Busy = { stepId, abort, done: Promise.resolve('pending') };
    this.busy = busy;
    busy.done = (async () => {
      try {
        const attempts = step.kind === 'wait' ? 1 : step.retries + 1;
        for (let i = 1; ; i++) {
          const status = await attemptStep(this, step, busy);
          if (status !== 'failed' || i >= attempts || busy.stop) return status;
          await sleep(this.opts.retryDelayMs ?? 1000, abort.signal);
          if (busy.stop) return status;
        }
      } finally {
        this.busy = undefined;
      }
    })();
    // A face whose terminal went away during the step gets no answer: it must not go on.
    return busy.done.then((status) => (this.headless ? frozen() : status));
  }

  async confirm(stepId: string, reason?: string): Promise<void> {
    if (this.headless) return frozen();
    this.confirmNow(stepId, reason);
  }

  private confirmNow(stepId: string, reason?: string): void {
    const st = this.decidable(stepId);
    const overridden = st.status === 'failed';
    const prev = st.status;
    Object.assign(st, { status: 'confirmed', confirmedBy: this.by, by: this.by, endedAt: nowIso(), hash: this.step(stepId).hash });
    if (reason) st.reason = this.secrets.mask(reason);
    else delete st.reason;
    this.resumeIfStopped();
    this.save();
    this.record.record(overridden ? 'step-overridden' : 'step-confirmed', { step: stepId, from: prev, by: this.by, reason: st.reason });
    this.emit({ type: 'step-finished', stepId, status: 'confirmed', exitCode: st.exitCode, durationMs: 0, message: st.reason });
  }

  async skip(stepId: string, reason: string): Promise<void> {
    if (this.headless) return frozen();
    const st = this.decidable(stepId);
    const prev = st.status;
    Object.assign(st, { status: 'skipped', reason: this.secrets.mask(reason), by: this.by, endedAt: nowIso(), hash: this.step(stepId).hash });
    this.resumeIfStopped();
    this.save();
    this.record.record('step-skipped', { step: stepId, from: prev, by: this.by, reason: st.reason });
    this.emit({ type: 'step-finished', stepId, status: 'skipped', durationMs: 0, message: st.reason });
  }

  async interrupt(): Promise<void> {
    const busy = this.busy;
    if (busy) {
      // A second interrupt while the group is still going down: no more grace.
      const force = busy.stop === 'interrupt';
      busy.stop = 'interrupt';
      busy.abort.abort();
      busy.script?.stop('interrupt', force);
      await busy.done.catch(() => undefined);
    }
    if (this.closed) return;
    this.state.status = 'interrupted';
    this.save();
    this.record.record('run-interrupted', { by: this.by, step: busy?.stepId });
  }

  async pause(): Promise<void> {
    if (this.headless) return this.headless;
    if (this.busy) throw new Error(`step "${this.busy.stepId}" is running; interrupt it first`);
    this.state.status = 'paused';
    this.save();
    this.record.record('run-paused', { by: this.by, step: this.currentStepId() });
  }

  async abort(reason?: string): Promise<void> {
    if (this.headless) return frozen();
    if (this.busy) await this.interrupt();
    this.state.status = 'aborted';
    this.save();
    this.record.record('run-aborted', { by: this.by, step: this.currentStepId(), reason: reason && this.secrets.mask(reason) });
  }

  async setLang(lang: Lang): Promise<void> {
    if (!this.runbook.languages.includes(lang)) throw new Error(`language "${lang}" is not one of ${this.runbook.languages.join(', ')}`);
    if (lang === this.state.lang) return;
    const from = this.state.lang;
    this.state.lang = lang;
    this.save();
    this.record.record('lang-changed', { from, to: lang, by: this.by });
  }

  async detach(reason: string): Promise<void> {
    if (this.headless) return this.headless;
    if (this.closed) return;
    const busy = this.busy;
    // Nobody is looking any more: the output goes to the log only, and nothing waits for a reader.
    this.listeners.clear();
    this.terminalLost();
    this.record.record('terminal-lost', { by: this.by, pid: process.pid, reason, step: busy?.stepId });
    this.headless = (async () => {
      await busy?.done.catch(() => undefined);
      // A stop asked for meanwhile (SIGTERM) was recorded by interrupt() itself.
      if (!this.closed && busy?.stop !== 'interrupt') {
        this.state.status = 'paused';
        this.save();
        this.record.record('run-paused', { by: this.by, step: busy?.stepId ?? this.currentStepId(), reason: 'terminal-lost' });
      }
      await this.release();
    })();
    return this.headless;
  }

  async close(): Promise<void> {
    if (this.headless) return this.headless;
    return this.release();
  }

  private async release(): Promise<void> {
    if (this.closed) return;
    if (this.busy) await this.interrupt();
    this.closed = true;
    try {
      // Leaving without a decision keeps the run resumable, saying why it stopped.
      if (this.state.status === 'running') {
        const next = this.state.steps.find((s) => s.status === 'failed' || s.status === 'interrupted');
        this.state.status = next?.status === 'failed' ? 'failed' : next ? 'interrupted' : 'paused';
        this.save();
        this.record.record('run-left', { status: this.state.status, step: this.currentStepId() });
      }
    } catch {
      // The disk is full: what was saved last stays, and resume copes with a "running" state.
    } finally {
      this.record.close();
      await this.toolbox?.stop();
    }
  }

  stepTitle(step: Step): string {
    const { text, fallback } = pick(step.title, this.state.lang, this.runbook.languages);
    return fallback ? `${text} (${this.t('title.untranslated')})` : text;
  }

  // ---- extras for the faces ----

  /** Where a step's output is logged. */
  logPath(stepId: string): string {
    return this.record.logPath(stepId);
  }

  readLog(stepId: string): StepLog {
    return readStepLog(this.runDir, stepId);
  }

  workingDir(stepId: string): CwdResult {
    return resolveCwd(this.step(stepId).cwd, this.stepEnv(stepId), this.record.workdir);
  }

  /** The rehearsal sandbox (runs/RUN_ID/rehearsal). */
  get sandbox(): string {
    return this.record.sandbox;
  }

  // ---- for attempts (AttemptContext) ----

  /** The environment a step (or the rehearsal setup) runs with. */
  stepEnv(stepId?: string): Record<string, string> {
    return stepEnvironment({
      base: this.runnerEnv,
      runbook: this.runbook,
      params: this.params,
      captures: this.captures.all(),
      lang: this.state.lang,
      runId: this.state.runId,
      rehearsal: this.state.rehearsal ? { sandbox: this.sandbox, toolbox: join(this.projectRoot, 'rehearsal', 'bin'), self: selfCommand(), server: this.toolbox?.address } : undefined,
    }, stepId);
  }

  emit(event: RunEvent): void {
    for (const l of this.listeners) {
      const wait = l(event);
      // Only a Promise counts: a listener written as `(e) => list.push(e)` returns a number.
      if (wait instanceof Promise && wait !== this.drain) this.drain = this.drain ? Promise.all([this.drain, wait]).then(() => undefined) : wait;
    }
  }

  takeDrain(): Promise<void> | undefined {
    const drain = this.drain;
    this.drain = undefined;
    // A reader that went with the terminal would hold the step's output (and so the step) forever.
    return drain && Promise.race([drain, this.lost]);
  }

  t(key: RunKey, vars?: Vars): string {
    return translator(runCatalog, this.state.lang)(key, vars);
  }

  /** Run rehearsal/setup once (called by openRun) before the first step of this run or resume. */
  async rehearsalSetup(): Promise<void> {
    if (!this.state.rehearsal) return;
    // RUNBOOK_REHEARSAL_SERVE=0: each simulated command in a process of its own, as in a release
    if (this.runnerEnv.RUNBOOK_REHEARSAL_SERVE !== '0') this.toolbox = await startToolboxServer(this.projectRoot);
    await runRehearsalSetup({ record: this.record, projectRoot: this.projectRoot, env: this.stepEnv(), secrets: this.secrets, killGraceMs: this.killGraceMs });
  }

  // ---- internals ----

  private get projectRoot(): string {
    return this.opts.projectRoot ?? PROJECT_ROOT;
  }

  /** A step excluded by its condition (not applicable) or by --from/--only, recorded as `skipped`. */
  private autoSkip(st: StepState, planned: PlannedStep): void {
    const reason = planned.reason ?? '';
    Object.assign(st, { status: 'skipped', reason, endedAt: nowIso(), hash: this.step(st.id).hash });
    if (planned.excludedBy === 'condition') st.notApplicable = true;
    this.save();
    this.record.record('step-skipped', { step: st.id, reason, auto: true, ...(st.notApplicable ? { notApplicable: true } : {}) });
    this.emit({ type: 'step-finished', stepId: st.id, status: 'skipped', durationMs: 0, message: reason });
  }

  /** A step an operator may decide on now. */
  private decidable(stepId: string): StepState {
    this.step(stepId);
    if (this.busy?.stepId === stepId) throw new Error(`step "${stepId}" is running`);
    return this.stepState(stepId);
  }

  /** A decision after a failure or a stop puts the run back in motion. */
  private resumeIfStopped(): void {
    if (this.state.status !== 'succeeded' && this.state.status !== 'aborted') this.state.status = 'running';
  }

  private currentStepId(): string | undefined {
    return this.busy?.stepId ?? this.state.steps.find((s) => !DONE.includes(s.status))?.id;
  }

  private step(stepId: string): Step {
    const step = this.runbook.steps.find((s) => s.id === stepId);
    if (!step) throw new Error(`no step "${stepId}" in ${this.runbook.id}`);
    return step;
  }

  private stepState(stepId: string): StepState {
    return this.state.steps.find((s) => s.id === stepId)!;
  }

  private save(): void {
    this.record.save();
  }
}

/** The answer a face gets once the run is headless: none, ever (the runner ends without it). */
function frozen<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
