// Keys that arrive together (two Backspaces, "text + Enter + Enter" over a slow SSH link) reach the
// terminal UI as one read. Ink hands such a read to the input handlers as one string, which a field
// cannot take apart reliably, and a second Enter would hit a screen the first one already left.
// KeyPacer stands between the terminal and Ink: it splits every read into single keys and hands them
// over one at a time, each once React has rendered what the one before changed and subscribed the
// new screen's key handlers (see pump()), so each key meets the screen its predecessor produced.
// A bracketed paste (ESC[200~ … ESC[201~) stays one piece of text, its line breaks made spaces.
import { EventEmitter } from 'node:events';
import { unstable_scheduleCallback, unstable_NormalPriority } from 'scheduler';
import { graphemes } from './lib/text.js';
import { holdingKeys } from './lib/key-priority.js';

export const PASTE_ON = '\x1b[?2004h';
export const PASTE_OFF = '\x1b[?2004l';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** Forward Delete (ESC[3~) is handed on as Ctrl-D: Ink reports it like Backspace otherwise. */
const FORWARD_DELETE = '\x1b[3~';

/**
 * Single keys of a read, in order; what is left incomplete at its end (an unfinished escape sequence
 * or paste) is returned as `rest` to be completed by the next read.
 */
export function splitKeys(data: string): { keys: string[]; rest: string } {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    if (data.startsWith(PASTE_START, i)) {
      const end = data.indexOf(PASTE_END, i + PASTE_START.length);
      if (end < 0) return { keys, rest: data.slice(i) };
      const text = data.slice(i + PASTE_START.length, end).replace(/\r\n|\r|\n|\t/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
      if (text) keys.push(text);
      i = end + PASTE_END.length;
      continue;
    }
    if (data[i] === '\x1b') {
      const seq = escapeSequence(data, i);
      if (seq === undefined) return { keys, rest: data.slice(i) };
      keys.push(seq === FORWARD_DELETE ? '\x04' : seq);
      i += seq.length;
      continue;
    }
    // A control key, or one character (a grapheme: a CJK character, an emoji with its modifiers).
    if (data.charCodeAt(i) < 0x20 || data[i] === '\x7f') {
      keys.push(data[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < data.length && data.charCodeAt(j) >= 0x20 && data[j] !== '\x7f' && data[j] !== '\x1b') j++;
    keys.push(...graphemes(data.slice(i, j)));
    i = j;
  }
  return { keys, rest: '' };
}

/** The escape sequence at `i` (CSI, SS3, or ESC + one key for Alt), undefined when it is cut off. */
function escapeSequence(data: string, i: number): string | undefined {
  const next = data[i + 1];
  if (next === undefined) return '\x1b';
  if (next === '[') {
    let j = i + 2;
    // Legacy function keys: ESC [ [ A.
    if (data[j] === '[') j++;
    while (j < data.length && /[0-9;:<=>?]/.test(data[j]!)) j++;
    while (j < data.length && /[ -/]/.test(data[j]!)) j++;
    if (j >= data.length) return undefined;
    return data.slice(i, j + 1);
  }
  if (next === 'O') return i + 2 < data.length ? data.slice(i, i + 3) : undefined;
  if (next === '\x1b') return '\x1b';
  // Alt + key (Alt-Backspace is ESC DEL).
  return data.slice(i, i + 1 + (data.codePointAt(i + 1)! > 0xffff ? 2 : 1));
}

/**
 * A stand-in for process.stdin with what Ink uses of it (isTTY, setRawMode, setEncoding, ref/unref,
 * 'readable' and read()), handing over one key per read.
 */
export class KeyPacer extends EventEmitter {
  readonly isTTY: boolean;
  private queue: string[] = [];
  private rest = '';
  private current: string | null = null;
  private waiting = false;
  private restTimer: ReturnType<typeof setTimeout> | undefined;
  private listening = false;

  constructor(private readonly src: NodeJS.ReadStream) {
    super();
    this.isTTY = Boolean(src.isTTY);
    this.on('newListener', (event: string) => {
      if (event === 'readable' && !this.listening) {
        this.listening = true;
        this.src.on('readable', this.pull);
      }
    });
    this.on('removeListener', (event: string) => {
      if (event === 'readable' && this.listenerCount('readable') === 0 && this.listening) {
        this.listening = false;
        this.src.off('readable', this.pull);
      }
    });
  }

  setEncoding(): this {
    this.src.setEncoding('utf8');
    return this;
  }

  setRawMode(on: boolean): this {
    this.src.setRawMode?.(on);
    return this;
  }

  ref(): this {
    this.src.ref();
    return this;
  }

  unref(): this {
    this.src.unref();
    return this;
  }

  read(): string | null {
    const key = this.current;
    this.current = null;
    return key;
  }

  private readonly pull = () => {
    let chunk: string | Buffer | null;
    while ((chunk = this.src.read() as string | Buffer | null) !== null) this.take(String(chunk));
  };

  /** Split a read into keys; an incomplete end waits briefly for the next read, then goes as it is. */
  take(data: string): void {
    clearTimeout(this.restTimer);
    const { keys, rest } = splitKeys(this.rest + data);
    this.queue.push(...keys);
    this.rest = rest;
    if (rest) {
      this.restTimer = setTimeout(() => {
        const late = this.rest;
        this.rest = '';
        // A paste that never ended is text; a cut-off sequence is passed on for Ink to judge.
        this.queue.push(late.startsWith(PASTE_START) ? late.slice(PASTE_START.length) : late);
        this.pump();
      }, 100);
    }
    this.pump();
  }

  /**
   * One key, then the next once React is done with what it caused. React queues the render of a
   * key's changes from a microtask, and the effects that subscribe the new screen's handlers from
   * that render: a task queued after the render (from a later microtask), which queues one more,
   * runs after both. Normal priority keeps its place in the line while a step floods the screen.
   */
  private pump(): void {
    if (this.waiting) return;
    // Frames the engine asks for wait while keys are held (lib/key-priority.ts).
    holdingKeys(this, this.queue.length > 0);
    if (!this.queue.length) return;
    this.waiting = true;
    queueMicrotask(() =>
      unstable_scheduleCallback(unstable_NormalPriority, () =>
        unstable_scheduleCallback(unstable_NormalPriority, () => {
          this.waiting = false;
          this.current = this.queue.shift()!;
          this.emit('readable');
          this.current = null;
          this.pump();
        }),
      ),
    );
  }
}
