// The `params:` of the front matter: each param's name, type, label, choices, default, example and
// `when`, checked field by field with the position of each problem.
import { isMap, isScalar, type Node as YamlNode, type YAMLMap, type Pair } from 'yaml';
import { type Localized, type ParamDef, type ParamType, type Position, type LintMessage, envName } from './model.js';
import { suggestMsg } from './hints.js';
import { msg } from '../../i18n/lint-text.js';
import { reservedEnvName, RESERVED_PARAM_NAMES } from './env-names.js';
import { asText, type YamlView } from './frontmatter-yaml.js';

const PARAM_TYPES: ParamType[] = ['choice', 'boolean', 'string', 'secret'];
const PARAM_FIELDS = ['type', 'label', 'default', 'choices', 'when', 'example'];
const PARAM_NAME_RE = /^[a-z_][a-z0-9_]*$/;
const RESERVED_NAMES = new Set(RESERVED_PARAM_NAMES);

export interface FrontMatterParam extends ParamDef {
  position: Position;
  /** Where the `when` expression's text starts, and whether it maps character for character to it. */
  whenPosition?: Position;
  whenExact?: boolean;
  /** The definition has a default or an example field (even an invalid one). */
  valueGiven?: boolean;
}

/** A localized field (`label`) read in the file's languages. */
export type LocalizedReader = (node: unknown, where: Position, what: LintMessage, required: boolean, rule: string) => Localized;

/** Every valid param of `params:`; the invalid ones are reported and left out. */
export function readParamDefs(y: YamlView, localized: LocalizedReader): FrontMatterParam[] {
  const params: FrontMatterParam[] = [];
  const paramsItem = y.get(y.root, 'params');
  if (!paramsItem || paramsItem.value === null || paramsItem.value === undefined || (isScalar(paramsItem.value) && paramsItem.value.value === null)) return params;
  if (!isMap(paramsItem.value)) {
    y.report(y.at(paramsItem.value), 'error', msg('params.notMapping'), 'param-schema');
    return params;
  }
  for (const item of paramsItem.value.items as Pair[]) {
    const param = readParam(y, item, localized);
    if (param) params.push(param);
  }
  return params;
}

/** One param definition, or undefined when its name or type makes it unusable. */
function readParam(y: YamlView, item: Pair, localized: LocalizedReader): FrontMatterParam | undefined {
  const name = y.keyOf(item);
  const where = y.at(item.key);
  if (!checkName(y, name, where)) return undefined;
  if (!isMap(item.value)) {
    y.report(where, 'error', msg('param.notMapping', { name }), 'param-schema');
    return undefined;
  }
  const def = item.value;
  for (const f of def.items as Pair[]) {
    const k = y.keyOf(f);
    if (!PARAM_FIELDS.includes(k)) y.report(y.at(f.key), 'error', msg('param.unknownField', { field: k, name, suggestion: suggestMsg(k, PARAM_FIELDS), allowed: PARAM_FIELDS.join(', ') }), 'param-schema');
  }
  const fieldAt = (k: string) => { const f = y.get(def, k); return f?.value ? y.at(f.value) : f ? y.at(f.key) : where; };
  const type = y.js(y.get(def, 'type')?.value);
  if (!PARAM_TYPES.includes(type as ParamType)) {
    y.report(y.get(def, 'type') ? fieldAt('type') : where, 'error',
      y.get(def, 'type') ? msg('param.badType', { name, type: String(type), suggestion: suggestMsg(String(type), PARAM_TYPES), allowed: PARAM_TYPES.join(', ') })
        : msg('param.noType', { name, allowed: PARAM_TYPES.join(', ') }), 'param-schema');
    return undefined;
  }
  const param: FrontMatterParam = {
    name, type: type as ParamType, env: envName(name), position: where, valueGiven: !!(y.get(def, 'default') || y.get(def, 'example')),
    label: localized(y.get(def, 'label')?.value, y.get(def, 'label') ? fieldAt('label') : where, msg('what.paramLabel', { name }), true, 'param-schema'),
  };
  readChoices(y, def, param, fieldAt);
  readValues(y, def, param, fieldAt);
  readWhen(y, def, param, fieldAt);
  return param;
}

/** A param name that is usable as a name and as an environment variable; false when the param is unusable. */
function checkName(y: YamlView, name: string, where: Position): boolean {
  if (!PARAM_NAME_RE.test(name)) {
    const slug = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z_]+/, '');
    y.report(where, 'error', slug && !RESERVED_NAMES.has(slug) ? msg('param.badNameSlug', { name, slug }) : msg('param.badName', { name }), 'param-schema');
    return false;
  }
  if (RESERVED_NAMES.has(name)) {
    y.report(where, 'error', msg('param.reservedName', { name }), 'param-schema');
    return false;
  }
  if (reservedEnvName(envName(name))) {
    y.report(where, 'error', msg('param.reservedEnv', { name, env: envName(name) }), 'param-schema');
  }
  return true;
}

function readChoices(y: YamlView, def: YAMLMap, param: FrontMatterParam, fieldAt: (k: string) => Position): void {
  const { name, type } = param;
  const choicesItem = y.get(def, 'choices');
  const choices = y.js(choicesItem?.value);
  if (type !== 'choice') {
    if (choicesItem) y.report(fieldAt('choices'), 'error', msg('param.choicesNotChoice', { name, type: String(type) }), 'param-schema');
    return;
  }
  if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => asText(c) !== undefined && asText(c) !== '')) {
    y.report(choicesItem ? fieldAt('choices') : param.position, 'error', msg('param.noChoices', { name }), 'param-schema');
    return;
  }
  param.choices = choices.map((c) => asText(c)!);
  const dup = param.choices.find((c, i) => param.choices!.indexOf(c) !== i);
  if (dup !== undefined) y.report(fieldAt('choices'), 'error', msg('param.choiceTwice', { name, choice: dup }), 'param-schema');
  const bad = param.choices.find((c) => c.includes('|'));
  if (bad !== undefined) y.report(fieldAt('choices'), 'error', msg('param.choicePipe', { name, choice: bad }), 'param-schema');
}

/** `default` and `example`: of the param's type, among its choices; a secret has no default. */
function readValues(y: YamlView, def: YAMLMap, param: FrontMatterParam, fieldAt: (k: string) => Position): void {
  const { name, type } = param;
  const valueCheck = (field: 'default' | 'example'): string | boolean | undefined => {
    const v = y.js(y.get(def, field)?.value);
    if (v === undefined || v === null) return undefined;
    const w = fieldAt(field);
    if (type === 'boolean') {
      if (typeof v !== 'boolean') { y.report(w, 'error', msg('param.valueNotBoolean', { field, name, value: JSON.stringify(v) }), 'param-schema'); return undefined; }
      return v;
    }
    const s = asText(v);
    if (s === undefined) { y.report(w, 'error', msg('param.valueNotText', { field, name }), 'param-schema'); return undefined; }
    if (param.choices && !param.choices.includes(s)) {
      y.report(w, 'error', msg('param.valueNotChoice', { field, value: s, name, choices: param.choices.join(', ') }), 'param-schema');
      return undefined;
    }
    return s;
  };
  if (y.get(def, 'default') && y.js(y.get(def, 'default')!.value) !== undefined && type === 'secret') {
    y.report(fieldAt('default'), 'error', msg('param.secretDefault', { name, env: envName(name) }), 'param-schema');
  } else {
    const d = valueCheck('default');
    if (d !== undefined) param.default = d;
  }
  const ex = valueCheck('example');
  if (ex !== undefined) param.example = String(ex);
}

/** `when`: an expression as text, with where it starts for the condition checks' positions. */
function readWhen(y: YamlView, def: YAMLMap, param: FrontMatterParam, fieldAt: (k: string) => Position): void {
  const whenItem = y.get(def, 'when');
  const when = y.js(whenItem?.value);
  if (!whenItem || when === undefined || when === null) return;
  if (typeof when !== 'string' && typeof when !== 'boolean') {
    y.report(fieldAt('when'), 'error', msg('param.badWhen', { name: param.name }), 'param-schema');
    return;
  }
  param.when = String(when);
  const v = whenItem.value as YamlNode;
  param.whenPosition = y.at(v);
  const off = v.range?.[0] ?? 0;
  param.whenExact = y.text.slice(off, off + param.when.length) === param.when;
}
