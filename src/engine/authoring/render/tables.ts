// Pipe tables (GitHub's extension, common in runbooks) on the HTML page.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Nodes, Root } from 'mdast';
import { startOffset, endOffset } from '../../document/markdown.js';

const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Pipe tables (GitHub's extension, common in runbooks) are paragraphs to CommonMark; for the page, turn a
 * paragraph made of a header row, a delimiter row and body rows into a table. Cells are parsed as inline markdown.
 */
export function pipeTables(tree: Root, markdown: string): void {
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
