// The outline: sections and their steps with status marks and durations, scrolled so that the current
// step is visible. Rows are memoized: a frame only re-renders rows whose mark, title or time changed.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { pick, type Runbook } from '../../../engine/document/model.js';
import type { PlannedStep } from '../../../engine/plan/plan.js';
import type { StepState } from '../../../engine/execution/run-api.js';
import { useUi } from '../lib/context.js';
import { MARKS, SPINNER, type Mark } from '../lib/theme.js';
import { padEnd, padStart, truncate } from '../lib/text.js';
import type { T } from '../lib/format.js';
import { formatElapsed } from '../../../engine/core/clock.js';

export interface OutlineRow {
  kind: 'section' | 'step' | 'reason';
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

/** Rows of the outline: a section heading before its first step, steps, a reason under skipped ones. */
export function outlineRows(
  runbook: Runbook,
  plan: PlannedStep[],
  states: Map<string, StepState>,
  lang: string,
  t: T,
  runningId: string | undefined,
  durations: (id: string) => number | undefined,
): OutlineRow[] {
  const rows: OutlineRow[] = [];
  const depths = runbook.sections.map((s) => s.depth);
  const minDepth = depths.length ? Math.min(...depths) : 1;
  let lastSection = -2;
  const shownSections = new Set<number>();
  for (const planned of plan) {
    const step = planned.step;
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
    const st = states.get(step.id);
    const mark = markOf(planned, st, runningId);
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
  return rows;
}

const Row = memo(function Row({ row, selected, width, spin }: { row: OutlineRow; selected: boolean; width: number; spin: number }) {
  const { theme } = useUi();
  const pad = ' '.repeat(Math.min(row.indent, 4));
  // Every row keeps its last column blank, so a long title never touches the pane separator.
  if (row.kind === 'section') {
    return (
      <Text wrap="truncate-end" {...theme.style('heading')}>
        {`${padEnd(pad + row.text, width - 1)} `}
      </Text>
    );
  }
  if (row.kind === 'reason') {
    return (
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {`${padEnd(`${pad}   ↳ ${row.text}`, width - 1)} `}
      </Text>
    );
  }
  const mark = row.mark!;
  const glyph = mark === 'running' ? SPINNER[spin % SPINNER.length]! : MARKS[mark];
  const time = row.time ?? '';
  const timeW = time ? Math.max(6, time.length + 1) : 0;
  const titleW = Math.max(1, width - 4 - pad.length - timeW);
  const dim = mark === 'excluded' || mark === 'undecided';
  return (
    <Text wrap="truncate-end">
      <Text bold={selected} {...(selected && theme.colors ? { color: 'cyan' } : {})}>
        {selected ? '❯' : ' '}
      </Text>
      {pad}
      <Text {...theme.mark(mark)}>{glyph}</Text>{' '}
      <Text bold={selected} {...(dim ? theme.style('dim') : {})}>
        {padEnd(row.text, titleW)}
      </Text>
      {time ? <Text {...theme.style('dim')}>{padStart(time, timeW)}</Text> : null}{' '}
    </Text>
  );
}, sameRow);

/** Rows are rebuilt every frame; compare them by value so that only changed ones re-render. */
function sameRow(a: { row: OutlineRow; selected: boolean; width: number; spin: number }, b: typeof a): boolean {
  return (
    a.selected === b.selected &&
    a.width === b.width &&
    a.spin === b.spin &&
    a.row.kind === b.row.kind &&
    a.row.text === b.row.text &&
    a.row.mark === b.row.mark &&
    a.row.time === b.row.time &&
    a.row.indent === b.row.indent
  );
}

export function Outline(props: { rows: OutlineRow[]; currentId: string | undefined; width: number; height: number; spin: number }) {
  const { t, theme } = useUi();
  const { rows, height, width } = props;
  const cur = Math.max(0, rows.findIndex((r) => r.stepId === props.currentId));
  const bodyH = Math.max(1, height - 1);
  let start = 0;
  if (rows.length > bodyH) start = Math.max(0, Math.min(rows.length - bodyH, cur - Math.floor(bodyH / 3)));
  const visible = rows.slice(start, start + bodyH);
  const above = start;
  const below = rows.length - start - visible.length;
  // Say how many rows are hidden above and below, in place of the first/last visible row.
  const items: React.ReactNode[] = visible.map((row, i) => {
    if (i === 0 && above > 0 && row.stepId !== props.currentId) {
      return (
        <Text key="above" {...theme.style('dim')}>
          {padEnd(`  ↑ ${t('outline.more', { n: above + 1 })}`, width)}
        </Text>
      );
    }
    if (i === visible.length - 1 && below > 0 && row.stepId !== props.currentId) {
      return (
        <Text key="below" {...theme.style('dim')}>
          {padEnd(`  ↓ ${t('outline.more', { n: below + 1 })}`, width)}
        </Text>
      );
    }
    return <Row key={row.key} row={row} selected={row.stepId !== undefined && row.stepId === props.currentId} width={width} spin={row.mark === 'running' ? props.spin : 0} />;
  });
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {truncate(t('outline.title'), width)}
      </Text>
      {items}
    </Box>
  );
}
