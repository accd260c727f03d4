// Runbook parser: markdown + front matter → the plain model of model.ts, with the structural
// diagnostics found on the way. Never throws on any input.
import { createHash } from 'node:crypto';
import type { Nodes, RootContent } from 'mdast';
import {
  parseMarkdown, isDirective, bodyChildren, directiveLabel, spliceRange, inlineText, phraseLanguages,
  startOffset, type DirectiveNode,
} from './markdown.js';
import { parseFrontMatter } from './frontmatter.js';
import { shorthandToExpr } from './conditions.js';
import {
  type Diagnostic, type Localized, type Runbook, type Step, type StepKind, type Section, type Position,
  type CodeBlock, parseDuration, DEFAULT_WAIT_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS,
} from './model.js';

export const STEP_KINDS: readonly StepKind[] = ['run', 'check', 'wait', 'manual'];
const STEP_ATTRS: Record<StepKind, string[]> = {
  run: ['id', 'when', 'capture', 'timeout', 'cwd', 'retries'],
  check: ['id', 'when', 'expect', 'timeout', 'cwd', 'retries'],
  wait: ['id', 'when', 'expect', 'timeout', 'cwd', 'interval'],
  manual: ['id', 'when'],
};
const SHELL_LANGS = ['bash', 'sh'];
const ID_RE = /^[a-z0-9-]+$/;
const CAPTURE_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ParseResult {
  /** Undefined only when the front matter is unusable (no id or languages could be read). */
  runbook?: Runbook;
  diagnostics: Diagnostic[];
  /** Expressions met in the document, with where they stand, for lint's checks. */
  expressions: { source: string; position: Position }[];
}

export function parseRunbook(rawSource: string, path: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const report = (position: Position | undefined, severity: Diagnostic['severity'], message: string, rule: string) =>
    diagnostics.push({ file: path, line: position?.line ?? 1, column: position?.column ?? 1, severity, message, rule });

  let source = rawSource;
  if (/[\u0000\u0001]/.test(source)) {
    const at = positionOf(source, source.search(/[\u0000\u0001]/));
    report(at, 'error', 'control character (NUL) in the file: is it really a text runbook?', 'binary-content');
    source = source.replace(/[\u0000\u0001]/g, '\uFFFD');
  }
  const tree = parseMarkdown(source);
  const fm = parseFrontMatter(tree, path, report);
  const expressions: ParseResult['expressions'] = [];
  if (!fm) return { diagnostics, expressions };
  const languages = fm.languages;

  const sections: Section[] = [];
  const steps: Step[] = [];
  const ids = new Map<string, Position>();
  let intro: Record<string, string[]> = {};
  const addIntro = (nodes: Nodes[]) => {
    for (const lang of languages) {
      const text = spliceRange(source, nodes, { lang: proseLang(nodes, lang), languages });
      if (text) (intro[lang] ??= []).push(text);
    }
  };
  /** The language to show for a run of blocks: `lang`, or the first language when no block is in `lang`. */
  const proseLang = (nodes: Nodes[], lang: string) => {
    const blocks = nodes.filter((n) => n.type === 'containerDirective' && languages.includes(n.name));
    return blocks.length === 0 || blocks.some((b) => (b as DirectiveNode).name === lang) ? lang : languages[0]!;
  };
  const pos = (n: Nodes): Position => ({ line: n.position?.start.line ?? 1, column: n.position?.start.column ?? 1 });

  const localizeInline = (nodes: Nodes[], where: Nodes, what: string): Localized => {
    const out: Localized = {};
    const present = phraseLanguages(nodes, languages);
    for (const lang of languages) {
      if (present.size > 0 && !present.has(lang)) continue;
      out[lang] = inlineText(source, nodes, { lang, languages });
    }
    if (present.size > 0) {
      const missing = languages.filter((l) => !present.has(l));
      if (missing.length) report(pos(where), 'warning', `${what} has no ${missing.join(', ')} phrase; ${languages[0]} is shown instead`, 'missing-translation');
    }
    return out;
  };

  /** Consecutive language blocks form a group that should carry every language. */
  const checkLanguageGroups = (children: RootContent[]) => {
    let group: DirectiveNode[] = [];
    const flush = () => {
      if (group.length) {
        const have = new Set(group.map((g) => g.name));
        const missing = languages.filter((l) => !have.has(l));
        if (missing.length) report(pos(group[0]!), 'warning', `language block without its ${missing.join(', ')} translation; ${languages[0]} is shown instead`, 'missing-translation');
        const seen = new Set<string>();
        for (const g of group) {
          if (seen.has(g.name)) report(pos(g), 'warning', `second :::${g.name} block in a row; merge them into one`, 'duplicate-language-block');
          seen.add(g.name);
        }
      }
      group = [];
    };
    for (const c of children) {
      if (c.type === 'containerDirective' && languages.includes(c.name)) group.push(c);
      else if (c.type !== 'html') flush();
    }
    flush();
  };

  const checkDirectiveNames = (node: Nodes, inStep: boolean) => {
    const visit = (n: Nodes) => {
      if (isDirective(n)) {
        const known = languages.includes(n.name) || (n.type === 'containerDirective' && (n.name === 'if' || STEP_KINDS.includes(n.name as StepKind)));
        if (!known) {
          if (n.type === 'textDirective') {
            const literal = source.slice(n.position?.start.offset ?? 0, n.position?.end.offset ?? 0);
            const before = source.slice(Math.max(0, (n.position?.start.offset ?? 0) - 20), n.position?.start.offset ?? 0).match(/\S*$/)?.[0] ?? '';
            report(pos(n), 'warning', `"${before}${literal}" is read as a text directive ":${n.name}"; if it is prose, write it as inline code (\`${before}${literal}\`) or escape the colon (${before}\\${literal})`, 'accidental-text-directive');
          } else if (STEP_KINDS.includes(n.name as StepKind) || n.name === 'if') {
            report(pos(n), 'error', `"${n.name}" must be a container directive (:::${n.name} … :::)`, 'directive-kind');
          } else {
            report(pos(n), 'error', `unknown directive "${n.name}"; known: ${[...languages, 'if', ...STEP_KINDS].join(', ')}`, 'unknown-directive');
          }
        } else if (n.type === 'leafDirective' && languages.includes(n.name)) {
          report(pos(n), 'error', `"::${n.name}" is a leaf directive; write a language block as :::${n.name} … ::: or an inline phrase as :${n.name}[…]`, 'directive-kind');
        } else if (n.type === 'containerDirective' && STEP_KINDS.includes(n.name as StepKind) && inStep) {
          report(pos(n), 'error', `step "${n.attributes?.id ?? n.name}" is nested inside another step; steps cannot contain steps`, 'nested-step');
          return;
        } else if (n.type === 'containerDirective' && n.name === 'if' && inStep) {
          report(pos(n), 'error', 'a condition (:::if) inside a step is not supported; put the condition on the step with when="…"', 'nested-step');
        } else if (languages.includes(n.name) && Object.keys(n.attributes ?? {}).length) {
          report(pos(n), 'warning', `attributes on the language ${n.type === 'textDirective' ? 'phrase' : 'block'} :${n.name} are ignored`, 'unknown-attribute');
        }
      }
      if ('children' in n) (n.children as Nodes[]).forEach(visit);
    };
    visit(node);
  };

  const checkStrayFences = (children: RootContent[]) => {
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      if (c.type !== 'paragraph') continue;
      const text = source.slice(c.position?.start.offset ?? 0, c.position?.end.offset ?? 0);
      const lines = text.split('\n');
      const idx = lines.findIndex((l) => /^\s*:{3,}\s*$/.test(l));
      if (idx < 0) continue;
      const at = { line: (c.position?.start.line ?? 1) + idx, column: 1 };
      const prev = children.slice(0, i).reverse().find((p) => p.type === 'containerDirective') as DirectiveNode | undefined;
      const trap = prev && fenceLength(source, prev) <= 3 && bodyChildren(prev).some((k) => k.type === 'containerDirective');
      if (trap && prev) {
        const n = fenceLength(source, prev);
        report(at, 'error', `stray "${lines[idx]!.trim()}": the first inner ":::" closed :::${prev.name} at line ${prev.position?.start.line} early, because a container holding ":::" blocks needs more colons. Fix: open it with "${':'.repeat(n + 1)}${prev.name}" and close it with "${':'.repeat(n + 1)}"`, 'container-nesting');
      } else {
        report(at, 'error', `stray "${lines[idx]!.trim()}" closes nothing; remove it or check the colon counts of the containers above (an outer container needs more colons than the ones inside it)`, 'stray-fence');
      }
    }
  };

  const checkUnclosed = (node: DirectiveNode) => {
    if (node.type !== 'containerDirective') return;
    const endOff = node.position?.end.offset ?? 0;
    const tail = source.slice(source.lastIndexOf('\n', Math.max(0, endOff - 1)) + 1, endOff);
    if (!/^\s*:{3,}\s*$/.test(tail)) {
      report(pos(node), 'error', `:::${node.name} is never closed; add a line "${':'.repeat(fenceLength(source, node))}" where it ends`, 'unclosed-container');
    }
  };

  const buildStep = (node: DirectiveNode, conditions: string[], sectionIndex: number) => {
    const kind = node.name as StepKind;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.attributes ?? {})) if (v !== null && v !== undefined) attrs[k] = String(v);
    const id = attrs.id ?? '';
    delete attrs.id;
    const p = pos(node);
    if (!id) report(p, 'error', `${kind} step without an id; add {#some-id}`, 'step-id');
    else if (!ID_RE.test(id)) report(p, 'error', `step id "${id}" is malformed; use lower-case letters, digits and "-"`, 'step-id');
    else if (ids.has(id)) report(p, 'error', `duplicate step id "${id}" (first at line ${ids.get(id)!.line})`, 'duplicate-id');
    else ids.set(id, p);
    if (attrs.class !== undefined) { report(p, 'error', `classes (.${attrs.class}) mean nothing on a step`, 'unknown-attribute'); delete attrs.class; }
    for (const k of Object.keys(attrs)) if (!STEP_ATTRS[kind].includes(k))
      report(p, 'error', `unknown attribute "${k}" on ${kind} step; allowed: ${STEP_ATTRS[kind].filter((a) => a !== 'id').join(', ')}`, 'unknown-attribute');

    const ownConditions = [...conditions];
    if (attrs.when !== undefined) { ownConditions.push(attrs.when); expressions.push({ source: attrs.when, position: p }); }

    const body = bodyChildren(node);
    const codes: CodeBlock[] = [];
    for (const c of body) if (c.type === 'code') codes.push({ lang: c.lang ?? '', value: c.value, position: pos(c) });
    const executable = kind !== 'manual';
    let script: CodeBlock | undefined;
    if (executable) {
      if (codes.length === 0) report(p, 'error', `${kind} step "${id}" has no code block; add one \`\`\`bash block`, 'step-code');
      else if (codes.length > 1) report(codes[1]!.position, 'error', `${kind} step "${id}" has ${codes.length} code blocks; an executable step runs exactly one (split it into steps)`, 'step-code');
      script = codes[0];
      for (const c of codes.slice(0, 1)) if (!SHELL_LANGS.includes(c.lang))
        report(c.position, 'error', `code block of ${kind} step "${id}" is ${c.lang ? `"${c.lang}"` : 'unlabelled'}; write \`\`\`bash or \`\`\`sh`, 'step-code');
    }
    const scriptNode = executable ? body.find((b) => b.type === 'code') : undefined;
    const prose = body.filter((c) => c !== scriptNode);
    const bodyText: Localized = {};
    for (const lang of languages) bodyText[lang] = spliceRange(source, prose as Nodes[], { lang: proseLang(prose, lang), languages });
    checkLanguageGroups(body);

    const label = directiveLabel(node);
    const firstHeading = body.find((c) => c.type === 'heading');
    let title: Localized;
    if (label) title = localizeInline((label as { children: Nodes[] }).children, node, `title of step "${id}"`);
    else if (firstHeading) title = localizeInline((firstHeading as { children: Nodes[] }).children, firstHeading, 'heading');
    else if (sectionIndex >= 0) title = { ...sections[sectionIndex]!.title };
    else title = Object.fromEntries(languages.map((l) => [l, id]));

    const blockLangs = new Set(prose.filter((c) => c.type === 'containerDirective' && languages.includes(c.name)).map((c) => (c as DirectiveNode).name));
    const untranslated = languages.filter((l) => title[l] === undefined || (blockLangs.size > 0 && !blockLangs.has(l)));

    const num = (k: string) => {
      if (attrs[k] === undefined) return undefined;
      const ms = parseDuration(attrs[k]!);
      if (ms === undefined) report(p, 'error', `${k}="${attrs[k]}" is not a duration; write e.g. 30s, 10m, 2h`, 'attribute-value');
      return ms;
    };
    let retries = 0;
    if (attrs.retries !== undefined) {
      retries = Number(attrs.retries);
      if (!Number.isInteger(retries) || retries < 0) { report(p, 'error', `retries="${attrs.retries}" must be a whole number ≥ 0`, 'attribute-value'); retries = 0; }
    }
    if (attrs.capture !== undefined && !CAPTURE_RE.test(attrs.capture)) report(p, 'error', `capture="${attrs.capture}" is not a valid variable name (letters, digits, _)`, 'attribute-value');
    if (attrs.expect !== undefined) {
      try { new RegExp(attrs.expect, 'm'); } catch (e) { report(p, 'error', `expect="${attrs.expect}" is not a valid regular expression: ${(e as Error).message}`, 'attribute-value'); }
    }
    const step: Step = {
      id: id || `line-${p.line}`,
      kind,
      title,
      attrs,
      script,
      snippets: executable ? codes.slice(1) : codes,
      conditions: ownConditions,
      body: bodyText,
      intro: Object.fromEntries(Object.entries(intro).map(([l, parts]) => [l, parts.join('\n\n')])),
      untranslated,
      section: sectionIndex,
      position: p,
      hash: '',
      capture: attrs.capture,
      timeoutMs: num('timeout') ?? (kind === 'wait' ? DEFAULT_WAIT_TIMEOUT_MS : undefined),
      intervalMs: kind === 'wait' ? num('interval') ?? DEFAULT_WAIT_INTERVAL_MS : undefined,
      retries,
      expect: attrs.expect,
      cwd: attrs.cwd,
    };
    step.hash = hashStep(step);
    intro = {};
    steps.push(step);
  };

  const walk = (children: RootContent[], conditions: string[]) => {
    checkStrayFences(children);
    checkLanguageGroups(children);
    let pending: Nodes[] = [];
    const flushIntro = () => { if (pending.length) addIntro(pending); pending = []; };
    for (const child of children) {
      if (child.type === 'yaml') continue;
      if (isDirective(child)) checkUnclosed(child);
      if (child.type === 'heading') {
        flushIntro();
        intro = {};
        checkDirectiveNames(child, false);
        sections.push({ title: localizeInline(child.children as Nodes[], child, 'heading'), depth: child.depth, position: pos(child), conditions: [...conditions] });
      } else if (child.type === 'containerDirective' && STEP_KINDS.includes(child.name as StepKind)) {
        flushIntro();
        for (const c of child.children) checkDirectiveNames(c as Nodes, true);
        buildStep(child, conditions, sections.length - 1);
      } else if (child.type === 'containerDirective' && child.name === 'if') {
        flushIntro();
        const attrs = Object.fromEntries(Object.entries(child.attributes ?? {}).map(([k, v]) => [k, v ?? '']));
        const bad = Object.keys(attrs).filter((k) => k === 'id' || k === 'class');
        if (bad.length) report(pos(child), 'error', `:::if takes param tests or when="…", not ${bad.map((b) => (b === 'id' ? '#id' : '.class')).join(' ')}`, 'unknown-attribute');
        for (const b of bad) delete attrs[b];
        if (Object.keys(attrs).length === 0) report(pos(child), 'error', ':::if without a condition; write :::if{when="…"} or :::if{param="value"}', 'condition-syntax');
        const expr = Object.keys(attrs).length ? shorthandToExpr(attrs) : 'true';
        expressions.push({ source: expr, position: pos(child) });
        if (directiveLabel(child)) report(pos(child), 'warning', ':::if takes no [label]; it is ignored', 'unknown-attribute');
        walk(bodyChildren(child), [...conditions, expr]);
      } else {
        checkDirectiveNames(child, false);
        pending.push(child);
      }
    }
    flushIntro();
  };
  walk(tree.children, []);

  for (const p of fm.params) if (p.when) expressions.push({ source: p.when, position: p.position });

  const runbook: Runbook = {
    path,
    id: fm.id,
    languages,
    title: fm.title,
    params: fm.params.map(({ position: _p, ...rest }) => rest),
    sections,
    steps,
    sha256: createHash('sha256').update(rawSource).digest('hex'),
  };
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { runbook, diagnostics, expressions };
}

function hashStep(step: Step): string {
  const def = {
    kind: step.kind,
    attrs: Object.fromEntries(Object.entries(step.attrs).sort(([a], [b]) => a.localeCompare(b))),
    conditions: step.conditions,
    script: step.script?.value ?? null,
    snippets: step.snippets.map((s) => s.value),
  };
  return createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 16);
}

/** Number of colons that open a container directive. */
function fenceLength(source: string, node: Nodes): number {
  const start = startOffset(node);
  let n = 0;
  while (source[start + n] === ':') n++;
  return n;
}

function positionOf(source: string, offset: number): Position {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
