// Starting a run or taking up an unfinished one: the run directory, the lock, the first checkpoint
// and the transcript entries that say who opened it and what changed since. Anything failing after
// the lock is taken releases it.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Runbook } from '../document/model.js';
import { emptyValues, type ParamValues } from '../plan/params.js';
import type { RunState, ResumeReport } from './run-api.js';
import { withoutSecrets, redacted } from './secrets.js';
import { RunRecord } from './run-record.js';
import { changedParams, dependentSteps } from '../plan/param-impact.js';
import { recaptureOnResume } from './captures.js';
import { DONE, StorageError, UNFINISHED, STATE_FILE, assertPrivateDir, ensureDir, readState, secureRunsDir, storageGuard } from './store/state.js';
import { acquireLock } from './store/lock.js';
import { newRunId } from './store/runid.js';
import { nowIso } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { toolVersion } from '../core/env.js';
import type { OpenRunOptions } from './session.js';

export interface OpenedRun {
  record: RunRecord;
  /** Secrets included (memory only); on resume the stored values win. */
  params: ParamValues;
  report?: ResumeReport;
}

/** A new run directory with its first checkpoint. */
export function createRun(opts: OpenRunOptions, by: string): OpenedRun {
  const { runbook } = opts;
  const { runId, runDir } = makeRunDir(runbook.id, secureRunsDir(opts.stateRoot));
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
    cwd: process.cwd(),
    params: withoutSecrets(runbook.params, opts.params),
    secretParams: runbook.params.filter((p) => p.type === 'secret').map((p) => p.name),
    captures: {},
    steps: runbook.steps.map((s) => ({ id: s.id, kind: s.kind, status: 'pending', hash: s.hash, attempts: 0 })),
    ...(opts.selection ? { selection: opts.selection } : {}),
    ...(manualConfirms(runbook, opts.confirm).length ? { confirm: manualConfirms(runbook, opts.confirm) } : {}),
  };
  const record = new RunRecord(runDir, state, lock);
  guardOpen(record, () => {
    ensureDir(join(runDir, 'logs'));
    record.save();
    record.record('run-started', { runbook: state.runbook, lang: state.lang, rehearsal: state.rehearsal, by, pid: process.pid, selection: opts.selection, version: toolVersion() });
    record.record('params-set', { params: redacted(runbook.params, opts.params) });
  });
  return { record, params: opts.params };
}

/** Take up run `runId` again, brought in line with the runbook as it is now. */
export function reopenRun(opts: OpenRunOptions, runId: string, by: string): OpenedRun {
  const { runbook } = opts;
  const runDir = join(secureRunsDir(opts.stateRoot), runId);
  const stateFile = join(runDir, STATE_FILE);
  if (!existsSync(stateFile)) throw new UserError('error.noRun', { runId, dir: dirname(runDir) }, { key: 'hint.status' });
  assertPrivateDir(runDir);
  const lock = acquireLock(runDir, runId);
  let state: RunState;
  try {
    state = readState(stateFile);
    if (!UNFINISHED.includes(state.status)) throw new UserError('error.runFinished', { runId, status: state.status }, { key: 'hint.fresh', vars: { file: state.runbook.path } });
    if (state.runbook.id !== runbook.id) throw new UserError('error.otherRunbook', { runId, id: state.runbook.id, file: runbook.path, other: runbook.id });
  } catch (e) {
    lock.release();
    throw e;
  }
  let report: ResumeReport;
  try {
    report = { ...reconcile(state, runbook), recaptured: recaptureOnResume(state, runbook), lockTakenOver: lock.takenOverFrom };
    report.paramsChanged = applyParamChanges(state, runbook, opts);
  } catch (e) {
    lock.release();
    throw e;
  }
  const params: ParamValues = Object.assign(emptyValues(), opts.params, state.params, opts.paramChanges);
  const record = new RunRecord(runDir, state, lock);
  guardOpen(record, () => {
    const langBefore = state.lang;
    state.lang = opts.lang;
    state.runbook = { id: runbook.id, path: runbook.path, sha256: runbook.sha256 };
    state.status = 'running';
    if (opts.selection) state.selection = opts.selection;
    const confirm = [...new Set([...(state.confirm ?? []), ...manualConfirms(runbook, opts.confirm)])];
    if (confirm.length) state.confirm = confirm;
    const newParams = withoutSecrets(runbook.params, params);
    const newNames = Object.keys(newParams).filter((k) => !(k in state.params));
    state.params = newParams;
    ensureDir(join(runDir, 'logs'));
    record.save();
    record.record('run-resumed', { by, pid: process.pid, lang: state.lang, selection: opts.selection, version: toolVersion() });
    if (report.lockTakenOver) record.record('lock-taken-over', { from: report.lockTakenOver });
    if (langBefore !== state.lang) record.record('lang-changed', { from: langBefore, to: state.lang, by });
    if (newNames.length) record.record('params-set', { params: redacted(runbook.params, Object.fromEntries(newNames.map((k) => [k, params[k]!]))) });
    if (report.paramsChanged) record.record('params-changed', { by, params: redacted(runbook.params, Object.fromEntries(report.paramsChanged.names.map((k) => [k, params[k]!]))), rerun: report.paramsChanged.rerun });
    if (report.sha256Before !== runbook.sha256) {
      const { sha256Before, changed, added, removed } = report;
      record.record('runbook-changed', { sha256Before, sha256After: runbook.sha256, changed, added, removed });
    }
    for (const id of report.interrupted) record.record('step-interrupted', { step: id, reason: 'runner-died' });
    for (const r of report.recaptured ?? []) record.record('step-reset', { step: r.step, reason: 'secret-capture', capture: r.capture });
  });
  return { record, params, report };
}

/** The manual steps among --confirm's: the ones a later resume may honour again. */
function manualConfirms(runbook: Runbook, ids: string[] | undefined): string[] {
  return (ids ?? []).filter((id) => runbook.steps.some((s) => s.id === id && s.kind === 'manual'));
}

/**
 * Params given new values on resume: refused while a done step depends on one of them (its result
 * came from the old value), unless `rerunChanged`, which sets those steps to run again.
 */
function applyParamChanges(state: RunState, runbook: Runbook, opts: OpenRunOptions): ResumeReport['paramsChanged'] {
  const names = changedParams(state.params, opts.paramChanges ?? {});
  if (!names.length) return undefined;
  const finished = state.steps.filter((s) => DONE.includes(s.status)).map((s) => s.id);
  const rerun = dependentSteps(runbook, finished, names);
  if (rerun.length && !opts.rerunChanged) {
    throw new UserError('error.paramDepends', { names: names.join(', '), runId: state.runId, steps: rerun.join(', ') }, { key: 'hint.paramDepends', vars: { runId: state.runId } });
  }
  for (const st of state.steps) {
    if (!rerun.includes(st.id)) continue;
    st.status = 'pending';
    for (const k of ['exitCode', 'endedAt', 'reason', 'confirmedBy', 'by', 'notApplicable'] as const) delete st[k];
  }
  return { names, rerun };
}

/** runs/RUN_ID, created 0700; a clash of ids (same minute, same suffix) takes another. */
function makeRunDir(runbookId: string, runs: string): { runId: string; runDir: string } {
  for (;;) {
    const runId = newRunId(runbookId);
    const runDir = join(runs, runId);
    try {
      storageGuard(runDir, () => mkdirSync(runDir, { mode: 0o700 }));
      return { runId, runDir };
    } catch (e) {
      if ((e as StorageError).errno?.code !== 'EEXIST') throw e;
    }
  }
}

/** Anything failing while opening (after the lock is taken) releases the lock. */
function guardOpen(record: RunRecord, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    record.close();
    throw e;
  }
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

