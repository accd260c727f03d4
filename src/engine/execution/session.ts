// RunSession: the execution core behind both faces (plain reporter and Ink UI). It owns the run
// directory while it holds its lock, saves state.json before and after every step, appends every
// decision to the transcript, and runs executable steps through exec.ts.
import { existsSync, mkdirSync, accessSync, writeFileSync, constants } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { type Runbook, type Step, type Lang, pick, EXECUTABLE_KINDS } from '../document/model.js';
import { planSteps, type ParamValues, type PlannedStep } from '../plan/plan.js';
import { stepEnvironment, resolveCwd, type CwdResult } from './environment.js';
import { readStepLog, type StepLog } from './store/step-log.js';
import type { Pending, RunController, RunEvent, RunState, StepState, StepStatus, ResumeReport, Selection } from './run-api.js';
import { Secrets, withoutSecrets, redacted } from './secrets.js';
import { startScript, bashArgv, type RunningScript, type ScriptResult } from './exec.js';
import {
  AppendFile, Transcript, StorageError, DONE, UNFINISHED, STATE_FILE, ensureDir, logPath, readState, runsDir, storageGuard, writeState,
} from './store/state.js';
import { acquireLock, type Lock } from './store/lock.js';
import { newRunId } from './store/runid.js';
import { formatDuration, nowIso, sleep } from '../core/clock.js';
import { UserError, EXIT } from '../core/errors.js';
import { PROJECT_ROOT } from '../core/env.js';
import { translator } from '../../i18n/index.js';
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
  /** Between SIGTERM and SIGKILL when a step's group is stopped. */
  killGraceMs?: number;
  /** Between the automatic attempts of a step with `retries`. */
  retryDelayMs?: number;
  /** The environment steps inherit (default: the runner's own). */
  env?: NodeJS.ProcessEnv;
  /** Holds rehearsal/bin and rehearsal/setup. */
  projectRoot?: string;
}

/** Start a run or continue one: takes the lock, saves the state, runs the rehearsal setup. */
export async function openRun(opts: OpenRunOptions): Promise<RunSession> {
  const session = opts.resume ? RunSession.resumed(opts, opts.resume) : RunSession.fresh(opts);
  try {
    await session.rehearsalSetup();
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}

/** Who decides: user@host, for the audit trail (with the sudo user when there is one). */
export function operator(env: NodeJS.ProcessEnv = process.env): string {
  let user: string;
  try { user = userInfo().username; } catch { user = env.USER ?? String(process.getuid?.() ?? '?'); }
  if (env.SUDO_USER && env.SUDO_USER !== user) user = `${env.SUDO_USER}(sudo ${user})`;
  return `${user}@${hostname()}`;
}

const SETUP_TIMEOUT_MS = 10 * 60_000;
const SETUP_TAIL_LINES = 40;

interface Busy {
  stepId: string;
  script?: RunningScript;
  stop?: 'interrupt';
  abort: AbortController;
  done: Promise<StepStatus>;
}

interface Outcome {
  status: StepStatus;
  exitCode?: number;
  message?: string;
  storageError?: StorageError;
}

export class RunSession implements RunController {
  readonly runbook: Runbook;
  readonly state: RunState;
  readonly runDir: string;
  readonly resumeReport?: ResumeReport;
  readonly by: string;
  private readonly params: ParamValues;
  private readonly secrets: Secrets;
  private readonly transcript: Transcript;
  private readonly lock: Lock;
  private readonly opts: OpenRunOptions;
  private readonly listeners = new Set<(e: RunEvent) => void | Promise<void>>();
  /** A listener asked to hold the output until this resolves (see RunController.on). */
  private drain: Promise<void> | undefined;
  private busy: Busy | undefined;
  private closed = false;

  private constructor(opts: OpenRunOptions, init: { state: RunState; runDir: string; lock: Lock; params: ParamValues; report?: ResumeReport }) {
    this.opts = opts;
    this.runbook = opts.runbook;
    this.state = init.state;
    this.runDir = init.runDir;
    this.lock = init.lock;
    this.params = init.params;
    this.resumeReport = init.report;
    this.secrets = Secrets.fromParams(opts.runbook.params, init.params);
    this.transcript = new Transcript(init.runDir);
    this.by = operator(opts.env);
  }

  /** Use openRun(), which also runs the rehearsal setup. */
  static fresh(opts: OpenRunOptions): RunSession {
    const { runbook } = opts;
    const runs = runsDir(opts.stateRoot);
    ensureDir(runs);
    let runId = '';
    let runDir = '';
    for (;;) {
      runId = newRunId(runbook.id);
      runDir = join(runs, runId);
      try {
        storageGuard(runDir, () => mkdirSync(runDir, { mode: 0o700 }));
        break;
      } catch (e) {
        if ((e as StorageError).errno?.code !== 'EEXIST') throw e;
      }
    }
    const lock = acquireLock(runDir, runId);
    const now = nowIso();
    const state: RunState = {
      version: 1,
      runId,
      runbook: { id: runbook.id, path: runbook.path, sha256: runbook.sha256 },
      lang: opts.lang,
      status: 'running',
      rehearsal: opts.rehearsal ?? false,
      startedAt: now,
      updatedAt: now,
      params: withoutSecrets(runbook.params, opts.params),
      secretParams: runbook.params.filter((p) => p.type === 'secret').map((p) => p.name),
      captures: {},
      steps: runbook.steps.map((s) => ({ id: s.id, kind: s.kind, status: 'pending', hash: s.hash, attempts: 0 })),
      ...(opts.selection ? { selection: opts.selection } : {}),
    };
    const session = new RunSession(opts, { state, runDir, lock, params: opts.params });
    session.guardOpen(() => {
      ensureDir(join(runDir, 'logs'));
      session.save();
      session.record('run-started', { runbook: state.runbook, lang: state.lang, rehearsal: state.rehearsal, by: session.by, pid: process.pid, selection: opts.selection });
      session.record('params-set', { params: redacted(runbook.params, opts.params) });
    });
    return session;
  }

  static resumed(opts: OpenRunOptions, runId: string): RunSession {
    const { runbook } = opts;
    const runDir = join(runsDir(opts.stateRoot), runId);
    const stateFile = join(runDir, STATE_FILE);
    if (!existsSync(stateFile)) throw new UserError('error.noRun', { runId, dir: runsDir(opts.stateRoot) }, { key: 'hint.status' });
    const lock = acquireLock(runDir, runId);
    try {
      const state = readState(stateFile);
      if (!UNFINISHED.includes(state.status)) throw new UserError('error.runFinished', { runId, status: state.status }, { key: 'hint.fresh', vars: { file: state.runbook.path } });
      if (state.runbook.id !== runbook.id) throw new UserError('error.otherRunbook', { runId, id: state.runbook.id, file: runbook.path, other: runbook.id });
      const params: ParamValues = { ...opts.params, ...state.params };
      const report = { ...reconcile(state, runbook), lockTakenOver: lock.takenOverFrom };
      const session = new RunSession(opts, { state, runDir, lock, params, report });
      session.guardOpen(() => {
        const langBefore = state.lang;
        state.lang = opts.lang;
        state.runbook = { id: runbook.id, path: runbook.path, sha256: runbook.sha256 };
        state.status = 'running';
        if (opts.selection) state.selection = opts.selection;
        const newParams = withoutSecrets(runbook.params, params);
        const newNames = Object.keys(newParams).filter((k) => !(k in state.params));
        state.params = newParams;
        ensureDir(join(runDir, 'logs'));
        session.save();
        session.record('run-resumed', { by: session.by, pid: process.pid, lang: state.lang, selection: opts.selection });
        if (report.lockTakenOver) session.record('lock-taken-over', { from: report.lockTakenOver });
        if (langBefore !== state.lang) session.record('lang-changed', { from: langBefore, to: state.lang, by: session.by });
        if (newNames.length) session.record('params-set', { params: redacted(runbook.params, Object.fromEntries(newNames.map((k) => [k, params[k]!]))) });
        if (report.sha256Before !== runbook.sha256) {
          const { sha256Before, changed, added, removed } = report;
          session.record('runbook-changed', { sha256Before, sha256After: runbook.sha256, changed, added, removed });
        }
        for (const id of report.interrupted) session.record('step-interrupted', { step: id, reason: 'runner-died' });
      });
      return session;
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  /** Anything failing while opening (after the lock is taken) releases the lock. */
  private guardOpen(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.transcript.close();
      this.lock.release();
      throw e;
    }
  }

  // ---- RunController ----

  plan(): PlannedStep[] {
    return selectSteps(planSteps(this.runbook, this.params, this.state.lang, this.state.captures), this.runbook, this.state.selection, (k, v) => this.t(k, v));
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
        this.autoSkip(st, planned.reason ?? '');
        continue;
      }
      if (st.status === 'failed') return { kind: 'failed', planned };
      if (st.status === 'interrupted' || st.status === 'running') return { kind: 'interrupted', planned };
      return { kind: planned.step.kind === 'manual' ? 'manual' : 'ready', planned };
    }
    if (!this.busy && this.state.status !== 'succeeded') {
      this.state.status = 'succeeded';
      this.save();
      this.record('run-finished', { status: 'succeeded', durationMs: Date.now() - Date.parse(this.state.startedAt) });
    }
    return { kind: 'done' };
  }

  on(listener: (event: RunEvent) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async runStep(stepId: string): Promise<StepStatus> {
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
          const status = await this.attempt(step, busy);
          if (status !== 'failed' || i >= attempts || busy.stop) return status;
          await sleep(this.opts.retryDelayMs ?? 1000, abort.signal);
          if (busy.stop) return status;
        }
      } finally {
        this.busy = undefined;
      }
    })();
    return busy.done;
  }

  async confirm(stepId: string, reason?: string): Promise<void> {
    const st = this.decidable(stepId);
    const overridden = st.status === 'failed';
    const prev = st.status;
    Object.assign(st, { status: 'confirmed', confirmedBy: this.by, endedAt: nowIso(), hash: this.step(stepId).hash });
    if (reason) st.reason = this.secrets.mask(reason);
    else delete st.reason;
    this.resumeIfStopped();
    this.save();
    this.record(overridden ? 'step-overridden' : 'step-confirmed', { step: stepId, from: prev, by: this.by, reason: st.reason });
    this.emit({ type: 'step-finished', stepId, status: 'confirmed', exitCode: st.exitCode, durationMs: 0, message: st.reason });
  }

  async skip(stepId: string, reason: string): Promise<void> {
    const st = this.decidable(stepId);
    const prev = st.status;
    Object.assign(st, { status: 'skipped', reason: this.secrets.mask(reason), endedAt: nowIso(), hash: this.step(stepId).hash });
    this.resumeIfStopped();
    this.save();
    this.record('step-skipped', { step: stepId, from: prev, by: this.by, reason: st.reason });
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
    this.record('run-interrupted', { by: this.by, step: busy?.stepId });
  }

  async pause(): Promise<void> {
    if (this.busy) throw new Error(`step "${this.busy.stepId}" is running; interrupt it first`);
    this.state.status = 'paused';
    this.save();
    this.record('run-paused', { by: this.by, step: this.currentStepId() });
  }

  async abort(reason?: string): Promise<void> {
    if (this.busy) await this.interrupt();
    this.state.status = 'aborted';
    this.save();
    this.record('run-aborted', { by: this.by, step: this.currentStepId(), reason: reason && this.secrets.mask(reason) });
  }

  async setLang(lang: Lang): Promise<void> {
    if (!this.runbook.languages.includes(lang)) throw new Error(`language "${lang}" is not one of ${this.runbook.languages.join(', ')}`);
    if (lang === this.state.lang) return;
    const from = this.state.lang;
    this.state.lang = lang;
    this.save();
    this.record('lang-changed', { from, to: lang, by: this.by });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.busy) await this.interrupt();
    this.closed = true;
    try {
      // Leaving without a decision keeps the run resumable, saying why it stopped.
      if (this.state.status === 'running') {
        const next = this.state.steps.find((s) => s.status === 'failed' || s.status === 'interrupted');
        this.state.status = next?.status === 'failed' ? 'failed' : next ? 'interrupted' : 'paused';
        this.save();
        this.record('run-left', { status: this.state.status, step: this.currentStepId() });
      }
    } catch {
      // The disk is full: what was saved last stays, and resume copes with a "running" state.
    } finally {
      this.transcript.close();
      this.lock.release();
    }
  }

  stepTitle(step: Step): string {
    const { text, fallback } = pick(step.title, this.state.lang, this.runbook.languages);
    return fallback ? `${text} (${this.t('title.untranslated')})` : text;
  }

  // ---- extras for the faces ----

  /** Where a step's output is logged. */
  logPath(stepId: string): string {
    return logPath(this.runDir, stepId);
  }

  readLog(stepId: string): StepLog {
    return readStepLog(this.runDir, stepId);
  }

  workingDir(stepId: string): CwdResult {
    return resolveCwd(this.step(stepId).cwd, this.stepEnv(stepId), this.state.rehearsal ? this.sandbox : process.cwd());
  }

  /** The rehearsal sandbox (runs/RUN_ID/rehearsal). */
  get sandbox(): string {
    return join(this.runDir, 'rehearsal');
  }

  // ---- internals ----

  /** The environment a step (or the rehearsal setup) runs with. */
  private stepEnv(stepId?: string): Record<string, string> {
    return stepEnvironment({
      base: this.opts.env ?? process.env,
      runbook: this.runbook,
      params: this.params,
      captures: this.state.captures,
      lang: this.state.lang,
      runId: this.state.runId,
      rehearsal: this.state.rehearsal ? { sandbox: this.sandbox, toolbox: join(this.opts.projectRoot ?? PROJECT_ROOT, 'rehearsal', 'bin') } : undefined,
    }, stepId);
  }

  /** Run rehearsal/setup once (called by openRun) before the first step of this run or resume. */
  async rehearsalSetup(): Promise<void> {
    if (!this.state.rehearsal) return;
    ensureDir(this.sandbox);
    const setup = join(this.opts.projectRoot ?? PROJECT_ROOT, 'rehearsal', 'setup');
    if (!existsSync(setup)) return;
    const lines: string[] = [];
    const log = new AppendFile(join(this.runDir, 'logs', 'rehearsal-setup.log'), false);
    let result: ScriptResult;
    try {
      const script = startScript({
        argv: isExecutable(setup) ? [setup] : ['bash', setup],
        env: this.stepEnv(),
        cwd: this.sandbox,
        timeoutMs: SETUP_TIMEOUT_MS,
        killGraceMs: this.opts.killGraceMs ?? 5000,
        secrets: this.secrets,
        log: (text) => log.write(text),
        onLine: (_stream, line) => { lines.push(line); if (lines.length > SETUP_TAIL_LINES) lines.shift(); },
      });
      result = await script.result;
    } finally {
      log.close();
    }
    this.record('rehearsal-setup', { exitCode: result.exitCode, signal: result.signal });
    if (result.storageError) throw result.storageError;
    if (result.exitCode !== 0) {
      this.state.status = 'failed';
      this.save();
      throw new UserError('error.rehearsalSetup', { file: setup, code: result.exitCode ?? result.signal ?? '?', output: lines.join('\n') || '-' }, { key: 'hint.rehearsalSetup', vars: { log: log.path } }, EXIT.failed);
    }
  }

  private async attempt(step: Step, busy: Busy): Promise<StepStatus> {
    const st = this.stepState(step.id);
    const started = Date.now();
    st.status = 'running';
    st.attempts += 1;
    st.startedAt = new Date(started).toISOString();
    st.hash = step.hash;
    delete st.exitCode;
    delete st.endedAt;
    delete st.reason;
    delete st.confirmedBy;
    this.state.status = 'running';
    this.save();
    this.record('step-started', { step: step.id, attempt: st.attempts, by: this.by });
    const log = new AppendFile(this.logPath(step.id), false);
    let outcome: Outcome;
    try {
      log.write(`# runbook ${this.state.runId}: step ${step.id}, attempt ${st.attempts}, ${st.startedAt}\n`);
      this.emit({ type: 'step-started', stepId: step.id, attempt: st.attempts, logPath: log.path });
      outcome = step.kind === 'wait' ? await this.waitUntil(step, busy, log) : await this.execute(step, busy, log, step.timeoutMs);
      log.write(`# ${outcome.status}${outcome.exitCode !== undefined ? `, exit ${outcome.exitCode}` : ''}${outcome.message ? `: ${outcome.message}` : ''} (${formatDuration(Date.now() - started)})\n`);
    } catch (e) {
      if (!(e instanceof StorageError)) throw e;
      outcome = { status: 'interrupted', message: this.t('msg.storage', { file: e.file, reason: String(e.vars.reason) }), storageError: e };
    } finally {
      log.close();
    }
    if (busy.stop === 'interrupt' && outcome.status !== 'succeeded') outcome = { ...outcome, status: 'interrupted', message: this.t('msg.interrupted') };
    const durationMs = Date.now() - started;
    st.status = outcome.status;
    st.endedAt = nowIso();
    if (outcome.exitCode !== undefined) st.exitCode = outcome.exitCode;
    this.state.status = outcome.status === 'failed' ? 'failed' : outcome.status === 'interrupted' ? 'interrupted' : 'running';
    try {
      this.save();
      this.record('step-finished', { step: step.id, attempt: st.attempts, status: outcome.status, exitCode: outcome.exitCode, durationMs, message: outcome.message });
    } catch (e) {
      if (!outcome.storageError) throw e;
    }
    this.emit({ type: 'step-finished', stepId: step.id, status: outcome.status, exitCode: outcome.exitCode, durationMs, message: outcome.message });
    if (outcome.storageError) throw outcome.storageError;
    return outcome.status;
  }

  /** A wait step: poll every `interval` until it passes or `timeout` runs out. */
  private async waitUntil(step: Step, busy: Busy, log: AppendFile): Promise<Outcome> {
    const timeoutMs = step.timeoutMs!;
    const deadline = Date.now() + timeoutMs;
    for (let poll = 1; ; poll++) {
      if (poll > 1) log.write(`# poll ${poll}, ${nowIso()}\n`);
      const outcome = await this.execute(step, busy, log, Math.max(1, deadline - Date.now()));
      if (outcome.status !== 'failed' || busy.stop) return outcome;
      const nextInMs = Math.min(step.intervalMs!, deadline - Date.now());
      if (outcome.timedOut || nextInMs <= 0) return { ...outcome, message: this.t('msg.waitTimeout', { duration: formatDuration(timeoutMs), last: outcome.message ?? `exit ${outcome.exitCode}` }) };
      this.emit({ type: 'poll', stepId: step.id, attempt: poll, nextInMs });
      await sleep(nextInMs, busy.abort.signal);
      if (busy.stop) return outcome;
    }
  }

  /** Run a step's script once. */
  private async execute(step: Step, busy: Busy, log: AppendFile, timeoutMs: number | undefined): Promise<Outcome & { timedOut?: boolean }> {
    const env = this.stepEnv(step.id);
    const cwd = resolveCwd(step.cwd, env, this.state.rehearsal ? this.sandbox : process.cwd());
    if ('error' in cwd) {
      const message = this.secrets.mask(this.t(cwd.error, cwd.vars));
      log.write(`# ${message}\n`);
      return { status: 'failed', message };
    }
    const scriptFile = join(this.runDir, 'scripts', `${step.id}.sh`);
    storageGuard(scriptFile, () => {
      mkdirSync(join(this.runDir, 'scripts'), { recursive: true, mode: 0o700 });
      // The script as written: values reach it only through the environment.
      writeFileSync(scriptFile, step.script!.value.endsWith('\n') ? step.script!.value : `${step.script!.value}\n`, { mode: 0o600 });
    });
    const script = startScript({
      argv: bashArgv(scriptFile),
      env,
      cwd: cwd.dir,
      timeoutMs,
      killGraceMs: this.opts.killGraceMs ?? 5000,
      secrets: this.secrets,
      log: (text) => log.write(text),
      onLine: (stream, line) => this.emit({ type: 'output', stepId: step.id, stream, line }),
      backpressure: () => {
        const drain = this.drain;
        this.drain = undefined;
        return drain;
      },
      expect: step.expect !== undefined ? new RegExp(step.expect, 'm') : undefined,
    });
    busy.script = script;
    if (busy.stop) script.stop('interrupt');
    const r = await script.result;
    busy.script = undefined;
    if (r.storageError) throw r.storageError instanceof StorageError ? r.storageError : new StorageError(log.path, r.storageError as NodeJS.ErrnoException);
    if (r.spawnError) return { status: 'failed', message: this.t('msg.spawn', { reason: r.spawnError }) };
    if (r.stoppedBy === 'interrupt') return { status: 'interrupted', exitCode: r.exitCode, message: this.t('msg.interrupted') };
    if (r.stoppedBy === 'timeout') return { status: 'failed', exitCode: r.exitCode, timedOut: true, message: this.t('msg.timeout', { duration: formatDuration(timeoutMs ?? 0) }) };
    if (r.exitCode === undefined) return { status: 'failed', message: this.t('msg.signal', { signal: r.signal ?? '?' }) };
    if (r.exitCode !== 0) return { status: 'failed', exitCode: r.exitCode };
    if (step.expect !== undefined && !r.expectMatched) return { status: 'failed', exitCode: 0, message: this.t('msg.expect', { pattern: step.expect }) };
    if (step.capture) this.state.captures[step.capture] = r.stdoutTail.trim();
    return { status: 'succeeded', exitCode: 0 };
  }

  private autoSkip(st: StepState, reason: string): void {
    Object.assign(st, { status: 'skipped', reason, endedAt: nowIso(), hash: this.step(st.id).hash });
    this.save();
    this.record('step-skipped', { step: st.id, reason, auto: true });
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
    this.state.updatedAt = nowIso();
    writeState(this.runDir, this.state);
    this.emit({ type: 'state', state: structuredClone(this.state) });
  }

  private record(event: string, data: Record<string, unknown>): void {
    this.transcript.append(event, { runId: this.state.runId, ...data });
  }

  private emit(event: RunEvent): void {
    for (const l of this.listeners) {
      const wait = l(event);
      // Only a Promise counts: a listener written as `(e) => list.push(e)` returns a number.
      if (wait instanceof Promise && wait !== this.drain) this.drain = this.drain ? Promise.all([this.drain, wait]).then(() => undefined) : wait;
    }
  }

  private t(key: string, vars?: Record<string, string | number>): string {
    return translator(runCatalog, this.state.lang)(key, vars);
  }
}

/** --from / --only: included steps outside the selection become excluded, saying why. */
export function selectSteps(planned: PlannedStep[], runbook: Runbook, sel: Selection | undefined, t: (key: string, vars: Record<string, string>) => string): PlannedStep[] {
  if (!sel) return planned;
  const fromIndex = sel.from ? runbook.steps.findIndex((s) => s.id === sel.from) : -1;
  return planned.map((p, i) => {
    if (p.included !== true) return p;
    if (i < fromIndex) return { ...p, included: false, reason: t('reason.from', { step: sel.from! }) };
    if (sel.only?.length && !sel.only.includes(p.step.id)) return { ...p, included: false, reason: t('reason.only', { steps: sel.only.join(', ') }) };
    return p;
  });
}

/**
 * Bring a stored run in line with the runbook as it is now: steps in document order, new steps
 * pending, removed steps dropped, a step found `running` (its runner died) `interrupted`.
 */
function reconcile(state: RunState, runbook: Runbook): ResumeReport {
  const byId = new Map(state.steps.map((s) => [s.id, s]));
  const report: ResumeReport = {
    sha256Before: state.runbook.sha256,
    changed: [],
    added: [],
    removed: state.steps.filter((s) => !runbook.steps.some((r) => r.id === s.id)).map((s) => s.id),
    interrupted: [],
  };
  state.steps = runbook.steps.map((step) => {
    const st = byId.get(step.id);
    if (!st) {
      report.added.push(step.id);
      return { id: step.id, kind: step.kind, status: 'pending', hash: step.hash, attempts: 0 };
    }
    if (st.hash !== step.hash) {
      report.changed.push(step.id);
      // A step that never ran simply takes the new definition; a done one waits for consent.
      if (st.status === 'pending') st.hash = step.hash;
    }
    st.kind = step.kind;
    if (st.status === 'running') {
      st.status = 'interrupted';
      report.interrupted.push(step.id);
    }
    return st;
  });
  return report;
}

function isExecutable(file: string): boolean {
  try { accessSync(file, constants.X_OK); return true; } catch { return false; }
}
