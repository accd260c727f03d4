// runbook lint FILE|DIR... [--strict] [--json]
import { readdirSync, statSync, readFileSync, realpathSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { usageLine } from './shared/spec.js';
import { parseFlags, useCache } from './shared/args.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { findRunbookFile, MAX_READ_BYTES } from './shared/load.js';
import { analyzeCached } from './shared/analysis-cache.js';
import { diagnostic, present } from '../engine/authoring/findings.js';
import type { Diagnostic } from '../engine/document/model.js';
import { messageLang } from '../engine/core/env.js';
import { lintText, localizeDiagnostics, withoutKeys, msg } from '../i18n/lint-text.js';
import { uiLang } from '../i18n/index.js';

const START = { line: 1, column: 1 };

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('lint', argv);
  if (positionals.length === 0) throw new UserError('error.usage', { usage: usageLine('lint') });
  // Every target must exist before anything is linted: a typo is a usage error, not a lint finding.
  const targets = positionals.map((t) => (existsSync(t) ? t : findRunbookFile(t)));
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const lang = messageLang(values.lang as string | undefined);
  for (const target of targets) collect(target, files, diagnostics, seen, true);
  for (const file of files) diagnostics.push(...(await lintFile(file, lang, useCache(values))));
  localizeDiagnostics(diagnostics, lang);
  // Keys and values go with the findings once a language is asked for; otherwise the output is as it always was.
  const shown = values.lang !== undefined || uiLang(lang) !== 'en' ? diagnostics : withoutKeys(diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ files: files.length, errors, warnings, diagnostics: shown }, null, 2)}\n`);
  } else {
    const out: string[] = [];
    for (const d of diagnostics) out.push(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${oneLine(d.message)}  ${d.rule}`);
    out.push(lintText(msg('summary', {
      files: msg(files.length === 1 ? 'summary.file' : 'summary.files', { count: files.length }),
      errors: msg(errors === 1 ? 'summary.error' : 'summary.errors', { count: errors }),
      warnings: msg(warnings === 1 ? 'summary.warning' : 'summary.warnings', { count: warnings }),
    }), lang));
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return errors > 0 || (values.strict && warnings > 0) ? EXIT.failed : EXIT.ok;
}

/** Messages quote the file's text: keep each finding on one line of output. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001F\u007F]+/g, ' ');
}

/** Files named directly are linted whatever their name; directories contribute their *.md files, recursively. */
function collect(target: string, files: string[], diagnostics: Diagnostic[], seen: Set<string>, named: boolean): void {
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    diagnostics.push(diagnostic(target, START, 'error', msg('file.unreadable', { reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), 'file'));
    return;
  }
  let real = target;
  try { real = realpathSync(target); } catch { /* keep the name */ }
  if (seen.has(real)) return; // the same file twice, or a symlink loop
  seen.add(real);
  if (st.isFile()) { files.push(target); return; }
  if (!st.isDirectory()) {
    if (named) diagnostics.push(diagnostic(target, START, 'error', msg('file.notFile'), 'file'));
    return;
  }
  let names: string[];
  try {
    names = readdirSync(target).sort();
  } catch (e) {
    diagnostics.push(diagnostic(target, START, 'error', msg('file.unlistable', { reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), 'file'));
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(target, name);
    let s;
    try { s = statSync(p); } catch { continue; }
    if (s.isDirectory()) collect(p, files, diagnostics, seen, false);
    else if (s.isFile() && name.endsWith('.md') && !/^(README|NOTES|CHANGELOG)/i.test(name)) collect(p, files, diagnostics, seen, false);
  }
}

async function lintFile(file: string, lang: string, cache: boolean): Promise<Diagnostic[]> {
  let source: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_READ_BYTES) {
      return [diagnostic(file, START, 'error', msg('file.tooBig', { mb: (size / 1024 / 1024).toFixed(1) }), 'file-size')];
    }
    source = readFileSync(file, 'utf8');
  } catch (e) {
    return [diagnostic(file, START, 'error', msg('file.unreadable', { reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), 'file')];
  }
  return present((await analyzeCached(source, file, cache)).findings, lang);
}
