// The body: runs of ordinary blocks are spliced from the source; conditional parts, steps, language blocks
// and untranslated blocks are handled here.
import type { RootContent } from 'mdast';
import { bodyChildren, phraseLanguages, startOffset, endOffset, type DirectiveNode } from '../../document/markdown.js';
import { type Ctx, judge, ifExpression, partNote, marker } from './context.js';
import { isLanguageBlock, markUntranslated, splice, unclosedFence } from './splice.js';
import { isStep, planAlternatives, renderStep } from './steps.js';

export function renderBlocks(ctx: Ctx, nodes: RootContent[], where: 'top' | 'step'): string[] {
  const out: string[] = [];
  let run: RootContent[] = [];
  const flush = () => {
    if (run.length) out.push(splice(ctx, run, ctx.lang));
    run = [];
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'yaml') continue;
    if (where === 'top' && ctx.runbook && node.type === 'containerDirective' && node.name === 'if') {
      flush();
      out.push(...conditionalPart(ctx, node));
      continue;
    }
    if (where === 'top' && isStep(ctx, node)) {
      flush();
      if (!ctx.numbers.has(node)) out.push(planAlternatives(ctx, nodes, i));
      out.push(...renderStep(ctx, node, renderBlocks));
      continue;
    }
    if (where === 'top' && node.type === 'heading') ctx.depth = node.depth;
    if (isLanguageBlock(ctx, node)) {
      // A chunk of its own: what follows the group must not continue its last paragraph or list.
      flush();
      const end = languageGroupEnd(ctx, nodes, i);
      out.push(...languageGroup(ctx, nodes.slice(i, end)));
      i = end - 1;
      continue;
    }
    const phrases = phraseLanguages([node], ctx.languages);
    if (phrases.size > 0 && !phrases.has(ctx.lang)) {
      flush();
      const fallback = ctx.languages.find((l) => phrases.has(l))!;
      out.push(markUntranslated(ctx, node, splice(ctx, [node], fallback)));
      continue;
    }
    if (where === 'step' && node.type === 'code' && unclosedFence(ctx.source, node)) {
      // A fence closed by the end of its step: close it, or it would swallow the rest of the document.
      flush();
      out.push(`${ctx.source.slice(startOffset(node), endOffset(node)).replace(/\s+$/, '')}\n${unclosedFence(ctx.source, node)}`);
      continue;
    }
    run.push(node);
  }
  flush();
  return out.filter((s) => s.trim() !== '');
}

/**
 * `:::if`: left out when its condition is false, shown as is when true, and otherwise between a visible
 * start and end. A part that opens with a heading is governed from under that heading.
 */
function conditionalPart(ctx: Ctx, node: DirectiveNode): string[] {
  const expr = ifExpression(node);
  const holds = judge(ctx, expr);
  if (holds === false) return [];
  const body = bodyChildren(node);
  if (holds === true) return renderBlocks(ctx, body, 'top');
  const first = body[0];
  const lead = first?.type === 'heading' ? renderBlocks(ctx, [first], 'top') : [];
  const rest = renderBlocks(ctx, lead.length ? body.slice(1) : body, 'top');
  return [...lead, partNote(ctx, expr, 'start'), ...rest, partNote(ctx, expr, 'end')];
}

/** A group: consecutive language blocks, each language once (comments between them do not break it). */
function languageGroupEnd(ctx: Ctx, nodes: RootContent[], start: number): number {
  let j = start;
  const seen = new Set<string>();
  for (; j < nodes.length; j++) {
    const n = nodes[j]!;
    if (n.type === 'html') continue;
    if (!isLanguageBlock(ctx, n) || seen.has(n.name)) break;
    seen.add(n.name);
  }
  while (j > start + 1 && nodes[j - 1]!.type === 'html') j--;
  return j;
}

/** The block of the document's language, else the first language that has one, marked untranslated. */
function languageGroup(ctx: Ctx, group: RootContent[]): string[] {
  const blocks = group.filter((n) => isLanguageBlock(ctx, n)) as DirectiveNode[];
  if (blocks.some((b) => b.name === ctx.lang)) return [splice(ctx, group, ctx.lang)];
  const fallback = ctx.languages.map((l) => blocks.find((b) => b.name === l)).find(Boolean) ?? blocks[0]!;
  const text = splice(ctx, bodyChildren(fallback), fallback.name);
  return text.trim() ? [marker(ctx), text] : [];
}
