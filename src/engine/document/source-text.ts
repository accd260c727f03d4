// The runbook's text before markdown: normalized line endings, a line index for positions, and content
// that is not text (binary bytes, control characters, broken UTF-8).
import { msg } from '../../i18n/lint-text.js';
import type { Position } from './model.js';
import type { Report } from './parse-context.js';

/** The text the parser works on: no byte-order mark, "\n" line endings. Line and column numbers are unchanged. */
export function normalizeSource(raw: string): string {
  let s = raw;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  return s;
}

/** Offsets ↔ line/column (1-based, in UTF-16 code units like the markdown parser). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }
  lineEnd(line: number): number {
    const next = this.starts[line];
    return next === undefined ? this.text.length : next - 1;
  }
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/**
 * Report content that is not text. NUL bytes become U+FFFD so that the rest of the file can still be
 * checked; the returned text and index are the ones to go on with.
 */
export function screenContent(normalized: string, report: Report): { source: string; lines: LineIndex } {
  let source = normalized;
  let lines = new LineIndex(source);
  const nul = source.search(/[\u0000\u0001]/);
  if (nul >= 0) {
    const count = (source.match(/[\u0000\u0001]/g) ?? []).length;
    report(lines.position(nul), 'error', msg(count === 1 ? 'nul.one' : 'nul.many', { count }), 'binary-content');
    source = source.replace(/[\u0000\u0001]/g, '\uFFFD');
    lines = new LineIndex(source);
  }
  const ctl = nul >= 0 ? -1 : source.search(/[\u0002-\u0008\u000B\u000E-\u001F\u007F]/);
  if (ctl >= 0) {
    const code = source.charCodeAt(ctl).toString(16).toUpperCase().padStart(4, '0');
    report(lines.position(ctl), 'warning', msg('controlCharacter', { code }), 'control-character');
  }
  const bad = source.indexOf('\uFFFD');
  if (bad >= 0 && nul < 0) {
    report(lines.position(bad), 'warning', msg('invalidUtf8'), 'encoding');
  }
  return { source, lines };
}
