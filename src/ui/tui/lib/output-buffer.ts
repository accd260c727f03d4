// Bounded memory and bounded frame rate for steps that print a lot.
//
// LineRing keeps the last `capacity` lines of output (older lines are dropped; the full output is in
// the step's log file), so memory stays flat however much a step prints, and only the lines shown are
// ever read. FrameThrottle coalesces any number of change notifications into at most one flush per
// interval (hooks/use-run-model: FRAME_MS), so tens of thousands of 'output' events a second cost one
// re-render per frame.
import { sanitizeLine } from './text.js';

export const OUTPUT_CAPACITY = 2000;

export class LineRing implements LineSource {
  /**
   * The texts as they came (an 'output' event's text: lines each ended by a newline) with their
   * number of lines, oldest first; texts before `head` and the first `skip` lines of `texts[head]`
   * are dropped.
   */
  private texts: { text: string; lines: number }[] = [];
  private head = 0;
  private skip = 0;
  private size = 0;
  /** Lines pushed since the last clear (including dropped ones). */
  total = 0;

  constructor(readonly capacity = OUTPUT_CAPACITY) {}

  /**
   * The lines of one chunk of output, kept as the text they came in: nothing is split or made safe
   * until shown (a 64 MB flood is 640,000 lines, of which a frame shows forty).
   */
  pushText(text: string): void {
    const lines = countLines(text);
    if (lines === 0) return;
    this.texts.push({ text, lines });
    this.size += lines;
    this.total += lines;
    this.dropOverflow();
  }

  private dropOverflow(): void {
    while (this.size > this.capacity) {
      const left = this.texts[this.head]!.lines - this.skip;
      const over = this.size - this.capacity;
      if (over < left) {
        this.skip += over;
        this.size -= over;
        break;
      }
      this.texts[this.head++] = { text: '', lines: 0 };
      this.skip = 0;
      this.size -= left;
    }
    // Forget dropped texts now and then, not on every push.
    if (this.head > 64 && this.head * 2 > this.texts.length) {
      this.texts = this.texts.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.texts = [];
    this.head = 0;
    this.skip = 0;
    this.size = 0;
    this.total = 0;
  }

  get length(): number {
    return this.size;
  }

  /** Lines dropped from the front because of the capacity. */
  get dropped(): number {
    return this.total - this.size;
  }

  /** Up to `n` lines ending `fromEnd` lines before the newest, oldest first, made safe to lay out. */
  tail(n: number, fromEnd = 0): string[] {
    const end = Math.max(0, Math.min(this.size, this.size - fromEnd));
    let want = Math.min(n, end);
    let skipNewest = this.size - end;
    const out: string[] = [];
    for (let t = this.texts.length - 1; t >= this.head && want > 0; t--) {
      const { text, lines } = this.texts[t]!;
      let kept = lines - (t === this.head ? this.skip : 0);
      // `stop` is the newline that ends the next line to read, walking back from the text's end.
      let stop = text.length - 1;
      for (; skipNewest > 0 && kept > 0; skipNewest--, kept--) stop = newlineBefore(text, stop);
      for (; want > 0 && kept > 0; want--, kept--) {
        const start = newlineBefore(text, stop) + 1;
        out.push(sanitizeLine(text.slice(start, stop)));
        stop = start - 1;
      }
    }
    return out.reverse();
  }
}

/** The last newline before `at`, or -1 (lastIndexOf would look at 0 for an `at` of 0). */
function newlineBefore(text: string, at: number): number {
  return at > 0 ? text.lastIndexOf('\n', at - 1) : -1;
}

/** The lines of a text of lines each ended by a newline: a search per line, no array. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Runs `flush` at most once per `intervalMs`, after any number of `request()` calls; the interval
 * after a flush is `stretch()` times longer (measured when the flush runs). Timed by the monotonic
 * clock: a wall clock stepped back an hour would hold the screen for that hour.
 */
export class FrameThrottle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last flush ran (performance.now()); undefined before the first. */
  private last: number | undefined;
  private factor = 1;
  private disposed = false;

  constructor(
    private readonly flush: () => void,
    readonly intervalMs: number,
    private readonly stretch: () => number = () => 1,
  ) {}

  request(): void {
    if (this.timer || this.disposed) return;
    const wait = this.last === undefined ? 0 : Math.max(0, this.last + this.intervalMs * this.factor - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = performance.now();
      this.factor = this.stretch();
      if (!this.disposed) this.flush();
    }, wait);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** What an output pane shows: the live ring, or lines read back from logs. */
export interface LineSource {
  readonly length: number;
  readonly total: number;
  readonly dropped: number;
  tail(n: number, fromEnd?: number): string[];
}

/** Fixed lines (a log read back) as a LineSource. */
export class FixedLines implements LineSource {
  constructor(private readonly lines: readonly string[]) {}
  get length(): number {
    return this.lines.length;
  }
  get total(): number {
    return this.lines.length;
  }
  get dropped(): number {
    return 0;
  }
  tail(n: number, fromEnd = 0): string[] {
    const end = Math.max(0, this.lines.length - fromEnd);
    return this.lines.slice(Math.max(0, end - n), end).map(sanitizeLine);
  }
}
