// Running one script of a step: bash in its own session and process group (setsid: no
// controlling terminal, so a hang-up of the operator's terminal does not reach it), output
// streamed, masked, logged as the exact bytes received and never held whole in memory; lines for
// the screen decoded and made harmless. The group is killed on timeout, interrupt, a full disk,
// when the step's main process ends, and when the runner itself exits or dies (watchdog.ts). Output
// held open by a process that left the group (setsid, a daemon) is read for a short grace at most;
// such processes are reported, found by a marker in their environment.
// node:child_process itself, not execa: on this path execa cost 2.6 ms a step (bench: 300 steps).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { CAPTURE_LIMIT_BYTES } from '../document/model.js';
import { MASK, OutputMasker, firstMatch, type Matcher, type Secrets } from './secrets.js';
import { needsCleaning, safeLine } from './terminal-text.js';
import { escapedProcesses, type Escaped } from './escaped.js';
import { guard, guardStarting, killGroup, release } from './watchdog.js';

/** Longest piece of a line passed on at once; longer lines (no newline for a while) are cut. */
export const MAX_LINE = 16 * 1024;
/** How much of stdout is kept for multi-line `expect`. */
export const TAIL_CHARS = 64 * 1024;
/** How long output is still read after the step's main process ended or was stopped. */
export const OUTPUT_GRACE_MS = 1000;
/** Marks the processes of one script run, to find those that left its process group. */
export const SCOPE_VAR = 'RUNBOOK_SCOPE';

/** How a step's script is run: the convention of CI runners. */
export function bashArgv(scriptFile: string): string[] {
  return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', scriptFile];
}

export type StopReason = 'timeout' | 'interrupt' | 'storage';
export type Stream = 'stdout' | 'stderr';

export interface ScriptOptions {
  /** The command and its arguments (bashArgv for a step); never holds param values. */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** Kill the group (and fail) after this long. */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL. */
  killGraceMs: number;
  secrets: Secrets;
  /** Receives the masked output as it comes, both streams, as bytes; throws on a storage error. */
  log: (bytes: Buffer) => void;
  /**
   * The masked lines of each chunk read (a very long line arrives in pieces), decoded and safe for a
   * terminal, as one text of lines each ended by a newline: a call per chunk and no array of lines,
   * so that a flood of short lines stays cheap (outputLines splits it where lines are needed).
   */
  onText: (stream: Stream, text: string) => void;
  /** Keep the real (unmasked) end of stdout, up to CAPTURE_LIMIT_BYTES, for `capture`. */
  capture?: boolean;
  /** After each chunk: a Promise means "hold on": reading pauses until it resolves. */
  backpressure?: () => Promise<void> | undefined;
  expect?: RegExp;
}

export interface ScriptResult {
  exitCode?: number;
  signal?: string;
  stoppedBy?: StopReason;
  storageError?: Error;
  /** Could not start at all (bash missing, ...). */
  spawnError?: string;
  /** The last TAIL_CHARS of masked stdout. */
  stdoutTail: string;
  expectMatched: boolean;
  /** With `capture`: the real end of stdout (UTF-8) and how many bytes stdout had in all. */
  captured?: { text: string; totalBytes: number };
  /** Processes of the step still running outside its process group (not stopped). */
  escaped: Escaped[];
}

export interface RunningScript {
  readonly pid: number | undefined;
  readonly result: Promise<ScriptResult>;
  /** Stop the whole group: SIGTERM, then SIGKILL after the grace period (at once with `force`). */
  stop(reason: StopReason, force?: boolean): void;
}

/** This runner, among others on the machine; each script's scope is it and a count (cheaper than random bytes a step). */
const RUNNER = randomBytes(8).toString('hex');
let scripts = 0;

export function startScript(opts: ScriptOptions): RunningScript {
  const scope = `${RUNNER}-${++scripts}`;
  try {
    // Starts the watchdog at the first step; no step starts unless the watchdog knows of it.
    guardStarting(`${SCOPE_VAR}=${scope}`);
  } catch (e) {
    return notStarted(Promise.resolve(`watchdog: ${spawnReason(e as NodeJS.ErrnoException)}`));
  }
  const subprocess = launch(opts, scope);
  if (typeof subprocess === 'string' || subprocess.pid === undefined) {
    guardStarting(undefined);
    if (typeof subprocess === 'string') return notStarted(Promise.resolve(subprocess));
    // A start that failed (no bash, no such directory) has no pid and says why in an 'error' event.
    return notStarted(new Promise((res) => subprocess.once('error', (e) => res(spawnReason(e)))));
  }
  const pid = subprocess.pid;
  const startedAt = performance.now();
  guard(pid);

  let stoppedBy: StopReason | undefined;
  let storageError: Error | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let expectMatched = false;

  const stop = (reason: StopReason, force = false) => {
    stoppedBy ??= reason;
    if (force) { killGroup(pid, 'SIGKILL'); return; }
    killGroup(pid, 'SIGTERM');
    killTimer ??= setTimeout(() => killGroup(pid, 'SIGKILL'), opts.killGraceMs);
  };

  const output = new StepOutput(opts.secrets.bytes, (bytes) => {
    if (storageError) return;
    try {
      opts.log(bytes);
    } catch (e) {
      storageError = e as Error;
      stop('storage');
    }
  }, (stream, text) => {
    if (stream === 'stdout' && opts.expect && !expectMatched) expectMatched = outputLines(text).some((l) => opts.expect!.test(l));
    opts.onText(stream, text);
  }, opts.capture === true);
  const streams = [subprocess.stdout!, subprocess.stderr!];
  for (const [i, stream] of (['stdout', 'stderr'] as const).entries()) {
    streams[i]!.on('data', (chunk: Buffer) => {
      output.push(stream, chunk);
      const wait = opts.backpressure?.();
      if (!wait) return;
      for (const s of streams) s.pause();
      void wait.then(() => { for (const s of streams) s.resume(); });
    });
  }

  const timeout = opts.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;
  // When bash ends, whatever it left running in the background ends too: it would hold the
  // output pipes open and outlive the step. A process that left the group (setsid) cannot be
  // reached that way: its hold on the output ends after a short grace.
  // While a face holds the output (backpressure) the grace waits: what is already in the pipe is read.
  const stopReading = () => {
    if (streams.some((s) => s.isPaused())) {
      graceTimer = setTimeout(stopReading, OUTPUT_GRACE_MS);
      return;
    }
    for (const s of streams) s.destroy();
  };
  subprocess.on('exit', () => {
    if (killGroup(pid, 'SIGTERM')) killTimer ??= setTimeout(() => killGroup(pid, 'SIGKILL'), opts.killGraceMs);
    graceTimer = setTimeout(stopReading, OUTPUT_GRACE_MS);
  });

  const result = new Promise<ScriptResult>((resolve) => {
    subprocess.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      clearTimeout(graceTimer);
      // bash is gone and the output closed; anything of the group still there (it closed its
      // output and ignored SIGTERM) must not outlive the step.
      killGroup(pid, 'SIGKILL');
      release(pid);
      output.end();
      const tail = output.stdoutTail();
      if (opts.expect && !expectMatched && opts.expect.test(tail)) expectMatched = true;
      resolve({
        exitCode: code ?? undefined,
        signal: signal ?? undefined,
        stoppedBy,
        storageError,
        stdoutTail: tail,
        expectMatched,
        captured: output.captured(),
        escaped: escapedProcesses(SCOPE_VAR, scope, pid, performance.now() - startedAt),
      });
    });
  });

  return { pid, result, stop };
}

/** bash started in its own session with the step's environment, or why it could not start at all. */
function launch(opts: ScriptOptions, scope: string): ChildProcess | string {
  try {
    return spawn(opts.argv[0]!, opts.argv.slice(1), {
      cwd: opts.cwd,
      env: { ...opts.env, [SCOPE_VAR]: scope },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    return spawnReason(e as NodeJS.ErrnoException);
  }
}

/** A script that never ran: the result says why. */
function notStarted(reason: Promise<string>): RunningScript {
  const result = reason.then((spawnError) => ({ spawnError, stdoutTail: '', expectMatched: false, escaped: [] }));
  return { pid: undefined, result, stop: () => undefined };
}

/** Why bash could not start, without the values node quotes from the environment it refused. */
function spawnReason(e: NodeJS.ErrnoException): string {
  return (e.code ? `${e.code}: ` : '') + e.message.split('\n')[0]!.replace(/ Received .*$/, '');
}

/**
 * A step's output, both streams: bytes masked per stream, and across the two when one continues
 * a secret the other began (the log shows them interleaved) → the log, exact; → lines per stream,
 * decoded as UTF-8 and made safe for a terminal (a very long line arrives in pieces). With
 * `capture`, the real end of stdout is kept as well.
 */
export class StepOutput {
  private readonly masks: Record<Stream, OutputMasker>;
  private readonly lines: Record<Stream, LineSplitter>;
  private readonly raw: Buffer[] = [];
  private rawBytes = 0;
  private totalBytes = 0;

  constructor(
    private readonly matcher: Matcher | undefined,
    private readonly log: (bytes: Buffer) => void,
    onText: (stream: Stream, text: string) => void,
    private readonly capture = false,
  ) {
    this.masks = { stdout: new OutputMasker(matcher), stderr: new OutputMasker(matcher) };
    this.lines = { stdout: new LineSplitter((t) => onText('stdout', t), true), stderr: new LineSplitter((t) => onText('stderr', t), false) };
  }

  push(stream: Stream, chunk: Buffer): void {
    if (stream === 'stdout') this.keepRaw(chunk);
    if (!this.matcher) return this.out(stream, chunk);
    let text = chunk.toString('latin1');
    const other = stream === 'stdout' ? 'stderr' : 'stdout';
    const held = this.masks[other].held;
    const m = held ? firstMatch(this.matcher, held + text) : undefined;
    if (m && m[0] < held.length) {
      // A secret begun on the other stream goes on here: `***` where it began, the rest dropped.
      this.masks[other].end();
      this.pass(other, `${held.slice(0, m[0])}${MASK}`);
      text = (held + text).slice(m[1]);
    }
    this.pass(stream, this.masks[stream].push(text));
  }

  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) this.pass(stream, this.masks[stream].end());
    this.lines.stdout.end();
    this.lines.stderr.end();
  }

  stdoutTail(): string {
    return this.lines.stdout.tail();
  }

  captured(): { text: string; totalBytes: number } | undefined {
    if (!this.capture) return undefined;
    const all = Buffer.concat(this.raw);
    return { text: all.subarray(Math.max(0, all.length - CAPTURE_LIMIT_BYTES)).toString('utf8'), totalBytes: this.totalBytes };
  }

  private pass(stream: Stream, text: string): void {
    if (text) this.out(stream, Buffer.from(text, 'latin1'));
  }

  private out(stream: Stream, bytes: Buffer): void {
    this.log(bytes);
    this.lines[stream].push(bytes);
  }

  /** The real end of stdout, in memory only, for `capture`. */
  private keepRaw(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (!this.capture) return;
    this.raw.push(chunk);
    this.rawBytes += chunk.length;
    while (this.raw.length > 1 && this.rawBytes - this.raw[0]!.length >= CAPTURE_LIMIT_BYTES) this.rawBytes -= this.raw.shift()!.length;
  }
}

/**
 * Bytes → UTF-8 text (sequences split across chunks kept whole) → safe lines, one text per chunk.
 * Output that needs no work (no control character, no carriage return, no line over MAX_LINE: nearly
 * all of it) is passed on as read, without taking it apart line by line: a `yes`-like flood is tens
 * of millions of lines.
 */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  /** The last pieces of decoded text, at least TAIL_CHARS of them when there are (stdout only). */
  private readonly recent: string[] = [];
  private recentChars = 0;

  constructor(private readonly onText: (text: string) => void, private readonly keepTail: boolean) {}

  push(bytes: Buffer): void {
    this.take(this.decoder.write(bytes));
  }

  end(): void {
    this.take(this.decoder.end());
    if (this.partial) this.onText(outputText([safeLine(this.partial)]));
    this.partial = '';
  }

  /** The end of the decoded text, for multi-line `expect`. */
  tail(): string {
    return this.recent.join('').slice(-TAIL_CHARS);
  }

  /** Pieces, not one string kept by concatenation: that copied the whole tail for every chunk. */
  private keep(text: string): void {
    this.recent.push(text);
    this.recentChars += text.length;
    while (this.recentChars - this.recent[0]!.length >= TAIL_CHARS) this.recentChars -= this.recent.shift()!.length;
  }

  private take(text: string): void {
    if (!text) return;
    if (this.keepTail) this.keep(text);
    const data = this.partial + text;
    const last = data.lastIndexOf('\n');
    let lines = data.slice(0, last + 1);
    if (needsCleaning(lines) || hasLongLine(lines)) lines = outputText(outputLines(lines).flatMap(pieces).map(safeLine));
    let rest = data.slice(last + 1);
    for (; rest.length >= MAX_LINE; rest = rest.slice(MAX_LINE)) lines += `${safeLine(rest.slice(0, MAX_LINE))}\n`;
    this.partial = rest;
    if (lines) this.onText(lines);
  }
}

/** The lines of an output text (lines each ended by a newline, as onText receives them). */
export function outputLines(text: string): string[] {
  return text ? text.slice(0, -1).split('\n') : [];
}

/** Lines as an output text. */
export function outputText(lines: readonly string[]): string {
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * Is a line of `text` (lines ended by newlines) longer than MAX_LINE? A search per MAX_LINE
 * characters, not per line: from a line's start, its newline is at most MAX_LINE further.
 */
function hasLongLine(text: string): boolean {
  for (let start = 0; start < text.length; ) {
    const nl = text.lastIndexOf('\n', start + MAX_LINE);
    if (nl < start) return true;
    start = nl + 1;
  }
  return false;
}

/** A line without its CR (of a CRLF ending), in pieces of at most MAX_LINE characters. */
function pieces(line: string): string[] {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const out: string[] = [];
  for (let start = 0; start < text.length || start === 0; start += MAX_LINE) out.push(text.slice(start, start + MAX_LINE));
  return out;
}
