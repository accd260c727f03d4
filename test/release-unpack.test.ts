// The shipped files a one-file release carries: unpacked once per content hash into a private
// per-user directory, never used half-written. (The built release itself: npm run release:smoke.)
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unpack, type Assets } from '../src/release.js';
import { cacheBase } from '../src/engine/core/cache-dir.js';

const assets: Assets = { hash: 'ab'.repeat(32), files: [['runbooks/a.md', 0o644, '# a\n'], ['rehearsal/bin/kubectl', 0o755, '#!/bin/sh\n']] };

describe('unpacking the shipped files', () => {
  it('writes them once under their hash with their modes, in a directory only the user can read', () => {
    const home = mkdtempSync(join(tmpdir(), 'runbook-cache-'));
    try {
      const base = cacheBase({ XDG_CACHE_HOME: home });
      expect(base).toBe(join(home, 'runbook'));
      expect(statSync(base).mode & 0o777).toBe(0o700);
      const dir = unpack(assets, base);
      expect(dir).toBe(join(base, 'abababababababab'));
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(readFileSync(join(dir, 'runbooks', 'a.md'), 'utf8')).toBe('# a\n');
      expect(statSync(join(dir, 'rehearsal', 'bin', 'kubectl')).mode & 0o777).toBe(0o755);
      // A second start uses the copy as it is.
      writeFileSync(join(dir, 'runbooks', 'a.md'), 'kept');
      expect(unpack(assets, base)).toBe(dir);
      expect(readFileSync(join(dir, 'runbooks', 'a.md'), 'utf8')).toBe('kept');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a temporary directory left by a start that crashed while unpacking does not stop the next one', () => {
    const base = mkdtempSync(join(tmpdir(), 'runbook-cache-'));
    try {
      const dir = join(base, 'abababababababab');
      mkdirSync(join(`${dir}.99999.tmp`, 'runbooks'), { recursive: true });
      writeFileSync(join(`${dir}.99999.tmp`, 'runbooks', 'a.md'), 'torn');
      expect(unpack(assets, base)).toBe(dir);
      expect(readFileSync(join(dir, 'runbooks', 'a.md'), 'utf8')).toBe('# a\n');
      expect(existsSync(join(dir, '.complete'))).toBe(true);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('takes back a cache directory others could write to', () => {
    const home = mkdtempSync(join(tmpdir(), 'runbook-cache-'));
    try {
      mkdirSync(join(home, 'runbook'));
      chmodSync(join(home, 'runbook'), 0o777);
      cacheBase({ XDG_CACHE_HOME: home });
      expect(statSync(join(home, 'runbook')).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
