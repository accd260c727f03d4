// What the checks and builders of one parse share: the text and its line index, the declared languages,
// where findings and expressions go, and the positions they all need.
import type { Nodes } from 'mdast';
import { startOffset, type DirectiveNode } from './markdown.js';
import { scanOpener, type AttrToken } from './directive-syntax.js';
import type { LineIndex } from './source-text.js';
import { STEP_KINDS, type Diagnostic, type LintMessage, type Position } from './model.js';

export type Report = (position: Position | undefined, severity: Diagnostic['severity'], message: LintMessage, rule: string) => void;

/** An expression met in the document, with where it stands, for lint's checks. */
export interface ExpressionRef {
  source: string;
  position: Position;
  /** `position` is where the expression's first character stands, character for character: errors can point inside it. */
  exact?: boolean;
  /** `param`: a param's `when` (earlier params only); `step`: a condition on steps (params, and captures of earlier steps). */
  scope?: 'param' | 'step';
  /** The param whose `when` it is (scope `param`). */
  param?: string;
  /** Number of steps before it in document order (scope `step`): captures of later steps are not known yet. */
  stepsBefore?: number;
  /** How the condition is written, when `source` is derived from it (`:::if{from="3.16|3.18"}`). */
  display?: string;
  /** Where the name stands, when it differs from `position` (shorthand `:::if` attributes). */
  namePosition?: Position;
}

/** Where a step starts and its capture, for lint's capture checks. */
export interface StepPosition {
  id: string;
  position: Position;
  capture?: string;
  capturePosition?: Position;
}

export class ParseContext {
  constructor(
    readonly source: string,
    readonly lines: LineIndex,
    readonly languages: string[],
    readonly report: Report,
    readonly expressions: ExpressionRef[],
  ) {}

  /** Where a node starts (line 1, column 1 when it has no position). */
  pos(n: Nodes | undefined): Position {
    const p = n?.position?.start;
    return p ? { line: p.line, column: p.column } : { line: 1, column: 1 };
  }
  /** Where an offset of the source stands. */
  at(offset: number): Position {
    return this.lines.position(offset);
  }
  /** Number of colons a container opens with. */
  colons(node: Nodes): number {
    let n = 0;
    const s = startOffset(node);
    while (this.source[s + n] === ':') n++;
    return n;
  }
  /** The opening line of a container as written (with `colons` colons instead, when given), shortened for messages. */
  openerText(node: DirectiveNode, colons?: number): string {
    const s = startOffset(node);
    const lineEnd = this.source.indexOf('\n', s);
    let text = this.source.slice(s, lineEnd < 0 ? this.source.length : lineEnd).trim();
    if (colons !== undefined) text = ':'.repeat(colons) + text.replace(/^:+/, '');
    return text.length > 90 ? `${text.slice(0, 87)}…` : text;
  }
  /** The attributes as written in a directive's opener, with their offsets (none when it cannot be scanned). */
  attrsOf(node: DirectiveNode): AttrToken[] {
    try {
      return scanOpener(this.source, startOffset(node)).attrs;
    } catch {
      return [];
    }
  }
  /** Where the last attribute `key` of a directive (its name or its value) stands; else the directive's start. */
  attrPos(node: DirectiveNode, key: string, part: 'key' | 'value' = 'key'): Position {
    const all = this.attrsOf(node).filter((a) => a.key === key);
    const a = all[all.length - 1];
    if (!a) return this.pos(node);
    return this.at(part === 'key' ? a.keyOffset : a.valueOffset);
  }
  isLanguage(name: string): boolean {
    return this.languages.includes(name);
  }
  /** Every directive name the document may use, for suggestions. */
  knownDirectives(): string[] {
    return [...this.languages, 'if', ...STEP_KINDS];
  }
}
