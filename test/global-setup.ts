// Before any test file: the tests run the built binary (bin/runbook.js → dist/bundle/), so build it
// when a file it is built from is newer than the last build, and only then (scripts/build-if-stale.mjs,
// also `prepare`): on a fresh clone `npm test` does not build it a second time; after an edit, it
// does, whether the whole suite or one file is run. And a cache directory of the suite's own
// (XDG_CACHE_HOME, which the test files and the binaries they start get), removed at the end: as on
// a fresh machine, and never the developer's ~/.cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../scripts/build-if-stale.mjs';

export default function setup(): () => void {
  buildIfStale();
  const cache = mkdtempSync(join(tmpdir(), 'runbook-test-cache-'));
  process.env.XDG_CACHE_HOME = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
