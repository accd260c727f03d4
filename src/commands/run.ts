// runbook run FILE: start a run (or continue the unfinished one) in the terminal UI or as plain
// lines. Also holds what `runbook resume` shares with it: flag checks, the face, the language.
import { parseFlags, useCache, str, list } from './shared/args.js';
import { UserError, EXIT, withSuggestions } from '../engine/core/errors.js';
import { nearest } from '../engine/core/suggest.js';
import { usageLine } from './shared/spec.js';
import { loadRunbook, chooseLang, readParamLayers, messageLang } from './shared/load.js';
import { launch } from './shared/launch.js';
import type { Lang, Runbook } from '../engine/document/model.js';
import { planRun } from '../engine/plan/plan-run.js';
import { gatherParams, valuesOf } from '../engine/plan/param-sources.js';
import type { RunState, Selection } from '../engine/execution/run-api.js';
import { listRuns, stateRoot, UNFINISHED } from '../engine/execution/store/state.js';
import { storedProgress } from '../engine/execution/run-account.js';
import { Secrets, redacted } from '../engine/execution/secrets.js';
import { printDryRun } from '../ui/plain/dry-run.js';
import { translator } from '../i18n/index.js';
import { run as runCatalog } from '../i18n/run.js';


export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('run', argv);
  if (positionals.length !== 1) throw new UserError('error.usage', { usage: usageLine('run') }, { key: 'hint.commandHelp', vars: { command: 'run' } });
  if (values.resume && values.fresh) throw new UserError('error.resumeFresh', {}, { key: 'hint.resumeFresh' });

  const { runbook } = await loadRunbook(positionals[0]!, process.env, { cache: useCache(values) });
  const lang = chooseLang(runbook, str(values.lang));
  const paramArgs = list(values.param);
  rejectSecretFlags(runbook, paramArgs);
  const given = await readParamLayers(runbook, paramArgs, str(values['params-file']));
  const from = str(values.from);
  const only = list(values.only);
  const confirm = list(values.confirm);
  checkStepIds(runbook, { '--from': from ? [from] : [], '--only': only, '--confirm': confirm });
  const selection: Selection | undefined = from || only.length ? { ...(from ? { from } : {}), ...(only.length ? { only } : {}) } : undefined;
  const rehearsal = values.rehearse === true;
  const yes = values.yes === true;
  const mode = uiMode(str(values.ui), yes);

  if (values['dry-run']) {
    const params = valuesOf(gatherParams(runbook, given, { env: process.env, useExamples: rehearsal, cwd: process.cwd() }));
    const planned = planRun(runbook, params, { lang, captures: {}, selection }, translator(runCatalog, lang));
    const secrets = Secrets.fromParams(runbook.params, params);
    printDryRun(runbook, lang, planned, redacted(runbook.params, params), (s) => secrets.mask(s), rehearsal);
    return EXIT.ok;
  }

  const root = stateRoot(str(values['state-dir']));
  // --fresh starts anew whatever is unfinished: no need to read every run's state to find one.
  const unfinished = values.fresh && !values.resume ? undefined : findUnfinished(root, runbook.id, rehearsal);
  const base = {
    runbook, stateRoot: root, mode, interactive: isInteractive(yes), selection, confirm, given,
    rerunInterrupted: values['rerun-interrupted'] === true, rerunChanged: values['rerun-changed'] === true,
  };
  if (values.resume) {
    if (!unfinished) throw new UserError('error.noUnfinished', { id: runbook.id, dir: root }, { key: 'hint.noUnfinished' });
    return launch({ ...base, rehearsal: unfinished.rehearsal, resume: unfinished, lang: values.lang ? lang : resumedLang(runbook, unfinished) });
  }
  if (unfinished && !values.fresh && mode === 'plain') {
    const { done, applicable } = storedProgress(runbook, unfinished);
    throw new UserError('error.unfinishedRun', { id: runbook.id, runId: unfinished.runId, status: unfinished.status, done, total: applicable, updatedAt: unfinished.updatedAt }, { key: 'hint.unfinishedRun' });
  }
  return launch({ ...base, lang, rehearsal, resumable: unfinished && !values.fresh ? unfinished : undefined });
}

/** A secret on the command line would be visible to every user in the process list. */
export function rejectSecretFlags(runbook: Runbook, args: string[]): void {
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
