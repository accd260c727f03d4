// The line-oriented face of a run (`--ui plain`, and any run whose stdout is not a terminal): one
// line per step start and end, output lines prefixed (never cut: they are the evidence), the
// runner's own lines fitted to a terminal's width. No React here.
import type { Writable } from 'node:stream';
import type { RunController, RunEvent, StepStatus } from '../../engine/execution/run-api.js';
import { pick } from '../../engine/document/model.js';
import type { ParamSet } from '../../engine/plan/param-sources.js';
import { formatDuration } from '../../engine/core/clock.js';
import { logPath } from '../../engine/execution/store/state.js';
import { translator, type RunKey, type Vars } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';
import { tui as tuiCatalog } from '../../i18n/tui.js';
import { SYMBOL, accountOf, type AccountTitle } from '../run-text.js';
import { paramLines } from './param-review.js';
import type { Fit } from './terminal.js';
import { prefixLines } from './prefix-lines.js';

export const OUTPUT_PREFIX = '  │ ';
const PREFIX_BYTES = Buffer.from(OUTPUT_PREFIX);
const FLUSH_AT = 64 * 1024;
const MAX_QUEUED = 1024 * 1024;

/** Prints a run's events as lines; output is batched so that a step printing gigabytes stays cheap. */
export class PlainReporter {
  /**
   * Output not written yet, prefixed, a buffer per batch of lines (prefix-lines.ts); written once per
   * FLUSH_AT. Bytes, not one big string: concatenating the batches before writing them cost 0.7 s of
   * a 64 MB flood.
   */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushTimer: NodeJS.Immediate | undefined;
  /** Set while the output stream's buffer is full: the step's output waits for it. */
  private draining: Promise<void> | undefined;
  private drained: (() => void) | undefined;
  /** The reader went away (`runbook run … | head`): the run goes on, its log has everything. */
  private outGone = false;
  /** The account written last, while nothing else has been written since: it is not repeated. */
  private accountShown: AccountTitle | undefined;
  private readonly unsubscribe: () => void;
  readonly finished = new Map<string, Extract<RunEvent, { type: 'step-finished' }>>();

  /** `fit`: how the runner's own lines fit `out` (terminal.ts lineFit). */
  constructor(private readonly c: RunController, private readonly out: Writable, private readonly fit: Fit) {
    this.unsubscribe = c.on((e) => this.handle(e));
    out.on('error', this.onOutError);
  }

  private readonly onOutError = () => {
    this.outGone = true;
    this.drained?.();
  };

  t(key: RunKey, vars?: Vars): string {
    return translator(runCatalog, this.c.state.lang)(key, vars);
  }

  /** Title, run id and state directory; the params when they were not reviewed; on resume, the run so far. */
  header(params?: ParamSet): void {
    const { runbook, state } = this.c;
    const rehearsal = state.rehearsal ? ` [${this.t('rehearsal')}]` : '';
    this.line(`== ${pick(runbook.title, state.lang, runbook.languages).text} (${runbook.id})${rehearsal}`);
    this.line(`   ${this.t(this.c.resumeReport ? 'header.resumed' : 'header.run', { runId: state.runId })} · ${this.t('header.state', { dir: this.c.runDir })}`);
    if (state.rehearsal) this.line(`   ${this.t('header.rehearsal', { dir: `${this.c.runDir}/rehearsal` })}`);
    const r = this.c.resumeReport;
    if (r) {
      if (r.lockTakenOver) this.line(`   ${this.t('report.lockTakenOver', { ...r.lockTakenOver, found: r.lockTakenOver.foundDeadAt })}`);
      if (r.interrupted.length) this.line(`   ${this.t('report.interrupted', { steps: r.interrupted.join(', ') })}`);
      if (r.recaptured?.length) this.line(`   ${this.t('report.recaptured', { steps: r.recaptured.map((x) => x.step).join(', ') })}`);
      if (r.changed.length) this.line(`   ${this.t('report.changed', { steps: r.changed.join(', ') })}`);
      if (r.added.length) this.line(`   ${this.t('report.added', { steps: r.added.join(', ') })}`);
      if (r.removed.length) this.line(`   ${this.t('report.removed', { steps: r.removed.join(', ') })}`);
      if (r.paramsChanged) this.line(`   ${this.t('report.paramsChanged', { names: r.paramsChanged.names.join(', '), steps: r.paramsChanged.rerun.join(', ') || '-' })}`);
    }
    if (params && Object.keys(params.entries).length) {
      this.line(`   ${this.t('review.params')}`);
      for (const l of paramLines(runbook, state.lang, params)) this.line(l);
    }
    if (r) this.account('account.title');
  }

  /** Who did what so far (a hand-over on resume, the summary when the run stops). */
  account(titleKey: AccountTitle): void {
    if (this.accountShown === titleKey) return;
    for (const l of accountOf(this.c, titleKey, this.c.state.lang)) this.line(l);
    this.accountShown = titleKey;
  }

  /** A line of the runner's own (fitted to a terminal's width); `whole`: code to copy, never wrapped. */
  line(text: string, whole = false): void {
    this.flush();
    this.write(`${(whole ? [text] : this.fit(text)).join('\n')}\n`);
  }

  flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    // One batch (a chunk of a flood is one) is written as it is: concat would copy it.
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.write(bytes);
  }

  private write(text: string | Buffer): void {
    this.accountShown = undefined;
    if (this.outGone) return;
    // Let a little queue up (so that the step and the reader overlap), then hold the step's output.
    if (!this.out.write(text) && this.out.writableLength > MAX_QUEUED && !this.draining) {
      this.draining = new Promise((res) => {
        this.drained = () => {
          this.out.off('drain', this.drained!);
          this.draining = this.drained = undefined;
          res();
        };
        this.out.on('drain', this.drained);
      });
    }
  }

  close(): void {
    this.flush();
    this.unsubscribe();
    this.out.off('error', this.onOutError);
  }

  private handle(e: RunEvent): Promise<void> | undefined {
    switch (e.type) {
      case 'output': {
        const bytes = prefixLines(e.text, PREFIX_BYTES);
        this.pending.push(bytes);
        this.pendingBytes += bytes.length;
        if (this.pendingBytes >= FLUSH_AT) this.flush();
        else this.flushTimer ??= setImmediate(() => this.flush());
        return this.draining;
      }
      case 'step-started': {
        this.line(this.stepLine(e.stepId, 'running', this.t('step.start', { attempt: e.attempt })));
        const cwd = this.c.workingDir(e.stepId);
        const dir = 'dir' in cwd ? cwd.dir : undefined;
        if (dir) this.line(`   ${translator(tuiCatalog, this.c.state.lang)('step.cwd', { cwd: dir })}`);
        return;
      }
      case 'poll':
        this.line(`${OUTPUT_PREFIX}${this.t('step.poll', { attempt: e.attempt, next: formatDuration(e.nextInMs) })}`);
        return;
      case 'step-finished': {
        this.finished.set(e.stepId, e);
        const parts: string[] = [this.t(`status.${e.status}`)];
        if (e.status !== 'skipped' && e.status !== 'confirmed') parts.push(formatDuration(e.durationMs));
        if (e.exitCode !== undefined) parts.push(this.t('step.exit', { code: e.exitCode }));
        const by = e.status === 'confirmed' ? this.c.state.steps.find((s) => s.id === e.stepId)?.confirmedBy : undefined;
        if (by) parts.push(this.t('step.by', { who: by }));
        this.line(this.stepLine(e.stepId, e.status, `${parts.join(', ')}${e.message ? `: ${e.message}` : ''}`));
        if (e.status === 'failed' || e.status === 'interrupted') this.line(`   ${this.t('step.log', { path: logPath(this.c.runDir, e.stepId) })}`);
        return;
      }
      case 'state':
        return;
    }
  }

  title(stepId: string): string {
    const step = this.c.runbook.steps.find((s) => s.id === stepId);
    return step ? this.c.stepTitle(step) : stepId;
  }

  private stepLine(stepId: string, status: StepStatus, detail: string): string {
    const title = this.title(stepId);
    const time = new Date().toISOString().slice(11, 19);
    const rehearsal = this.c.state.rehearsal ? `${this.t('rehearsal')} ` : '';
    return `[${time}] ${rehearsal}${SYMBOL[status]} ${stepId} · ${title} — ${detail}`;
  }
}

