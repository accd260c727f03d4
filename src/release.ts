// The start of a one-file release (release/runbook.mjs and the single executable, built by
// scripts/release.mjs): unpacks the shipped runbooks/ and rehearsal/ it carries into a private,
// per-user cache directory named by their content hash, tells the rest of the code where they are
// (RELEASE in engine/core/env.ts), then runs the CLI as bin/runbook.js does.
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Release } from './engine/core/env.js';
import { cacheBase } from './engine/core/cache-dir.js';

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

