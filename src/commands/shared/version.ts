// The version line (`--version`, the report of an internal error): the release's, or the source tree's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, RELEASE, toolVersion } from '../../engine/core/env.js';

/** `runbook 0.1.0 (commit 5b8e5bb2c0de, built 2026-12-01T09:40:00Z)`: a release's, or the source tree's (dist/build-info.json). */
export function version(): string {
  if (RELEASE) return `runbook ${RELEASE.version} (commit ${RELEASE.commit}, built ${RELEASE.date})`;
  const v = toolVersion();
  let info = { commit: 'unknown', date: 'unknown' };
  try { info = JSON.parse(readFileSync(join(PROJECT_ROOT, 'dist', 'build-info.json'), 'utf8')) as typeof info; } catch { /* built by tsc alone */ }
  return `runbook ${v} (commit ${info.commit}, built ${info.date})`;
}
