// Paragraph lines that look like container fences: openers the markdown parser did not accept, and lines
// of colons that close nothing. Each stray closing line is explained by the mistake that left it over.
import type { Nodes } from 'mdast';
import type { DirectiveNode } from './markdown.js';
import { scanOpener } from './directive-syntax.js';
import { suggestMsg } from './hints.js';
import { msg } from '../../i18n/lint-text.js';
import type { LintMessage } from './model.js';
import type { ParseContext } from './parse-context.js';
import type { FenceFindings } from './container-fences.js';

/** Lines of a paragraph that look like container fences the markdown parser did not accept. */
export function checkParagraphLines(ctx: ParseContext, found: FenceFindings, n: Nodes, container?: DirectiveNode): void {
  const start = n.position?.start;
  const end = n.position?.end;
  if (!start || !end) return;
  for (let line = start.line; line <= end.line && line <= start.line + 2000; line++) {
    const ls = ctx.lines.lineStart(line);
    const from = line === start.line ? ls + start.column - 1 : ls;
    const text = ctx.source.slice(from, Math.min(ctx.lines.lineEnd(line), from + 2000));
    const m = /^([ \t>]*)(:{3,})(.*)$/.exec(text);
    if (!m) {
      // Two colons and a known name: a step, condition or language block written as a broken leaf directive.
      const leaf = /^([ \t>]*)::([A-Za-z][\w-]*)/.exec(text);
      if (leaf && ctx.knownDirectives().includes(leaf[2]!)) {
        const name = leaf[2]!;
        ctx.report(ctx.at(from + leaf[1]!.length), 'error', ctx.isLanguage(name) ? msg('fence.leafLanguage', { text: text.trim().slice(0, 40), name }) : msg('fence.leafContainer', { text: text.trim().slice(0, 40), name, kind: msg(name === 'if' ? 'word.condition' : 'word.step') }), 'directive-syntax');
      }
      continue;
    }
    const off = from + m[1]!.length;
    const rest = m[3]!;
    if (rest.trim() === '') {
      found.strays.push({ offset: off, text: m[2]!, container });
      continue;
    }
    malformedOpener(ctx, found, off, m[2]!.length, rest);
  }
}

/** Why a line that starts with colons and more was not read as a directive. */
function malformedOpener(ctx: ParseContext, found: FenceFindings, off: number, colons: number, rest: string): void {
  const src = ctx.source;
  found.malformed.push({ offset: off, text: `${':'.repeat(colons)}${rest.trim()}`.slice(0, 40), used: false });
  const restAt = off + colons;
  const report = (o: number, message: LintMessage) => ctx.report(ctx.at(o), 'error', message, 'directive-syntax');
  const spaced = /^([ \t]+)([A-Za-z][\w-]*)/.exec(rest);
  if (spaced) {
    report(restAt, msg('fence.spaceAfterColons', { text: `${':'.repeat(colons)}${rest.trim().slice(0, 40)}`, fixed: `${':'.repeat(colons)}${spaced[2]}` }));
    return;
  }
  if (!/^[A-Za-z]/.test(rest)) {
    report(restAt, msg('fence.noName', { colons: ':'.repeat(colons), missing: rest.startsWith('{') || rest.startsWith('[') ? msg('fence.nameMissing') : '' }));
    return;
  }
  const op = scanOpener(src, off);
  const name = op.name;
  const known = ctx.knownDirectives();
  const nameHint = known.includes(name) ? '' : suggestMsg(name, known);
  if (op.error) {
    report(op.error.offset, msg('fence.scanError', { name, detail: op.error.lint, suggestion: nameHint }));
    return;
  }
  const after = src.slice(op.end, src.indexOf('\n', op.end) < 0 ? src.length : src.indexOf('\n', op.end));
  const spaceBrace = /^([ \t]+)([[{])/.exec(after);
  if (spaceBrace) {
    report(op.end, msg('fence.spaceBefore', { name, char: spaceBrace[2]!, fixed: `:::${name}${after.trim().slice(0, 30)}` }));
    return;
  }
  if (after.trim() !== '') {
    const k = op.end + (after.length - after.trimStart().length);
    report(k, msg('fence.trailing', { name, text: after.trim().slice(0, 20), after: msg(op.attrs.length || src[op.end - 1] === '}' ? 'fence.afterAttributes' : 'fence.afterName') }));
    return;
  }
  report(off, msg('fence.other', { name, suggestion: nameHint }));
}

/** Each stray ":::" is explained by the nearest nesting mistake before it, if any. */
export function explainStrays(ctx: ParseContext, found: FenceFindings): void {
  for (const s of found.strays) {
    // The innermost mistake before it that has not explained a stray yet, else the nearest one.
    // Each mistake leaves one closing line without its container: the innermost one not yet explained.
    const cause = found.violations.filter((v) => v.end <= s.offset && v.strays.length === 0).sort((x, y) => y.start - x.start)[0];
    const opener = [...found.malformed].reverse().find((m) => m.offset < s.offset && !m.used);
    if (opener && (!cause || opener.offset > cause.start)) {
      opener.used = true;
      ctx.report(ctx.at(s.offset), 'error',
        msg('stray.brokenOpener', { text: s.text, opener: opener.text, line: ctx.at(opener.offset).line }),
        'stray-fence');
    } else if (cause) {
      cause.strays.push(s.offset);
      const p = ctx.pos(cause.node);
      ctx.report(ctx.at(s.offset), 'error',
        msg('stray.closedEarly', { text: s.text, name: cause.node.name, line: p.line, closer: cause.closedAt ? msg('stray.closerAt', { line: cause.closedAt }) : msg('stray.innerBlock') }),
        'container-nesting');
    } else if (s.container && ctx.colons(s.container) > s.text.length) {
      const c = s.container;
      ctx.report(ctx.at(s.offset), 'error',
        msg('stray.tooFewColons', { text: s.text, opener: `${':'.repeat(ctx.colons(c))}${c.name}`, line: ctx.pos(c).line, count: ctx.colons(c), close: ':'.repeat(ctx.colons(c)) }),
        'stray-fence');
    } else {
      ctx.report(ctx.at(s.offset), 'error',
        msg('stray.nothing', { text: s.text }),
        'stray-fence');
    }
  }
}
