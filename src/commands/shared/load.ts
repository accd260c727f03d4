// Finding, reading and validating a runbook; choosing the language; the params given by flags and a file.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { resolve, join, delimiter, basename, sep } from 'node:path';
import { analyzeCached } from './analysis-cache.js';
import type { Runbook } from '../../engine/document/model.js';
import { coerceAll, splitArgs, type ParamValues } from '../../engine/plan/params.js';
import { LIMITS } from '../../engine/document/parse-limits.js';
import { UserError, withSuggestions } from '../../engine/core/errors.js';
import { nearest } from '../../engine/core/suggest.js';
import { PROJECT_ROOT, messageLang, localeLang, normalizeLang } from '../../engine/core/env.js';

export { PROJECT_ROOT, messageLang };

/** The runbooks shipped with the tool. */
export const SHIPPED_RUNBOOKS = join(PROJECT_ROOT, 'runbooks');

/** Directories searched for a runbook name: RUNBOOK_PATH, then the shipped runbooks/. */
export function searchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env.RUNBOOK_PATH ?? '').split(delimiter).filter(Boolean).map((d) => resolve(d));
  return [...fromEnv, SHIPPED_RUNBOOKS];
}

export function findRunbookFile(file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (isFile(file)) return resolve(file);
  // A bare name (no directory part) is looked up in RUNBOOK_PATH, then in the shipped runbooks/.
  const named = !file.includes('/') && !file.includes(sep);
  if (named && file) {
    for (const dir of searchDirs(env)) {
      for (const name of file.endsWith('.md') ? [file] : [file, `${file}.md`]) {
        const p = join(dir, name);
        if (isFile(p)) return p;
      }
    }
  }
  const where = named ? [resolve(file), ...searchDirs(env)] : [resolve(file)];
  const known = named ? listRunbookFiles(env).map((f) => basename(f)) : [];
  const typed = file.endsWith('.md') ? file : `${file}.md`;
  const near = nearest(typed, known).map((n) => (file.endsWith('.md') ? n : n.replace(/\.md$/, '')));
  throw withSuggestions(new UserError('error.fileNotFound', { file, where: where.join(', ') }, { key: 'hint.fileNotFound' }), near);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Every runbook file found in the search directories (first one of a name wins). */
export function listRunbookFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of searchDirs(env)) {
    let names: string[] = [];
    try { names = readdirSync(dir).filter((n) => n.endsWith('.md') && !/^(README|NOTES)/i.test(n)).sort(); } catch { continue; }
    for (const n of names) if (!seen.has(n)) { seen.add(n); out.push(join(dir, n)); }
  }
  return out;
}

/** Files larger than this are not read: the parser's own limit in characters, at 4 bytes a character at most. */
export const MAX_READ_BYTES = LIMITS.chars * 4;

export function readText(path: string): string {
  try {
    const size = statSync(path).size;
    if (size > MAX_READ_BYTES) throw new Error(`it is ${(size / 1024 / 1024).toFixed(1)} MiB, too large for a runbook`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError('error.unreadable', { file: path, reason: (e as Error).message });
  }
}

/**
 * Read a runbook for use (plan, render, run): any error finding makes it unusable. With `cache`,
 * through the analysis cache (the commands use it unless --no-cache).
 */
export async function loadRunbook(file: string, env: NodeJS.ProcessEnv = process.env, { cache = false } = {}): Promise<{ runbook: Runbook }> {
  const path = findRunbookFile(file, env);
  const { runbook, findings } = await analyzeCached(readText(path), path, cache);
  // Every lint error makes it unusable (a condition that does not parse must not decide what runs).
  const errors = findings.filter((d) => d.severity === 'error');
  if (!runbook || errors.length) {
    const first = errors[0];
    throw new UserError('error.invalidRunbook', { file: path, count: errors.length, first: first ? `${first.line}:${first.column} ${first.message}` : '' }, { key: 'hint.invalidRunbook', vars: { file: path } });
  }
  return { runbook };
}

/** --lang, then RUNBOOK_LANG, then the locale (LANG), then the file's first language. */
export function chooseLang(runbook: Runbook | undefined, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const languages = runbook?.languages ?? ['en', 'zh', 'ru'];
  if (flag) {
    const lang = normalizeLang(flag)!;
    if (runbook && !languages.includes(lang)) throw withSuggestions(new UserError('error.badLang', { lang: flag, languages: languages.join(', ') }), nearest(lang, languages));
    return lang;
  }
  for (const cand of [env.RUNBOOK_LANG, localeLang(env.LC_ALL), localeLang(env.LANG)]) if (cand && languages.includes(cand)) return cand;
  return languages[0]!;
}


/** --param and --params-file values by source (flags win); errors name the file or the flag. */
export async function readParamLayers(runbook: Runbook, args: string[], paramsFile?: string): Promise<{ flag: ParamValues; file: ParamValues }> {
  let raw: Record<string, unknown> = {};
  if (paramsFile) {
    const { readParamsFile } = await import('../../engine/plan/params-file.js');
    try {
      raw = readParamsFile(paramsFile);
    } catch (e) {
      throw new UserError('error.paramsFile', { file: paramsFile, reason: (e as Error).message.split('\n')[0]! });
    }
  }
  try {
    return { file: coerceAll(runbook, raw), flag: coerceAll(runbook, splitArgs(args)) };
  } catch (e) {
    if (e instanceof UserError) throw withSuggestions(e, nearParam(runbook, e));
    throw e;
  }
}

/** The given values, flags over the params file. */
export async function readParams(runbook: Runbook, args: string[], paramsFile?: string): Promise<ParamValues> {
  const { flag, file } = await readParamLayers(runbook, args, paramsFile);
  return { ...file, ...flag };
}

/** The params, or the choices of a param, nearest to a mistyped one. */
function nearParam(runbook: Runbook, e: UserError): string[] {
  if (e.key === 'error.unknownParam') return nearest(String(e.vars.name), runbook.params.map((p) => p.name));
  const choices = runbook.params.find((p) => p.name === e.vars.name)?.choices;
  return e.key === 'error.paramChoice' && choices ? nearest(String(e.vars.value), choices) : [];
}
