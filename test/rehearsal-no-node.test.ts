// A rehearsal on a node without `node` on PATH (as with the single executable): the toolbox's
// stand-ins and the simulated upgrade.sh are run by runbook itself (`RUNBOOK_SELF … __sim TOOL`).
import { describe, expect, it } from 'vitest';
import { runCli, fixture, sandbox } from './helpers/harness.js';
import { pathWithoutNode } from './helpers/sandbox.js';

describe('rehearsal without node on PATH', () => {
  it('runs the simulated kubectl and upgrade.sh through runbook __sim', async () => {
    const box = sandbox();
    try {
      // RUNBOOK_REHEARSAL_SERVE=0: no toolbox server, each command its own process, as in a release
      const r = await runCli(['run', fixture('rehearse-no-node.md'), '--state-dir', box.state, '--rehearse', '--yes'], { env: { PATH: pathWithoutNode(box.dir), RUNBOOK_REHEARSAL_FAST: '1', RUNBOOK_REHEARSAL_SERVE: '0' } });
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
