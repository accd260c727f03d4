// Markdown parsing and language-aware text extraction by splicing the source: content without
// directives comes out byte for byte, so rendering never changes the meaning of ordinary markdown.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import type { Root, RootContent, Nodes } from 'mdast';
import type { Point } from 'unist';
import { chunkCuts } from './chunks.js';

export type DirectiveNode = Extract<Nodes, { type: 'containerDirective' | 'leafDirective' | 'textDirective' }>;

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkDirective);

/** Characters per independently parsed piece: small enough to keep the parser's working set small. */
export const CHUNK_CHARS = 1024;

/**
 * The markdown tree of `source`: read in independent pieces where that gives the same tree (chunks.ts),
 * with each piece's positions moved back to where it stands in the whole.
 */
export function parseMarkdown(source: string, chunkChars = CHUNK_CHARS): Root {
  const cuts = chunkChars > 0 ? chunkCuts(source, chunkChars) : [];
  if (cuts.length === 0) return processor.parse(source) as Root;
  const children: RootContent[] = [];
  let line = 1;
  let from = 0;
  let end: Point = { line: 1, column: 1, offset: 0 };
  for (const to of [...cuts, source.length]) {
    const piece = processor.parse(source.slice(from, to)) as Root;
    for (const child of piece.children) {
      shift(child, line - 1, from);
      children.push(child);
    }
    end = moved(piece.position!.end, line - 1, from);
    for (let i = source.indexOf('\n', from); i >= 0 && i < to; i = source.indexOf('\n', i + 1)) line++;
    from = to;
  }
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end } };
}

function moved(p: Point, lines: number, offset: number): Point {
  return { line: p.line + lines, column: p.column, offset: (p.offset ?? 0) + offset };
}

function shift(node: Nodes, lines: number, offset: number): void {
  if (node.position) node.position = { start: moved(node.position.start, lines, offset), end: moved(node.position.end, lines, offset) };
  if ('children' in node) for (const child of node.children as Nodes[]) shift(child, lines, offset);
}

export function isDirective(node: Nodes): node is DirectiveNode {
  return node.type === 'containerDirective' || node.type === 'leafDirective' || node.type === 'textDirective';
}

export function startOffset(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}
export function endOffset(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

/** Does the subtree hold any directive? */
export function hasDirective(node: Nodes): boolean {
  if (isDirective(node)) return true;
  return 'children' in node && (node.children as Nodes[]).some(hasDirective);
}

/** The label paragraph of a directive (`:::run[label]`), if any. */
export function directiveLabel(node: DirectiveNode): Nodes | undefined {
  if (node.type === 'textDirective') return undefined;
  const first = node.children[0];
  return first && first.type === 'paragraph' && (first.data as { directiveLabel?: boolean } | undefined)?.directiveLabel
    ? first
    : undefined;
}

/** Children of a container minus its label. */
export function bodyChildren(node: DirectiveNode): RootContent[] {
  const label = directiveLabel(node);
  return (node.children as RootContent[]).filter((c) => c !== label);
}

export interface SpliceOptions {
  lang: string;
  languages: string[];
  /** Replacement for a container directive that is not a language block (e.g. `:::if`); default: its body. */
  container?: (node: DirectiveNode, inner: string) => string | undefined;
}

/**
 * Source text of `nodes` (a run of siblings) in one language: phrases and blocks of other languages are
 * removed, those of `lang` unwrapped, any other text directive kept literally as written.
 */
export function spliceRange(source: string, nodes: Nodes[], opts: SpliceOptions): string {
  if (nodes.length === 0) return '';
  const from = startOffset(nodes[0]!);
  const to = endOffset(nodes[nodes.length - 1]!);
  return tidy(spliceBetween(source, from, to, nodes, opts));
}

function spliceBetween(source: string, from: number, to: number, nodes: Nodes[], opts: SpliceOptions): string {
  let out = '';
  let cursor = from;
  for (const node of nodes) {
    if (!hasDirective(node)) continue;
    const s = startOffset(node);
    const e = endOffset(node);
    out += source.slice(cursor, s);
    out += spliceNode(source, node, opts);
    cursor = e;
  }
  return out + source.slice(cursor, to);
}

function innerOf(source: string, children: Nodes[], opts: SpliceOptions): string {
  if (children.length === 0) return '';
  return spliceBetween(source, startOffset(children[0]!), endOffset(children[children.length - 1]!), children, opts);
}

function spliceNode(source: string, node: Nodes, opts: SpliceOptions): string {
  if (!isDirective(node)) {
    const children = (node as { children: Nodes[] }).children;
    return spliceBetween(source, startOffset(node), endOffset(node), children, opts);
  }
  const isLang = opts.languages.includes(node.name);
  if (node.type === 'textDirective') {
    if (!isLang) return source.slice(startOffset(node), endOffset(node));
    if (node.name !== opts.lang) return INLINE_GAP;
    return innerOf(source, node.children as Nodes[], opts);
  }
  if (isLang) {
    if (node.name !== opts.lang) return BLOCK_GAP;
    return innerOf(source, bodyChildren(node), opts);
  }
  const inner = innerOf(source, bodyChildren(node), opts);
  return opts.container?.(node, inner) ?? inner;
}

// Markers left where other languages were removed, so that only those places are tidied.
const INLINE_GAP = '\u0000';
const BLOCK_GAP = '\u0001';

/** Collapse what removing other languages leaves behind; untouched text stays byte for byte. */
function tidy(text: string): string {
  return text
    // Removed phrases between two words leave one space if they stood apart from them, none if they were attached
    // ("(:en[a]:zh[b])" → "(b)", "点击:en[Save]:zh[保存]按钮" → "点击保存按钮").
    .replace(/([^\s\u0000])((?:[ \t]*\u0000)+[ \t]*)(?=[^\s\u0000])/g, (_m, c: string, gap: string) => (/[ \t]/.test(gap) ? `${c} ` : c))
    .replace(/(?:[ \t]*\u0000)+[ \t]*/g, '')
    .replace(/\n*(?:[ \t]*\u0001[ \t]*\n*)+/g, '\n\n')
    .trim();
}

/** Plain one-line text of inline content in one language (titles, labels). */
export function inlineText(source: string, nodes: Nodes[], opts: SpliceOptions): string {
  return spliceRange(source, nodes, opts).replace(/\s+/g, ' ').trim();
}

/** Languages for which a run of inline nodes holds a phrase; empty when it has none (shared text). */
export function phraseLanguages(nodes: Nodes[], languages: string[]): Set<string> {
  const found = new Set<string>();
  const visit = (n: Nodes) => {
    if (n.type === 'textDirective' && languages.includes(n.name)) found.add(n.name);
    if ('children' in n) (n.children as Nodes[]).forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}
