// runbook __sim TOOL ARGS (hidden): runs one tool of the rehearsal toolbox (rehearsal/lib/sim.mjs)
// in this process, for the stand-ins in rehearsal/bin when there is no `node` to run them with:
// a single executable carries the toolbox inside itself.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, RELEASE } from '../engine/core/env.js';

type SimMain = (argv: string[]) => Promise<number>;

export async function command(argv: string[]): Promise<number> {
  const main = RELEASE?.sim ?? ((await import(pathToFileURL(join(PROJECT_ROOT, 'rehearsal', 'lib', 'sim.mjs')).href)) as { main: SimMain }).main;
  return main(argv);
}
