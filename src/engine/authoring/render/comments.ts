// HTML comments are author notes: dropped from every output, without changing what the rest shows.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Nodes, Root } from 'mdast';
import { startOffset, endOffset } from '../../document/markdown.js';

export const COMMENT_RE = /<!--(?:-?>|[\s\S]*?-->)/g;
const commonmark = unified().use(remarkParse);
/**
 * A line that, ending where its comments began, is no longer paragraph text (after quote and list markers): an
 * empty list item or heading, a thematic break or setext underline, one HTML tag (CommonMark's HTML block, kind 7),
 * a link reference definition; or a line ending in a backslash (a hard break).
 */
const NOT_TEXT_WITHOUT_COMMENT = /^[\s>*+\-\d.)]*?(?:\d{1,9}[.)]|#{1,6}|[-*_=+][-*_=+ \t]*|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?\/?>|\[.*\]:.*)[ \t]*$|\\$/;
type Edit = { from: number; to: number; text: string };
type Parent = Nodes & { children: Nodes[] };

const isComment = (node: Nodes | undefined) => node?.type === 'html' && node.value.startsWith('<!--');
const isBlank = (node: Nodes | undefined) => node?.type === 'text' && /^[ \t]*$/.test(node.value);

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

  /** An inline comment (the k-th of `siblings`): gone, and the line it ends reads as before. */
  const inline = (siblings: Nodes[], k: number): Edit | undefined => {
    const s = startOffset(siblings[k]!);
    // Comments in a row that only blanks separate are one: the first of them decides for all.
    let j = k + 1;
    while (isComment(siblings[j]) || (isBlank(siblings[j]) && isComment(siblings[j + 1]))) j++;
    const end = endOffset(siblings[j - 1]!);
    const le = lineEnd(end);
    const after = md.slice(end, le);
    if (!/^[ \t]*$/.test(after)) return { from: s, to: endOffset(siblings[k]!), text: '' };
    let b = k - 1;
    while (isBlank(siblings[b])) b--;
    if (isComment(siblings[b])) return undefined;
    const before = siblings[k - 1];
    // Alone on its line after a hard break: without the line, the break would end the paragraph (a backslash shows).
    if (before?.type === 'break') return { from: s, to: end, text: '<!-- -->' };
    // Alone on its line (a continuation line): the line goes.
    if (before?.type === 'text' && /\n[ \t]*$/.test(before.value)) return { from: lineStart(s) - 1, to: le, text: '' };
    const ls = lineStart(s);
    let from = s;
    while (from > ls && (md[from - 1] === ' ' || md[from - 1] === '\t')) from--;
    if (NOT_TEXT_WITHOUT_COMMENT.test(md.slice(ls, from))) return { from: s, to: end, text: '<!-- -->' };
    // The blanks before it go too (they would end the line); those after it were a hard break, and stay.
    return { from, to: le, text: /^ {2,}$/.test(after) ? after : '' };
  };

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
        const edit = isComment(node) ? inline(parent.children, k) : undefined;
        if (edit) edits.push(edit);
        return;
      }
      const s = startOffset(node);
      const e = endOffset(node);
      // The node's value is its text without quote markers and list indentation: what the block holds.
      const spans = [...node.value.matchAll(COMMENT_RE)];
      if (spans.length === 0) return;
      if (/^\s*$/.test(node.value.replace(COMMENT_RE, ''))) {
        const prev = parent.children[k - 1];
        const next = parent.children[k + 1];
        const indentedCode = prev?.type === 'code' && !/^ {0,3}(```|~~~)/.test(md.slice(startOffset(prev), endOffset(prev)));
        // The comment ends a list or an indented code block (the usual way to separate two), or is a block of
        // a loose list's item (without it the list could turn tight): keep an empty one.
        // (After a list, only what could join it: another list, or anything indented.)
        const indented = (n: Nodes) => lineStart(startOffset(n)) < startOffset(n) || /^[ \t]/.test(md[startOffset(n)]!);
        const couldJoin = next !== undefined && (next.type === 'list' || next.type === 'code' || indented(next));
        if ((prev?.type === 'list' && couldJoin) || (indentedCode && next) || (parent.type === 'listItem' && !tight)) {
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
        if (parent.type === 'listItem' && tight && !blank(nextLine)) {
          // In a tight item (an empty line would loosen the list): without it, the next line could continue the
          // paragraph before it (as text, a setext underline, lazily after the item).
          edits.push({ from: s, to: e, text: '<!-- -->' });
          return;
        }
        const separate = !blank(prevLine) && !blank(nextLine);
        // Between two empty lines, one of them goes too.
        const empty = (line: string) => /^[ \t]*$/.test(line);
        const to = ls > 0 && le < md.length && empty(prevLine) && empty(nextLine) ? lineEnd(le + 1) + 1 : le + 1;
        edits.push({ from: ls, to: Math.min(to, md.length), text: separate ? `${prefix.trimEnd()}\n` : '' });
        return;
      }
      // Comments inside other raw HTML: drop the lines that hold only a comment (an empty line would end the
      // block), the comment alone elsewhere; one that opens the block stays, emptied, so the block stays one.
      // (The source holds the same comments in the same order: quote markers and indentation hold none.)
      const inSource = [...md.slice(s, e).matchAll(COMMENT_RE)];
      spans.forEach((m, i) => {
        const cs = s + inSource[i]!.index!;
        const ce = cs + inSource[i]![0].length;
        const v = node.value;
        const vs = m.index!;
        const ve = vs + m[0].length;
        const ownLine = /^[ \t]*$/.test(v.slice(v.lastIndexOf('\n', vs - 1) + 1, vs)) && /^[ \t]*(\n|$)/.test(v.slice(ve));
        if (vs === v.search(/\S/)) edits.push({ from: cs, to: ce, text: '<!-- -->' });
        else if (ownLine) edits.push({ from: lineStart(cs), to: Math.min(lineEnd(ce) + 1, md.length), text: '' });
        else edits.push({ from: cs, to: ce, text: '' });
      });
    });
  };
  visit(tree as unknown as Parent, false);

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
