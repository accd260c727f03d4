// What every bundle of ours shares (scripts/bundle.mjs for bin/runbook.js, scripts/release.mjs for
// the release): Node 20, ES modules with `require` for the CommonJS dependencies' node builtins,
// none of Ink's optional React devtools, and Ink's text caches bounded (inkCachesBounded).
import { readFileSync } from 'node:fs';

export const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** Texts each of Ink's caches keeps before it starts afresh: a few screens' worth. */
export const INK_CACHE_LIMIT = 10_000;

/**
 * An esbuild plugin that edits files of Ink's build as it bundles them: `edits` maps a file name in
 * ink/build/ to [text, replacement] pairs. The build fails when a text is not found (Ink changed
 * there): `why` says which edit to revisit.
 */
export function inkEdits(name, why, edits) {
  const files = Object.keys(edits).map((f) => f.replace(/[.-]/g, '\\$&')).join('|');
  return {
    name,
    setup(b) {
      b.onLoad({ filter: new RegExp(`[\\\\/]ink[\\\\/]build[\\\\/](${files})$`) }, (args) => {
        let text = readFileSync(args.path, 'utf8');
        for (const [from, to] of edits[args.path.split(/[\\/]/).pop()]) {
          if (!text.includes(from)) throw new Error(`${args.path}: "${from}" not found; Ink changed, revisit ${why}`);
          text = text.replace(from, to);
        }
        return { contents: text, loader: 'js' };
      });
    },
  };
}

/**
 * Ink keeps every text it ever measured (measure-text.js) or cut to width (wrap-text.js) in module
 * caches that are never emptied. A step printing different lines shows up to ~350 new ones a second
 * at 10 frames, each kept for good: 21,000 lines of ~110 characters grew the heap by 6.5 MB, a few
 * hundred MB for an hour of such a step. In our bundles each cache starts afresh past
 * INK_CACHE_LIMIT texts (the same lines: 2.7 MB, flat); a text shown again is measured again.
 * test/ink-caches.test.ts.
 */
function inkCachesBounded() {
  return inkEdits('ink-caches-bounded', 'inkCachesBounded in scripts/esbuild-node.mjs', {
    'measure-text.js': [['    cache.set(text, dimensions);', `    if (cache.size >= ${INK_CACHE_LIMIT}) cache.clear();\n    cache.set(text, dimensions);`]],
    'wrap-text.js': [
      ['const cache = {};', 'let cache = {};\nlet cached = 0;'],
      ['    cache[cacheKey] = wrappedText;', `    if (++cached > ${INK_CACHE_LIMIT}) {\n        cache = {};\n        cached = 1;\n    }\n    cache[cacheKey] = wrappedText;`],
    ],
  });
}

export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['react-devtools-core'],
  plugins: [inkCachesBounded()],
};
