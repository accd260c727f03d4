// The per-user cache directory: where a one-file release unpacks its runbooks (release.ts) and
// where the analysis cache keeps its entries (commands/shared/analysis-cache.ts). Another user must
// not be able to plant anything there, so it is created private and checked when it exists.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** $XDG_CACHE_HOME/runbook (or ~/.cache/runbook), else $TMPDIR/runbook-UID: ours alone, mode 0700. */
export function cacheBase(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.XDG_CACHE_HOME || (env.HOME || homedir() ? join(env.HOME || homedir(), '.cache') : '');
  const candidates = [home && join(home, 'runbook'), join(tmpdir(), `runbook-${process.getuid?.() ?? 'user'}`)].filter(Boolean);
  const reasons: string[] = [];
  for (const dir of candidates) {
    try {
      return privateDir(dir);
    } catch (e) {
      reasons.push(`${dir}: ${(e as Error).message}`);
    }
  }
  throw new Error(`no private cache directory: ${reasons.join('; ')}`);
}

/** Create `dir` (mode 0700) or check that it is a real directory owned by us that no one else can write. */
function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error('not a directory');
  if (process.getuid && st.uid !== process.getuid()) throw new Error(`owned by uid ${st.uid}, not by you`);
  if (st.mode & 0o022) chmodSync(dir, 0o700);
  return dir;
}
