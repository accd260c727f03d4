// Finding, reading and validating a runbook; choosing the language; reading params from flags and files.
import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { resolve, join, dirname, delimiter, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseRunbook, type ParseResult } from '../engine/parse.js';
import type { Runbook } from '../engine/model.js';
import { parseParamArgs, InputError, type ParamValues } from '../engine/plan.js';
import { UserError } from './errors.js';

/** The project root (holds runbooks/ and rehearsal/), found from this file's place in dist/. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHIPPED_RUNBOOKS = join(PROJECT_ROOT, 'runbooks');

/** Directories searched for a runbook name: RUNBOOK_PATH, then the shipped runbooks/. */
export function searchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env.RUNBOOK_PATH ?? '').split(delimiter).filter(Boolean).map((d) => resolve(d));
  return [...fromEnv, SHIPPED_RUNBOOKS];
}

export function findRunbookFile(file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (existsSync(file) && statSync(file).isFile()) return resolve(file);
  if (!file.includes('/')) {
    for (const dir of searchDirs(env)) {
      for (const name of [file, `${file}.md`]) {
        const p = join(dir, name);
        if (existsSync(p) && statSync(p).isFile()) return p;
      }
    }
  }
  throw new UserError('error.fileNotFound', { file, where: searchDirs(env).join(', ') }, { key: 'hint.fileNotFound' });
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

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError('error.unreadable', { file: path, reason: (e as Error).message });
  }
}

/** Parse a runbook for use (plan, render, run): any error diagnostic makes it unusable. */
export function loadRunbook(file: string, env: NodeJS.ProcessEnv = process.env): { runbook: Runbook; parsed: ParseResult } {
  const path = findRunbookFile(file, env);
  const parsed = parseRunbook(readText(path), path);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.runbook || errors.length) {
    const first = errors[0];
    throw new UserError('error.invalidRunbook', { file: path, count: errors.length, first: first ? `${first.line}:${first.column} ${first.message}` : '' }, { key: 'hint.invalidRunbook', vars: { file: path } });
  }
  return { runbook: parsed.runbook, parsed };
}

/** --lang, then RUNBOOK_LANG, then the locale (LANG), then the file's first language. */
export function chooseLang(runbook: Runbook | undefined, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const languages = runbook?.languages ?? ['en', 'zh', 'ru'];
  if (flag) {
    if (runbook && !languages.includes(flag)) throw new UserError('error.badLang', { lang: flag, languages: languages.join(', ') });
    return flag;
  }
  for (const cand of [env.RUNBOOK_LANG, localeLang(env.LC_ALL), localeLang(env.LANG)]) if (cand && languages.includes(cand)) return cand;
  return languages[0]!;
}

/** The language of messages before a runbook is read (errors of flags, missing files). */
export function messageLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.RUNBOOK_LANG ?? localeLang(env.LC_ALL) ?? localeLang(env.LANG) ?? 'en';
}

function localeLang(locale: string | undefined): string | undefined {
  if (!locale || locale === 'C' || locale === 'POSIX') return undefined;
  return locale.split(/[_.@-]/)[0]?.toLowerCase() || undefined;
}

export function readParams(runbook: Runbook, args: string[], paramsFile?: string): ParamValues {
  let fromFile: Record<string, unknown> = {};
  if (paramsFile) {
    try {
      const data = parseYaml(readFileSync(paramsFile, 'utf8'));
      if (data !== null && (typeof data !== 'object' || Array.isArray(data))) throw new Error('expected a mapping of name: value');
      fromFile = (data ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new UserError('error.paramsFile', { file: paramsFile, reason: (e as Error).message.split('\n')[0]! });
    }
  }
  try {
    return parseParamArgs(runbook, args, fromFile);
  } catch (e) {
    if (e instanceof InputError) throw new UserError(e.key, e.vars, e.hint);
    throw e;
  }
}

export function displayName(path: string): string {
  return basename(path);
}
