// `:::if`: its attributes as one condition for the steps inside, and each test as an expression for lint
// (`{from="3.16|3.18"}` becomes from == "3.16" || from == "3.18", each alternative placed where it stands).
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
    ctx.report(ctx.attrPos(node, b), 'error', `:::if takes param tests or when="…", not ${b === 'id' ? `#${attrs.id}` : `.${attrs.class}`}; remove it`, 'unknown-attribute');
    delete attrs[b];
  }
  reportDuplicateAttrs(ctx, node, tokens);
  if (directiveLabel(node)) ctx.report(p, 'warning', ':::if takes no [label]; it is ignored: remove it, or put the text in a language block inside', 'unknown-attribute');
  if (Object.keys(attrs).length === 0) {
    ctx.report(p, 'error', ':::if without a condition; write :::if{when="…"} or :::if{param="value"} (or :::if{flag} for a boolean param)', 'condition-syntax');
    return 'true';
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'when') {
      noteWhen(ctx, node, tokens, value, stepsBefore);
      continue;
    }
    const kp = ctx.attrPos(node, key);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      ctx.report(kp, 'error', `"${key}" in :::if{…} is not a param name; write :::if{param="value"} or :::if{when="…"}`, 'condition-syntax');
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
        ctx.report(vp, 'error', `${display} has an empty alternative; write values separated by "|", e.g. ${key}="a|b"`, 'condition-syntax');
        continue;
      }
      ctx.expressions.push({ source: `${key} == ${JSON.stringify(alt.trim())}`, position: vp, namePosition: kp, scope: 'step', stepsBefore, display });
    }
  }
  return shorthandToExpr(attrs);
}
