// What every part of the markdown renderer shares while it walks one document.
import type { Root } from 'mdast';
import { parseExpr, evaluate, shorthandToExpr, type Value } from '../../document/conditions.js';
import type { DirectiveNode } from '../../document/markdown.js';
import { type Runbook, type Step, pick } from '../../document/model.js';
import { translator, type CliKey } from '../../../i18n/index.js';
import { cli as catalog } from '../../../i18n/cli.js';
import { conditionClause, type Translate } from './sentences.js';
import { phraseGaps } from './phrase-gaps.js';
import { escapeInline, oneLine } from './text.js';

/** How a note of the rendered document is shown on the HTML page. */
export type NoteKind = 'condition' | 'part-start' | 'part-end' | 'alternatives';

export interface Ctx {
  source: string;
  /** `source` with the blanks between adjacent language phrases turned into splice gaps (see phraseGaps). */
  spliceSource: string;
  runbook?: Runbook;
  lang: string;
  languages: string[];
  t: Translate;
  lookup: (name: string) => Value | undefined;
  labels: Record<string, string>;
  steps: Map<string, Step>;
  /** Number of the last step rendered. */
  stepNo: number;
  /** Numbers given in advance to steps that are alternatives ("10a", "10b.2"). */
  numbers: Map<DirectiveNode, string>;
  /** Depth of the last heading met outside steps (steps are headed one level below it, at least ###). */
  depth: number;
  /** The notes written into the document (plain text), for the HTML page to style them. */
  notes: Map<string, NoteKind>;
}

/** A fresh rendering context; a runbook adds its params, labels and steps through `extra`. */
export function makeCtx(clean: string, tree: Root, lang: string, languages: string[], extra: Partial<Ctx> = {}): Ctx {
  return {
    source: clean,
    spliceSource: phraseGaps(clean, tree, languages),
    lang,
    languages,
    t: translator(catalog, lang),
    lookup: () => undefined,
    labels: {},
    steps: new Map(),
    stepNo: 0,
    numbers: new Map(),
    depth: 1,
    notes: new Map(),
    ...extra,
  };
}

export function labelsOf(runbook: Runbook, lang: string): Record<string, string> {
  return Object.fromEntries(runbook.params.map((p) => [p.name, oneLine(pick(p.label, lang, runbook.languages).text) || p.name]));
}

/** true / false when decided by the known values; undefined when it needs a value not given (or is invalid). */
export function judge(ctx: Ctx, src: string): boolean | undefined {
  const { expr } = parseExpr(src);
  if (!expr) return undefined;
  const r = evaluate(expr, ctx.lookup);
  return r.error ? undefined : r.value;
}

/** The condition of `:::if{…}` (shorthand attributes and `when`) as one expression. */
export function ifExpression(node: DirectiveNode): string {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes ?? {})) if (k !== 'id' && k !== 'class') attrs[k] = v ?? '';
  return shorthandToExpr(attrs);
}

function clauseOf(ctx: Ctx, src: string): string {
  const booleans = new Set(ctx.runbook?.params.filter((p) => p.type === 'boolean').map((p) => p.name));
  return oneLine(conditionClause(src, { lang: ctx.lang, t: ctx.t, labels: ctx.labels, booleans }));
}

/** A note of the document, in italics, remembered for the HTML page. */
export function note(ctx: Ctx, kind: NoteKind, key: CliKey, vars: Record<string, string | number>): string {
  const text = cjkSpacing(oneLine(ctx.t(key, vars)));
  ctx.notes.set(text, kind);
  return `*${escapeInline(text)}*`;
}

/** "Only if …" for a step or a param. */
export function conditionNote(ctx: Ctx, src: string): string {
  return note(ctx, 'condition', 'render.onlyWhen', { condition: clauseOf(ctx, src) });
}

/** The visible start or end of a conditional part of the document, as a quote block of its own. */
export function partNote(ctx: Ctx, src: string, where: 'start' | 'end'): string {
  return `> ${note(ctx, where === 'start' ? 'part-start' : 'part-end', `render.part.${where}`, { condition: clauseOf(ctx, src) })}`;
}

/** Chinese text keeps a space next to Latin words and numbers, none between Chinese characters or punctuation. */
function cjkSpacing(text: string): string {
  return text.replace(/([\p{Script=Han}（）“”，。：；、])\s+(?=[\p{Script=Han}（）“”，。：；、])/gu, '$1');
}

export function marker(ctx: Ctx): string {
  const word = escapeInline(ctx.t('render.untranslated'));
  return ctx.lang.startsWith('zh') || ctx.lang.startsWith('ja') ? `*（${word}）*` : `*(${word})*`;
}
