// Small helpers that turn plain text into markdown that shows it literally.

export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Plain text → inline markdown that shows it literally. */
export function escapeInline(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>&#|~]/g, '\\$&');
}

/** Plain text → a code span that shows it literally. */
export function codeSpan(s: string): string {
  const text = s.replace(/\r?\n/g, ' ');
  if (text === '') return '`""`';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A duration as a runbook author writes it (`interval=30s`, `timeout=1h30m`): exact, so that the rendered
 * document shows the value the runner uses (core/clock's formatDuration rounds, for elapsed times).
 */
export function durationAttr(ms: number): string {
  const units: [number, string][] = [[3_600_000, 'h'], [60_000, 'm'], [1000, 's']];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  if (ms < 1000) return `${ms}ms`;
  let rest = ms;
  let out = '';
  for (const [size, unit] of units) if (rest >= size) { out += `${Math.floor(rest / size)}${unit}`; rest %= size; }
  return rest ? `${out}${rest}ms` : out;
}

/** NUL and U+0001 cannot be in a text runbook (parse.ts replaces them too); they are the splicer's markers. */
export function cleanSource(source: string): string {
  return /[\u0000\u0001]/.test(source) ? source.replace(/[\u0000\u0001]/g, '\uFFFD') : source;
}
