// Attributes of steps and of :::if: which names a step kind takes, values that must parse (durations,
// retries, capture names, regular expressions), duplicates, and `when` expressions for lint.
import type { DirectiveNode } from './markdown.js';
import type { AttrToken } from './directive-syntax.js';
import { protectedEnv } from './frontmatter.js';
import { suggestMsg } from './hints.js';
import { msg } from '../../i18n/lint-text.js';
import type { ParseContext } from './parse-context.js';
import { STEP_KINDS, type StepKind, type Position, parseDuration, DEFAULT_WAIT_TIMEOUT_MS } from './model.js';

const STEP_ATTRS: Record<StepKind, string[]> = {
  run: ['id', 'when', 'capture', 'timeout', 'cwd', 'retries'],
  check: ['id', 'when', 'expect', 'timeout', 'cwd', 'retries'],
  wait: ['id', 'when', 'expect', 'timeout', 'cwd', 'interval'],
  manual: ['id', 'when'],
};
const CAPTURE_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An attribute given twice: the markdown parser keeps the last one silently. */
export function reportDuplicateAttrs(ctx: ParseContext, node: DirectiveNode, tokens: AttrToken[]): void {
  const seen = new Map<string, AttrToken>();
  for (const t of tokens) {
    if (t.key === 'class') continue;
    const prev = seen.get(t.key);
    if (prev) {
      ctx.report(ctx.at(t.keyOffset), 'error', t.key === 'id' ? msg('attr.idTwice', { name: node.name, first: prev.value, second: t.value }) : msg('attr.twice', { key: t.key, name: node.name, first: prev.value, second: t.value }), 'duplicate-attribute');
    }
    seen.set(t.key, t);
  }
}

/** Record a `when="…"` expression for lint, exact when its text stands unchanged in the source. */
export function noteWhen(ctx: ParseContext, node: DirectiveNode, tokens: AttrToken[], value: string, stepsBefore: number): void {
  const position = ctx.attrPos(node, 'when', 'value');
  const tok = tokens.filter((t) => t.key === 'when').pop();
  const exact = !!tok && ctx.source.slice(tok.valueOffset, tok.valueOffset + value.length) === value;
  ctx.expressions.push({ source: value, position, exact, scope: 'step', stepsBefore });
}

/** A class, and attributes the step kind does not take (those of other kinds are named as such). Drops the class. */
export function checkStepAttrNames(ctx: ParseContext, node: DirectiveNode, kind: StepKind, attrs: Record<string, string>): void {
  if (attrs.class !== undefined) {
    ctx.report(ctx.attrPos(node, 'class'), 'error', msg('attr.classOnStep', { class: attrs.class.split(' ').join(' .') }), 'unknown-attribute');
    delete attrs.class;
  }
  for (const k of Object.keys(attrs)) {
    if (STEP_ATTRS[kind].includes(k)) continue;
    const elsewhere = STEP_KINDS.filter((sk) => STEP_ATTRS[sk].includes(k));
    const allowed = STEP_ATTRS[kind].filter((a) => a !== 'id').join(', ');
    ctx.report(ctx.attrPos(node, k), 'error', elsewhere.length
      ? msg('attr.otherKind', { key: k, kind, kinds: elsewhere.join(', '), allowed })
      : msg('attr.unknown', { key: k, kind, suggestion: suggestMsg(k, STEP_ATTRS[kind]), allowed }), 'unknown-attribute');
  }
}

export interface StepSettings {
  retries: number;
  capturePosition?: Position;
  /** As written; undefined when absent or invalid (the caller applies the defaults). */
  timeoutMs?: number;
  intervalMs?: number;
}

/** The values of a step's settings, each checked where it stands. */
export function readStepSettings(ctx: ParseContext, node: DirectiveNode, kind: StepKind, attrs: Record<string, string>): StepSettings {
  const durationOf = (k: string): number | undefined => {
    if (attrs[k] === undefined) return undefined;
    const ms = parseDuration(attrs[k]!);
    if (ms === undefined || ms <= 0) {
      ctx.report(ctx.attrPos(node, k, 'value'), 'error', msg('attr.badDuration', { key: k, value: attrs[k]! }), 'attribute-value');
      return undefined;
    }
    return ms;
  };
  let retries = 0;
  if (attrs.retries !== undefined) {
    const r = Number(attrs.retries);
    if (!/^\d+$/.test(attrs.retries.trim()) || !Number.isInteger(r) || r < 0 || r > 100) {
      ctx.report(ctx.attrPos(node, 'retries', 'value'), 'error', msg('attr.badRetries', { value: attrs.retries }), 'attribute-value');
    } else retries = r;
  }
  let capturePosition: Position | undefined;
  if (attrs.capture !== undefined) {
    capturePosition = ctx.attrPos(node, 'capture', 'value');
    if (!CAPTURE_RE.test(attrs.capture)) {
      const fixed = attrs.capture.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^(?=\d)/, '_');
      ctx.report(capturePosition, 'error', fixed && CAPTURE_RE.test(fixed) ? msg('attr.badCaptureFix', { value: attrs.capture, fixed }) : msg('attr.badCapture', { value: attrs.capture }), 'attribute-value');
    } else if (protectedEnv(attrs.capture) || protectedEnv(attrs.capture.toUpperCase())) {
      ctx.report(capturePosition, 'error', msg('attr.captureReserved', { value: attrs.capture }), 'attribute-value');
    }
  }
  if (attrs.expect !== undefined) {
    try {
      new RegExp(attrs.expect, 'm');
    } catch (e) {
      ctx.report(ctx.attrPos(node, 'expect', 'value'), 'error', msg('attr.badExpect', { value: attrs.expect, detail: (e as Error).message.replace(/^Invalid regular expression: /, '') }), 'attribute-value');
    }
  }
  if (attrs.cwd !== undefined && attrs.cwd.trim() === '') {
    ctx.report(ctx.attrPos(node, 'cwd', 'value'), 'error', msg('attr.emptyCwd'), 'attribute-value');
  }
  const timeoutMs = durationOf('timeout');
  const intervalMs = kind === 'wait' ? durationOf('interval') : undefined;
  if (kind === 'wait' && intervalMs !== undefined && (timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS) < intervalMs) {
    ctx.report(ctx.attrPos(node, 'interval', 'value'), 'warning', msg('attr.intervalTooLong', { interval: attrs.interval!, timeout: attrs.timeout ?? '10m' }), 'attribute-value');
  }
  return { retries, capturePosition, timeoutMs, intervalMs };
}
