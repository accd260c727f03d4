// @ts-check
// REHEARSAL toolbox: the files of the simulated unpacked package, and how its upgrade.sh calls back
// into the simulation. The one place that knows where the simulation lives: nothing else reads or
// names the toolbox's own files at run time.
import { fileURLToPath } from 'node:url';

const SIM_FILE = fileURLToPath(new URL('./sim.mjs', import.meta.url));

/** @type {string[] | undefined} the command line that runs the simulation, when a bundle said so */
let simEntry;

/**
 * A bundled runbook binary runs the simulation itself (e.g. `runbook __sim`): it calls this before main().
 * @param {string[]} argvPrefix
 */
export function setSimEntry(argvPrefix) { simEntry = [...argvPrefix]; }

/** @param {string} s */
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The package's upgrade.sh: refuses outside a sandbox, then hands over to the simulation. */
export function upgradeShScript() {
  return `#!/usr/bin/env bash
# [REHEARSAL] simulated upgrade.sh of the unpacked ACP package, written by rehearsal/setup into the
# sandboxed PACKAGE_DIR. It drives the simulated platform only (see rehearsal/README.md).
if [ -z "\${RUNBOOK_REHEARSAL_DIR:-}" ]; then
  echo "[REHEARSAL] this upgrade.sh is simulated and RUNBOOK_REHEARSAL_DIR is not set: refusing to run." >&2
  exit 2
fi
${simEntry ? `exec ${simEntry.map(quote).join(' ')} upgrade.sh "$@"` : fromSource()}
`;
}

/** Run from the source tree: node when it is on PATH, else the runbook that runs this rehearsal. */
function fromSource() {
  return `if command -v node >/dev/null 2>&1; then exec node ${quote(SIM_FILE)} upgrade.sh "$@"; fi
# No node on PATH: the runbook that runs this rehearsal (a single executable needs none) runs it.
if [ -n "\${RUNBOOK_SELF:-}" ]; then exec "$RUNBOOK_SELF" \${RUNBOOK_SELF_SCRIPT:+"$RUNBOOK_SELF_SCRIPT"} __sim upgrade.sh "$@"; fi
exec ${quote(process.execPath)} ${quote(SIM_FILE)} upgrade.sh "$@"`;
}

/**
 * @param {string} target platform version of the package
 * @param {string} sandbox
 */
export const packageMarker = (target, sandbox) => `Simulated unpacked ACP ${target} upgrade package (REHEARSAL).\nOnly upgrade.sh is functional; it drives the simulated platform in ${sandbox}.\n`;
