// npm run release: release/runbook.mjs (one ES module file, every dependency bundled, runs on
// Node >= 20), release/runbook-linux-x64 (a Node single executable application: this machine's node
// with a CommonJS bundle injected by postject) and release/SHA256SUMS. Both carry the shipped
// runbooks/ and the rehearsal/ toolbox (unpacked at run time by src/release.ts).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { buildInfo } from './git-info.mjs';
import { REQUIRE_BANNER, dependencyEdits, nodeBundle } from './esbuild-node.mjs';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'release');
const WORK = join(OUT, '.build');
const ASSET_DIRS = ['runbooks', 'rehearsal'];
const SEA_NAME = `runbook-${process.platform}-${process.arch}`;

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const info = buildInfo(ROOT);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const assets = collectAssets();
await bundle('esm', join(OUT, 'runbook.mjs'));
await bundle('cjs', join(WORK, 'runbook.cjs'));
singleExecutable(join(WORK, 'runbook.cjs'), join(OUT, SEA_NAME));
rmSync(WORK, { recursive: true, force: true });
const sums = ['runbook.mjs', SEA_NAME].map((f) => `${createHash('sha256').update(readFileSync(join(OUT, f))).digest('hex')}  ${f}\n`).join('');
writeFileSync(join(OUT, 'SHA256SUMS'), sums);
process.stdout.write(`release/ (${pkg.version}, commit ${info.commit}):\n${sums}`);

/** Every file of runbooks/ and rehearsal/ with its mode, and a hash over all of them. */
function collectAssets() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push([relative(ROOT, p), statSync(p).mode & 0o777, readFileSync(p, 'utf8')]);
    }
  };
  for (const d of ASSET_DIRS) walk(join(ROOT, d));
  const hash = createHash('sha256');
  for (const [p, mode, text] of files) hash.update(`${p}\0${mode}\0${text.length}\0${text}`);
  return { hash: hash.digest('hex'), files };
}

async function bundle(format, outfile) {
  const sea = format === 'cjs';
  await build({
    entryPoints: [join(ROOT, 'scripts', 'release-entry.mjs')],
    ...nodeBundle,
    outfile,
    format,
    minify: true,
    legalComments: 'none',
    // Every import.meta.url read in the CommonJS bundle is guarded: env.ts takes RELEASE.root, the
    // entry reads it only for the ES module, the toolbox's is rewritten (toolboxInPlace).
    logOverride: { 'empty-import-meta': 'silent' },
    define: {
      RUNBOOK_BUILD: JSON.stringify({ version: pkg.version, commit: info.commit, date: info.date, sea }),
    },
    banner: sea ? {} : { js: REQUIRE_BANNER },
    plugins: [...nodeBundle.plugins, assetsPlugin(), yogaLoadedLater(), withoutTopLevelAwait(), toolboxInPlace()],
  });
}

/** `runbook:assets`: the shipped files as one module. */
function assetsPlugin() {
  return {
    name: 'runbook-assets',
    setup(b) {
      b.onResolve({ filter: /^runbook:assets$/ }, () => ({ path: 'assets', namespace: 'runbook-assets' }));
      b.onLoad({ filter: /.*/, namespace: 'runbook-assets' }, () => ({ contents: JSON.stringify(assets), loader: 'json' }));
    },
  };
}

/**
 * The toolbox modules find their files (package/upgrade.sh) from import.meta.url: in a bundle that
 * is their unpacked copy (RELEASE.root, set before they load), not the bundle.
 */
function toolboxInPlace() {
  return {
    name: 'toolbox-in-place',
    setup(b) {
      b.onLoad({ filter: /[\\/]rehearsal[\\/]lib[\\/][^\\/]+\.mjs$/ }, (args) => {
        const rel = JSON.stringify(relative(ROOT, args.path));
        const url = `require('node:url').pathToFileURL(require('node:path').join(globalThis.runbookRelease.root, ${rel})).href`;
        return { contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', url), loader: 'js' };
      });
    },
  };
}

/** `yoga-layout` (not `yoga-layout/load`) is scripts/yoga-layout.mjs. */
function yogaLoadedLater() {
  return {
    name: 'yoga-loaded-later',
    setup(b) {
      b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: join(ROOT, 'scripts', 'yoga-layout.mjs') }));
    },
  };
}

/**
 * Ink's reconciler awaits its devtools at the top level when DEV=true; a CommonJS bundle cannot
 * hold top-level await, and the release ships no devtools.
 */
function withoutTopLevelAwait() {
  return dependencyEdits('ink-without-top-level-await', 'withoutTopLevelAwait in scripts/release.mjs', {
    'ink/build/reconciler.js': [
      ["await import('./devtools.js');", 'void 0;'],
      ['await loadPackageJson()', '{ name: undefined, version: undefined }'],
    ],
  });
}

/** Node's single executable application: this node binary with the bundle injected as its main script. */
function singleExecutable(script, out) {
  const blob = join(WORK, 'sea.blob');
  const config = join(WORK, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
  quiet(process.execPath, ['--experimental-sea-config', config]);
  copyFileSync(process.execPath, out);
  chmodSync(out, 0o755);
  const postject = join(ROOT, 'node_modules', 'postject', 'dist', 'cli.js');
  quiet(process.execPath, [postject, out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2']);
  process.stdout.write(`${basename(out)}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB\n`);
}

/** Run a build tool; its chatter (postject warns about ELF note sections it skips) only when it fails. */
function quiet(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
    throw e;
  }
}
