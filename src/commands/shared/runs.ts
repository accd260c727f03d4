// Finding a stored run by id, or the latest one: light (state readers only), for quick commands too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../engine/core/errors.js';
import type { RunState } from '../../engine/execution/run-api.js';
import { listRuns, readState, runsDir, STATE_FILE } from '../../engine/execution/store/state.js';
import { isRunId } from '../../engine/execution/store/runid.js';

export function readRun(root: string, runId: string): RunState {
  const file = join(runsDir(root), runId, STATE_FILE);
  if (!isRunId(runId) || !existsSync(file)) throw new UserError('error.noRun', { runId, dir: runsDir(root) }, { key: 'hint.status' });
  return readState(file);
}

/** The most recently updated run, whatever its status. */
export function latestRun(root: string): RunState {
  const latest = listRuns(root).runs[0];
  if (!latest) throw new UserError('error.noRuns', { dir: runsDir(root) }, { key: 'hint.noRuns' });
  return latest.state;
}
