// Front matter: YAML → validated id, languages, title and params, with positions for diagnostics.
import { parseDocument, LineCounter, isMap, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Root } from 'mdast';
import { type Localized, type ParamDef, type ParamType, type Position, type Diagnostic, envName } from './model.js';

const PARAM_TYPES: ParamType[] = ['choice', 'boolean', 'string', 'secret'];
const PARAM_FIELDS = ['type', 'label', 'default', 'choices', 'when', 'example'];
const TOP_FIELDS = ['id', 'languages', 'title', 'params', 'description'];
const LANG_RE = /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/;
const RESERVED_NAMES = new Set(['true', 'false']);

export interface FrontMatter {
  id: string;
  languages: string[];
  title: Localized;
  params: (ParamDef & { position: Position })[];
}

type Report = (position: Position | undefined, severity: Diagnostic['severity'], message: string, rule: string) => void;

export function parseFrontMatter(tree: Root, _path: string, report: Report): FrontMatter | undefined {
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  if (!yamlNode) {
    const stray = tree.children.find((c) => c.type === 'yaml');
    report(stray ? { line: stray.position!.start.line, column: 1 } : { line: 1, column: 1 }, 'error',
      'no front matter: the file must start with a "---" line, then id, languages, title (and params), then "---"', 'front-matter');
    return undefined;
  }
  const baseLine = (yamlNode.position?.start.line ?? 1) + 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlNode.value, { lineCounter, uniqueKeys: true });
  const at = (node: YamlNode | null | undefined): Position => {
    const off = node?.range?.[0] ?? 0;
    const p = lineCounter.linePos(off);
    return { line: baseLine + p.line - 1, column: p.col };
  };
  for (const err of doc.errors) {
    const p = lineCounter.linePos(err.pos[0]);
    report({ line: baseLine + p.line - 1, column: p.col }, 'error', `front matter is not valid YAML: ${err.message.split('\n')[0]}`, 'front-matter');
  }
  if (doc.errors.length) return undefined;
  const root = doc.contents;
  if (!isMap(root)) {
    report({ line: baseLine, column: 1 }, 'error', 'front matter must be a YAML mapping (id: …, languages: […], title: …)', 'front-matter');
    return undefined;
  }
  const get = (map: YAMLMap, key: string) => map.items.find((i) => isScalar(i.key) && i.key.value === key);
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    if (!TOP_FIELDS.includes(key)) report(at(item.key as YamlNode), 'error', `unknown front matter field "${key}"; allowed: ${TOP_FIELDS.join(', ')}`, 'front-matter');
  }
  const js = (node: unknown) => (node && typeof (node as YamlNode).toJSON === 'function' ? (node as YamlNode).toJSON() : (node as { value?: unknown })?.value);

  const idItem = get(root, 'id');
  const id = js(idItem?.value);
  let ok = true;
  if (typeof id !== 'string' || !/^[a-z0-9-]+$/.test(id)) {
    report(idItem ? at(idItem.value as YamlNode) : { line: baseLine, column: 1 }, 'error',
      idItem ? `id "${String(id)}" is malformed; use lower-case letters, digits and "-"` : 'front matter has no id; add e.g. "id: upgrade-global"', 'front-matter');
    ok = false;
  }
  const langItem = get(root, 'languages');
  const languagesRaw = js(langItem?.value);
  let languages: string[] = [];
  if (!Array.isArray(languagesRaw) || languagesRaw.length === 0 || !languagesRaw.every((l) => typeof l === 'string' && LANG_RE.test(l))) {
    report(langItem ? at(langItem.value as YamlNode) : { line: baseLine, column: 1 }, 'error',
      'languages must be a non-empty list of language codes, e.g. "languages: [en, zh, ru]"', 'front-matter');
    ok = false;
  } else {
    languages = [...new Set(languagesRaw as string[])];
    if (languages.length !== languagesRaw.length) report(at(langItem!.value as YamlNode), 'warning', 'languages lists a language twice', 'front-matter');
  }
  const localized = (node: unknown, where: Position, what: string, required: boolean): Localized => {
    const v = js(node);
    if (v === undefined || v === null) {
      if (required) report(where, 'error', `${what} is missing; give it per language, e.g. {${languages.map((l) => `${l}: …`).join(', ')}}`, 'front-matter');
      return {};
    }
    if (typeof v === 'string') {
      if (languages.length > 1) report(where, 'warning', `${what} is one string; give it per language {${languages.join(', ')}}`, 'missing-translation');
      return Object.fromEntries(languages.map((l) => [l, v]));
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      report(where, 'error', `${what} must be a text or a mapping of language to text`, 'front-matter');
      return {};
    }
    const out: Localized = {};
    for (const [l, t] of Object.entries(v as Record<string, unknown>)) {
      if (!languages.includes(l)) report(where, 'warning', `${what} has text for "${l}", which is not in languages [${languages.join(', ')}]`, 'front-matter');
      else if (typeof t !== 'string' && typeof t !== 'number') report(where, 'error', `${what}.${l} must be text`, 'front-matter');
      else out[l] = String(t);
    }
    const missing = languages.filter((l) => out[l] === undefined);
    if (missing.length && Object.keys(out).length) report(where, 'warning', `${what} has no ${missing.join(', ')} text; ${languages[0]} is shown instead`, 'missing-translation');
    return out;
  };
  const titleItem = get(root, 'title');
  const title = localized(titleItem?.value, titleItem ? at(titleItem.value as YamlNode) : { line: baseLine, column: 1 }, 'title', true);

  const params: FrontMatter['params'] = [];
  const paramsItem = get(root, 'params');
  if (paramsItem && paramsItem.value !== null) {
    if (!isMap(paramsItem.value)) {
      report(at(paramsItem.value as YamlNode), 'error', 'params must be a mapping of param name to its definition', 'front-matter');
    } else {
      for (const item of paramsItem.value.items) {
        const name = isScalar(item.key) ? String(item.key.value) : '';
        const where = at(item.key as YamlNode);
        if (!/^[a-z_][a-z0-9_]*$/.test(name) || RESERVED_NAMES.has(name)) {
          report(where, 'error', `param name "${name}" is malformed; use lower-case letters, digits and "_", starting with a letter`, 'param-schema');
          continue;
        }
        if (!isMap(item.value)) { report(where, 'error', `param "${name}" must be a mapping with at least "type"`, 'param-schema'); continue; }
        const def = item.value;
        for (const f of def.items) {
          const k = isScalar(f.key) ? String(f.key.value) : '';
          if (!PARAM_FIELDS.includes(k)) report(at(f.key as YamlNode), 'error', `unknown field "${k}" in param "${name}"; allowed: ${PARAM_FIELDS.join(', ')}`, 'param-schema');
        }
        const type = js(get(def, 'type')?.value);
        if (!PARAM_TYPES.includes(type as ParamType)) {
          report(where, 'error', `param "${name}" has type ${JSON.stringify(type ?? null)}; use one of ${PARAM_TYPES.join(', ')}`, 'param-schema');
          continue;
        }
        const param: FrontMatter['params'][number] = {
          name, type: type as ParamType, env: envName(name), position: where,
          label: localized(get(def, 'label')?.value, where, `label of param "${name}"`, true),
        };
        const choices = js(get(def, 'choices')?.value);
        if (type === 'choice') {
          if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => ['string', 'number', 'boolean'].includes(typeof c)))
            report(where, 'error', `choice param "${name}" needs "choices: [a, b, …]"`, 'param-schema');
          else param.choices = choices.map(String);
        } else if (choices !== undefined) report(where, 'error', `"choices" only goes with type choice (param "${name}")`, 'param-schema');
        const dflt = js(get(def, 'default')?.value);
        if (dflt !== undefined && dflt !== null) {
          if (type === 'secret') report(where, 'error', `secret param "${name}" cannot have a default (it would be stored in the runbook)`, 'param-schema');
          else if (type === 'boolean') {
            if (typeof dflt !== 'boolean') report(where, 'error', `default of boolean param "${name}" must be true or false`, 'param-schema');
            else param.default = dflt;
          } else {
            param.default = String(dflt);
            if (param.choices && !param.choices.includes(param.default)) report(where, 'error', `default "${param.default}" of param "${name}" is not one of its choices: ${param.choices.join(', ')}`, 'param-schema');
          }
        }
        const example = js(get(def, 'example')?.value);
        if (example !== undefined && example !== null) {
          param.example = String(example);
          if (param.choices && !param.choices.includes(param.example)) report(where, 'error', `example "${param.example}" of param "${name}" is not one of its choices: ${param.choices.join(', ')}`, 'param-schema');
        }
        const when = js(get(def, 'when')?.value);
        if (when !== undefined && when !== null) {
          if (typeof when !== 'string' && typeof when !== 'boolean') report(where, 'error', `"when" of param "${name}" must be an expression`, 'param-schema');
          else param.when = String(when);
        }
        params.push(param);
      }
    }
  }
  if (!ok) return undefined;
  return { id: id as string, languages, title, params };
}
