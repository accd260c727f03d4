// Bounds on what reaches the markdown parser: hostile input (huge files, deep nesting, masses of markup)
// is refused up front with a finding, before it can make parsing slow or exhaust memory.
import { msg } from '../../i18n/lint-text.js';
import type { LintMessage } from './model.js';

/** Limits that keep parsing fast and bounded on hostile input (real runbooks stay far below them). */
export const LIMITS = {
  /** Characters in a file (a generated 5,000-step runbook in two languages holds 2.4 million). */
  chars: 4 * 1024 * 1024,
  /**
   * Inline markup characters (* _ ` [ < & and ":" before a name) outside code blocks: this many, plus
   * one per `markupPerChars` characters of the file. Markup costs the parser far more than text, so a
   * hostile file may not hold more of it than a legitimate runbook of its size does (about 1 in 20-50).
   */
  markup: 40_000,
  markupPerChars: 20,
  /** Inline markup characters in one block (between blank lines): the cost of one block is not linear. */
  markupPerBlock: 40_000,
  /** Emphasis marks (* and _) in one paragraph: the markdown parser is quadratic in them. */
  emphasisPerBlock: 1_000,
  /** Nested containers (:::if, steps, language blocks). */
  containerDepth: 100,
  /** Width of the block prefix of a line (indentation, ">" and list markers): nesting of lists and quotes. */
  prefixWidth: 256,
} as const;

/** One pass over the lines: refuse shapes that would make the markdown parser slow or exhaust memory. */
export function prescan(source: string): { offset: number; message: LintMessage; rule: string } | undefined {
  if (source.length > LIMITS.chars) {
    const mb = (source.length / 1024 / 1024).toFixed(1);
    return { offset: 0, rule: 'file-size', message: msg('limit.fileSize', { mb, max: LIMITS.chars / 1024 / 1024 }) };
  }
  let markup = 0;
  let fence: { ch: string; len: number } | undefined;
  const containers: number[] = [];
  let blockStart = -1;
  let blockEmphasis = 0;
  let blockMarkup = 0;
  const maxMarkup = LIMITS.markup + Math.floor(source.length / LIMITS.markupPerChars);
  for (let start = 0; start <= source.length; ) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    const line = source.slice(start, Math.min(end, start + 4096));
    const prefix = /^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*/.exec(line)![0];
    const rest = line.slice(prefix.length);
    const fm = /^(`{3,}|~{3,})/.exec(rest);
    if (fence) {
      if (fm && fm[1]![0] === fence.ch && fm[1]!.length >= fence.len && rest.slice(fm[1]!.length).trim() === '') fence = undefined;
    } else if (fm && !(fm[1]![0] === '`' && rest.slice(fm[1]!.length).includes('`'))) {
      fence = { ch: fm[1]![0]!, len: fm[1]!.length };
      blockStart = -1;
    } else {
      let width = 0;
      for (const c of prefix) width += c === '\t' ? 4 : c === ' ' ? 1 : 2;
      if (width > LIMITS.prefixWidth) {
        return { offset: start, rule: 'nesting-depth', message: msg('limit.prefixWidth', { width, max: LIMITS.prefixWidth }) };
      }
      const open = /^(:{3,})[A-Za-z]/.exec(rest);
      const close = /^(:{3,})[ \t]*$/.exec(rest);
      if (open) {
        containers.push(open[1]!.length);
        if (containers.length > LIMITS.containerDepth) {
          return { offset: start, rule: 'nesting-depth', message: msg('limit.containerDepth', { max: LIMITS.containerDepth }) };
        }
      } else if (close) {
        const i = containers.findIndex((n) => n <= close[1]!.length);
        if (i >= 0) containers.length = i;
      }
      if (rest.trim() === '') { blockStart = -1; blockEmphasis = 0; blockMarkup = 0; }
      else if (blockStart < 0) { blockStart = start; blockEmphasis = 0; blockMarkup = 0; }
      const before = markup;
      const seg = source.slice(start, end);
      for (let i = 0; i < seg.length; i++) {
        const c = seg.charCodeAt(i);
        // * _ ` [ < &
        if (c === 42 || c === 95) { markup++; blockEmphasis++; }
        else if (c === 96 || c === 91 || c === 60 || c === 38) markup++;
        else if (c === 58) { const d = seg.charCodeAt(i + 1); if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57)) markup++; }
      }
      blockMarkup += markup - before;
      if (blockEmphasis > LIMITS.emphasisPerBlock) {
        return { offset: blockStart, rule: 'file-size', message: msg('limit.emphasis', { max: LIMITS.emphasisPerBlock }) };
      }
      if (blockMarkup > LIMITS.markupPerBlock) {
        return { offset: blockStart, rule: 'file-size', message: msg('limit.markupBlock', { max: LIMITS.markupPerBlock }) };
      }
      if (markup > maxMarkup) {
        return { offset: start, rule: 'file-size', message: msg('limit.markup', { max: maxMarkup }) };
      }
    }
    start = end + 1;
  }
  return undefined;
}
