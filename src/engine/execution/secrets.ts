// Secret values live in memory only. Every byte the runner shows or stores passes through a
// masker, which replaces each secret by `***`: as written, in base64 (standard and URL-safe, also
// inside a longer base64 text, as `kubectl get secret -o yaml` prints it) and URL-encoded; also
// when a line break falls inside it (a wrapped base64 text, a folded line) and when it arrives in
// pieces, across output chunks or split between stdout and stderr. One regular expression per
// set of secrets, built once: masking costs one scan of each chunk, not one per secret or line.
import type { ParamDef } from '../document/model.js';
import type { ParamValues } from '../plan/params.js';

export const MASK = '***';
/** Shorter values are not masked: masking every "a" would give the secret away by what it hides. */
export const MIN_SECRET_LENGTH = 4;
/** Line breaks a secret's text may be cut by in output (a wrapped or folded line). */
const BREAK = '[\\r\\n]{0,2}';
const BREAK_CHARS = /[\r\n]/g;

/** Secret params whose value is too short to be masked (warn when it is given). */
export function shortSecrets(defs: ParamDef[], values: ParamValues): string[] {
  return defs.filter((d) => d.type === 'secret' && typeof values[d.name] === 'string' && isShort(values[d.name] as string)).map((d) => d.name);
}

/** A value too short to be masked as a secret. */
export function isShort(v: string): boolean {
  return [...v.replace(BREAK_CHARS, '')].length < MIN_SECRET_LENGTH;
}

/**
 * The forms of a secret to mask, as text: the value, each line of a multi-line value, its
 * URL encodings and its base64 forms. A base64 form is the part of the encoding that depends on
 * the secret alone, for each of the 3 byte offsets it can start at in a longer text.
 */
export function secretForms(value: string): string[] {
  const out = new Set<string>();
  const texts = [value, ...(value.includes('\n') ? value.split(/\r?\n/) : [])].filter((t) => !isShort(t));
  for (const text of texts) {
    out.add(text);
    const url = encodeURIComponent(text);
    out.add(url);
    out.add(url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
    out.add(url.replace(/%20/g, '+'));
    for (const core of base64Cores(Buffer.from(text, 'utf8'))) {
      out.add(core);
      out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...out].map((f) => f.replace(BREAK_CHARS, '')).filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** The base64 characters fixed by `bytes` alone when they start 0, 1 or 2 bytes into a 3-byte group. */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let k = 0; k < 3; k++) {
    const total = k + bytes.length;
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const skip = [0, 2, 3][k]!;
    const end = 4 * Math.floor(total / 3) + (total % 3);
    cores.push(b64.slice(skip, end));
  }
  return cores;
}

export class Secrets {
  /** Forms as text (for messages) and as the latin1 image of their UTF-8 bytes (for output). */
  private readonly text: Matcher | undefined;
  readonly bytes: Matcher | undefined;

  constructor(values: Iterable<string>) {
    const forms = new Set<string>();
    for (const v of values) if (v && !isShort(v)) for (const f of secretForms(v)) forms.add(f);
    this.text = forms.size ? new Matcher([...forms]) : undefined;
    this.bytes = forms.size ? new Matcher([...forms].map((f) => Buffer.from(f, 'utf8').toString('latin1'))) : undefined;
  }

  static fromParams(defs: ParamDef[], values: ParamValues): Secrets {
    return new Secrets(defs.filter((d) => d.type === 'secret' && typeof values[d.name] === 'string').map((d) => values[d.name] as string));
  }

  get empty(): boolean {
    return this.text === undefined;
  }

  /** Mask a complete text (a message, a reason, a file name). */
  mask(text: string): string {
    return this.text ? text.replace(this.text.pattern, MASK) : text;
  }

  /** Does a text hold a secret in any of its forms? */
  found(text: string): boolean {
    if (!this.text) return false;
    this.text.pattern.lastIndex = 0;
    return this.text.pattern.test(text);
  }
}

/** One pattern for all forms, longest first, each allowed to be cut by line breaks. */
export class Matcher {
  readonly pattern: RegExp;
  private readonly forms: string[];
  private readonly firsts: Set<string>;
  /** A partial match may be this long at most (each character followed by a line break). */
  readonly window: number;

  constructor(forms: string[]) {
    this.forms = [...new Set(forms)].sort((a, b) => b.length - a.length);
    this.firsts = new Set(this.forms.map((f) => f[0]!));
    this.pattern = new RegExp(this.forms.map((f) => [...f].map(escape).join(BREAK)).join('|'), 'g');
    this.window = 3 * this.forms[0]!.length;
  }

  /** Length of the longest suffix of `text` that could be the start of a form (cut by line breaks or not). */
  partialSuffix(text: string): number {
    const from = Math.max(0, text.length - this.window);
    for (let i = from; i < text.length; i++) {
      if (!this.firsts.has(text[i]!)) continue;
      for (const f of this.forms) if (startsPartly(text, i, f)) return text.length - i;
    }
    return 0;
  }
}

/** Does text[i..] run out while still matching `form` (line breaks inside skipped)? */
function startsPartly(text: string, i: number, form: string): boolean {
  let k = 0;
  let breaks = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j]!;
    if (k > 0 && (c === '\n' || c === '\r') && breaks < 2) { breaks++; continue; }
    if (c !== form[k]) return false;
    k++;
    breaks = 0;
    if (k === form.length) return false; // a whole form: masked already
  }
  return true;
}

function escape(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/**
 * Masks one stream of output given as latin1 text (one char per byte), holding back only a tail
 * that could be the beginning of a secret: output is delayed only then.
 */
export class OutputMasker {
  private carry = '';

  constructor(private readonly matcher: Matcher | undefined) {}

  push(text: string): string {
    if (!this.matcher) return text;
    const masked = (this.carry + text).replace(this.matcher.pattern, MASK);
    const hold = this.matcher.partialSuffix(masked);
    this.carry = masked.slice(masked.length - hold);
    return masked.slice(0, masked.length - hold);
  }

  /** What is held back now: the start of a secret, perhaps, that the other stream may continue. */
  get held(): string {
    return this.carry;
  }

  /** Whatever is held at the end (it cannot hold a whole secret). */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}

/** Where the first form in `text` starts and ends. */
export function firstMatch(matcher: Matcher, text: string): [number, number] | undefined {
  matcher.pattern.lastIndex = 0;
  const m = matcher.pattern.exec(text);
  return m ? [m.index, m.index + m[0].length] : undefined;
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
