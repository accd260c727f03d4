// The whole UI: resume-or-fresh, params, opening the run, then the run screen. Errors from opening
// (UserError: e.g. the run is locked) are shown in the chosen language and end the UI with exit 2.
import { EXIT } from '../../engine/core/errors.js';
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import { pick } from '../../engine/document/model.js';
import type { ParamValues } from '../../engine/plan/params.js';
import type { RunController, TuiOptions } from '../../engine/execution/run-api.js';
import { UiContext, useTerminalSize, useUi, type Size } from './lib/context.js';
import { makeTheme } from './lib/theme.js';
import { tuiT, errorText, type ErrorText } from './lib/format.js';
import { ParamForm, nextApplicable } from './components/param-form.js';
import { Select } from './components/inputs.js';
import { RunView } from './run-view.js';
import type { ExitInfo } from './lib/exit-info.js';
import { ParamReview } from './components/param-review.js';
import { HandOver } from './components/hand-over.js';
import { truncate, wrap } from './lib/text.js';
import { StyledLine } from './lib/context.js';

type Phase =
  | { kind: 'resume' }
  | { kind: 'params'; resume: boolean }
  | { kind: 'review'; answers: ParamValues; resume: boolean }
  | { kind: 'opening'; params: ParamValues; resume: boolean }
  | { kind: 'handover'; controller: RunController }
  | { kind: 'run'; controller: RunController }
  | { kind: 'error'; error: ErrorText };

export interface AppProps {
  opts: TuiOptions;
  colors: boolean;
  /** Fixed terminal size (tests); else the real one, following resizes. */
  size?: Size;
  /** Called once with the controller when the run is open (the caller closes it). */
  onController?: (c: RunController) => void;
  onExit: (info: ExitInfo) => void;
  /** Shows a file in $PAGER with the terminal handed over (index.tsx wraps TuiOptions.pager). */
  pager?: (file: string) => string | undefined;
  /** Rings the terminal bell. */
  bell?: () => void;
}

/** On resume only secrets are asked again: the run keeps its recorded params, and secrets are never stored. */
function askList(opts: TuiOptions, resume: boolean) {
  if (opts.review) return opts.review.gather({}, resume).missing;
  return resume ? opts.ask.filter((p) => p.type === 'secret') : opts.ask;
}

/** What the param form starts from: with a review, the gathered values of this run (or the run continued). */
function knownParams(opts: TuiOptions, resume: boolean): ParamValues {
  return opts.review ? Object.fromEntries(Object.entries(opts.review.gather({}, resume).entries).map(([k, e]) => [k, e.value])) : opts.params;
}

/** After the params: the review when there is one and a param to show in it, else the run opens. */
function afterParams(opts: TuiOptions, values: ParamValues, resume: boolean): Phase {
  if (!opts.review) return { kind: 'opening', params: values, resume };
  const known = knownParams(opts, resume);
  const answers = Object.fromEntries(Object.entries(values).filter(([k]) => known[k] === undefined));
  // A screen with nothing but "Start" asks nothing (plain mode skips it too).
  if (!Object.keys(opts.review.gather(answers, resume).entries).length) return { kind: 'opening', params: values, resume };
  return { kind: 'review', answers, resume };
}

export function App(props: AppProps) {
  const { opts } = props;
  const [lang, setLang] = useState(opts.lang);
  const theme = useMemo(() => makeTheme(props.colors), [props.colors]);
  const ui = useMemo(() => ({ lang, t: tuiT(lang), theme }), [lang, theme]);
  const size = useTerminalSize(props.size);
  const { exit } = useApp();
  const exited = useRef(false);
  const done = (info: ExitInfo) => {
    if (exited.current) return;
    exited.current = true;
    props.onExit(info);
    // Let the last frame render before Ink unmounts.
    setTimeout(() => exit(), 0);
  };

  const firstPhase = (): Phase => {
    if (opts.resumable) return { kind: 'resume' };
    return paramsOrOpen(false);
  };
  const paramsOrOpen = (resume: boolean): Phase => {
    const ask = askList(opts, resume);
    if (nextApplicable(ask, 0, knownParams(opts, resume)) >= 0) return { kind: 'params', resume };
    return afterParams(opts, { ...knownParams(opts, resume) }, resume);
  };
  const [phase, setPhase] = useState<Phase>(firstPhase);
  const cancelledByUser = useRef(false);

  useEffect(() => {
    if (phase.kind !== 'opening') return;
    let cancelled = false;
    opts.open(phase.params, phase.resume).then(
      (controller) => {
        // Handed over first, whatever happens next: the caller closes it (releases the lock).
        props.onController?.(controller);
        if (cancelled) return;
        if (cancelledByUser.current) {
          // Ctrl-C while opening: leave it resumable, exit 130.
          controller
            .pause()
            .catch(() => undefined)
            .finally(() => done({ code: EXIT.interrupted, lines: [] }));
          return;
        }
        const worked = controller.resumeReport && controller.state.steps.some((s) => s.attempts > 0 || (s.status !== 'pending' && !s.notApplicable));
        setPhase(worked ? { kind: 'handover', controller } : { kind: 'run', controller });
      },
      (e: unknown) => {
        if (cancelled) return;
        setPhase({ kind: 'error', error: errorText(e, lang) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [phase]);

  useEffect(() => {
    if (phase.kind !== 'error') return;
    const t = tuiT(lang);
    const { message, hint, exitCode } = phase.error;
    done({ code: exitCode, lines: [`${t('error.title')}: ${message}`, ...(hint ? [t('error.hint', { hint })] : [])], toStderr: true });
  }, [phase]);

  // Before the run is open, Ctrl-C cancels: nothing was started.
  const cancel = () => {
    if (phase.kind === 'run' || phase.kind === 'error') return;
    if (phase.kind === 'handover') {
      // The run is open but nothing was done in it yet: leave it as it was, resumable.
      void phase.controller.pause().catch(() => undefined).finally(() => done({ code: EXIT.interrupted, lines: [] }));
      return;
    }
    if (phase.kind === 'opening') {
      cancelledByUser.current = true;
      return;
    }
    done({ code: EXIT.interrupted, lines: [tuiT(lang)('exit.cancelled')] });
  };
  // Always active (the run screen handles its own Ctrl-C): one input hook that stays mounted keeps
  // the terminal in raw mode while screens change, so no key is lost in between.
  useInput((input, key) => {
    if (key.ctrl && input === 'c') cancel();
  });

  const width = Math.max(40, size.cols);
  let content: React.ReactNode;
  switch (phase.kind) {
    case 'resume':
      content = <ResumePrompt opts={opts} width={width} onChoose={(resume) => setPhase(paramsOrOpen(resume))} />;
      break;
    case 'params':
      content = (
        <ParamForm
          runbook={opts.runbook}
          ask={askList(opts, phase.resume)}
          initial={knownParams(opts, phase.resume)}
          rehearsal={opts.rehearsal}
          width={Math.min(width, 100)}
          onDone={(values) => setPhase(afterParams(opts, values, phase.resume))}
        />
      );
      break;
    case 'review':
      content = <ParamReview runbook={opts.runbook} review={opts.review!} resume={phase.resume} rehearsal={opts.rehearsal} answers={phase.answers} width={width} onConfirm={(params) => setPhase({ kind: 'opening', params, resume: phase.resume })} />;
      break;
    case 'handover':
      content = <HandOver controller={phase.controller} width={width} rows={size.rows} onContinue={() => setPhase({ kind: 'run', controller: phase.controller })} />;
      break;
    case 'opening':
      content = <Text>{ui.t('open.opening')}</Text>;
      break;
    case 'error':
      content = <ErrorView error={phase.error} width={width} />;
      break;
    case 'run':
      content = <RunView controller={phase.controller} size={{ cols: width, rows: size.rows }} setLang={setLang} onExit={done} pager={props.pager} bell={props.bell} autoRun={opts.autoRun} />;
      break;
  }
  return <UiContext.Provider value={ui}>{content}</UiContext.Provider>;
}

function ResumePrompt({ opts, width, onChoose }: { opts: TuiOptions; width: number; onChoose: (resume: boolean) => void }) {
  const { t, lang, theme } = useUi();
  const r = opts.resumable!;
  const when = new Date(r.updatedAt);
  const updatedAt = Number.isFinite(when.getTime()) ? when.toLocaleString(lang === 'zh' ? 'zh-CN' : lang) : r.updatedAt;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {truncate(pick(opts.runbook.title, lang, opts.runbook.languages).text, width)}
      </Text>
      <Text> </Text>
      <Text bold>{truncate(t('resume.title'), width)}</Text>
      {wrap([{ text: t('resume.detail', { runId: r.runId, status: t(`runStatus.${r.status}`), done: r.done, total: r.total, updatedAt }), style: 'plain' }], width).map((l, i) => (
        <StyledLine key={i} line={l} />
      ))}
      <Text> </Text>
      <Select
        items={[
          { label: t('resume.resume'), value: true },
          { label: t('resume.fresh'), value: false },
        ]}
        isActive
        width={width}
        onSubmit={onChoose}
      />
      <Text> </Text>
      <Text {...theme.style('dim')}>{truncate(t('resume.hint'), width)}</Text>
    </Box>
  );
}

function ErrorView({ error, width }: { error: ErrorText; width: number }) {
  const { t, theme } = useUi();
  return (
    <Box flexDirection="column" width={width}>
      <Text {...theme.style('error')}>{truncate(t('error.title'), width)}</Text>
      {wrap([{ text: error.message, style: 'plain' }], width).map((l, i) => (
        <StyledLine key={i} line={l} />
      ))}
      {error.hint
        ? wrap([{ text: t('error.hint', { hint: error.hint }), style: 'dim' }], width).map((l, i) => <StyledLine key={`h${i}`} line={l} />)
        : null}
    </Box>
  );
}
