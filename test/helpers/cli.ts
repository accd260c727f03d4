// The built binary as a child process, with a minimal environment (PATH, HOME and what the test adds),
// so that the developer's RUNBOOK_* or LANG settings never change a result.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'runbook.js');

/**
 * The environment a test gives the binary: PATH, HOME, the C locale, the suite's own cache directory
 * (set by test/global-setup.ts: never the developer's ~/.cache), and what the test adds.
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C', XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, ...extra };
}

/** `runbook ARGS` to its end (see helpers/harness.ts startCli for one that runs alongside the test). */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: cliEnv(opts.env), cwd: opts.cwd ?? ROOT, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
