// Entry of the one-file release: bundled by scripts/release.mjs with the assets and the build facts.
// Nothing here runs at import of the CLI code: src/release.ts sets RELEASE first.
import { fileURLToPath } from 'node:url';
import assets from 'runbook:assets';
import { startRelease } from '../src/release.ts';

/* global RUNBOOK_BUILD */
const sea = RUNBOOK_BUILD.sea;
const self = sea ? [process.execPath] : [process.execPath, fileURLToPath(import.meta.url)];
// A single executable's argv is [exe, exe, ...args]; the bundle's is [node, runbook.mjs, ...args].
startRelease({
  assets,
  argv: process.argv.slice(2),
  version: RUNBOOK_BUILD.version,
  commit: RUNBOOK_BUILD.commit,
  date: RUNBOOK_BUILD.date,
  self,
  sim: async (argv) => {
    // The simulated upgrade.sh that setup writes calls back into this program, not into a sim.mjs file.
    const sim = await import('../rehearsal/lib/sim.mjs');
    sim.setSimEntry([...self, '__sim']);
    return sim.main(argv);
  },
  loadLayout: async () => (await import('yoga-layout')).ready(),
});
