// @ts-check
// REHEARSAL toolbox served by the runner: a rehearsal's runner starts this module in a worker thread
// and sets RUNBOOK_TOOLBOX=PORT:TOKEN in its steps. The stand-ins (tool.sh) then send their command
// line over a local TCP connection, which bash opens by itself (/dev/tcp), instead of starting a node
// process each: that cost about 0.1 s of CPU a command. The command runs with its caller's
// environment, directory and stdin, read from /proc as the caller has them, and its output is sent
// back when it ends. A command it cannot run exactly so (its stdin redirected from a file) is handed
// back: the caller runs it the old way. Only a caller that knows the token, and runs as this user, is
// answered.
//
// Request: TOKEN \0 PID \0 N \0 ARG1 \0 … ARGN \0 (ARG1 the tool).
// Answer: `CODE OUTLEN ERRLEN` \n, then OUTLEN bytes of stdout and ERRLEN of stderr; or `fallback` \n.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { parentPort } from 'node:worker_threads';
import { main } from './sim.mjs';
import { rt } from './runtime.mjs';
import { HandBack } from './util.mjs';

/** The largest request (a command line) read; a larger one is handed back. */
const MAX_REQUEST = 1 << 20;
/** A connection that has not sent its whole request by then is closed (the stand-in sends it at once). */
const REQUEST_TIMEOUT_MS = 10_000;
const FALLBACK = 'fallback\n';
const DEV_NULL = fs.statSync('/dev/null').rdev;

/**
 * Listen on a free port of 127.0.0.1.
 * @returns {Promise<{ port: number, token: string }>}
 */
export async function serve() {
  const token = crypto.randomBytes(24).toString('hex');
  const server = net.createServer((conn) => { receive(conn, token); });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve(undefined)); });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return { port: address.port, token };
}

/**
 * Read one request from a connection and answer it.
 * @param {net.Socket} conn
 * @param {string} token
 */
function receive(conn, token) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  conn.on('error', () => { /* the caller went away: nothing to answer */ });
  conn.setTimeout(REQUEST_TIMEOUT_MS, () => conn.destroy());
  conn.on('data', (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
    const request = size > MAX_REQUEST ? null : parseRequest(Buffer.concat(chunks));
    if (request === undefined) return;
    conn.removeAllListeners('data');
    conn.pause();
    conn.setTimeout(0); // a command may wait long for its stdin
    const answer = request && authentic(request.token, token) ? answerFor(request) : Promise.resolve(FALLBACK);
    answer.then((text) => conn.end(text));
  });
}

/**
 * @param {Buffer} buf
 * @returns {{ token: string, pid: number, argv: string[] } | null | undefined} undefined: not all of it yet; null: malformed
 */
function parseRequest(buf) {
  const fields = buf.toString('utf8').split('\0');
  fields.pop(); // what follows the last NUL: empty when the request is complete
  if (fields.length < 3) return undefined;
  const [tok = '', pid = '', count = ''] = fields;
  if (!/^[1-9]\d*$/.test(pid) || !/^[1-9]\d*$/.test(count)) return null;
  const argv = fields.slice(3);
  if (argv.length < Number(count)) return undefined;
  return argv.length === Number(count) ? { token: tok, pid: Number(pid), argv } : null;
}

/** @param {string} given @param {string} token */
function authentic(given, token) {
  const a = Buffer.from(given), b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Run the command as its caller would have: its environment, directory and stdin.
 * @param {{ pid: number, argv: string[] }} request
 * @returns {Promise<string | Buffer>} the answer
 */
async function answerFor({ pid, argv }) {
  const caller = callerOf(pid);
  if (!caller) return FALLBACK;
  /** @type {Buffer[]} what the command printed on stdout */
  const out = [];
  /** @type {Buffer[]} and on stderr */
  const err = [];
  const io = { write: (/** @type {1 | 2} */ fd, /** @type {string} */ s) => { (fd === 1 ? out : err).push(Buffer.from(s)); }, readStdin: () => stdinOf(pid) };
  await turn.acquire();
  let code;
  try {
    code = await main(argv, caller.env, { cwd: caller.cwd, io });
  } catch (e) {
    // main() answers every error but this one, which a command throws before its first output
    if (e instanceof HandBack && !out.length && !err.length) return FALLBACK;
    err.push(Buffer.from(`rehearsal: internal error: ${e instanceof Error && e.stack ? e.stack : e}\n`));
    code = 70;
  } finally {
    turn.release();
  }
  const stdout = Buffer.concat(out), stderr = Buffer.concat(err);
  return Buffer.concat([Buffer.from(`${code} ${stdout.length} ${stderr.length}\n`), stdout, stderr]);
}

/**
 * The calling process's environment and directory, or undefined when it is not ours or is gone.
 * @param {number} pid
 * @returns {{ env: Record<string, string>, cwd: string } | undefined}
 */
function callerOf(pid) {
  const proc = `/proc/${pid}`;
  try {
    if (fs.statSync(proc).uid !== process.getuid?.()) return undefined;
    return { env: environmentOf(proc), cwd: fs.readlinkSync(`${proc}/cwd`) };
  } catch {
    return undefined; // gone meanwhile
  }
}

/**
 * @param {string} proc
 * @returns {Record<string, string>}
 */
function environmentOf(proc) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const entry of fs.readFileSync(`${proc}/environ`, 'utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/**
 * All of the caller's stdin when it is a pipe (or /dev/null). While it waits for the writer, other
 * commands run (the writer may be one), and this one gets its runtime back after.
 * @param {number} pid
 * @returns {Promise<string>}
 */
async function stdinOf(pid) {
  const proc = `/proc/${pid}`;
  const st = fs.statSync(`${proc}/fd/0`);
  if (st.isCharacterDevice() && st.rdev === DEV_NULL) return '';
  if (!st.isFIFO()) throw new HandBack();
  const saved = { ...rt };
  turn.release();
  try {
    // Non-blocking: a pipe whose writer has finished would otherwise wait for a new writer.
    const fd = fs.openSync(`${proc}/fd/0`, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const pipe = new net.Socket({ fd, readable: true, writable: false });
    /** @type {Buffer[]} */
    const chunks = [];
    pipe.on('data', (c) => chunks.push(c));
    await new Promise((resolve, reject) => { pipe.on('end', resolve); pipe.on('error', reject); });
    pipe.destroy();
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await turn.acquire();
    Object.assign(rt, saved);
  }
}

/** One command at a time: the simulation keeps the command's runtime in one object (rt). */
const turn = {
  busy: false,
  /** @type {(() => void)[]} */
  waiting: [],
  /** @returns {Promise<void>} */
  acquire() {
    if (!turn.busy) { turn.busy = true; return Promise.resolve(); }
    return new Promise((resolve) => turn.waiting.push(() => resolve(undefined)));
  },
  release() {
    const next = turn.waiting.shift();
    if (next) next(); else turn.busy = false;
  },
};

if (parentPort) {
  const port = parentPort;
  serve().then((address) => port.postMessage(address), (e) => port.postMessage({ error: String(e) }));
}
