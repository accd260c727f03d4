// A step of the runbook as a numbered heading, a line saying what kind of step it is (and its limits),
// then its body. Steps whose conditions exclude each other are alternatives: "10a" / "10b", one number.
import type { Nodes, RootContent } from 'mdast';
import { bodyChildren, directiveLabel, phraseLanguages, spliceRange, type DirectiveNode } from '../../document/markdown.js';
import {
  type Step, type StepKind, pick, isStepKind, DEFAULT_WAIT_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS,
} from '../../document/model.js';
import type { CliKey } from '../../../i18n/index.js';
import { type Ctx, judge, conditionNote, marker, note } from './context.js';
import { exclusive } from './sentences.js';
import { spliceOptions } from './splice.js';
import { escapeInline, codeSpan, oneLine, durationAttr } from './text.js';

export type RenderBlocks = (ctx: Ctx, nodes: RootContent[], where: 'top' | 'step') => string[];

export function isStep(ctx: Ctx, node: Nodes): node is DirectiveNode {
  return ctx.runbook !== undefined && node.type === 'containerDirective' && isStepKind(node.name);
}

function whenOf(node: DirectiveNode): string | undefined {
  const when = node.attributes?.when;
  return typeof when === 'string' ? when : undefined;
}

/**
 * Steps that follow each other and whose conditions exclude each other (a branch: consecutive steps under the
 * same condition) get one number with a letter per branch; returns the note that introduces them, or ''.
 */
export function planAlternatives(ctx: Ctx, nodes: RootContent[], at: number): string {
  const run: DirectiveNode[] = [];
  for (let i = at; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'html') continue;
    if (!isStep(ctx, node)) break;
    const when = whenOf(node);
    if (when === undefined || judge(ctx, when) === true) break;
    if (judge(ctx, when) === false) continue;
    run.push(node);
  }
  const branches: DirectiveNode[][] = [];
  for (const node of run) {
    const last = branches[branches.length - 1];
    if (last && whenOf(last[0]!) === whenOf(node)) last.push(node);
    else if (branches.every((b) => exclusive(whenOf(b[0]!)!, whenOf(node)!, ctx.runbook!.params))) branches.push([node]);
    else break;
  }
  if (branches.length < 2) return '';
  const no = ctx.stepNo + 1;
  const labels: string[] = [];
  branches.forEach((branch, b) => {
    const letter = String.fromCharCode(97 + (b % 26));
    labels.push(`${no}${letter}`);
    branch.forEach((node, k) => ctx.numbers.set(node, branch.length === 1 ? `${no}${letter}` : `${no}${letter}.${k + 1}`));
  });
  ctx.stepNo = no;
  return `> ${note(ctx, 'alternatives', 'render.alternatives', { list: labels.join(' / ') })}`;
}

export function renderStep(ctx: Ctx, node: DirectiveNode, renderBlocks: RenderBlocks): string[] {
  const attrs = node.attributes ?? {};
  const id = typeof attrs.id === 'string' && attrs.id ? attrs.id : `line-${node.position?.start.line ?? 1}`;
  const step = ctx.steps.get(id);
  const kind = node.name as StepKind;
  const out: string[] = [];
  let whenNote: string | undefined;
  const when = whenOf(node);
  if (when !== undefined) {
    const holds = judge(ctx, when);
    if (holds === false) return [];
    if (holds === undefined) whenNote = `> ${conditionNote(ctx, when)}`;
  }
  const number = ctx.numbers.get(node) ?? String(++ctx.stepNo);
  const level = Math.min(6, Math.max(3, ctx.depth + 1));
  const title = stepTitle(ctx, node, step, id);
  out.push(`${'#'.repeat(level)} ${number}. ${title.text}${title.fallback ? ` ${marker(ctx)}` : ''}`);
  if (whenNote) out.push(whenNote);
  out.push(kindLine(ctx, kind, step, attrs));

  let body = bodyChildren(node);
  if (!directiveLabel(node)) {
    // The title came from the first heading inside the step: do not repeat it.
    const heading = body.find((c) => c.type === 'heading');
    if (heading) body = body.filter((c) => c !== heading);
  }
  out.push(...renderBlocks(ctx, body, 'step'));
  if (kind === 'manual') out.push(`*${escapeInline(ctx.t('render.confirm'))}*`);
  return out;
}

/** Its label, else its first heading, else (from the model) the nearest heading before it, else its id. */
function stepTitle(ctx: Ctx, node: DirectiveNode, step: Step | undefined, id: string): { text: string; fallback: boolean } {
  const label = directiveLabel(node);
  const source = label ?? bodyChildren(node).find((c) => c.type === 'heading');
  if (source && 'children' in source) {
    const inline = source.children as Nodes[];
    const phrases = phraseLanguages(inline, ctx.languages);
    const lang = phrases.size === 0 || phrases.has(ctx.lang) ? ctx.lang : ctx.languages.find((l) => phrases.has(l))!;
    const text = oneLine(spliceRange(ctx.spliceSource, inline, spliceOptions(ctx, lang)));
    if (text) return { text, fallback: lang !== ctx.lang };
  }
  if (step) {
    const picked = pick(step.title, ctx.lang, ctx.languages);
    if (oneLine(picked.text)) return { text: oneLine(picked.text), fallback: picked.fallback };
  }
  return { text: escapeInline(id), fallback: false };
}

function kindLine(ctx: Ctx, kind: StepKind, step: Step | undefined, attrs: Record<string, string | null | undefined>): string {
  const { t } = ctx;
  const attr = (k: string) => (typeof attrs[k] === 'string' ? (attrs[k] as string) : undefined);
  const parts: string[] = [`**${escapeInline(t(`render.${kind}` as CliKey))}**`];
  const expect = attr('expect');
  const cwd = attr('cwd');
  const timeout = attr('timeout');
  if ((kind === 'check' || kind === 'wait') && expect !== undefined) parts.push(`${escapeInline(t('render.expect'))} ${codeSpan(expect)}`);
  if (kind === 'wait') {
    const interval = attr('interval') ?? durationAttr(step?.intervalMs ?? DEFAULT_WAIT_INTERVAL_MS);
    const limit = timeout ?? durationAttr(step?.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
    parts.push(escapeInline(t('render.every', { interval, timeout: limit })));
  } else if (timeout !== undefined && kind !== 'manual') {
    parts.push(escapeInline(t('render.timeout', { timeout })));
  }
  if (kind !== 'manual' && cwd !== undefined) parts.push(`${escapeInline(t('render.cwd'))} ${codeSpan(cwd)}`);
  const capture = attr('capture');
  if (kind === 'run' && capture !== undefined) parts.push(`${escapeInline(t('render.capture'))} ${codeSpan(`$${capture}`)}`);
  const retries = step?.retries ?? Number(attr('retries') ?? 0);
  if (kind !== 'manual' && kind !== 'wait' && retries > 0) parts.push(escapeInline(t('render.retries', { count: retries })));
  return parts.join(' · ');
}
