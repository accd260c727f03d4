// Before any test file: the tests run the built binary (bin/runbook.js → dist/bundle/), so build it
// when a file it is built from is newer than the last build, and only then. `npm install` builds it
// (prepare): on a fresh clone `npm test` does not build it a second time; after an edit, it does,
// whether the whole suite or one file is run. And a cache directory of the suite's own
// (XDG_CACHE_HOME, which the test files and the binaries they start get), removed at the end: as on
// a fresh machine, and never the developer's ~/.cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
/** What `npm run build` reads (it also type-checks the rehearsal toolbox's JSDoc). */
const INPUTS = ['src', 'scripts', 'package.json', 'tsconfig.json', 'rehearsal/lib', 'tsconfig.rehearsal.json'];
/** What it writes last (scripts/bundle.mjs). */
const LAST_OUTPUT = join(ROOT, 'dist', 'bundle', 'build-id');

export default function setup(): () => void {
  buildIfStale();
  const cache = mkdtempSync(join(tmpdir(), 'runbook-test-cache-'));
  process.env.XDG_CACHE_HOME = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}

function buildIfStale(): void {
  const built = existsSync(LAST_OUTPUT) ? statSync(LAST_OUTPUT).mtimeMs : -1;
  if (Math.max(...INPUTS.map((p) => newest(join(ROOT, p)))) <= built) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
}

/** The latest modification time of a file, or of any file under a directory. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}
