// runbook attach [RUN_ID]: from any terminal, take up a run whose runner lost its terminal. While
// that runner finishes its step headless, its output is shown live (the step's log); once it has
// paused the run and let go, the run continues here exactly as `runbook resume` would.
import { join } from 'node:path';
import { parseFlags, str } from './shared/args.js';
import { usageLine } from './shared/spec.js';
import { readRun } from './shared/runs.js';
import { POLL_MS, followLog, isHeadless, liveRunner, stepRunning } from './shared/follow.js';
import { latestUnfinished, resumeRun } from './resume.js';
import { UserError } from '../engine/core/errors.js';
import { messageLang } from '../engine/core/env.js';
import { sleep } from '../engine/core/clock.js';
import { logPath, readState, runsDir, stateRoot, STATE_FILE } from '../engine/execution/store/state.js';
import { translator } from '../i18n/index.js';
import { run as runCatalog } from '../i18n/run.js';

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('attach', argv);
  if (positionals.length > 1) throw new UserError('error.usage', { usage: usageLine('attach') }, { key: 'hint.commandHelp', vars: { command: 'attach' } });
  const root = stateRoot(str(values['state-dir']));
  const { runId, lang } = positionals[0] ? readRun(root, positionals[0]) : latestUnfinished(root);
  await watchHeadless(join(runsDir(root), runId), runId, messageLang(str(values.lang) ?? lang));
  // Read again: the headless runner saved the step's result and paused the run.
  return resumeRun(root, readRun(root, runId), values);
}

/** Show the headless runner's steps as they run, until it lets go of the run. */
async function watchHeadless(runDir: string, runId: string, lang: string): Promise<void> {
  const t = translator(runCatalog, lang);
  const say = (text: string) => process.stdout.write(`== ${text}\n`);
  for (let runner = liveRunner(runDir); runner; runner = liveRunner(runDir)) {
    if (!isHeadless(runDir, runner)) {
      throw new UserError('error.attachLive', { runId, pid: runner.pid, host: runner.host }, { key: 'hint.attachLive', vars: { runId } });
    }
    const running = readState(join(runDir, STATE_FILE)).steps.find((s) => s.status === 'running');
    if (!running) {
      await sleep(POLL_MS);
      continue;
    }
    say(t('attach.following', { step: running.id, runId, pid: runner.pid }));
    await followLog(logPath(runDir, running.id), process.stdout, () => stepRunning(runDir, running.id));
    const ended = readState(join(runDir, STATE_FILE)).steps.find((s) => s.id === running.id)!;
    say(t('attach.ended', { step: running.id, status: t(`status.${ended.status}`) }));
  }
}
