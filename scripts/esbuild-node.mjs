// What every bundle of ours shares (scripts/bundle.mjs for bin/runbook.js, scripts/release.mjs for
// the release): Node 20, ES modules with `require` for the CommonJS dependencies' node builtins,
// none of Ink's optional React devtools, React's production build only, yoga's WebAssembly decoded
// in place, Ink's text caches bounded, and the markdown parser's context reused.
import { readFileSync } from 'node:fs';

export const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** Texts each of Ink's caches keeps before it starts afresh: a few screens' worth. */
export const INK_CACHE_LIMIT = 10_000;

/**
 * `text` (the file at `path`) with each [text, replacement] pair of `edits` applied. Throws when a text
 * is not found (the package changed there): `why` says which edit to revisit.
 */
export function applyEdits(path, text, edits, why) {
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${path}: "${from}" not found; the package changed, revisit ${why}`);
    text = text.replace(from, to);
  }
  return text;
}

/** The [text, replacement] pairs `edits` holds for the file at `path` (or file: URL), if it is one of its files. */
export function editsFor(path, edits) {
  return edits[path.split('/node_modules/').pop()];
}

/**
 * An esbuild plugin that edits files of our dependencies as it bundles them: `edits` maps a path
 * under node_modules/ (`ink/build/wrap-text.js`) to [text, replacement] pairs (applyEdits).
 */
export function dependencyEdits(name, why, edits) {
  const files = Object.keys(edits).map((f) => f.replace(/[.-]/g, '\\$&')).join('|');
  return {
    name,
    setup(b) {
      b.onLoad({ filter: new RegExp(`/node_modules/(${files})$`) }, (args) => {
        return { contents: applyEdits(args.path, readFileSync(args.path, 'utf8'), editsFor(args.path, edits), why), loader: 'js' };
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
  return dependencyEdits('ink-caches-bounded', 'inkCachesBounded in scripts/esbuild-node.mjs', {
    'ink/build/measure-text.js': [['    cache.set(text, dimensions);', `    if (cache.size >= ${INK_CACHE_LIMIT}) cache.clear();\n    cache.set(text, dimensions);`]],
    'ink/build/wrap-text.js': [
      ['const cache = {};', 'let cache = {};\nlet cached = 0;'],
      ['    cache[cacheKey] = wrappedText;', `    if (++cached > ${INK_CACHE_LIMIT}) {\n        cache = {};\n        cached = 1;\n    }\n    cache[cacheKey] = wrappedText;`],
    ],
  });
}

const PRODUCTION_TEST = "process.env.NODE_ENV === 'production'";

/**
 * React, its reconciler and its scheduler pick their development or production build by NODE_ENV
 * when loaded. The terminal UI always wants the production one (faster, and no development
 * warnings written over the screen), so the bundles carry only it: the development builds were
 * half of the UI's code, all of it compiled at every start.
 */
function reactProductionOnly() {
  const entries = ['react/index.js', 'react/jsx-runtime.js', 'react-reconciler/index.js', 'react-reconciler/constants.js', 'scheduler/index.js'];
  return dependencyEdits('react-production-only', 'reactProductionOnly in scripts/esbuild-node.mjs', Object.fromEntries(entries.map((e) => [e, [[PRODUCTION_TEST, 'true']]])));
}

/**
 * yoga-layout carries its WebAssembly as a data: URL, which its loader hands to fetch() whenever
 * fetch exists, as it does in Node 20: that loads undici (~0.2 s) only to decode a string. Decode
 * it in place, as the loader does where there is no fetch.
 */
function yogaDecodedInPlace() {
  return dependencyEdits('yoga-decoded-in-place', 'yogaDecodedInPlace in scripts/esbuild-node.mjs', {
    'yoga-layout/dist/binaries/yoga-wasm-base64-esm.js': [['"function"!=typeof fetch?Promise.resolve()', 'true?Promise.resolve()']],
  });
}

/**
 * mdast-util-from-markdown calls the handler of each event of the parse with `this` a fresh copy of
 * its context and that event's sliceSerialize: the copies were ~12% of a cold `lint runbooks/`
 * (median of 21 alternating runs: 759 → 658 ms). The handlers (its own, mdast-util-directive's and
 * mdast-util-frontmatter's) only read `this` during the call, so one context with sliceSerialize
 * set before each call serves them all. The tests load the parser with the same edit
 * (test/helpers/shipped-parser.mjs), so every test that parses runs it; test/cache.test.ts compares
 * the bundle's models with the sources'.
 */
export const MARKDOWN_CONTEXT_REUSED = {
  why: 'MARKDOWN_CONTEXT_REUSED in scripts/esbuild-node.mjs',
  edits: {
    'mdast-util-from-markdown/lib/index.js': [[
      'handler[events[index][1].type].call({\n          ...context,\n          sliceSerialize: events[index][2].sliceSerialize\n        }, events[index][1]);',
      'context.sliceSerialize = events[index][2].sliceSerialize;\n        handler[events[index][1].type].call(context, events[index][1]);',
    ]],
  },
};

function markdownContextReused() {
  return dependencyEdits('markdown-context-reused', MARKDOWN_CONTEXT_REUSED.why, MARKDOWN_CONTEXT_REUSED.edits);
}

export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['react-devtools-core'],
  plugins: [inkCachesBounded(), reactProductionOnly(), yogaDecodedInPlace(), markdownContextReused()],
};
