// One attempt of an executable step: checkpoint before, run the script (or poll it, for a wait
// step) with its output streamed to the faces and logged, checkpoint after. A full disk ends the
// attempt `interrupted` and is rethrown once the step's result is reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from '../document/model.js';
import type { RunEvent, StepStatus } from './run-api.js';
import type { Secrets } from './secrets.js';
import type { Captures } from './captures.js';
import type { Escaped } from './escaped.js';
import { resolveCwd } from './environment.js';
import { startScript, bashArgv, outputText, type RunningScript } from './exec.js';
import { safeLine } from './terminal-text.js';
import type { RunRecord } from './run-record.js';
import { AppendFile, StorageError, storageGuard } from './store/state.js';
import { formatDuration, nowIso, sleep } from '../core/clock.js';
import type { RunKey, Vars } from '../../i18n/index.js';

/** The step a session is running, and how it is being stopped. */
export interface Busy {
  stepId: string;
  script?: RunningScript;
  stop?: 'interrupt';
  abort: AbortController;
  done: Promise<StepStatus>;
}

/** What an attempt needs from its session. */
export interface AttemptContext {
  readonly record: RunRecord;
  readonly secrets: Secrets;
  /** Where a step's capture goes (in memory only when it holds a secret). */
  readonly captures: Captures;
  readonly by: string;
  readonly killGraceMs: number;
  /** The environment the step's script runs with. */
  stepEnv(stepId: string): Record<string, string>;
  emit(event: RunEvent): void;
  /** A promise a face asked the output to wait for (backpressure), taken once. */
  takeDrain(): Promise<void> | undefined;
  t(key: RunKey, vars?: Vars): string;
}

interface Outcome {
  status: StepStatus;
  exitCode?: number;
  message?: string;
  timedOut?: boolean;
  storageError?: StorageError;
}

/** Run `step` once (a wait step: poll until it passes or times out) and record the result. */
export async function attemptStep(ctx: AttemptContext, step: Step, busy: Busy): Promise<StepStatus> {
  const { record } = ctx;
  const st = record.state.steps.find((s) => s.id === step.id)!;
  // Durations and deadlines by the monotonic clock: the wall clock may be stepped meanwhile (NTP).
  const started = performance.now();
  st.status = 'running';
  st.attempts += 1;
  st.startedAt = nowIso();
  st.hash = step.hash;
  delete st.exitCode;
  delete st.endedAt;
  delete st.reason;
  delete st.confirmedBy;
  delete st.by;
  record.state.status = 'running';
  record.save();
  record.record('step-started', { step: step.id, attempt: st.attempts, by: ctx.by });
  const log = new AppendFile(record.logPath(step.id), false);
  let outcome: Outcome;
  try {
    log.write(`# runbook ${record.state.runId}: step ${step.id}, attempt ${st.attempts}, ${st.startedAt}\n`);
    ctx.emit({ type: 'step-started', stepId: step.id, attempt: st.attempts, logPath: log.path });
    outcome = step.kind === 'wait' ? await waitUntil(ctx, step, busy, log) : await execute(ctx, step, busy, log, step.timeoutMs);
    log.write(`# ${outcome.status}${outcome.exitCode !== undefined ? `, exit ${outcome.exitCode}` : ''}${outcome.message ? `: ${outcome.message}` : ''} (${formatDuration(performance.now() - started)})\n`);
  } catch (e) {
    if (!(e instanceof StorageError)) throw e;
    outcome = { status: 'interrupted', message: ctx.t('msg.storage', { file: e.file, reason: String(e.vars.reason) }), storageError: e };
  } finally {
    log.close();
  }
  if (busy.stop === 'interrupt' && outcome.status !== 'succeeded') outcome = { ...outcome, status: 'interrupted', message: ctx.t('msg.interrupted') };
  const durationMs = Math.round(performance.now() - started);
  st.status = outcome.status;
  st.endedAt = nowIso();
  if (outcome.exitCode !== undefined) st.exitCode = outcome.exitCode;
  record.state.status = outcome.status === 'failed' ? 'failed' : outcome.status === 'interrupted' ? 'interrupted' : 'running';
  try {
    record.save();
    record.record('step-finished', { step: step.id, attempt: st.attempts, status: outcome.status, exitCode: outcome.exitCode, durationMs, message: outcome.message });
  } catch (e) {
    if (!outcome.storageError) throw e;
  }
  ctx.emit({ type: 'step-finished', stepId: step.id, status: outcome.status, exitCode: outcome.exitCode, durationMs, message: outcome.message });
  if (outcome.storageError) throw outcome.storageError;
  return outcome.status;
}

/** A wait step: poll every `interval` until it passes or `timeout` runs out. */
async function waitUntil(ctx: AttemptContext, step: Step, busy: Busy, log: AppendFile): Promise<Outcome> {
  const timeoutMs = step.timeoutMs!;
  const deadline = performance.now() + timeoutMs;
  for (let poll = 1; ; poll++) {
    if (poll > 1) log.write(`# poll ${poll}, ${nowIso()}\n`);
    const outcome = await execute(ctx, step, busy, log, Math.max(1, deadline - performance.now()));
    if (outcome.status !== 'failed' || busy.stop) return outcome;
    const nextInMs = Math.min(step.intervalMs!, deadline - performance.now());
    // The last poll stopped by the wait's own deadline has no result of its own: say so, not "timed out after 1ms".
    const last = outcome.timedOut ? ctx.t('msg.pollCut') : outcome.message ?? `exit ${outcome.exitCode}`;
    if (outcome.timedOut || nextInMs <= 0) return { ...outcome, message: ctx.t('msg.waitTimeout', { duration: formatDuration(timeoutMs), last }) };
    ctx.emit({ type: 'poll', stepId: step.id, attempt: poll, nextInMs });
    await sleep(nextInMs, busy.abort.signal);
    if (busy.stop) return outcome;
  }
}

/** Run a step's script once. */
async function execute(ctx: AttemptContext, step: Step, busy: Busy, log: AppendFile, timeoutMs: number | undefined): Promise<Outcome> {
  const { record } = ctx;
  const env = ctx.stepEnv(step.id);
  const cwd = resolveCwd(step.cwd, env, record.workdir);
  if ('error' in cwd) {
    const message = ctx.secrets.mask(ctx.t(cwd.error, cwd.vars));
    log.write(`# ${message}\n`);
    return { status: 'failed', message };
  }
  const scriptFile = writeScript(record.runDir, step);
  const script = startScript({
    argv: bashArgv(scriptFile),
    env,
    cwd: cwd.dir,
    timeoutMs,
    killGraceMs: ctx.killGraceMs,
    secrets: ctx.secrets,
    log: (text) => log.write(text),
    onText: (stream, text) => ctx.emit({ type: 'output', stepId: step.id, stream, text }),
    backpressure: () => ctx.takeDrain(),
    expect: step.expect !== undefined ? new RegExp(step.expect, 'm') : undefined,
    capture: step.capture !== undefined,
  });
  busy.script = script;
  if (busy.stop) script.stop('interrupt');
  const r = await script.result;
  busy.script = undefined;
  if (r.escaped.length) reportEscaped(ctx, step.id, r.escaped, log);
  if (r.storageError) throw r.storageError instanceof StorageError ? r.storageError : new StorageError(log.path, r.storageError as NodeJS.ErrnoException);
  if (r.spawnError) return { status: 'failed', message: ctx.secrets.mask(ctx.t('msg.spawn', { reason: r.spawnError })) };
  if (r.stoppedBy === 'interrupt') return { status: 'interrupted', exitCode: r.exitCode, message: ctx.t('msg.interrupted') };
  if (r.stoppedBy === 'timeout') return { status: 'failed', exitCode: r.exitCode, timedOut: true, message: ctx.t('msg.timeout', { duration: formatDuration(timeoutMs ?? 0) }) };
  if (r.exitCode === undefined) return { status: 'failed', message: ctx.t('msg.signal', { signal: r.signal ?? '?' }) };
  if (r.exitCode !== 0) return { status: 'failed', exitCode: r.exitCode };
  if (step.expect !== undefined && !r.expectMatched) return { status: 'failed', exitCode: 0, message: ctx.t('msg.expect', { pattern: step.expect }) };
  const captured = step.capture && r.captured ? ctx.captures.take(step, r.captured) : {};
  return { status: captured.failed ? 'failed' : 'succeeded', exitCode: 0, message: captured.message };
}

/** Processes of the step that left its process group: still running, not stopped; said where the operator looks. */
function reportEscaped(ctx: AttemptContext, stepId: string, escaped: Escaped[], log: AppendFile): void {
  const processes = escaped.map((p) => ({ pid: p.pid, command: ctx.secrets.mask(p.command) }));
  const message = ctx.t('msg.escaped', { count: processes.length, list: processes.map((p) => `${p.pid} (${p.command})`).join(', ') });
  log.write(`# ${message}\n`);
  ctx.record.record('processes-escaped', { step: stepId, processes });
  ctx.emit({ type: 'output', stepId, stream: 'stderr', text: outputText([safeLine(message)]) });
}

/** scripts/STEP.sh, the script as written: values reach it only through the environment. */
function writeScript(runDir: string, step: Step): string {
  const file = join(runDir, 'scripts', `${step.id}.sh`);
  const text = step.script!.value;
  storageGuard(file, () => {
    mkdirSync(join(runDir, 'scripts'), { recursive: true, mode: 0o700 });
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
  });
  return file;
}
