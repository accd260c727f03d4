// Where a runbook can be cut into pieces that the markdown parser reads independently with the same
// result as reading the whole (test/chunked-parse.test.ts proves it on every fixture and on random
// documents). The parser is faster and far lighter on many small inputs than on one large one.
//
// A cut is made only before a line that starts at column 0 after a blank line, outside every block
// that can span a blank line at the top level: front matter, fenced code, container directives and
// HTML blocks of kinds 1-5. Such a line ends any list, quote, paragraph or indented code before it.
// Documents whose reading depends on more than that (link reference definitions, which act across the
// whole document; fences indented 1-3 columns inside lists) are not cut at all.

/** Cut points (line-start offsets), at most one per `minChunk` characters; empty: read the whole document. */
export function chunkCuts(source: string, minChunk: number): number[] {
  if (source.includes('\r') || hasDefinition(source)) return [];
  const cuts: number[] = [];
  let start = frontMatterEnd(source);
  if (start < 0) return [];
  const state = new BlockState();
  let lastCut = 0;
  let prevBlank = false;
  while (start < source.length) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    const line = source.slice(start, end);
    const blank = line.trim() === '';
    if (!blank && prevBlank && state.closed() && start - lastCut >= minChunk && startsFresh(line)) {
      cuts.push(start);
      lastCut = start;
    }
    if (!state.read(line)) return [];
    prevBlank = blank;
    start = end + 1;
  }
  return cuts;
}

/**
 * A line at column 0 that is neither a list item (which may continue a list), a stray closer, nor a
 * line of dashes (which would open a front matter at the start of a piece).
 */
function startsFresh(line: string): boolean {
  return /^[^\s]/.test(line) && !LIST_MARKER.test(line) && !/^:{3,}[ \t]*$/.test(line) && !line.startsWith('---');
}

const LIST_MARKER = /^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const CONTAINER_OPEN = /^(:{3,})[A-Za-z]/;
const CONTAINER_CLOSE = /^(:{3,})[ \t]*$/;
/** HTML blocks that may span blank lines (CommonMark kinds 1-5): how each starts and what ends it. */
const HTML_BLOCKS: [RegExp, RegExp][] = [
  [/^<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^<!--/, /-->/],
  [/^<\?/, /\?>/],
  [/^<![A-Za-z]/, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
];

/** What is open at the top level while the lines are read in order. */
class BlockState {
  private fence: { ch: string; len: number } | undefined;
  private readonly containers: number[] = [];
  private htmlEnd: RegExp | undefined;
  /** An HTML block ended only by a blank line may have started: its lines are not markup of their own. */
  private maybeHtml = false;
  /** Since a list item, until a line at column 0 after a blank line: a fence indented 1-3 columns may belong to the item. */
  private inList = false;
  /**
   * A fence or container opened inside a list item, quote or indented block: it ends with that block at
   * the latest, which a line at column 0 after a blank line ends; unclosed there, it would reach to the
   * end of a piece instead (other end positions), so no cut before then.
   */
  private nested = false;
  private prevBlank = false;

  closed(): boolean {
    return !this.fence && !this.htmlEnd && !this.nested && this.containers.length === 0;
  }

  /** Take one line into account; false when the document's reading cannot be followed line by line. */
  read(line: string): boolean {
    const blank = line.trim() === '';
    try {
      return this.readLine(line, blank);
    } finally {
      this.prevBlank = blank;
    }
  }

  private readLine(line: string, blank: boolean): boolean {
    if (this.htmlEnd) {
      if (this.htmlEnd.test(line)) this.htmlEnd = undefined;
      return true;
    }
    if (blank) {
      this.maybeHtml = false;
      if (!this.fence) return true;
    }
    const indent = /^ */.exec(line)![0].length;
    const tabbed = line[indent] === '\t';
    const rest = line.slice(indent);
    if (this.fence) return tabbed || indent >= 4 ? true : this.readInFence(rest);
    if (indent === 0 && !tabbed && this.prevBlank) this.nested = false;
    // A marker in a list item, a quote or an indented block: nested (see above).
    const listItem = LIST_MARKER.exec(line);
    if (listItem || tabbed || indent >= 4 || rest.startsWith('>')) {
      if (listItem) this.inList = true;
      if (/(?:`{3,}|~{3,}|:{3,}|<)/.test(line)) this.nested = true;
      return true;
    }
    if (indent === 0 && this.prevBlank) this.inList = false;
    const marks = FENCE.test(rest) || CONTAINER_OPEN.test(rest) || CONTAINER_CLOSE.test(rest) || rest.startsWith('<');
    if (!marks) return true;
    if ((indent > 0 && this.inList) || this.maybeHtml) return false;
    return this.readMark(rest);
  }

  private readInFence(rest: string): boolean {
    const fence = this.fence!;
    const m = FENCE.exec(rest);
    if (m && m[1]![0] === fence.ch && m[1]!.length >= fence.len && m[2]!.trim() === '') {
      this.fence = undefined;
      return true;
    }
    // The closing line of a container around the fence also ends the fence.
    const close = CONTAINER_CLOSE.exec(rest);
    if (close && this.closeContainers(close[1]!.length)) this.fence = undefined;
    return true;
  }

  /**
   * A line of `colons` colons closes the outermost open container with no more colons than that, and
   * everything inside it (containers check for their closing line from the outside in).
   */
  private closeContainers(colons: number): boolean {
    const i = this.containers.findIndex((n) => n <= colons);
    if (i < 0) return false;
    this.containers.length = i;
    return true;
  }

  private readMark(rest: string): boolean {
    const fence = FENCE.exec(rest);
    if (fence) {
      if (fence[1]![0] === '`' && fence[2]!.includes('`')) return true; // inline code, not a fence
      this.fence = { ch: fence[1]![0]!, len: fence[1]!.length };
      return true;
    }
    const open = CONTAINER_OPEN.exec(rest);
    if (open) { this.containers.push(open[1]!.length); return true; }
    const close = CONTAINER_CLOSE.exec(rest);
    if (close) {
      this.closeContainers(close[1]!.length);
      return true;
    }
    const html = HTML_BLOCKS.find(([s]) => s.test(rest));
    if (!html) this.maybeHtml = true;
    else if (!html[1].test(rest)) this.htmlEnd = html[1];
    return true;
  }
}

/** Offset after the front matter (0 without one); -1 when its end cannot be told. */
function frontMatterEnd(source: string): number {
  const first = /^---[ \t]*\n/.exec(source);
  if (!first) return 0;
  const close = /^---[ \t]*$/m;
  close.lastIndex = 0;
  const rest = source.slice(first[0].length);
  const m = close.exec(rest);
  if (!m) return -1;
  const end = source.indexOf('\n', first[0].length + m.index);
  return end < 0 ? source.length : end + 1;
}

/**
 * A link reference definition (`[label]: destination`) acts across the whole document, so a document
 * that may hold one is read whole: any line starting with "[" (after quote or list markers) whose
 * block holds "]:".
 */
function hasDefinition(source: string): boolean {
  const starts = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*\[/gm;
  for (let m = starts.exec(source); m; m = starts.exec(source)) {
    const blockEnd = source.indexOf('\n\n', m.index);
    if (source.slice(m.index, blockEnd < 0 ? source.length : blockEnd).includes(']:')) return true;
  }
  return false;
}
