// The front matter's YAML, read for validation: parse errors put into words at their place, and a
// view of the document (positions, plain values that keep the text of numbers, fields by key).
import { parseDocument, isMap, isScalar, isSeq, visit, type Node as YamlNode, type YAMLMap, type Pair } from 'yaml';
import type { Diagnostic, LintMessage, Position } from './model.js';
import { msg } from '../../i18n/lint-text.js';

export type Report = (position: Position | undefined, severity: Diagnostic['severity'], message: LintMessage, rule: string) => void;

/** A readable YAML mapping with what the checks need to say where and what. */
export interface YamlView {
  root: YAMLMap;
  /** The YAML text (the front matter between its `---` lines). */
  text: string;
  /** Line of the first YAML line in the file. */
  baseLine: number;
  report: Report;
  /** The file position of a YAML node, or of an offset in the YAML text. */
  at(node: unknown): Position;
  posAt(offset: number): Position;
  /** Plain JS value of a node; numbers keep their source text ("3.10" stays "3.10", "4.0" stays "4.0"). */
  js(node: unknown): unknown;
  /** The field `key` of a mapping. */
  get(map: YAMLMap, key: string): Pair | undefined;
  keyOf(item: Pair): string;
}

/** Scalar text of a plain value, undefined for lists and mappings. */
export const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/**
 * Parse the YAML of the front matter; undefined (after reporting why) when it is not a readable
 * mapping: a syntax error, an alias, or not a mapping at all.
 */
export function openYaml(text: string, baseLine: number, report: Report, example: string): YamlView | undefined {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    report({ line: baseLine, column: 1 }, 'error', msg('yaml.unreadable', { reason: (e as Error).message.split('\n')[0]! }), 'front-matter');
    return undefined;
  }
  const posAt = lineTable(text, baseLine);
  const at = (node: unknown): Position => posAt((node as YamlNode | null | undefined)?.range?.[0] ?? 0);
  if (doc.errors.length) {
    for (const err of doc.errors.slice(0, 5)) reportYamlError(err, text, posAt, report);
    return undefined;
  }
  let alias: unknown;
  visit(doc, { Alias(_k, node) { alias = node; return visit.BREAK; } });
  if (alias) {
    report(at(alias), 'error', msg('yaml.alias'), 'front-matter');
    return undefined;
  }
  const root = doc.contents;
  if (!isMap(root)) {
    report({ line: baseLine, column: 1 }, 'error', msg('frontMatter.notMapping', { example }), 'front-matter');
    return undefined;
  }
  const keyOf = (item: Pair): string => (isScalar(item.key) ? String(item.key.value) : '');
  const get = (map: YAMLMap, key: string) => map.items.find((i) => keyOf(i as Pair) === key) as Pair | undefined;
  const js = (node: unknown): unknown => {
    if (node === null || node === undefined) return undefined;
    if (isScalar(node)) {
      if (typeof node.value === 'number' && typeof node.source === 'string' && node.source) return node.source;
      return node.value;
    }
    if (isSeq(node)) return node.items.map((i) => js(i));
    if (isMap(node)) {
      const o = Object.create(null) as Record<string, unknown>;
      for (const i of node.items) o[keyOf(i as Pair)] = js((i as Pair).value);
      return o;
    }
    return undefined;
  };
  return { root, text, baseLine, report, at, posAt, js, get, keyOf };
}

/** Offsets in the YAML text → file positions, from our own line table (the YAML line counter misses lines after a syntax error). */
function lineTable(text: string, baseLine: number): (offset: number) => Position {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: baseLine + lo, column: o - starts[lo]! + 1 };
  };
}

/** One YAML syntax error, said as what to fix and placed where the fix goes (an unclosed `[` at the `[`). */
function reportYamlError(err: { message: string; pos: [number, number]; code: string }, text: string, posAt: (o: number) => Position, report: Report): void {
  const first = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const at = err.pos[0];
  const flow = /Flow (sequence|map)/.exec(first);
  if (flow) {
    const open = flow[1] === 'sequence' ? '[' : '{';
    const close = flow[1] === 'sequence' ? ']' : '}';
    const o = text.lastIndexOf(open, at);
    report(posAt(o >= 0 ? o : at), 'error', msg(flow[1] === 'sequence' ? 'yaml.unclosedList' : 'yaml.unclosedMapping', { open, close }), 'front-matter');
  } else if (err.code === 'MISSING_CHAR' && /quote/.test(first)) {
    const o = Math.max(text.lastIndexOf('"', at - 1), text.lastIndexOf("'", at - 1));
    report(posAt(o >= 0 ? o : at), 'error', msg('yaml.unclosedQuote'), 'front-matter');
  } else if (err.code === 'DUPLICATE_KEY') {
    report(posAt(at), 'error', msg('yaml.duplicateKey'), 'front-matter');
  } else {
    report(posAt(at), 'error', msg('yaml.other', { detail: first }), 'front-matter');
  }
}
