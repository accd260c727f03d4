// Ordinary content is cut from the source byte for byte (document/markdown.ts's splicer): the renderer only
// decides which runs of blocks go out and in which language.
import type { Nodes } from 'mdast';
import {
  hasDirective, isDirective, spliceRange, startOffset, endOffset, type DirectiveNode, type SpliceOptions,
} from '../../document/markdown.js';
import { isStepKind } from '../../document/model.js';
import { type Ctx, judge, ifExpression, partNote, marker } from './context.js';

export function isLanguageBlock(ctx: Ctx, node: Nodes): node is DirectiveNode {
  return node.type === 'containerDirective' && ctx.languages.includes(node.name);
}

export function spliceOptions(ctx: Ctx, lang: string): SpliceOptions {
  return { lang, languages: ctx.languages, container: (node, inner) => nestedContainer(ctx, node, inner) };
}

/**
 * Source of a run of sibling blocks in `lang`. Spaces that open or close it are kept: the indentation of its
 * first line (an indented fence's content is read relative to it) and an indented code block's own.
 */
export function splice(ctx: Ctx, nodes: Nodes[], lang: string): string {
  if (nodes.length === 0) return '';
  const first = nodes[0]!;
  const indent = lineIndent(ctx.source, startOffset(first));
  // Plain markdown: nothing to splice (and no directive quirk can touch it).
  if (!ctx.runbook && ctx.languages.length === 0) return indent + ctx.source.slice(startOffset(first), endOffset(nodes[nodes.length - 1]!));
  const text = spliceRange(ctx.spliceSource, nodes, spliceOptions(ctx, lang));
  if (!text) return '';
  const last = nodes[nodes.length - 1]!;
  const raw = ctx.source.slice(startOffset(first), endOffset(last));
  const lead = isDirective(first) ? '' : indent + (hasDirective(first) ? '' : /^[ \t]*/.exec(raw)![0]);
  // Blanks and blank lines that end it belong to an indented code block's content.
  const trail = isDirective(last) ? '' : /\s*$/.exec(raw)![0];
  return `${text.startsWith(lead) ? '' : lead}${text}${text.endsWith(trail) ? '' : trail}`;
}

/** The blanks between the start of the line and `offset`, when nothing else is there. */
function lineIndent(source: string, offset: number): string {
  const before = source.slice(source.lastIndexOf('\n', offset - 1) + 1, offset);
  return /^[ \t]*$/.test(before) ? before : '';
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
    // The notes go where the directive began and ended; the body on the continuation prefix of that line.
    const s = startOffset(node);
    const prefix = ctx.source.slice(ctx.source.lastIndexOf('\n', s - 1) + 1, s).replace(/[^>\s]/g, ' ');
    const gap = `\n${prefix.trimEnd()}\n${prefix}`;
    return `${partNote(ctx, expr, 'start')}${gap}${inner}${gap}${partNote(ctx, expr, 'end')}`;
  }
  if (node.type === 'containerDirective' && isStepKind(node.name)) return inner;
  return literal;
}

export function markUntranslated(ctx: Ctx, node: Nodes, text: string): string {
  if (node.type === 'paragraph') return `${text} ${marker(ctx)}`;
  if (node.type === 'heading' && /^ {0,3}#/.test(text) && !text.includes('\n')) {
    const closing = /(\s+#+)?[ \t]*$/.exec(text)!;
    return `${text.slice(0, closing.index)} ${marker(ctx)}${closing[0]}`;
  }
  return `${marker(ctx)}\n\n${text}`;
}

/** The closing fence a fenced code block lacks (its container closed it), or '' when it has one or is indented. */
export function unclosedFence(source: string, node: Nodes): string {
  const text = source.slice(startOffset(node), endOffset(node));
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(text);
  if (!open) return '';
  const fence = open[1]!;
  const lines = text.split('\n');
  const lastLine = lines[lines.length - 1]!.trim();
  if (lines.length > 1 && lastLine[0] === fence[0] && /^(`+|~+)$/.test(lastLine) && lastLine.length >= fence.length) return '';
  return fence;
}
