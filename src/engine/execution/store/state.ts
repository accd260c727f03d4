// Where runs live and how they are stored: state.json replaced atomically, an append-only
// transcript.jsonl, and one log per step. Storage errors (a full disk) become a StorageError
// that leaves the previous state.json intact, saying its cause. Light on purpose: `runbook status`
// loads this.
import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { replaceFile } from '../../core/replace-file.js';
import { UserError, EXIT } from '../../core/errors.js';
import type { RunState, RunStatus, StepStatus } from './run-state.js';

export const STATE_FILE = 'state.json';
export const TRANSCRIPT_FILE = 'transcript.jsonl';
export const LOCK_FILE = 'lock';

export const RUN_STATUSES: readonly RunStatus[] = ['running', 'paused', 'failed', 'succeeded', 'aborted', 'interrupted'];
export const STEP_STATUSES: readonly StepStatus[] = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'interrupted', 'confirmed'];
/** A run that can be continued. */
export const UNFINISHED: readonly RunStatus[] = ['running', 'paused', 'failed', 'interrupted'];
/** Steps that are done and stay done on resume. */
export const DONE: readonly StepStatus[] = ['succeeded', 'skipped', 'confirmed'];

/** --state-dir, else RUNBOOK_STATE_DIR, else ${XDG_STATE_HOME:-~/.local/state}/runbook. */
export function stateRoot(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.RUNBOOK_STATE_DIR) return resolve(env.RUNBOOK_STATE_DIR);
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'runbook');
}

export function runsDir(root: string): string {
  return join(root, 'runs');
}

export function logPath(runDir: string, stepId: string): string {
  return join(runDir, 'logs', `${stepId}.log`);
}

/** Causes with their own advice (src/i18n/cli.ts hint.storage.CODE); any other gets hint.storage. */
const STORAGE_CAUSES = ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOENT', 'ENAMETOOLONG', 'ENOSPC', 'EDQUOT'] as const;
type StorageCause = (typeof STORAGE_CAUSES)[number];

/** Disk full, read-only file system, no permission...: the run stops; what was saved before stays. */
export class StorageError extends UserError {
  constructor(readonly file: string, readonly errno: NodeJS.ErrnoException) {
    const code = errno.code ?? '';
    const hint = STORAGE_CAUSES.includes(code as StorageCause) ? (`hint.storage.${code as StorageCause}` as const) : 'hint.storage';
    super('error.storage', { file, reason: code || errno.message }, { key: hint, vars: { file } }, EXIT.failed);
  }
}

export function storageGuard<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StorageError) throw e;
    throw new StorageError(file, e as NodeJS.ErrnoException);
  }
}

/** Replace state.json atomically: temp file, fsync, rename, fsync of the directory. */
export function writeState(runDir: string, state: RunState): void {
  const file = join(runDir, STATE_FILE);
  storageGuard(file, () => {
    replaceFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, durable: true });
  });
}

/** A state.json that is unreadable, not JSON, or not ours. */
export class BadStateError extends UserError {
  constructor(file: string, reason: string) {
    super('error.badState', { file, reason }, { key: 'hint.badState', vars: { file } });
  }
}

export function readState(file: string): RunState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BadStateError(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BadStateError(file, (e as Error).message);
  }
  const problem = stateProblem(data);
  if (problem) throw new BadStateError(file, problem);
  return withoutUnusableParams(data as RunState);
}

/** A NUL byte: no environment variable can carry it. */
export function hasNul(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\0');
}

/**
 * A value no step can receive (a NUL byte, saved by an older version) is dropped, so the run
 * asks for it again instead of failing every attempt to start its steps.
 */
function withoutUnusableParams(state: RunState): RunState {
  for (const [name, value] of Object.entries(state.params)) if (hasNul(value)) delete state.params[name];
  return state;
}

/** What makes `data` not a runbook state.json (version 1), or undefined. */
function stateProblem(data: unknown): string | undefined {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(data)) return 'not a JSON object';
  if (data.version !== 1) return `not a runbook state (version ${JSON.stringify(data.version)}, expected 1)`;
  for (const k of ['runId', 'lang', 'startedAt', 'updatedAt']) if (typeof data[k] !== 'string') return `field "${k}" is missing or not a string`;
  const rb = data.runbook;
  if (!isObj(rb) || typeof rb.id !== 'string' || typeof rb.path !== 'string' || typeof rb.sha256 !== 'string') return 'field "runbook" must hold id, path and sha256';
  if (!RUN_STATUSES.includes(data.status as RunStatus)) return `unknown run status ${JSON.stringify(data.status)}`;
  if (typeof data.rehearsal !== 'boolean') return 'field "rehearsal" must be true or false';
  if (data.cwd !== undefined && typeof data.cwd !== 'string') return 'field "cwd" must be a string';
  if (!isObj(data.params) || !isObj(data.captures)) return 'fields "params" and "captures" must be objects';
  if (!Array.isArray(data.secretParams)) return 'field "secretParams" must be a list';
  if (!Array.isArray(data.steps)) return 'field "steps" must be a list';
  for (const [i, s] of data.steps.entries()) {
    if (!isObj(s) || typeof s.id !== 'string' || typeof s.kind !== 'string' || typeof s.hash !== 'string' || typeof s.attempts !== 'number') return `step ${i + 1} lacks id, kind, hash or attempts`;
    if (!STEP_STATUSES.includes(s.status as StepStatus)) return `step "${s.id}" has unknown status ${JSON.stringify(s.status)}`;
  }
  return undefined;
}

export interface RunListing {
  runs: { dir: string; state: RunState }[];
  /** Run directories whose state.json could not be read. */
  broken: BadStateError[];
}

/** Every run under the state root, most recently updated first. */
export function listRuns(root: string): RunListing {
  const out: RunListing = { runs: [], broken: [] };
  let names: string[];
  try {
    names = readdirSync(runsDir(root), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return out;
  }
  for (const name of names) {
    const dir = join(runsDir(root), name);
    try {
      out.runs.push({ dir, state: readState(join(dir, STATE_FILE)) });
    } catch (e) {
      // A run directory being created right now has no state yet; that is not an error.
      if (e instanceof BadStateError && !(e.vars.reason === 'ENOENT')) out.broken.push(e);
    }
  }
  out.runs.sort((a, b) => b.state.updatedAt.localeCompare(a.state.updatedAt) || b.state.runId.localeCompare(a.state.runId));
  return out;
}

/** An append-only file written through a kept-open descriptor; with `sync`, each write reaches the disk at once. */
export class AppendFile {
  private fd: number | undefined;
  constructor(readonly path: string, private readonly sync: boolean) {}

  /** Text is written as UTF-8; bytes exactly as given (a step's output). */
  write(data: string | Buffer): void {
    storageGuard(this.path, () => {
      this.fd ??= openSync(this.path, 'a', 0o600);
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off);
      if (this.sync) fdatasyncSync(this.fd);
    });
  }

  /**
   * Make what was written durable. fdatasync: an appended file needs its data and size on disk, not
   * its times; it costs half an fsync (measured 0.45 vs 0.86 ms), paid at every checkpoint.
   */
  flush(): void {
    if (this.fd !== undefined) storageGuard(this.path, () => fdatasyncSync(this.fd!));
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try { fdatasyncSync(fd); } catch { /* the data was written; only its flush failed */ }
    closeSync(fd);
  }
}

/** transcript.jsonl: one JSON object per line, `{ts, event, ...}`. */
export class Transcript {
  private readonly file: AppendFile;
  constructor(runDir: string) {
    // Each event reaches the kernel at once (a crash of the runner loses none) and the disk at the
    // next checkpoint (flush); an fsync per event cost more than the steps themselves (issue 12).
    this.file = new AppendFile(join(runDir, TRANSCRIPT_FILE), false);
  }

  append(event: string, data: Record<string, unknown> = {}): void {
    this.file.write(`${JSON.stringify({ ts: new Date().toISOString(), event, ...data })}\n`);
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}

export function ensureDir(dir: string): void {
  storageGuard(dir, () => mkdirSync(dir, { recursive: true, mode: 0o700 }));
}

/**
 * The runs directory of a state root, created 0700, after checking that the root and it belong to
 * this user and that nobody else can write them: another user could plant a run there (a
 * state.json naming their own runbook) that `resume` would run with this user's rights.
 */
export function secureRunsDir(root: string): string {
  const runs = runsDir(root);
  ensureDir(runs);
  assertPrivateDir(root);
  assertPrivateDir(runs);
  return runs;
}

/** Exit 2 when `dir` is not owned by this user or is writable by group or others. */
export function assertPrivateDir(dir: string): void {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  const st = storageGuard(dir, () => statSync(dir));
  const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
  if (st.uid !== uid) throw new UserError('error.stateDirOwner', { dir, owner: st.uid, uid }, { key: 'hint.stateDirOwner', vars: { dir } });
  if (st.mode & 0o022) throw new UserError('error.stateDirMode', { dir, mode }, { key: 'hint.stateDirMode', vars: { dir } });
}

/**
 * What killed runners leave behind in a run directory: replaceFile's temp files
 * (state.json.<pid>-<n>) and locks moved aside during a takeover (lock.stale-<hex>). Called by the
 * lock's new holder, so no other runner is writing them.
 */
export function removeLeftovers(runDir: string): string[] {
  let names: string[];
  try { names = readdirSync(runDir); } catch { return []; }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${STATE_FILE}.`) && !name.startsWith(`${LOCK_FILE}.stale-`)) continue;
    try { unlinkSync(join(runDir, name)); removed.push(name); } catch { /* gone already, or not ours to remove */ }
  }
  return removed;
}
