// Front matter: YAML → validated id, languages, title and params, with positions for diagnostics.
// Never throws: every problem becomes a diagnostic that says what is wrong and what to write instead.
import { parseDocument, isMap, isScalar, isSeq, visit, type Node as YamlNode, type YAMLMap, type Pair } from 'yaml';
import type { Root } from 'mdast';
import { STEP_KINDS, type Localized, type ParamDef, type ParamType, type Position, type Diagnostic, type LintMessage, envName } from './model.js';
import { slugify, suggestMsg } from './hints.js';
import { msg } from '../../i18n/lint-text.js';

const PARAM_TYPES: ParamType[] = ['choice', 'boolean', 'string', 'secret'];
const PARAM_FIELDS = ['type', 'label', 'default', 'choices', 'when', 'example'];
const TOP_FIELDS = ['id', 'languages', 'title', 'params', 'description'];
const LANG_RE = /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/;
const ID_RE = /^[a-z0-9-]+$/;
const PARAM_NAME_RE = /^[a-z_][a-z0-9_]*$/;
const RESERVED_NAMES = new Set(['true', 'false']);
/** Directive names a language code may not take (a `:::run` block would be read as a step). */
export const RESERVED_DIRECTIVES: readonly string[] = ['if', ...STEP_KINDS];
/**
 * Environment variables a param or capture must not replace: the step's shell depends on them, or the
 * runner sets them itself.
 */
const PROTECTED_ENV = new Set([
  'PATH', 'HOME', 'SHELL', 'PWD', 'OLDPWD', 'IFS', 'ENV', 'BASH_ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4',
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'BASH', 'BASHPID', 'UID', 'EUID', 'PPID', 'RANDOM', 'LINENO', 'SECONDS',
]);
export function protectedEnv(name: string): boolean {
  return PROTECTED_ENV.has(name) || name.startsWith('RUNBOOK_') || name.startsWith('BASH_');
}

export interface FrontMatterParam extends ParamDef {
  position: Position;
  /** Where the `when` expression's text starts, and whether it maps character for character to it. */
  whenPosition?: Position;
  whenExact?: boolean;
  /** The definition has a default or an example field (even an invalid one). */
  valueGiven?: boolean;
}

export interface FrontMatter {
  id: string;
  languages: string[];
  title: Localized;
  params: FrontMatterParam[];
  /** False when id or languages could not be read: the file can be linted but not used. */
  usable: boolean;
}

type Report = (position: Position | undefined, severity: Diagnostic['severity'], message: LintMessage, rule: string) => void;

const FM_EXAMPLE = '"---", then "id: my-runbook", "languages: [en, zh, ru]", "title: {en: …, zh: …, ru: …}", then "---"';

/**
 * Read the front matter of a parsed tree. Returns undefined only when there is none at all; otherwise a
 * FrontMatter whose `usable` says whether the id and languages could be read (the body can be checked either way).
 */
export function parseFrontMatter(tree: Root, source: string, report: Report): FrontMatter | undefined {
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  if (!yamlNode) {
    const first = /^[ \t]*(-{3,})[ \t]*(\n|$)/.exec(source);
    if (first && first[1]!.length === 3) {
      report({ line: 1, column: 1 }, 'error',
        msg('frontMatter.unclosed'), 'front-matter');
    } else {
      report({ line: 1, column: 1 }, 'error', msg('frontMatter.none', { example: FM_EXAMPLE }), 'front-matter');
    }
    return undefined;
  }
  const baseLine = (yamlNode.position?.start.line ?? 1) + 1;
  let doc;
  try {
    doc = parseDocument(yamlNode.value, { uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    report({ line: baseLine, column: 1 }, 'error', msg('yaml.unreadable', { reason: (e as Error).message.split('\n')[0]! }), 'front-matter');
    return { id: '', languages: [], title: {}, params: [], usable: false };
  }
  // Positions from our own line table: the YAML line counter misses lines after a syntax error.
  const text = yamlNode.value;
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const posAt = (offset: number): Position => {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: baseLine + lo, column: o - starts[lo]! + 1 };
  };
  const at = (node: unknown): Position => posAt((node as YamlNode | null | undefined)?.range?.[0] ?? 0);
  if (doc.errors.length) {
    for (const err of doc.errors.slice(0, 5)) {
      const first = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      const at = err.pos[0];
      const flow = /Flow (sequence|map)/.exec(first);
      if (flow) {
        const open = flow[1] === 'sequence' ? '[' : '{';
        const close = flow[1] === 'sequence' ? ']' : '}';
        const o = text.lastIndexOf(open, at);
        report(posAt(o >= 0 ? o : at), 'error', msg(flow[1] === 'sequence' ? 'yaml.unclosedList' : 'yaml.unclosedMapping', { open, close }), 'front-matter');
      } else if (err.code === 'MISSING_CHAR' && /quote/.test(first)) {
        const o = Math.max(text.lastIndexOf('"', at - 1), text.lastIndexOf("'", at - 1));
        report(posAt(o >= 0 ? o : at), 'error', msg('yaml.unclosedQuote'), 'front-matter');
      } else if (err.code === 'DUPLICATE_KEY') {
        report(posAt(at), 'error', msg('yaml.duplicateKey'), 'front-matter');
      } else {
        report(posAt(at), 'error', msg('yaml.other', { detail: first }), 'front-matter');
      }
    }
    return { id: '', languages: [], title: {}, params: [], usable: false };
  }
  let alias: unknown;
  visit(doc, { Alias(_k, node) { alias = node; return visit.BREAK; } });
  if (alias) {
    report(at(alias), 'error', msg('yaml.alias'), 'front-matter');
    return { id: '', languages: [], title: {}, params: [], usable: false };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    report({ line: baseLine, column: 1 }, 'error', msg('frontMatter.notMapping', { example: FM_EXAMPLE }), 'front-matter');
    return { id: '', languages: [], title: {}, params: [], usable: false };
  }
  const keyOf = (item: Pair): string => (isScalar(item.key) ? String(item.key.value) : '');
  const get = (map: YAMLMap, key: string) => map.items.find((i) => keyOf(i as Pair) === key) as Pair | undefined;
  for (const item of root.items) {
    const key = keyOf(item as Pair);
    if (!TOP_FIELDS.includes(key)) {
      report(at(item.key), 'error', msg('frontMatter.unknownField', { key, suggestion: suggestMsg(key, TOP_FIELDS), allowed: TOP_FIELDS.join(', ') }), 'front-matter');
    }
  }
  /** Plain JS value of a node; numbers keep their source text ("3.10" stays "3.10", "4.0" stays "4.0"). */
  const js = (node: unknown): unknown => {
    if (node === null || node === undefined) return undefined;
    if (isScalar(node)) {
      if (typeof node.value === 'number' && typeof node.source === 'string' && node.source) return node.source;
      return node.value;
    }
    if (isSeq(node)) return node.items.map((i) => js(i));
    if (isMap(node)) {
      const o: Record<string, unknown> = {};
      for (const i of node.items) o[keyOf(i as Pair)] = js((i as Pair).value);
      return o;
    }
    return undefined;
  };
  const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

  let usable = true;
  const idItem = get(root, 'id');
  const id = js(idItem?.value);
  if (typeof id !== 'string' || !ID_RE.test(id)) {
    const shown = id === undefined || id === null ? '' : typeof id === 'object' ? JSON.stringify(id) : String(id);
    const slug = slugify(shown);
    report(idItem?.value ? at(idItem.value) : idItem ? at(idItem.key) : { line: baseLine, column: 1 }, 'error',
      idItem
        ? (slug ? msg('id.malformedSlug', { id: shown, slug }) : msg('id.malformed', { id: shown }))
        : msg('id.missing'),
      'front-matter');
    usable = false;
  }
  const langItem = get(root, 'languages');
  const languagesRaw = js(langItem?.value);
  let languages: string[] = [];
  if (!Array.isArray(languagesRaw) || languagesRaw.length === 0) {
    report(langItem?.value ? at(langItem.value) : langItem ? at(langItem.key) : { line: baseLine, column: 1 }, 'error',
      langItem ? msg('languages.notList') : msg('languages.missing'), 'front-matter');
    usable = false;
  } else {
    const seqItems = isSeq(langItem!.value) ? langItem!.value.items : [];
    languagesRaw.forEach((l, i) => {
      const where = seqItems[i] ? at(seqItems[i]) : at(langItem!.value);
      if (typeof l !== 'string' || !LANG_RE.test(l)) {
        report(where, 'error', msg('languages.badCode', { code: String(l) }), 'front-matter');
        usable = false;
      } else if (RESERVED_DIRECTIVES.includes(l)) {
        report(where, 'error', msg('languages.reserved', { code: l, kind: msg(l === 'if' ? 'word.condition' : 'word.step') }), 'front-matter');
        usable = false;
      } else if (languages.includes(l)) {
        report(where, 'warning', msg('languages.twice', { code: l }), 'front-matter');
      } else languages.push(l);
    });
  }
  const checkLangs = languages.length ? languages : ['en'];
  const localized = (node: unknown, where: Position, what: LintMessage, required: boolean, rule: string): Localized => {
    const v = js(node);
    if (v === undefined || v === null || v === '') {
      if (required) report(where, 'error', msg('localized.missing', { what, example: checkLangs.map((l) => `${l}: …`).join(', ') }), rule);
      return {};
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      if (checkLangs.length > 1) report(where, 'warning', msg('localized.oneText', { what, example: checkLangs.map((l) => `${l}: …`).join(', ') }), 'missing-translation');
      return Object.fromEntries(checkLangs.map((l) => [l, String(v)]));
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      report(where, 'error', msg('localized.badType', { what, example: checkLangs.map((l) => `${l}: …`).join(', ') }), rule);
      return {};
    }
    const out: Localized = {};
    for (const [l, t] of Object.entries(v as Record<string, unknown>)) {
      if (!checkLangs.includes(l)) report(where, 'warning', msg('localized.unknownLang', { what, lang: l, languages: checkLangs.join(', ') }), rule);
      else if (asText(t) === undefined || asText(t) === '') report(where, 'error', msg('localized.empty', { what, lang: l }), rule);
      else out[l] = asText(t)!;
    }
    const missing = checkLangs.filter((l) => out[l] === undefined);
    if (missing.length && Object.keys(out).length) {
      report(where, 'warning', msg('localized.partial', { what, missing: missing.join(', '), fallback: checkLangs.find((l) => out[l] !== undefined)!, add: missing.map((m) => `${m}: …`).join(', ') }), 'missing-translation');
    } else if (missing.length && required) {
      report(where, 'error', msg('localized.none', { what, languages: checkLangs.join(', ') }), rule);
    }
    return out;
  };
  const titleItem = get(root, 'title');
  const titleValue = localized(titleItem?.value, titleItem?.value ? at(titleItem.value) : titleItem ? at(titleItem.key) : { line: baseLine, column: 1 }, msg('what.title'), true, 'front-matter');

  const params: FrontMatterParam[] = [];
  const paramsItem = get(root, 'params');
  if (paramsItem && paramsItem.value !== null && paramsItem.value !== undefined && !(isScalar(paramsItem.value) && paramsItem.value.value === null)) {
    if (!isMap(paramsItem.value)) {
      report(at(paramsItem.value), 'error', msg('params.notMapping'), 'param-schema');
    } else {
      for (const item of paramsItem.value.items as Pair[]) {
        const name = keyOf(item);
        const where = at(item.key);
        if (!PARAM_NAME_RE.test(name) || RESERVED_NAMES.has(name)) {
          const slug = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z_]+/, '');
          report(where, 'error', slug && !RESERVED_NAMES.has(slug) ? msg('param.badNameSlug', { name, slug }) : msg('param.badName', { name }), 'param-schema');
          continue;
        }
        if (protectedEnv(envName(name))) {
          report(where, 'error', msg('param.reservedEnv', { name, env: envName(name) }), 'param-schema');
        }
        if (!isMap(item.value)) {
          report(where, 'error', msg('param.notMapping', { name }), 'param-schema');
          continue;
        }
        const def = item.value;
        for (const f of def.items as Pair[]) {
          const k = keyOf(f);
          if (!PARAM_FIELDS.includes(k)) report(at(f.key), 'error', msg('param.unknownField', { field: k, name, suggestion: suggestMsg(k, PARAM_FIELDS), allowed: PARAM_FIELDS.join(', ') }), 'param-schema');
        }
        const fieldAt = (k: string) => { const f = get(def, k); return f?.value ? at(f.value) : f ? at(f.key) : where; };
        const type = js(get(def, 'type')?.value);
        if (!PARAM_TYPES.includes(type as ParamType)) {
          report(get(def, 'type') ? fieldAt('type') : where, 'error',
            get(def, 'type') ? msg('param.badType', { name, type: String(type), suggestion: suggestMsg(String(type), PARAM_TYPES), allowed: PARAM_TYPES.join(', ') })
              : msg('param.noType', { name, allowed: PARAM_TYPES.join(', ') }), 'param-schema');
          continue;
        }
        const param: FrontMatterParam = {
          name, type: type as ParamType, env: envName(name), position: where, valueGiven: !!(get(def, 'default') || get(def, 'example')),
          label: localized(get(def, 'label')?.value, get(def, 'label') ? fieldAt('label') : where, msg('what.paramLabel', { name }), true, 'param-schema'),
        };
        const choicesItem = get(def, 'choices');
        const choices = js(choicesItem?.value);
        if (type === 'choice') {
          if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => asText(c) !== undefined && asText(c) !== '')) {
            report(choicesItem ? fieldAt('choices') : where, 'error', msg('param.noChoices', { name }), 'param-schema');
          } else {
            param.choices = choices.map((c) => asText(c)!);
            const dup = param.choices.find((c, i) => param.choices!.indexOf(c) !== i);
            if (dup !== undefined) report(fieldAt('choices'), 'error', msg('param.choiceTwice', { name, choice: dup }), 'param-schema');
            const bad = param.choices.find((c) => c.includes('|'));
            if (bad !== undefined) report(fieldAt('choices'), 'error', msg('param.choicePipe', { name, choice: bad }), 'param-schema');
          }
        } else if (choicesItem) report(fieldAt('choices'), 'error', msg('param.choicesNotChoice', { name, type: String(type) }), 'param-schema');
        const valueCheck = (field: 'default' | 'example'): string | boolean | undefined => {
          const it = get(def, field);
          const v = js(it?.value);
          if (v === undefined || v === null) return undefined;
          const w = fieldAt(field);
          if (type === 'boolean') {
            if (typeof v !== 'boolean') { report(w, 'error', msg('param.valueNotBoolean', { field, name, value: JSON.stringify(v) }), 'param-schema'); return undefined; }
            return v;
          }
          const s = asText(v);
          if (s === undefined) { report(w, 'error', msg('param.valueNotText', { field, name }), 'param-schema'); return undefined; }
          if (param.choices && !param.choices.includes(s)) {
            report(w, 'error', msg('param.valueNotChoice', { field, value: s, name, choices: param.choices.join(', ') }), 'param-schema');
            return undefined;
          }
          return s;
        };
        if (get(def, 'default') && js(get(def, 'default')!.value) !== undefined && type === 'secret') {
          report(fieldAt('default'), 'error', msg('param.secretDefault', { name, env: envName(name) }), 'param-schema');
        } else {
          const d = valueCheck('default');
          if (d !== undefined) param.default = d;
        }
        const ex = valueCheck('example');
        if (ex !== undefined) param.example = String(ex);
        const whenItem = get(def, 'when');
        const when = js(whenItem?.value);
        if (whenItem && when !== undefined && when !== null) {
          if (typeof when !== 'string' && typeof when !== 'boolean') {
            report(fieldAt('when'), 'error', msg('param.badWhen', { name }), 'param-schema');
          } else {
            param.when = String(when);
            const v = whenItem.value as YamlNode;
            param.whenPosition = at(v);
            const off = v.range?.[0] ?? 0;
            param.whenExact = yamlNode.value.slice(off, off + param.when.length) === param.when;
          }
        }
        params.push(param);
      }
    }
  }
  return { id: typeof id === 'string' ? id : '', languages, title: titleValue, params, usable: usable && languages.length > 0 };
}
