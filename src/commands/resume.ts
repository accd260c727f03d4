// runbook resume [RUN_ID]: continue a run (without RUN_ID: the most recently updated unfinished one).
import { usageLine } from './shared/spec.js';
import { parseFlags, useCache, str, list, type Parsed } from './shared/args.js';
import { readRun } from './shared/runs.js';
import { UserError } from '../engine/core/errors.js';
import { loadRunbook, chooseLang, readParamLayers } from './shared/load.js';
import { launch } from './shared/launch.js';
import type { RunState } from '../engine/execution/run-api.js';
import { runsDir, stateRoot, UNFINISHED } from '../engine/execution/store/state.js';
import { checkStepIds, rejectSecretFlags, uiMode, isInteractive, resumedLang, unfinishedRuns } from './run.js';

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('resume', argv);
  if (positionals.length > 1) throw new UserError('error.usage', { usage: usageLine('resume') }, { key: 'hint.commandHelp', vars: { command: 'resume' } });
  const root = stateRoot(str(values['state-dir']));
  return resumeRun(root, positionals[0] ? readRun(root, positionals[0]) : latestUnfinished(root), values);
}

/** Continue the stored run `state` in the chosen face, with the flags of `resume`. */
export async function resumeRun(root: string, state: RunState, values: Parsed['values']): Promise<number> {
  if (!UNFINISHED.includes(state.status)) {
    throw new UserError('error.runFinished', { runId: state.runId, status: state.status }, { key: 'hint.fresh', vars: { file: state.runbook.path } });
  }
  const { runbook } = await loadRunbook(state.runbook.path, process.env, { cache: useCache(values) });
  const confirm = list(values.confirm);
  checkStepIds(runbook, { '--confirm': confirm });
  const paramArgs = list(values.param);
  rejectSecretFlags(runbook, paramArgs);
  const given = await readParamLayers(runbook, paramArgs);
  const yes = values.yes === true;
  return launch({
    runbook,
    lang: values.lang ? chooseLang(runbook, str(values.lang)) : resumedLang(runbook, state),
    stateRoot: root,
    mode: uiMode(str(values.ui), yes),
    interactive: isInteractive(yes),
    given,
    rehearsal: state.rehearsal,
    resume: state,
    confirm,
    rerunInterrupted: values['rerun-interrupted'] === true,
    rerunChanged: values['rerun-changed'] === true,
  });
}

export function latestUnfinished(root: string): RunState {
  const found = unfinishedRuns(root)[0];
  if (!found) throw new UserError('error.noUnfinishedAny', { dir: runsDir(root) }, { key: 'hint.status' });
  return found;
}
