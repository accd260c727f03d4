// Bounded memory and bounded frame rate for steps that print a lot.
//
// LineRing keeps the last `capacity` lines of output (older lines are dropped; the full output is in
// the step's log file), so memory stays flat however much a step prints. FrameThrottle coalesces
// any number of change notifications into at most one flush per interval (50 ms: ≤ 20 frames a
// second), so tens of thousands of 'output' events a second cost one re-render per frame.
import { sanitizeLine } from './text.js';

export const OUTPUT_CAPACITY = 2000;

export class LineRing {
  private buf: string[];
  private head = 0;
  private size = 0;
  /** Lines pushed since the last clear (including dropped ones). */
  total = 0;
  /** Bumped on every change; cheap change detection for renderers. */
  version = 0;

  constructor(readonly capacity = OUTPUT_CAPACITY) {
    this.buf = new Array<string>(capacity);
  }

  push(raw: string): void {
    const line = sanitizeLine(raw);
    const at = (this.head + this.size) % this.capacity;
    this.buf[at] = line;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
    this.total++;
    this.version++;
  }

  /** Many lines at once: only the last `capacity` are kept, so only those are sanitized. */
  pushAll(lines: string[]): void {
    const kept = lines.length > this.capacity ? lines.slice(-this.capacity) : lines;
    for (const line of kept) this.push(line);
    this.total += lines.length - kept.length;
  }

  clear(): void {
    this.buf = new Array<string>(this.capacity);
    this.head = 0;
    this.size = 0;
    this.total = 0;
    this.version++;
  }

  get length(): number {
    return this.size;
  }

  /** Lines dropped from the front because of the capacity. */
  get dropped(): number {
    return this.total - this.size;
  }

  /** The i-th kept line, 0 = oldest. */
  at(i: number): string {
    return this.buf[(this.head + i) % this.capacity]!;
  }

  /** Up to `n` lines ending `fromEnd` lines before the newest, oldest first. */
  tail(n: number, fromEnd = 0): string[] {
    const end = Math.max(0, Math.min(this.size, this.size - fromEnd));
    const start = Math.max(0, end - n);
    const out: string[] = [];
    for (let i = start; i < end; i++) out.push(this.at(i));
    return out;
  }
}

/** Runs `flush` at most once per `intervalMs`, after any number of `request()` calls. */
export class FrameThrottle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = 0;
  private disposed = false;

  constructor(
    private readonly flush: () => void,
    readonly intervalMs = 50,
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
