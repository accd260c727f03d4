// What every bundle of ours shares (scripts/bundle.mjs for bin/runbook.js, scripts/release.mjs for
// the release): Node 20, ES modules with `require` for the CommonJS dependencies' node builtins, and
// none of Ink's optional React devtools.
export const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['react-devtools-core'],
};
