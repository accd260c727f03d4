// One step of the model from its `:::run`/`:::check`/`:::wait`/`:::manual` container: id, title, script,
// text per language and settings, each checked where it is written, and the hash that ties checkpoints to it.
import { createHash } from 'node:crypto';
import type { Nodes, RootContent } from 'mdast';
import { bodyChildren, directiveLabel, type DirectiveNode } from './markdown.js';
import { slugify } from './hints.js';
import { idProblem, idIssueMsg } from './ids.js';
import { msg } from '../../i18n/lint-text.js';
import type { LintMessage, LintVar } from './model.js';
import type { ParseContext, StepPosition } from './parse-context.js';
import { reportDuplicateAttrs, noteWhen, checkStepAttrNames, readStepSettings, readEvidence, PRESENTATION_ATTRS } from './directive-attributes.js';
import { localizeInline, localizeBlocks } from './language-blocks.js';
import {
  type Localized, type Step, type StepKind, type Section, type Position, type CodeBlock,
  DEFAULT_WAIT_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS,
} from './model.js';

const SHELL_LANGS = ['bash', 'sh'];

/** The steps read so far: ids with where they were first used, and where each step starts (for lint). */
export interface StepsSoFar {
  ids: Map<string, Position>;
  positions: StepPosition[];
}

/** Where a step stands: its conditions, the sections before it, how many steps precede it, the text just before it. */
export interface StepPlace {
  conditions: string[];
  sections: Section[];
  index: number;
  intro: Localized;
}

export function buildStep(ctx: ParseContext, node: DirectiveNode, place: StepPlace, soFar: StepsSoFar): Step {
  const { conditions, sections, index, intro } = place;
  const kind = node.name as StepKind;
  const p = ctx.pos(node);
  const tokens = ctx.attrsOf(node);
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes ?? {})) if (v !== null && v !== undefined) attrs[k] = String(v);
  reportDuplicateAttrs(ctx, node, tokens);
  const id = attrs.id ?? '';
  delete attrs.id;

  const body = bodyChildren(node);
  const title = stepTitle(ctx, node, body, sections, kind, id);
  checkStepId(ctx, node, kind, id, title, soFar.ids);
  checkStepAttrNames(ctx, node, kind, attrs);

  const ownConditions = [...conditions];
  if (attrs.when !== undefined) {
    ownConditions.push(attrs.when);
    noteWhen(ctx, node, tokens, attrs.when, index);
  }

  const executable = kind !== 'manual';
  const codes: CodeBlock[] = [];
  for (const c of body) if (c.type === 'code') codes.push({ lang: c.lang ?? '', value: c.value, position: ctx.pos(c) });
  const script = executable ? stepScript(ctx, kind, id ? `"${id}"` : msg('where.atLine', { line: p.line }), p, body, codes) : undefined;

  const scriptNode = executable ? body.find((b) => b.type === 'code') : undefined;
  const prose = body.filter((c) => c !== scriptNode) as Nodes[];
  const text = stepText(ctx, prose, title);

  const { retries, capturePosition, timeoutMs, intervalMs, expectDurationMs } = readStepSettings(ctx, node, kind, attrs);
  const evidence = readEvidence(ctx, node, attrs, soFar.ids, id);
  soFar.positions.push({ id: id || `line-${p.line}`, position: p, capture: attrs.capture, capturePosition });

  const step: Step = {
    id: id || `line-${p.line}`,
    kind,
    title,
    attrs,
    script,
    snippets: executable ? codes.slice(1) : codes,
    conditions: ownConditions,
    body: text.body,
    intro,
    untranslated: text.untranslated,
    section: sections.length - 1,
    position: p,
    hash: '',
    capture: attrs.capture,
    ...(attrs['capture-overflow'] === 'fail' ? { captureOverflow: 'fail' as const } : {}),
    timeoutMs: timeoutMs ?? (kind === 'wait' ? DEFAULT_WAIT_TIMEOUT_MS : undefined),
    intervalMs: kind === 'wait' ? intervalMs ?? DEFAULT_WAIT_INTERVAL_MS : undefined,
    retries,
    expect: attrs.expect,
    cwd: attrs.cwd,
    ...(expectDurationMs !== undefined ? { expectDurationMs } : {}),
    ...(evidence ? { evidence } : {}),
  };
  step.hash = hashStep(step);
  return step;
}

/** Title: label, else first heading inside, else nearest heading before, else id. */
function stepTitle(ctx: ParseContext, node: DirectiveNode, body: RootContent[], sections: Section[], kind: StepKind, id: string): Localized {
  const label = directiveLabel(node);
  const firstHeading = body.find((c) => c.type === 'heading');
  let title: Localized = {};
  if (label) title = localizeInline(ctx, (label as { children: Nodes[] }).children);
  if (Object.keys(title).length === 0 && firstHeading) title = localizeInline(ctx, (firstHeading as { children: Nodes[] }).children);
  if (Object.keys(title).length === 0 && sections.length) title = { ...sections[sections.length - 1]!.title };
  if (Object.keys(title).length === 0) title = Object.fromEntries(ctx.languages.map((l) => [l, id || `${kind} step`]));
  return title;
}

/** Checkpoints refer to steps by id: each step needs a well-formed one, unique in the file. */
function checkStepId(ctx: ParseContext, node: DirectiveNode, kind: StepKind, id: string, title: Localized, ids: Map<string, Position>): void {
  const p = ctx.pos(node);
  const idAt = ctx.attrPos(node, 'id', 'value');
  const titleText = title[ctx.languages[0]!] ?? Object.values(title)[0] ?? '';
  const slug = slugify(titleText) || slugify(id) || `${kind}-step`;
  if (!id) {
    ctx.report(p, 'error', msg('step.noId', { kind, slug, label: directiveLabel(node) ? '[…]' : '' }), 'step-id');
  } else if (idProblem(id) === 'malformed') {
    ctx.report(idAt, 'error', slugify(id) ? msg('step.badIdSlug', { id, slug: slugify(id) }) : msg('step.badId', { id }), 'step-id');
  } else if (idProblem(id)) {
    ctx.report(idAt, 'error', idIssueMsg(idProblem(id) as 'leadingDash' | 'tooLong', msg('word.stepId', { id })), 'step-id');
  } else if (ids.has(id)) {
    ctx.report(idAt, 'error', msg('step.duplicateId', { id, line: ids.get(id)!.line }), 'duplicate-id');
  } else ids.set(id, p);
}

/** An executable step runs exactly one fenced bash/sh block that stands directly in it. */
function stepScript(ctx: ParseContext, kind: StepKind, shown: LintVar, p: Position, body: RootContent[], codes: CodeBlock[]): CodeBlock | undefined {
  let script: CodeBlock | undefined;
  const nested = nestedCode(body);
  if (codes.length === 0) {
    if (nested) {
      ctx.report(ctx.pos(nested.code), 'error', msg('step.codeNested', { kind, step: shown, where: nested.where }), 'step-code');
    } else {
      ctx.report(p, 'error', msg(kind === 'run' ? 'step.noCode.run' : kind === 'check' ? 'step.noCode.check' : 'step.noCode.wait', { kind, step: shown }), 'step-code');
    }
  } else {
    script = codes[0];
    if (codes.length > 1) {
      ctx.report(codes[1]!.position, 'error', msg('step.manyCodes', { kind, step: shown, count: codes.length }), 'step-code');
    }
    const lang = script!.lang;
    if (!SHELL_LANGS.includes(lang)) {
      ctx.report(script!.position, 'error', !lang ? msg('step.codeUnlabelled', { kind, step: shown }) : SHELL_LANGS.includes(lang.toLowerCase()) ? msg('step.codeLangCase', { kind, step: shown, lang }) : msg('step.codeLang', { kind, step: shown, lang }), 'step-code');
    } else if (script!.value.trim() === '') {
      ctx.report(script!.position, 'error', msg('step.codeEmpty', { kind, step: shown }), 'step-code');
    }
    if (nested) {
      ctx.report(ctx.pos(nested.code), 'error', msg('step.codeExtraNested', { kind, step: shown, where: nested.where }), 'step-code');
    }
  }
  return script;
}

/** A code block inside a language block, list or quote of a step's body. */
function nestedCode(body: RootContent[]): { code: Nodes; where: LintMessage } | undefined {
  const stack: { n: Nodes; where: LintMessage }[] = [];
  for (const c of body) {
    if (c.type === 'code') continue;
    const where = c.type === 'containerDirective' ? msg('where.block', { name: c.name }) : msg(c.type === 'list' ? 'where.list' : c.type === 'blockquote' ? 'where.quote' : 'where.other');
    stack.push({ n: c, where });
  }
  while (stack.length) {
    const { n, where } = stack.pop()!;
    if (n.type === 'code') return { code: n, where };
    if ('children' in n && Array.isArray(n.children)) for (const k of n.children as Nodes[]) stack.push({ n: k, where });
  }
  return undefined;
}

/** The step's prose per language, and the languages that fall back to another for its title or text. */
function stepText(ctx: ParseContext, prose: Nodes[], title: Localized): { body: Localized; untranslated: string[] } {
  const body: Localized = {};
  const untranslated = new Set<string>();
  for (const lang of ctx.languages) {
    const r = localizeBlocks(ctx, prose, lang);
    body[lang] = r.text;
    if (r.fallback) untranslated.add(lang);
    if (title[lang] === undefined) untranslated.add(lang);
  }
  return { body, untranslated: ctx.languages.filter((l) => untranslated.has(l)) };
}

/** The step's definition without its prose: a resumed run notices a step that changed since it ran. */
function hashStep(step: Step): string {
  const def = {
    kind: step.kind,
    attrs: Object.fromEntries(Object.entries(step.attrs).filter(([k]) => !PRESENTATION_ATTRS.includes(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    conditions: step.conditions,
    script: step.script?.value ?? null,
    snippets: step.snippets.map((s) => s.value),
  };
  return createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 16);
}
