// @ts-check
// REHEARSAL toolbox: small helpers shared by every simulated tool: exit codes, output, masking, names, times, tables.
import crypto from 'node:crypto';
import { rt } from './runtime.mjs';

/** Thrown to end a simulated command with an exit code (main() turns it into the return value). */
export class Exit extends Error {
  /** @param {number} code */
  constructor(code) { super(`exit ${code}`); this.code = code; }
}
/**
 * Thrown when a command's streams cannot be served exactly as the command's own process would have
 * them (serve.mjs: stdin redirected from a file): its caller runs it the old way. Only before any output.
 */
export class HandBack extends Error {}
/** @param {string} s */
export const out = (s) => { if (s) rt.io.write(1, s); };
/** @param {string} s */
export const err = (s) => { if (s) rt.io.write(2, s); };
/** @param {string} s */
export const line = (s) => (s.endsWith('\n') ? s : `${s}\n`);
/**
 * @param {number} code
 * @param {string} [msg]
 * @returns {never}
 */
export function fail(code, msg) { if (msg) err(line(msg)); throw new Exit(code); }
export const SECRET_FLAGS = new Set(['--password', '--platform-password', '--registry-password']);
/** @param {string[]} args */
export function maskArgs(args) {
  const r = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    if (eq > 0 && SECRET_FLAGS.has(a.slice(0, eq))) r.push(`${a.slice(0, eq)}=***`);
    else if (SECRET_FLAGS.has(a) && i + 1 < args.length) { r.push(a, '***'); i++; }
    else r.push(a);
  }
  return r;
}
/** @param {string} s */
export const shq = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
/**
 * @param {string} tool
 * @param {string[]} args
 */
export const cmdline = (tool, args) => [tool, ...maskArgs(args)].map(shq).join(' ');
/**
 * @param {string} tool
 * @param {string[]} args
 * @param {string} [why]
 * @returns {never}
 */
export function notSimulated(tool, args, why) {
  fail(1, `rehearsal: ${cmdline(tool, args)}: not simulated${why ? ` (${why})` : ''}`);
}
/** @param {number} ms @returns {Promise<void>} */
export const sleep = (ms) => new Promise((r) => setTimeout(r, rt.fast ? 0 : ms));
/** @param {number} ms */
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
/** @param {number} n */
export function rand(n) {
  const b = crypto.randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[b[i] % ALNUM.length];
  return s;
}
/**
 * @param {string} s
 * @param {number} n
 */
export function hashOf(s, n) {
  const h = crypto.createHash('sha1').update(s).digest();
  let r = '';
  for (let i = 0; i < n; i++) r += ALNUM[h[i] % ALNUM.length];
  return r;
}
/** @param {unknown} v */
export const truthy = (v) => /^(true|1|yes|on)$/i.test(String(v ?? '').trim());
/**
 * @template T
 * @param {T} o
 * @returns {T}
 */
export const clone = (o) => JSON.parse(JSON.stringify(o));

/**
 * kubectl's HumanDuration.
 * @param {string} fromIso
 * @param {number} [now]
 */
export function age(fromIso, now = rt.now) {
  const s = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const m = Math.floor(s / 60), h = Math.floor(s / 3600), d = Math.floor(h / 24), y = Math.floor(d / 365);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  if (d < 730) return `${d}d`;
  if (y < 8) return d % 365 ? `${y}y${d % 365}d` : `${y}y`;
  return `${y}y`;
}

/**
 * kubectl-style table: columns padded with 3 spaces, no trailing blanks.
 * @param {(string | number)[][]} rows
 */
export function table(rows) {
  /** @type {number[]} */
  const w = [];
  for (const r of rows) r.forEach((c, i) => { w[i] = Math.max(w[i] || 0, String(c).length); });
  return rows.map((r) => r.map((c, i) => String(c).padEnd(i === r.length - 1 ? 0 : w[i] ?? 0)).join('   ').replace(/\s+$/, '')).join('\n') + (rows.length ? '\n' : '');
}
