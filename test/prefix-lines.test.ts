// The plain face's output bytes: the same as joining the lines around the prefix, for any text.
import { describe, expect, it } from 'vitest';
import { prefixLines } from '../src/ui/plain/prefix-lines.js';
import { outputText } from '../src/engine/execution/exec.js';

const PREFIX = Buffer.from('  │ ');
const naive = (lines: string[]) => Buffer.from(lines.map((l) => `  │ ${l}\n`).join(''));

describe('prefixLines', () => {
  it('prefixes and ends every line, empty ones included', () => {
    expect(prefixLines('a\n\nb\n', PREFIX).toString()).toBe('  │ a\n  │ \n  │ b\n');
    expect(prefixLines('\n', PREFIX).toString()).toBe('  │ \n');
    expect(prefixLines('', PREFIX).toString()).toBe('');
  });

  it('gives the bytes of the naive join for ASCII, Latin-1, Cyrillic, CJK and emoji lines, short and long', () => {
    const pieces = ['x', 'é', 'ÿ', 'привет', '升级', '🙂', ' ', '\t', '│'];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 300; round++) {
      // short lines and long ones: the two ways prefixLines takes
      const width = round % 2 ? 3 : 60;
      const lines = Array.from({ length: 1 + next(20) }, () => Array.from({ length: next(width) }, () => pieces[next(pieces.length)]).join(''));
      expect(prefixLines(outputText(lines), PREFIX).equals(naive(lines))).toBe(true);
    }
  });
});
