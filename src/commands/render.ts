// runbook render FILE [--lang L] [--param k=v]... [--params-file F.yaml] [--format md|html] [--out FILE]
// A clean one-language document for review, on stdout or in a file. Light: no Ink, no React, no execa.
import { writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { usageLine } from './shared/spec.js';
import { parseFlags, str, list } from './shared/args.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { loadRunbook, chooseLang, readParams, readText } from './shared/load.js';
import { renderRunbook, renderHtml, runbookTitle } from '../engine/authoring/render.js';

const FORMATS = ['md', 'html'];

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('render', argv);
  const format = str(values.format) ?? 'md';
  if (!FORMATS.includes(format)) {
    throw new UserError('error.badFormat', { format, allowed: FORMATS.join(', ') }, { key: 'hint.commandHelp', vars: { command: 'render' } });
  }
  if (positionals.length !== 1) throw new UserError('error.usage', { usage: usageLine('render') }, { key: 'hint.commandHelp', vars: { command: 'render' } });

  const { runbook } = loadRunbook(positionals[0]!);
  const source = readText(runbook.path);
  const lang = chooseLang(runbook, str(values.lang));
  const paramArgs = list(values.param);
  const paramsFile = str(values['params-file']);
  const given = paramArgs.length > 0 || paramsFile !== undefined ? readParams(runbook, paramArgs, paramsFile) : undefined;

  const markdown = renderRunbook(runbook, source, { lang, params: given });
  const output = format === 'html' ? renderHtml(markdown, { lang, title: runbookTitle(runbook, lang) }) : markdown;

  const out = str(values.out);
  if (out === undefined || out === '-') {
    process.stdout.write(output);
  } else {
    writeAtomically(out, output);
  }
  return EXIT.ok;
}

/** Write a temporary file next to the target, then rename it: readers never see a half-written document. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, file);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* not created */ }
    const err = e as NodeJS.ErrnoException;
    throw new UserError('error.outFile', { file, reason: err.message.split(',')[0]! });
  }
}
