// Walking a run in the plain face: the next thing to decide, asked on a terminal or answered by the
// flags (--confirm, --rerun-*), until the run ends, pauses or fails; returns the exit code (section 6).
// Every decision is a RunController call, as in the Ink UI.
import type { Writable } from 'node:stream';
import type { Pending, RunController } from '../../engine/execution/run-api.js';
import type { PlannedStep } from '../../engine/plan/plan.js';
import type { ParamSet } from '../../engine/plan/param-sources.js';
import { pick } from '../../engine/document/model.js';
import { formatDuration } from '../../engine/core/clock.js';
import { logPath } from '../../engine/execution/store/state.js';
import { progress } from '../../engine/execution/progress.js';
import { UserError, EXIT } from '../../engine/core/errors.js';
import type { RunKey, Vars } from '../../i18n/index.js';
import { PlainReporter, OUTPUT_PREFIX } from './reporter.js';
import { choose, lineFit, prompt, type Fit } from './terminal.js';
import { stopConfirmation, STOP_CONFIRM_MS } from '../stop-confirm.js';
import { cliCommand } from '../../i18n/index.js';

export interface PlainOptions {
  /** A person can answer prompts (a TTY on stdin and stdout, no --yes). */
  interactive: boolean;
  /** --confirm: manual steps pre-confirmed, interrupted or changed steps marked done, failed ones overridden. */
  confirm: string[];
  rerunInterrupted: boolean;
  rerunChanged: boolean;
  /** Params with their sources, printed at the start when they were not reviewed on a terminal. */
  params?: ParamSet;
  out?: Writable;
  err?: Writable;
}

/** Walk the run to its end, a pause or a failure; returns the exit code (section 6). */
export async function runPlain(c: RunController, opts: PlainOptions): Promise<number> {
  return new PlainWalk(c, opts, await lineFit(opts.out ?? process.stdout)).run();
}

type Step = PlannedStep['step'];

class PlainWalk {
  private readonly out: Writable;
  private readonly err: Writable;
  private readonly reporter: PlainReporter;
  private readonly confirm: Set<string>;
  private readonly failedHere = new Set<string>();
  private readonly stop = new AbortController();
  private interrupting: Promise<void> | undefined;
  /** The step being worked on when a signal came: named in the message, with both ways on. */
  private current: string | undefined;

  constructor(private readonly c: RunController, private readonly opts: PlainOptions, fit: Fit) {
    this.out = opts.out ?? process.stdout;
    this.err = opts.err ?? process.stderr;
    this.reporter = new PlainReporter(c, this.out, fit);
    this.confirm = new Set(opts.confirm);
  }

  private t = (key: RunKey, vars?: Vars) => this.reporter.t(key, vars);

  private get runId(): string {
    return this.c.state.runId;
  }

  private readonly onSignal = () => {
    this.stop.abort();
    // A second signal while the step's group is going down kills it without more grace.
    const p = this.c.interrupt();
    this.interrupting ??= p;
  };

  /** The step running now, for the Ctrl-C confirmation. */
  private stepRunning: string | undefined;
  private readonly confirmStop = stopConfirmation();
  /** On a terminal, Ctrl-C during a step asks first. (A hang-up is no stop: see commands/shared/terminal-loss.ts.) */
  private readonly onCtrlC = () => {
    if (this.stepRunning && !this.interrupting && process.stdin.isTTY && !this.confirmStop()) {
      this.tell(this.t('prompt.stopConfirm', { seconds: STOP_CONFIRM_MS / 1000, step: this.stepRunning }));
    } else this.onSignal();
  };

  async run(): Promise<number> {
    process.on('SIGINT', this.onCtrlC);
    process.on('SIGTERM', this.onSignal);
    try {
      this.reporter.header(this.opts.interactive ? undefined : this.opts.params);
      return await this.walk();
    } finally {
      process.off('SIGINT', this.onCtrlC);
      process.off('SIGTERM', this.onSignal);
      this.reporter.close();
    }
  }

  private async walk(): Promise<number> {
    for (;;) {
      if (this.interrupting) return await this.interrupted();
      const p = this.c.pending();
      if (p.kind === 'done') return this.succeeded();
      this.current = p.planned.step.id;
      try {
        const code = await this.decide(p);
        if (code !== undefined) return code;
      } catch (e) {
        // A prompt cut short by Ctrl-C.
        if (this.interrupting) return await this.interrupted();
        if (e instanceof UserError && e.exitCode === EXIT.failed) this.reporter.account('account.title');
        throw e;
      }
    }
  }

  /** Act on one pending decision; an exit code ends the walk. */
  private async decide(p: Exclude<Pending, { kind: 'done' }>): Promise<number | undefined> {
    const { step } = p.planned;
    switch (p.kind) {
      case 'ready':
        await this.runStep(step);
        return undefined;
      case 'manual':
        return this.manual(p.planned);
      case 'failed':
        return this.failed(step);
      case 'interrupted':
        return this.interruptedStep(step);
      case 'changed':
        return this.changed(step);
    }
  }

  private async runStep(step: Step): Promise<void> {
    this.stepRunning = step.id;
    try {
      if ((await this.c.runStep(step.id)) === 'failed') this.failedHere.add(step.id);
    } finally {
      this.stepRunning = undefined;
    }
  }

  private ask = (question: string, hidden = false) => prompt(question, this.stop.signal, this.onSignal, this.out, hidden);
  private reason = () => this.ask(this.t('prompt.reason'));
  private choose = (question: string, keys: string[]) => choose(this.ask, question, keys, this.t('prompt.invalid'), this.out);

  private tell(text: string): void {
    this.reporter.flush();
    this.err.write(`${text}\n`);
  }

  private async manual(planned: PlannedStep): Promise<number | undefined> {
    const { step } = planned;
    if (this.confirm.has(step.id)) return void (await this.c.confirm(step.id, this.t('reason.confirmFlag')));
    if (!this.opts.interactive) {
      await this.c.pause();
      this.reporter.account('account.title');
      this.tell(this.t('end.paused', { step: step.id, title: this.c.stepTitle(step) }));
      this.tell(`  ${this.t('end.pausedHint')}`);
      this.tell(`    ${cliCommand()} resume ${this.runId} --confirm ${step.id}`);
      return EXIT.paused;
    }
    this.showManual(step);
    const a = await this.choose(this.t('prompt.manual'), ['y', 's', 'q']);
    if (a === 'y') await this.c.confirm(step.id);
    else if (a === 's') await this.c.skip(step.id, await this.reason());
    else return this.leave();
    return undefined;
  }

  private async failed(step: Step): Promise<number | undefined> {
    // Found failed when the run was opened: resuming means trying it again.
    if (!this.failedHere.has(step.id)) {
      if (this.confirm.has(step.id)) await this.c.confirm(step.id, this.t('reason.confirmFlag'));
      else await this.runStep(step);
      return undefined;
    }
    if (!this.opts.interactive) {
      const f = this.reporter.finished.get(step.id);
      const detail = [f?.exitCode !== undefined ? this.t('step.exit', { code: f.exitCode }) : '', f?.message ?? ''].filter(Boolean).join(': ');
      throw new UserError('error.stepFailed', { step: step.id, detail: detail ? ` (${detail})` : '', log: logPath(this.c.runDir, step.id) }, { key: 'hint.stepFailed', vars: { runId: this.runId } }, EXIT.failed);
    }
    const a = await this.choose(this.t('prompt.failed'), ['r', 's', 'o', 'a', 'q']);
    if (a === 'r') await this.runStep(step);
    else if (a === 's') await this.c.skip(step.id, await this.reason());
    else if (a === 'o') await this.c.confirm(step.id, await this.reason());
    else if (a === 'a') return this.aborted();
    else return this.leave();
    return undefined;
  }

  private async interruptedStep(step: Step): Promise<number | undefined> {
    if (this.confirm.has(step.id)) return void (await this.c.confirm(step.id, this.t('reason.confirmFlag')));
    if (this.opts.rerunInterrupted) return void (await this.runStep(step));
    if (!this.opts.interactive) throw new UserError('error.interruptedStep', { step: step.id, runId: this.runId }, { key: 'hint.interruptedStep', vars: { runId: this.runId, step: step.id } });
    const a = await this.choose(this.t('prompt.interrupted', { step: step.id }), ['r', 'd', 'a', 'q']);
    if (a === 'r') await this.runStep(step);
    else if (a === 'd') await this.c.confirm(step.id, await this.reason());
    else if (a === 'a') return this.aborted();
    else return this.leave();
    return undefined;
  }

  private async changed(step: Step): Promise<number | undefined> {
    const status = this.c.state.steps.find((s) => s.id === step.id)!.status;
    if (this.confirm.has(step.id)) return void (await this.c.confirm(step.id, this.t('reason.confirmFlag')));
    if (this.opts.rerunChanged) return void (await this.runStep(step));
    if (!this.opts.interactive) throw new UserError('error.changedStep', { step: step.id, runId: this.runId, status }, { key: 'hint.changedStep', vars: { runId: this.runId, step: step.id } });
    const a = await this.choose(this.t('prompt.changed', { step: step.id, status: this.t(`status.${status}`) }), ['r', 'k', 'q']);
    if (a === 'r') await this.runStep(step);
    else if (a === 'k') await this.c.confirm(step.id, await this.reason());
    else return this.leave();
    return undefined;
  }

  /** The run is done: the summary (durations, attempts, skips with reasons). */
  private succeeded(): number {
    const { state } = this.c;
    const { done, applicable } = progress(state, this.c.plan());
    const skipped = state.steps.filter((s) => s.status === 'skipped' && !s.notApplicable).length;
    const duration = formatDuration(Date.parse(state.updatedAt) - Date.parse(state.startedAt));
    this.reporter.line(`== ${this.t('end.succeeded', { done, total: applicable, skipped, duration })}`);
    this.reporter.account('account.summary');
    return EXIT.ok;
  }

  private async interrupted(): Promise<number> {
    await this.interrupting;
    const stepId = this.current && this.c.state.steps.find((s) => s.id === this.current)?.status === 'interrupted' ? this.current : undefined;
    if (!stepId) {
      this.tell(this.t('end.interruptedIdle'));
      this.tell(`  ${cliCommand()} resume ${this.runId}`);
      return EXIT.interrupted;
    }
    this.tell(this.t('end.interrupted', { step: stepId }));
    this.tell(`  ${this.t('end.interruptedHint')}`);
    this.tell(`    ${cliCommand()} resume ${this.runId} --rerun-interrupted`);
    this.tell(`    ${cliCommand()} resume ${this.runId} --confirm ${stepId}`);
    return EXIT.interrupted;
  }

  private async leave(): Promise<number> {
    await this.c.pause();
    this.reporter.account('account.title');
    this.tell(this.t('end.left'));
    this.tell(`  ${cliCommand()} resume ${this.runId}`);
    return EXIT.paused;
  }

  private async aborted(): Promise<number> {
    await this.c.abort(await this.reason());
    this.tell(this.t('end.aborted'));
    return EXIT.aborted;
  }

  /** A manual step's instructions and the commands it shows for copying (never wrapped). */
  private showManual(step: Step): void {
    const { c, reporter } = this;
    reporter.line(`[${new Date().toISOString().slice(11, 19)}] ${c.state.rehearsal ? `${reporter.t('rehearsal')} ` : ''}· ${step.id} · ${reporter.t('step.manual', { title: c.stepTitle(step) })}`);
    const body = pick(step.body, c.state.lang, c.runbook.languages).text.trim();
    for (const line of body ? body.split('\n') : []) reporter.line(`    ${line}`);
    for (const snippet of step.snippets) for (const line of snippet.value.split('\n')) reporter.line(`${OUTPUT_PREFIX}${line}`, true);
  }
}
