// A rehearsal sandbox as the runner makes one: the toolbox's stand-ins first on PATH, the sandbox
// environment, params upper-cased; `sh` runs a script the way the runner runs a step.
import { afterAll, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startToolboxServer, type ToolboxServer } from '../../src/engine/execution/toolbox-server.js';
import { ROOT } from './cli.js';

export const REHEARSAL_BIN = join(ROOT, 'rehearsal', 'bin');
const SETUP = join(ROOT, 'rehearsal', 'setup');

export interface Result { code: number | null; out: string; err: string }
type Env = Record<string, string | undefined>;

const made: string[] = [];
/** Remove every sandbox and temporary directory made so far (call from afterAll). */
export function cleanSandboxes(): void { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); }

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rb-rehearsal-'));
  made.push(d);
  return d;
}

/** A PATH of every command of the system but node's (symlinks in `dir`/bin), as on a node without node. */
export function pathWithoutNode(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  execFileSync('sh', ['-c', `for d in /usr/local/bin /usr/bin /bin; do [ -d "$d" ] && find "$d" -maxdepth 1 ! -type d -print0 | xargs -0 ln -s -t "${bin}" 2>/dev/null; done; rm -f "${bin}"/node "${bin}"/nodejs; true`]);
  return bin;
}

/**
 * A sandbox with `params` in its environment; with `toolbox` (a server's RUNBOOK_TOOLBOX), its
 * stand-ins are answered by that server, as in a runner's steps.
 */
export function sandbox(params: Record<string, string> = {}, toolbox?: string) {
  const dir = tempDir();
  const pkg = join(dir, 'root', 'root', 'cpaas-upgrade');
  const env: Record<string, string> = {
    PATH: `${REHEARSAL_BIN}:${dirname(process.execPath)}:${process.env.PATH}`,
    HOME: process.env.HOME ?? '/root',
    RUNBOOK_REHEARSAL: '1',
    RUNBOOK_REHEARSAL_DIR: dir,
    RUNBOOK_RUN_ID: 'test-run',
    RUNBOOK_LANG: 'en',
    RUNBOOK_REHEARSAL_FAST: '1',
    PACKAGE_DIR: pkg,
    ...(toolbox ? { RUNBOOK_TOOLBOX: toolbox } : {}),
    ...params,
  };
  const exec = (argv: string[], extra: Env = {}, cwd = dir, input?: string): Result => {
    const e: Record<string, string> = { ...env };
    for (const [k, v] of Object.entries(extra)) if (v === undefined) delete e[k]; else e[k] = v;
    const r = spawnSync(argv[0]!, argv.slice(1), { env: e, cwd, encoding: 'utf8', input });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  return {
    dir, pkg, env, exec,
    setup: (extra: Env = {}) => exec([SETUP], extra),
    sh: (script: string, step = 'step', extra: Env = {}, cwd = dir) =>
      exec(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { RUNBOOK_STEP: step, ...extra }, cwd),
    state: () => JSON.parse(readFileSync(join(dir, 'sim-state.json'), 'utf8')),
  };
}
export type Sandbox = ReturnType<typeof sandbox>;

/**
 * Sandboxes whose stand-ins a toolbox server answers, as a runner's are (a node process per command
 * costs ~0.1 s of CPU; toolbox-server.test.ts checks that the server's answers are those of the
 * stand-in's own process). Starts the server before the test file's tests; stops it and removes
 * every sandbox after them.
 */
export function servedSandboxes(): (params?: Record<string, string>) => Sandbox {
  let server: ToolboxServer;
  beforeAll(async () => {
    server = (await startToolboxServer(ROOT))!;
  });
  afterAll(async () => {
    await server.stop();
    cleanSandboxes();
  });
  return (params = {}) => sandbox(params, server.address);
}
