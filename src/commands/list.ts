// runbook list [--lang L] [--json]: every runbook found in RUNBOOK_PATH and the shipped runbooks/.
import { parseFlags, useCache, str } from './shared/args.js';
import { EXIT } from '../engine/core/errors.js';
import { listRunbookFiles, searchDirs, readText, chooseLang, messageLang } from './shared/load.js';
import { analyzeCached } from './shared/analysis-cache.js';
import { pick } from '../engine/document/model.js';
import { translator } from '../i18n/index.js';
import { cli } from '../i18n/cli.js';

export async function command(argv: string[]): Promise<number> {
  const { values } = parseFlags('list', argv);
  const rows = [];
  for (const file of listRunbookFiles()) {
    let text: string;
    try { text = readText(file); } catch { continue; }
    const { runbook, findings } = await analyzeCached(text, file, useCache(values));
    if (!runbook) continue;
    const flag = str(values.lang);
    const shown = flag && runbook.languages.includes(flag) ? flag : chooseLang(runbook, undefined);
    rows.push({
      id: runbook.id,
      file,
      title: pick(runbook.title, shown, runbook.languages).text,
      languages: runbook.languages,
      // Usable by plan and run: no lint error.
      valid: !findings.some((d) => d.severity === 'error'),
    });
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ runbooks: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    process.stderr.write(`${translator(cli, messageLang(str(values.lang)))('list.none', { where: searchDirs().join(', ') })}\n`);
    return EXIT.ok;
  }
  const idW = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) process.stdout.write(`${r.id.padEnd(idW)}  ${r.languages.join(',').padEnd(8)}  ${r.title}\n    ${r.file}\n`);
  return EXIT.ok;
}
