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
   * The batches as they came (an 'output' event's array, never changed by anyone), oldest first;
   * batches before `head` and the first `skip` lines of `batches[head]` are dropped.
   */
  private batches: (readonly string[])[] = [];
  private head = 0;
  private skip = 0;
  private size = 0;
  /** Lines pushed since the last clear (including dropped ones). */
  total = 0;

  constructor(readonly capacity = OUTPUT_CAPACITY) {}

  push(raw: string): void {
    this.pushAll([raw]);
  }

  /**
   * Many lines at once, kept as the batch they came in: nothing is read or made safe until shown
   * (a 64 MB flood is 640,000 lines, of which a frame shows forty).
   */
  pushAll(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.batches.push(lines);
    this.size += lines.length;
    this.total += lines.length;
    this.dropOverflow();
  }

  private dropOverflow(): void {
    while (this.size > this.capacity) {
      const left = this.batches[this.head]!.length - this.skip;
      const over = this.size - this.capacity;
      if (over < left) {
        this.skip += over;
        this.size -= over;
        break;
      }
      this.batches[this.head++] = [];
      this.skip = 0;
      this.size -= left;
    }
    // Forget dropped batches now and then, not on every push.
    if (this.head > 64 && this.head * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.batches = [];
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
    for (let b = this.batches.length - 1; b >= this.head && want > 0; b--) {
      const batch = this.batches[b]!;
      const first = b === this.head ? this.skip : 0;
      let i = batch.length;
      const over = Math.min(skipNewest, i - first);
      i -= over;
      skipNewest -= over;
      for (; i > first && want > 0; want--) out.push(sanitizeLine(batch[--i]!));
    }
    return out.reverse();
  }
}

/** Runs `flush` at most once per `intervalMs`, after any number of `request()` calls. */
export class FrameThrottle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = 0;
  private disposed = false;

  constructor(
    private readonly flush: () => void,
    readonly intervalMs: number,
  ) {}

  request(): void {
    if (this.timer || this.disposed) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = Date.now();
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
