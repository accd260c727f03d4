// `:::if`: its attributes as one condition for the steps inside, and each test as an expression for lint
// (`{from="3.16|3.18"}` becomes from == "3.16" || from == "3.18", each alternative placed where it stands).
import { msg } from '../../i18n/lint-text.js';
import { directiveLabel, type DirectiveNode } from './markdown.js';
import { shorthandToExpr } from './conditions.js';
import { reportDuplicateAttrs, noteWhen } from './directive-attributes.js';
import type { ParseContext } from './parse-context.js';

/** The condition of a `:::if`, and its expressions for lint with their places. */
export function ifCondition(ctx: ParseContext, node: DirectiveNode, stepsBefore: number): string {
  const p = ctx.pos(node);
  const tokens = ctx.attrsOf(node);
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes ?? {})) attrs[k] = v ?? '';
  const bad = Object.keys(attrs).filter((k) => k === 'id' || k === 'class');
  for (const b of bad) {
    ctx.report(ctx.attrPos(node, b), 'error', msg('if.badAttr', { attr: b === 'id' ? `#${attrs.id}` : `.${attrs.class}` }), 'unknown-attribute');
    delete attrs[b];
  }
  reportDuplicateAttrs(ctx, node, tokens);
  if (directiveLabel(node)) ctx.report(p, 'warning', msg('if.label'), 'unknown-attribute');
  if (Object.keys(attrs).length === 0) {
    ctx.report(p, 'error', msg('if.empty'), 'condition-syntax');
    return 'true';
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'when') {
      noteWhen(ctx, node, tokens, value, stepsBefore);
      continue;
    }
    const kp = ctx.attrPos(node, key);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      ctx.report(kp, 'error', msg('if.badName', { key }), 'condition-syntax');
      continue;
    }
    const tok = tokens.filter((t) => t.key === key).pop();
    const display = value === '' ? key : `${key}="${value}"`;
    if (value === '') {
      ctx.expressions.push({ source: key, position: kp, exact: true, scope: 'step', stepsBefore, display });
      continue;
    }
    let rel = 0;
    for (const alt of value.split('|')) {
      const lead = alt.length - alt.trimStart().length;
      const vp = tok && !tok.value.includes('&') ? ctx.at(tok.valueOffset + rel + lead) : kp;
      rel += alt.length + 1;
      if (alt.trim() === '') {
        ctx.report(vp, 'error', msg('if.emptyAlternative', { display, key }), 'condition-syntax');
        continue;
      }
      ctx.expressions.push({ source: `${key} == ${JSON.stringify(alt.trim())}`, position: vp, namePosition: kp, scope: 'step', stepsBefore, display });
    }
  }
  return shorthandToExpr(attrs);
}
