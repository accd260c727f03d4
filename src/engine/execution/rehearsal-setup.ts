// `--rehearse`: rehearsal/setup builds the simulated platform in the run's sandbox before the first
// step of a run or a resume. Its failure stops the run before anything else runs.
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Secrets } from './secrets.js';
import { startScript, outputLines, type ScriptResult } from './exec.js';
import type { RunRecord } from './run-record.js';
import { AppendFile, ensureDir } from './store/state.js';
import { UserError, EXIT } from '../core/errors.js';

const SETUP_TIMEOUT_MS = 10 * 60_000;
const SETUP_TAIL_LINES = 40;

export interface RehearsalSetup {
  record: RunRecord;
  /** Holds rehearsal/setup. */
  projectRoot: string;
  env: Record<string, string>;
  secrets: Secrets;
  killGraceMs: number;
}

/** Run rehearsal/setup in the sandbox; a failure marks the run failed and says what it printed. */
export async function runRehearsalSetup({ record, projectRoot, env, secrets, killGraceMs }: RehearsalSetup): Promise<void> {
  ensureDir(record.sandbox);
  const setup = join(projectRoot, 'rehearsal', 'setup');
  if (!existsSync(setup)) return;
  const lines: string[] = [];
  const log = new AppendFile(join(record.runDir, 'logs', 'rehearsal-setup.log'), false);
  let result: ScriptResult;
  try {
    const script = startScript({
      argv: isExecutable(setup) ? [setup] : ['bash', setup],
      env,
      cwd: record.sandbox,
      timeoutMs: SETUP_TIMEOUT_MS,
      killGraceMs,
      secrets,
      log: (text) => log.write(text),
      onText: (_stream, text) => { lines.push(...outputLines(text).slice(-SETUP_TAIL_LINES)); lines.splice(0, lines.length - SETUP_TAIL_LINES); },
    });
    result = await script.result;
  } finally {
    log.close();
  }
  record.record('rehearsal-setup', { exitCode: result.exitCode, signal: result.signal });
  if (result.storageError) throw result.storageError;
  if (result.exitCode !== 0) {
    record.state.status = 'failed';
    record.save();
    throw new UserError('error.rehearsalSetup', { file: setup, code: result.exitCode ?? result.signal ?? '?', output: lines.join('\n') || '-' }, { key: 'hint.rehearsalSetup', vars: { log: log.path } }, EXIT.failed);
  }
}

function isExecutable(file: string): boolean {
  try { accessSync(file, constants.X_OK); return true; } catch { return false; }
}
