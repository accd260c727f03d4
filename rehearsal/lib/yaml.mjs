// @ts-check
// REHEARSAL toolbox: YAML as kubectl reads and writes it, through the `yaml` package.
import { parseAllDocuments, stringify } from 'yaml';

/**
 * kubectl's `-o yaml` layout: keys sorted (as for unstructured objects), sequences not indented
 * under their key, no line folding.
 * @param {unknown} v
 */
export const toYaml = (v) => stringify(v, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });

/**
 * Every document of a manifest stream (`---` separated); empty documents are left out.
 * @param {string} text
 * @returns {any[]}
 */
export function parseYamlDocs(text) {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return []; // an empty stream
  return docs.map((d) => {
    if (d.errors.length) throw new Error(d.errors[0]?.message ?? 'invalid YAML');
    return d.toJS();
  }).filter((d) => d !== null && d !== undefined);
}
