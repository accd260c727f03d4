// The plain face's output bytes: the same as joining the lines around the prefix, for any text.
import { describe, expect, it } from 'vitest';
import { prefixLines } from '../src/ui/plain/prefix-lines.js';

const PREFIX = Buffer.from('  │ ');
const naive = (lines: string[]) => Buffer.from(lines.map((l) => `  │ ${l}\n`).join(''));

describe('prefixLines', () => {
  it('prefixes and ends every line, empty ones included', () => {
    expect(prefixLines(['a', '', 'b'], PREFIX).toString()).toBe('  │ a\n  │ \n  │ b\n');
    expect(prefixLines([''], PREFIX).toString()).toBe('  │ \n');
  });

  it('gives the bytes of the naive join for ASCII, Latin-1, Cyrillic, CJK and emoji lines, short and long', () => {
    const pieces = ['x', 'é', 'ÿ', 'привет', '升级', '🙂', ' ', '\t', '│'];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round++) {
      // up to 40 pieces: lines on both sides of the byte-by-byte copy's limit (64 bytes)
      const lines = Array.from({ length: 1 + next(20) }, () => Array.from({ length: next(40) }, () => pieces[next(pieces.length)]).join(''));
      expect(prefixLines(lines, PREFIX).equals(naive(lines))).toBe(true);
    }
  });
});
