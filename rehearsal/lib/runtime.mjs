// @ts-check
// REHEARSAL toolbox: what one simulated command runs with. Set once per call of main(), so that the
// simulation can run in-process (a bundled runbook binary, the runner's toolbox server) as well as as
// its own node process.
import fs from 'node:fs';

/**
 * Where a simulated command's streams are.
 * @typedef {object} Io
 * @property {(fd: 1 | 2, s: string) => void} write  stdout (1) or stderr (2)
 * @property {() => Promise<string>} readStdin       all of stdin (read before the state is locked)
 */

/**
 * @typedef {object} Runtime
 * @property {Record<string, string | undefined>} env  the environment of the simulated command
 * @property {string} sb    the sandbox, $RUNBOOK_REHEARSAL_DIR ('' when unset)
 * @property {string} step  the runbook step running the command, $RUNBOOK_STEP
 * @property {boolean} fast no delays (tests), $RUNBOOK_REHEARSAL_FAST=1
 * @property {number} now   the time the command started, in ms
 * @property {string} cwd   the directory relative paths are relative to
 * @property {Io} io        its streams
 */

/** @type {Io} the streams of this process */
const processIo = {
  write: (fd, s) => { (fd === 1 ? process.stdout : process.stderr).write(s); },
  readStdin: async () => fs.readFileSync(0, 'utf8'),
};

/** @type {Runtime} */
export const rt = { env: {}, sb: '', step: '', fast: false, now: 0, cwd: '', io: processIo };

/**
 * @param {Record<string, string | undefined>} env
 * @param {{ cwd?: string, io?: Io }} [where] another command's directory and streams (default: this process's)
 */
export function initRuntime(env, { cwd = process.cwd(), io = processIo } = {}) {
  rt.env = env;
  rt.sb = env.RUNBOOK_REHEARSAL_DIR || '';
  rt.step = env.RUNBOOK_STEP || '';
  rt.fast = env.RUNBOOK_REHEARSAL_FAST === '1';
  rt.now = Date.now();
  rt.cwd = cwd;
  rt.io = io;
}
