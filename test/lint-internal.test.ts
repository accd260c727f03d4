// A bug in the parser must end in a finding, not a stack trace.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../src/engine/document/parse.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/engine/document/parse.js')>()),
  parseRunbook: () => { throw new Error('boom'); },
}));

const { lintSource } = await import('../src/engine/authoring/lint.js');

describe('lintSource', () => {
  it('reports an internal error as a finding with rule "internal"', () => {
    expect(lintSource('anything', 'x.md')).toEqual([{
      file: 'x.md', line: 1, column: 1, severity: 'error', rule: 'internal',
      message: 'internal error while linting (boom); please report it with this file',
    }]);
  });
});
