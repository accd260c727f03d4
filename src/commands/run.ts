// runbook run FILE: start a run (or continue the unfinished one) in the terminal UI or as plain
// lines. Also holds what `runbook resume` shares with it: params completion and launching a face.
import { usageLine } from './shared/spec.js';
import { openInPager } from './shared/pager.js';
import { parseFlags, str, list } from './shared/args.js';
import { UserError, EXIT, withSuggestions } from '../engine/core/errors.js';
import { nearest } from '../engine/core/suggest.js';
import { RELEASE } from '../engine/core/env.js';
import { loadRunbook, chooseLang, readParams, messageLang } from './shared/load.js';
import type { Lang, Runbook } from '../engine/document/model.js';
import { resolveParams, planSteps, type ParamValues } from '../engine/plan/plan.js';
import type { RunController, RunState, Selection, TuiOptions } from '../engine/execution/run-api.js';
import { listRuns, stateRoot, UNFINISHED, DONE } from '../engine/execution/store/state.js';
import { Secrets, redacted, shortSecrets, MIN_SECRET_LENGTH } from '../engine/execution/secrets.js';
import { openRun } from '../engine/execution/session.js';
import { selectSteps } from '../engine/plan/select.js';
import { guardTerminal } from './shared/terminal-loss.js';
import { runPlain, askParams, printDryRun } from '../ui/plain/reporter.js';
import { translator } from '../i18n/index.js';
import { run as runCatalog } from '../i18n/run.js';


export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('run', argv);
  if (positionals.length !== 1) throw new UserError('error.usage', { usage: usageLine('run') }, { key: 'hint.commandHelp', vars: { command: 'run' } });
  if (values.resume && values.fresh) throw new UserError('error.resumeFresh', {}, { key: 'hint.resumeFresh' });

  const { runbook } = loadRunbook(positionals[0]!);
  const lang = chooseLang(runbook, str(values.lang));
  const paramArgs = list(values.param);
  rejectSecretFlags(runbook, paramArgs);
  const given = readParams(runbook, paramArgs, str(values['params-file']));
  const from = str(values.from);
  const only = list(values.only);
  const confirm = list(values.confirm);
  checkStepIds(runbook, { '--from': from ? [from] : [], '--only': only, '--confirm': confirm });
  const selection: Selection | undefined = from || only.length ? { ...(from ? { from } : {}), ...(only.length ? { only } : {}) } : undefined;
  const rehearsal = values.rehearse === true;
  const yes = values.yes === true;
  const mode = uiMode(str(values.ui), yes);

  if (values['dry-run']) {
    const params = withEnvSecrets(runbook, resolveParams(runbook, given, { useExamples: rehearsal }).values);
    const t = translator(runCatalog, lang);
    const planned = selectSteps(planSteps(runbook, params, lang), runbook, selection, t);
    const secrets = Secrets.fromParams(runbook.params, params);
    printDryRun(runbook, lang, planned, redacted(runbook.params, params), (s) => secrets.mask(s), rehearsal);
    return EXIT.ok;
  }

  const root = stateRoot(str(values['state-dir']));
  const unfinished = findUnfinished(root, runbook.id, rehearsal);
  const base = {
    runbook, stateRoot: root, mode, interactive: isInteractive(yes), selection, confirm,
    rerunInterrupted: values['rerun-interrupted'] === true, rerunChanged: values['rerun-changed'] === true,
  };
  if (values.resume) {
    if (!unfinished) throw new UserError('error.noUnfinished', { id: runbook.id, dir: root }, { key: 'hint.noUnfinished' });
    for (const [name, value] of Object.entries(given)) {
      const stored = unfinished.params[name];
      if (stored !== undefined && stored !== value) throw new UserError('error.resumeParam', { name, runId: unfinished.runId, stored: String(stored) }, { key: 'hint.resumeParam' });
    }
    return launch({
      ...base, params: { ...given, ...unfinished.params }, rehearsal: unfinished.rehearsal, resumeId: unfinished.runId,
      lang: values.lang ? lang : resumedLang(runbook, unfinished),
    });
  }
  if (unfinished && !values.fresh && mode === 'plain') {
    const s = summary(unfinished);
    throw new UserError('error.unfinishedRun', { id: runbook.id, runId: s.runId, status: s.status, done: s.done, total: s.total, updatedAt: s.updatedAt }, { key: 'hint.unfinishedRun' });
  }
  return launch({ ...base, lang, params: given, rehearsal, resumable: unfinished && !values.fresh ? summary(unfinished) : undefined });
}

export interface LaunchOptions {
  runbook: Runbook;
  lang: Lang;
  stateRoot: string;
  mode: 'tui' | 'plain';
  interactive: boolean;
  /** Params known so far: flags and params file, or the stored ones of the run to continue. */
  params: ParamValues;
  rehearsal: boolean;
  /** Continue this run (decided by `resume` or `run --resume`). */
  resumeId?: string;
  /** An unfinished run the TUI offers to continue. */
  resumable?: TuiOptions['resumable'];
  selection?: Selection;
  confirm: string[];
  rerunInterrupted: boolean;
  rerunChanged: boolean;
}

/** Open the run in the chosen face and walk it; returns the exit code. */
export async function launch(o: LaunchOptions): Promise<number> {
  let controller: RunController | undefined;
  const open = async (params: ParamValues, resume: boolean) => (controller = await openRun({
    runbook: o.runbook, stateRoot: o.stateRoot, lang: o.lang, params, rehearsal: o.rehearsal, selection: o.selection,
    resume: o.resumeId ?? (resume ? o.resumable?.runId : undefined),
  }));
  const guard = guardTerminal(() => controller);
  try {
    if (o.mode === 'tui') {
      const runTui = await loadTui();
      if (runTui) return await runWithTui(runTui, o, open, () => controller, guard.lost);
      process.stderr.write(`${translator(runCatalog, o.lang)('tui.fallback')}\n`);
    }
    const params = await completeParams(o.runbook, o.params, { interactive: o.interactive, useExamples: o.rehearsal, lang: o.lang });
    const session = await open(params, false);
    try {
      return await runPlain(session, { interactive: o.interactive, confirm: o.confirm, rerunInterrupted: o.rerunInterrupted, rerunChanged: o.rerunChanged });
    } finally {
      await session.close();
    }
  } finally {
    guard.dispose();
  }
}

async function runWithTui(runTui: (opts: TuiOptions) => Promise<number>, o: LaunchOptions, open: (params: ParamValues, resume: boolean) => Promise<RunController>, controller: () => RunController | undefined, terminalLost: AbortSignal): Promise<number> {
  const { values: known, missing: ask } = resolveParams(o.runbook, withEnvSecrets(o.runbook, o.params), { useExamples: o.rehearsal });
  // Ink reads Ctrl-C as a key; a SIGTERM (or SIGINT sent by other means) must stop the running step too.
  const onSignal = () => {
    void (async () => {
      const c = controller();
      if (c) {
        await c.interrupt().catch(() => undefined);
        await c.close().catch(() => undefined);
      }
      process.exit(EXIT.interrupted);
    })();
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  for (const s of signals) process.on(s, onSignal);
  try {
    return await runTui({ runbook: o.runbook, lang: o.lang, rehearsal: o.rehearsal, params: known, ask, resumable: o.resumable, open, terminalLost, pager: openInPager });
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

async function loadTui(): Promise<((opts: TuiOptions) => Promise<number>) | undefined> {
  try {
    await RELEASE?.loadLayout();
    // Imported only when it is used (Ink costs ~0.4 s to load); a literal, so that bundles carry it.
    return (await import('../ui/tui/index.js')).runTui;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes('/ui/tui/index.js')) return undefined;
    throw e;
  }
}

/**
 * Every param a run needs, for the plain face: secrets from the environment variable of their
 * upper-cased name, defaults (and examples when rehearsing), then a prompt on a terminal, or a
 * usage error naming what is missing.
 */
export async function completeParams(runbook: Runbook, values: ParamValues, o: { interactive: boolean; useExamples: boolean; lang: Lang }): Promise<ParamValues> {
  let resolved = resolveParams(runbook, withEnvSecrets(runbook, values), { useExamples: o.useExamples });
  if (resolved.missing.length && o.interactive) {
    resolved = resolveParams(runbook, await askParams(runbook, o.lang, resolved.values, runbook.params), { useExamples: o.useExamples });
  }
  const plain = resolved.missing.filter((d) => d.type !== 'secret');
  const secrets = resolved.missing.filter((d) => d.type === 'secret');
  if (plain.length) throw new UserError('error.missingParams', { names: plain.map((d) => d.name).join(', ') }, { key: 'hint.missingParams' });
  if (secrets.length) throw new UserError('error.missingSecrets', { names: secrets.map((d) => d.name).join(', ') }, { key: 'hint.missingSecrets', vars: { vars: secrets.map((d) => d.env).join(', ') } });
  const short = shortSecrets(runbook.params, resolved.values);
  if (short.length) process.stderr.write(`runbook: ${translator(runCatalog, o.lang)('warn.shortSecret', { names: short.join(', '), min: MIN_SECRET_LENGTH })}\n`);
  return resolved.values;
}

/** A secret not given comes from the environment variable of its upper-cased name. */
function withEnvSecrets(runbook: Runbook, values: ParamValues, env: NodeJS.ProcessEnv = process.env): ParamValues {
  const out = { ...values };
  for (const def of runbook.params) if (def.type === 'secret' && out[def.name] === undefined && env[def.env] !== undefined) out[def.name] = env[def.env]!;
  return out;
}

/** A secret on the command line would be visible to every user in the process list. */
function rejectSecretFlags(runbook: Runbook, args: string[]): void {
  for (const arg of args) {
    const def = runbook.params.find((p) => p.name === arg.slice(0, arg.indexOf('=')));
    if (def?.type === 'secret') throw new UserError('error.secretFlag', { name: def.name }, { key: 'hint.secretFlag', vars: { var: def.env } });
  }
}

export function checkStepIds(runbook: Runbook, flags: Record<string, string[]>): void {
  for (const [flag, ids] of Object.entries(flags)) {
    for (const step of ids) {
      if (!runbook.steps.some((s) => s.id === step)) {
        const ids = runbook.steps.map((s) => s.id);
        throw withSuggestions(new UserError('error.unknownStep', { flag, step, id: runbook.id }, { key: 'hint.knownSteps', vars: { ids: ids.join(', ') } }), nearest(step, ids));
      }
    }
  }
}

/** tui when a person sits at a terminal and did not say --yes; plain otherwise. */
export function uiMode(flag: string | undefined, yes: boolean): 'tui' | 'plain' {
  if (flag !== undefined && flag !== 'tui' && flag !== 'plain') throw new UserError('error.badUi', { ui: flag }, { key: 'hint.commandHelp', vars: { command: 'run' } });
  return (flag as 'tui' | 'plain' | undefined) ?? (isInteractive(yes) ? 'tui' : 'plain');
}

export function isInteractive(yes: boolean): boolean {
  return !yes && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
}

/** The stored language, unless the runbook no longer has it. */
export function resumedLang(runbook: Runbook, state: RunState): Lang {
  return runbook.languages.includes(state.lang) ? state.lang : chooseLang(runbook, undefined);
}

/** The most recently updated unfinished run of a runbook (rehearsals and real runs apart). */
function findUnfinished(root: string, runbookId: string, rehearsal: boolean): RunState | undefined {
  return unfinishedRuns(root).find((s) => s.runbook.id === runbookId && s.rehearsal === rehearsal);
}

/** Unfinished runs, most recently updated first; unreadable states are named on stderr, not skipped silently. */
export function unfinishedRuns(root: string): RunState[] {
  const { runs, broken } = listRuns(root);
  const t = translator(runCatalog, messageLang(undefined));
  for (const b of broken) process.stderr.write(`runbook: ${t('status.skippedBroken', { file: String(b.vars.file), reason: String(b.vars.reason) })}\n`);
  return runs.map((r) => r.state).filter((s) => UNFINISHED.includes(s.status));
}

function summary(state: RunState): NonNullable<TuiOptions['resumable']> {
  return {
    runId: state.runId, status: state.status, updatedAt: state.updatedAt,
    done: state.steps.filter((s) => DONE.includes(s.status)).length, total: state.steps.length,
  };
}
