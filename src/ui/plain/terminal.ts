// The plain face on a terminal: one question at a time through readline, and lines that fit the
// terminal's width (wrapped at word boundaries, CJK counted two columns wide).
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** Columns of the terminal `out` writes to; undefined for a pipe or a file (lines stay whole there). */
function columnsOf(out: Writable): number | undefined {
  const cols = (out as Writable & { columns?: number; isTTY?: boolean }).isTTY ? (out as { columns?: number }).columns : undefined;
  return cols && cols > 20 ? cols : undefined;
}

/** `text` as lines that fit where they are written: no wider than a terminal, or whole for a pipe or a file. */
export type Fit = (text: string) => string[];

/**
 * How to fit lines to `out`: wrapped at word boundaries to a terminal's width (continuations
 * indented like the first line), whole elsewhere. wrap-ansi is loaded only for a terminal: its
 * width tables took 25 ms of every run's start, logged or piped ones included.
 */
export async function lineFit(out: Writable): Promise<Fit> {
  const width = columnsOf(out);
  if (!width) return (text) => text.split('\n');
  const { default: wrapAnsi } = await import('wrap-ansi');
  return (text) => {
    const indent = /^ */.exec(text)![0];
    return wrapAnsi(text.slice(indent.length), Math.max(10, width - 1 - indent.length), { hard: true, trim: false }).split('\n').map((l) => `${indent}${l}`);
  };
}

/** One line from the terminal; Ctrl-C calls `onInterrupt`, and `signal` cancels the question. */
export async function prompt(question: string, signal: AbortSignal, onInterrupt: () => void, out: Writable, hidden = false): Promise<string> {
  // A long question is wrapped: its first lines are printed, readline edits on the last one.
  const lines = (await lineFit(out))(question);
  const last = lines.pop()!;
  for (const line of lines) out.write(`${line}\n`);
  // Hidden input: readline echoes into a sink (the terminal itself echoes nothing in raw mode).
  const rl = createInterface({ input: process.stdin, output: hidden ? new Writable({ write: (_c, _e, done) => done() }) : out, terminal: true });
  rl.on('SIGINT', onInterrupt);
  if (hidden) out.write(last);
  try {
    return (await rl.question(hidden ? '' : last, { signal })).trim();
  } finally {
    if (hidden) out.write('\n');
    rl.close();
  }
}

export type Ask = (question: string, hidden?: boolean) => Promise<string>;

/** Ask until the answer starts with one of `keys`. */
export async function choose(ask: Ask, question: string, keys: string[], invalid: string, out: Writable): Promise<string> {
  for (;;) {
    const a = (await ask(question)).toLowerCase().slice(0, 1);
    if (keys.includes(a)) return a;
    out.write(`${invalid}\n`);
  }
}
