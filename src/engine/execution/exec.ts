// Running one script of a step: bash in its own process group, output streamed line by line,
// masked, logged and never held whole in memory; the group is killed on timeout, interrupt,
// a full disk, and when the runner itself exits or dies.
import { execa } from 'execa';
import { StringDecoder } from 'node:string_decoder';
import type { Secrets, MaskingStream } from './secrets.js';

/** Longest piece of a line passed on at once; longer lines (no newline for a while) are cut. */
export const MAX_LINE = 16 * 1024;
/** How much of stdout is kept for `capture` and multi-line `expect`. */
export const TAIL_CHARS = 64 * 1024;

/**
 * The command runs under a small watchdog in the same process group: it waits for EOF on fd 3,
 * whose other end only the runner holds, so when the runner dies (even by kill -9) the watchdog
 * terminates the whole group. The command itself does not see fd 3.
 */
const WATCHDOG = '{ read -r -u 3 _; kill -TERM 0; } </dev/null >/dev/null 2>&1 & exec "$@" 3<&-';

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
  /** Receives the masked output as it comes, both streams; throws on a storage error. */
  log: (text: string) => void;
  /** One masked line (or a piece of a very long line) at a time. */
  onLine: (stream: Stream, line: string) => void;
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
}

export interface RunningScript {
  readonly pid: number | undefined;
  readonly result: Promise<ScriptResult>;
  /** Stop the whole group: SIGTERM, then SIGKILL after the grace period (at once with `force`). */
  stop(reason: StopReason, force?: boolean): void;
}

/** Process groups still alive, killed when the runner exits for any reason. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

/** Signal a whole process group; false when it is gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function startScript(opts: ScriptOptions): RunningScript {
  installExitHook();
  const subprocess = execa('bash', ['--noprofile', '--norc', '-c', WATCHDOG, 'runbook-step', ...opts.argv], {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    detached: true,
    cleanup: false,
    buffer: false,
    reject: false,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const pid = subprocess.pid;
  if (pid !== undefined) liveGroups.add(pid);

  let stoppedBy: StopReason | undefined;
  let storageError: Error | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let expectMatched = false;
  let tail = '';

  const stop = (reason: StopReason, force = false) => {
    if (pid === undefined) return;
    stoppedBy ??= reason;
    if (force) { killGroup(pid, 'SIGKILL'); return; }
    killGroup(pid, 'SIGTERM');
    killTimer ??= setTimeout(() => killGroup(pid, 'SIGKILL'), opts.killGraceMs);
  };

  const onLine = (stream: Stream, line: string) => {
    if (stream === 'stdout' && opts.expect && !expectMatched && opts.expect.test(line)) expectMatched = true;
    opts.onLine(stream, line);
  };
  const pipes = (['stdout', 'stderr'] as const).map((stream) => {
    const pipe = new OutputPipe(opts.secrets.stream(), (text) => {
      if (storageError) return;
      try {
        opts.log(text);
      } catch (e) {
        storageError = e as Error;
        stop('storage');
        return;
      }
      if (stream === 'stdout') tail = keepTail(tail + text);
    }, (line) => onLine(stream, line));
    subprocess[stream]?.on('data', (chunk: Buffer) => {
      pipe.push(chunk);
      const wait = opts.backpressure?.();
      if (!wait) return;
      subprocess.stdout?.pause();
      subprocess.stderr?.pause();
      void wait.then(() => {
        subprocess.stdout?.resume();
        subprocess.stderr?.resume();
      });
    });
    return pipe;
  });

  const timeout = opts.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;
  // When bash ends, whatever it left running in the background ends too: it would hold the
  // output pipes open and outlive the step.
  subprocess.on('exit', () => {
    if (pid !== undefined && killGroup(pid, 'SIGTERM')) killTimer ??= setTimeout(() => killGroup(pid, 'SIGKILL'), opts.killGraceMs);
  });

  const result = (async (): Promise<ScriptResult> => {
    const r = await subprocess;
    clearTimeout(timeout);
    clearTimeout(killTimer);
    if (pid !== undefined) {
      // bash is gone and the output closed; anything of the group still there (it closed its
      // output and ignored SIGTERM) must not outlive the step.
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    }
    subprocess.stdio[3]?.destroy();
    for (const p of pipes) p.end();
    tail = tail.slice(-TAIL_CHARS);
    if (opts.expect && !expectMatched && opts.expect.test(tail)) expectMatched = true;
    const spawnError = pid === undefined ? (r.cause as Error | undefined)?.message ?? r.message : undefined;
    return {
      exitCode: r.exitCode ?? undefined,
      signal: r.signal ?? undefined,
      stoppedBy,
      storageError,
      spawnError,
      stdoutTail: tail,
      expectMatched,
    };
  })();

  return { pid, result, stop };
}

function keepTail(s: string): string {
  return s.length > 2 * TAIL_CHARS ? s.slice(-TAIL_CHARS) : s;
}

/**
 * bytes → text (UTF-8 sequences split across chunks are kept whole) → secrets masked → `write`
 * (exact text, for the log) and → lines (for the screen; a very long line arrives in pieces).
 */
export class OutputPipe {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(
    private readonly masking: MaskingStream,
    private readonly write: (text: string) => void,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    this.take(this.masking.push(this.decoder.write(chunk)));
  }

  end(): void {
    this.take(this.masking.push(this.decoder.end()) + this.masking.end());
    if (this.partial) this.onLine(this.partial);
    this.partial = '';
  }

  private take(text: string): void {
    if (!text) return;
    this.write(text);
    const data = this.partial + text;
    let start = 0;
    for (let nl = data.indexOf('\n'); nl !== -1; nl = data.indexOf('\n', start)) {
      for (; nl - start > MAX_LINE; start += MAX_LINE) this.onLine(data.slice(start, start + MAX_LINE));
      this.onLine(data.charCodeAt(nl - 1) === 13 ? data.slice(start, nl - 1) : data.slice(start, nl));
      start = nl + 1;
    }
    for (; data.length - start >= MAX_LINE; start += MAX_LINE) this.onLine(data.slice(start, start + MAX_LINE));
    this.partial = data.slice(start);
  }
}
