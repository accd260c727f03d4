// The current step's text as wrapped lines, memoized per step, language and width (not per frame),
// with the directory its command runs in, resolved now.
import { useMemo } from 'react';
import type { Runbook } from '../../../engine/document/model.js';
import type { RunController } from '../../../engine/execution/run-api.js';
import type { PlannedStep } from '../../../engine/plan/plan.js';
import { titleLines, detailLines } from '../lib/step-text.js';
import type { T } from '../lib/format.js';
import { message } from '../../../i18n/message.js';
import type { Line } from '../lib/text.js';

export function useStepText(p: { controller: RunController; runbook: Runbook; current: PlannedStep | undefined; lang: string; t: T; width: number; codeTicks: boolean; stateKey: string }): { title: Line[]; details: Line[] } {
  const { current, lang, t, width, runbook } = p;
  const step = current?.step;
  const workdir = useMemo(() => {
    if (!step || step.kind === 'manual') return undefined;
    const r = p.controller.workingDir(step.id);
    return 'dir' in r ? { dir: r.dir } : { error: message(r.error, r.vars, lang) };
  }, [step, lang, p.stateKey]);
  const title = useMemo(() => (step ? titleLines(step, runbook, lang, t, width).slice(0, 2) : []), [step, lang, width]);
  const details = useMemo(() => (step ? detailLines(step, runbook, lang, t, width, p.codeTicks, workdir) : []), [step, lang, width, p.codeTicks, workdir]);
  return { title, details };
}
