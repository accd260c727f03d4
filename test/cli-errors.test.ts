// Only the CLI turns an error into an exit code: a user error says what to do; a bug says so and exits 70.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../src/cli.js';
import { UserError, EXIT } from '../src/engine/core/errors.js';

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
