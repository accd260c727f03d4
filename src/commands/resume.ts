// runbook resume [RUN_ID]: continue a run (without RUN_ID: the most recently updated unfinished one).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags, str, list } from './shared/args.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { loadRunbook, chooseLang, readParamLayers } from './shared/load.js';
import { launch } from './shared/launch.js';
import type { RunState } from '../engine/execution/run-api.js';
import { readState, runsDir, stateRoot, STATE_FILE, UNFINISHED } from '../engine/execution/store/state.js';
import { isRunId } from '../engine/execution/store/runid.js';
import { checkStepIds, rejectSecretFlags, uiMode, isInteractive, resumedLang, unfinishedRuns } from './run.js';

export const RESUME_USAGE = 'runbook resume [RUN_ID] [--param k=v]... [--confirm STEP]... [--rerun-interrupted] [--rerun-changed] [--yes] [--lang L] [--state-dir DIR] [--ui tui|plain]';

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('resume', argv, {
    param: { type: 'string', multiple: true },
    confirm: { type: 'string', multiple: true },
    'rerun-interrupted': { type: 'boolean' },
    'rerun-changed': { type: 'boolean' },
    yes: { type: 'boolean' },
    lang: { type: 'string' },
    'state-dir': { type: 'string' },
    ui: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`usage: ${RESUME_USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UserError('error.usage', { usage: RESUME_USAGE }, { key: 'hint.commandHelp', vars: { command: 'resume' } });
  const root = stateRoot(str(values['state-dir']));
  const state = positionals[0] ? readRun(root, positionals[0]) : latestUnfinished(root);
  if (!UNFINISHED.includes(state.status)) {
    throw new UserError('error.runFinished', { runId: state.runId, status: state.status }, { key: 'hint.fresh', vars: { file: state.runbook.path } });
  }
  const { runbook } = loadRunbook(state.runbook.path);
  const confirm = list(values.confirm);
  checkStepIds(runbook, { '--confirm': confirm });
  const paramArgs = list(values.param);
  rejectSecretFlags(runbook, paramArgs);
  const given = readParamLayers(runbook, paramArgs);
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
