// A runbook (or plain markdown) → a clean one-language markdown document. Works on the tree a unified
// pipeline parsed (remark-parse, remark-frontmatter, remark-directive) and the source it was parsed from.
import type { Root, RootContent } from 'mdast';
import { resolveParams, type ParamValues } from '../../plan/params.js';
import { type Runbook, pick } from '../../document/model.js';
import { type Ctx, type NoteKind, makeCtx, labelsOf, marker } from './context.js';
import { renderBlocks } from './blocks.js';
import { renderParams } from './params.js';
import { dropComments } from './comments.js';
import { escapeInline, oneLine } from './text.js';

export interface RenderOptions {
  /** The language to render (one of the runbook's languages). */
  lang: string;
  /**
   * Param values given by the operator. Given (even empty): defaults apply and conditional content whose
   * condition is false is left out, undecided content is kept with a note. Undefined: nothing is filtered,
   * every condition is shown as a note ("Only if …").
   */
  params?: ParamValues;
}

/** The rendered document and what the HTML page needs besides it. */
export interface RenderedDoc {
  markdown: string;
  /** Plain-text title (for the page's <title>). */
  title: string;
  /** The notes the document holds (their plain text), by kind. */
  notes: Map<string, NoteKind>;
}

/** `source` must be the text `tree` was parsed from (NUL and U+0001 already replaced: text.cleanSource). */
export function renderRunbookTree(tree: Root, source: string, runbook: Runbook, opts: RenderOptions): RenderedDoc {
  const { lang } = opts;
  const given = opts.params;
  const values: ParamValues = given ? resolveParams(runbook, given).values : {};
  const ctx = makeCtx(source, tree, lang, runbook.languages, {
    runbook,
    lookup: (name) => (Object.hasOwn(values, name) ? values[name] : undefined),
    labels: labelsOf(runbook, lang),
    steps: new Map(runbook.steps.map((s) => [s.id, s])),
  });
  const title = pick(runbook.title, lang, runbook.languages);
  const parts: string[] = [`# ${escapeInline(oneLine(title.text) || runbook.id)}${title.fallback ? ` ${marker(ctx)}` : ''}`];
  parts.push(renderParams(ctx, runbook, given, values));
  parts.push(...renderBlocks(ctx, tree.children.filter((n) => !isRenderingLinks(n)), 'top'));
  return done(ctx, parts, runbookTitle(runbook, lang));
}

const RENDERED_DOC = /(^|\/)docs\/runbooks\/[^/]+\/[^/]+\.md$/;

/**
 * The line that points readers of the raw file to its renderings (`[English](../docs/runbooks/en/x.md) · …`):
 * a paragraph of links to docs/runbooks/<lang>/<name>.md and separators only. A rendering does not link to itself.
 */
function isRenderingLinks(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false;
  const links = node.children.filter((c) => c.type === 'link');
  const rest = node.children.filter((c) => c.type !== 'link');
  return links.length > 0 && links.every((l) => RENDERED_DOC.test(l.url)) && rest.every((c) => c.type === 'text' && /^[\s·|,/•-]*$/.test(c.value));
}

/**
 * Plain markdown (not a runbook) → the same document with HTML comments dropped and, when `languages` are
 * given, language blocks and phrases of other languages removed. Any other directive is kept as written.
 */
export function renderMarkdownTree(tree: Root, source: string, opts: { lang?: string; languages?: string[] }): RenderedDoc {
  const languages = opts.languages ?? [];
  const lang = opts.lang ?? languages[0] ?? 'en';
  const ctx = makeCtx(source, tree, lang, languages);
  return done(ctx, renderBlocks(ctx, tree.children, 'top'), '');
}

/** The plain-text title of a runbook in a language (for the HTML page's <title>). */
export function runbookTitle(runbook: Runbook, lang: string): string {
  return oneLine(pick(runbook.title, lang, runbook.languages).text) || runbook.id;
}

function done(ctx: Ctx, parts: string[], title: string): RenderedDoc {
  const md = dropComments(parts.filter((p) => p.trim() !== '').join('\n\n'));
  // Trailing spaces may belong to the last block (an indented code line); trailing newlines do not.
  return { markdown: md.trim() === '' ? '' : `${md.replace(/\n+$/, '')}\n`, title, notes: ctx.notes };
}
