// runbook report [RUN_ID] [--format md|html] [--out FILE] [--lang L] [--state-dir DIR]
// The record of a run for a change ticket or an audit, from its state, transcript and logs; a run in
// progress too (it only reads). Light: no Ink or React.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags, str } from './shared/args.js';
import { usageLine } from './shared/spec.js';
import { writeOutput, documentFormat } from './shared/output.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { toolVersion } from '../engine/core/env.js';
import { listRuns, runsDir, stateRoot, STATE_FILE } from '../engine/execution/store/state.js';
import { isRunId } from '../engine/execution/store/runid.js';
import { readRunHistory, type RunHistory } from '../engine/execution/store/run-history.js';
import { parseRunbook } from '../engine/document/parse.js';
import { pick } from '../engine/document/model.js';
import { renderHtml } from '../engine/authoring/render/index.js';
import { reportMarkdown, type ReportInput } from '../ui/report/markdown.js';
import { translator } from '../i18n/index.js';
import { report as reportCatalog } from '../i18n/report.js';
import { run as runCatalog } from '../i18n/run.js';
import { cli as cliCatalog } from '../i18n/cli.js';

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('report', argv);
  if (positionals.length > 1) throw new UserError('error.usage', { usage: usageLine('report') }, { key: 'hint.commandHelp', vars: { command: 'report' } });
  const format = documentFormat(str(values.format), 'report');
  const record = readRunHistory(runDir(stateRoot(str(values['state-dir'])), positionals[0]));
  const lang = str(values.lang) ?? record.state.lang;
  const input = reportInput(record, lang);
  const markdown = reportMarkdown(input);
  writeOutput(str(values.out), format === 'html' ? renderHtml(markdown, { lang, title: input.title, toc: false }) : markdown);
  return EXIT.ok;
}

/** The named run, else the most recently updated one. */
function runDir(root: string, runId: string | undefined): string {
  if (runId === undefined) {
    const latest = listRuns(root).runs[0];
    if (!latest) throw new UserError('error.noRuns', { dir: runsDir(root) }, { key: 'hint.noRuns' });
    return latest.dir;
  }
  const dir = join(runsDir(root), runId);
  if (!isRunId(runId) || !existsSync(join(dir, STATE_FILE))) throw new UserError('error.noRun', { runId, dir: runsDir(root) }, { key: 'hint.status' });
  return dir;
}

/** Titles and captures come from the runbook file when it is still there; the record stands without it. */
function reportInput(record: RunHistory, lang: string): ReportInput {
  const { state } = record;
  const t = { report: translator(reportCatalog, lang), run: translator(runCatalog, lang), render: translator(cliCatalog, lang) };
  const base = { record, title: state.runbook.id, stepTitles: new Map<string, string>(), version: toolVersion(), now: new Date(), t };
  let text: string;
  try { text = readFileSync(state.runbook.path, 'utf8'); } catch { return base; }
  const { runbook } = parseRunbook(text, state.runbook.path);
  if (!runbook) return base;
  return {
    ...base,
    title: pick(runbook.title, lang, runbook.languages).text.replace(/\s+/g, ' ').trim() || runbook.id,
    stepTitles: new Map(runbook.steps.map((s) => [s.id, pick(s.title, lang, runbook.languages).text.replace(/\s+/g, ' ').trim() || s.id])),
    captureOf: new Map(runbook.steps.filter((s) => s.capture).map((s) => [s.id, s.capture!])),
    changedSha: runbook.sha256 === state.runbook.sha256 ? undefined : runbook.sha256,
  };
}
