// Ink caches every text it measures or cuts to width, for good; our bundles bound those caches
// (scripts/esbuild-node.mjs). A step that prints different lines for hours must not grow the UI.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { nodeBundle, REQUIRE_BANNER, INK_CACHE_LIMIT } from '../scripts/esbuild-node.mjs';
import { ROOT } from './helpers/cli.js';

/**
 * Ink, in React's production build as the UI loads it (ui/tui/index.tsx), renders `frames` frames of
 * 35 lines never seen before (wider than the screen every seventh); prints the heap growth in MB.
 */
const SCRIPT = `
import React from 'react';
import { render, Box, Text } from 'ink';
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

describe("Ink's text caches in our bundles", () => {
  it(`forget past ${INK_CACHE_LIMIT.toLocaleString('en')} texts: 21,000 lines never seen before leave the heap as it was`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-ink-caches-'));
    try {
      writeFileSync(join(dir, 'frames.mjs'), SCRIPT);
      // Built as scripts/bundle.mjs builds dist/bundle/ (split, so Ink's devtools stay a chunk never loaded).
      await build({ ...nodeBundle, entryPoints: [join(dir, 'frames.mjs')], outdir: join(dir, 'out'), format: 'esm', splitting: true, banner: { js: REQUIRE_BANNER }, nodePaths: [join(ROOT, 'node_modules')] });
      const r = spawnSync(process.execPath, [join(dir, 'out', 'frames.js'), '600'], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
      expect(r.stderr).toBe('');
      // Bounded, the heap keeps the limit's worth (2.6-2.8 MB); unbounded, it grew by 6.3-6.6 MB.
      expect(Number(r.stdout)).toBeLessThan(4.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
