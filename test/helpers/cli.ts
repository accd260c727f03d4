// The built binary as a child process, with a minimal environment (PATH, HOME and what the test adds),
// so that the developer's RUNBOOK_* or LANG settings never change a result.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'runbook.js');

export function runCli(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...opts.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, cwd: opts.cwd ?? ROOT, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
