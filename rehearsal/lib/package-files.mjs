// @ts-check
// REHEARSAL toolbox: the files of the simulated unpacked package, and how its upgrade.sh calls back
// into the simulation. The one place that knows where the simulation lives: nothing else reads or
// names the toolbox's own files at run time.
import { fileURLToPath } from 'node:url';

const TOOL_SH = fileURLToPath(new URL('./tool.sh', import.meta.url));

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

/** Run from the source tree as the stand-ins in rehearsal/bin are (tool.sh). */
function fromSource() {
  return `. ${quote(TOOL_SH)} upgrade.sh "$@"`;
}

/**
 * @param {string} target platform version of the package
 * @param {string} sandbox
 */
export const packageMarker = (target, sandbox) => `Simulated unpacked ACP ${target} upgrade package (REHEARSAL).\nOnly upgrade.sh is functional; it drives the simulated platform in ${sandbox}.\n`;
