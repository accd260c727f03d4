// Directives against the vocabulary and where they stand: the kind (text, leaf, container) a name needs,
// unknown names, and steps or language blocks placed where they would never run or show.
import { directiveLabel, startOffset, endOffset, type DirectiveNode } from './markdown.js';
import { suggest } from './hints.js';
import { STEP_KINDS, isStepKind, type ParseContext } from './parse-context.js';

/** What surrounds a node in the walk over the tree. */
export interface Enclosing {
  /** The step it is in. */
  step?: DirectiveNode;
  /** The language block it is in. */
  lang?: DirectiveNode;
  /** The block other than :::if it is in where a step would never run (list item, quote, unknown container…). */
  block?: string;
  /** The innermost container it is in. */
  container?: DirectiveNode;
  /** Every container it is in, outermost first. */
  chain: DirectiveNode[];
}

/** Text directives: a phrase in a declared language, else a mistake or prose read as a directive. */
export function checkTextDirective(ctx: ParseContext, n: DirectiveNode): void {
  const s = startOffset(n);
  const literal = ctx.source.slice(s, endOffset(n));
  const hasLabel = ctx.source[s + 1 + n.name.length] === '[';
  const hasAttrs = ctx.source[s + 1 + n.name.length] === '{' || (hasLabel && /\]\{/.test(literal));
  if (ctx.isLanguage(n.name)) {
    if (!hasLabel) {
      accidental(ctx, n, literal);
      return;
    }
    if (Object.keys(n.attributes ?? {}).length) ctx.report(ctx.pos(n), 'warning', `attributes on the phrase :${n.name}[…] are ignored; remove the {…}`, 'unknown-attribute');
    return;
  }
  if (isStepKind(n.name) || n.name === 'if') {
    if (hasLabel || hasAttrs) {
      ctx.report(ctx.pos(n), 'error', `":${n.name}" is written as an inline (text) directive; a ${n.name === 'if' ? 'condition' : 'step'} is a container: put ":::${n.name}{…}" on a line of its own and close it with ":::"`, 'directive-kind');
    } else accidental(ctx, n, literal);
    return;
  }
  if (hasLabel || hasAttrs) {
    if (/^[a-z]{2}(-[A-Za-z0-9]+)?$/.test(n.name)) {
      ctx.report(ctx.pos(n), 'error', `":${n.name}[…]" looks like a phrase in "${n.name}", which is not in languages [${ctx.languages.join(', ')}]; add "${n.name}" to languages in the front matter${suggest(n.name, ctx.languages).replace(/ \(did you mean (.*)\?\)/, ', or write :$1[…]').replace(/"/g, '')}`, 'unknown-directive');
    } else {
      ctx.report(ctx.pos(n), 'error', `unknown text directive ":${n.name}[…]"${suggest(n.name, ctx.languages)}; inline phrases are ${ctx.languages.map((l) => `:${l}[…]`).join(', ')} (add "${n.name}" to languages if it is one). If it is prose, escape the colon (\\:${n.name}) or use inline code`, 'unknown-directive');
    }
    return;
  }
  accidental(ctx, n, literal);
}

/** A bare `:name` without label or attributes: most likely prose (`host:port`) read as a directive. */
function accidental(ctx: ParseContext, n: DirectiveNode, literal: string): void {
  const s = startOffset(n);
  const before = ctx.source.slice(Math.max(0, s - 40), s).match(/[^\s`]*$/)?.[0] ?? '';
  const shown = `${before}${literal}`.slice(-60);
  ctx.report(ctx.pos(n), 'warning',
    `"${shown}" is read as a text directive ":${n.name}", not as text; if it is prose, write it as inline code (\`${shown}\`) or escape the colon (${before}\\${literal})`,
    'accidental-text-directive');
}

/** Leaf directives (two colons): the document uses none, so each one is a mistake. */
export function checkLeafDirective(ctx: ParseContext, n: DirectiveNode): void {
  if (ctx.isLanguage(n.name)) {
    ctx.report(ctx.pos(n), 'error', `"::${n.name}" (two colons) is a leaf directive; write a language block as ":::${n.name}" … ":::" or an inline phrase as ":${n.name}[…]"`, 'directive-kind');
  } else if (isStepKind(n.name) || n.name === 'if') {
    ctx.report(ctx.pos(n), 'error', `"::${n.name}" has two colons; a ${n.name === 'if' ? 'condition' : 'step'} is a container: open it with ":::${n.name}{…}" and close it with ":::"`, 'directive-kind');
  } else {
    ctx.report(ctx.pos(n), 'error', `unknown directive "::${n.name}"${suggest(n.name, ctx.knownDirectives())}; known: ${ctx.knownDirectives().join(', ')}. If it is prose, escape the colons (\\::)`, 'unknown-directive');
  }
}

/** Container directives: a known name, and a place where it can run or show. */
export function checkContainerPlacement(ctx: ParseContext, n: DirectiveNode, f: Enclosing): void {
  const name = n.name;
  const p = ctx.pos(n);
  if (ctx.isLanguage(name)) {
    if (f.lang) ctx.report(p, 'error', `language block :::${name} inside the :::${f.lang.name} block of line ${ctx.pos(f.lang).line}; close :::${f.lang.name} first (language blocks do not nest)`, 'directive-placement');
    if (directiveLabel(n)) ctx.report(p, 'warning', `:::${name} takes no [label]; it is ignored: put the text inside the block`, 'unknown-attribute');
    if (Object.keys(n.attributes ?? {}).length) ctx.report(p, 'warning', `attributes on the language block :::${name} are ignored; remove the {…}`, 'unknown-attribute');
    return;
  }
  if (isStepKind(name)) {
    const id = n.attributes?.id;
    if (f.step) {
      ctx.report(p, 'error', `step${id ? ` "${id}"` : ''} (:::${name}) is inside the step at line ${ctx.pos(f.step).line}; steps cannot contain steps: close the outer step before it`, 'nested-step');
    } else if (f.lang) {
      ctx.report(p, 'error', `step${id ? ` "${id}"` : ''} (:::${name}) is inside the :::${f.lang.name} block of line ${ctx.pos(f.lang).line} and would never run; steps belong to every language: move it out of the language block`, 'directive-placement');
    } else if (f.block) {
      ctx.report(p, 'error', `step${id ? ` "${id}"` : ''} (:::${name}) is inside ${f.block} and would never run; put steps at the top level or directly inside :::if`, 'directive-placement');
    }
    return;
  }
  if (name === 'if') {
    if (f.step) ctx.report(p, 'error', 'a condition (:::if) inside a step is not supported; put the condition on the step with when="…", or split the step', 'nested-step');
    return;
  }
  const lang = /^[a-z]{2}(-[A-Za-z0-9]+)?$/.test(name);
  ctx.report(p, 'error', lang
    ? `":::${name}" looks like a language block, but "${name}" is not in languages [${ctx.languages.join(', ')}]; add it to languages in the front matter${suggest(name, ctx.languages).replace(' (did you mean', ', or did you mean').replace('?)', '?')}`
    : `unknown directive ":::${name}"${suggest(name, ctx.knownDirectives())}; known: ${ctx.languages.join(', ')} (language blocks), if, ${STEP_KINDS.join(', ')}`, 'unknown-directive');
}
