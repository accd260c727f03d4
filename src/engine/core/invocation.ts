// How the operator started this program, so that every command the tool suggests (resume, attach,
// confirm, help) can be copied and pasted as is. The one place that knows it.
import { realpathSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, relative } from 'node:path';
import { RELEASE } from './env.js';

export interface Started {
  /** process.argv0: the program as typed (a single executable's own name). */
  argv0: string;
  /** process.argv[1]: the script node runs (bin/runbook.js, a link to it on PATH, runbook.mjs). */
  script: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A single executable (it has no script). */
  executable: boolean;
}

/** `npx runbook`, `./runbook-linux-x64`, `runbook` (on PATH), or `node bin/runbook.js`. */
export function invocation(s: Started = started()): string {
  if (s.executable) return s.argv0.includes('/') ? shellWord(s.argv0) : basename(s.argv0);
  if (!s.script) return 'runbook';
  // npx runs the package's bin through a node_modules/.bin link (a tool started by npx that runs
  // node bin/runbook.js passes npm's variables on, but not that link).
  if (s.env.npm_command === 'exec' && /[\\/]node_modules[\\/]\.bin[\\/]runbook$/.test(s.script)) return 'npx runbook';
  if (onPath(s.script, s.env)) return basename(s.script);
  const rel = relative(s.cwd, s.script);
  return `node ${shellWord(rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : s.script)}`;
}

function started(): Started {
  return { argv0: process.argv0, script: process.argv[1], env: process.env, cwd: process.cwd(), executable: RELEASE?.self.length === 1 };
}

/** The script is what its bare name finds on PATH (npm install -g links bin/runbook.js there). */
function onPath(script: string, env: NodeJS.ProcessEnv): boolean {
  const name = basename(script);
  const real = realOf(script);
  return Boolean(real) && (env.PATH ?? '').split(delimiter).some((dir) => dir && realOf(join(dir, name)) === real && !name.endsWith('.js') && !name.endsWith('.mjs'));
}

function realOf(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Quoted for a POSIX shell only when it must be. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
