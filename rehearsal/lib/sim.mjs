// @ts-check
// REHEARSAL toolbox: one simulated ACP platform behind kubectl, helm3, curl, df, violet and the
// package's upgrade.sh. State: $RUNBOOK_REHEARSAL_DIR/sim-state.json (see rehearsal/README.md).
// Entry point: `node sim.mjs TOOL ARGS…` (the stand-ins in rehearsal/bin), or main([TOOL, …ARGS])
// from a program that bundles the simulation.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initRuntime, rt } from './runtime.mjs';
import { Exit, HandBack, err, fail } from './util.mjs';

export { setSimEntry } from './package-files.mjs';

const helm = async () => (await import('./helm.mjs')).helm;

/**
 * Each tool's module, loaded only when that tool runs: a simulated command run as its own node
 * process (no toolbox server: serve.mjs) paid about as much again to load the modules of all tools.
 * @type {Record<string, () => Promise<(args: string[]) => unknown>>}
 */
const TOOLS = {
  kubectl: async () => (await import('./kubectl.mjs')).kubectl,
  helm,
  helm3: helm,
  curl: async () => (await import('./curl.mjs')).curl,
  df: async () => (await import('./df.mjs')).df,
  violet: async () => (await import('./violet.mjs')).violet,
  'upgrade.sh': async () => (await import('./upgrade-sh.mjs')).upgradeSh,
};

/**
 * Run one simulated tool.
 * @param {string[]} argv [TOOL, ...ARGS]; TOOL is `setup` or a simulated tool
 * @param {Record<string, string | undefined>} [env] its environment (default: this process's)
 * @param {{ cwd?: string, io?: import('./runtime.mjs').Io }} [where] its directory and streams (default: this process's)
 * @returns {Promise<number>} its exit code
 */
export async function main(argv, env = process.env, where = {}) {
  initRuntime(env, where);
  const [tool = '', ...args] = argv;
  try {
    if (tool === 'setup') (await import('./setup.mjs')).setup();
    else {
      if (!rt.sb) fail(2, `rehearsal: ${tool} is the REHEARSAL stand-in and RUNBOOK_REHEARSAL_DIR is not set: refusing to run (this is not the real ${tool})`);
      const load = Object.hasOwn(TOOLS, tool) ? TOOLS[tool] : undefined;
      if (!load) fail(2, `rehearsal: unknown tool ${tool}`);
      else if (missingTools().includes(tool)) fail(127, `bash: ${tool}: command not found\n[REHEARSAL] ${tool} is not installed on this simulated node (RUNBOOK_REHEARSAL_MISSING_TOOLS)`);
      else await (await load())(args);
    }
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof HandBack) throw e;
    err(`rehearsal: internal error: ${e instanceof Error && e.stack ? e.stack : e}\n`);
    return 70;
  }
}

/** Tools the simulated node does not have: RUNBOOK_REHEARSAL_MISSING_TOOLS=helm3[,…] (helm3 also hides helm). */
function missingTools() {
  const list = (rt.env.RUNBOOK_REHEARSAL_MISSING_TOOLS || '').split(',').map((s) => s.trim()).filter(Boolean);
  return list.includes('helm3') ? [...list, 'helm'] : list;
}

/**
 * True when this file is the program node was started with. Not when imported, nor inside a bundle:
 * there import.meta.url is the bundle's own file, which is not called sim.mjs.
 */
function runDirectly() {
  const started = process.argv[1];
  if (!started || !started.endsWith('sim.mjs')) return false;
  try { return fs.realpathSync(started) === fs.realpathSync(fileURLToPath(import.meta.url)); } catch { return false; }
}

if (runDirectly()) {
  process.stdout.on('error', (e) => { if (/** @type {NodeJS.ErrnoException} */ (e).code === 'EPIPE') process.exit(0); throw e; });
  // No top-level await: the single executable holds this module in a CommonJS bundle.
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
