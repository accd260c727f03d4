// @ts-check
// REHEARSAL toolbox: the simulated platform on disk: sim-state.json, replaced atomically under a small mkdir lock.
import fs from 'node:fs';
import path from 'node:path';
import { fail } from './util.mjs';
import { rt } from './runtime.mjs';

export const statePath = () => path.join(rt.sb, 'sim-state.json');
/** @returns {{ raw: string, st: import('./types.mjs').State }} */
export function readState() {
  let raw;
  try { raw = fs.readFileSync(statePath(), 'utf8'); } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') fail(2, `rehearsal: no simulated platform in ${rt.sb} (sim-state.json is missing): rehearsal/setup must run first`);
    throw e;
  }
  return { raw, st: JSON.parse(raw) };
}
/** @param {import('./types.mjs').State} st */
export function writeState(st) {
  const f = statePath();
  const tmp = `${f}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(st));
  fs.renameSync(tmp, f);
}
/** Take the lock of the state (a directory); a lock older than 10 s is stale. @returns {() => void} the unlock */
export function lock() {
  const dir = path.join(rt.sb, '.sim-lock');
  const t0 = Date.now();
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try { fs.mkdirSync(dir); return () => { try { fs.rmdirSync(dir); } catch { /* gone */ } }; } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
    }
    try { if (Date.now() - fs.statSync(dir).mtimeMs > 10000) { fs.rmdirSync(dir); continue; } } catch { continue; }
    if (Date.now() - t0 > 20000) fail(1, `rehearsal: the simulated state in ${rt.sb} stays locked (.sim-lock)`);
    Atomics.wait(wait, 0, 0, 5);
  }
}
/** Run fn(state) under the lock; save when it changed the state (also when fn exits with an error). */
/**
 * @template T
 * @param {(st: import('./types.mjs').State) => T} fn
 * @returns {T}
 */
export function transact(fn) {
  const unlock = lock();
  try {
    const { raw, st } = readState();
    try { return fn(st); } finally { const now = JSON.stringify(st); if (now !== raw) writeState(st); }
  } finally { unlock(); }
}
