// `runbook render`: a clean one-language document for review, made from a runbook (or from plain markdown),
// as markdown or as one self-contained HTML page. Pure: text in, text out; no terminal I/O.
//
//   remark.ts     the remark plugin (`runbook/remark`) every rendering goes through
//   document.ts   runbook → markdown: title, params (params.ts), body (blocks.ts, steps.ts, splice.ts)
//   sentences.ts  conditions as sentences; which conditions exclude each other
//   comments.ts   author notes (HTML comments) dropped
//   html.ts       the HTML page (tables.ts, page-style.ts)
import type { Runbook } from '../../document/model.js';
import type { RenderOptions } from './document.js';
import { renderRunbookDoc, renderMarkdownDoc } from './remark.js';

export { renderRunbookDoc } from './remark.js';
export { runbookTitle, type RenderOptions, type RenderedDoc } from './document.js';
export { renderHtml } from './html.js';
export { dropComments } from './comments.js';
export { codeSpan, escapeInline } from './text.js';

/** A runbook → clean markdown in one language. `source` is the file the runbook was parsed from. */
export function renderRunbook(runbook: Runbook, source: string, opts: RenderOptions): string {
  return renderRunbookDoc(runbook, source, opts).markdown;
}

/**
 * Plain markdown (no front matter, or not a runbook) → the same document with HTML comments dropped and,
 * when `languages` are given, language blocks and phrases of other languages removed. Any other directive
 * is kept as written.
 */
export function renderMarkdown(source: string, opts: { lang?: string; languages?: string[] } = {}): string {
  return renderMarkdownDoc(source, opts).markdown;
}
