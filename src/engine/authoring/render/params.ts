// The params of a runbook, as a list under "Parameters": label, name, and the value given, the default,
// an example or the choices; a param that applies only under a condition says so.
import { paramApplies, type ParamValues } from '../../plan/params.js';
import { type Runbook, type ParamDef, pick } from '../../document/model.js';
import { type Ctx, judge, conditionNote, marker } from './context.js';
import { escapeInline, codeSpan, oneLine } from './text.js';

export function renderParams(ctx: Ctx, runbook: Runbook, given: ParamValues | undefined, values: ParamValues): string {
  const lines: string[] = [];
  for (const def of runbook.params) {
    let applies: boolean | undefined = true;
    if (def.when !== undefined) applies = given ? paramApplies(def, values) : judge(ctx, def.when);
    if (applies === false) continue;
    const label = pick(def.label, ctx.lang, ctx.languages);
    let line = `- **${escapeInline(oneLine(label.text) || def.name)}**${label.fallback ? ` ${marker(ctx)}` : ''} (${codeSpan(def.name)}): ${paramValue(ctx, def, given)}`;
    if (applies === undefined && def.when !== undefined) line += ` — ${conditionNote(ctx, def.when)}`;
    lines.push(line);
  }
  if (lines.length === 0) return '';
  return `## ${escapeInline(ctx.t('render.params'))}\n\n${lines.join('\n')}`;
}

function paramValue(ctx: Ctx, def: ParamDef, given: ParamValues | undefined): string {
  const { t } = ctx;
  if (def.type === 'secret') return `*${escapeInline(t('render.secret'))}*`;
  const shown = (v: string | boolean) => (typeof v === 'boolean' ? escapeInline(t(v ? 'render.yes' : 'render.no')) : codeSpan(v));
  const choices = def.type === 'choice' && def.choices?.length
    ? ` (${escapeInline(t('render.choices', { values: def.choices.join(', ') }))})`
    : '';
  const v = given?.[def.name];
  if (v !== undefined) return shown(v);
  if (def.default !== undefined) return `${escapeInline(t('render.default'))}: ${shown(def.default)}${choices}`;
  if (def.example !== undefined) return `${escapeInline(t('render.example'))} ${codeSpan(def.example)}${choices}`;
  return def.type === 'choice' && def.choices?.length ? escapeInline(t('render.choices', { values: def.choices.join(', ') })) : '—';
}
