// What the operator can make happen on the run screen, each a RunController call: run a step, decide
// (confirm, skip, override), leave, stop. It tracks what is busy so that keys pressed meanwhile are
// refused, and ends the UI with the exit code of the format contract.
import { useRef, useState } from 'react';
import type { RunController } from '../../../engine/execution/run-api.js';
import { EXIT } from '../../../engine/core/errors.js';
import { errorText, type T } from '../lib/format.js';
import type { ExitInfo } from '../lib/exit-info.js';
import { stopConfirmation, STOP_CONFIRM_MS } from '../../stop-confirm.js';

export type Busy = null | 'running' | 'stopping' | 'working';

export interface Notice {
  text: string;
  tone: 'info' | 'warn' | 'error';
}

export interface RunActions {
  busy: Busy;
  /** The truth about `busy` for keys that arrive before the next render. */
  busyRef: { readonly current: Busy };
  /** The step this screen started and that has not ended yet. */
  runningId: string | undefined;
  notice: Notice | null;
  setNotice: (n: Notice | null) => void;
  showError: (e: unknown) => void;
  /** Bumped after every action: plan and pending are read again. */
  rev: number;
  bump: () => void;
  run: (stepId: string) => void;
  work: (fn: () => Promise<unknown>) => void;
  leave: (code: number) => void;
  finish: (code: number) => void;
  interrupt: () => void;
}

export function useRunActions(props: {
  controller: RunController;
  lang: string;
  t: T;
  initialNotice: () => Notice | null;
  /** The title of a step, for the last words after Ctrl-C. */
  stepTitle: (id: string | undefined) => string;
  /** The step the engine reports running (also one started before this screen). */
  engineRunningId: () => string | undefined;
  onExit: (info: ExitInfo) => void;
}): RunActions {
  const { controller, t } = props;
  const [busy, setBusyState] = useState<Busy>(null);
  const busyRef = useRef<Busy>(null);
  const setBusy = (b: Busy) => {
    busyRef.current = b;
    setBusyState(b);
  };
  const [runningId, setRunningId] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice | null>(props.initialNotice);
  const [rev, setRev] = useState(0);
  const bump = () => setRev((r) => r + 1);
  const ctrlC = useRef(false);
  const confirmStop = useRef(stopConfirmation()).current;
  const exited = useRef(false);
  const runPromise = useRef<Promise<unknown> | null>(null);
  const interruptedStep = useRef<string | undefined>(undefined);

  const finish = (code: number) => {
    if (exited.current) return;
    exited.current = true;
    const runId = controller.state.runId;
    const lines: string[] = [];
    if (code === EXIT.ok) lines.push(t('exit.succeeded', { runId }));
    else if (code === EXIT.paused) lines.push(t('exit.paused', { runId }));
    else if (code === EXIT.interrupted) lines.push(interruptedStep.current ? t('exit.interrupted', { runId, step: interruptedStep.current }) : t('exit.interruptedIdle', { runId }));
    lines.push(t('exit.logs', { dir: controller.runDir }));
    props.onExit({ code, lines });
  };

  const showError = (e: unknown) => {
    const err = errorText(e, props.lang);
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
        if (ctrlC.current) leave(EXIT.interrupted);
      });
  };

  const run = (stepId: string) => {
    setBusy('running');
    setRunningId(stepId);
    let fatal: ExitInfo | undefined;
    const p = controller
      .runStep(stepId)
      .catch((e: unknown) => {
        // A UserError here (the disk is full) means the run cannot go on: the step was stopped and saved.
        if (typeof (e as { key?: unknown })?.key === 'string') {
          const err = errorText(e, props.lang);
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
        } else if (ctrlC.current) finish(EXIT.interrupted);
      });
    runPromise.current = p;
  };

  const interrupt = () => {
    if (ctrlC.current) return;
    const b = busyRef.current;
    if (b === 'running' && !confirmStop()) {
      setNotice({ text: t('notice.stopConfirm', { seconds: STOP_CONFIRM_MS / 1000 }), tone: 'warn' });
      return;
    }
    ctrlC.current = true;
    if (b === 'running') {
      interruptedStep.current = props.stepTitle(runningId ?? props.engineRunningId());
      setBusy('stopping');
      // The step ends as interrupted once its process group is gone; do not wait forever for it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      controller
        .interrupt()
        .catch(showError)
        .then(() => Promise.race([runPromise.current, new Promise((r) => (timer = setTimeout(r, 15_000)))]))
        .finally(() => {
          clearTimeout(timer);
          finish(EXIT.interrupted);
        });
    } else if (b === null) {
      leave(EXIT.interrupted);
    }
    // 'working': the action's completion leaves (see work()).
  };

  return { busy, busyRef, runningId, notice, setNotice, showError, rev, bump, run, work, leave, finish, interrupt };
}
