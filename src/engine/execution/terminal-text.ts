// One line of a step's output made harmless for the operator's terminal, as `less -R` and CI log
// viewers do: colour (SGR) is kept and reset at the end of the line; every other escape sequence
// (OSC: window title, clipboard OSC 52, hyperlinks; cursor moves, screen clears, DCS/APC) and
// control character is dropped; a bare carriage return keeps only what follows it (the last state
// of a progress bar), so no step can overwrite the runner's own lines or print a fake status over
// them. Used for every output line both faces receive; the log keeps the exact bytes.

/** Anything that may need work: C0 controls but tab, DEL and C1 controls. */
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
/**
 * In this order: CSI (ESC [ or U+009B, parameters, final byte), OSC/DCS/SOS/PM/APC strings (up to
 * BEL or ST, or the end of the line), other escapes, and single control characters.
 */
const SEQUENCE = /(?:\x1b\[|\x9b)([0-?]*)[ -/]*([@-~]?)|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?|[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;
/** Select Graphic Rendition: colours and text attributes, nothing else. */
const SGR_PARAMS = /^[0-9;:]*$/;
const RESET = '\x1b[0m';
/** The same test for a text of many lines (newlines are fine there). */
const UNSAFE_IN_TEXT = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** Does any line of this text need safeLine? One scan of a chunk instead of one per line. */
export function needsCleaning(text: string): boolean {
  return UNSAFE_IN_TEXT.test(text);
}

export function safeLine(line: string): string {
  if (!UNSAFE.test(line)) return line;
  const body = line.endsWith('\r') ? line.replace(/\r+$/, '') : line;
  const cr = body.lastIndexOf('\r');
  const shown = cr >= 0 ? body.slice(cr + 1) : body;
  let coloured = false;
  const s = shown.replace(SEQUENCE, (seq: string, params: string | undefined, final: string | undefined) => {
    if (final === 'm' && seq.startsWith('\x1b[') && SGR_PARAMS.test(params!)) {
      coloured = true;
      return seq;
    }
    return '';
  });
  return coloured ? s + RESET : s;
}
