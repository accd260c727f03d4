// runbook lint FILE|DIR... [--strict] [--json]
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFlags, str } from '../common/args.js';
import { UserError, EXIT } from '../common/errors.js';
import { lintSource } from '../engine/lint.js';
import type { Diagnostic } from '../engine/model.js';

const MAX_FILE_BYTES = 16 * 1024 * 1024;

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('lint', argv, {
    strict: { type: 'boolean' }, json: { type: 'boolean' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  void str(values.lang);
  if (values.help) {
    process.stdout.write('runbook lint FILE|DIR... [--strict] [--json]\n  Checks runbooks; exit 1 on errors (on warnings too with --strict).\n');
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UserError('error.usage', { usage: 'runbook lint FILE|DIR... [--strict] [--json]' });
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const target of positionals) collect(target, files, diagnostics);
  for (const file of files) diagnostics.push(...lintFile(file));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ files: files.length, errors, warnings, diagnostics }, null, 2)}\n`);
  } else {
    for (const d of diagnostics) process.stdout.write(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.rule}\n`);
    process.stdout.write(`${files.length} file${files.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 || (values.strict && warnings > 0) ? EXIT.failed : EXIT.ok;
}

/** Files named directly are linted whatever their name; directories contribute their *.md files, recursively. */
function collect(target: string, files: string[], diagnostics: Diagnostic[]): void {
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    diagnostics.push({ file: target, line: 1, column: 1, severity: 'error', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, rule: 'file' });
    return;
  }
  if (st.isFile()) { files.push(target); return; }
  if (!st.isDirectory()) return;
  let names: string[];
  try { names = readdirSync(target).sort(); } catch (e) {
    diagnostics.push({ file: target, line: 1, column: 1, severity: 'error', message: `cannot list: ${(e as NodeJS.ErrnoException).code}`, rule: 'file' });
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(target, name);
    let s;
    try { s = statSync(p); } catch { continue; }
    if (s.isDirectory()) collect(p, files, diagnostics);
    else if (name.endsWith('.md') && !/^(README|NOTES)/i.test(name)) files.push(relative('.', p) || p);
  }
}

function lintFile(file: string): Diagnostic[] {
  let source: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return [{ file, line: 1, column: 1, severity: 'error', message: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; is it really a runbook?`, rule: 'file' }];
    source = readFileSync(file, 'utf8');
  } catch (e) {
    return [{ file, line: 1, column: 1, severity: 'error', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, rule: 'file' }];
  }
  return lintSource(source, file);
}
