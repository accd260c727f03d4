// `npm run build`, unless the last build is newer than every file it reads; then only the commit
// `--version` names is brought up to date. npm runs this as `prepare`: at `npm install`, and again
// when `npx runbook` installs this very project into npx's cache at its first use (a second full
// build: 11 s of the README's first command). The tests run it first too (test/global-setup.ts):
// after an edit they run what was edited. `npm run build` itself always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildInfo } from './git-info.mjs';

const ROOT = join(import.meta.dirname, '..');
/** What `npm run build` reads (it also type-checks the rehearsal toolbox's JSDoc, and bundles the dependencies). */
const INPUTS = ['src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'rehearsal/lib', 'tsconfig.rehearsal.json'];
/** What it writes last (scripts/bundle.mjs). */
const LAST_OUTPUT = join(ROOT, 'dist', 'bundle', 'build-id');

/** Build when a file the build reads is newer than its last output; throws when the build fails. */
export function buildIfStale() {
  const built = existsSync(LAST_OUTPUT) ? statSync(LAST_OUTPUT).mtimeMs : -1;
  const stale = Math.max(...INPUTS.map((p) => newest(join(ROOT, p)))) > built;
  if (!stale && builtCommit() === buildInfo(ROOT).commit) return;
  const r = stale
    ? spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    : spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-info.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${stale ? 'npm run build' : 'scripts/build-info.mjs'} failed (exit ${r.status ?? r.signal})`);
}

/** The commit dist/build-info.json names (scripts/build-info.mjs), if any. */
function builtCommit() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'dist', 'build-info.json'), 'utf8')).commit;
  } catch {
    return undefined;
  }
}

/** The latest modification time of a file, or of any file under a directory. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    buildIfStale();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
