import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import { V8_FLAG } from './src/engine/core/v8-tuning.js';

/**
 * Test files that need modules loaded afresh: one mocks a module of ours, one sets FORCE_COLOR before
 * chalk reads it. Every other file shares its worker's loaded modules with the files run before it.
 */
const FRESH_MODULES = ['test/lint-internal.test.ts', 'test/tui-color.test.tsx'];

/**
 * Packages resolved as the binary resolves them. Vitest adds the "development" export condition,
 * which gives the markdown parser (micromark and its extensions, mdast-util-from-markdown) their
 * builds full of internal assertions, which the binary never runs: the files that parse most took
 * 10-15% more CPU with them.
 */
function shippedBuilds(): Plugin {
  return {
    name: 'shipped-builds',
    // once resolved: vitest's own config hook adds its default conditions to any given here. The ssr
    // options give the workers' --conditions; the environments', Vite's own resolution of a package
    // a test or a source file imports.
    configResolved(config) {
      for (const { resolve } of [config.ssr, ...Object.values(config.environments)]) {
        if (resolve?.conditions) resolve.conditions = resolve.conditions.filter((c) => !c.startsWith('development'));
      }
    },
  };
}

export default defineConfig({
  plugins: [shippedBuilds()],
  // .tsx tests (Ink components) use the automatic JSX runtime, as tsconfig's "jsx": "react-jsx".
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    // The pseudo-terminal tests drive the real binary in tmux and wait for real steps.
    testTimeout: 120_000,
    // More test files at once than cores (vitest's default is one less): most of these tests wait for
    // child processes (the CLI, bash, the rehearsal toolbox, tmux), so two cores run three or four
    // files well; on 2 cores the suite took 8-10 minutes with one worker.
    maxWorkers: availableParallelism() + 1,
    hookTimeout: 60_000,
    // Builds the binary the tests run when it is older than its sources; the suite's own cache directory.
    globalSetup: ['test/global-setup.ts'],
    // The parser with the edit our bundles make to it (test/helpers/shipped-parser.mjs): ~20% less CPU
    // in the files that parse most, and a wrong edit fails the tests that parse. And V8 tuned as the
    // binary tunes itself (src/engine/core/v8-tuning.ts): the five files that parse most took 60-69 s
    // of CPU with it against 75-82 s without it (three alternating pairs).
    execArgv: ['--import', join(import.meta.dirname, 'test', 'helpers', 'shipped-parser.mjs'), V8_FLAG],
    projects: [
      // Loading src/ afresh for each file cost about 20 s of CPU of the whole suite's 450 s.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.{ts,tsx}'], exclude: FRESH_MODULES, isolate: false } },
      { extends: true, test: { name: 'fresh', include: FRESH_MODULES } },
    ],
  },
});
