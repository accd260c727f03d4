// runbook resume [RUN_ID]: continue a run (without RUN_ID: the most recently updated unfinished one).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { usageLine } from './shared/spec.js';
import { parseFlags, str, list } from './shared/args.js';
import { UserError } from '../engine/core/errors.js';
import { loadRunbook, chooseLang } from './shared/load.js';
import type { RunState } from '../engine/execution/run-api.js';
import { readState, runsDir, stateRoot, STATE_FILE, UNFINISHED } from '../engine/execution/store/state.js';
import { isRunId } from '../engine/execution/store/runid.js';
import { launch, checkStepIds, uiMode, isInteractive, resumedLang, unfinishedRuns } from './run.js';


export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('resume', argv);
  if (positionals.length > 1) throw new UserError('error.usage', { usage: usageLine('resume') }, { key: 'hint.commandHelp', vars: { command: 'resume' } });
  const root = stateRoot(str(values['state-dir']));
  const state = positionals[0] ? readRun(root, positionals[0]) : latestUnfinished(root);
  if (!UNFINISHED.includes(state.status)) {
    throw new UserError('error.runFinished', { runId: state.runId, status: state.status }, { key: 'hint.fresh', vars: { file: state.runbook.path } });
  }
  const { runbook } = loadRunbook(state.runbook.path);
  const confirm = list(values.confirm);
  checkStepIds(runbook, { '--confirm': confirm });
  const yes = values.yes === true;
  return launch({
    runbook,
    lang: values.lang ? chooseLang(runbook, str(values.lang)) : resumedLang(runbook, state),
    stateRoot: root,
    mode: uiMode(str(values.ui), yes),
    interactive: isInteractive(yes),
    params: state.params,
    rehearsal: state.rehearsal,
    resumeId: state.runId,
    confirm,
    rerunInterrupted: values['rerun-interrupted'] === true,
    rerunChanged: values['rerun-changed'] === true,
  });
}

function readRun(root: string, runId: string): RunState {
  const file = join(runsDir(root), runId, STATE_FILE);
  if (!isRunId(runId) || !existsSync(file)) throw new UserError('error.noRun', { runId, dir: runsDir(root) }, { key: 'hint.status' });
  return readState(file);
}

function latestUnfinished(root: string): RunState {
  const found = unfinishedRuns(root)[0];
  if (!found) throw new UserError('error.noUnfinishedAny', { dir: runsDir(root) }, { key: 'hint.status' });
  return found;
}
