// What our bundles change in Ink's dependencies (scripts/esbuild-node.mjs), seen in a bundle built the
// same way: Ink's text caches are bounded, so a step that prints different lines for hours does not
// grow the UI; React's build is the production one whatever NODE_ENV says; yoga never calls fetch().
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { nodeBundle, REQUIRE_BANNER, INK_CACHE_LIMIT } from '../scripts/esbuild-node.mjs';
import { ROOT } from './helpers/cli.js';

/**
 * Ink renders `frames` frames of 35 lines never seen before (wider than the screen every seventh);
 * prints the heap growth in MB. Run with NODE_ENV=development: React's development build grows the
 * heap by ~1 KB a line (its performance marks). fetch() throws: yoga must decode its WebAssembly itself.
 */
const SCRIPT = `
globalThis.fetch = () => { throw new Error('fetch() called'); };
const { default: React } = await import('react');
const { render, Box, Text } = await import('ink');
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const out = new Writable({ write(c, e, cb) { cb(); } });
out.columns = 120;
out.rows = 40;
const h = React.createElement;
const line = (n) => \`line \${n} \${'x'.repeat(n % 7 ? 100 : 150)}\`;
const view = (f) => h(Box, { flexDirection: 'column', width: 120 }, Array.from({ length: 35 }, (_, i) => h(Text, { key: i, wrap: 'truncate-end' }, line(f * 35 + i))));
const app = render(view(0), { stdout: out, patchConsole: false, maxFps: 1000 });
const heap = () => { gc(); return process.memoryUsage().heapUsed / 1048576; };
const before = heap();
for (let f = 1; f <= Number(process.argv[2]); f++) {
  app.rerender(view(f));
  if (f % 500 === 0) await new Promise((r) => setImmediate(r));
}
await new Promise((r) => setTimeout(r, 50));
process.stdout.write(String(heap() - before));
app.unmount();
`;

describe('Ink in our bundles', () => {
  it(`run React's production build and yoga without fetch(), and forget past ${INK_CACHE_LIMIT.toLocaleString('en')} texts: 21,000 lines never seen before leave the heap as it was`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-ink-caches-'));
    try {
      writeFileSync(join(dir, 'frames.mjs'), SCRIPT);
      // Built as scripts/bundle.mjs builds dist/bundle/ (split, so Ink's devtools stay a chunk never loaded).
      await build({ ...nodeBundle, entryPoints: [join(dir, 'frames.mjs')], outdir: join(dir, 'out'), format: 'esm', splitting: true, banner: { js: REQUIRE_BANNER }, nodePaths: [join(ROOT, 'node_modules')] });
      const r = spawnSync(process.execPath, [join(dir, 'out', 'frames.js'), '600'], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'development' } });
      expect(r.stderr).toBe('');
      // Bounded, the heap keeps the limit's worth (2.6-2.8 MB); unbounded, it grew by 6.3-6.6 MB.
      expect(Number(r.stdout)).toBeLessThan(4.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
