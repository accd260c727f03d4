// runbook render FILE [--lang L] [--param k=v]... [--params-file F.yaml] [--format md|html] [--out FILE]
// A clean one-language document for review, on stdout or in a file. Light: no Ink, no React.
import { usageLine } from './shared/spec.js';
import { parseFlags, useCache, str, list } from './shared/args.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { writeOutput, documentFormat } from './shared/output.js';
import { loadRunbook, chooseLang, readParams, readText } from './shared/load.js';
import { renderRunbookDoc, renderHtml } from '../engine/authoring/render/index.js';

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('render', argv);
  const format = documentFormat(str(values.format), 'render');
  if (positionals.length !== 1) throw new UserError('error.usage', { usage: usageLine('render') }, { key: 'hint.commandHelp', vars: { command: 'render' } });

  const { runbook } = await loadRunbook(positionals[0]!, process.env, { cache: useCache(values) });
  const source = readText(runbook.path);
  const lang = chooseLang(runbook, str(values.lang));
  const paramArgs = list(values.param);
  const paramsFile = str(values['params-file']);
  const given = paramArgs.length > 0 || paramsFile !== undefined ? await readParams(runbook, paramArgs, paramsFile) : undefined;

  const doc = renderRunbookDoc(runbook, source, { lang, params: given });
  const output = format === 'html' ? renderHtml(doc.markdown, { lang, title: doc.title, notes: doc.notes }) : doc.markdown;

  writeOutput(str(values.out), output);
  return EXIT.ok;
}
