// @ts-check
// REHEARSAL toolbox: YAML as kubectl reads and writes it, through the `yaml` package. The package is
// loaded only by the commands that need it (loadYaml): every simulated command is its own process,
// and most of them never touch YAML.

/** @type {typeof import('yaml') | null} */
let lib = null;

/** Load the `yaml` package; call before toYaml/parseYamlDocs. */
export async function loadYaml() { lib ??= await import('yaml'); }

function yaml() {
  if (!lib) throw new Error('the yaml package is not loaded (loadYaml)');
  return lib;
}

/**
 * kubectl's `-o yaml` layout: keys sorted (as for unstructured objects), sequences not indented
 * under their key, no line folding.
 * @param {unknown} v
 */
export const toYaml = (v) => yaml().stringify(v, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });

/**
 * Every document of a manifest stream (`---` separated); empty documents are left out.
 * @param {string} text
 * @returns {any[]}
 */
export function parseYamlDocs(text) {
  const docs = yaml().parseAllDocuments(text);
  if (!Array.isArray(docs)) return []; // an empty stream
  return docs.map((d) => {
    if (d.errors.length) throw new Error(d.errors[0]?.message ?? 'invalid YAML');
    return d.toJS();
  }).filter((d) => d !== null && d !== undefined);
}
