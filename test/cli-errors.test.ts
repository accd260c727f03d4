// Only the CLI turns an error into an exit code: a user error says what to do; a bug says so and exits 70.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportError } from '../src/commands/shared/report-error.js';
import { UserError, EXIT } from '../src/engine/core/errors.js';
import { assertBuilt, forbiddingImports, runCli } from './helpers/harness.js';

function captureStderr(fn: () => number): { code: number; err: string } {
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: fn(), err };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('reportError', () => {
  it('a user error: its message and hint in the chosen language, its own exit code, no stack', () => {
    const e = new UserError('error.unknownCommand', { name: 'rnu' }, { key: 'hint.help' });
    const r = captureStderr(() => reportError(e, 'ru'));
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('runbook: ошибка:');
    expect(r.err).toContain('rnu');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('an unexpected exception is reported as a bug with its stack and exits 70, not 2', () => {
    const r = captureStderr(() => reportError(new TypeError('cannot read properties of undefined'), 'en'));
    expect(r.code).toBe(70);
    expect(r.err).toContain('internal error');
    expect(r.err).toContain('cannot read properties of undefined');
    expect(r.err).toMatch(/\n\s+at /);
    expect(r.err).toContain('please report it');
  });
});

describe('the message catalogs', () => {
  beforeAll(assertBuilt);

  it('--version loads none of them; an error loads them and says what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-catalogs-'));
    try {
      // A loader hook that fails any import of a catalog (but the translator's own modules).
      const { env, entry } = forbiddingImports(dir, /\/dist\/i18n\/(?!index|catalog)[a-z-]+\.js$/, 'catalog');
      const version = await runCli(['--version'], { env, entry });
      expect(version.stderr).toBe('');
      expect(version.stdout).toMatch(/^runbook \d+\.\d+\.\d+ \(commit \S+, built \S+\)\n$/);
      expect(version.code).toBe(0);
      // The hook does catch a catalog: an unknown command's error needs them.
      const failed = await runCli(['rnu'], { env, entry });
      expect(failed.stderr).toContain('catalog loaded');
      // Without the hook, that error is the user's message in the chosen language, exit 2.
      const error = await runCli(['lint', join(dir, 'missing.md'), '--lang', 'ru'], { entry });
      expect(error.stderr).toContain(`runbook: ошибка: runbook "${join(dir, 'missing.md')}" не найден`);
      expect(error.stderr).toContain('что сделать:');
      expect(error.code).toBe(EXIT.usage);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
