// Front matter: YAML → validated id, languages, title and params, with positions for diagnostics.
// Never throws: every problem becomes a diagnostic that says what is wrong and what to write instead.
// The YAML itself is read in frontmatter-yaml.ts, the params in frontmatter-params.ts.
import type { Root } from 'mdast';
import { isSeq } from 'yaml';
import { STEP_KINDS, type Localized, type Position, type LintMessage } from './model.js';
import { slugify, suggestMsg } from './hints.js';
import { msg } from '../../i18n/lint-text.js';
import { reservedEnvName } from './env-names.js';
import { idProblem, idIssueMsg } from './ids.js';
import { openYaml, asText, type Report, type YamlView } from './frontmatter-yaml.js';
import { readParamDefs, type FrontMatterParam, type LocalizedReader } from './frontmatter-params.js';

export type { FrontMatterParam };

const TOP_FIELDS = ['id', 'languages', 'title', 'params', 'description'];
const LANG_RE = /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/;
/** Directive names a language code may not take (a `:::run` block would be read as a step). */
export const RESERVED_DIRECTIVES: readonly string[] = ['if', ...STEP_KINDS];
/** Environment variables a param or capture must not replace (see env-names.ts). */
export const protectedEnv = reservedEnvName;

export interface FrontMatter {
  id: string;
  languages: string[];
  title: Localized;
  params: FrontMatterParam[];
  /** False when id or languages could not be read: the file can be linted but not used. */
  usable: boolean;
}

const FM_EXAMPLE = '"---", then "id: my-runbook", "languages: [en, zh, ru]", "title: {en: …, zh: …, ru: …}", then "---"';
const UNUSABLE: FrontMatter = { id: '', languages: [], title: {}, params: [], usable: false };

/**
 * Read the front matter of a parsed tree. Returns undefined only when there is none at all; otherwise a
 * FrontMatter whose `usable` says whether the id and languages could be read (the body can be checked either way).
 */
export function parseFrontMatter(tree: Root, source: string, report: Report): FrontMatter | undefined {
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  if (!yamlNode) {
    const first = /^[ \t]*(-{3,})[ \t]*(\n|$)/.exec(source);
    if (first && first[1]!.length === 3) report({ line: 1, column: 1 }, 'error', msg('frontMatter.unclosed'), 'front-matter');
    else report({ line: 1, column: 1 }, 'error', msg('frontMatter.none', { example: FM_EXAMPLE }), 'front-matter');
    return undefined;
  }
  const y = openYaml(yamlNode.value, (yamlNode.position?.start.line ?? 1) + 1, report, FM_EXAMPLE);
  if (!y) return { ...UNUSABLE };
  for (const item of y.root.items) {
    const key = y.keyOf(item);
    if (!TOP_FIELDS.includes(key)) {
      report(y.at(item.key), 'error', msg('frontMatter.unknownField', { key, suggestion: suggestMsg(key, TOP_FIELDS), allowed: TOP_FIELDS.join(', ') }), 'front-matter');
    }
  }
  const id = readId(y);
  const languages = readLanguages(y);
  const localized = localizedReader(report, y, languages.list.length ? languages.list : ['en']);
  const titleItem = y.get(y.root, 'title');
  const title = localized(titleItem?.value, titleItem?.value ? y.at(titleItem.value) : titleItem ? y.at(titleItem.key) : { line: y.baseLine, column: 1 }, msg('what.title'), true, 'front-matter');
  const params = readParamDefs(y, localized);
  return { id: id.value, languages: languages.list, title, params, usable: id.usable && languages.usable && languages.list.length > 0 };
}

/** `id:`: a stable name checkpoints refer to ([a-z0-9-]+, usable as a file name). */
function readId(y: YamlView): { value: string; usable: boolean } {
  const idItem = y.get(y.root, 'id');
  const id = y.js(idItem?.value);
  const idIssue = typeof id === 'string' ? idProblem(id) : 'malformed';
  if (typeof id === 'string' && idIssue && idIssue !== 'malformed') {
    y.report(y.at(idItem!.value), 'error', idIssueMsg(idIssue, msg('word.runbookId', { id })), 'front-matter');
    return { value: id, usable: false };
  }
  if (typeof id !== 'string' || idIssue) {
    const shown = id === undefined || id === null ? '' : typeof id === 'object' ? JSON.stringify(id) : String(id);
    const slug = slugify(shown);
    y.report(idItem?.value ? y.at(idItem.value) : idItem ? y.at(idItem.key) : { line: y.baseLine, column: 1 }, 'error',
      idItem
        ? (slug ? msg('id.malformedSlug', { id: shown, slug }) : msg('id.malformed', { id: shown }))
        : msg('id.missing'),
      'front-matter');
    return { value: typeof id === 'string' ? id : '', usable: false };
  }
  return { value: id, usable: true };
}

/** `languages:`: codes, each once, none the name of a directive. */
function readLanguages(y: YamlView): { list: string[]; usable: boolean } {
  const langItem = y.get(y.root, 'languages');
  const languagesRaw = y.js(langItem?.value);
  const list: string[] = [];
  if (!Array.isArray(languagesRaw) || languagesRaw.length === 0) {
    y.report(langItem?.value ? y.at(langItem.value) : langItem ? y.at(langItem.key) : { line: y.baseLine, column: 1 }, 'error',
      langItem ? msg('languages.notList') : msg('languages.missing'), 'front-matter');
    return { list, usable: false };
  }
  let usable = true;
  const seqItems = isSeq(langItem!.value) ? langItem!.value.items : [];
  languagesRaw.forEach((l, i) => {
    const where = seqItems[i] ? y.at(seqItems[i]) : y.at(langItem!.value);
    if (typeof l !== 'string' || !LANG_RE.test(l)) {
      y.report(where, 'error', msg('languages.badCode', { code: String(l) }), 'front-matter');
      usable = false;
    } else if (RESERVED_DIRECTIVES.includes(l)) {
      y.report(where, 'error', msg('languages.reserved', { code: l, kind: msg(l === 'if' ? 'word.condition' : 'word.step') }), 'front-matter');
      usable = false;
    } else if (list.includes(l)) {
      y.report(where, 'warning', msg('languages.twice', { code: l }), 'front-matter');
    } else list.push(l);
  });
  return { list, usable };
}

/** A reader of localized fields (`title`, a param's `label`): one text per language, or one text for all. */
function localizedReader(report: Report, y: YamlView, checkLangs: string[]): LocalizedReader {
  const example = checkLangs.map((l) => `${l}: …`).join(', ');
  return (node: unknown, where: Position, what: LintMessage, required: boolean, rule: string): Localized => {
    const v = y.js(node);
    if (v === undefined || v === null || v === '') {
      if (required) report(where, 'error', msg('localized.missing', { what, example }), rule);
      return {};
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      if (checkLangs.length > 1) report(where, 'warning', msg('localized.oneText', { what, example }), 'missing-translation');
      return Object.fromEntries(checkLangs.map((l) => [l, String(v)]));
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      report(where, 'error', msg('localized.badType', { what, example }), rule);
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
}
