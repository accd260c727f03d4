// The run screen: header, outline, current step, output, keys. Every decision is a RunController call
// (hooks/use-run-actions); engine events only update the RunModel and ask for a throttled frame
// (hooks/use-run-model); the pure parts of the layout live in run-layout, status-banner, key-hints.
import { useEffect, useMemo, useState } from 'react';
import { Box } from 'ink';
import { pick } from '../../engine/document/model.js';
import type { RunController, Pending, StepState } from '../../engine/execution/run-api.js';
import { progress } from '../../engine/execution/progress.js';
import type { PlannedStep } from '../../engine/plan/plan.js';
import { useUi, langName, StyledLine, type Size } from './context.js';
import { Outline, outlineRows, stepDuration } from './components/outline.js';
import { titleLines, detailLines, OutputPane } from './components/step-pane.js';
import { StepColumn } from './components/step-column.js';
import { Header, Footer, Help, ReasonPrompt } from './components/chrome.js';
import { wrap, truncate, type Line } from './text.js';
import { paramsSummary, tuiT } from './format.js';
import { useRunModel } from './hooks/use-run-model.js';
import { useTicker } from './hooks/use-ticker.js';
import { useOutputScroll } from './hooks/use-output-scroll.js';
import { useRunActions } from './hooks/use-run-actions.js';
import { useRunKeys, type Purpose } from './hooks/use-run-keys.js';
import { screenLayout, paneHeights } from './run-layout.js';
import { bannerLines } from './status-banner.js';
import { runKeyHints } from './key-hints.js';
import { resumeNotice } from './resume-notice.js';
import type { ExitInfo } from './exit-info.js';

export type { ExitInfo } from './exit-info.js';

type Mode = { kind: 'normal' } | { kind: 'help' } | { kind: 'prompt'; purpose: Purpose; stepId: string; title: string; error?: string };

const PROMPT_KEYS: Record<Purpose, string> = { skip: 'prompt.skip', override: 'prompt.override', markDone: 'prompt.markDone' };

/**
 * @param controller the open run; every decision goes through it
 * @param size the terminal size to lay out for
 * @param setLang switches the UI language (the run's language follows)
 * @param onExit called once with the exit code and the last words
 */
export function RunView(props: { controller: RunController; size: Size; setLang: (lang: string) => void; onExit: (info: ExitInfo) => void }) {
  const { controller, size } = props;
  const { t, lang, theme } = useUi();
  const runbook = controller.runbook;
  const model = useRunModel(controller);
  const stepTitle = (id: string | undefined) => {
    const p = id ? runbook.steps.find((s) => s.id === id) : undefined;
    return p ? pick(p.title, lang, runbook.languages).text : (id ?? '');
  };
  const actions = useRunActions({ controller, lang, t, initialNotice: () => resumeNotice(controller, t), stepTitle, engineRunningId: () => model.runningId, onExit: props.onExit });
  const { busy, notice } = actions;
  const [mode, setMode] = useState<Mode>({ kind: 'normal' });
  const output = useOutputScroll(model.output);
  const [detailScroll, setDetailScroll] = useState(0);
  const spin = useTicker(busy === 'running' || busy === 'stopping', 100);

  const state = controller.state ?? model.state;
  // Plan and pending change with the state (step events, actions) and the language, not with output.
  const stateKey = `${state.updatedAt}|${state.steps.map((s) => s.status).join(',')}|${actions.rev}|${lang}|${busy}`;
  const plan: PlannedStep[] = useMemo(() => controller.plan(), [stateKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const pending: Pending = useMemo(() => controller.pending(), [stateKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const states = new Map<string, StepState>(state.steps.map((s) => [s.id, s]));

  const activeId = actions.runningId ?? model.runningId;
  const current: PlannedStep | undefined = activeId ? plan.find((p) => p.step.id === activeId) : 'planned' in pending ? pending.planned : undefined;
  const currentId = current?.step.id;
  useEffect(() => setDetailScroll(0), [currentId]);

  // ------------------------------------------------------------------ layout
  const noticeLines: Line[] = notice ? wrap([{ text: notice.text, style: notice.tone === 'error' ? 'error' : notice.tone === 'warn' ? 'warn' : 'accent' }], Math.max(40, size.cols)).slice(0, 3) : [];
  const layout = screenLayout(size, { promptOpen: mode.kind === 'prompt', noticeH: noticeLines.length });
  const { cols, bodyH, rightW } = layout;

  // How long a step ran: live while it runs; for executed steps afterwards (not for decisions).
  const durations = (id: string) => {
    if (activeId === id && model.runningSince) return Date.now() - model.runningSince;
    const fin = model.finished.get(id);
    const st = states.get(id);
    const status = fin?.status ?? st?.status;
    if (status !== 'succeeded' && status !== 'failed' && status !== 'interrupted') return undefined;
    return fin?.durationMs ?? stepDuration(st);
  };
  const rows = outlineRows(runbook, plan, states, lang, t, activeId, durations);
  const { done, applicable } = progress(state, plan);

  // The current step's text is memoized per step, language and width: it is not re-rendered per frame.
  const codeTicks = !theme.colors;
  const title: Line[] = useMemo(() => (current ? titleLines(current.step, runbook, lang, t, rightW).slice(0, 2) : []), [current?.step, lang, rightW]); // eslint-disable-line react-hooks/exhaustive-deps
  const details: Line[] = useMemo(() => (current ? detailLines(current.step, runbook, lang, t, rightW, codeTicks) : []), [current?.step, lang, rightW, codeTicks]); // eslint-disable-line react-hooks/exhaustive-deps

  const finishedCur = currentId ? model.finished.get(currentId) : undefined;
  const exitCode = finishedCur?.exitCode ?? ('planned' in pending ? states.get(pending.planned.step.id)?.exitCode : undefined);
  const banner = bannerLines({ busy, pending, finished: finishedCur, exitCode, t, width: rightW });

  const isManual = current?.step.kind === 'manual';
  const hasOutput = model.output.length > 0 || busy === 'running' || busy === 'stopping';
  const avail = Math.max(2, bodyH - title.length - banner.length);
  const { outputH, detailsH } = paneHeights({ avail, detailLines: details.length, showOutput: !isManual || pending.kind === 'done', hasOutput, busy: busy !== null });
  const maxDetailScroll = Math.max(0, details.length - detailsH);

  const outStep = model.outputStepId;
  const outTitle = outStep && outStep !== currentId ? t('output.of', { step: truncate(stepTitle(outStep), 30) }) : t('output.title');
  const outStatus = [model.attempt && outStep ? t('output.attempt', { n: model.attempt }) : '', output.scroll > 0 ? t('output.scrolled', { n: output.scroll }) : t('output.follow')].filter(Boolean).join(' · ');
  const poll =
    model.poll && (busy === 'running' || busy === 'stopping')
      ? t('output.poll', { attempt: model.poll.attempt, seconds: Math.max(0, Math.round((model.poll.nextAt - Date.now()) / 1000)) })
      : undefined;

  // ------------------------------------------------------------------ keys
  const openPrompt = (purpose: Purpose) => {
    if (current) setMode({ kind: 'prompt', purpose, stepId: current.step.id, title: stepTitle(current.step.id) });
  };
  const submitPrompt = (value: string) => {
    if (mode.kind !== 'prompt') return;
    const reason = value.trim();
    if (!reason) return setMode({ ...mode, error: t('prompt.required') });
    const { purpose, stepId } = mode;
    setMode({ kind: 'normal' });
    actions.work(() => (purpose === 'skip' ? controller.skip(stepId, reason) : controller.confirm(stepId, reason)));
  };
  const switchLang = () => {
    const langs = runbook.languages;
    const next = langs[(langs.indexOf(lang) + 1) % langs.length] ?? lang;
    props.setLang(next);
    actions.setNotice({ text: tuiT(next)('notice.lang', { lang: langName(next) }), tone: 'info' });
    controller.setLang(next).then(actions.bump, actions.showError);
  };
  useRunKeys({
    t,
    actions,
    pending,
    helpOpen: mode.kind === 'help',
    promptOpen: mode.kind === 'prompt',
    closeHelp: () => setMode({ kind: 'normal' }),
    openHelp: () => setMode({ kind: 'help' }),
    openPrompt,
    switchLang,
    runStep: (id) => {
      output.setScroll(0);
      actions.run(id);
    },
    confirm: (id) => controller.confirm(id),
    page: Math.max(1, Math.floor(size.rows / 3)),
    scrollOutput: output.setScroll,
    outputLength: model.output.length,
    scrollText: (d) => setDetailScroll((s) => Math.max(0, Math.min(maxDetailScroll, s + d))),
  });

  // ------------------------------------------------------------------ render
  const body =
    mode.kind === 'help' ? (
      <Help width={cols} height={bodyH} languages={runbook.languages.map(langName).join(', ')} runId={state.runId} />
    ) : (
      <Box flexDirection="row" height={bodyH} width={cols}>
        {layout.showOutline ? <Outline rows={rows} currentId={currentId} width={layout.outlineW} height={bodyH} spin={spin} /> : null}
        <StepColumn title={title} banner={banner} details={details} detailsH={detailsH} detailOffset={Math.min(detailScroll, maxDetailScroll)} width={rightW} height={bodyH} bordered={layout.showOutline}>
          {outputH > 0 ? (
            <OutputPane
              ring={model.output}
              height={outputH}
              width={rightW}
              scroll={output.scroll}
              title={outTitle}
              status={outStatus}
              logPath={model.logPath}
              poll={poll}
              dropped={model.output.dropped > 0 ? t('output.dropped', { shown: model.output.length, total: model.output.total }) : undefined}
            />
          ) : null}
        </StepColumn>
      </Box>
    );

  return (
    <Box flexDirection="column" width={cols} height={layout.rows}>
      <Header title={pick(runbook.title, lang, runbook.languages).text} runId={state.runId} startedAt={state.startedAt} rehearsal={state.rehearsal} progress={t('header.progress', { done, total: applicable })} params={paramsSummary(runbook, state.params, t, state.secretParams)} width={cols} />
      {body}
      {noticeLines.map((l, i) => (
        <StyledLine key={`n${i}`} line={l} />
      ))}
      {mode.kind === 'prompt' ? (
        <ReasonPrompt
          question={t(PROMPT_KEYS[mode.purpose], { step: mode.title })}
          error={mode.error}
          width={cols}
          onChange={() => setMode((m) => (m.kind === 'prompt' && m.error ? { ...m, error: undefined } : m))}
          onSubmit={submitPrompt}
          onCancel={() => setMode({ kind: 'normal' })}
        />
      ) : (
        <Footer keys={runKeyHints({ busy, pending, textScrolls: maxDetailScroll > 0, t })} width={cols} />
      )}
    </Box>
  );
}
