// runbook logs [RUN_ID] [STEP] [-f]: a step's log (default: the latest run, its running or last step);
// -f follows it while the step runs. Quick: no Ink (state and lock readers only).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags, str } from './shared/args.js';
import { usageLine } from './shared/spec.js';
import { readRun, latestRun } from './shared/runs.js';
import { currentStep, followLog, stepRunning } from './shared/follow.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { logPath, runsDir, stateRoot } from '../engine/execution/store/state.js';
import { isRunId } from '../engine/execution/store/runid.js';

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('logs', argv);
  if (positionals.length > 2) throw new UserError('error.usage', { usage: usageLine('logs') }, { key: 'hint.commandHelp', vars: { command: 'logs' } });
  const root = stateRoot(str(values['state-dir']));
  // One word is a run id when it reads like one, else a step of the latest run.
  const [runId, stepId] = positionals.length === 2 || (positionals[0] && isRunId(positionals[0])) ? positionals : [undefined, positionals[0]];
  const state = runId ? readRun(root, runId) : latestRun(root);
  const runDir = join(runsDir(root), state.runId);
  const step = stepId ? state.steps.find((s) => s.id === stepId) : currentStep(state);
  const withLog = state.steps.filter((s) => existsSync(logPath(runDir, s.id))).map((s) => s.id);
  if (!step || (!withLog.includes(step.id) && step.status !== 'running')) {
    throw new UserError('error.noStepLog', { runId: state.runId, step: stepId ?? '-' }, { key: 'hint.stepLogs', vars: { steps: withLog.join(', ') || '-' } });
  }
  const follow = values.follow === true;
  await followLog(logPath(runDir, step.id), process.stdout, () => follow && stepRunning(runDir, step.id));
  return EXIT.ok;
}
