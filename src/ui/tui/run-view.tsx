// The run screen: header, outline, current step, output, keys. Every decision is a RunController call
// (hooks/use-run-actions); engine events only update the RunModel and ask for a throttled frame
// (hooks/use-run-model); the pure parts of the layout live in run-layout, status-banner, key-hints.
import { useEffect, useMemo, useState } from 'react';
import { Box } from 'ink';
import { pick } from '../../engine/document/model.js';
import type { RunController, Pending, StepState } from '../../engine/execution/run-api.js';
import { progress } from '../../engine/execution/progress.js';
import type { PlannedStep } from '../../engine/plan/plan.js';
import { useUi, langName, StyledLine, type Size } from './lib/context.js';
import { Outline } from './components/outline.js';
import { outlineRows, ranFor } from './lib/outline-rows.js';
import { StepColumn } from './components/step-column.js';
import { OutputPane } from './components/output-pane.js';
import { logPathLines } from './components/log-path.js';
import { LogViewerPane } from './components/log-viewer.js';
import { Header, Footer, Help, ReasonPrompt, helpLines, helpMaxScroll } from './components/chrome.js';
import { wrap, type Line } from './lib/text.js';
import { paramsSummary, tuiT } from './lib/format.js';
import type { OutputWrap } from './lib/output-wrap.js';
import { useRunModel, FRAME_MS } from './hooks/use-run-model.js';
import { useTicker } from './hooks/use-ticker.js';
import { useOutputScroll } from './hooks/use-output-scroll.js';
import { useRunActions } from './hooks/use-run-actions.js';
import { useRunKeys, type Purpose } from './hooks/use-run-keys.js';
import { useDecisionPrompt } from './hooks/use-decision-prompt.js';
import { useOutlineNav } from './hooks/use-outline-nav.js';
import { useStepLogView } from './hooks/use-step-log-view.js';
import { useOutputSource } from './hooks/use-output-source.js';
import { useStepText } from './hooks/use-step-text.js';
import { useBell } from './hooks/use-bell.js';
import { useAutoRun } from './hooks/use-auto-run.js';
import { screenLayout, paneHeights } from './run-layout.js';
import { bannerLines } from './status-banner.js';
import { runKeyHints } from './key-hints.js';
import { resumeNotice } from './resume-notice.js';
import { outputTitle } from './output-title.js';
import type { ExitInfo } from './lib/exit-info.js';

export type { ExitInfo } from './lib/exit-info.js';

/**
 * @param controller the open run; every decision goes through it
 * @param size the terminal size to lay out for
 * @param setLang switches the UI language (the run's language follows)
 * @param onExit called once with the exit code and the last words
 * @param pager shows a file in $PAGER (absent: no pager key)
 * @param bell rings the terminal bell
 * @param autoRun --yes: ready steps start by themselves
 */
export function RunView(props: { controller: RunController; size: Size; setLang: (lang: string) => void; onExit: (info: ExitInfo) => void; pager?: (file: string) => string | undefined; bell?: () => void; autoRun?: boolean }) {
  const { controller, size } = props;
  const { t, lang, theme } = useUi();
  const runbook = controller.runbook;
  const live = useRunModel(controller);
  const { model } = live;
  useBell(controller, props.bell);
  const stepTitle = (id: string | undefined) => {
    const p = id ? runbook.steps.find((s) => s.id === id) : undefined;
    return p ? pick(p.title, lang, runbook.languages).text : (id ?? '');
  };
  const actions = useRunActions({ controller, lang, t, initialNotice: () => resumeNotice(controller, t), stepTitle, engineRunningId: () => model.runningId, onExit: props.onExit });
  const { busy, notice } = actions;
  const running = busy === 'running' || busy === 'stopping';
  const prompt = useDecisionPrompt(controller, actions, t);
  const { mode, setMode } = prompt;
  const [showExcluded, setShowExcluded] = useState(false);
  const [wrapMode, setWrapMode] = useState<OutputWrap>('soft');
  const [detailScroll, setDetailScroll] = useState(0);
  const [helpScroll, setHelpScroll] = useState(0);
  useTicker(running, FRAME_MS, live.requestFrame);
  const spin = live.frame;

  const state = controller.state ?? model.state;
  // Plan and pending change with the state (step events, actions) and the language, not with output.
  const stateKey = `${state.updatedAt}|${state.steps.map((s) => s.status).join(',')}|${actions.rev}|${lang}|${busy}`;
  const plan: PlannedStep[] = useMemo(() => controller.plan(), [stateKey]);
  const pending: Pending = useMemo(() => controller.pending(), [stateKey]);
  const states = new Map<string, StepState>(state.steps.map((s) => [s.id, s]));

  const activeId = actions.runningId ?? model.runningId;
  const current: PlannedStep | undefined = activeId ? plan.find((p) => p.step.id === activeId) : 'planned' in pending ? pending.planned : undefined;
  const currentId = current?.step.id;
  const rows = outlineRows(runbook, plan, states, lang, t, activeId, (id) => ranFor(id, model, states, activeId), showExcluded);
  const nav = useOutlineNav(rows, currentId);
  const shown = useOutputSource({ controller, model, plan, states, pending, running, stateKey, title: stepTitle });
  const output = useOutputScroll(shown.source);
  useEffect(() => {
    setDetailScroll(0);
    output.setScroll(0);
  }, [currentId]);
  // A running step's log grows: read it again every second while it is open.
  const logView = useStepLogView({ controller, actions, t, activeId, pager: props.pager });
  const { viewer } = logView;

  // ------------------------------------------------------------------ layout
  const noticeLines: Line[] = notice ? wrap([{ text: notice.text, style: notice.tone === 'error' ? 'error' : notice.tone === 'warn' ? 'warn' : 'accent' }], Math.max(40, size.cols)).slice(0, 3) : [];
  // The full log's path, across the whole width so that it is never cut.
  const logLines = shown.logPath && !viewer.view && mode.kind === 'normal' ? logPathLines(t('output.log', { path: '' }), shown.logPath, Math.max(40, size.cols)) : [];
  const layout = screenLayout(size, { promptOpen: mode.kind === 'prompt', noticeH: noticeLines.length + logLines.length });
  const { cols, bodyH, rightW } = layout;
  const { title, details } = useStepText({ controller, runbook, current, lang, t, width: rightW, codeTicks: !theme.colors, stateKey });
  const finishedCur = currentId ? model.finished.get(currentId) : undefined;
  const exitCode = finishedCur?.exitCode ?? ('planned' in pending ? states.get(pending.planned.step.id)?.exitCode : undefined);
  const banner = bannerLines({ busy, pending, finished: finishedCur, exitCode, t, width: rightW });
  const isManual = current?.step.kind === 'manual';
  const avail = Math.max(2, bodyH - title.length - banner.length);
  const hasOutput = shown.source.length > 0 || running;
  const { outputH, detailsH } = paneHeights({ avail, detailLines: details.length, showOutput: !isManual || pending.kind === 'done' || shown.source.length > 0, hasOutput, busy: busy !== null });
  const maxDetailScroll = Math.max(0, details.length - detailsH);
  const out = outputTitle({ shown, currentId, current: current?.step, running, model, scroll: output.scroll, wrap: wrapMode, t, stepTitle });
  const help = useMemo(() => (mode.kind === 'help' ? helpLines(t, cols, runbook.languages.map(langName).join(', '), state.runId) : []), [mode.kind, t, cols, runbook, state.runId]);
  const maxHelpScroll = helpMaxScroll(help, bodyH);

  // ------------------------------------------------------------------ keys
  const switchLang = () => {
    const langs = runbook.languages;
    const next = langs[(langs.indexOf(lang) + 1) % langs.length] ?? lang;
    props.setLang(next);
    actions.setNotice({ text: tuiT(next)('notice.lang', { lang: langName(next) }), tone: 'info' });
    controller.setLang(next).then(actions.bump, actions.showError);
  };
  const runStep = (id: string) => {
    output.setScroll(0);
    actions.run(id);
  };
  useAutoRun(props.autoRun === true, pending, busy === null, mode.kind === 'normal', runStep);
  useRunKeys({
    t,
    actions,
    pending,
    helpOpen: mode.kind === 'help',
    promptOpen: mode.kind === 'prompt',
    viewerOpen: viewer.view !== null,
    closeHelp: () => setMode({ kind: 'normal' }),
    openHelp: () => {
      setHelpScroll(0);
      setMode({ kind: 'help' });
    },
    scrollHelp: (d) => setHelpScroll((s) => Math.max(0, Math.min(maxHelpScroll, s + d))),
    openPrompt: (purpose: Purpose) => current && prompt.open(purpose, current.step.id, stepTitle(current.step.id)),
    switchLang,
    runStep,
    confirm: (id) => controller.confirm(id),
    page: Math.max(1, Math.floor(size.rows / 3)),
    scrollOutput: output.setScroll,
    outputLength: shown.source.length,
    scrollText: (d) => setDetailScroll((s) => Math.max(0, Math.min(maxDetailScroll, s + d))),
    select: nav.select,
    clearSelection: nav.clear,
    selectionActive: nav.selectedId !== undefined,
    openViewer: () => logView.open(nav.selectedId ?? shown.stepIds[0]),
    toggleExcluded: () => setShowExcluded((v) => !v),
    toggleWrap: () => setWrapMode((w) => (w === 'soft' ? 'off' : 'soft')),
  });

  // ------------------------------------------------------------------ render
  let body;
  if (mode.kind === 'help') body = <Help lines={help} width={cols} height={bodyH} scroll={helpScroll} />;
  else if (viewer.view) body = <LogViewerPane viewer={viewer} view={viewer.view} title={stepTitle(viewer.view.stepId)} width={cols} height={bodyH + 1} onPager={logView.pager} />;
  else
    body = (
      <Box flexDirection="row" height={bodyH} width={cols}>
        {layout.showOutline ? <Outline rows={rows} currentId={currentId} selectedId={nav.selectedId} width={layout.outlineW} height={bodyH} spin={spin} /> : null}
        <StepColumn title={title} banner={banner} details={details} detailsH={detailsH} detailOffset={Math.min(detailScroll, maxDetailScroll)} width={rightW} height={bodyH} bordered={layout.showOutline}>
          {outputH > 0 ? <OutputPane source={shown.source} height={outputH} width={rightW} scroll={output.scroll} wrap={wrapMode} title={out.title} status={out.status} notes={out.notes} /> : null}
        </StepColumn>
      </Box>
    );
  const { done, applicable } = progress(state, plan);
  return (
    <Box flexDirection="column" width={cols} height={layout.rows}>
      <Header title={pick(runbook.title, lang, runbook.languages).text} runId={state.runId} startedAt={state.startedAt} rehearsal={state.rehearsal} progress={t('header.progress', { done, total: applicable })} params={paramsSummary(runbook, state.params, t, state.secretParams)} width={cols} />
      {body}
      {[...logLines, ...noticeLines].map((l, i) => (
        <StyledLine key={`n${i}`} line={l} />
      ))}
      {mode.kind === 'prompt' ? (
        <ReasonPrompt question={prompt.question} error={mode.error} width={cols} onChange={prompt.clearError} onSubmit={prompt.submit} onCancel={() => setMode({ kind: 'normal' })} />
      ) : viewer.view ? null : (
        <Footer keys={runKeyHints({ busy, pending, textScrolls: maxDetailScroll > 0, selected: nav.selectedId !== undefined, t })} width={cols} />
      )}
    </Box>
  );
}
