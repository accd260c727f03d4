// --params-file F.yaml: a mapping of name: value, read as written (a number keeps its text).
// Imported only when a params file is given (commands/shared/load.ts): YAML costs ~40 ms to load,
// most of a cached `plan`.
import { readFileSync } from 'node:fs';
import { parseDocument, isMap, isScalar } from 'yaml';

/** The raw values of a params file; throws an Error whose first line says what is wrong. */
export function readParamsFile(file: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new Error('expected a mapping of name: value');
  for (const item of isMap(root) ? root.items : []) {
    const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
    const v = item.value;
    // Numbers keep their text: "from: 4.0" means "4.0", not 4.
    if (isScalar(v)) out[key] = typeof v.value === 'number' && typeof v.source === 'string' && v.source ? v.source : v.value;
    else throw new Error(`the value of "${key}" must be a single value, not a list or mapping`);
  }
  return out;
}
