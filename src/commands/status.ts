// runbook status [RUN_ID] [--state-dir DIR] [--json]: what runs exist and where each one stands.
// Light on purpose: no Ink or React (only the state and lock readers).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { usageLine } from './shared/spec.js';
import { parseFlags, str } from './shared/args.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { messageLang } from '../engine/core/env.js';
import type { RunState } from '../engine/execution/run-api.js';
import { listRuns, readState, runsDir, stateRoot, STATE_FILE, LOCK_FILE } from '../engine/execution/store/state.js';
import { readLock, isStale } from '../engine/execution/store/lock.js';
import { isRunId } from '../engine/execution/store/runid.js';
import { formatDuration } from '../engine/core/clock.js';
import { parseRunbook } from '../engine/document/parse.js';
import type { Runbook, Step } from '../engine/document/model.js';
import { progress, type Progress } from '../engine/execution/progress.js';
import { storedProgress } from '../engine/execution/run-account.js';
import { translator, type RunKey, type Translate as TranslateKeys } from '../i18n/index.js';
import { run as runCatalog } from '../i18n/run.js';


export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('status', argv);
  if (positionals.length > 1) throw new UserError('error.usage', { usage: usageLine('status') }, { key: 'hint.commandHelp', vars: { command: 'status' } });
  const root = stateRoot(str(values['state-dir']));
  const t = translator(runCatalog, messageLang(str(values.lang)));

  if (positionals[0]) {
    const runId = positionals[0];
    const dir = join(runsDir(root), runId);
    if (!isRunId(runId) || !existsSync(join(dir, STATE_FILE))) throw new UserError('error.noRun', { runId, dir: runsDir(root) }, { key: 'hint.status' });
    const state = readState(join(dir, STATE_FILE));
    process.stdout.write(values.json ? `${JSON.stringify(runJson(state), null, 2)}\n` : runTable(state, dir, t));
    return EXIT.ok;
  }

  const { runs, broken } = listRuns(root);
  if (values.json) process.stdout.write(`${JSON.stringify({ runs: runs.map((r) => runJson(r.state)) }, null, 2)}\n`);
  else process.stdout.write(runs.length ? runsTable(runs, t) : `${t('status.none', { dir: runsDir(root) })}\n`);
  // Report every unusable state.json, then fail on the first like any other input error.
  for (const b of broken.slice(1)) process.stderr.write(`runbook: ${t('status.skippedBroken', { file: String(b.vars.file), reason: String(b.vars.reason) })}\n`);
  if (broken[0]) throw broken[0];
  return EXIT.ok;
}

/** The RUN shape of section 6 of the contract, exactly. */
function runJson(s: RunState) {
  return {
    runId: s.runId,
    runbook: { id: s.runbook.id, path: s.runbook.path, sha256: s.runbook.sha256 },
    lang: s.lang,
    status: s.status,
    rehearsal: s.rehearsal,
    startedAt: s.startedAt,
    updatedAt: s.updatedAt,
    params: s.params,
    steps: s.steps.map((st) => ({
      id: st.id,
      kind: st.kind,
      status: st.status,
      ...(st.exitCode !== undefined ? { exitCode: st.exitCode } : {}),
      ...(st.startedAt ? { startedAt: st.startedAt } : {}),
      ...(st.endedAt ? { endedAt: st.endedAt } : {}),
      attempts: st.attempts,
      ...(st.notApplicable ? { notApplicable: true } : {}),
      ...(st.reason ? { reason: st.reason } : {}),
      ...(st.by ?? st.confirmedBy ? { by: st.by ?? st.confirmedBy } : {}),
    })),
  };
}

/**
 * Done out of applicable steps (the one definition of progress), planned with the runbook as it is
 * now; when it cannot be read, the steps recorded as not applicable are the only ones left out.
 */
function runProgress(s: RunState, runbooks: Map<string, Runbook | undefined>): Progress {
  if (!runbooks.has(s.runbook.path)) runbooks.set(s.runbook.path, readRunbook(s.runbook.path));
  const runbook = runbooks.get(s.runbook.path);
  if (runbook && runbook.id === s.runbook.id) return storedProgress(runbook, s);
  return progress(s, s.steps.map((st) => ({ step: { id: st.id } as Step, included: !st.notApplicable })));
}

function readRunbook(path: string): Runbook | undefined {
  try {
    return parseRunbook(readFileSync(path, 'utf8'), path).runbook;
  } catch {
    return undefined;
  }
}

type Translate = TranslateKeys<RunKey>;

function runsTable(runs: { dir: string; state: RunState }[], t: Translate): string {
  const runbooks = new Map<string, Runbook | undefined>();
  const rows = runs.map(({ dir, state: s }) => [
    s.runId,
    s.runbook.id,
    statusText(s, dir, t),
    fraction(runProgress(s, runbooks)),
    utc(s.updatedAt),
  ]);
  return table([[t('status.col.run'), t('status.col.runbook'), t('status.col.status'), t('status.col.progress'), t('status.col.updated')], ...rows]);
}

function fraction(p: Progress): string {
  return `${p.done}/${p.applicable}`;
}

function runTable(s: RunState, dir: string, t: Translate): string {
  const head = [
    `${s.runId}${s.rehearsal ? ` [${t('rehearsal')}]` : ''}`,
    t('status.file', { id: s.runbook.id, path: s.runbook.path }),
    t('status.summary', { status: statusText(s, dir, t), lang: s.lang, started: utc(s.startedAt), updated: utc(s.updatedAt), progress: fraction(runProgress(s, new Map())) }),
    t('status.params', { params: Object.entries(s.params).map(([k, v]) => `${k}=${v}`).join(', ') || '-' }),
    '',
  ];
  const rows = s.steps.map((st) => [
    st.id,
    t(`status.kind.${st.kind}`),
    t(st.notApplicable ? 'status.notApplicable' : `status.${st.status}`),
    String(st.attempts),
    st.exitCode !== undefined ? String(st.exitCode) : '',
    st.startedAt && (st.endedAt || st.status === 'running') ? formatDuration(Date.parse(st.endedAt ?? new Date().toISOString()) - Date.parse(st.startedAt)) : '',
    st.by ?? st.confirmedBy ?? '',
    st.reason ?? '',
  ]);
  const cols = (['step', 'kind', 'status', 'attempts', 'exit', 'duration', 'by', 'reason'] as const).map((c) => t(`status.col.${c}`));
  return `${head.join('\n')}\n${table([cols, ...rows])}`;
}

/** A run saved as `running` whose runner is gone says so: it needs `runbook resume`. */
function statusText(s: RunState, dir: string, t: Translate): string {
  const text = t(`status.${s.status}`);
  if (s.status !== 'running') return text;
  const holder = readLock(join(dir, LOCK_FILE));
  return typeof holder !== 'object' || isStale(holder) ? `${text} ${t('status.noRunner')}` : text;
}

function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Columns padded by display width (CJK labels are two columns wide). */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => stringWidth(r[i] ?? ''))));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - stringWidth(cell) + 2))).join('').trimEnd()).join('\n') + '\n';
}
