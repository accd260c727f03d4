// Secret values live in memory only. Every byte the runner shows or stores passes through a
// Masker, which replaces each secret by `***` even when a value arrives split across output chunks.
import type { ParamDef } from '../document/model.js';
import type { ParamValues } from '../plan/params.js';

export const MASK = '***';

export class Secrets {
  /** Longest first, so that a secret containing another one is masked whole. */
  private readonly values: string[];
  readonly maxLength: number;

  constructor(values: Iterable<string>) {
    const set = new Set<string>();
    for (const v of values) {
      if (!v) continue;
      set.add(v);
      // A multi-line secret reaches line-based output one line at a time: mask each line too.
      if (v.includes('\n')) for (const line of v.split(/\r?\n/)) if (line.trim()) set.add(line);
    }
    this.values = [...set].sort((a, b) => b.length - a.length);
    this.maxLength = this.values[0]?.length ?? 0;
  }

  static fromParams(defs: ParamDef[], values: ParamValues): Secrets {
    return new Secrets(defs.filter((d) => d.type === 'secret' && typeof values[d.name] === 'string').map((d) => values[d.name] as string));
  }

  get empty(): boolean {
    return this.values.length === 0;
  }

  /** Mask a complete text (a message, a reason, a file name). */
  mask(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(MASK);
    return out;
  }

  /** Length of the longest suffix of `text` that could be the start of a secret. */
  partialSuffix(text: string): number {
    let best = 0;
    for (const v of this.values) {
      for (let i = Math.max(0, text.length - v.length + 1); i < text.length - best; i++) {
        if (text.charCodeAt(i) === v.charCodeAt(0) && v.startsWith(text.slice(i))) { best = text.length - i; break; }
      }
    }
    return best;
  }

  /** A masking filter for one output stream. */
  stream(): MaskingStream {
    return new MaskingStream(this);
  }
}

/**
 * Masks a stream of text chunks. It holds back only a tail that could be the beginning of a
 * secret (at most the longest secret's length minus one), so output is delayed only then.
 */
export class MaskingStream {
  private carry = '';
  constructor(private readonly secrets: Secrets) {}

  push(chunk: string): string {
    if (this.secrets.empty) return chunk;
    const masked = this.secrets.mask(this.carry + chunk);
    const hold = this.secrets.partialSuffix(masked);
    this.carry = masked.slice(masked.length - hold);
    return masked.slice(0, masked.length - hold);
  }

  /** The held-back tail at the end of the stream (it cannot hold a whole secret). */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}

/** Param values for the record: secrets left out entirely. */
export function withoutSecrets(defs: ParamDef[], values: ParamValues): ParamValues {
  const secret = new Set(defs.filter((d) => d.type === 'secret').map((d) => d.name));
  return Object.fromEntries(Object.entries(values).filter(([k]) => !secret.has(k)));
}

/** Param values to show: secrets as `***`. */
export function redacted(defs: ParamDef[], values: ParamValues): ParamValues {
  const secret = new Set(defs.filter((d) => d.type === 'secret').map((d) => d.name));
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secret.has(k) ? MASK : v]));
}
