// Directive openers (`:::name[label]{attrs}`) scanned from the source: the markdown tree keeps no
// positions for attributes, and openers it did not accept still need a precise diagnosis.
import { msg, renderLint } from '../../i18n/lint-text.js';
import type { LintMessage } from './model.js';

export interface AttrToken {
  /** `id` for `#x`, `class` for `.x`, else the name. */
  key: string;
  keyOffset: number;
  value: string;
  /** Offset of the value's first character (inside the quotes), or of the key for a bare name. */
  valueOffset: number;
  quoted: boolean;
}

export interface Opener {
  colons: number;
  name: string;
  attrs: AttrToken[];
  /** Offset just after the opener (after `}` or the label or the name). */
  end: number;
  error?: ScanError;
}

/** A scanning error: its English text, where it is, and the lint message it came from (for other languages). */
export interface ScanError { message: string; offset: number; lint: LintMessage }

// As micromark-extension-directive reads them: a name starts with anything but white space and punctuation
// (except - and _) and goes on with - . : _ too; values stop at white space and "}".
const PUNCT = /[\p{P}\p{S}]/u;
const isSpace = (c: string) => /\s/.test(c);
const nameStart = (c: string) => !isSpace(c) && (!PUNCT.test(c) || c === '-' || c === '_');
const nameChar = (c: string) => !isSpace(c) && (!PUNCT.test(c) || '-.:_'.includes(c));
const UNQUOTED_STOP = /[\s"'<=>`}]/;
const SHORTHAND_STOP = /[\s"'#.<=>`}]/;

/** Scan `{…}` starting at `i` (which holds `{`). Attributes of container directives stay on one line. */
export function scanAttributes(src: string, i: number): { attrs: AttrToken[]; end: number; error?: ScanError } {
  const attrs: AttrToken[] = [];
  const open = i;
  i++;
  const fail = (lint: LintMessage, offset: number) => ({ attrs, end: offset, error: { message: renderLint(lint), offset, lint } });
  for (;;) {
    while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
    const c = src[i];
    if (c === undefined || c === '\n') return fail(msg('syntax.unclosedAttrs', { column: columnIn(src, open) }), open);
    if (c === '}') return { attrs, end: i + 1 };
    if (c === '#' || c === '.') {
      const s = ++i;
      while (i < src.length && !SHORTHAND_STOP.test(src[i]!)) i++;
      if (i === s) return fail(msg('syntax.shorthandName', { char: c, example: c === '#' ? '#my-step' : '.name' }), s - 1);
      attrs.push({ key: c === '#' ? 'id' : 'class', keyOffset: s - 1, value: src.slice(s, i), valueOffset: s, quoted: false });
      continue;
    }
    if (!nameStart(c)) {
      const hint = c === '"' || c === "'" ? msg('syntax.hintQuoted') : c === '{' ? msg('syntax.hintBrace') : c === '=' ? msg('syntax.hintEquals') : '';
      return fail(msg('syntax.unexpected', { char: c, hint }), i);
    }
    const ks = i;
    while (i < src.length && nameChar(src[i]!)) i++;
    const key = src.slice(ks, i);
    let j = i;
    while (j < src.length && (src[j] === ' ' || src[j] === '\t')) j++;
    if (src[j] !== '=') {
      attrs.push({ key, keyOffset: ks, value: '', valueOffset: ks, quoted: false });
      continue;
    }
    i = j + 1;
    while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
    const q = src[i];
    if (q === '"' || q === "'") {
      const vs = i + 1;
      let k = vs;
      while (k < src.length && src[k] !== q && src[k] !== '\n') k++;
      if (src[k] !== q) return fail(msg('syntax.unclosedQuote', { quote: q, key }), i);
      attrs.push({ key, keyOffset: ks, value: src.slice(vs, k), valueOffset: vs, quoted: true });
      i = k + 1;
      if (i < src.length && !/[\s}]/.test(src[i]!)) return fail(msg('syntax.spaceAfterQuote', { quote: q, key }), i);
      continue;
    }
    const vs = i;
    while (i < src.length && !UNQUOTED_STOP.test(src[i]!)) i++;
    if (i === vs) {
      const found = src[i] === undefined || src[i] === '\n' ? msg('syntax.endOfLine') : `"${src[i]}"`;
      return fail(msg('syntax.noValue', { key, found }), vs);
    }
    attrs.push({ key, keyOffset: ks, value: src.slice(vs, i), valueOffset: vs, quoted: false });
  }
}

/** 1-based column of `offset` on its line. */
function columnIn(src: string, offset: number): number {
  return offset - src.lastIndexOf('\n', offset - 1);
}

/** Scan a directive opener at `start` (the first colon). */
export function scanOpener(src: string, start: number): Opener {
  let i = start;
  while (src[i] === ':') i++;
  const colons = i - start;
  const ns = i;
  while (i < src.length && /[A-Za-z0-9_-]/.test(src[i]!)) i++;
  const name = src.slice(ns, i);
  const opener: Opener = { colons, name, attrs: [], end: i };
  if (src[i] === '[') {
    let depth = 0;
    let k = i;
    for (; k < src.length; k++) {
      const c = src[k];
      if (c === '\\') { k++; continue; }
      if (c === '\n' && colons >= 2) break;
      if (c === '[') depth++;
      else if (c === ']' && --depth === 0) break;
    }
    if (src[k] !== ']') {
      const lint = msg('syntax.unclosedLabel');
      opener.error = { message: renderLint(lint), offset: i, lint };
      return opener;
    }
    i = k + 1;
    opener.end = i;
  }
  if (src[i] === '{') {
    const a = scanAttributes(src, i);
    opener.attrs = a.attrs;
    opener.end = a.end;
    if (a.error) opener.error = a.error;
  }
  return opener;
}
