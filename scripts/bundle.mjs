// dist/bundle/: the CLI as bin/runbook.js loads it, our code and its dependencies in a few files
// instead of ~500 modules resolved one by one (start-up of a one-step run: 0.52 → 0.33 s of CPU).
// Split at every dynamic import, so what a command loads lazily (Ink, the markdown parser, YAML)
// stays out of the commands that do not need it. Not minified: stack traces keep our names.
// Run by `npm run build` (also `prepare`, and `npm test` when a source changed), after tsc has checked the types.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRE_BANNER, nodeBundle } from './esbuild-node.mjs';
// tsc has just built it (npm run build): the file name has one definition.
import { BUILD_ID_FILE } from '../dist/engine/core/env.js';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  ...nodeBundle,
  entryPoints: [join(root, 'src', 'cli.ts')],
  outdir,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: REQUIRE_BANNER },
  metafile: true,
});
// What the analysis cache's entries are valid for (src/commands/shared/analysis-cache.ts).
const hash = createHash('sha256');
for (const file of Object.keys(metafile.outputs).sort()) hash.update(`${file}\0`).update(readFileSync(join(root, file)));
writeFileSync(join(outdir, BUILD_ID_FILE), `${hash.digest('hex')}\n`);
