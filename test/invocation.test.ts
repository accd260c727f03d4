// The form of the program every suggested command line is shown in: as the operator started it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invocation } from '../src/engine/core/invocation.js';
import { BIN, ROOT, runCli } from './helpers/cli.js';

const base = { argv0: 'node', script: BIN, env: {}, cwd: ROOT, executable: false };

describe('invocation', () => {
  it('npx runbook when npx started it through its node_modules/.bin link', () => {
    const script = '/root/.npm/_npx/d7f59eaf3a0b8dca/node_modules/.bin/runbook';
    expect(invocation({ ...base, script, env: { npm_command: 'exec', PATH: '/root/.npm/_npx/d7f59eaf3a0b8dca/node_modules/.bin' } })).toBe('npx runbook');
    // A tool started by npx (vitest) that runs node bin/runbook.js passes npm's variables on.
    expect(invocation({ ...base, env: { npm_command: 'exec' } })).toBe('node bin/runbook.js');
  });

  it('the single executable as typed: ./runbook-linux-x64, or its bare name found on PATH', () => {
    expect(invocation({ ...base, executable: true, argv0: './runbook-linux-x64', script: './runbook-linux-x64' })).toBe('./runbook-linux-x64');
    expect(invocation({ ...base, executable: true, argv0: 'runbook-linux-x64' })).toBe('runbook-linux-x64');
  });

  it('runbook when the script is what its name finds on PATH (npm install -g)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-path-'));
    try {
      symlinkSync(BIN, join(dir, 'runbook'));
      expect(invocation({ ...base, script: join(dir, 'runbook'), env: { PATH: `/nowhere:${dir}` } })).toBe('runbook');
      expect(invocation({ ...base, script: join(dir, 'runbook'), env: { PATH: '/nowhere' }, cwd: '/srv' })).toBe(`node ${join(dir, 'runbook')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('node and the script, relative to the working directory when it lies below it, quoted when it must be', () => {
    expect(invocation(base)).toBe('node bin/runbook.js');
    expect(invocation({ ...base, cwd: '/' + 'x'.repeat(3) })).toBe(`node ${BIN}`);
    expect(invocation({ ...base, script: '/opt/my tools/runbook.mjs', cwd: '/srv' })).toBe(`node '/opt/my tools/runbook.mjs'`);
  });

  it('hints name the program that way (here: node bin/runbook.js)', () => {
    const r = runCli(['resume', '20990101-0000-nope-0000', '--state-dir', join(tmpdir(), 'runbook-none')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"node bin/runbook.js status"');
  });
});
