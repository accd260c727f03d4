// A rehearsal on a node without `node` on PATH (as with the single executable): the toolbox's
// stand-ins and the simulated upgrade.sh are run by runbook itself (`RUNBOOK_SELF … __sim TOOL`).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, fixture, sandbox } from './helpers/harness.js';

describe('rehearsal without node on PATH', () => {
  it('runs the simulated kubectl and upgrade.sh through runbook __sim', async () => {
    const box = sandbox();
    try {
      const bin = join(box.dir, 'bin');
      mkdirSync(bin);
      // Every command of the system but node's.
      execFileSync('sh', ['-c', `for d in /usr/local/bin /usr/bin /bin; do [ -d "$d" ] && find "$d" -maxdepth 1 ! -type d -print0 | xargs -0 ln -s -t "${bin}" 2>/dev/null; done; rm -f "${bin}"/node "${bin}"/nodejs; true`]);
      const r = await runCli(['run', fixture('rehearse-no-node.md'), '--state-dir', box.state, '--rehearse', '--yes'], { env: { PATH: bin, RUNBOOK_REHEARSAL_FAST: '1' } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('node is on PATH');
      expect(r.stdout).toMatch(/│ NAME +STATUS +ROLES/);
      expect(r.stdout).toContain('rehearsal: upgrade.sh --bogus: not simulated');
      expect(r.stdout).toContain('upgrade.sh exited 1');
    } finally {
      box.cleanup();
    }
  });
});
