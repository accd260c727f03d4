// The start of a one-file release (release/runbook.mjs and the single executable, built by
// scripts/release.mjs): unpacks the shipped runbooks/ and rehearsal/ it carries into a private,
// per-user cache directory named by their content hash, tells the rest of the code where they are
// (RELEASE in engine/core/env.ts), then runs the CLI as bin/runbook.js does.
import { chmodSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Release } from './engine/core/env.js';

export interface Assets {
  /** sha256 over every path, mode and content. */
  hash: string;
  /** [path relative to the project root, file mode, UTF-8 content]. */
  files: [string, number, string][];
}

export interface ReleaseStart extends Omit<Release, 'root'> {
  assets: Assets;
  argv: string[];
}

/** Marks a complete unpacking (written last, so that a half-written directory is never used). */
const COMPLETE = '.complete';

export async function startRelease(o: ReleaseStart): Promise<void> {
  const { assets, argv, ...release } = o;
  let code: number;
  try {
    (globalThis as { runbookRelease?: Release }).runbookRelease = { ...release, root: unpack(assets) };
    const { main } = await import('./cli.js');
    code = await main(argv);
  } catch (e) {
    process.stderr.write(`runbook: ${(e as Error).message}\n`);
    code = 2;
  }
  process.exitCode = code;
}

/** The directory holding these assets, unpacked now unless an earlier start did it. */
export function unpack(assets: Assets, base = cacheBase()): string {
  const dir = join(base, assets.hash.slice(0, 16));
  if (existsSync(join(dir, COMPLETE))) return dir;
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  for (const [path, mode, text] of assets.files) {
    const file = join(tmp, path);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, text, { mode });
  }
  writeFileSync(join(tmp, COMPLETE), `${assets.hash}\n`);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another start unpacked the same assets meanwhile: use its copy.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, COMPLETE))) throw e;
  }
  return dir;
}

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
  throw new Error(`cannot unpack the shipped runbooks: ${reasons.join('; ')}`);
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
