// Output lines as the plain face prints them: each after a prefix, each ending in a newline, as
// UTF-8 bytes. Joined as plain text and encoded once, then prefixed by copying bytes: joining them
// around the prefix itself ('│' is not Latin-1) makes V8 build a two-byte string out of one-byte
// lines, which took 0.8 s of a 64 MB flood against 0.2 s this way.

/**
 * Lines shorter than this are copied byte by byte: Buffer#copy costs more per call than a short loop
 * (`yes`, 49 million one-byte lines: 4.6 s with two copy() calls a line, 1.2 s so).
 */
const SHORT_LINE = 64;

/** `prefix + line + '\n'` for every line, as bytes; no line holds a newline. */
export function prefixLines(lines: readonly string[], prefix: Buffer): Buffer {
  const body = Buffer.from(lines.join('\n'));
  const out = Buffer.allocUnsafe(body.length + 1 + lines.length * prefix.length);
  let at = 0;
  for (let pos = 0; ; ) {
    for (let i = 0; i < prefix.length; i++) out[at++] = prefix[i]!;
    const nl = body.indexOf(10, pos);
    const end = nl < 0 ? body.length : nl;
    if (end - pos < SHORT_LINE) for (let i = pos; i < end; i++) out[at++] = body[i]!;
    else at += body.copy(out, at, pos, end);
    out[at++] = 10;
    if (nl < 0) return out;
    pos = nl + 1;
  }
}
