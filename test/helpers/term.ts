// The real binary in a real pseudo-terminal (tmux): keys are sent as a person types them and the
// screen is read back with capture-pane. Needs tmux (`.ci/run` installs it on bare machines).
import { expect } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export const FIX = join(ROOT, 'test', 'fixtures', 'tui');
export const HAS_TMUX = spawnSync('which', ['tmux']).status === 0;

/** The screen without line breaks (long lines wrap at the edge). */
export const flat = (s: string) => s.replace(/\n/g, '');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let serial = 0;

/** The environment of an operator's shell, not the test runner's (no VITEST, NODE_ENV, CI…). */
const TERM_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  USER: process.env.USER,
  LOGNAME: process.env.LOGNAME,
  TMPDIR: process.env.TMPDIR,
  XDG_CACHE_HOME: process.env.XDG_CACHE_HOME,
  LANG: 'C.UTF-8',
  TERM: 'xterm-256color',
};

/** One tmux server (own socket, in the test's directory) with one session running a command. */
export class Term {
  readonly socket: string;
  readonly session = 'main';

  constructor(
    readonly dir: string,
    cmd: string,
    size = { cols: 100, rows: 30 },
  ) {
    this.socket = join(dir, `tmux-${++serial}.sock`);
    // The exit code lands in a file; the pane stays for a last look at the screen.
    const shell = `cd ${q(ROOT)} && ${cmd}; echo $? > ${q(join(dir, 'exit'))}; sleep 120`;
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(size.cols), '-y', String(size.rows), '-s', this.session, shell);
  }

  tmux(...args: string[]): string {
    // tmux's complaints go into the thrown error, not the suite's log ("no server running" at a kill).
    return execFileSync('tmux', ['-u', '-S', this.socket, ...args], { encoding: 'utf8', env: TERM_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The visible screen. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  /** The visible screen and everything scrolled off it. */
  everything(): string {
    return this.tmux('capture-pane', '-p', '-S', '-', '-E', '-', '-t', this.session);
  }

  /** Everything, with the lines the terminal itself wrapped joined again (lines a program broke stay apart). */
  joined(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', this.session);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  async waitFor(what: string | RegExp | (() => boolean), ms = 20_000): Promise<string> {
    const end = Date.now() + ms;
    let last = '';
    while (Date.now() < end) {
      last = this.screen();
      if (typeof what === 'function' ? what() : typeof what === 'string' ? last.includes(what) : what.test(last)) {
        // A person reads the screen before pressing the next key.
        await sleep(150);
        return last;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${String(what)}; screen:\n${last}`);
  }

  async exitCode(ms = 20_000): Promise<number> {
    const file = join(this.dir, 'exit');
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (existsSync(file)) {
        const text = readFileSync(file, 'utf8').trim();
        if (text) return Number(text);
      }
      await sleep(100);
    }
    throw new Error(`the command did not exit; screen:\n${this.screen()}`);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

const terms: Term[] = [];
const dirs: string[] = [];
export function term(dir: string, cmd: string, size?: { cols: number; rows: number }): Term {
  const t = new Term(dir, cmd, size);
  terms.push(t);
  return t;
}

export function runState(stateDir: string): { runId: string; status: string; params: Record<string, unknown>; steps: { id: string; status: string; confirmedBy?: string; reason?: string }[] } {
  const runs = readdirSync(join(stateDir, 'runs'));
  expect(runs).toHaveLength(1);
  return JSON.parse(readFileSync(join(stateDir, 'runs', runs[0]!, 'state.json'), 'utf8'));
}

export function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pty-'));
  dirs.push(dir);
  return dir;
}

/** Kill every tmux server and remove every directory of the test that just ended (afterEach). */
export function cleanupTerms(): void {
  while (terms.length) terms.pop()!.kill();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
}
