// HTML comments are author notes: dropped from every output, without changing what the rest shows.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Html, Nodes } from 'mdast';
import { startOffset, endOffset } from '../../document/markdown.js';

export const COMMENT_RE = /<!--(?:-?>|[\s\S]*?-->)/g;
const commonmark = unified().use(remarkParse);
/**
 * A line that, ending where its comments began, is no longer paragraph text (after quote and list markers): an
 * empty list item or heading, a thematic break or setext underline, one HTML tag (CommonMark's HTML block, kind 7),
 * a link reference definition; or a line ending in a backslash (a hard break).
 */
const NOT_TEXT_WITHOUT_COMMENT = /^[\s>*+\-\d.)]*?(?:\d{1,9}[.)]|#{1,6}|[-*_=+][-*_=+ \t]*|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?\/?>|\[.*\]:.*)[ \t]*$|\\$/;
const EMPTY = '<!-- -->';

type Edit = { from: number; to: number; text: string };
type Parent = Nodes & { children: Nodes[] };

/** The markdown and where its lines start and end. */
class Lines {
  constructor(readonly md: string) {}
  start(at: number): number {
    return this.md.lastIndexOf('\n', at - 1) + 1;
  }
  end(at: number): number {
    const n = this.md.indexOf('\n', at);
    return n < 0 ? this.md.length : n;
  }
}

const isComment = (node: Nodes | undefined) => node?.type === 'html' && node.value.startsWith('<!--');
const isBlank = (node: Nodes | undefined) => node?.type === 'text' && /^[ \t]*$/.test(node.value);
/** Blank, or only quote markers: an empty line inside a block quote. */
const blank = (text: string) => /^[\s>]*$/.test(text);

/**
 * Drop HTML comments from markdown (as a CommonMark parser sees it: comments inside code stay), keeping the
 * block structure: a removed comment line neither joins the blocks around it nor loosens a tight list.
 */
export function dropComments(md: string): string {
  if (!md.includes('<!--')) return md;
  const lines = new Lines(md);
  const edits: Edit[] = [];
  /** `tight`: the parent is an item of a tight list (its paragraphs are shown without <p>). */
  const visit = (parent: Parent, tight: boolean) => {
    const block = parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem';
    parent.children.forEach((node, k) => {
      if (node.type === 'list') {
        const loose = !!node.spread || node.children.some((item) => item.spread);
        for (const item of node.children) visit(item as Parent, !loose);
      } else if ('children' in node) {
        visit(node as Parent, false);
      }
      if (node.type !== 'html') return;
      if (!block) {
        const edit = isComment(node) ? inlineComment(lines, parent.children, k) : undefined;
        if (edit) edits.push(edit);
      } else if (/^\s*$/.test(node.value.replace(COMMENT_RE, ''))) {
        // (The node's value is its text without quote markers and list indentation: what the block holds.)
        edits.push(commentBlock(lines, parent, k, tight));
      } else {
        edits.push(...commentsInRawHtml(lines, node));
      }
    });
  };
  visit(commonmark.parse(md) as unknown as Parent, false);

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

/** An inline comment (the k-th of `siblings`): gone, and the line it ends reads as before. */
function inlineComment(lines: Lines, siblings: Nodes[], k: number): Edit | undefined {
  const { md } = lines;
  const s = startOffset(siblings[k]!);
  // Comments in a row that only blanks separate are one: the first of them decides for all.
  let j = k + 1;
  while (isComment(siblings[j]) || (isBlank(siblings[j]) && isComment(siblings[j + 1]))) j++;
  const end = endOffset(siblings[j - 1]!);
  const le = lines.end(end);
  const after = md.slice(end, le);
  if (!/^[ \t]*$/.test(after)) return { from: s, to: endOffset(siblings[k]!), text: '' };
  let b = k - 1;
  while (isBlank(siblings[b])) b--;
  if (isComment(siblings[b])) return undefined;
  const before = siblings[k - 1];
  // Alone on its line after a hard break: without the line, the break would end the paragraph (a backslash shows).
  if (before?.type === 'break') return { from: s, to: end, text: EMPTY };
  // Alone on its line (a continuation line): the line goes.
  if (before?.type === 'text' && /\n[ \t]*$/.test(before.value)) return { from: lines.start(s) - 1, to: le, text: '' };
  const ls = lines.start(s);
  let from = s;
  while (from > ls && (md[from - 1] === ' ' || md[from - 1] === '\t')) from--;
  if (NOT_TEXT_WITHOUT_COMMENT.test(md.slice(ls, from))) return { from: s, to: end, text: EMPTY };
  // The blanks before it go too (they would end the line); those after it were a hard break, and stay.
  return { from, to: le, text: /^ {2,}$/.test(after) ? after : '' };
}

/** A block of nothing but comments (the k-th child of `parent`): gone, with its line where nothing else is on it. */
function commentBlock(lines: Lines, parent: Parent, k: number, tight: boolean): Edit {
  const { md } = lines;
  const node = parent.children[k]!;
  const s = startOffset(node);
  const e = endOffset(node);
  const prev = parent.children[k - 1];
  const next = parent.children[k + 1];
  const keep = { from: s, to: e, text: EMPTY };
  const indentedCode = prev?.type === 'code' && !/^ {0,3}(```|~~~)/.test(md.slice(startOffset(prev), endOffset(prev)));
  // (An HTML block's node starts at its line's start, with its indentation.)
  const indented = (n: Nodes) => lines.start(startOffset(n)) < startOffset(n) || /^[ \t]/.test(md[startOffset(n)]!);
  // The comment ends a list or an indented code block (the usual way to separate two), or is a block of
  // a loose list's item (without it the list could turn tight): keep an empty one.
  // (After a list, only what could join it: another list, or anything indented.)
  const couldJoin = next !== undefined && (next.type === 'list' || next.type === 'code' || indented(next));
  if ((prev?.type === 'list' && couldJoin) || (indentedCode && next) || (parent.type === 'listItem' && !tight)) return keep;
  const ls = lines.start(s);
  const le = lines.end(e);
  const prefix = md.slice(ls, s);
  // Shares its line with a list marker (or other text): an empty comment keeps what follows in place.
  if (!blank(prefix) || !/^[ \t]*$/.test(md.slice(e, le))) return keep;
  const prevLine = ls === 0 ? '' : md.slice(lines.start(ls - 1), ls - 1);
  const nextLine = le >= md.length ? '' : md.slice(le + 1, lines.end(le + 1));
  // In a tight item (an empty line would loosen the list): without it, the next line could continue the
  // paragraph before it (as text, a setext underline, lazily after the item).
  if (parent.type === 'listItem' && tight && !blank(nextLine)) return keep;
  const separate = !blank(prevLine) && !blank(nextLine);
  // Between two empty lines, one of them goes too.
  const empty = (line: string) => /^[ \t]*$/.test(line);
  const to = ls > 0 && le < md.length && empty(prevLine) && empty(nextLine) ? lines.end(le + 1) + 1 : le + 1;
  return { from: ls, to: Math.min(to, md.length), text: separate ? `${prefix.trimEnd()}\n` : '' };
}

/**
 * Comments inside other raw HTML: a line of nothing but comments goes whole (an empty line would end the block),
 * a comment elsewhere goes alone; those that open the block stay, emptied, so that the block stays one.
 * Comments in a row that only blanks separate count as one.
 */
function commentsInRawHtml(lines: Lines, node: Html): Edit[] {
  const v = node.value;
  const s = startOffset(node);
  const inValue = [...v.matchAll(COMMENT_RE)];
  // The source holds the same comments in the same order: quote markers and indentation hold none.
  const inSource = [...lines.md.slice(s, endOffset(node)).matchAll(COMMENT_RE)].map((m) => ({ from: s + m.index, to: s + m.index + m[0].length }));
  const edits: Edit[] = [];
  for (let i = 0; i < inValue.length; ) {
    let j = i + 1;
    while (j < inValue.length && /^[ \t]*$/.test(v.slice(inValue[j - 1]!.index + inValue[j - 1]![0].length, inValue[j]!.index))) j++;
    const vs = inValue[i]!.index;
    const ve = inValue[j - 1]!.index + inValue[j - 1]![0].length;
    const from = inSource[i]!.from;
    const to = inSource[j - 1]!.to;
    const ownLines = /^[ \t]*$/.test(v.slice(v.lastIndexOf('\n', vs - 1) + 1, vs)) && /^[ \t]*(\n|$)/.test(v.slice(ve));
    if (vs === v.search(/\S/)) edits.push({ from, to, text: EMPTY });
    else if (ownLines) edits.push({ from: lines.start(from), to: Math.min(lines.end(to) + 1, lines.md.length), text: '' });
    else edits.push(...inSource.slice(i, j).map((c) => ({ ...c, text: '' })));
    i = j;
  }
  return edits;
}
