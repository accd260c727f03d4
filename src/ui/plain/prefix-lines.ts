// Output lines as the plain face prints them: each after a prefix, as UTF-8 bytes, made without an
// array of lines. Two ways, each the faster for its kind of output (a micro-benchmark, 64 MB of
// 100-byte lines and 100 MB of one-byte ones):
// - lines of some length: as Latin-1 text (one byte a character, so that V8 keeps a one-byte string
//   and searches it natively; joined around '│', which is not Latin-1, the lines became a two-byte
//   string, 0.8 s of a 64 MB flood), the prefix put in by replaceAll: 106 ms and 4 s;
// - short lines (a `yes`-like flood): a pass over the bytes: 294 ms and 650 ms.

/** Lines shorter than this on average go byte by byte. */
const SHORT_LINE = 48;
/** How much of a text is looked at to tell its lines' length. */
const SAMPLE = 4096;

/** `prefix + line + '\n'` for every line of `text` (lines each ended by a newline), as bytes. */
export function prefixLines(text: string, prefix: Buffer): Buffer {
  const body = Buffer.from(text);
  return shortLines(text) ? prefixByBytes(body, prefix) : prefixAsLatin1(body, prefix);
}

function shortLines(text: string): boolean {
  const sample = Math.min(text.length, SAMPLE);
  let lines = 0;
  for (let i = 0; i < sample; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines * SHORT_LINE >= sample;
}

function prefixAsLatin1(body: Buffer, prefix: Buffer): Buffer {
  const p = prefix.toString('latin1');
  const lines = body.toString('latin1');
  return Buffer.from(`${p}${lines.slice(0, -1).replaceAll('\n', `\n${p}`)}\n`, 'latin1');
}

function prefixByBytes(body: Buffer, prefix: Buffer): Buffer {
  let lines = 0;
  for (let i = 0; i < body.length; i++) if (body[i] === 10) lines++;
  const out = Buffer.allocUnsafe(body.length + lines * prefix.length);
  let at = 0;
  let lineStart = true;
  for (let i = 0; i < body.length; i++) {
    if (lineStart) for (let k = 0; k < prefix.length; k++) out[at++] = prefix[k]!;
    const byte = body[i]!;
    out[at++] = byte;
    lineStart = byte === 10;
  }
  return out;
}
