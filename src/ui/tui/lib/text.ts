// Terminal text geometry: display widths (East Asian wide characters take two columns), padding,
// truncation and word wrapping of styled segments. Never use `.length` for layout: use these.
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { safeLine } from '../../../engine/execution/terminal-text.js';

const ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns a string takes on a terminal. */
export function width(s: string): number {
  return ASCII.test(s) ? s.length : stringWidth(s);
}

/** Grapheme clusters of a string (a CJK character, an emoji with modifiers, a letter with accents). */
export function graphemes(s: string): string[] {
  if (ASCII.test(s)) return s.split('');
  const out: string[] = [];
  for (const g of segmenter.segment(s)) out.push(g.segment);
  return out;
}

/** Cut a string to at most `cols` columns, ending with `…` when something was cut. */
export function truncate(s: string, cols: number, ellipsis = '…'): string {
  if (cols <= 0) return '';
  if (width(s) <= cols) return s;
  const room = cols - width(ellipsis);
  if (room < 0) return '';
  let used = 0;
  let out = '';
  for (const g of graphemes(s)) {
    const w = width(g);
    if (used + w > room) break;
    out += g;
    used += w;
  }
  return out + ellipsis;
}

/** Keep the end of a string (paths: the file name matters most). */
export function truncateStart(s: string, cols: number, ellipsis = '…'): string {
  if (cols <= 0) return '';
  if (width(s) <= cols) return s;
  const room = cols - width(ellipsis);
  if (room < 0) return '';
  const gs = graphemes(s);
  let used = 0;
  let i = gs.length;
  while (i > 0) {
    const w = width(gs[i - 1]!);
    if (used + w > room) break;
    used += w;
    i--;
  }
  return ellipsis + gs.slice(i).join('');
}

/** Pad with spaces to exactly `cols` columns (truncating first when longer). */
export function padEnd(s: string, cols: number): string {
  const t = truncate(s, cols);
  return t + ' '.repeat(Math.max(0, cols - width(t)));
}

export function padStart(s: string, cols: number): string {
  const t = truncate(s, cols);
  return ' '.repeat(Math.max(0, cols - width(t))) + t;
}

/** Is this grapheme a wide (two-column) character, e.g. CJK? Such text breaks between any two characters. */
export function isWide(g: string): boolean {
  return !ASCII.test(g) && stringWidth(g) >= 2;
}

const MAX_LINE = 1000;

/**
 * Make one line of a step's output safe to lay out: made harmless by the sanitizer both faces use
 * (a carriage return keeps what was drawn last, no control sequences), then without colour (the
 * pane draws its own), tabs as spaces, and very long lines cut (the full text is in the log file).
 */
export function sanitizeLine(raw: string): string {
  let s = safeLine(raw.length > MAX_LINE * 4 ? raw.slice(0, MAX_LINE * 4) : raw);
  if (!ASCII.test(s)) {
    s = stripAnsi(s);
    if (s.includes('\t')) s = expandTabs(s);
  }
  if (s.length > MAX_LINE) s = s.slice(0, MAX_LINE) + '…';
  return s;
}

function expandTabs(s: string): string {
  let out = '';
  let col = 0;
  for (const g of graphemes(s)) {
    if (g === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += g;
      col += width(g);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Styled segments and wrapping.

export type SegStyle = 'plain' | 'bold' | 'em' | 'code' | 'link' | 'url' | 'heading' | 'dim' | 'marker' | 'warn' | 'error' | 'ok' | 'accent' | 'lineno' | 'script' | 'match';

export interface Seg {
  text: string;
  style: SegStyle;
}

export type Line = Seg[];

export function lineWidth(line: Line): number {
  let w = 0;
  for (const s of line) w += width(s.text);
  return w;
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

interface Token {
  text: string;
  style: SegStyle;
  space: boolean;
  w: number;
}

const NO_BREAK_BEFORE = new Set([...'，。、；：！？）】」』〉》〕…・ー％']);

/** Split segments into breakable tokens: runs of spaces, words, and single wide characters. */
function tokenize(segs: Seg[]): Token[] {
  const out: Token[] = [];
  for (const seg of segs) {
    const re = /(\s+)|([^\s]+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(seg.text))) {
      if (m[1] !== undefined) {
        out.push({ text: ' ', style: seg.style, space: true, w: 1 });
        continue;
      }
      const word = m[2]!;
      if (ASCII.test(word)) {
        out.push({ text: word, style: seg.style, space: false, w: word.length });
        continue;
      }
      // Wide characters are break opportunities on both sides; narrow runs stay together. No line
      // starts with closing CJK punctuation (，。；etc.): it sticks to what comes before it.
      let run = '';
      for (const g of graphemes(word)) {
        if (isWide(g)) {
          if (run) out.push({ text: run, style: seg.style, space: false, w: width(run) });
          run = '';
          const prev = out[out.length - 1];
          if (NO_BREAK_BEFORE.has(g) && prev && !prev.space && prev.style === seg.style) {
            prev.text += g;
            prev.w += width(g);
          } else out.push({ text: g, style: seg.style, space: false, w: width(g) });
        } else run += g;
      }
      if (run) out.push({ text: run, style: seg.style, space: false, w: width(run) });
    }
  }
  return out;
}

function pushSeg(line: Line, text: string, style: SegStyle): void {
  const last = line[line.length - 1];
  if (last && last.style === style) last.text += text;
  else line.push({ text, style });
}

/**
 * Wrap styled text to `cols` columns. `first` prefixes the first line and `rest` the others
 * (list bullets and their hanging indent). Words longer than a line are broken hard.
 */
export function wrap(segs: Seg[], cols: number, first: Seg[] = [], rest: Seg[] = first.length ? [{ text: ' '.repeat(lineWidth(first)), style: 'plain' }] : []): Line[] {
  const lines: Line[] = [];
  let line: Line = [...first.map((s) => ({ ...s }))];
  let used = lineWidth(first);
  let start = used;
  let pendingSpace: Token | undefined;
  const newLine = () => {
    lines.push(line);
    line = rest.map((s) => ({ ...s }));
    used = lineWidth(rest);
    start = used;
    pendingSpace = undefined;
  };
  const room = () => cols - used;
  for (const tok of tokenize(segs)) {
    if (tok.space) {
      if (used > start) pendingSpace = tok;
      continue;
    }
    const spaceW = pendingSpace ? 1 : 0;
    if (tok.w + spaceW <= room()) {
      if (pendingSpace) pushSeg(line, ' ', pendingSpace.style);
      pushSeg(line, tok.text, tok.style);
      used += tok.w + spaceW;
      pendingSpace = undefined;
      continue;
    }
    if (used > start && tok.w <= cols - lineWidth(rest)) {
      newLine();
      pushSeg(line, tok.text, tok.style);
      used += tok.w;
      continue;
    }
    // Too long for any line: break it by characters.
    if (pendingSpace && room() > 1) {
      pushSeg(line, ' ', pendingSpace.style);
      used += 1;
    }
    pendingSpace = undefined;
    for (const g of graphemes(tok.text)) {
      const w = width(g);
      if (w > room() && used > start) newLine();
      pushSeg(line, g, tok.style);
      used += w;
    }
  }
  lines.push(line);
  return lines;
}

/** Hard-wrap preformatted text (code, output) keeping its spaces; `cont` prefixes continuation lines. */
export function wrapPre(text: string, style: SegStyle, cols: number, first: Seg[] = [], cont: Seg[] = first): Line[] {
  const lines: Line[] = [];
  let line: Line = first.map((s) => ({ ...s }));
  let used = lineWidth(first);
  const contW = lineWidth(cont);
  if (cols - contW < 1) return [[...line, { text: truncate(text, Math.max(0, cols - used)), style }]];
  if (ASCII.test(text) && used + text.length <= cols) {
    if (text) line.push({ text, style });
    return [line];
  }
  let buf = '';
  for (const g of graphemes(text)) {
    const w = width(g);
    if (used + w > cols) {
      if (buf) line.push({ text: buf, style });
      lines.push(line);
      line = cont.map((s) => ({ ...s }));
      used = contW;
      buf = '';
    }
    buf += g;
    used += w;
  }
  if (buf) line.push({ text: buf, style });
  lines.push(line);
  return lines;
}
