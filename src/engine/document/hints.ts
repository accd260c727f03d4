// Wording help for diagnostics: "did you mean" suggestions, and slugs to propose as ids.
import { msg } from '../../i18n/lint-text.js';
import type { LintMessage } from './model.js';

/** A lower-case id made of letters, digits and "-" from any text; empty when nothing is left. */
export function slugify(s: string): string {
  return s.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '');
}

/** `; did you mean "x"?` when a known word is within two edits of `word`. */
export function suggest(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase(), bestD);
    if (d < bestD) { bestD = d; best = k; }
  }
  return best !== undefined && best !== word && word.length > 1 ? ` (did you mean "${best}"?)` : '';
}

/** suggest() as a lint message fragment: `hint.didYouMean` with the word, or '' when there is none. */
export function suggestMsg(word: string, known: readonly string[]): LintMessage | '' {
  const s = suggest(word, known);
  const m = / \(did you mean "(.*)"\?\)$/.exec(s);
  return m ? msg('hint.didYouMean', { word: m[1]! }) : '';
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  if (a.length > 64 || b.length > 64) return max;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
