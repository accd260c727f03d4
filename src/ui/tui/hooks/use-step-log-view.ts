// Opening a step's log over the run screen (hooks/use-log-viewer holds what is shown): read through
// RunController.readLog, read again every second while that step runs, handed to $PAGER on request.
import { useEffect } from 'react';
import type { RunController } from '../../../engine/execution/run-api.js';
import { useLogViewer, type LogViewer } from './use-log-viewer.js';
import type { RunActions } from './use-run-actions.js';
import type { T } from '../lib/format.js';

export interface StepLogView {
  viewer: LogViewer;
  /** Open the log of `id` (the selected step, or the output shown); says so when there is none. */
  open: (id: string | undefined) => void;
  /** Hand the open log to $PAGER (undefined: no pager). */
  pager: (() => void) | undefined;
}

export function useStepLogView(p: { controller: RunController; actions: RunActions; t: T; activeId: string | undefined; pager?: (file: string) => string | undefined }): StepLogView {
  const { controller, actions, t } = p;
  const viewer = useLogViewer();
  const viewedId = viewer.view?.stepId;
  useEffect(() => {
    if (!viewedId || viewedId !== p.activeId) return;
    const timer = setInterval(() => viewer.reload(controller.readLog(viewedId)), 1000);
    return () => clearInterval(timer);
  }, [viewedId, p.activeId]);
  const open = (id: string | undefined) => {
    if (!id) return actions.setNotice({ text: t('viewer.nothing'), tone: 'warn' });
    viewer.open(id, controller.readLog(id));
  };
  const pager = p.pager
    ? () => {
        if (!viewer.view) return;
        // The runner waits while the pager has the terminal: only between steps.
        if (actions.busyRef.current) return actions.setNotice({ text: t('viewer.pagerBusy'), tone: 'warn' });
        const failed = p.pager!(viewer.view.log.path);
        if (failed) actions.setNotice({ text: t('viewer.pagerFailed', { reason: failed }), tone: 'error' });
        actions.bump();
      }
    : undefined;
  return { viewer, open, pager };
}
