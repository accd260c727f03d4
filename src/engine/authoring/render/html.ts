// Rendered markdown → one self-contained HTML page: no scripts, no external resources, no external URLs;
// a table of contents, condition notes styled beside the heading they govern, print styles.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import type { Root } from 'mdast';
import type { Root as HastRoot, Element, ElementContent, RootContent as HastContent, Text as HastText } from 'hast';
import { translator } from '../../../i18n/index.js';
import { cli as catalog } from '../../../i18n/cli.js';
import type { NoteKind } from './context.js';
import { COMMENT_RE } from './comments.js';
import { pipeTables } from './tables.js';
import { PAGE_CSS } from './page-style.js';
import { oneLine } from './text.js';

export interface PageOptions {
  lang: string;
  title: string;
  /** Notes of the document (plain text → kind), shown as such. */
  notes?: Map<string, NoteKind>;
  /** Add a table of contents (default: when the page has at least three section headings). */
  toc?: boolean;
}

/**
 * Raw HTML of the document is shown escaped (never executed), HTML comments dropped; links other than
 * fragments and relative paths, and all images, become text that shows their address.
 */
export function renderHtml(markdown: string, opts: PageOptions): string {
  const processor = unified().use(remarkParse).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify);
  const mdast = processor.parse(markdown) as Root;
  pipeTables(mdast, markdown);
  const hast = processor.runSync(mdast) as HastRoot;
  hast.children = cleanHast(hast.children, true) as HastRoot['children'];
  markNotes(hast, opts.notes ?? new Map());
  addToc(hast, opts);
  return page(processor.stringify(hast).trim(), opts);
}

/** The page around a body. */
function page(body: string, opts: { lang: string; title: string }): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(opts.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    `<style>\n${PAGE_CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function markNotes(hast: HastRoot, notes: Map<string, NoteKind>): void {
  if (notes.size === 0) return;
  for (const node of hast.children) {
    if (node.type !== 'element' || node.tagName !== 'blockquote') continue;
    const kind = notes.get(oneLine(textOf(node)));
    if (kind) node.properties.className = [kind];
  }
}

const TOC_LEVELS = new Set(['h2', 'h3', 'h4']);

/** Section headings get ids (s1, s2, …: stable whatever the language) and a list of links after the title. */
function addToc(hast: HastRoot, opts: PageOptions): void {
  const headings = hast.children.filter((n): n is Element => n.type === 'element' && TOC_LEVELS.has(n.tagName));
  if (opts.toc === false || (opts.toc === undefined && headings.length < 3)) return;
  const items: ElementContent[] = headings.map((h, i) => {
    h.properties.id = `s${i + 1}`;
    return el('li', { className: [`l${h.tagName.slice(1)}`] }, [el('a', { href: `#s${i + 1}` }, [{ type: 'text', value: oneLine(textOf(h)) }])]);
  });
  const t = translator(catalog, opts.lang);
  const nav = el('nav', { className: ['toc'] }, [el('h2', {}, [{ type: 'text', value: t('render.contents') }]), el('ul', {}, items)]);
  const h1 = hast.children.findIndex((n) => n.type === 'element' && n.tagName === 'h1');
  hast.children.splice(h1 + 1, 0, { type: 'text', value: '\n' }, nav);
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
