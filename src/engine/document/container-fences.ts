// Container fences: a container needs more colons than the ones inside it and its own closing line.
// A nesting mistake is reported once where it can be fixed; the findings it causes further down are dropped.
import type { Nodes } from 'mdast';
import { bodyChildren, startOffset, endOffset, type DirectiveNode } from './markdown.js';
import { LIMITS } from './parse-limits.js';
import type { ParseContext } from './parse-context.js';
import type { Diagnostic, LintMessage } from './model.js';
import { msg } from '../../i18n/lint-text.js';

export interface Violation {
  node: DirectiveNode;
  start: number;
  end: number;
  /** Line of the inner ":::" that closed it early. */
  closedAt?: number;
  strays: number[];
  message: LintMessage;
}

/** Rules whose findings inside the damage of a nesting mistake are consequences of it, not problems of their own. */
const FALLOUT_RULES = new Set(['missing-translation', 'duplicate-language-block', 'step-code', 'unclosed-container', 'stray-fence', 'directive-placement', 'nested-step']);

/** A line of colons only, met in a paragraph: it closes no container of its own. */
export interface Stray {
  offset: number;
  text: string;
  container?: DirectiveNode;
}

/** A line that starts like a container opener but was not read as a directive. */
export interface MalformedOpener {
  offset: number;
  text: string;
  /** A stray closing line has already been explained by it. */
  used: boolean;
}

/** What the fence checks collect during the walk, to explain stray closing lines at its end. */
export class FenceFindings {
  readonly violations: Violation[] = [];
  readonly strays: Stray[] = [];
  readonly malformed: MalformedOpener[] = [];
}

/** The nesting trap: a container holding a container with as many colons is closed by the first inner ":::". */
export function checkNesting(ctx: ParseContext, found: FenceFindings, n: DirectiveNode, chain: DirectiveNode[]): void {
  const own = ctx.colons(n);
  const inner = innerContainers(n);
  const offenders = inner.filter((c) => ctx.colons(c) >= own);
  if (offenders.length === 0) return;
  const first = offenders[0]!;
  let need = own;
  for (const c of inner) need = Math.max(need, colonsNeeded(ctx, c) + 1);
  const endLine = n.position?.end.line;
  const endText = endLine ? ctx.lines.lineText(endLine) : '';
  const closedEarly = endLine !== undefined && endLine > ctx.pos(first).line && /^[ \t>]*:{3,}[ \t]*$/.test(endText);
  const consequence = closedEarly
    ? msg('nesting.closedEarly', { end: endText.trim(), line: endLine!, name: n.name })
    : msg('nesting.cannotClose', { name: n.name });
  // Containers around it that would then need more colons too.
  let outer = need;
  const then: LintMessage[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const a = chain[i]!;
    if (ctx.colons(a) > outer) break;
    outer++;
    then.push(msg('nesting.thenItem', { opener: `${':'.repeat(ctx.colons(a))}${a.name}`, line: ctx.pos(a).line, count: outer }));
  }
  const message = msg('nesting.holds', {
    name: n.name, line: ctx.pos(n).line, inner: `${':'.repeat(ctx.colons(first))}${first.name}`, innerLine: ctx.pos(first).line,
    howMany: msg(ctx.colons(first) === own ? 'nesting.asMany' : 'nesting.more'), consequence,
    opener: ctx.openerText(n, need), close: ':'.repeat(need),
    then: then.length ? msg('nesting.then', { items: then.reduceRight<LintMessage | undefined>((rest, item) => (rest ? msg('list.join', { first: item, rest }) : item), undefined)! }) : '',
    leftOver: '',
  });
  found.violations.push({ node: n, start: startOffset(n), end: endOffset(n), closedAt: closedEarly ? endLine : undefined, strays: [], message });
}

/** Each nesting mistake, with the closing lines it left over (known once the strays are explained). */
export function reportNesting(ctx: ParseContext, found: FenceFindings): void {
  for (const v of found.violations) {
    let text = v.message;
    if (v.strays.length) {
      const leftOver = msg(v.strays.length > 1 ? 'nesting.leftOverMany' : 'nesting.leftOverOne', { lines: v.strays.map((o) => ctx.at(o).line).join(', ') });
      text = { key: text.key, vars: { ...text.vars, leftOver } };
    }
    ctx.report(ctx.pos(v.node), 'error', text, 'container-nesting');
  }
}

/** Every container must end with its own closing line. */
export function checkClosed(ctx: ParseContext, n: DirectiveNode, parent?: DirectiveNode): void {
  const endLine = n.position?.end.line;
  if (endLine === undefined) return;
  const end = endOffset(n);
  const lineStart = ctx.lines.lineStart(endLine);
  const tail = ctx.source.slice(lineStart, end);
  const m = /^[ \t>]*(:{3,})[ \t]*$/.exec(tail);
  if (m && m[1]!.length >= ctx.colons(n) && endLine > ctx.pos(n).line) return;
  if (parent && ctx.colons(n) >= ctx.colons(parent)) return; // reported as a nesting mistake of the parent
  const colons = ':'.repeat(Math.max(3, ctx.colons(n)));
  if (ctx.source.slice(end).trim() === '') {
    ctx.report(ctx.pos(n), 'error', msg('unclosed.toEnd', { opener: ctx.openerText(n), colons }), 'unclosed-container');
  } else if (parent && parent.position?.end.line === endLine) {
    ctx.report(ctx.pos(n), 'error', msg('unclosed.byParent', { name: n.name, line: ctx.pos(n).line, closer: ctx.lines.lineText(endLine).trim(), endLine, parent: parent.name, colons }), 'unclosed-container');
  } else {
    ctx.report(ctx.pos(n), 'error', msg('unclosed.inList', { name: n.name, line: ctx.pos(n).line, endLine, colons }), 'unclosed-container');
  }
}

/** Drop diagnostics that are consequences of a nesting mistake (reported once, where it can be fixed). */
export function dropFallout(ctx: ParseContext, found: FenceFindings, diagnostics: Diagnostic[]): void {
  if (found.violations.length === 0) return;
  const ranges = found.violations.map((v) => {
    const last = Math.max(v.end, ...v.strays);
    return { from: ctx.at(v.start).line, to: ctx.at(last).line };
  });
  for (let i = diagnostics.length - 1; i >= 0; i--) {
    const d = diagnostics[i]!;
    if (FALLOUT_RULES.has(d.rule) && ranges.some((r) => d.line >= r.from && d.line <= r.to)) diagnostics.splice(i, 1);
  }
}

/** Containers met first inside `node`, looking through lists and quotes. */
function innerContainers(node: DirectiveNode): DirectiveNode[] {
  const out: DirectiveNode[] = [];
  const stack: Nodes[] = [...bodyChildren(node)].reverse() as Nodes[];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'containerDirective') { out.push(n); continue; }
    if (n.type === 'list' || n.type === 'listItem' || n.type === 'blockquote' || n.type === 'footnoteDefinition') {
      const kids = n.children as Nodes[];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }
  return out;
}

/** Colons a container needs so that everything inside it closes first. */
function colonsNeeded(ctx: ParseContext, node: DirectiveNode, depth = 0): number {
  if (depth > LIMITS.containerDepth + 5) return 3;
  let need = Math.max(3, ctx.colons(node));
  for (const c of innerContainers(node)) need = Math.max(need, colonsNeeded(ctx, c, depth + 1) + 1);
  return need;
}
