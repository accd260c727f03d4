// What the output pane shows and under which title: the live output while a step runs (or right
// after, when it is the evidence), else the evidence read back from the logs (also after resume).
import { useMemo } from 'react';
import type { RunController, Pending, StepState } from '../../../engine/execution/run-api.js';
import type { PlannedStep } from '../../../engine/plan/plan.js';
import { FixedLines, type LineSource } from '../lib/output-buffer.js';
import type { RunModel } from '../lib/run-model.js';
import { evidenceSteps, lastAttempt } from '../lib/evidence.js';

export interface OutputSource {
  source: LineSource;
  /** The steps whose output it is (empty: none yet). */
  stepIds: string[];
  /** The full log to copy or open. */
  logPath: string | undefined;
  live: boolean;
}

export function useOutputSource(p: { controller: RunController; model: RunModel; plan: PlannedStep[]; states: Map<string, StepState>; pending: Pending; running: boolean; stateKey: string; title: (id: string) => string }): OutputSource {
  const { model } = p;
  const ids = p.running ? [] : evidenceSteps(p.plan, p.states, p.pending);
  const live = p.running || ids.length === 0 || (ids.length === 1 && ids[0] === model.outputStepId && model.output.length > 0);
  const key = live ? '' : `${ids.join(' ')}|${p.stateKey}`;
  const fromLogs = useMemo(() => {
    if (live) return undefined;
    const logs = ids.map((id) => ({ id, log: p.controller.readLog(id) }));
    const lines: string[] = [];
    for (const { id, log } of logs) {
      // Several steps: each one's output under its title.
      if (logs.length > 1) lines.push(`▸ ${p.title(id)}`);
      lines.push(...lastAttempt(log.lines));
    }
    return { source: new FixedLines(lines), logPath: logs[0]?.log.path };
  }, [key]);
  if (live || !fromLogs) return { source: model.output, stepIds: model.outputStepId ? [model.outputStepId] : [], logPath: model.logPath, live: true };
  return { source: fromLogs.source, stepIds: ids, logPath: fromLogs.logPath, live: false };
}
