// The rows of the outline: sections and their steps with status marks and durations, reasons under
// decided steps; steps that do not apply hidden unless asked for (and counted).
import { pick, type Runbook } from '../../../engine/document/model.js';
import type { PlannedStep } from '../../../engine/plan/plan.js';
import type { StepState } from '../../../engine/execution/run-api.js';
import type { Mark } from './theme.js';
import type { T } from './format.js';
import { formatElapsed } from '../../../engine/core/clock.js';
import type { RunModel } from './run-model.js';

export interface OutlineRow {
  kind: 'section' | 'step' | 'reason' | 'note';
  key: string;
  text: string;
  mark?: Mark;
  stepId?: string;
  time?: string;
  indent: number;
}

export function markOf(planned: PlannedStep, st: StepState | undefined, runningId: string | undefined): Mark {
  if (runningId === planned.step.id) return 'running';
  const status = st?.status;
  // The engine records an excluded step as skipped (with the condition as reason): show it as excluded.
  if (planned.included === false && (!status || status === 'pending' || status === 'skipped')) return 'excluded';
  if (status && status !== 'pending') return status as Mark;
  if (planned.included === false) return 'excluded';
  if (planned.included === null) return 'undecided';
  return 'pending';
}

export function stepDuration(st: StepState | undefined): number | undefined {
  if (!st?.startedAt || !st.endedAt) return undefined;
  const ms = Date.parse(st.endedAt) - Date.parse(st.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** How long a step ran: live while it runs; for executed steps afterwards (not for decisions). */
export function ranFor(id: string, model: RunModel, states: Map<string, StepState>, activeId: string | undefined): number | undefined {
  const running = activeId === id ? model.runningFor() : undefined;
  if (running !== undefined) return running;
  const fin = model.finished.get(id);
  const st = states.get(id);
  const status = fin?.status ?? st?.status;
  if (status !== 'succeeded' && status !== 'failed' && status !== 'interrupted') return undefined;
  return fin?.durationMs ?? stepDuration(st);
}

/** Rows of the outline: a section heading before its first step, steps, a reason under skipped ones. */
export function outlineRows(
  runbook: Runbook,
  plan: PlannedStep[],
  states: Map<string, StepState>,
  lang: string,
  t: T,
  runningId: string | undefined,
  durations: (id: string) => number | undefined,
  showExcluded = true,
): OutlineRow[] {
  const rows: OutlineRow[] = [];
  let hidden = 0;
  const depths = runbook.sections.map((s) => s.depth);
  const minDepth = depths.length ? Math.min(...depths) : 1;
  let lastSection = -2;
  const shownSections = new Set<number>();
  for (const planned of plan) {
    const step = planned.step;
    const st = states.get(step.id);
    const mark = markOf(planned, st, runningId);
    // Not applicable (a condition excludes it): hidden unless asked for, and counted.
    if (mark === 'excluded' && !showExcluded) {
      hidden++;
      continue;
    }
    if (step.section !== lastSection) {
      lastSection = step.section;
      // Also show the enclosing headings of a nested section once.
      const chain: number[] = [];
      for (let i = step.section; i >= 0; i--) {
        const depth = runbook.sections[i]!.depth;
        if (chain.length === 0 || depth < runbook.sections[chain[chain.length - 1]!]!.depth) chain.push(i);
        if (depth === minDepth) break;
      }
      for (const i of chain.reverse()) {
        if (shownSections.has(i)) continue;
        shownSections.add(i);
        const s = runbook.sections[i]!;
        rows.push({ kind: 'section', key: `s${i}`, text: pick(s.title, lang, runbook.languages).text, indent: Math.max(0, s.depth - minDepth) });
      }
    }
    const indent = step.section >= 0 ? Math.max(0, runbook.sections[step.section]!.depth - minDepth) : 0;
    const ms = durations(step.id);
    rows.push({
      kind: 'step',
      key: step.id,
      stepId: step.id,
      text: pick(step.title, lang, runbook.languages).text,
      mark,
      time: ms !== undefined ? formatElapsed(ms) : undefined,
      indent,
    });
    if (mark === 'skipped' && st?.reason) rows.push({ kind: 'reason', key: `${step.id}:r`, text: t('status.skippedReason', { reason: st.reason }), indent });
    // A failure overridden or a step marked done: why, and who decided.
    if (mark === 'confirmed' && st?.reason) {
      const by = st.confirmedBy ? ` (${t('status.confirmedBy', { who: st.confirmedBy })})` : '';
      rows.push({ kind: 'reason', key: `${step.id}:r`, text: `${st.reason}${by}`, indent });
    }
  }
  if (hidden) rows.push({ kind: 'note', key: 'hidden', text: t('outline.hidden', { n: hidden }), indent: 0 });
  return rows;
}

