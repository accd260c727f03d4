// Runbook parser: markdown + front matter → the plain model of model.ts, with the structural
// diagnostics found on the way. Never throws on any input: whatever the file holds ends in diagnostics.
import { createHash } from 'node:crypto';
import type { Nodes, RootContent, Root } from 'mdast';
import {
  parseMarkdown, isDirective, bodyChildren, directiveLabel, spliceRange, inlineText, phraseLanguages,
  startOffset, endOffset, type DirectiveNode,
} from './markdown.js';
import { parseFrontMatter, slugify, suggest, protectedEnv, type FrontMatter } from './frontmatter.js';
import { shorthandToExpr } from './conditions.js';
import {
  type Diagnostic, type Localized, type Runbook, type Step, type StepKind, type Section, type Position,
  type CodeBlock, parseDuration, DEFAULT_WAIT_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS,
} from './model.js';

export const STEP_KINDS: readonly StepKind[] = ['run', 'check', 'wait', 'manual'];
const STEP_ATTRS: Record<StepKind, string[]> = {
  run: ['id', 'when', 'capture', 'timeout', 'cwd', 'retries'],
  check: ['id', 'when', 'expect', 'timeout', 'cwd', 'retries'],
  wait: ['id', 'when', 'expect', 'timeout', 'cwd', 'interval'],
  manual: ['id', 'when'],
};
const SHELL_LANGS = ['bash', 'sh'];
const ID_RE = /^[a-z0-9-]+$/;
const CAPTURE_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Limits that keep parsing fast and bounded on hostile input (real runbooks stay far below them). */
export const LIMITS = {
  /** Characters in a file. */
  chars: 1024 * 1024,
  /** Inline markup characters (* _ ` [ < & and ":" before a name) outside code blocks. */
  markup: 40_000,
  /** Emphasis marks (* and _) in one paragraph: the markdown parser is quadratic in them. */
  emphasisPerBlock: 1_000,
  /** Nested containers (:::if, steps, language blocks). */
  containerDepth: 100,
  /** Width of the block prefix of a line (indentation, ">" and list markers): nesting of lists and quotes. */
  prefixWidth: 256,
} as const;

/** An expression met in the document, with where it stands, for lint's checks. */
export interface ExpressionRef {
  source: string;
  position: Position;
  /** `position` is where the expression's first character stands, character for character: errors can point inside it. */
  exact?: boolean;
  /** `param`: a param's `when` (earlier params only); `step`: a condition on steps (params, and captures of earlier steps). */
  scope?: 'param' | 'step';
  /** The param whose `when` it is (scope `param`). */
  param?: string;
  /** Number of steps before it in document order (scope `step`): captures of later steps are not known yet. */
  stepsBefore?: number;
  /** How the condition is written, when `source` is derived from it (`:::if{from="3.16|3.18"}`). */
  display?: string;
  /** Where the name stands, when it differs from `position` (shorthand `:::if` attributes). */
  namePosition?: Position;
}

export interface ParseResult {
  /** Undefined when the front matter is unusable (no id or languages could be read) or the file could not be parsed. */
  runbook?: Runbook;
  diagnostics: Diagnostic[];
  /** Expressions met in the document, with where they stand, for lint's checks. */
  expressions: ExpressionRef[];
  /** Where each param is declared. */
  paramPositions?: Record<string, Position>;
  /** Params whose definition has a default or example field (valid or not). */
  paramsWithValues?: string[];
  /** Where each step starts and its capture (for lint's capture checks), in document order. */
  stepPositions?: { id: string; position: Position; capture?: string; capturePosition?: Position }[];
}

/** The text the parser works on: no byte-order mark, "\n" line endings. Line and column numbers are unchanged. */
export function normalizeSource(raw: string): string {
  let s = raw;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  return s;
}

export function parseRunbook(rawSource: string, path: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const expressions: ExpressionRef[] = [];
  const report = (position: Position | undefined, severity: Diagnostic['severity'], message: string, rule: string) => {
    diagnostics.push({
      file: path,
      line: Math.max(1, Math.floor(position?.line ?? 1) || 1),
      column: Math.max(1, Math.floor(position?.column ?? 1) || 1),
      severity, message, rule,
    });
  };
  const done = (extra: Partial<ParseResult> = {}): ParseResult => ({ diagnostics: finish(diagnostics), expressions, ...extra });
  if (typeof rawSource !== 'string') {
    report(undefined, 'error', 'the file could not be read as text; save it as UTF-8 text', 'binary-content');
    return done();
  }
  let source = normalizeSource(rawSource);
  let lines = new LineIndex(source);

  // Content that is not text.
  const nul = source.search(/[\u0000\u0001]/);
  if (nul >= 0) {
    const count = (source.match(/[\u0000\u0001]/g) ?? []).length;
    report(lines.position(nul), 'error', `${count} control character${count === 1 ? '' : 's'} (NUL) in the file, the first here: is it really a text runbook? Save it as UTF-8 text without binary content`, 'binary-content');
    source = source.replace(/[\u0000\u0001]/g, '\uFFFD');
    lines = new LineIndex(source);
  }
  const ctl = nul >= 0 ? -1 : source.search(/[\u0002-\u0008\u000B\u000E-\u001F\u007F]/);
  if (ctl >= 0) {
    const code = source.charCodeAt(ctl).toString(16).toUpperCase().padStart(4, '0');
    report(lines.position(ctl), 'warning', `control character U+${code} in the text (e.g. a terminal colour code pasted with output); remove it`, 'control-character');
  }
  const bad = source.indexOf('\uFFFD');
  if (bad >= 0 && nul < 0) {
    report(lines.position(bad), 'warning', 'the file is not valid UTF-8 here (shown as \uFFFD); save it as UTF-8', 'encoding');
  }

  // Hostile shapes that would make the markdown parser slow or exhaust memory.
  const tooMuch = prescan(source);
  if (tooMuch) {
    report(lines.position(tooMuch.offset), 'error', tooMuch.message, tooMuch.rule);
    return done();
  }

  let tree: Root;
  try {
    tree = parseMarkdown(source);
  } catch (e) {
    report(undefined, 'error', `the markdown cannot be parsed (${String((e as Error)?.message ?? e).slice(0, 200)}); check the file is a text runbook`, 'internal');
    return done();
  }

  let fm: FrontMatter | undefined;
  try {
    fm = parseFrontMatter(tree, source, report);
  } catch (e) {
    report(undefined, 'error', `the front matter cannot be read (${String((e as Error)?.message ?? e).slice(0, 200)}); write plain "key: value" YAML lines`, 'front-matter');
  }
  const languages = fm && fm.languages.length ? fm.languages : ['en', 'zh', 'ru'];
  const ctx = new Context(source, lines, languages, report, expressions);
  try {
    ctx.inspect(tree);
  } catch (e) {
    report(undefined, 'error', `internal error while checking the document: ${String((e as Error)?.message ?? e).slice(0, 200)}`, 'internal');
  }
  let built: { sections: Section[]; steps: Step[] } = { sections: [], steps: [] };
  try {
    built = ctx.build(tree);
  } catch (e) {
    report(undefined, 'error', `internal error while reading the steps: ${String((e as Error)?.message ?? e).slice(0, 200)}`, 'internal');
  }
  ctx.dropFallout(diagnostics);

  const paramPositions: Record<string, Position> = {};
  for (const p of fm?.params ?? []) {
    paramPositions[p.name] = p.position;
    if (p.when !== undefined) {
      expressions.push({ source: p.when, position: p.whenPosition ?? p.position, exact: p.whenExact, scope: 'param', param: p.name });
    }
  }
  const stepPositions = ctx.stepInfo;
  const paramsWithValues = (fm?.params ?? []).filter((p) => p.valueGiven).map((p) => p.name);
  if (!fm || !fm.usable) return done({ paramPositions, stepPositions, paramsWithValues });
  const runbook: Runbook = {
    path,
    id: fm.id,
    languages,
    title: fm.title,
    params: fm.params.map(({ position: _p, whenPosition: _w, whenExact: _e, valueGiven: _v, ...rest }) => rest),
    sections: built.sections,
    steps: built.steps,
    sha256: createHash('sha256').update(rawSource).digest('hex'),
  };
  return done({ runbook, paramPositions, stepPositions, paramsWithValues });
}

/** Sort, and drop exact repeats (same place, same rule, same message). */
function finish(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out = diagnostics.filter((d) => {
    const k = `${d.line}:${d.column}:${d.rule}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
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

/** One pass over the lines: refuse shapes that would make the markdown parser slow or exhaust memory. */
function prescan(source: string): { offset: number; message: string; rule: string } | undefined {
  if (source.length > LIMITS.chars) {
    const mb = (source.length / 1024 / 1024).toFixed(1);
    return { offset: 0, rule: 'file-size', message: `the file is ${mb} MiB; a runbook is at most ${LIMITS.chars / 1024 / 1024} MiB. Is it really a runbook? Split it, or move large data into files the steps read` };
  }
  let markup = 0;
  let fence: { ch: string; len: number } | undefined;
  const containers: number[] = [];
  let blockStart = -1;
  let blockEmphasis = 0;
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
        return { offset: start, rule: 'nesting-depth', message: `lists or quotes are nested too deeply here (a prefix ${width} columns wide; at most ${LIMITS.prefixWidth}); flatten the structure` };
      }
      const open = /^(:{3,})[A-Za-z]/.exec(rest);
      const close = /^(:{3,})[ \t]*$/.exec(rest);
      if (open) {
        containers.push(open[1]!.length);
        if (containers.length > LIMITS.containerDepth) {
          return { offset: start, rule: 'nesting-depth', message: `containers (::: blocks) are nested more than ${LIMITS.containerDepth} deep here; close them (a line of colons) before opening more` };
        }
      } else if (close) {
        const i = containers.findIndex((n) => n <= close[1]!.length);
        if (i >= 0) containers.length = i;
      }
      if (rest.trim() === '') { blockStart = -1; blockEmphasis = 0; }
      else if (blockStart < 0) { blockStart = start; blockEmphasis = 0; }
      const seg = source.slice(start, end);
      for (let i = 0; i < seg.length; i++) {
        const c = seg.charCodeAt(i);
        // * _ ` [ < &
        if (c === 42 || c === 95) { markup++; blockEmphasis++; }
        else if (c === 96 || c === 91 || c === 60 || c === 38) markup++;
        else if (c === 58) { const d = seg.charCodeAt(i + 1); if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57)) markup++; }
      }
      if (blockEmphasis > LIMITS.emphasisPerBlock) {
        return { offset: blockStart, rule: 'file-size', message: `this paragraph holds more than ${LIMITS.emphasisPerBlock} emphasis marks (* or _); is it really prose? Put data in a code block (\`\`\`)` };
      }
      if (markup > LIMITS.markup) {
        return { offset: start, rule: 'file-size', message: `the file holds more than ${LIMITS.markup} markup characters (* _ \` [ < & :name) outside code blocks; is it really a runbook? Put data in code blocks (\`\`\`) or files` };
      }
    }
    start = end + 1;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Directive openers: `:::name[label]{attrs}` scanned from the source, for positions and for diagnosing
// openers the markdown parser did not accept.

export interface AttrToken {
  /** `id` for `#x`, `class` for `.x`, else the name. */
  key: string;
  keyOffset: number;
  value: string;
  /** Offset of the value's first character (inside the quotes), or of the key for a bare name. */
  valueOffset: number;
  quoted: boolean;
}

interface Opener {
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

// ---------------------------------------------------------------------------------------------------------

type Report = (position: Position | undefined, severity: Diagnostic['severity'], message: string, rule: string) => void;

interface Violation {
  node: DirectiveNode;
  start: number;
  end: number;
  /** Line of the inner ":::" that closed it early. */
  closedAt?: number;
  strays: number[];
  message: string;
}

/** Rules whose findings inside the damage of a nesting mistake are consequences of it, not problems of their own. */
const FALLOUT_RULES = new Set(['missing-translation', 'duplicate-language-block', 'step-code', 'unclosed-container', 'stray-fence', 'directive-placement', 'nested-step']);

class Context {
  readonly violations: Violation[] = [];
  readonly stepInfo: NonNullable<ParseResult['stepPositions']> = [];
  /** Step ids already seen, with where. */
  private readonly ids = new Map<string, Position>();

  constructor(
    readonly source: string,
    readonly lines: LineIndex,
    readonly languages: string[],
    readonly report: Report,
    readonly expressions: ExpressionRef[],
  ) {}

  pos(n: Nodes | undefined): Position {
    const p = n?.position?.start;
    return p ? { line: p.line, column: p.column } : { line: 1, column: 1 };
  }
  at(offset: number): Position {
    return this.lines.position(offset);
  }
  fence(node: Nodes): number {
    let n = 0;
    const s = startOffset(node);
    while (this.source[s + n] === ':') n++;
    return n;
  }
  openerText(node: DirectiveNode, colons?: number): string {
    const s = startOffset(node);
    const lineEnd = this.source.indexOf('\n', s);
    let text = this.source.slice(s, lineEnd < 0 ? this.source.length : lineEnd).trim();
    if (colons !== undefined) text = ':'.repeat(colons) + text.replace(/^:+/, '');
    return text.length > 90 ? `${text.slice(0, 87)}…` : text;
  }
  attrsOf(node: DirectiveNode): AttrToken[] {
    try {
      return scanOpener(this.source, startOffset(node)).attrs;
    } catch {
      return [];
    }
  }
  attrPos(node: DirectiveNode, key: string, part: 'key' | 'value' = 'key'): Position {
    const all = this.attrsOf(node).filter((a) => a.key === key);
    const a = all[all.length - 1];
    if (!a) return this.pos(node);
    return this.at(part === 'key' ? a.keyOffset : a.valueOffset);
  }
  isLang(name: string): boolean {
    return this.languages.includes(name);
  }

  // -------------------------------------------------------------------------------------------------------
  // Structural checks over the whole tree.

  inspect(tree: Root): void {
    // Iterative walk: inline content can nest deeply.
    type Frame = { node: Nodes; step?: DirectiveNode; lang?: DirectiveNode; block?: string; container?: DirectiveNode; chain: DirectiveNode[] };
    const stack: Frame[] = [{ node: tree, chain: [] }];
    while (stack.length) {
      const f = stack.pop()!;
      const n = f.node;
      let next: Omit<Frame, 'node'> = { step: f.step, lang: f.lang, block: f.block, container: f.container, chain: f.chain };
      if (isDirective(n)) {
        if (n.type === 'textDirective') this.checkText(n, f.lang);
        else if (n.type === 'leafDirective') this.checkLeaf(n);
        else {
          this.checkContainer(n, f);
          if (STEP_KINDS.includes(n.name as StepKind)) next = { ...next, step: n };
          if (this.isLang(n.name)) next = { ...next, lang: n };
          next.container = n;
          next.chain = [...f.chain, n];
          const known = this.isLang(n.name) || n.name === 'if' || STEP_KINDS.includes(n.name as StepKind);
          // Steps inside an unknown block are never run either.
          next.block = known ? undefined : `the unknown :::${n.name} block`;
        }
      } else if (n.type === 'listItem' || n.type === 'blockquote' || n.type === 'footnoteDefinition') {
        next.block = n.type === 'listItem' ? 'a list item' : n.type === 'blockquote' ? 'a quote (>)' : 'a footnote';
      } else if (n.type === 'paragraph') {
        this.checkParagraphLines(n, f.container);
        this.checkPhrases(n);
      } else if (n.type === 'heading' || n.type === 'tableCell') {
        this.checkPhrases(n);
      }
      if ('children' in n && Array.isArray(n.children)) {
        const kids = n.children as Nodes[];
        if (n.type === 'root' || (n.type === 'containerDirective' && !this.isLang(n.name)) || n.type === 'listItem' || n.type === 'blockquote') {
          this.checkLanguageGroups(n.type === 'containerDirective' ? bodyChildren(n) : (kids as RootContent[]));
        }
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, ...next });
      }
    }
    this.attributeStrays();
  }

  private checkText(n: DirectiveNode, _lang?: DirectiveNode): void {
    const s = startOffset(n);
    const literal = this.source.slice(s, endOffset(n));
    const hasLabel = this.source[s + 1 + n.name.length] === '[';
    const hasAttrs = this.source[s + 1 + n.name.length] === '{' || (hasLabel && /\]\{/.test(literal));
    if (this.isLang(n.name)) {
      if (!hasLabel) {
        this.accidental(n, literal);
        return;
      }
      if (Object.keys(n.attributes ?? {}).length) this.report(this.pos(n), 'warning', `attributes on the phrase :${n.name}[…] are ignored; remove the {…}`, 'unknown-attribute');
      return;
    }
    if (STEP_KINDS.includes(n.name as StepKind) || n.name === 'if') {
      if (hasLabel || hasAttrs) {
        this.report(this.pos(n), 'error', `":${n.name}" is written as an inline (text) directive; a ${n.name === 'if' ? 'condition' : 'step'} is a container: put ":::${n.name}{…}" on a line of its own and close it with ":::"`, 'directive-kind');
      } else this.accidental(n, literal);
      return;
    }
    if (hasLabel || hasAttrs) {
      if (/^[a-z]{2}(-[A-Za-z0-9]+)?$/.test(n.name)) {
        this.report(this.pos(n), 'error', `":${n.name}[…]" looks like a phrase in "${n.name}", which is not in languages [${this.languages.join(', ')}]; add "${n.name}" to languages in the front matter${suggest(n.name, this.languages).replace(/ \(did you mean (.*)\?\)/, ', or write :$1[…]').replace(/"/g, '')}`, 'unknown-directive');
      } else {
        this.report(this.pos(n), 'error', `unknown text directive ":${n.name}[…]"${suggest(n.name, this.languages)}; inline phrases are ${this.languages.map((l) => `:${l}[…]`).join(', ')} (add "${n.name}" to languages if it is one). If it is prose, escape the colon (\\:${n.name}) or use inline code`, 'unknown-directive');
      }
      return;
    }
    this.accidental(n, literal);
  }

  private accidental(n: DirectiveNode, literal: string): void {
    const s = startOffset(n);
    const before = this.source.slice(Math.max(0, s - 40), s).match(/[^\s`]*$/)?.[0] ?? '';
    const shown = `${before}${literal}`.slice(-60);
    this.report(this.pos(n), 'warning',
      `"${shown}" is read as a text directive ":${n.name}", not as text; if it is prose, write it as inline code (\`${shown}\`) or escape the colon (${before}\\${literal})`,
      'accidental-text-directive');
  }

  private checkLeaf(n: DirectiveNode): void {
    if (this.isLang(n.name)) {
      this.report(this.pos(n), 'error', `"::${n.name}" (two colons) is a leaf directive; write a language block as ":::${n.name}" … ":::" or an inline phrase as ":${n.name}[…]"`, 'directive-kind');
    } else if (STEP_KINDS.includes(n.name as StepKind) || n.name === 'if') {
      this.report(this.pos(n), 'error', `"::${n.name}" has two colons; a ${n.name === 'if' ? 'condition' : 'step'} is a container: open it with ":::${n.name}{…}" and close it with ":::"`, 'directive-kind');
    } else {
      this.report(this.pos(n), 'error', `unknown directive "::${n.name}"${suggest(n.name, this.known())}; known: ${this.known().join(', ')}. If it is prose, escape the colons (\\::)`, 'unknown-directive');
    }
  }

  known(): string[] {
    return [...this.languages, 'if', ...STEP_KINDS];
  }

  private checkContainer(n: DirectiveNode, f: { step?: DirectiveNode; lang?: DirectiveNode; block?: string; container?: DirectiveNode; chain: DirectiveNode[] }): void {
    const name = n.name;
    const p = this.pos(n);
    this.checkNesting(n, f.chain);
    this.checkClosed(n, f.container);
    if (this.isLang(name)) {
      if (f.lang) this.report(p, 'error', `language block :::${name} inside the :::${f.lang.name} block of line ${this.pos(f.lang).line}; close :::${f.lang.name} first (language blocks do not nest)`, 'directive-placement');
      if (directiveLabel(n)) this.report(p, 'warning', `:::${name} takes no [label]; it is ignored: put the text inside the block`, 'unknown-attribute');
      if (Object.keys(n.attributes ?? {}).length) this.report(p, 'warning', `attributes on the language block :::${name} are ignored; remove the {…}`, 'unknown-attribute');
      return;
    }
    if (STEP_KINDS.includes(name as StepKind)) {
      const id = n.attributes?.id;
      if (f.step) {
        this.report(p, 'error', `step${id ? ` "${id}"` : ''} (:::${name}) is inside the step at line ${this.pos(f.step).line}; steps cannot contain steps: close the outer step before it`, 'nested-step');
      } else if (f.lang) {
        this.report(p, 'error', `step${id ? ` "${id}"` : ''} (:::${name}) is inside the :::${f.lang.name} block of line ${this.pos(f.lang).line} and would never run; steps belong to every language: move it out of the language block`, 'directive-placement');
      } else if (f.block) {
        this.report(p, 'error', `step${id ? ` "${id}"` : ''} (:::${name}) is inside ${f.block} and would never run; put steps at the top level or directly inside :::if`, 'directive-placement');
      }
      return;
    }
    if (name === 'if') {
      if (f.step) this.report(p, 'error', 'a condition (:::if) inside a step is not supported; put the condition on the step with when="…", or split the step', 'nested-step');
      return;
    }
    const lang = /^[a-z]{2}(-[A-Za-z0-9]+)?$/.test(name);
    this.report(p, 'error', lang
      ? `":::${name}" looks like a language block, but "${name}" is not in languages [${this.languages.join(', ')}]; add it to languages in the front matter${suggest(name, this.languages).replace(' (did you mean', ', or did you mean').replace('?)', '?')}`
      : `unknown directive ":::${name}"${suggest(name, this.known())}; known: ${this.languages.join(', ')} (language blocks), if, ${STEP_KINDS.join(', ')}`, 'unknown-directive');
  }

  /** Containers met first inside `node`, looking through lists and quotes. */
  private innerContainers(node: DirectiveNode): DirectiveNode[] {
    const out: DirectiveNode[] = [];
    const stack: Nodes[] = [...bodyChildren(node)].reverse() as Nodes[];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'containerDirective') { out.push(n); continue; }
      if (n.type === 'list' || n.type === 'listItem' || n.type === 'blockquote' || n.type === 'footnoteDefinition') {
        const kids = n.children as Nodes[];
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
      }
    }
    return out;
  }

  /** Colons a container needs so that everything inside it closes first. */
  private required(node: DirectiveNode, depth = 0): number {
    if (depth > LIMITS.containerDepth + 5) return 3;
    let need = Math.max(3, this.fence(node));
    for (const c of this.innerContainers(node)) need = Math.max(need, this.required(c, depth + 1) + 1);
    return need;
  }

  /** The nesting trap: a container holding a container with as many colons is closed by the first inner ":::". */
  private checkNesting(n: DirectiveNode, chain: DirectiveNode[]): void {
    const own = this.fence(n);
    const inner = this.innerContainers(n);
    const offenders = inner.filter((c) => this.fence(c) >= own);
    if (offenders.length === 0) return;
    const first = offenders[0]!;
    let need = own;
    for (const c of inner) need = Math.max(need, this.required(c) + 1);
    const endLine = n.position?.end.line;
    const endText = endLine ? this.lines.lineText(endLine) : '';
    const closedEarly = endLine !== undefined && endLine > this.pos(first).line && /^[ \t>]*:{3,}[ \t]*$/.test(endText);
    let msg = `":::${n.name}" at line ${this.pos(n).line} holds "${':'.repeat(this.fence(first))}${first.name}" (line ${this.pos(first).line}), which opens with ${this.fence(first) === own ? 'as many' : 'more'} colons, so `;
    msg += closedEarly
      ? `the inner "${endText.trim()}" at line ${endLine} closes :::${n.name} early and what follows falls outside it`
      : `no inner block can be closed without closing :::${n.name} too`;
    msg += `. An outer container needs more colons than the ones inside it: open it with "${this.openerText(n, need)}" and close it with "${':'.repeat(need)}"`;
    // Containers around it that would then need more colons too.
    let outer = need;
    const then: string[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      const a = chain[i]!;
      if (this.fence(a) > outer) break;
      outer++;
      then.push(`"${':'.repeat(this.fence(a))}${a.name}" at line ${this.pos(a).line} then needs ${outer} colons`);
    }
    if (then.length) msg += `; ${then.join(', ')}`;
    this.violations.push({ node: n, start: startOffset(n), end: endOffset(n), closedAt: closedEarly ? endLine : undefined, strays: [], message: msg });
  }

  /** Every container must end with its own closing line. */
  private checkClosed(n: DirectiveNode, parent?: DirectiveNode): void {
    const endLine = n.position?.end.line;
    if (endLine === undefined) return;
    const end = endOffset(n);
    const lineStart = this.lines.lineStart(endLine);
    const tail = this.source.slice(lineStart, end);
    const m = /^[ \t>]*(:{3,})[ \t]*$/.exec(tail);
    if (m && m[1]!.length >= this.fence(n) && endLine > this.pos(n).line) return;
    if (parent && this.fence(n) >= this.fence(parent)) return; // reported as a nesting mistake of the parent
    const colons = ':'.repeat(Math.max(3, this.fence(n)));
    if (this.source.slice(end).trim() === '') {
      this.report(this.pos(n), 'error', `"${this.openerText(n)}" is never closed, so everything to the end of the file is inside it; add a line "${colons}" where it ends`, 'unclosed-container');
    } else if (parent && parent.position?.end.line === endLine) {
      this.report(this.pos(n), 'error', `:::${n.name} (line ${this.pos(n).line}) is not closed: the "${this.lines.lineText(endLine).trim()}" at line ${endLine} closes :::${parent.name} and this block with it; add a line "${colons}" at the end of :::${n.name}`, 'unclosed-container');
    } else {
      this.report(this.pos(n), 'error', `:::${n.name} (line ${this.pos(n).line}) is not closed before the list item or quote it is in ends (line ${endLine}); add a line "${colons}" inside it, indented like its content`, 'unclosed-container');
    }
  }

  /** Lines of a paragraph that look like container fences the markdown parser did not accept. */
  private checkParagraphLines(n: Nodes, container?: DirectiveNode): void {
    const start = n.position?.start;
    const end = n.position?.end;
    if (!start || !end) return;
    for (let line = start.line; line <= end.line && line <= start.line + 2000; line++) {
      const ls = this.lines.lineStart(line);
      const from = line === start.line ? ls + start.column - 1 : ls;
      const text = this.source.slice(from, Math.min(this.lines.lineEnd(line), from + 2000));
      const m = /^([ \t>]*)(:{3,})(.*)$/.exec(text);
      if (!m) {
        // Two colons and a known name: a step, condition or language block written as a broken leaf directive.
        const leaf = /^([ \t>]*)::([A-Za-z][\w-]*)/.exec(text);
        if (leaf && this.known().includes(leaf[2]!)) {
          const name = leaf[2]!;
          this.report(this.at(from + leaf[1]!.length), 'error', `"${text.trim().slice(0, 40)}" is not read as a directive; ${this.isLang(name) ? `a language block is ":::${name}" … ":::" (an inline phrase ":${name}[…]")` : `a ${name === 'if' ? 'condition' : 'step'} is a container: ":::${name}{…}" on a line of its own, closed by ":::"`}`, 'directive-syntax');
        }
        continue;
      }
      const off = from + m[1]!.length;
      const rest = m[3]!;
      if (rest.trim() === '') {
        this.strays.push({ offset: off, text: m[2]!, container });
        continue;
      }
      this.malformedOpener(off, m[2]!.length, rest);
    }
  }

  private readonly strays: { offset: number; text: string; container?: DirectiveNode }[] = [];

  private readonly malformed: { offset: number; text: string; used: boolean }[] = [];

  private malformedOpener(off: number, colons: number, rest: string): void {
    const src = this.source;
    this.malformed.push({ offset: off, text: `${':'.repeat(colons)}${rest.trim()}`.slice(0, 40), used: false });
    const restAt = off + colons;
    const report = (o: number, message: string) => this.report(this.at(o), 'error', message, 'directive-syntax');
    const spaced = /^([ \t]+)([A-Za-z][\w-]*)/.exec(rest);
    if (spaced) {
      report(restAt, `"${':'.repeat(colons)}${rest.trim().slice(0, 40)}" is not read as a directive: remove the space after the colons (write "${':'.repeat(colons)}${spaced[2]}…")`);
      return;
    }
    if (!/^[A-Za-z]/.test(rest)) {
      report(restAt, `this line starts with "${':'.repeat(colons)}" but is not a directive: a container opens with colons and a name (":::run{#id}", ":::en", ":::if{…}") and closes with a line of colons only${rest.startsWith('{') || rest.startsWith('[') ? '; the name is missing' : ''}`);
      return;
    }
    const op = scanOpener(src, off);
    const name = op.name;
    const known = this.known();
    const nameHint = known.includes(name) ? '' : suggest(name, known);
    if (op.error) {
      report(op.error.offset, `":::${name}" is not read as a directive, so the block is plain text: ${op.error.message}${nameHint}`);
      return;
    }
    const after = src.slice(op.end, src.indexOf('\n', op.end) < 0 ? src.length : src.indexOf('\n', op.end));
    const spaceBrace = /^([ \t]+)([[{])/.exec(after);
    if (spaceBrace) {
      report(op.end, `":::${name}" is not read as a directive, so the block is plain text: remove the space before "${spaceBrace[2]}" (write ":::${name}${after.trim().slice(0, 30)}")`);
      return;
    }
    if (after.trim() !== '') {
      const k = op.end + (after.length - after.trimStart().length);
      report(k, `":::${name}" is not read as a directive, so the block is plain text: unexpected "${after.trim().slice(0, 20)}" after ${op.attrs.length || src[op.end - 1] === '}' ? 'the attributes' : `the name`}; the opening line holds only :::name[label]{attributes}`);
      return;
    }
    report(off, `":::${name}" is not read as a directive, so the block is plain text; check the name, [label] and {attributes}${nameHint}`);
  }

  /** Each stray ":::" is explained by the nearest nesting mistake before it, if any. */
  private attributeStrays(): void {
    for (const s of this.strays) {
      // The innermost mistake before it that has not explained a stray yet, else the nearest one.
      // Each mistake leaves one closing line without its container: the innermost one not yet explained.
      const cause = this.violations.filter((v) => v.end <= s.offset && v.strays.length === 0).sort((x, y) => y.start - x.start)[0];
      const opener = [...this.malformed].reverse().find((m) => m.offset < s.offset && !m.used);
      if (opener && (!cause || opener.offset > cause.start)) {
        opener.used = true;
        this.report(this.at(s.offset), 'error',
          `stray "${s.text}": it closes "${opener.text}" at line ${this.at(opener.offset).line}, which is not read as a directive; fix that line (see the error there)`,
          'stray-fence');
      } else if (cause) {
        cause.strays.push(s.offset);
        const p = this.pos(cause.node);
        this.report(this.at(s.offset), 'error',
          `stray "${s.text}": it was meant to close :::${cause.node.name} (line ${p.line}), which ${cause.closedAt ? `the ":::" at line ${cause.closedAt}` : 'an inner block'} already closed; fix the colons at line ${p.line} (see the error there)`,
          'container-nesting');
      } else if (s.container && this.fence(s.container) > s.text.length) {
        const c = s.container;
        this.report(this.at(s.offset), 'error',
          `"${s.text}" cannot close "${':'.repeat(this.fence(c))}${c.name}" (line ${this.pos(c).line}), which opened with ${this.fence(c)} colons; write "${':'.repeat(this.fence(c))}" to close it, or remove this line`,
          'stray-fence');
      } else {
        this.report(this.at(s.offset), 'error',
          `stray "${s.text}" closes nothing; remove it, or check the colon counts of the containers above (an outer container needs more colons than the ones inside it)`,
          'stray-fence');
      }
    }
    for (const v of this.violations) {
      let text = v.message;
      if (v.strays.length) text += ` (the ":::" at line${v.strays.length > 1 ? 's' : ''} ${v.strays.map((o) => this.at(o).line).join(', ')} ${v.strays.length > 1 ? 'are' : 'is'} then left over)`;
      this.report(this.pos(v.node), 'error', text, 'container-nesting');
    }
  }

  /** Drop diagnostics that are consequences of a nesting mistake (reported once, where it can be fixed). */
  dropFallout(diagnostics: Diagnostic[]): void {
    if (this.violations.length === 0) return;
    const ranges = this.violations.map((v) => {
      const last = Math.max(v.end, ...v.strays);
      return { from: this.at(v.start).line, to: this.at(last).line };
    });
    for (let i = diagnostics.length - 1; i >= 0; i--) {
      const d = diagnostics[i]!;
      if (FALLOUT_RULES.has(d.rule) && ranges.some((r) => d.line >= r.from && d.line <= r.to)) diagnostics.splice(i, 1);
    }
  }

  /** Phrases in one paragraph, heading or cell should cover every language. */
  private checkPhrases(n: Nodes): void {
    const kids = (n as { children?: Nodes[] }).children ?? [];
    if (!kids.some((k) => k.type === 'textDirective' || 'children' in k)) return;
    const present = phraseLanguages(kids, this.languages);
    if (present.size === 0) return;
    const missing = this.languages.filter((l) => !present.has(l));
    if (missing.length === 0) return;
    const fallback = this.languages.find((l) => present.has(l));
    this.report(this.pos(n), 'warning', `${n.type === 'heading' ? 'heading' : n.type === 'tableCell' ? 'table cell' : (n.data as { directiveLabel?: boolean } | undefined)?.directiveLabel ? 'label' : 'paragraph'} has phrases in ${[...present].join(', ')} but none in ${missing.join(', ')}; ${fallback} is shown instead: add ${missing.map((m) => `:${m}[…]`).join(' ')}`, 'missing-translation');
  }

  /** Consecutive language blocks form a group that should carry every language once. */
  private checkLanguageGroups(children: RootContent[]): void {
    for (const group of languageGroups(children, this.languages)) {
      const blocks = group.filter((g) => g.type === 'containerDirective') as DirectiveNode[];
      const have = new Set(blocks.map((g) => g.name));
      const missing = this.languages.filter((l) => !have.has(l));
      const fallback = this.languages.find((l) => have.has(l));
      if (missing.length) {
        this.report(this.pos(blocks[0]), 'warning', `language block${have.size > 1 ? 's' : ''} ${[...have].map((b) => `:::${b}`).join(', ')} without ${missing.map((m) => `:::${m}`).join(', ')}; ${fallback} is shown instead: add ${missing.length > 1 ? 'blocks' : 'a block'} ${missing.map((m) => `:::${m} … :::`).join(', ')} next to ${have.size > 1 ? 'them' : 'it'}`, 'missing-translation');
      }
      for (let i = 1; i < blocks.length; i++) {
        const g = blocks[i]!;
        if (g.name === blocks[i - 1]!.name) {
          this.report(this.pos(g), 'warning', `second :::${g.name} block in a row (after line ${this.pos(blocks[i - 1]).line}); merge the two into one block`, 'duplicate-language-block');
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // The model.

  build(tree: Root): { sections: Section[]; steps: Step[] } {
    const sections: Section[] = [];
    const steps: Step[] = [];
    let intro: Record<string, string[]> = {};
    const walk = (children: RootContent[], conditions: string[], depth: number) => {
      let pending: Nodes[] = [];
      const flushIntro = () => {
        if (pending.length) {
          for (const lang of this.languages) {
            const { text } = this.localizeBlocks(pending, lang);
            if (text) (intro[lang] ??= []).push(text);
          }
        }
        pending = [];
      };
      for (const child of children) {
        if (child.type === 'yaml') continue;
        if (child.type === 'heading') {
          flushIntro();
          intro = {};
          const title = this.localizeInline(child.children as Nodes[]);
          sections.push({ title: Object.keys(title).length ? title : {}, depth: child.depth, position: this.pos(child), conditions: [...conditions] });
        } else if (child.type === 'containerDirective' && STEP_KINDS.includes(child.name as StepKind)) {
          flushIntro();
          const introText = Object.fromEntries(Object.entries(intro).map(([l, parts]) => [l, parts.join('\n\n')]));
          intro = {};
          const step = this.buildStep(child, conditions, sections, steps.length, introText);
          steps.push(step);
        } else if (child.type === 'containerDirective' && child.name === 'if' && depth < LIMITS.containerDepth) {
          flushIntro();
          const expr = this.ifCondition(child, steps.length);
          walk(bodyChildren(child), [...conditions, expr], depth + 1);
        } else {
          pending.push(child);
        }
      }
      flushIntro();
    };
    walk(tree.children, [], 0);
    return { sections, steps };
  }

  /** The condition of a `:::if`, and its expressions for lint with their places. */
  private ifCondition(node: DirectiveNode, stepsBefore: number): string {
    const p = this.pos(node);
    const tokens = this.attrsOf(node);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.attributes ?? {})) attrs[k] = v ?? '';
    const bad = Object.keys(attrs).filter((k) => k === 'id' || k === 'class');
    for (const b of bad) {
      this.report(this.attrPos(node, b), 'error', `:::if takes param tests or when="…", not ${b === 'id' ? `#${attrs.id}` : `.${attrs.class}`}; remove it`, 'unknown-attribute');
      delete attrs[b];
    }
    this.duplicateAttrs(node, tokens);
    if (directiveLabel(node)) this.report(p, 'warning', ':::if takes no [label]; it is ignored: remove it, or put the text in a language block inside', 'unknown-attribute');
    if (Object.keys(attrs).length === 0) {
      this.report(p, 'error', ':::if without a condition; write :::if{when="…"} or :::if{param="value"} (or :::if{flag} for a boolean param)', 'condition-syntax');
      return 'true';
    }
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'when') {
        const vp = this.attrPos(node, 'when', 'value');
        const tok = tokens.filter((t) => t.key === 'when').pop();
        const exact = !!tok && this.source.slice(tok.valueOffset, tok.valueOffset + value.length) === value;
        this.expressions.push({ source: value, position: vp, exact, scope: 'step', stepsBefore });
        continue;
      }
      const kp = this.attrPos(node, key);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        this.report(kp, 'error', `"${key}" in :::if{…} is not a param name; write :::if{param="value"} or :::if{when="…"}`, 'condition-syntax');
        continue;
      }
      const tok = tokens.filter((t) => t.key === key).pop();
      const display = value === '' ? key : `${key}="${value}"`;
      if (value === '') {
        this.expressions.push({ source: key, position: kp, exact: true, scope: 'step', stepsBefore, display });
        continue;
      }
      let rel = 0;
      for (const alt of value.split('|')) {
        const lead = alt.length - alt.trimStart().length;
        const vp = tok && !tok.value.includes('&') ? this.at(tok.valueOffset + rel + lead) : kp;
        rel += alt.length + 1;
        if (alt.trim() === '') {
          this.report(vp, 'error', `${display} has an empty alternative; write values separated by "|", e.g. ${key}="a|b"`, 'condition-syntax');
          continue;
        }
        this.expressions.push({ source: `${key} == ${JSON.stringify(alt.trim())}`, position: vp, namePosition: kp, scope: 'step', stepsBefore, display });
      }
    }
    return shorthandToExpr(attrs);
  }

  private duplicateAttrs(node: DirectiveNode, tokens: AttrToken[]): void {
    const seen = new Map<string, AttrToken>();
    for (const t of tokens) {
      if (t.key === 'class') continue;
      const prev = seen.get(t.key);
      if (prev) {
        this.report(this.at(t.keyOffset), 'error', `${t.key === 'id' ? 'the id' : `attribute "${t.key}"`} is given twice on :::${node.name} ("${prev.value}" and "${t.value}"); only the last one counts: keep one`, 'duplicate-attribute');
      }
      seen.set(t.key, t);
    }
  }

  private buildStep(node: DirectiveNode, conditions: string[], sections: Section[], index: number, intro: Localized): Step {
    const kind = node.name as StepKind;
    const p = this.pos(node);
    const tokens = this.attrsOf(node);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.attributes ?? {})) if (v !== null && v !== undefined) attrs[k] = String(v);
    this.duplicateAttrs(node, tokens);
    const id = attrs.id ?? '';
    delete attrs.id;

    // Title: label, else first heading inside, else nearest heading before, else id.
    const body = bodyChildren(node);
    const label = directiveLabel(node);
    const firstHeading = body.find((c) => c.type === 'heading');
    let title: Localized = {};
    if (label) title = this.localizeInline((label as { children: Nodes[] }).children);
    if (Object.keys(title).length === 0 && firstHeading) title = this.localizeInline((firstHeading as { children: Nodes[] }).children);
    if (Object.keys(title).length === 0 && sections.length) title = { ...sections[sections.length - 1]!.title };
    if (Object.keys(title).length === 0) title = Object.fromEntries(this.languages.map((l) => [l, id || `${kind} step`]));

    const idAt = this.attrPos(node, 'id', 'value');
    const titleText = title[this.languages[0]!] ?? Object.values(title)[0] ?? '';
    const slug = slugify(titleText) || slugify(id) || `${kind}-step`;
    if (!id) {
      this.report(p, 'error', `${kind} step without an id: checkpoints need one; add {#${slug}} right after :::${kind}${label ? '[…]' : ''}`, 'step-id');
    } else if (!ID_RE.test(id)) {
      this.report(idAt, 'error', `step id "${id}" is malformed; use lower-case letters, digits and "-"${slugify(id) ? `, e.g. #${slugify(id)}` : ''}`, 'step-id');
    } else if (this.ids.has(id)) {
      this.report(idAt, 'error', `duplicate step id "${id}" (first used at line ${this.ids.get(id)!.line}); ids must be unique in the file: rename one of them`, 'duplicate-id');
    } else this.ids.set(id, p);

    if (attrs.class !== undefined) {
      this.report(this.attrPos(node, 'class'), 'error', `a class (.${attrs.class.split(' ').join(' .')}) means nothing on a step; remove it`, 'unknown-attribute');
      delete attrs.class;
    }
    for (const k of Object.keys(attrs)) {
      if (STEP_ATTRS[kind].includes(k)) continue;
      const elsewhere = STEP_KINDS.filter((sk) => STEP_ATTRS[sk].includes(k));
      const allowed = STEP_ATTRS[kind].filter((a) => a !== 'id').join(', ');
      this.report(this.attrPos(node, k), 'error', elsewhere.length
        ? `"${k}" is not an attribute of ${kind} steps (only of ${elsewhere.join(', ')}); allowed on ${kind}: ${allowed}`
        : `unknown attribute "${k}" on ${kind} step${suggest(k, STEP_ATTRS[kind])}; allowed: ${allowed}`, 'unknown-attribute');
    }

    const ownConditions = [...conditions];
    if (attrs.when !== undefined) {
      ownConditions.push(attrs.when);
      const tok = tokens.filter((t) => t.key === 'when').pop();
      const exact = !!tok && this.source.slice(tok.valueOffset, tok.valueOffset + attrs.when.length) === attrs.when;
      this.expressions.push({ source: attrs.when, position: this.attrPos(node, 'when', 'value'), exact, scope: 'step', stepsBefore: index });
    }

    // Code: an executable step runs exactly one fenced bash/sh block that stands directly in it.
    const executable = kind !== 'manual';
    const codes: CodeBlock[] = [];
    for (const c of body) if (c.type === 'code') codes.push({ lang: c.lang ?? '', value: c.value, position: this.pos(c) });
    const shown = id ? `"${id}"` : `at line ${p.line}`;
    let script: CodeBlock | undefined;
    if (executable) {
      const nested = this.nestedCode(body);
      if (codes.length === 0) {
        if (nested) {
          this.report(this.pos(nested.code), 'error', `the code block of ${kind} step ${shown} is inside ${nested.where}, so the step has nothing to run; move it out, directly into the step (code belongs to every language)`, 'step-code');
        } else {
          this.report(p, 'error', `${kind} step ${shown} has no code block; add one \`\`\`bash block with the commands it ${kind === 'run' ? 'runs' : kind === 'check' ? 'checks with' : 'polls'}${kind === 'run' ? ' (or make it a :::manual step)' : ''}`, 'step-code');
        }
      } else {
        script = codes[0];
        if (codes.length > 1) {
          this.report(codes[1]!.position, 'error', `${kind} step ${shown} has ${codes.length} code blocks; an executable step runs exactly one: join them into one block or split the step into several`, 'step-code');
        }
        const lang = script!.lang;
        if (!SHELL_LANGS.includes(lang)) {
          this.report(script!.position, 'error', `code block of ${kind} step ${shown} is ${lang ? `"${lang}"` : 'unlabelled'}; steps run bash: write \`\`\`bash (or \`\`\`sh)${lang && SHELL_LANGS.includes(lang.toLowerCase()) ? ` in lower case` : ''}`, 'step-code');
        } else if (script!.value.trim() === '') {
          this.report(script!.position, 'error', `the code block of ${kind} step ${shown} is empty; write the commands to run`, 'step-code');
        }
        if (nested) {
          this.report(this.pos(nested.code), 'error', `${kind} step ${shown} has another code block inside ${nested.where}; an executable step runs exactly one, standing directly in the step: remove it or make it a separate step`, 'step-code');
        }
      }
    }

    const scriptNode = executable ? body.find((b) => b.type === 'code') : undefined;
    const prose = body.filter((c) => c !== scriptNode) as Nodes[];
    const bodyText: Localized = {};
    const untranslated = new Set<string>();
    for (const lang of this.languages) {
      const r = this.localizeBlocks(prose, lang);
      bodyText[lang] = r.text;
      if (r.fallback) untranslated.add(lang);
      if (title[lang] === undefined) untranslated.add(lang);
    }

    const durationOf = (k: string): number | undefined => {
      if (attrs[k] === undefined) return undefined;
      const ms = parseDuration(attrs[k]!);
      if (ms === undefined || ms <= 0) {
        this.report(this.attrPos(node, k, 'value'), 'error', `${k}="${attrs[k]}" is not a duration; write a positive number with a unit, e.g. ${k}=30s, 10m or 2h`, 'attribute-value');
        return undefined;
      }
      return ms;
    };
    let retries = 0;
    if (attrs.retries !== undefined) {
      const r = Number(attrs.retries);
      if (!/^\d+$/.test(attrs.retries.trim()) || !Number.isInteger(r) || r < 0 || r > 100) {
        this.report(this.attrPos(node, 'retries', 'value'), 'error', `retries="${attrs.retries}" must be a whole number from 0 to 100 (how many times a failure is retried)`, 'attribute-value');
      } else retries = r;
    }
    let capturePosition: Position | undefined;
    if (attrs.capture !== undefined) {
      capturePosition = this.attrPos(node, 'capture', 'value');
      if (!CAPTURE_RE.test(attrs.capture)) {
        const fixed = attrs.capture.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^(?=\d)/, '_');
        this.report(capturePosition, 'error', `capture="${attrs.capture}" is not a variable name; use letters, digits and "_" (not starting with a digit)${fixed && CAPTURE_RE.test(fixed) ? `, e.g. capture=${fixed}` : ''}`, 'attribute-value');
      } else if (protectedEnv(attrs.capture) || protectedEnv(attrs.capture.toUpperCase())) {
        this.report(capturePosition, 'error', `capture="${attrs.capture}" would replace $${attrs.capture}, which the step's shell or the runner needs; choose another name`, 'attribute-value');
      }
    }
    if (attrs.expect !== undefined) {
      try {
        new RegExp(attrs.expect, 'm');
      } catch (e) {
        this.report(this.attrPos(node, 'expect', 'value'), 'error', `expect="${attrs.expect}" is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')}); escape special characters with \\`, 'attribute-value');
      }
    }
    if (attrs.cwd !== undefined && attrs.cwd.trim() === '') {
      this.report(this.attrPos(node, 'cwd', 'value'), 'error', 'cwd="" names no directory; write a path (it may use $PARAM), or remove it', 'attribute-value');
    }
    const timeoutMs = durationOf('timeout');
    const intervalMs = kind === 'wait' ? durationOf('interval') : undefined;
    if (kind === 'wait' && intervalMs !== undefined && (timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS) < intervalMs) {
      this.report(this.attrPos(node, 'interval', 'value'), 'warning', `interval ${attrs.interval} is longer than the timeout (${attrs.timeout ?? '10m'}), so the wait polls only once; shorten the interval or lengthen the timeout`, 'attribute-value');
    }
    this.stepInfo.push({ id: id || `line-${p.line}`, position: p, capture: attrs.capture, capturePosition });

    const step: Step = {
      id: id || `line-${p.line}`,
      kind,
      title,
      attrs,
      script,
      snippets: executable ? codes.slice(1) : codes,
      conditions: ownConditions,
      body: bodyText,
      intro,
      untranslated: this.languages.filter((l) => untranslated.has(l)),
      section: sections.length - 1,
      position: p,
      hash: '',
      capture: attrs.capture,
      timeoutMs: timeoutMs ?? (kind === 'wait' ? DEFAULT_WAIT_TIMEOUT_MS : undefined),
      intervalMs: kind === 'wait' ? intervalMs ?? DEFAULT_WAIT_INTERVAL_MS : undefined,
      retries,
      expect: attrs.expect,
      cwd: attrs.cwd,
    };
    step.hash = hashStep(step);
    return step;
  }

  /** A code block inside a language block, list or quote of a step's body. */
  private nestedCode(body: RootContent[]): { code: Nodes; where: string } | undefined {
    const stack: { n: Nodes; where: string }[] = [];
    for (const c of body) {
      if (c.type === 'code') continue;
      const where = c.type === 'containerDirective' ? `the :::${c.name} block` : c.type === 'list' ? 'a list' : c.type === 'blockquote' ? 'a quote' : 'other content';
      stack.push({ n: c, where });
    }
    while (stack.length) {
      const { n, where } = stack.pop()!;
      if (n.type === 'code') return { code: n, where };
      if ('children' in n && Array.isArray(n.children)) for (const k of n.children as Nodes[]) stack.push({ n: k, where });
    }
    return undefined;
  }

  /** Title text per language of inline content: every language, or those with a phrase when it has phrases. */
  localizeInline(nodes: Nodes[]): Localized {
    const out: Localized = {};
    const present = phraseLanguages(nodes, this.languages);
    for (const lang of this.languages) {
      if (present.size > 0 && !present.has(lang)) continue;
      const text = inlineText(this.source, nodes, { lang, languages: this.languages });
      if (text) out[lang] = text;
    }
    return out;
  }

  /**
   * Markdown of a run of sibling blocks in one language. A group of language blocks without `lang` shows the
   * first language present instead (`fallback`).
   */
  localizeBlocks(nodes: Nodes[], lang: string): { text: string; fallback: boolean } {
    const parts: string[] = [];
    let fallback = false;
    let run: Nodes[] = [];
    const flushRun = () => {
      if (run.length) {
        const t = spliceRange(this.source, run, { lang, languages: this.languages });
        if (t) parts.push(t);
      }
      run = [];
    };
    const groups = languageGroups(nodes as RootContent[], this.languages);
    const complete = (g: Nodes[]) => g.some((n) => n.type === 'containerDirective' && (n as DirectiveNode).name === lang);
    // Every group has the language: the source range as one piece, exactly as written.
    if (groups.every(complete)) return { text: spliceRange(this.source, nodes, { lang, languages: this.languages }), fallback: false };
    const groupOf = new Map<Nodes, Nodes[]>();
    for (const g of groups) groupOf.set(g[0]!, g);
    for (let i = 0; i < nodes.length; i++) {
      const g = groupOf.get(nodes[i]!);
      if (!g) { run.push(nodes[i]!); continue; }
      flushRun();
      const have = g.filter((n) => n.type === 'containerDirective').map((n) => (n as DirectiveNode).name);
      let shown = lang;
      if (!have.includes(lang)) {
        shown = this.languages.find((l) => have.includes(l)) ?? have[0]!;
        fallback = true;
      }
      const t = spliceRange(this.source, g, { lang: shown, languages: this.languages });
      if (t) parts.push(t);
      i += g.length - 1;
    }
    flushRun();
    return { text: parts.join('\n\n'), fallback };
  }
}

/**
 * Groups of consecutive language blocks (html comments between them allowed): a block whose language the group
 * already has starts a new group, unless it directly follows a block of the same language (a duplicate, kept).
 */
function languageGroups(children: RootContent[] | Nodes[], languages: string[]): Nodes[][] {
  const groups: Nodes[][] = [];
  let cur: Nodes[] = [];
  let have = new Set<string>();
  let prev: string | undefined;
  const flush = () => {
    while (cur.length && cur[cur.length - 1]!.type === 'html') cur.pop();
    if (cur.some((c) => c.type === 'containerDirective')) groups.push(cur);
    cur = [];
    have = new Set();
    prev = undefined;
  };
  for (const c of children as Nodes[]) {
    if (c.type === 'containerDirective' && languages.includes(c.name)) {
      if (have.has(c.name) && prev !== c.name) flush();
      cur.push(c);
      have.add(c.name);
      prev = c.name;
    } else if (c.type === 'html' && cur.length) cur.push(c);
    else flush();
  }
  flush();
  return groups;
}

function hashStep(step: Step): string {
  const def = {
    kind: step.kind,
    attrs: Object.fromEntries(Object.entries(step.attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    conditions: step.conditions,
    script: step.script?.value ?? null,
    snippets: step.snippets.map((s) => s.value),
  };
  return createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 16);
}

