// Directive openers (`:::name[label]{attrs}`) scanned from the source: the markdown tree keeps no
// positions for attributes, and openers it did not accept still need a precise diagnosis.

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
  error?: { message: string; offset: number };
}

// As micromark-extension-directive reads them: a name starts with anything but white space and punctuation
// (except - and _) and goes on with - . : _ too; values stop at white space and "}".
const PUNCT = /[\p{P}\p{S}]/u;
const isSpace = (c: string) => /\s/.test(c);
const nameStart = (c: string) => !isSpace(c) && (!PUNCT.test(c) || c === '-' || c === '_');
const nameChar = (c: string) => !isSpace(c) && (!PUNCT.test(c) || '-.:_'.includes(c));
const UNQUOTED_STOP = /[\s"'<=>`}]/;
const SHORTHAND_STOP = /[\s"'#.<=>`}]/;

/** Scan `{…}` starting at `i` (which holds `{`). Attributes of container directives stay on one line. */
export function scanAttributes(src: string, i: number): { attrs: AttrToken[]; end: number; error?: { message: string; offset: number } } {
  const attrs: AttrToken[] = [];
  const open = i;
  i++;
  const fail = (message: string, offset: number) => ({ attrs, end: offset, error: { message, offset } });
  for (;;) {
    while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
    const c = src[i];
    if (c === undefined || c === '\n') return fail(`the attribute list "{" opened at column ${columnIn(src, open)} is never closed; end it with "}" on the same line`, open);
    if (c === '}') return { attrs, end: i + 1 };
    if (c === '#' || c === '.') {
      const s = ++i;
      while (i < src.length && !SHORTHAND_STOP.test(src[i]!)) i++;
      if (i === s) return fail(`"${c}" must be followed by a name (e.g. ${c === '#' ? '#my-step' : '.name'})`, s - 1);
      attrs.push({ key: c === '#' ? 'id' : 'class', keyOffset: s - 1, value: src.slice(s, i), valueOffset: s, quoted: false });
      continue;
    }
    if (!nameStart(c)) {
      const hint = c === '"' || c === "'" ? '; a quoted value needs a name and "=" before it (key="value")' : c === '{' ? '; there is one "{" too many' : c === '=' ? '; "=" needs a name before it (key="value")' : '';
      return fail(`unexpected "${c}" in the attributes${hint}`, i);
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
      if (src[k] !== q) return fail(`the quote ${q} opened here for "${key}" is never closed; close it with ${q} before "}"`, i);
      attrs.push({ key, keyOffset: ks, value: src.slice(vs, k), valueOffset: vs, quoted: true });
      i = k + 1;
      if (i < src.length && !/[\s}]/.test(src[i]!)) return fail(`put a space after the closing ${q} of "${key}" before the next attribute`, i);
      continue;
    }
    const vs = i;
    while (i < src.length && !UNQUOTED_STOP.test(src[i]!)) i++;
    if (i === vs) {
      const found = src[i] === undefined || src[i] === '\n' ? 'the end of the line' : `"${src[i]}"`;
      return fail(`"${key}=" has no value (found ${found}); write ${key}="…"`, vs);
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
      opener.error = { message: `the label "[" is never closed; end it with "]" before the attributes`, offset: i };
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
