// Container fences: a container needs more colons than the ones inside it and its own closing line.
// A nesting mistake is reported once where it can be fixed; the findings it causes further down are dropped.
import type { Nodes } from 'mdast';
import { bodyChildren, startOffset, endOffset, type DirectiveNode } from './markdown.js';
import { LIMITS } from './parse-limits.js';
import type { ParseContext } from './parse-context.js';
import type { Diagnostic } from './model.js';

export interface Violation {
  node: DirectiveNode;
  start: number;
  end: number;
  /** Line of the inner ":::" that closed it early. */
  closedAt?: number;
  strays: number[];
  message: string;
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
  let msg = `":::${n.name}" at line ${ctx.pos(n).line} holds "${':'.repeat(ctx.colons(first))}${first.name}" (line ${ctx.pos(first).line}), which opens with ${ctx.colons(first) === own ? 'as many' : 'more'} colons, so `;
  msg += closedEarly
    ? `the inner "${endText.trim()}" at line ${endLine} closes :::${n.name} early and what follows falls outside it`
    : `no inner block can be closed without closing :::${n.name} too`;
  msg += `. An outer container needs more colons than the ones inside it: open it with "${ctx.openerText(n, need)}" and close it with "${':'.repeat(need)}"`;
  // Containers around it that would then need more colons too.
  let outer = need;
  const then: string[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const a = chain[i]!;
    if (ctx.colons(a) > outer) break;
    outer++;
    then.push(`"${':'.repeat(ctx.colons(a))}${a.name}" at line ${ctx.pos(a).line} then needs ${outer} colons`);
  }
  if (then.length) msg += `; ${then.join(', ')}`;
  found.violations.push({ node: n, start: startOffset(n), end: endOffset(n), closedAt: closedEarly ? endLine : undefined, strays: [], message: msg });
}

/** Each nesting mistake, with the closing lines it left over (known once the strays are explained). */
export function reportNesting(ctx: ParseContext, found: FenceFindings): void {
  for (const v of found.violations) {
    let text = v.message;
    if (v.strays.length) text += ` (the ":::" at line${v.strays.length > 1 ? 's' : ''} ${v.strays.map((o) => ctx.at(o).line).join(', ')} ${v.strays.length > 1 ? 'are' : 'is'} then left over)`;
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
    ctx.report(ctx.pos(n), 'error', `"${ctx.openerText(n)}" is never closed, so everything to the end of the file is inside it; add a line "${colons}" where it ends`, 'unclosed-container');
  } else if (parent && parent.position?.end.line === endLine) {
    ctx.report(ctx.pos(n), 'error', `:::${n.name} (line ${ctx.pos(n).line}) is not closed: the "${ctx.lines.lineText(endLine).trim()}" at line ${endLine} closes :::${parent.name} and this block with it; add a line "${colons}" at the end of :::${n.name}`, 'unclosed-container');
  } else {
    ctx.report(ctx.pos(n), 'error', `:::${n.name} (line ${ctx.pos(n).line}) is not closed before the list item or quote it is in ends (line ${endLine}); add a line "${colons}" inside it, indented like its content`, 'unclosed-container');
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
