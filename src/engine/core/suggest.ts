// "Did you mean …?": the known names nearest to a mistyped one, by edit distance (like git's).
import leven from 'leven';

/**
 * Up to `max` candidates within a distance that grows with the length of the name (a third of it,
 * at least 2) and at most one more than the nearest's, nearest first; a candidate the input is a
 * prefix of counts as distance 1.
 */
export function nearest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const typed = input.toLowerCase();
  const limit = Math.max(2, Math.floor(typed.length / 3));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    if (c === input) continue;
    const lower = c.toLowerCase();
    const d = typed.length >= 2 && lower.startsWith(typed) ? 1 : leven(typed, lower);
    if (d <= limit) scored.push([c, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  // Only the nearest ones: a far candidate next to a near one is noise.
  const best = scored[0]?.[1] ?? 0;
  return scored.filter(([, d]) => d <= best + 1).slice(0, max).map(([c]) => c);
}
