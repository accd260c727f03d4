// Opening a run in the chosen face (terminal UI or plain lines), shared by `run` and `resume`. The
// params flow one way: gathered with their sources (plan/param-sources), completed and reviewed by
// the face, then handed to the run once.
import { UserError, EXIT } from '../../engine/core/errors.js';
import { RELEASE } from '../../engine/core/env.js';
import type { Lang, Runbook } from '../../engine/document/model.js';
import type { ParamValues } from '../../engine/plan/params.js';
import { gatherParams, valuesOf, type ParamLayers, type ParamSet } from '../../engine/plan/param-sources.js';
import { changedParams, dependentSteps } from '../../engine/plan/param-impact.js';
import type { RunController, RunState, Selection, TuiOptions } from '../../engine/execution/run-api.js';
import { DONE } from '../../engine/execution/store/state.js';
import { openRun } from '../../engine/execution/session.js';
import { storedProgress } from '../../engine/execution/run-account.js';
import { runPlain } from '../../ui/plain/walk.js';
import { reviewParams } from '../../ui/plain/param-review.js';
import { prompt } from '../../ui/plain/terminal.js';
import { shortSecrets, MIN_SECRET_LENGTH } from '../../engine/execution/secrets.js';
import { guardTerminal } from './terminal-loss.js';
import { openInPager } from './pager.js';
import { translator } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';

export interface LaunchOptions {
  runbook: Runbook;
  lang: Lang;
  stateRoot: string;
  mode: 'tui' | 'plain';
  interactive: boolean;
  /** Params given with --param and --params-file. */
  given: Pick<ParamLayers, 'flag' | 'file'>;
  rehearsal: boolean;
  /** Continue this run (decided by `resume` or `run --resume`). */
  resume?: RunState;
  /** An unfinished run the TUI offers to continue. */
  resumable?: RunState;
  selection?: Selection;
  confirm: string[];
  rerunInterrupted: boolean;
  rerunChanged: boolean;
}

/** Open the run in the chosen face and walk it; returns the exit code. */
export async function launch(o: LaunchOptions): Promise<number> {
  let controller: RunController | undefined;
  // A lost terminal never stops a running step (terminal-loss.ts): one policy for both faces.
  const guard = guardTerminal(() => controller);
  try {
    if (o.mode === 'tui') {
      const runTui = await loadTui();
      if (runTui) return await runWithTui(runTui, o, (c) => (controller = c), guard.lost);
      process.stderr.write(`${translator(runCatalog, o.lang)('tui.fallback')}\n`);
    }
    const params = await plainParams(o);
    warnShortSecrets(o.runbook, valuesOf(params), o.lang);
    const session = await open(o, valuesOf(params), o.resume);
    controller = session;
    try {
      return await runPlain(session, { interactive: o.interactive, confirm: o.confirm, rerunInterrupted: o.rerunInterrupted, rerunChanged: o.rerunChanged, params });
    } finally {
      await session.close();
    }
  } finally {
    guard.dispose();
  }
}

/** Secrets too short to be masked are used, but the operator is told (plain face; the TUI says it at input). */
function warnShortSecrets(runbook: Runbook, values: ParamValues, lang: Lang): void {
  const short = shortSecrets(runbook.params, values);
  if (short.length) process.stderr.write(`runbook: ${translator(runCatalog, lang)('warn.shortSecret', { names: short.join(', '), min: MIN_SECRET_LENGTH })}\n`);
}

/** The params of a run or of the run it continues, with the operator's answers (`answer` wins). */
function gather(o: LaunchOptions, answers: ParamValues, continued: RunState | undefined): ParamSet {
  return gatherParams(o.runbook, { answer: answers, ...o.given, run: continued?.params }, { env: process.env, useExamples: o.rehearsal, cwd: process.cwd() });
}

/** Done steps of `continued` that depend on the params `names`. */
function dependents(o: LaunchOptions, continued: RunState | undefined, names: string[]): string[] {
  if (!continued) return [];
  return dependentSteps(o.runbook, continued.steps.filter((s) => DONE.includes(s.status)).map((s) => s.id), names);
}

function open(o: LaunchOptions, params: ParamValues, continued: RunState | undefined): Promise<RunController> {
  const paramChanges = continued ? Object.fromEntries(changedParams(continued.params, params).map((k) => [k, params[k]!])) : undefined;
  return openRun({
    runbook: o.runbook, stateRoot: o.stateRoot, lang: o.lang, params, rehearsal: o.rehearsal, selection: o.selection,
    resume: continued?.runId, confirm: o.confirm, paramChanges, rerunChanged: o.rerunChanged,
  });
}

/**
 * The plain face's params: on a terminal the missing ones are asked and all are reviewed; otherwise
 * every one must have a value (a usage error names those without).
 */
async function plainParams(o: LaunchOptions): Promise<ParamSet> {
  if (o.interactive) {
    const stop = new AbortController();
    const ask = (q: string, hidden = false) => prompt(q, stop.signal, () => stop.abort(), process.stdout, hidden).catch((e: unknown) => {
      if (stop.signal.aborted) throw new UserError('error.cancelled', {}, undefined, EXIT.interrupted);
      throw e;
    });
    return reviewParams({
      runbook: o.runbook, lang: o.lang, rerunChanged: o.rerunChanged,
      gather: (answers) => gather(o, answers, o.resume),
      dependents: (names) => dependents(o, o.resume, names),
    }, ask, process.stdout);
  }
  const set = gather(o, {}, o.resume);
  const plain = set.missing.filter((d) => d.type !== 'secret');
  const secrets = set.missing.filter((d) => d.type === 'secret');
  if (plain.length) throw new UserError('error.missingParams', { names: plain.map((d) => d.name).join(', ') }, { key: 'hint.missingParams' });
  if (secrets.length) throw new UserError('error.missingSecrets', { names: secrets.map((d) => d.name).join(', ') }, { key: 'hint.missingSecrets', vars: { vars: secrets.map((d) => d.env).join(', ') } });
  return set;
}

async function runWithTui(runTui: (opts: TuiOptions) => Promise<number>, o: LaunchOptions, opened: (c: RunController) => void, terminalLost: AbortSignal): Promise<number> {
  const fresh = gather(o, {}, o.resume);
  // Ink reads Ctrl-C as a key; a SIGTERM must stop the running step too (a hang-up does not: terminal-loss.ts).
  let controller: RunController | undefined;
  const onSignal = () => {
    void (async () => {
      if (controller) {
        await controller.interrupt().catch(() => undefined);
        await controller.close().catch(() => undefined);
      }
      process.exit(EXIT.interrupted);
    })();
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  for (const s of signals) process.on(s, onSignal);
  const continued = (resume: boolean) => o.resume ?? (resume ? o.resumable : undefined);
  try {
    return await runTui({
      runbook: o.runbook, lang: o.lang, rehearsal: o.rehearsal, params: valuesOf(fresh), ask: fresh.missing, resumable: o.resumable && summary(o.runbook, o.resumable),
      // The terminal UI runs on a terminal, so not interactive means --yes (with --ui tui).
      autoRun: !o.interactive,
      review: {
        gather: (answers, resume) => gather(o, answers, continued(resume)),
        dependents: (names, resume) => dependents(o, continued(resume), names),
        rerunChanged: o.rerunChanged,
      },
      open: async (params, resume) => {
        controller = await open(o, params, continued(resume));
        opened(controller);
        return controller;
      },
      terminalLost,
      pager: openInPager,
    });
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

async function loadTui(): Promise<((opts: TuiOptions) => Promise<number>) | undefined> {
  try {
    await RELEASE?.loadLayout();
    // Imported only when it is used (Ink costs ~0.4 s to load); a literal, so that bundles carry it.
    return (await import('../../ui/tui/index.js')).runTui;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes('/ui/tui/index.js')) return undefined;
    throw e;
  }
}

/** What the TUI shows of an unfinished run it offers to continue. */
function summary(runbook: Runbook, state: RunState): NonNullable<TuiOptions['resumable']> {
  const { done, applicable } = storedProgress(runbook, state);
  return { runId: state.runId, status: state.status, updatedAt: state.updatedAt, done, total: applicable };
}
