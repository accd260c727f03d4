// Laying out a line of a step's output in a pane: soft wrap at spaces (an IP address or a path is never
// split unless it is longer than the whole pane), and a table row kept on one row, cut at the edge,
// so that its columns stay aligned. With wrapping off every line is cut (and can be shifted sideways).
import { graphemes, width, truncate, type Line, type SegStyle } from './text.js';

export type OutputWrap = 'soft' | 'off';

/** A row of columns: two or more gaps of at least two spaces between words (kubectl, df, ps…). */
export function looksTabular(text: string): boolean {
  return (text.trim().match(/\S {2,}(?=\S)/g)?.length ?? 0) >= 2;
}

/**
 * The rows one output line takes at `cols` columns. `shift` (wrapping off) hides that many columns
 * on the left. Leading indentation is kept on continuation rows (up to half the width).
 */
export function layoutOutputLine(text: string, cols: number, mode: OutputWrap, style: SegStyle = 'plain', shift = 0): Line[] {
  if (cols <= 0) return [[]];
  if (mode === 'off' || looksTabular(text)) return [[{ text: cutRow(text, cols, mode === 'off' ? shift : 0), style }]];
  if (width(text) <= cols) return [text ? [{ text, style }] : []];
  const indent = ' '.repeat(Math.min(Math.floor(cols / 2), text.length - text.trimStart().length));
  const rows: Line[] = [];
  let row = '';
  let used = 0;
  const flush = () => {
    rows.push([{ text: row.trimEnd(), style }]);
    row = indent;
    used = indent.length;
  };
  for (const word of text.match(/\s+|\S+/g) ?? []) {
    const w = width(word);
    if (used + w <= cols) {
      row += word;
      used += w;
      continue;
    }
    if (/^\s+$/.test(word)) {
      flush();
      continue;
    }
    if (used > indent.length && w <= cols - indent.length) {
      flush();
      row += word;
      used += w;
      continue;
    }
    // Longer than a whole row: break it by characters.
    for (const g of graphemes(word)) {
      const gw = width(g);
      if (used + gw > cols) flush();
      row += g;
      used += gw;
    }
  }
  if (row.trim()) rows.push([{ text: row.trimEnd(), style }]);
  return rows;
}

/** `text` from column `shift` on, cut to `cols` with `…` when more follows. */
function cutRow(text: string, cols: number, shift: number): string {
  let rest = text;
  if (shift > 0) {
    let skipped = 0;
    const gs = graphemes(text);
    let i = 0;
    while (i < gs.length && skipped < shift) skipped += width(gs[i++]!);
    rest = gs.slice(i).join('');
  }
  return truncate(rest, cols);
}
