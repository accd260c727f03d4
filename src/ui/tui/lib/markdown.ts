// A small markdown-to-terminal renderer: the prose of a step (already in one language, see
// Step.body/intro) becomes styled, wrapped lines: bold, emphasis, inline code, links, headings,
// lists with hanging indents, code blocks kept verbatim (for copying), quotes and simple tables.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Root, RootContent, PhrasingContent, List, ListItem, Table } from 'mdast';
import { type Seg, type Line, type SegStyle, wrap, wrapPre, width, padEnd, isWide, graphemes, lineWidth } from './text.js';

const processor = unified().use(remarkParse);

export interface MarkdownOptions {
  /** Keep backticks around inline code (when there are no colors to set it apart). */
  codeTicks?: boolean;
}

/** Render markdown to lines of at most `cols` columns; blocks are separated by an empty line. */
export function renderMarkdown(md: string, cols: number, opts: MarkdownOptions = {}): Line[] {
  if (!md.trim()) return [];
  const root = processor.parse(md) as Root;
  pipeTables(root, md);
  const out: Line[] = [];
  renderBlocks(root.children, Math.max(10, cols), opts, out, [], []);
  while (out.length && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

function blank(out: Line[]): void {
  if (out.length && out[out.length - 1]!.length !== 0) out.push([]);
}

function renderBlocks(nodes: RootContent[], cols: number, opts: MarkdownOptions, out: Line[], first: Seg[], rest: Seg[]): void {
  let lead = first;
  for (const node of nodes) {
    const before = out.length;
    renderBlock(node, cols, opts, out, lead, rest);
    if (out.length > before) lead = rest;
  }
}

function renderBlock(node: RootContent, cols: number, opts: MarkdownOptions, out: Line[], first: Seg[], rest: Seg[]): void {
  switch (node.type) {
    case 'paragraph':
      paragraph(phrasing(node.children, opts), cols, out, first, rest);
      blank(out);
      return;
    case 'heading': {
      const segs = phrasing(node.children, opts).map((s) => ({ ...s, style: (s.style === 'plain' ? 'heading' : s.style) as SegStyle }));
      paragraph(segs, cols, out, first, rest);
      blank(out);
      return;
    }
    case 'list':
      list(node, cols, opts, out, first, rest);
      blank(out);
      return;
    case 'code': {
      const indent: Seg = { text: '  ', style: 'plain' };
      const lead = [...first, indent];
      const pre = [...rest, indent];
      const lines = node.value.replace(/\n$/, '').split('\n');
      lines.forEach((l, i) => out.push(...wrapPre(l.replace(/\t/g, '    '), 'code', cols, i === 0 ? lead : pre, pre)));
      blank(out);
      return;
    }
    case 'blockquote': {
      const bar: Seg = { text: '│ ', style: 'dim' };
      renderBlocks(node.children, cols, opts, out, [...first, bar], [...rest, bar]);
      blank(out);
      return;
    }
    case 'thematicBreak':
      out.push([...rest, { text: '─'.repeat(Math.max(3, Math.min(40, cols - lineWidth(rest)))), style: 'dim' }]);
      blank(out);
      return;
    case 'table':
      table(node, cols, opts, out, rest);
      blank(out);
      return;
    case 'html': {
      const v = node.value.trim();
      if (/^<!--[\s\S]*-->$/.test(v)) return;
      for (const l of v.split('\n')) out.push(...wrapPre(l, 'dim', cols, rest, rest));
      blank(out);
      return;
    }
    case 'definition':
    case 'footnoteDefinition':
    case 'yaml':
      return;
    default: {
      if ('children' in node && Array.isArray(node.children)) {
        renderBlocks(node.children as RootContent[], cols, opts, out, first, rest);
      } else if ('value' in node && typeof node.value === 'string') {
        paragraph([{ text: node.value, style: 'plain' }], cols, out, first, rest);
        blank(out);
      }
    }
  }
}

/** A paragraph, honouring hard line breaks (encoded as '\n' segments). */
function paragraph(segs: Seg[], cols: number, out: Line[], first: Seg[], rest: Seg[]): void {
  let current: Seg[] = [];
  let lead = first;
  const flush = () => {
    out.push(...wrap(current, cols, lead, rest));
    lead = rest;
    current = [];
  };
  for (const s of segs) {
    if (s.text === '\n' && s.style === 'plain') flush();
    else current.push(s);
  }
  flush();
}

function list(node: List, cols: number, opts: MarkdownOptions, out: Line[], first: Seg[], rest: Seg[]): void {
  const start = node.start ?? 1;
  const labels = node.children.map((_, i) => (node.ordered ? `${start + i}. ` : '• '));
  const labelW = Math.max(...labels.map(width));
  node.children.forEach((item: ListItem, i) => {
    const bullet: Seg = { text: padEnd(labels[i]!, labelW), style: 'accent' };
    const hang: Seg = { text: ' '.repeat(labelW), style: 'plain' };
    const checked = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
    const children = item.children.length ? item.children : [{ type: 'paragraph', children: [] } as RootContent];
    const itemFirst = [...(i === 0 ? first : rest), bullet, ...(checked ? [{ text: checked, style: 'plain' as SegStyle }] : [])];
    const itemRest = [...rest, hang];
    let lead = itemFirst;
    for (const child of children) {
      const before = out.length;
      if (child.type === 'paragraph') paragraph(phrasing(child.children, opts), cols, out, lead, itemRest);
      else renderBlock(child, cols, opts, out, lead, itemRest);
      if (out.length > before) lead = itemRest;
    }
    // Items of a tight list stay together; a loose list keeps blank lines between items.
    if (!node.spread && out.length && out[out.length - 1]!.length === 0) out.pop();
  });
}

function table(node: Table, cols: number, opts: MarkdownOptions, out: Line[], rest: Seg[]): void {
  const rows = node.children.map((row) => row.children.map((cell) => phrasing(cell.children, opts).map((s) => s.text).join('').replace(/\n/g, ' ')));
  const n = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (n - 1) + lineWidth(rest);
  rows.forEach((r, ri) => {
    const style: SegStyle = ri === 0 ? 'bold' : 'plain';
    if (total <= cols) {
      const line: Line = [...rest];
      r.forEach((cell, c) => {
        if (c) line.push({ text: ' │ ', style: 'dim' });
        line.push({ text: c === n - 1 ? cell : padEnd(cell, widths[c]!), style });
      });
      out.push(line);
      if (ri === 0) out.push([...rest, { text: widths.map((w) => '─'.repeat(w)).join('─┼─'), style: 'dim' }]);
    } else {
      // Too wide: one wrapped line per row, cells separated by bars.
      const segs: Seg[] = [];
      r.forEach((cell, c) => {
        if (c) segs.push({ text: ' │ ', style: 'dim' });
        segs.push({ text: cell, style });
      });
      out.push(...wrap(segs, cols, rest, [...rest, { text: '  ', style: 'plain' }]));
    }
  });
}

const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

function splitRow(line: string): string[] {
  let l = line.trim();
  if (l.startsWith('|')) l = l.slice(1);
  if (l.endsWith('|') && !l.endsWith('\\|')) l = l.slice(0, -1);
  return l.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/**
 * Pipe tables (GitHub's extension, common in runbooks) are paragraphs to CommonMark: turn a paragraph
 * made of a header row, a delimiter row and body rows into a table node. Cells are inline markdown.
 */
function pipeTables(node: { children?: unknown[] }, md: string): void {
  const kids = node.children as RootContent[] | undefined;
  if (!kids) return;
  kids.forEach((child, i) => {
    if (child.type !== 'paragraph') return pipeTables(child as { children?: unknown[] }, md);
    const start = child.position?.start.offset;
    const end = child.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const lines = md.slice(start, end).split('\n');
    if (lines.length < 2 || !lines[0]!.includes('|') || !DELIMITER_ROW.test(lines[1]!) || !lines[1]!.includes('-')) return;
    const cell = (text: string) => {
      const p = (processor.parse(text) as Root).children[0];
      return { type: 'tableCell' as const, children: p && p.type === 'paragraph' ? p.children : [] };
    };
    const row = (line: string) => ({ type: 'tableRow' as const, children: splitRow(line).map(cell) });
    kids[i] = { type: 'table', children: [row(lines[0]!), ...lines.slice(2).map(row)] } as Table;
  });
}

/** Join soft line breaks: a space between words, nothing between two wide (CJK) characters. */
function softBreaks(text: string): string {
  if (!text.includes('\n')) return text;
  return text.replace(/(.?)[ \t]*\n[ \t]*(.?)/gu, (_m, a: string, b: string) => {
    const joiner = a && b && isWide(graphemes(a).pop() ?? '') && isWide(b) ? '' : ' ';
    return a + joiner + b;
  });
}

function phrasing(nodes: PhrasingContent[], opts: MarkdownOptions, style: SegStyle = 'plain'): Seg[] {
  const out: Seg[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out.push({ text: softBreaks(node.value), style });
        break;
      case 'strong':
        out.push(...phrasing(node.children, opts, style === 'heading' ? 'heading' : 'bold'));
        break;
      case 'emphasis':
        out.push(...phrasing(node.children, opts, style === 'plain' ? 'em' : style));
        break;
      case 'delete':
        out.push(...phrasing(node.children, opts, style));
        break;
      case 'inlineCode':
        out.push({ text: opts.codeTicks ? `\`${node.value}\`` : node.value, style: 'code' });
        break;
      case 'break':
        out.push({ text: '\n', style: 'plain' });
        break;
      case 'link': {
        const inner = phrasing(node.children, opts, 'link');
        const text = inner.map((s) => s.text).join('');
        out.push(...inner);
        if (node.url && node.url !== text && `mailto:${text}` !== node.url) out.push({ text: ` <${node.url}>`, style: 'url' });
        break;
      }
      case 'linkReference':
        out.push(...phrasing(node.children, opts, 'link'));
        break;
      case 'image':
      case 'imageReference':
        out.push({ text: `[${node.alt ?? ''}]`, style: 'dim' });
        break;
      case 'html':
        if (!/^<!--[\s\S]*-->$/.test(node.value)) out.push({ text: node.value, style: 'dim' });
        break;
      default:
        if ('children' in node && Array.isArray(node.children)) out.push(...phrasing(node.children as PhrasingContent[], opts, style));
        else if ('value' in node && typeof node.value === 'string') out.push({ text: node.value, style });
    }
  }
  return out;
}
