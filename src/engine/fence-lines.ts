// Paragraph lines that look like container fences: openers the markdown parser did not accept, and lines
// of colons that close nothing. Each stray closing line is explained by the mistake that left it over.
import type { Nodes } from 'mdast';
import type { DirectiveNode } from './markdown.js';
import { scanOpener } from './directive-syntax.js';
import { suggest } from './hints.js';
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
        ctx.report(ctx.at(from + leaf[1]!.length), 'error', `"${text.trim().slice(0, 40)}" is not read as a directive; ${ctx.isLanguage(name) ? `a language block is ":::${name}" … ":::" (an inline phrase ":${name}[…]")` : `a ${name === 'if' ? 'condition' : 'step'} is a container: ":::${name}{…}" on a line of its own, closed by ":::"`}`, 'directive-syntax');
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
  const report = (o: number, message: string) => ctx.report(ctx.at(o), 'error', message, 'directive-syntax');
  const spaced = /^([ \t]+)([A-Za-z][\w-]*)/.exec(rest);
  if (spaced) {
    report(restAt, `"${':'.repeat(colons)}${rest.trim().slice(0, 40)}" is not read as a directive: remove the space after the colons (write "${':'.repeat(colons)}${spaced[2]}…")`);
    return;
  }
  if (!/^[A-Za-z]/.test(rest)) {
    report(restAt, `this line starts with "${':'.repeat(colons)}" but is not a directive: a container opens with colons and a name (":::run{#id}", ":::en", ":::if{…}") and closes with a line of colons only${rest.startsWith('{') || rest.startsWith('[') ? '; the name is missing' : ''}`);
    return;
  }
  const op = scanOpener(src, off);
  const name = op.name;
  const known = ctx.knownDirectives();
  const nameHint = known.includes(name) ? '' : suggest(name, known);
  if (op.error) {
    report(op.error.offset, `":::${name}" is not read as a directive, so the block is plain text: ${op.error.message}${nameHint}`);
    return;
  }
  const after = src.slice(op.end, src.indexOf('\n', op.end) < 0 ? src.length : src.indexOf('\n', op.end));
  const spaceBrace = /^([ \t]+)([[{])/.exec(after);
  if (spaceBrace) {
    report(op.end, `":::${name}" is not read as a directive, so the block is plain text: remove the space before "${spaceBrace[2]}" (write ":::${name}${after.trim().slice(0, 30)}")`);
    return;
  }
  if (after.trim() !== '') {
    const k = op.end + (after.length - after.trimStart().length);
    report(k, `":::${name}" is not read as a directive, so the block is plain text: unexpected "${after.trim().slice(0, 20)}" after ${op.attrs.length || src[op.end - 1] === '}' ? 'the attributes' : `the name`}; the opening line holds only :::name[label]{attributes}`);
    return;
  }
  report(off, `":::${name}" is not read as a directive, so the block is plain text; check the name, [label] and {attributes}${nameHint}`);
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
        `stray "${s.text}": it closes "${opener.text}" at line ${ctx.at(opener.offset).line}, which is not read as a directive; fix that line (see the error there)`,
        'stray-fence');
    } else if (cause) {
      cause.strays.push(s.offset);
      const p = ctx.pos(cause.node);
      ctx.report(ctx.at(s.offset), 'error',
        `stray "${s.text}": it was meant to close :::${cause.node.name} (line ${p.line}), which ${cause.closedAt ? `the ":::" at line ${cause.closedAt}` : 'an inner block'} already closed; fix the colons at line ${p.line} (see the error there)`,
        'container-nesting');
    } else if (s.container && ctx.colons(s.container) > s.text.length) {
      const c = s.container;
      ctx.report(ctx.at(s.offset), 'error',
        `"${s.text}" cannot close "${':'.repeat(ctx.colons(c))}${c.name}" (line ${ctx.pos(c).line}), which opened with ${ctx.colons(c)} colons; write "${':'.repeat(ctx.colons(c))}" to close it, or remove this line`,
        'stray-fence');
    } else {
      ctx.report(ctx.at(s.offset), 'error',
        `stray "${s.text}" closes nothing; remove it, or check the colon counts of the containers above (an outer container needs more colons than the ones inside it)`,
        'stray-fence');
    }
  }
}
