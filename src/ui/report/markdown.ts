// The record of a run as markdown: summary, run facts, params, sessions, then every step in order with
// its status, attempts, decisions (who, why), saved output and the last lines of its log. Pure.
import type { RunHistory, Attempt, Decision } from '../../engine/execution/store/run-history.js';
import type { StepState } from '../../engine/execution/run-api.js';
import { MASK } from '../../engine/execution/secrets.js';
import { formatDuration } from '../../engine/core/clock.js';
import { codeSpan, escapeInline } from '../../engine/authoring/render/index.js';
import type { CliKey, ReportKey, RunKey, Translate } from '../../i18n/index.js';


export interface ReportInput {
  record: RunHistory;
  /** Runbook title and step titles in the report's language (the step id when the runbook is gone). */
  title: string;
  stepTitles: Map<string, string>;
  /** The variable each step saved its output in (`capture=`), from the runbook; undefined when the file is gone. */
  captureOf?: Map<string, string>;
  /** sha256 of the runbook file now, when it differs from the run's. */
  changedSha?: string;
  version: string;
  now: Date;
  /** Messages of the report, of the runner (statuses) and of render (step kinds, params). */
  t: { report: Translate<ReportKey>; run: Translate<RunKey>; render: Translate<CliKey> };
}

type StepClass = 'succeeded' | 'confirmed' | 'failed' | 'skipped' | 'na' | 'open';

export function reportMarkdown(input: ReportInput): string {
  const { record, t } = input;
  const parts = [`# ${escapeInline(t.report('report.title', { title: input.title }))}`];
  if (record.state.rehearsal) parts.push(`> **${escapeInline(t.report('report.rehearsal'))}**`);
  if (record.state.status === 'running' || record.state.status === 'paused') {
    parts.push(`> ${escapeInline(t.report('report.inProgress', { updated: utc(record.state.updatedAt) }))}`);
  }
  if (input.changedSha) parts.push(`> ${escapeInline(t.report('report.runbookChanged', { sha256: input.changedSha }))}`);
  parts.push(summary(input), runFacts(input), params(input), unattributedCaptures(input), sessions(input), `## ${escapeInline(t.report('report.steps'))}`);
  record.state.steps.forEach((step, i) => parts.push(...stepSection(input, step, i + 1)));
  parts.push(`*${escapeInline(t.report('report.made', { version: input.version, time: utc(input.now.toISOString()) }))}*`);
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

/** How the summary counts a step: a skip the runner made (a condition, --from/--only) is "not applicable". */
function classify(step: StepState, decisions: Decision[] | undefined): StepClass {
  if (step.status === 'skipped') return decisions?.some((d) => d.action === 'skipped' && !d.auto) ? 'skipped' : 'na';
  if (step.status === 'succeeded' || step.status === 'confirmed' || step.status === 'failed') return step.status;
  return 'open';
}

function summary({ record, t, now }: ReportInput): string {
  const { state } = record;
  const counts: Record<StepClass, number> = { succeeded: 0, confirmed: 0, failed: 0, skipped: 0, na: 0, open: 0 };
  for (const s of state.steps) counts[classify(s, record.decisions.get(s.id))]++;
  const finished = state.status !== 'running' && state.status !== 'paused';
  const end = finished ? state.updatedAt : undefined;
  const total = Date.parse(end ?? (state.status === 'running' ? now.toISOString() : state.updatedAt)) - Date.parse(state.startedAt);
  return table(t.report('report.summary'), [
    [t.report('report.status'), `**${escapeInline(t.run(`status.${state.status}` as RunKey))}**`],
    [t.report('report.steps'), escapeInline(t.report('report.counts', { total: state.steps.length, ...counts }))],
    [t.report('report.started'), utc(state.startedAt)],
    [t.report('report.ended'), end ? utc(end) : escapeInline(t.report('report.notEnded'))],
    [t.report('report.totalTime'), formatDuration(Math.max(0, total))],
  ]);
}

function runFacts({ record, t }: ReportInput): string {
  const { state, sessions } = record;
  const who = [...new Set(sessions.map((s) => s.by).filter(Boolean).concat([...record.decisions.values()].flat().map((d) => d.by)).filter((b): b is string => !!b))];
  const hosts = [...new Set(who.map((w) => w.slice(w.lastIndexOf('@') + 1)))];
  const versions = [...new Set(sessions.map((s) => s.version).filter((v): v is string => !!v))];
  const none = escapeInline(t.report('report.notRecorded'));
  return table(t.report('report.run'), [
    [t.report('report.runId'), codeSpan(state.runId)],
    [t.report('report.runbook'), codeSpan(state.runbook.id)],
    [t.report('report.file'), codeSpan(state.runbook.path)],
    [t.report('report.sha256'), codeSpan(state.runbook.sha256)],
    [t.report('report.toolVersion'), versions.length ? versions.map(codeSpan).join(', ') : none],
    [t.report('report.hosts'), hosts.length ? hosts.map(codeSpan).join(', ') : none],
    [t.report('report.operators'), who.length ? who.map(codeSpan).join(', ') : none],
    [t.report('report.language'), codeSpan(state.lang)],
    [t.report('report.stateDir'), codeSpan(record.dir)],
  ]);
}

function params({ record, t }: ReportInput): string {
  const { state } = record;
  const rows: [string, string][] = Object.entries(state.params).map(([k, v]) => [codeSpan(k), typeof v === 'boolean' ? escapeInline(t.render(v ? 'render.yes' : 'render.no')) : codeSpan(String(v))]);
  for (const name of state.secretParams) rows.push([codeSpan(name), codeSpan(MASK)]);
  return rows.length ? table(t.render('render.params'), rows) : '';
}

function sessions({ record, t }: ReportInput): string {
  const lines = record.sessions.map((s) => {
    const status = s.status ? t.run(`status.${s.status}` as RunKey) : '';
    const what = t.report(`report.event.${s.event}` as ReportKey, { by: s.by ?? '?', status });
    const version = s.version ? ` (runbook ${s.version})` : '';
    return `- ${utc(s.at)}: ${escapeInline(what + version)}${s.reason ? ` — ${escapeInline(t.report('report.reason', { reason: s.reason }))}` : ''}`;
  });
  return lines.length ? `## ${escapeInline(t.report('report.sessions'))}\n\n${lines.join('\n')}` : '';
}

function stepSection(input: ReportInput, step: StepState, no: number): string[] {
  const { record, t } = input;
  const decisions = record.decisions.get(step.id) ?? [];
  const cls = classify(step, decisions);
  const status = cls === 'na' ? t.report('report.notApplicable') : t.run(`status.${step.status}` as RunKey);
  const out = [
    `### ${no}. ${escapeInline(input.stepTitles.get(step.id) ?? step.id)}`,
    `${codeSpan(step.id)} · ${escapeInline(t.render(`render.${step.kind}` as CliKey))} · **${escapeInline(status)}**`,
  ];
  out.push(attempts(input, record.attempts.get(step.id) ?? []));
  out.push(decisions.map((d) => `- ${decisionText(input, d)}`).join('\n'));
  out.push(captures(input, step.id));
  out.push(output(input, step.id));
  return out.filter(Boolean);
}

function attempts({ t }: ReportInput, list: Attempt[]): string {
  if (list.length === 0) return '';
  const head = (['report.col.attempt', 'report.col.started', 'report.col.exit', 'report.col.duration', 'report.col.result'] as const).map((k) => t.report(k));
  const rows = list.map((a) => [
    String(a.attempt),
    utc(a.startedAt),
    a.exitCode !== undefined ? String(a.exitCode) : '',
    a.durationMs !== undefined ? formatDuration(a.durationMs) : '',
    escapeInline(`${a.status ? t.run(`status.${a.status}` as RunKey) : t.run('status.running')}${a.message ? `: ${a.message}` : ''}`),
  ]);
  return gridTable(head.map(escapeInline), rows);
}

function decisionText({ t }: ReportInput, d: Decision): string {
  const at = utc(d.at);
  const text = d.auto ? t.report('report.decision.auto', { at }) : t.report(`report.decision.${d.action}` as ReportKey, { by: d.by ?? '?', at });
  return `${escapeInline(text)}${d.reason ? `. ${escapeInline(t.report('report.reason', { reason: d.reason }))}` : ''}`;
}

/** What a step saved (`capture=`); one that held a secret was kept in memory only, so its value is not on record. */
function captures({ record, t, captureOf }: ReportInput, stepId: string): string {
  const name = captureOf?.get(stepId);
  if (name !== undefined && record.state.memoryCaptures?.includes(name)) {
    return `${escapeInline(t.report('report.captures'))}: ${codeSpan(`$${name}`)}: ${escapeInline(t.report('report.captureHeld'))}`;
  }
  if (name === undefined || !Object.hasOwn(record.state.captures, name)) return '';
  return `${escapeInline(t.report('report.captures'))}: ${codeSpan(`$${name}`)} = ${codeSpan(record.state.captures[name]!)}`;
}

/** Without the runbook file the steps' captures cannot be told apart: all of them, once. */
function unattributedCaptures({ record, t, captureOf }: ReportInput): string {
  const rows: [string, string][] = Object.entries(record.state.captures).map(([k, v]) => [codeSpan(`$${k}`), codeSpan(v)]);
  return captureOf || rows.length === 0 ? '' : table(t.report('report.captures'), rows);
}

function output({ record, t }: ReportInput, stepId: string): string {
  const log = record.output.get(stepId);
  if (!log) return '';
  if (log.lines.length === 0) return escapeInline(t.report('report.noOutput', { path: log.path }));
  const body = log.lines.join('\n');
  const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
  return `${escapeInline(t.report('report.output', { path: log.path }))}\n\n${fence}text\n${body}\n${fence}`;
}

/** A section of facts: a heading, then one "- **name**: value" line each (values are inline markdown). */
function table(heading: string, rows: [string, string][]): string {
  return `## ${escapeInline(heading)}\n\n${rows.map(([k, v]) => `- **${k.startsWith('`') ? k : escapeInline(k)}**: ${v}`).join('\n')}`;
}

/** A pipe table; cells are inline markdown already (pipes in them escaped). */
function gridTable(head: string[], rows: string[][]): string {
  const cell = (c: string) => c.replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function utc(iso: string): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '?';
}
