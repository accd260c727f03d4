// Loaded by vitest's workers before any test (vitest.config.ts, execArgv): the markdown parser loads
// with the edit our bundles make to it (MARKDOWN_CONTEXT_REUSED in scripts/esbuild-node.mjs), so that
// every test that parses runs the parser the binary runs. The edit is applied as Node loads the file
// (shipped-parser-hooks.mjs).
import { register } from 'node:module';

register('./shipped-parser-hooks.mjs', import.meta.url);
