// The structural checks over the whole tree, in one walk: directives, container fences, paragraph lines
// that look like fences, and translations.
import { msg } from '../../i18n/lint-text.js';
import type { Nodes, Root, RootContent } from 'mdast';
import { isDirective, bodyChildren, type DirectiveNode } from './markdown.js';
import type { ParseContext } from './parse-context.js';
import { isStepKind } from './model.js';
import { checkTextDirective, checkLeafDirective, checkContainerPlacement, type Enclosing } from './directive-checks.js';
import { checkNesting, checkClosed, reportNesting, type FenceFindings } from './container-fences.js';
import { checkParagraphLines, explainStrays } from './fence-lines.js';
import { checkPhrases, checkLanguageGroups } from './language-blocks.js';

export function inspectStructure(ctx: ParseContext, tree: Root, fences: FenceFindings): void {
  // Iterative walk: inline content can nest deeply.
  type Frame = Enclosing & { node: Nodes };
  const stack: Frame[] = [{ node: tree, chain: [] }];
  while (stack.length) {
    const f = stack.pop()!;
    const n = f.node;
    let next: Enclosing = { step: f.step, lang: f.lang, block: f.block, container: f.container, chain: f.chain };
    if (isDirective(n)) {
      if (n.type === 'textDirective') checkTextDirective(ctx, n);
      else if (n.type === 'leafDirective') checkLeafDirective(ctx, n);
      else {
        checkContainer(ctx, fences, n, f);
        if (isStepKind(n.name)) next = { ...next, step: n };
        if (ctx.isLanguage(n.name)) next = { ...next, lang: n };
        next.container = n;
        next.chain = [...f.chain, n];
        const known = ctx.isLanguage(n.name) || n.name === 'if' || isStepKind(n.name);
        // Steps inside an unknown block are never run either.
        next.block = known ? undefined : msg('where.unknownBlock', { name: n.name });
      }
    } else if (n.type === 'listItem' || n.type === 'blockquote' || n.type === 'footnoteDefinition') {
      next.block = msg(n.type === 'listItem' ? 'where.listItem' : n.type === 'blockquote' ? 'where.quoteMark' : 'where.footnote');
    } else if (n.type === 'paragraph') {
      checkParagraphLines(ctx, fences, n, f.container);
      checkPhrases(ctx, n);
    } else if (n.type === 'heading' || n.type === 'tableCell') {
      checkPhrases(ctx, n);
    }
    if ('children' in n && Array.isArray(n.children)) {
      const kids = n.children as Nodes[];
      if (n.type === 'root' || (n.type === 'containerDirective' && !ctx.isLanguage(n.name)) || n.type === 'listItem' || n.type === 'blockquote') {
        checkLanguageGroups(ctx, n.type === 'containerDirective' ? bodyChildren(n) : (kids as RootContent[]));
      }
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, ...next });
    }
  }
  explainStrays(ctx, fences);
  reportNesting(ctx, fences);
}

function checkContainer(ctx: ParseContext, fences: FenceFindings, n: DirectiveNode, f: Enclosing): void {
  checkNesting(ctx, fences, n, f.chain);
  checkClosed(ctx, n, f.container);
  checkContainerPlacement(ctx, n, f);
}
