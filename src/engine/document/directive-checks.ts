// Directives against the vocabulary and where they stand: the kind (text, leaf, container) a name needs,
// unknown names, and steps or language blocks placed where they would never run or show.
import { directiveLabel, startOffset, endOffset, type DirectiveNode } from './markdown.js';
import { suggestMsg } from './hints.js';
import { msg } from '../../i18n/lint-text.js';
import type { LintKey } from '../../i18n/index.js';
import { STEP_KINDS, isStepKind, type LintMessage } from './model.js';
import type { ParseContext } from './parse-context.js';

/** What surrounds a node in the walk over the tree. */
export interface Enclosing {
  /** The step it is in. */
  step?: DirectiveNode;
  /** The language block it is in. */
  lang?: DirectiveNode;
  /** The block other than :::if it is in where a step would never run (list item, quote, unknown container…). */
  block?: LintMessage;
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
    if (Object.keys(n.attributes ?? {}).length) ctx.report(ctx.pos(n), 'warning', msg('phrase.attributes', { name: n.name }), 'unknown-attribute');
    return;
  }
  if (isStepKind(n.name) || n.name === 'if') {
    if (hasLabel || hasAttrs) {
      ctx.report(ctx.pos(n), 'error', msg('directive.inlineContainer', { name: n.name, kind: kindWord(n.name) }), 'directive-kind');
    } else accidental(ctx, n, literal);
    return;
  }
  if (hasLabel || hasAttrs) {
    if (/^[a-z]{2}(-[A-Za-z0-9]+)?$/.test(n.name)) {
      ctx.report(ctx.pos(n), 'error', msg('directive.phraseUnknownLang', { name: n.name, languages: ctx.languages.join(', '), suggestion: reword(suggestMsg(n.name, ctx.languages), 'hint.orWritePhrase') }), 'unknown-directive');
    } else {
      ctx.report(ctx.pos(n), 'error', msg('directive.unknownText', { name: n.name, suggestion: suggestMsg(n.name, ctx.languages), phrases: ctx.languages.map((l) => `:${l}[…]`).join(', ') }), 'unknown-directive');
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
    msg('directive.accidental', { shown, name: n.name, escaped: `${before}\\${literal}` }),
    'accidental-text-directive');
}

/** Leaf directives (two colons): the document uses none, so each one is a mistake. */
export function checkLeafDirective(ctx: ParseContext, n: DirectiveNode): void {
  if (ctx.isLanguage(n.name)) {
    ctx.report(ctx.pos(n), 'error', msg('directive.leafLanguage', { name: n.name }), 'directive-kind');
  } else if (isStepKind(n.name) || n.name === 'if') {
    ctx.report(ctx.pos(n), 'error', msg('directive.leafContainer', { name: n.name, kind: kindWord(n.name) }), 'directive-kind');
  } else {
    ctx.report(ctx.pos(n), 'error', msg('directive.unknownLeaf', { name: n.name, suggestion: suggestMsg(n.name, ctx.knownDirectives()), known: ctx.knownDirectives().join(', ') }), 'unknown-directive');
  }
}

/** Container directives: a known name, and a place where it can run or show. */
export function checkContainerPlacement(ctx: ParseContext, n: DirectiveNode, f: Enclosing): void {
  const name = n.name;
  const p = ctx.pos(n);
  if (ctx.isLanguage(name)) {
    if (f.lang) ctx.report(p, 'error', msg('language.nested', { name, outer: f.lang.name, line: ctx.pos(f.lang).line }), 'directive-placement');
    if (directiveLabel(n)) ctx.report(p, 'warning', msg('language.label', { name }), 'unknown-attribute');
    if (Object.keys(n.attributes ?? {}).length) ctx.report(p, 'warning', msg('language.attributes', { name }), 'unknown-attribute');
    return;
  }
  if (isStepKind(name)) {
    const id = n.attributes?.id;
    if (f.step) {
      ctx.report(p, 'error', msg('step.nested', { step: stepWord(id), name, line: ctx.pos(f.step).line }), 'nested-step');
    } else if (f.lang) {
      ctx.report(p, 'error', msg('step.inLanguage', { step: stepWord(id), name, lang: f.lang.name, line: ctx.pos(f.lang).line }), 'directive-placement');
    } else if (f.block) {
      ctx.report(p, 'error', msg('step.inBlock', { step: stepWord(id), name, block: f.block }), 'directive-placement');
    }
    return;
  }
  if (name === 'if') {
    if (f.step) ctx.report(p, 'error', msg('if.inStep'), 'nested-step');
    return;
  }
  const lang = /^[a-z]{2}(-[A-Za-z0-9]+)?$/.test(name);
  ctx.report(p, 'error', lang
    ? msg('directive.unknownLanguage', { name, languages: ctx.languages.join(', '), suggestion: reword(suggestMsg(name, ctx.languages), 'hint.orDidYouMean') })
    : msg('directive.unknownContainer', { name, suggestion: suggestMsg(name, ctx.knownDirectives()), languages: ctx.languages.join(', '), kinds: STEP_KINDS.join(', ') }), 'unknown-directive');
}

/** "condition" for :::if, "step" for the step kinds (a translated word). */
function kindWord(name: string): LintMessage {
  return msg(name === 'if' ? 'word.condition' : 'word.step');
}

/** `step "id"`, or `step` when it has none. */
function stepWord(id: string | null | undefined): LintMessage {
  return id ? msg('word.stepId', { id }) : msg('word.stepNoId');
}

/** A did-you-mean suggestion put another way (`key` with the same word). */
function reword(s: LintMessage | '', key: LintKey): LintMessage | '' {
  return s ? msg(key, s.vars) : '';
}
