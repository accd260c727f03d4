// Node's module customization hooks for shipped-parser.mjs: the files MARKDOWN_CONTEXT_REUSED edits
// load edited, every other module as it is.
import { fileURLToPath } from 'node:url';
import { MARKDOWN_CONTEXT_REUSED, applyEdits, editsFor } from '../../scripts/esbuild-node.mjs';

const { edits, why } = MARKDOWN_CONTEXT_REUSED;

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  const fileEdits = editsFor(url, edits);
  return fileEdits ? { ...loaded, source: applyEdits(fileURLToPath(url), String(loaded.source), fileEdits, why) } : loaded;
}
