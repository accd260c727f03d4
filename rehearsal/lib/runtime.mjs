// @ts-check
// REHEARSAL toolbox: what one simulated command runs with. Set once per call of main(), so that the
// simulation can run in-process (a bundled runbook binary) as well as as its own node process.

/**
 * @typedef {object} Runtime
 * @property {Record<string, string | undefined>} env  the environment of the simulated command
 * @property {string} sb    the sandbox, $RUNBOOK_REHEARSAL_DIR ('' when unset)
 * @property {string} step  the runbook step running the command, $RUNBOOK_STEP
 * @property {boolean} fast no delays (tests), $RUNBOOK_REHEARSAL_FAST=1
 * @property {number} now   the time the command started, in ms
 */

/** @type {Runtime} */
export const rt = { env: {}, sb: '', step: '', fast: false, now: 0 };

/** @param {Record<string, string | undefined>} env */
export function initRuntime(env) {
  rt.env = env;
  rt.sb = env.RUNBOOK_REHEARSAL_DIR || '';
  rt.step = env.RUNBOOK_STEP || '';
  rt.fast = env.RUNBOOK_REHEARSAL_FAST === '1';
  rt.now = Date.now();
}
