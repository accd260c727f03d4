// The run screen: header, outline, current step, output, keys. Every decision is a RunController call;
// events from the engine only update RunModel and ask for a throttled frame (≤ 20 a second).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, useInput, type Key } from 'ink';
import { pick } from '../../engine/document/model.js';
import type { RunController, Pending, StepState } from '../../engine/execution/run-api.js';
import type { PlannedStep } from '../../engine/plan/plan.js';
import { useUi, langName, StyledLine, type Size } from './lib/context.js';
import { RunModel } from './run-model.js';
import { FrameThrottle } from './lib/output-buffer.js';
import { Outline, outlineRows, stepDuration } from './components/outline.js';
import { titleLines, detailLines, LinesView, OutputPane } from './components/step-pane.js';
import { Header, Footer, Help, ReasonPrompt, type KeyHint } from './components/chrome.js';
import { wrap, truncate, type Line } from './lib/text.js';
import { paramsSummary, errorText, tuiT, type T } from './lib/format.js';

export interface ExitInfo {
  code: number;
  /** Lines printed after the UI is gone (what happened, how to continue). */
  lines: string[];
  toStderr?: boolean;
}

type Busy = null | 'running' | 'stopping' | 'working';
type Purpose = 'skip' | 'override' | 'markDone';
type Mode = { kind: 'normal' } | { kind: 'help' } | { kind: 'prompt'; purpose: Purpose; stepId: string; title: string; error?: string };
interface Notice {
  text: string;
  tone: 'info' | 'warn' | 'error';
}

const DONE_STATUSES = new Set(['succeeded', 'skipped', 'confirmed']);

/** What opening a resumed run found (changed steps, a taken-over lock), said once at the start. */
function reportNotice(controller: RunController, t: T): Notice | null {
  const r = controller.resumeReport;
  if (!r) return null;
  const parts: string[] = [];
  if (r.changed.length) parts.push(t('report.changed', { steps: r.changed.join(', ') }));
  if (r.added.length) parts.push(t('report.added', { steps: r.added.join(', ') }));
  if (r.removed.length) parts.push(t('report.removed', { steps: r.removed.join(', ') }));
  if (r.interrupted.length) parts.push(t('report.interrupted', { steps: r.interrupted.join(', ') }));
  if (r.lockTakenOver) parts.push(t('report.lockTakenOver', { pid: r.lockTakenOver.pid, host: r.lockTakenOver.host, since: r.lockTakenOver.since }));
  return parts.length ? { text: parts.join('; '), tone: 'warn' } : null;
}

export function RunView(props: { controller: RunController; size: Size; setLang: (lang: string) => void; onExit: (info: ExitInfo) => void }) {
  const { controller, size } = props;
  const { t, lang, theme } = useUi();
  const runbook = controller.runbook;

  // Engine events → model → at most one frame per 50 ms.
  const [, setFrame] = useState(0);
  const holder = useRef<{ model: RunModel; throttle: FrameThrottle } | null>(null);
  if (!holder.current) {
    const throttle = new FrameThrottle(() => setFrame((f) => f + 1), 50);
    holder.current = { model: new RunModel(controller, () => throttle.request()), throttle };
  }
  const { model, throttle } = holder.current;
  useEffect(
    () => () => {
      model.dispose();
      throttle.dispose();
    },
    [model, throttle],
  );

  const [busy, setBusyState] = useState<Busy>(null);
  const busyRef = useRef<Busy>(null);
  const setBusy = (b: Busy) => {
    busyRef.current = b;
    setBusyState(b);
  };
  const [runningId, setRunningId] = useState<string | undefined>();
  const [mode, setMode] = useState<Mode>({ kind: 'normal' });
  const [notice, setNotice] = useState<Notice | null>(() => reportNotice(controller, t));
  // Output scrolling: lines above the newest, counted when the operator scrolled (`atTotal`), so the
  // view stays on the same lines while more output arrives; 0 follows the newest lines.
  const [scrollState, setScrollState] = useState({ lines: 0, atTotal: 0 });
  const ring = model.output;
  const outScroll = scrollState.lines === 0 ? 0 : Math.max(0, Math.min(ring.length - 1, scrollState.lines + (ring.total - scrollState.atTotal)));
  const setOutScroll = (f: number | ((cur: number) => number)) => {
    const next = Math.max(0, Math.min(Math.max(0, ring.length - 1), typeof f === 'function' ? f(outScroll) : f));
    setScrollState({ lines: next, atTotal: ring.total });
  };
  const [detailScroll, setDetailScroll] = useState(0);
  const maxDetailRef = useRef(0);
  const [spin, setSpin] = useState(0);
  const [rev, setRev] = useState(0);
  const bump = () => setRev((r) => r + 1);
  const ctrlC = useRef(false);
  const exited = useRef(false);
  const runPromise = useRef<Promise<unknown> | null>(null);

  const state = controller.state ?? model.state;
  // Plan and pending change with the state (step events, actions) and the language, not with output.
  const stateKey = `${state.updatedAt}|${state.steps.map((s) => s.status).join(',')}|${rev}|${lang}|${busy}`;
  const plan: PlannedStep[] = useMemo(() => controller.plan(), [stateKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const pending: Pending = useMemo(() => controller.pending(), [stateKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const states = new Map<string, StepState>(state.steps.map((s) => [s.id, s]));

  const activeId = runningId ?? model.runningId;
  const current: PlannedStep | undefined = activeId ? plan.find((p) => p.step.id === activeId) : 'planned' in pending ? pending.planned : undefined;
  const currentId = current?.step.id;

  useEffect(() => setDetailScroll(0), [currentId]);
  useEffect(() => {
    if (busy !== 'running' && busy !== 'stopping') return;
    const timer = setInterval(() => setSpin((s) => s + 1), 100);
    return () => clearInterval(timer);
  }, [busy]);

  const stepTitle = (id: string | undefined) => {
    const p = id ? plan.find((x) => x.step.id === id) : undefined;
    return p ? pick(p.step.title, lang, runbook.languages).text : (id ?? '');
  };

  const finish = (code: number) => {
    if (exited.current) return;
    exited.current = true;
    const runId = state.runId;
    const lines: string[] = [];
    if (code === 0) lines.push(t('exit.succeeded', { runId }));
    else if (code === 4) lines.push(t('exit.paused', { runId }));
    else if (code === 130) lines.push(interruptedStep.current ? t('exit.interrupted', { runId, step: interruptedStep.current }) : t('exit.interruptedIdle', { runId }));
    lines.push(t('exit.logs', { dir: controller.runDir }));
    props.onExit({ code, lines });
  };
  const interruptedStep = useRef<string | undefined>(undefined);

  const showError = (e: unknown) => {
    const err = errorText(e, lang);
    setNotice({ text: t('notice.error', { message: err.hint ? `${err.message} (${err.hint})` : err.message }), tone: 'error' });
  };

  const leave = (code: number) => {
    setBusy('working');
    controller
      .pause()
      .catch(() => undefined)
      .finally(() => finish(code));
  };

  const work = (fn: () => Promise<unknown>) => {
    setBusy('working');
    fn()
      .catch(showError)
      .finally(() => {
        setBusy(null);
        bump();
        if (ctrlC.current) leave(130);
      });
  };

  const run = (stepId: string) => {
    setBusy('running');
    setRunningId(stepId);
    setOutScroll(0);
    let fatal: ExitInfo | undefined;
    const p = controller
      .runStep(stepId)
      .catch((e: unknown) => {
        // A UserError here (the disk is full) means the run cannot go on: the step was stopped and saved.
        if (typeof (e as { key?: unknown })?.key === 'string') {
          const err = errorText(e, lang);
          fatal = { code: err.exitCode, lines: [err.message, ...(err.hint ? [t('error.hint', { hint: err.hint })] : [])], toStderr: true };
        } else showError(e);
      })
      .finally(() => {
        setRunningId(undefined);
        setBusy(null);
        bump();
        if (fatal && !exited.current) {
          exited.current = true;
          props.onExit(fatal);
        } else if (ctrlC.current) finish(130);
      });
    runPromise.current = p;
  };

  const interrupt = () => {
    if (ctrlC.current) return;
    ctrlC.current = true;
    const b = busyRef.current;
    if (b === 'running') {
      interruptedStep.current = stepTitle(runningId ?? model.runningId);
      setBusy('stopping');
      // The step ends as interrupted once its process group is gone; do not wait forever for it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      controller
        .interrupt()
        .catch(showError)
        .then(() => Promise.race([runPromise.current, new Promise((r) => (timer = setTimeout(r, 15_000)))]))
        .finally(() => {
          clearTimeout(timer);
          finish(130);
        });
    } else if (b === null) {
      leave(130);
    }
    // 'working': the action's completion leaves (see work()).
  };

  // Ctrl-C, in every mode. (Ink reads it as a key in raw mode; signals sent by other means,
  // kill -INT/-TERM or a hang-up, are handled by the run command around runTui.)
  const interruptRef = useRef(interrupt);
  interruptRef.current = interrupt;
  useInput(
    useCallback((input: string, key: Key) => {
      if (key.ctrl && input === 'c') interruptRef.current();
    }, []),
  );

  const openPrompt = (purpose: Purpose) => {
    if (!current) return;
    setMode({ kind: 'prompt', purpose, stepId: current.step.id, title: stepTitle(current.step.id) });
  };

  const submitPrompt = (value: string) => {
    if (mode.kind !== 'prompt') return;
    const reason = value.trim();
    if (!reason) {
      setMode({ ...mode, error: t('prompt.required') });
      return;
    }
    const { purpose, stepId } = mode;
    setMode({ kind: 'normal' });
    work(() => (purpose === 'skip' ? controller.skip(stepId, reason) : controller.confirm(stepId, reason)));
  };

  const switchLang = () => {
    const langs = runbook.languages;
    const next = langs[(langs.indexOf(lang) + 1) % langs.length] ?? lang;
    props.setLang(next);
    setNotice({ text: tuiT(next)('notice.lang', { lang: langName(next) }), tone: 'info' });
    controller.setLang(next).then(bump, showError);
  };

  const page = Math.max(1, Math.floor(size.rows / 3));
  // The handler of the latest render, called through a stable function: a key that arrives right
  // after a render never sees the state of the one before.
  const onKey = (input: string, key: Key) => {
    if (key.ctrl) return;
    if (mode.kind === 'help') {
      if (input === '?' || key.escape || input === 'q') setMode({ kind: 'normal' });
      return;
    }
    setNotice(null);
    if (key.pageUp) return setOutScroll((s) => s + page);
    if (key.pageDown) return setOutScroll((s) => s - page);
    if (key.end) return setOutScroll(0);
    if (key.home) return setOutScroll(ring.length);
    if (key.upArrow || input === 'k') return setDetailScroll((s) => Math.max(0, s - 1));
    if (key.downArrow || input === 'j') return setDetailScroll((s) => Math.min(maxDetailRef.current, s + 1));
    if (input === '?') return setMode({ kind: 'help' });
    if (input === 'l') return switchLang();
    // Keys may arrive before this render's handler is subscribed: what runs is read from a ref.
    const b = busyRef.current;
    if (b) {
      if (key.return || ['q', 's', 'r', 'o'].includes(input)) setNotice({ text: t(b === 'running' || b === 'stopping' ? 'notice.busy' : 'pending.working'), tone: 'warn' });
      return;
    }
    const kind = pending.kind;
    if (kind === 'done') {
      if (key.return || input === 'q') finish(0);
      return;
    }
    const planned = pending.planned;
    const id = planned.step.id;
    if (input === 'q') return leave(4);
    if (key.return) {
      // A manual step is confirmed, never run (also when its definition changed since it was confirmed).
      if (kind === 'manual' || (planned.step.kind === 'manual' && (kind === 'interrupted' || kind === 'changed'))) return work(() => controller.confirm(id));
      if (kind === 'ready' || kind === 'interrupted' || kind === 'changed') return run(id);
      if (kind === 'failed') return setNotice({ text: t('notice.enterOnFailed'), tone: 'warn' });
      return;
    }
    if (input === 's' && (kind === 'ready' || kind === 'manual' || kind === 'failed')) return openPrompt('skip');
    if (input === 'r' && kind === 'failed') return run(id);
    if (input === 'o') {
      if (kind === 'failed') {
        if (planned.step.kind === 'check' || planned.step.kind === 'wait') return openPrompt('override');
        return setNotice({ text: t('notice.overrideOnlyCheck'), tone: 'warn' });
      }
      if (kind === 'interrupted' || kind === 'changed') return openPrompt('markDone');
    }
  };
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useInput(
    useCallback((input: string, key: Key) => onKeyRef.current(input, key), []),
    { isActive: mode.kind !== 'prompt' },
  );

  // ------------------------------------------------------------------ layout
  const cols = Math.max(40, size.cols);
  const H = Math.max(8, size.rows - 1);
  const headerH = 3;
  const promptH = mode.kind === 'prompt' ? 3 : 0;
  const noticeLines: Line[] = notice ? wrap([{ text: notice.text, style: notice.tone === 'error' ? 'error' : notice.tone === 'warn' ? 'warn' : 'accent' }], cols).slice(0, 3) : [];
  const noticeH = noticeLines.length;
  const footerH = promptH || 1;
  const bodyH = Math.max(4, H - headerH - footerH - noticeH);
  const showOutline = cols >= 60;
  const outlineW = showOutline ? Math.max(22, Math.min(44, Math.floor(cols * 0.32))) : 0;
  const rightW = showOutline ? cols - outlineW - 2 : cols;

  // How long a step ran: live while it runs; for executed steps afterwards (not for decisions).
  const durations = (id: string) => {
    if ((runningId ?? model.runningId) === id && model.runningSince) return Date.now() - model.runningSince;
    const fin = model.finished.get(id);
    const st = states.get(id);
    const status = fin?.status ?? st?.status;
    if (status !== 'succeeded' && status !== 'failed' && status !== 'interrupted') return undefined;
    return fin?.durationMs ?? stepDuration(st);
  };
  const rows = outlineRows(runbook, plan, states, lang, t, runningId ?? model.runningId, durations);

  const included = plan.filter((p) => p.included !== false);
  const done = included.filter((p) => DONE_STATUSES.has(states.get(p.step.id)?.status ?? '')).length;
  const progress = t('header.progress', { done, total: included.length });
  const params = paramsSummary(runbook, state.params, t, state.secretParams);

  // The current step's text is memoized per step, language and width: it is not re-rendered per frame.
  const codeTicks = !theme.colors;
  const title: Line[] = useMemo(() => (current ? titleLines(current.step, runbook, lang, t, rightW).slice(0, 2) : []), [current?.step, lang, rightW]); // eslint-disable-line react-hooks/exhaustive-deps
  const details: Line[] = useMemo(() => (current ? detailLines(current.step, runbook, lang, t, rightW, codeTicks) : []), [current?.step, lang, rightW, codeTicks]); // eslint-disable-line react-hooks/exhaustive-deps

  const finishedCur = currentId ? model.finished.get(currentId) : undefined;
  const bannerSegs: { text: string; style: 'plain' | 'warn' | 'error' | 'ok' | 'bold' }[][] = [];
  if (busy === 'stopping') bannerSegs.push([{ text: t('pending.stopping'), style: 'warn' }]);
  else if (busy === 'running') bannerSegs.push([{ text: t('pending.running'), style: 'bold' }]);
  else if (busy === 'working') bannerSegs.push([{ text: t('pending.working'), style: 'plain' }]);
  else if (pending.kind === 'ready') bannerSegs.push([{ text: t('pending.ready'), style: 'bold' }]);
  else if (pending.kind === 'manual') bannerSegs.push([{ text: t('pending.manual'), style: 'bold' }]);
  else if (pending.kind === 'interrupted') bannerSegs.push([{ text: t('pending.interrupted'), style: 'warn' }]);
  else if (pending.kind === 'changed') bannerSegs.push([{ text: t('pending.changed'), style: 'warn' }]);
  else if (pending.kind === 'done') bannerSegs.push([{ text: t('pending.done'), style: 'ok' }]);
  else if (pending.kind === 'failed') {
    const code = finishedCur?.exitCode ?? states.get(pending.planned.step.id)?.exitCode;
    // Exit code 0 with a failure (output not matching `expect`): the message says why, not the code.
    bannerSegs.push([{ text: code !== undefined && code !== 0 ? t('pending.failed', { code }) : t('pending.failedNoCode'), style: 'error' }]);
    if (finishedCur?.message) bannerSegs.push([{ text: finishedCur.message, style: 'error' }]);
    const overridable = pending.planned.step.kind === 'check' || pending.planned.step.kind === 'wait';
    bannerSegs.push([{ text: t(overridable ? 'pending.failedChoices' : 'pending.failedChoicesRun'), style: 'bold' }]);
  }
  const banner: Line[] = bannerSegs.flatMap((segs) => wrap(segs, rightW)).slice(0, 4);

  const isManual = current?.step.kind === 'manual';
  const hasOutput = model.output.length > 0 || busy === 'running' || busy === 'stopping';
  const avail = Math.max(2, bodyH - title.length - banner.length);
  let outputH = 0;
  if (!isManual || pending.kind === 'done') {
    outputH = hasOutput ? Math.max(5, Math.floor(avail * (busy ? 0.6 : 0.45))) : Math.min(3, avail);
    const detailNeed = details.length;
    if (avail - outputH > detailNeed) outputH = avail - detailNeed;
    outputH = Math.min(outputH, avail);
  }
  const detailsH = avail - outputH;
  const maxDetailScroll = Math.max(0, details.length - detailsH);
  maxDetailRef.current = maxDetailScroll;

  const outStep = model.outputStepId;
  const outTitle = outStep && outStep !== currentId ? t('output.of', { step: truncate(stepTitle(outStep), 30) }) : t('output.title');
  const outStatus = [
    model.attempt && outStep ? t('output.attempt', { n: model.attempt }) : '',
    outScroll > 0 ? t('output.scrolled', { n: outScroll }) : t('output.follow'),
  ]
    .filter(Boolean)
    .join(' · ');
  const poll =
    model.poll && (busy === 'running' || busy === 'stopping')
      ? t('output.poll', { attempt: model.poll.attempt, seconds: Math.max(0, Math.round((model.poll.nextAt - Date.now()) / 1000)) })
      : undefined;

  const keys: KeyHint[] = [];
  const K = (key: string, label: string) => keys.push({ key, label });
  if (busy === 'running' || busy === 'stopping') {
    K('Ctrl-C', t('key.stop'));
    K('PgUp/PgDn', t('key.scroll'));
  } else if (pending.kind === 'done') K(t('key.enter'), t('key.exit'));
  else if (pending.kind === 'ready') {
    K(t('key.enter'), t('key.run'));
    K('s', t('key.skip'));
  } else if (pending.kind === 'manual') {
    K(t('key.enter'), t('key.confirm'));
    K('s', t('key.skip'));
  } else if (pending.kind === 'failed') {
    K('r', t('key.retry'));
    K('s', t('key.skip'));
    if (pending.planned.step.kind === 'check' || pending.planned.step.kind === 'wait') K('o', t('key.override'));
  } else if (pending.kind === 'interrupted' || pending.kind === 'changed') {
    K(t('key.enter'), t(pending.planned.step.kind === 'manual' ? 'key.confirm' : 'key.rerun'));
    K('o', t('key.markDone'));
  }
  if (pending.kind !== 'done' && !busy) K('q', t('key.leave'));
  K('l', t('key.lang'));
  K('?', t('key.help'));
  if (!busy && pending.kind !== 'done') K('PgUp/PgDn', t('key.scroll'));
  if (maxDetailScroll > 0) K('↑/↓', t('key.text'));

  const body =
    mode.kind === 'help' ? (
      <Help width={cols} height={bodyH} languages={runbook.languages.map(langName).join(', ')} runId={state.runId} />
    ) : (
      <Box flexDirection="row" height={bodyH} width={cols}>
        {showOutline ? <Outline rows={rows} currentId={currentId} width={outlineW} height={bodyH} spin={spin} /> : null}
        <Box
          flexDirection="column"
          width={showOutline ? rightW + 2 : rightW}
          height={bodyH}
          overflow="hidden"
          {...(showOutline ? { borderStyle: 'single' as const, borderTop: false, borderBottom: false, borderRight: false, paddingLeft: 1, ...(theme.colors ? { borderDimColor: true } : {}) } : {})}
        >
          {title.map((l, i) => (
            <StyledLine key={`t${i}`} line={l} />
          ))}
          {banner.map((l, i) => (
            <StyledLine key={`b${i}`} line={l} />
          ))}
          <LinesView lines={details} height={detailsH} offset={Math.min(detailScroll, maxDetailScroll)} width={rightW} />
          {outputH > 0 ? (
            <OutputPane
              ring={model.output}
              height={outputH}
              width={rightW}
              scroll={outScroll}
              title={outTitle}
              status={outStatus}
              logPath={model.logPath}
              poll={poll}
              dropped={model.output.dropped > 0 ? t('output.dropped', { shown: model.output.length, total: model.output.total }) : undefined}
            />
          ) : null}
        </Box>
      </Box>
    );

  return (
    <Box flexDirection="column" width={cols} height={H}>
      <Header title={pick(runbook.title, lang, runbook.languages).text} runId={state.runId} startedAt={state.startedAt} rehearsal={state.rehearsal} progress={progress} params={params} width={cols} />
      {body}
      {noticeLines.map((l, i) => (
        <StyledLine key={`n${i}`} line={l} />
      ))}
      {mode.kind === 'prompt' ? (
        <ReasonPrompt
          question={t(mode.purpose === 'skip' ? 'prompt.skip' : mode.purpose === 'override' ? 'prompt.override' : 'prompt.markDone', { step: mode.title })}
          error={mode.error}
          width={cols}
          onChange={() => setMode((m) => (m.kind === 'prompt' && m.error ? { ...m, error: undefined } : m))}
          onSubmit={submitPrompt}
          onCancel={() => setMode({ kind: 'normal' })}
        />
      ) : (
        <Footer keys={keys} width={cols} />
      )}
    </Box>
  );
}
