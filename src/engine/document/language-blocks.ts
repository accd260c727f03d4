// Language blocks (:::en … :::) and phrases (:en[…]): how consecutive blocks group, the text of each
// language with its fallback, and the missing-translation checks.
import { msg } from '../../i18n/lint-text.js';
import type { Nodes, RootContent } from 'mdast';
import { spliceRange, inlineText, phraseLanguages, type DirectiveNode } from './markdown.js';
import type { ParseContext } from './parse-context.js';
import type { Localized } from './model.js';

/**
 * Groups of consecutive language blocks (html comments between them allowed): a block whose language the group
 * already has starts a new group, unless it directly follows a block of the same language (a duplicate, kept).
 */
function languageGroups(children: RootContent[] | Nodes[], languages: string[]): Nodes[][] {
  const groups: Nodes[][] = [];
  let cur: Nodes[] = [];
  let have = new Set<string>();
  let prev: string | undefined;
  const flush = () => {
    while (cur.length && cur[cur.length - 1]!.type === 'html') cur.pop();
    if (cur.some((c) => c.type === 'containerDirective')) groups.push(cur);
    cur = [];
    have = new Set();
    prev = undefined;
  };
  for (const c of children as Nodes[]) {
    if (c.type === 'containerDirective' && languages.includes(c.name)) {
      if (have.has(c.name) && prev !== c.name) flush();
      cur.push(c);
      have.add(c.name);
      prev = c.name;
    } else if (c.type === 'html' && cur.length) cur.push(c);
    else flush();
  }
  flush();
  return groups;
}

/** Title text per language of inline content: every language, or those with a phrase when it has phrases. */
export function localizeInline(ctx: ParseContext, nodes: Nodes[]): Localized {
  const out: Localized = {};
  const present = phraseLanguages(nodes, ctx.languages);
  for (const lang of ctx.languages) {
    if (present.size > 0 && !present.has(lang)) continue;
    const text = inlineText(ctx.source, nodes, { lang, languages: ctx.languages });
    if (text) out[lang] = text;
  }
  return out;
}

/**
 * Markdown of a run of sibling blocks in one language. A group of language blocks without `lang` shows the
 * first language present instead (`fallback`).
 */
export function localizeBlocks(ctx: ParseContext, nodes: Nodes[], lang: string): { text: string; fallback: boolean } {
  const parts: string[] = [];
  let fallback = false;
  let run: Nodes[] = [];
  const flushRun = () => {
    if (run.length) {
      const t = spliceRange(ctx.source, run, { lang, languages: ctx.languages });
      if (t) parts.push(t);
    }
    run = [];
  };
  const groups = languageGroups(nodes as RootContent[], ctx.languages);
  const complete = (g: Nodes[]) => g.some((n) => n.type === 'containerDirective' && (n as DirectiveNode).name === lang);
  // Every group has the language: the source range as one piece, exactly as written.
  if (groups.every(complete)) return { text: spliceRange(ctx.source, nodes, { lang, languages: ctx.languages }), fallback: false };
  const groupOf = new Map<Nodes, Nodes[]>();
  for (const g of groups) groupOf.set(g[0]!, g);
  for (let i = 0; i < nodes.length; i++) {
    const g = groupOf.get(nodes[i]!);
    if (!g) { run.push(nodes[i]!); continue; }
    flushRun();
    const have = g.filter((n) => n.type === 'containerDirective').map((n) => (n as DirectiveNode).name);
    let shown = lang;
    if (!have.includes(lang)) {
      shown = ctx.languages.find((l) => have.includes(l)) ?? have[0]!;
      fallback = true;
    }
    const t = spliceRange(ctx.source, g, { lang: shown, languages: ctx.languages });
    if (t) parts.push(t);
    i += g.length - 1;
  }
  flushRun();
  return { text: parts.join('\n\n'), fallback };
}

/** Phrases in one paragraph, heading or cell should cover every language. */
export function checkPhrases(ctx: ParseContext, n: Nodes): void {
  const kids = (n as { children?: Nodes[] }).children ?? [];
  if (!kids.some((k) => k.type === 'textDirective' || 'children' in k)) return;
  const present = phraseLanguages(kids, ctx.languages);
  if (present.size === 0) return;
  const missing = ctx.languages.filter((l) => !present.has(l));
  if (missing.length === 0) return;
  const fallback = ctx.languages.find((l) => present.has(l));
  ctx.report(ctx.pos(n), 'warning', msg('phrases.missing', { what: msg(n.type === 'heading' ? 'what.heading' : n.type === 'tableCell' ? 'what.tableCell' : (n.data as { directiveLabel?: boolean } | undefined)?.directiveLabel ? 'what.label' : 'what.paragraph'), present: [...present].join(', '), missing: missing.join(', '), fallback: fallback!, add: missing.map((m) => `:${m}[…]`).join(' ') }), 'missing-translation');
}

/** Consecutive language blocks form a group that should carry every language once. */
export function checkLanguageGroups(ctx: ParseContext, children: RootContent[]): void {
  for (const group of languageGroups(children, ctx.languages)) {
    const blocks = group.filter((g) => g.type === 'containerDirective') as DirectiveNode[];
    const have = new Set(blocks.map((g) => g.name));
    const missing = ctx.languages.filter((l) => !have.has(l));
    const fallback = ctx.languages.find((l) => have.has(l));
    if (missing.length) {
      ctx.report(ctx.pos(blocks[0]), 'warning', msg(have.size > 1 ? (missing.length > 1 ? 'blocks.missing.many.many' : 'blocks.missing.many.one') : (missing.length > 1 ? 'blocks.missing.one.many' : 'blocks.missing.one.one'), { have: [...have].map((b) => `:::${b}`).join(', '), missing: missing.map((m) => `:::${m}`).join(', '), fallback: fallback!, add: missing.map((m) => `:::${m} … :::`).join(', ') }), 'missing-translation');
    }
    for (let i = 1; i < blocks.length; i++) {
      const g = blocks[i]!;
      if (g.name === blocks[i - 1]!.name) {
        ctx.report(ctx.pos(g), 'warning', msg('blocks.second', { name: g.name, line: ctx.pos(blocks[i - 1]).line }), 'duplicate-language-block');
      }
    }
  }
}
