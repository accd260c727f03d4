// The build as npm runs it: `prepare` (at `npm install`, and when `npx runbook` first installs this
// project into npx's cache) builds only what changed, and `--version` names the commit checked out.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from './helpers/harness.js';

describe('npm run prepare', () => {
  it('on a tree built since its last change writes no build, and --version names the commit checked out', async () => {
    // test/global-setup.ts has just built it, as `npm install` had.
    const buildId = join(ROOT, 'dist', 'bundle', 'build-id');
    const before = statSync(buildId).mtimeMs;
    const r = spawnSync('npm', ['run', 'prepare'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('npm run build');
    expect(r.stdout).not.toContain('tsc -p');
    expect(statSync(buildId).mtimeMs).toBe(before);
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect((await runCli(['--version'])).stdout).toContain(`(commit ${head}`);
  });
});
