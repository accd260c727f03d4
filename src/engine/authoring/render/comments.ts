// HTML comments are author notes: dropped from every output, without changing what the rest shows.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Nodes, Root } from 'mdast';
import { startOffset, endOffset } from '../../document/markdown.js';

export const COMMENT_RE = /<!--(?:-?>|[\s\S]*?-->)/g;
const commonmark = unified().use(remarkParse);
/** A line that is one HTML tag (after quote and list markers): CommonMark's HTML block, kind 7. */
const ONLY_A_TAG = /^[\s>*+\-\d.)]*<\/?[A-Za-z][A-Za-z0-9-]*(\s[^>]*)?\/?>\s*$/;
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
        if (ONLY_A_TAG.test(md.slice(ls, s) + after)) {
          // "<br> <!-- c -->" is a paragraph; "<br>" alone on its line would start an HTML block.
          edits.push({ from: s, to: e, text: '<!-- -->' });
          return;
        }
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
        // The comment ends a list or an indented code block (the usual way to separate two), or is a block of
        // a loose list's item (without it the list could turn tight): keep an empty one.
        // (After a list, only what could join it: another list, or anything indented.)
        const couldJoin = next !== undefined && (next.type === 'list' || next.type === 'code' || lineStart(startOffset(next)) < startOffset(next));
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
