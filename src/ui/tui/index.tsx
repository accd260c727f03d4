// The Ink UI of `runbook run` / `runbook resume` (loaded only by those commands).
// It asks for params, opens the run through TuiOptions.open and walks the steps with the operator;
// every decision goes through RunController. Returns the exit code of section 6 of the contract.
import type { TuiOptions } from '../../engine/execution/run-api.js';

export async function runTui(opts: TuiOptions): Promise<number> {
  // React and its reconciler pick their build when first loaded: take the production one (faster,
  // and no development warnings written over the screen), without changing the environment that
  // steps inherit afterwards.
  const prev = process.env.NODE_ENV;
  if (prev === undefined) process.env.NODE_ENV = 'production';
  let main: typeof import('./main.js');
  try {
    main = await import('./main.js');
  } finally {
    if (prev === undefined) delete process.env.NODE_ENV;
  }
  return main.runTuiMain(opts);
}
