// `runbook render`: a clean one-language document for review, made from a runbook (or from plain markdown),
// as markdown or as one self-contained HTML page. Pure: text in, text out; no terminal I/O.
//
// Content without directives is spliced from the source byte for byte (markdown.ts), so rendering never
// changes the meaning of ordinary markdown; only HTML comments (author notes) are dropped.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import type { Nodes, RootContent, Root } from 'mdast';
import type { Root as HastRoot, Element, ElementContent, RootContent as HastContent, Text as HastText } from 'hast';
import {
  parseMarkdown, hasDirective, bodyChildren, directiveLabel, spliceRange, phraseLanguages, startOffset, endOffset,
  type DirectiveNode, type SpliceOptions,
} from '../document/markdown.js';
import { parseExpr, evaluate, describe, shorthandToExpr, type Value } from '../document/conditions.js';
import { resolveParams, paramApplies, type ParamValues } from '../plan/params.js';
import {
  type Runbook, type Step, type StepKind, type ParamDef, pick, DEFAULT_WAIT_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS,
} from '../document/model.js';
import { translator, type CliKey, type Translate as TranslateKeys } from '../../i18n/index.js';
import { cli as catalog } from '../../i18n/cli.js';

export interface RenderOptions {
  /** The language to render (one of the runbook's languages). */
  lang: string;
  /**
   * Param values given by the operator. Given (even empty): defaults apply and conditional content whose
   * condition is false is left out, undecided content is kept with a note. Undefined: nothing is filtered,
   * every condition is shown as a note ("Only when: …").
   */
  params?: ParamValues;
}

const STEP_KINDS: readonly string[] = ['run', 'check', 'wait', 'manual'];

type Translate = TranslateKeys<CliKey>;

interface Ctx {
  source: string;
  /** `source` with the blanks between adjacent language phrases turned into splice gaps (see phraseGaps). */
  spliceSource: string;
  runbook?: Runbook;
  lang: string;
  languages: string[];
  t: Translate;
  lookup: (name: string) => Value | undefined;
  labels: Record<string, string>;
  steps: Map<string, Step>;
  /** Number of the last step rendered. */
  stepNo: number;
  /** Depth of the last heading met outside steps (steps are headed one level below it, at least ###). */
  depth: number;
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

/** A runbook → clean markdown in one language. `source` is the file the runbook was parsed from. */
export function renderRunbook(runbook: Runbook, source: string, opts: RenderOptions): string {
  const lang = opts.lang;
  const languages = runbook.languages;
  const t = translator(catalog, lang);
  const given = opts.params;
  const values: ParamValues = given ? resolveParams(runbook, given).values : {};
  const clean = cleanSource(source);
  const tree = parseMarkdown(clean);
  const ctx = makeCtx(clean, tree, lang, languages, {
    runbook,
    t,
    lookup: (name) => (Object.hasOwn(values, name) ? values[name] : undefined),
    labels: Object.fromEntries(runbook.params.map((p) => [p.name, oneLine(pick(p.label, lang, languages).text) || p.name])),
    steps: new Map(runbook.steps.map((s) => [s.id, s])),
  });
  const title = pick(runbook.title, lang, languages);
  const parts: string[] = [`# ${escapeInline(oneLine(title.text) || runbook.id)}${title.fallback ? ` ${marker(ctx)}` : ''}`];
  const params = renderParams(ctx, runbook, given, values);
  if (params) parts.push(params);
  parts.push(...renderBlocks(ctx, tree.children, 'top'));
  return finish(parts);
}

/**
 * Plain markdown (no front matter, or not a runbook) → the same document with HTML comments dropped and,
 * when `languages` are given, language blocks and phrases of other languages removed. Any other directive
 * is kept as written.
 */
export function renderMarkdown(source: string, opts: { lang?: string; languages?: string[] } = {}): string {
  const lang = opts.lang ?? opts.languages?.[0] ?? 'en';
  const languages = opts.languages ?? [];
  const clean = languages.length ? cleanSource(source) : source;
  const tree = parseMarkdown(clean);
  return finish(renderBlocks(makeCtx(clean, tree, lang, languages), tree.children, 'top'));
}

/** A fresh rendering context; a runbook adds its params, labels and steps through `extra`. */
function makeCtx(clean: string, tree: ReturnType<typeof parseMarkdown>, lang: string, languages: string[], extra: Partial<Ctx> = {}): Ctx {
  return {
    source: clean,
    spliceSource: phraseGaps(clean, tree, languages),
    lang,
    languages,
    t: translator(catalog, lang),
    lookup: () => undefined,
    labels: {},
    steps: new Map(),
    stepNo: 0,
    depth: 1,
    ...extra,
  };
}

/** The plain-text title of a runbook in a language (for the HTML page's <title>). */
export function runbookTitle(runbook: Runbook, lang: string): string {
  return oneLine(pick(runbook.title, lang, runbook.languages).text) || runbook.id;
}

function finish(parts: string[]): string {
  const md = dropComments(parts.filter((p) => p.trim() !== '').join('\n\n'));
  // Trailing spaces may belong to the last block (an indented code line); trailing newlines do not.
  return md.trim() === '' ? '' : `${md.replace(/\n+$/, '')}\n`;
}

/** NUL and U+0001 cannot be in a text runbook (parse.ts replaces them too); they are the splicer's markers. */
function cleanSource(source: string): string {
  return /[\u0000\u0001]/.test(source) ? source.replace(/[\u0000\u0001]/g, '\uFFFD') : source;
}

// ---------------------------------------------------------------------------------------------------------
// Front matter: title and parameters

function renderParams(ctx: Ctx, runbook: Runbook, given: ParamValues | undefined, values: ParamValues): string {
  const { t } = ctx;
  const lines: string[] = [];
  for (const def of runbook.params) {
    let applies: boolean | undefined = true;
    if (def.when !== undefined) applies = given ? paramApplies(def, values) : judge(ctx, def.when);
    if (applies === false) continue;
    const label = pick(def.label, ctx.lang, ctx.languages);
    let line = `- **${escapeInline(oneLine(label.text) || def.name)}**${label.fallback ? ` ${marker(ctx)}` : ''} (${codeSpan(def.name)}): ${paramValue(ctx, def, given)}`;
    if (applies === undefined && def.when !== undefined) line += ` — ${noteText(ctx, def.when)}`;
    lines.push(line);
  }
  if (lines.length === 0) return '';
  return `## ${escapeInline(t('render.params'))}\n\n${lines.join('\n')}`;
}

function paramValue(ctx: Ctx, def: ParamDef, given: ParamValues | undefined): string {
  const { t } = ctx;
  if (def.type === 'secret') return `*${escapeInline(t('render.secret'))}*`;
  const shown = (v: string | boolean) => (typeof v === 'boolean' ? escapeInline(t(v ? 'render.yes' : 'render.no')) : codeSpan(v));
  const choices = def.type === 'choice' && def.choices?.length
    ? ` (${escapeInline(t('render.choices', { values: def.choices.join(', ') }))})`
    : '';
  const v = given?.[def.name];
  if (v !== undefined) return shown(v);
  if (def.default !== undefined) return `${escapeInline(t('render.default'))}: ${shown(def.default)}${choices}`;
  if (def.example !== undefined) return `${escapeInline(t('render.example'))} ${codeSpan(def.example)}${choices}`;
  return def.type === 'choice' && def.choices?.length ? escapeInline(t('render.choices', { values: def.choices.join(', ') })) : '—';
}

// ---------------------------------------------------------------------------------------------------------
// The body: runs of ordinary blocks are spliced from the source; conditions, steps and untranslated
// blocks are handled here.

function renderBlocks(ctx: Ctx, nodes: RootContent[], where: 'top' | 'step'): string[] {
  const out: string[] = [];
  let run: RootContent[] = [];
  const flush = () => {
    if (run.length) out.push(splice(ctx, run, ctx.lang));
    run = [];
  };
  const isRunbook = ctx.runbook !== undefined;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'yaml') continue;
    if (isRunbook && where === 'top' && node.type === 'containerDirective' && node.name === 'if') {
      flush();
      const expr = ifExpression(node);
      const holds = judge(ctx, expr);
      if (holds === false) continue;
      if (holds === undefined) out.push(noteBlock(ctx, expr));
      out.push(...renderBlocks(ctx, bodyChildren(node), 'top'));
      continue;
    }
    if (isRunbook && where === 'top' && node.type === 'containerDirective' && STEP_KINDS.includes(node.name)) {
      flush();
      out.push(...renderStep(ctx, node));
      continue;
    }
    if (where === 'top' && node.type === 'heading') ctx.depth = node.depth;
    if (isLanguageBlock(ctx, node)) {
      // A group: consecutive language blocks, each language once (comments between them do not break it).
      let j = i;
      const seen = new Set<string>();
      for (; j < nodes.length; j++) {
        const n = nodes[j]!;
        if (n.type === 'html') continue;
        if (!isLanguageBlock(ctx, n) || seen.has(n.name)) break;
        seen.add(n.name);
      }
      while (j > i + 1 && nodes[j - 1]!.type === 'html') j--;
      const group = nodes.slice(i, j);
      const blocks = group.filter((n) => isLanguageBlock(ctx, n)) as DirectiveNode[];
      i = j - 1;
      // A chunk of its own: what follows the group must not continue its last paragraph or list.
      flush();
      if (blocks.some((b) => b.name === ctx.lang)) {
        out.push(splice(ctx, group, ctx.lang));
        continue;
      }
      const fallback = ctx.languages.map((l) => blocks.find((b) => b.name === l)).find(Boolean) ?? blocks[0]!;
      const text = splice(ctx, bodyChildren(fallback), fallback.name);
      if (text.trim()) out.push(marker(ctx), text);
      continue;
    }
    const phrases = phraseLanguages([node], ctx.languages);
    if (phrases.size > 0 && !phrases.has(ctx.lang)) {
      flush();
      const fallback = ctx.languages.find((l) => phrases.has(l))!;
      out.push(markUntranslated(ctx, node, splice(ctx, [node], fallback)));
      continue;
    }
    if (where === 'step' && node.type === 'code' && unclosedFence(ctx.source, node)) {
      // A fence closed by the end of its step: close it, or it would swallow the rest of the document.
      flush();
      out.push(`${ctx.source.slice(startOffset(node), endOffset(node)).replace(/\s+$/, '')}\n${unclosedFence(ctx.source, node)}`);
      continue;
    }
    run.push(node);
  }
  flush();
  return out.filter((s) => s.trim() !== '');
}

function renderStep(ctx: Ctx, node: DirectiveNode): string[] {
  const { t } = ctx;
  const attrs = node.attributes ?? {};
  const id = typeof attrs.id === 'string' && attrs.id ? attrs.id : `line-${node.position?.start.line ?? 1}`;
  const step = ctx.steps.get(id);
  const kind = node.name as StepKind;
  const out: string[] = [];
  let whenNote: string | undefined;
  if (typeof attrs.when === 'string') {
    const holds = judge(ctx, attrs.when);
    if (holds === false) return [];
    if (holds === undefined) whenNote = noteBlock(ctx, attrs.when);
  }
  ctx.stepNo++;
  const level = Math.min(6, Math.max(3, ctx.depth + 1));
  const title = stepTitle(ctx, node, step, id);
  out.push(`${'#'.repeat(level)} ${ctx.stepNo}. ${title.text}${title.fallback ? ` ${marker(ctx)}` : ''}`);
  if (whenNote) out.push(whenNote);
  out.push(kindLine(ctx, kind, step, attrs));

  let body = bodyChildren(node);
  if (!directiveLabel(node)) {
    // The title came from the first heading inside the step: do not repeat it.
    const heading = body.find((c) => c.type === 'heading');
    if (heading) body = body.filter((c) => c !== heading);
  }
  out.push(...renderBlocks(ctx, body, 'step'));
  if (kind === 'manual') out.push(`*${escapeInline(t('render.confirm'))}*`);
  return out;
}

/** Its label, else its first heading, else (from the model) the nearest heading before it, else its id. */
function stepTitle(ctx: Ctx, node: DirectiveNode, step: Step | undefined, id: string): { text: string; fallback: boolean } {
  const label = directiveLabel(node);
  const source = label ?? bodyChildren(node).find((c) => c.type === 'heading');
  if (source && 'children' in source) {
    const inline = source.children as Nodes[];
    const phrases = phraseLanguages(inline, ctx.languages);
    const lang = phrases.size === 0 || phrases.has(ctx.lang) ? ctx.lang : ctx.languages.find((l) => phrases.has(l))!;
    const text = oneLine(spliceRange(ctx.spliceSource, inline, spliceOptions(ctx, lang)));
    if (text) return { text, fallback: lang !== ctx.lang };
  }
  if (step) {
    const picked = pick(step.title, ctx.lang, ctx.languages);
    if (oneLine(picked.text)) return { text: oneLine(picked.text), fallback: picked.fallback };
  }
  return { text: escapeInline(id), fallback: false };
}

function kindLine(ctx: Ctx, kind: StepKind, step: Step | undefined, attrs: Record<string, string | null | undefined>): string {
  const { t } = ctx;
  const attr = (k: string) => (typeof attrs[k] === 'string' ? (attrs[k] as string) : undefined);
  const parts: string[] = [`**${escapeInline(t(`render.${kind}`))}**`];
  const expect = attr('expect');
  const cwd = attr('cwd');
  const timeout = attr('timeout');
  if ((kind === 'check' || kind === 'wait') && expect !== undefined) parts.push(`${escapeInline(t('render.expect'))} ${codeSpan(expect)}`);
  if (kind === 'wait') {
    const interval = attr('interval') ?? formatDuration(step?.intervalMs ?? DEFAULT_WAIT_INTERVAL_MS);
    const limit = timeout ?? formatDuration(step?.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
    parts.push(escapeInline(t('render.every', { interval, timeout: limit })));
  } else if (timeout !== undefined && kind !== 'manual') {
    parts.push(escapeInline(t('render.timeout', { timeout })));
  }
  if (kind !== 'manual' && cwd !== undefined) parts.push(`${escapeInline(t('render.cwd'))} ${codeSpan(cwd)}`);
  const capture = attr('capture');
  if (kind === 'run' && capture !== undefined) parts.push(`${escapeInline(t('render.capture'))} ${codeSpan(`$${capture}`)}`);
  const retries = step?.retries ?? Number(attr('retries') ?? 0);
  if (kind !== 'manual' && kind !== 'wait' && retries > 0) parts.push(escapeInline(t('render.retries', { count: retries })));
  return parts.join(' · ');
}

// ---------------------------------------------------------------------------------------------------------
// Conditions

function ifExpression(node: DirectiveNode): string {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes ?? {})) if (k !== 'id' && k !== 'class') attrs[k] = v ?? '';
  return shorthandToExpr(attrs);
}

/** true / false when decided by the known values; undefined when it needs a value not given (or is invalid). */
function judge(ctx: Ctx, src: string): boolean | undefined {
  const { expr } = parseExpr(src);
  if (!expr) return undefined;
  const r = evaluate(expr, ctx.lookup);
  return r.error ? undefined : r.value;
}

function noteText(ctx: Ctx, src: string): string {
  const { expr } = parseExpr(src);
  const condition = oneLine(expr ? describe(expr, ctx.lang, ctx.labels) : src);
  return `*${escapeInline(ctx.t('render.onlyWhen', { condition }))}*`;
}

function noteBlock(ctx: Ctx, src: string): string {
  return `> ${noteText(ctx, src)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Splicing

function isLanguageBlock(ctx: Ctx, node: Nodes): node is DirectiveNode {
  return node.type === 'containerDirective' && ctx.languages.includes(node.name);
}

function spliceOptions(ctx: Ctx, lang: string): SpliceOptions {
  return { lang, languages: ctx.languages, container: (node, inner) => nestedContainer(ctx, node, inner) };
}

/** Source of a run of sibling blocks in `lang`; spaces that open or close it (indented code) are kept. */
function splice(ctx: Ctx, nodes: Nodes[], lang: string): string {
  if (nodes.length === 0) return '';
  // Plain markdown: nothing to splice (and no directive quirk can touch it).
  if (!ctx.runbook && ctx.languages.length === 0) return ctx.source.slice(startOffset(nodes[0]!), endOffset(nodes[nodes.length - 1]!));
  const text = spliceRange(ctx.spliceSource, nodes, spliceOptions(ctx, lang));
  if (!text) return '';
  const first = nodes[0]!;
  const last = nodes[nodes.length - 1]!;
  const raw = ctx.source.slice(startOffset(first), endOffset(last));
  const lead = hasDirective(first) ? '' : /^[ \t]*/.exec(raw)![0];
  const trail = hasDirective(last) ? '' : /[ \t]*$/.exec(raw)![0];
  return `${text.startsWith(lead) ? '' : lead}${text}${text.endsWith(trail) ? '' : trail}`;
}

/** A container or leaf directive met inside other content (a list, a language block). */
function nestedContainer(ctx: Ctx, node: DirectiveNode, inner: string): string {
  const literal = ctx.source.slice(startOffset(node), endOffset(node));
  if (!ctx.runbook) return literal;
  if (node.type === 'containerDirective' && node.name === 'if') {
    const expr = ifExpression(node);
    const holds = judge(ctx, expr);
    if (holds === false) return '';
    if (holds === true) return inner;
    // The note goes where the directive began; the body follows on the continuation prefix of that line.
    const s = startOffset(node);
    const prefix = ctx.source.slice(ctx.source.lastIndexOf('\n', s - 1) + 1, s).replace(/[^>\s]/g, ' ');
    return `${noteBlock(ctx, expr)}\n${prefix.trimEnd()}\n${prefix}${inner}`;
  }
  if (node.type === 'containerDirective' && STEP_KINDS.includes(node.name)) return inner;
  return literal;
}

/**
 * The blanks between two adjacent language phrases (`:en[…] :zh[…] :ru[…]`) as splice gap characters, so that
 * removing the phrases of other languages leaves one space where text goes on, never none (`Run :en[a] :ru[b]
 * now` → `Run a now`), whichever phrase is kept. Same length as the source: node offsets stay valid.
 */
function phraseGaps(source: string, tree: Root, languages: string[]): string {
  if (languages.length === 0) return source;
  const ranges: [number, number][] = [];
  const isPhrase = (n: Nodes | undefined) => n?.type === 'textDirective' && languages.includes(n.name);
  const visit = (node: Nodes) => {
    if (!('children' in node)) return;
    const kids = node.children as Nodes[];
    for (let k = 1; k + 1 < kids.length; k++) {
      const n = kids[k]!;
      if (n.type === 'text' && /^[ \t]+$/.test(n.value) && isPhrase(kids[k - 1]) && isPhrase(kids[k + 1])) {
        ranges.push([startOffset(n), endOffset(n)]);
      }
    }
    kids.forEach(visit);
  };
  visit(tree);
  if (ranges.length === 0) return source;
  let out = '';
  let cursor = 0;
  for (const [s, e] of ranges.sort((a, b) => a[0] - b[0])) {
    out += source.slice(cursor, s) + '\u0000'.repeat(e - s);
    cursor = e;
  }
  return out + source.slice(cursor);
}

function marker(ctx: Ctx): string {
  const word = escapeInline(ctx.t('render.untranslated'));
  return ctx.lang.startsWith('zh') || ctx.lang.startsWith('ja') ? `*（${word}）*` : `*(${word})*`;
}

function markUntranslated(ctx: Ctx, node: Nodes, text: string): string {
  if (node.type === 'paragraph') return `${text} ${marker(ctx)}`;
  if (node.type === 'heading' && /^ {0,3}#/.test(text) && !text.includes('\n')) {
    const closing = /(\s+#+)?[ \t]*$/.exec(text)!;
    return `${text.slice(0, closing.index)} ${marker(ctx)}${closing[0]}`;
  }
  return `${marker(ctx)}\n\n${text}`;
}

/** The closing fence a fenced code block lacks (its container closed it), or '' when it has one or is indented. */
function unclosedFence(source: string, node: Nodes): string {
  const text = source.slice(startOffset(node), endOffset(node));
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(text);
  if (!open) return '';
  const fence = open[1]!;
  const lines = text.split('\n');
  const lastLine = lines[lines.length - 1]!.trim();
  if (lines.length > 1 && lastLine[0] === fence[0] && /^(`+|~+)$/.test(lastLine) && lastLine.length >= fence.length) return '';
  return fence;
}

// ---------------------------------------------------------------------------------------------------------
// HTML comments: author notes, dropped from every output

const COMMENT_RE = /<!--(?:-?>|[\s\S]*?-->)/g;
const commonmark = unified().use(remarkParse);
type Edit = { from: number; to: number; text: string };

/**
 * Drop HTML comments from markdown (as a CommonMark parser sees it: comments inside code stay), keeping the
 * block structure: a removed comment line neither joins the blocks around it nor loosens a tight list.
 */
export function dropComments(md: string): string {
  if (!md.includes('<!--')) return md;
  const tree = commonmark.parse(md) as Root;
  const edits: Edit[] = [];
  const lineStart = (at: number) => md.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = (at: number) => { const n = md.indexOf('\n', at); return n < 0 ? md.length : n; };
  const blank = (text: string) => /^[\s>]*$/.test(text);

  /** `tight`: the parent is an item of a tight list (its paragraphs are shown without <p>). */
  const visit = (parent: Nodes & { children: Nodes[] }, tight: boolean) => {
    const block = parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem';
    parent.children.forEach((node, k) => {
      if (node.type === 'list') {
        const loose = !!node.spread || node.children.some((item) => item.spread);
        for (const item of node.children) visit(item as Nodes & { children: Nodes[] }, !loose);
      } else if ('children' in node) {
        visit(node as Nodes & { children: Nodes[] }, false);
      }
      if (node.type !== 'html') return;
      const s = startOffset(node);
      const e = endOffset(node);
      const text = md.slice(s, e);
      if (!block) {
        if (!/^<!--/.test(node.value)) return;
        // An inline comment: remove it, neither making nor losing a hard break, nor leaving an empty line.
        const ls = lineStart(s);
        const le = lineEnd(e);
        const after = md.slice(e, le);
        if (!/^[ \t]*$/.test(after)) {
          edits.push({ from: s, to: e, text: '' });
          return;
        }
        let from = s;
        while (from > ls && (md[from - 1] === ' ' || md[from - 1] === '\t')) from--;
        if (blank(md.slice(ls, from)) && ls > 0) edits.push({ from: ls - 1, to: le, text: '' });
        else edits.push({ from, to: le, text: /^ {2,}$/.test(after) ? after : '' });
        return;
      }
      const spans = [...text.matchAll(COMMENT_RE)];
      if (spans.length === 0) return;
      if (blank(text.replace(COMMENT_RE, ''))) {
        const prev = parent.children[k - 1];
        const next = parent.children[k + 1];
        const indentedCode = prev?.type === 'code' && !/^ {0,3}(```|~~~)/.test(md.slice(startOffset(prev), endOffset(prev)));
        if ((prev?.type === 'list' || indentedCode) && next) {
          // The comment ends a list or an indented code block (the usual way to separate two): keep an empty one.
          edits.push({ from: s, to: e, text: '<!-- -->' });
          return;
        }
        const ls = lineStart(s);
        const le = lineEnd(e);
        const prefix = md.slice(ls, s);
        if (!blank(prefix) || !/^[ \t]*$/.test(md.slice(e, le))) {
          // Shares its line with a list marker (or other text): an empty comment keeps what follows in place.
          edits.push({ from: s, to: e, text: '<!-- -->' });
          return;
        }
        const prevLine = ls === 0 ? '' : md.slice(lineStart(ls - 1), ls - 1);
        const nextLine = le >= md.length ? '' : md.slice(le + 1, lineEnd(le + 1));
        const separate = !blank(prevLine) && !blank(nextLine) && !(parent.type === 'listItem' && tight);
        // Between two empty lines, one of them goes too.
        const empty = (line: string) => /^[ \t]*$/.test(line);
        const to = ls > 0 && le < md.length && empty(prevLine) && empty(nextLine) ? lineEnd(le + 1) + 1 : le + 1;
        edits.push({ from: ls, to: Math.min(to, md.length), text: separate ? `${prefix.trimEnd()}\n` : '' });
        return;
      }
      // Comments inside other raw HTML: drop the lines that hold only a comment (an empty line would end the
      // block), the comment alone elsewhere; one that opens the block stays, emptied, so the block stays one.
      for (const m of spans) {
        const cs = s + m.index!;
        const ce = cs + m[0].length;
        const ls = lineStart(cs);
        const le = lineEnd(ce);
        if (cs === s) edits.push({ from: cs, to: ce, text: '<!-- -->' });
        else if (blank(md.slice(ls, cs)) && /^[ \t]*$/.test(md.slice(ce, le))) edits.push({ from: ls, to: Math.min(le + 1, md.length), text: '' });
        else edits.push({ from: cs, to: ce, text: '' });
      }
    });
  };
  visit(tree as unknown as Nodes & { children: Nodes[] }, false);

  edits.sort((a, b) => b.from - a.from);
  let out = md;
  let limit = Infinity;
  for (const edit of edits) {
    if (edit.to > limit) continue; // overlapping edits: keep the later one
    out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
    limit = edit.from;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// HTML page

const CSS = `
:root { color-scheme: light dark; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 .6em; }
h1 { margin-top: .4em; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
:not(pre) > code { background: rgba(127,127,127,.15); padding: .1em .3em; border-radius: 3px; }
pre { background: rgba(127,127,127,.12); padding: .8em 1em; overflow-x: auto; border-radius: 4px; }
pre.raw { border: 1px dashed rgba(127,127,127,.5); background: none; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid rgba(127,127,127,.4); padding: .3em .6em; vertical-align: top; }
blockquote { margin: 1em 0; padding: .2em 1em; border-left: 4px solid rgba(127,127,127,.45); }
.url { overflow-wrap: anywhere; }
@media print { pre { white-space: pre-wrap; } }
`.trim();

/**
 * Rendered markdown → one self-contained HTML page: no scripts, no external resources, no external URLs.
 * Raw HTML of the document is shown escaped (never executed), HTML comments dropped; links other than
 * fragments and relative paths, and all images, become text that shows their address.
 */
export function renderHtml(markdown: string, opts: { lang: string; title: string }): string {
  const processor = unified().use(remarkParse).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify);
  const mdast = processor.parse(markdown) as Root;
  pipeTables(mdast, markdown);
  const hast = processor.runSync(mdast) as HastRoot;
  hast.children = cleanHast(hast.children, true) as HastRoot['children'];
  const body = processor.stringify(hast);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(opts.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    body.trim(),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Pipe tables (GitHub's extension, common in runbooks) are paragraphs to CommonMark; for the page, turn a
 * paragraph made of a header row, a delimiter row and body rows into a table. Cells are parsed as inline markdown.
 */
function pipeTables(tree: Root, markdown: string): void {
  const inline = unified().use(remarkParse);
  const cells = (line: string): string[] => {
    let row = line.trim();
    if (row.startsWith('|')) row = row.slice(1);
    if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
    return row.split(/(?<!\\)\|/).map((c) => c.trim());
  };
  const visit = (parent: Nodes & { children: Nodes[] }) => {
    parent.children.forEach((node, k) => {
      if (node.type !== 'paragraph') {
        if ('children' in node) visit(node as Nodes & { children: Nodes[] });
        return;
      }
      const lines = markdown.slice(startOffset(node), endOffset(node)).split('\n').map((l, i) => (i ? l.replace(/^[\s>]*/, '') : l));
      if (lines.length < 2 || !lines[0]!.includes('|') || !DELIMITER_ROW.test(lines[1]!) || !lines[1]!.includes('-')) return;
      const header = cells(lines[0]!);
      const delimiter = cells(lines[1]!);
      if (header.length !== delimiter.length || !lines.slice(2).every((l) => l.includes('|'))) return;
      const align = delimiter.map((d) => (d.startsWith(':') && d.endsWith(':') ? 'center' : d.endsWith(':') ? 'right' : d.startsWith(':') ? 'left' : null));
      const row = (line: string) => {
        const texts = cells(line);
        return {
          type: 'tableRow' as const,
          children: header.map((_, i) => {
            const first = (inline.parse(texts[i] ?? '') as Root).children[0];
            return { type: 'tableCell' as const, children: first && first.type === 'paragraph' ? first.children : [] };
          }),
        };
      };
      parent.children[k] = { type: 'table', align, children: [row(lines[0]!), ...lines.slice(2).map(row)] } as Nodes;
    });
  };
  visit(tree as unknown as Nodes & { children: Nodes[] });
}

const BLOCK_PARENTS = new Set(['root', 'blockquote', 'li']);

function cleanHast(nodes: HastContent[], blockLevel: boolean): HastContent[] {
  const out: HastContent[] = [];
  for (const node of nodes) {
    if (node.type === 'comment') continue;
    if ((node as { type: string }).type === 'raw') {
      const value = (node as unknown as { value: string }).value.replace(COMMENT_RE, '');
      if (value.trim() === '') continue;
      const text: HastText = { type: 'text', value: blockLevel ? value.replace(/\n+$/, '') : value };
      // Raw HTML is shown, escaped, never interpreted.
      out.push(blockLevel ? el('pre', { className: ['raw'] }, [el('code', {}, [text])]) : text);
      continue;
    }
    if (node.type !== 'element') {
      out.push(node);
      continue;
    }
    node.children = cleanHast(node.children, BLOCK_PARENTS.has(node.tagName)) as ElementContent[];
    if (node.tagName === 'img') {
      const alt = String(node.properties.alt ?? '');
      const src = String(node.properties.src ?? '');
      out.push(el('span', { className: ['image'] }, [{ type: 'text', value: `[${alt}]` }, ...urlText(src, alt)]));
      continue;
    }
    if (node.tagName === 'a' && typeof node.properties.href === 'string' && !localHref(node.properties.href)) {
      const href = node.properties.href;
      out.push(...(node.children as HastContent[]), ...urlText(href, textOf(node)));
      continue;
    }
    out.push(node);
  }
  return out;
}

function urlText(url: string, shown: string): ElementContent[] {
  if (!url || url === shown || `mailto:${shown}` === url) return [];
  return [{ type: 'text', value: ' ' }, el('span', { className: ['url'] }, [{ type: 'text', value: `(${url})` }])];
}

/** A link into the page (#…) or a relative path: kept as a link. Anything with a scheme or host is not. */
function localHref(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//') && !/^[\s\\]/.test(href);
}

function el(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

function textOf(node: HastContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map((c) => textOf(c)).join('');
  return '';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

// ---------------------------------------------------------------------------------------------------------
// Small markdown helpers

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Plain text → inline markdown that shows it literally. */
export function escapeInline(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>&#|~]/g, '\\$&');
}

/** Plain text → a code span that shows it literally. */
export function codeSpan(s: string): string {
  const text = s.replace(/\r?\n/g, ' ');
  if (text === '') return '`""`';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [[3_600_000, 'h'], [60_000, 'm'], [1000, 's']];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  if (ms >= 1000) {
    let rest = ms;
    let out = '';
    for (const [size, unit] of units) if (rest >= size) { out += `${Math.floor(rest / size)}${unit}`; rest %= size; }
    return rest ? `${out}${rest}ms` : out;
  }
  return `${ms}ms`;
}
