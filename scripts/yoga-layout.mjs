// Stands in for `yoga-layout` in the release bundles: the package's main module loads its
// WebAssembly with top-level await, which a CommonJS bundle (the single executable) cannot hold.
// This one loads it through `yoga-layout/load` when ready() is awaited (before the terminal UI is
// imported, see src/commands/run.ts), and hands Ink the loaded instance through the same default export.
import { loadYoga } from 'yoga-layout/load';

export * from 'yoga-layout/load';

let yoga;

export async function ready() {
  yoga ??= await loadYoga();
}

export default new Proxy({}, {
  get(_, key) {
    if (!yoga) throw new Error('yoga-layout used before ready() was awaited');
    return yoga[key];
  },
});
