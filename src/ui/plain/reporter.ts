// The line-oriented face of a run (`--ui plain`, and any run whose stdout is not a terminal): one
// line per step start and end, output lines prefixed, and the exact command to continue when the
// run stops. Every decision is a RunController call, as in the Ink UI. No React here.
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { Pending, RunController, RunEvent, StepStatus } from '../../engine/execution/run-api.js';
import { pick, type ParamDef, type Runbook } from '../../engine/document/model.js';
import { paramApplies, coerceParam, type ParamValues, type PlannedStep } from '../../engine/plan/plan.js';
import { formatDuration } from '../../engine/core/clock.js';
import { logPath } from '../../engine/execution/store/state.js';
import { UserError, EXIT } from '../../engine/core/errors.js';
import { message, translator, type RunKey, type Translate as TranslateKeys, type Vars } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';

const OUTPUT_PREFIX = '  │ ';
const FLUSH_AT = 64 * 1024;
const MAX_QUEUED = 1024 * 1024;
const SYMBOL: Record<StepStatus, string> = {
  pending: '·', running: '▶', succeeded: '✓', failed: '✗', skipped: '↷', interrupted: '■', confirmed: '✓',
};

export interface PlainOptions {
  /** A person can answer prompts (a TTY on stdin and stdout, no --yes). */
  interactive: boolean;
  /** --confirm: manual steps pre-confirmed, interrupted or changed steps marked done, failed ones overridden. */
  confirm: string[];
  rerunInterrupted: boolean;
  rerunChanged: boolean;
  out?: Writable;
  err?: Writable;
}

/** Prints a run's events as lines; output is batched so that a step printing gigabytes stays cheap. */
export class PlainReporter {
  /** Output lines not written yet: joined once per batch, which is much cheaper than per line. */
  private pending: string[] = [];
  private pendingChars = 0;
  private flushTimer: NodeJS.Immediate | undefined;
  /** Set while the output stream's buffer is full: the step's output waits for it. */
  private draining: Promise<void> | undefined;
  private drained: (() => void) | undefined;
  /** The reader went away (`runbook run … | head`): the run goes on, its log has everything. */
  private outGone = false;
  private readonly unsubscribe: () => void;
  readonly finished = new Map<string, Extract<RunEvent, { type: 'step-finished' }>>();

  constructor(private readonly c: RunController, private readonly out: Writable) {
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

  header(): void {
    const { runbook, state } = this.c;
    const rehearsal = state.rehearsal ? ` [${this.t('rehearsal')}]` : '';
    this.line(`== ${pick(runbook.title, state.lang, runbook.languages).text} (${runbook.id})${rehearsal}`);
    this.line(`   ${this.t(this.c.resumeReport ? 'header.resumed' : 'header.run', { runId: state.runId })} · ${this.t('header.state', { dir: this.c.runDir })}`);
    if (state.rehearsal) this.line(`   ${this.t('header.rehearsal', { dir: `${this.c.runDir}/rehearsal` })}`);
    const r = this.c.resumeReport;
    if (r) {
      if (r.lockTakenOver) this.line(`   ${this.t('report.lockTakenOver', r.lockTakenOver)}`);
      if (r.interrupted.length) this.line(`   ${this.t('report.interrupted', { steps: r.interrupted.join(', ') })}`);
      if (r.changed.length) this.line(`   ${this.t('report.changed', { steps: r.changed.join(', ') })}`);
      if (r.added.length) this.line(`   ${this.t('report.added', { steps: r.added.join(', ') })}`);
      if (r.removed.length) this.line(`   ${this.t('report.removed', { steps: r.removed.join(', ') })}`);
    }
  }

  /** A line outside the event stream (a manual step's instructions, the end of the run). */
  line(text: string): void {
    this.flush();
    this.write(`${text}\n`);
  }

  flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    const text = `${OUTPUT_PREFIX}${this.pending.join(`\n${OUTPUT_PREFIX}`)}\n`;
    this.pending = [];
    this.pendingChars = 0;
    this.write(text);
  }

  private write(text: string): void {
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
      case 'output':
        this.pending.push(e.line);
        this.pendingChars += e.line.length + OUTPUT_PREFIX.length + 1;
        if (this.pendingChars >= FLUSH_AT) this.flush();
        else this.flushTimer ??= setImmediate(() => this.flush());
        return this.draining;
      case 'step-started':
        this.line(this.stepLine(e.stepId, 'running', this.t('step.start', { attempt: e.attempt })));
        return;
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

  private stepLine(stepId: string, status: StepStatus, detail: string): string {
    const step = this.c.runbook.steps.find((s) => s.id === stepId);
    const title = step ? this.c.stepTitle(step) : stepId;
    const time = new Date().toISOString().slice(11, 19);
    const rehearsal = this.c.state.rehearsal ? `${this.t('rehearsal')} ` : '';
    return `[${time}] ${rehearsal}${SYMBOL[status]} ${stepId} · ${title} — ${detail}`;
  }
}

/** Walk the run to its end, a pause or a failure; returns the exit code (section 6). */
export async function runPlain(c: RunController, opts: PlainOptions): Promise<number> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const reporter = new PlainReporter(c, out);
  const t = (key: RunKey, vars?: Vars) => reporter.t(key, vars);
  const runId = c.state.runId;
  const confirm = new Set(opts.confirm);
  const failedHere = new Set<string>();
  const stop = new AbortController();
  let interrupting: Promise<void> | undefined;
  const onSignal = () => {
    stop.abort();
    // A second signal while the step's group is going down kills it without more grace.
    const p = c.interrupt();
    interrupting ??= p;
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const ask = (question: string) => prompt(question, stop.signal, onSignal, out);
  const tell = (text: string) => { reporter.flush(); err.write(`${text}\n`); };

  /** The step being worked on when a signal came: named in the message, with both ways on. */
  let current: string | undefined;
  const interrupted = async () => {
    await interrupting;
    const stepId = current && c.state.steps.find((s) => s.id === current)?.status === 'interrupted' ? current : undefined;
    if (!stepId) {
      tell(t('end.interruptedIdle'));
      tell(`  runbook resume ${runId}`);
      return EXIT.interrupted;
    }
    tell(t('end.interrupted', { step: stepId }));
    tell(`  ${t('end.interruptedHint')}`);
    tell(`    runbook resume ${runId} --rerun-interrupted`);
    tell(`    runbook resume ${runId} --confirm ${stepId}`);
    return EXIT.interrupted;
  };
  const leave = async () => {
    await c.pause();
    tell(t('end.left'));
    tell(`  runbook resume ${runId}`);
    return EXIT.paused;
  };
  const aborted = async () => {
    await c.abort(await reason());
    tell(t('end.aborted'));
    return EXIT.aborted;
  };
  const reason = async () => ask(t('prompt.reason'));

  try {
    reporter.header();
    for (;;) {
      if (interrupting) return await interrupted();
      const p: Pending = c.pending();
      if (p.kind === 'done') {
        const steps = c.state.steps;
        const skipped = steps.filter((s) => s.status === 'skipped').length;
        const done = steps.filter((s) => s.status === 'succeeded' || s.status === 'confirmed').length;
        reporter.line(`== ${t('end.succeeded', { done, total: steps.length, skipped, duration: formatDuration(Date.parse(c.state.updatedAt) - Date.parse(c.state.startedAt)) })}`);
        return EXIT.ok;
      }
      const { step } = p.planned;
      current = step.id;
      const run = async () => {
        if ((await c.runStep(step.id)) === 'failed') failedHere.add(step.id);
      };
      try {
        switch (p.kind) {
          case 'ready':
            await run();
            continue;
          case 'manual': {
            if (confirm.has(step.id)) { await c.confirm(step.id, t('reason.confirmFlag')); continue; }
            if (!opts.interactive) {
              await c.pause();
              tell(t('end.paused', { step: step.id, title: c.stepTitle(step) }));
              tell(`  ${t('end.pausedHint')}`);
              tell(`    runbook resume ${runId} --confirm ${step.id}`);
              return EXIT.paused;
            }
            showManual(reporter, c, p.planned);
            const a = await choose(ask, t('prompt.manual'), ['y', 's', 'q'], t);
            if (a === 'y') await c.confirm(step.id);
            else if (a === 's') await c.skip(step.id, await reason());
            else return await leave();
            continue;
          }
          case 'failed': {
            // Found failed when the run was opened: resuming means trying it again.
            if (!failedHere.has(step.id)) {
              if (confirm.has(step.id)) await c.confirm(step.id, t('reason.confirmFlag'));
              else await run();
              continue;
            }
            if (!opts.interactive) {
              const f = reporter.finished.get(step.id);
              const detail = [f?.exitCode !== undefined ? t('step.exit', { code: f.exitCode }) : '', f?.message ?? ''].filter(Boolean).join(': ');
              throw new UserError('error.stepFailed', { step: step.id, detail: detail ? ` (${detail})` : '', log: logPath(c.runDir, step.id) }, { key: 'hint.stepFailed', vars: { runId } }, EXIT.failed);
            }
            const a = await choose(ask, t('prompt.failed'), ['r', 's', 'o', 'a', 'q'], t);
            if (a === 'r') await run();
            else if (a === 's') await c.skip(step.id, await reason());
            else if (a === 'o') await c.confirm(step.id, await reason());
            else if (a === 'a') return await aborted();
            else return await leave();
            continue;
          }
          case 'interrupted': {
            if (confirm.has(step.id)) { await c.confirm(step.id, t('reason.confirmFlag')); continue; }
            if (opts.rerunInterrupted) { await run(); continue; }
            if (!opts.interactive) throw new UserError('error.interruptedStep', { step: step.id, runId }, { key: 'hint.interruptedStep', vars: { runId, step: step.id } });
            const a = await choose(ask, t('prompt.interrupted', { step: step.id }), ['r', 'd', 'a', 'q'], t);
            if (a === 'r') await run();
            else if (a === 'd') await c.confirm(step.id, await reason());
            else if (a === 'a') return await aborted();
            else return await leave();
            continue;
          }
          case 'changed': {
            const status = c.state.steps.find((s) => s.id === step.id)!.status;
            if (confirm.has(step.id)) { await c.confirm(step.id, t('reason.confirmFlag')); continue; }
            if (opts.rerunChanged) { await run(); continue; }
            if (!opts.interactive) throw new UserError('error.changedStep', { step: step.id, runId, status }, { key: 'hint.changedStep', vars: { runId, step: step.id } });
            const a = await choose(ask, t('prompt.changed', { step: step.id, status: t(`status.${status}`) }), ['r', 'k', 'q'], t);
            if (a === 'r') await run();
            else if (a === 'k') await c.confirm(step.id, await reason());
            else return await leave();
            continue;
          }
        }
      } catch (e) {
        // A prompt cut short by Ctrl-C.
        if (interrupting) return await interrupted();
        throw e;
      }
    }
  } finally {
    for (const s of signals) process.off(s, onSignal);
    reporter.close();
  }
}

/** A manual step's instructions and the commands it shows for copying. */
function showManual(reporter: PlainReporter, c: RunController, planned: PlannedStep): void {
  const { step } = planned;
  reporter.line(`[${new Date().toISOString().slice(11, 19)}] ${c.state.rehearsal ? `${reporter.t('rehearsal')} ` : ''}· ${step.id} · ${reporter.t('step.manual', { title: c.stepTitle(step) })}`);
  const body = pick(step.body, c.state.lang, c.runbook.languages).text.trim();
  for (const line of body ? body.split('\n') : []) reporter.line(`    ${line}`);
  for (const snippet of step.snippets) for (const line of snippet.value.split('\n')) reporter.line(`${OUTPUT_PREFIX}${line}`);
}

type Translate = TranslateKeys<RunKey>;

async function choose(ask: (q: string) => Promise<string>, question: string, keys: string[], t: Translate): Promise<string> {
  for (;;) {
    const a = (await ask(question)).toLowerCase().slice(0, 1);
    if (keys.includes(a)) return a;
    process.stdout.write(`${t('prompt.invalid')}\n`);
  }
}

/** One line from the terminal; Ctrl-C calls `onInterrupt`, and `signal` cancels the question. */
async function prompt(question: string, signal: AbortSignal, onInterrupt: () => void, out: Writable, hidden = false): Promise<string> {
  // Hidden input: readline echoes into a sink (the terminal itself echoes nothing in raw mode).
  const rl = createInterface({ input: process.stdin, output: hidden ? new Writable({ write: (_c, _e, done) => done() }) : out, terminal: true });
  rl.on('SIGINT', onInterrupt);
  if (hidden) out.write(question);
  try {
    return (await rl.question(hidden ? '' : question, { signal })).trim();
  } finally {
    if (hidden) out.write('\n');
    rl.close();
  }
}

/**
 * Ask for params on the terminal, in declaration order (a param's `when` may depend on an earlier
 * answer). Ctrl-C cancels: nothing was started yet.
 */
export async function askParams(runbook: Runbook, lang: string, values: ParamValues, defs: ParamDef[]): Promise<ParamValues> {
  const out = { ...values };
  const t = translator(runCatalog, lang);
  const stop = new AbortController();
  const ask = (q: string, hidden = false) => prompt(q, stop.signal, () => stop.abort(), process.stdout, hidden).catch((e) => {
    if (stop.signal.aborted) throw new UserError('error.cancelled', {}, undefined, EXIT.interrupted);
    throw e;
  });
  for (const def of defs) {
    if (out[def.name] !== undefined || paramApplies(def, out) === false) continue;
    const label = pick(def.label, lang, runbook.languages).text || def.name;
    for (;;) {
      let answer: string;
      if (def.type === 'choice') {
        def.choices!.forEach((c, i) => process.stdout.write(`  ${i + 1}) ${c}\n`));
        answer = await ask(t('prompt.choice', { label, count: def.choices!.length }));
        const n = Number(answer);
        if (Number.isInteger(n) && n >= 1 && n <= def.choices!.length) answer = def.choices![n - 1]!;
      } else if (def.type === 'boolean') {
        answer = await ask(t('prompt.boolean', { label }));
      } else {
        answer = await ask(t(def.type === 'secret' ? 'prompt.secret' : 'prompt.text', { label }), def.type === 'secret');
      }
      if (!answer) continue;
      try {
        out[def.name] = coerceParam(def, answer);
        break;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        process.stdout.write(`${message(e.key, e.vars, lang)}${e.hint ? `; ${message(e.hint.key, e.hint.vars, lang)}` : ''}\n`);
      }
    }
  }
  return out;
}

/** --dry-run: the resolved steps and their scripts; secrets masked; nothing executed or written. */
export function printDryRun(runbook: Runbook, lang: string, planned: PlannedStep[], shownParams: ParamValues, mask: (s: string) => string, rehearsal: boolean, out: Writable = process.stdout): void {
  const t = translator(runCatalog, lang);
  const w = (s: string) => out.write(`${mask(s)}\n`);
  w(`== ${pick(runbook.title, lang, runbook.languages).text} (${runbook.id})${rehearsal ? ` [${t('rehearsal')}]` : ''}`);
  w(`   ${t('dry.header')}`);
  const params = Object.entries(shownParams).map(([k, v]) => `${k}=${v}`).join(', ');
  w(`   ${t('dry.params')}: ${params || '-'}`);
  for (const p of planned) {
    const { step } = p;
    const title = pick(step.title, lang, runbook.languages).text;
    const verdict = p.included === true ? t(step.kind === 'manual' ? 'dry.manual' : 'dry.runs') : p.included === false ? t('dry.excluded') : t('dry.undecided');
    w(`[${verdict}] ${step.id} · ${title}${p.reason ? ` — ${p.reason}` : ''}`);
    const attrs = Object.entries(step.attrs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    if (attrs) w(`    {${attrs}}`);
    const code = step.script?.value ?? step.snippets.map((s) => s.value).join('\n');
    if (code) for (const line of code.replace(/\n$/, '').split('\n')) w(`${OUTPUT_PREFIX}${line}`);
  }
}
