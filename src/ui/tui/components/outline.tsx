// The outline: the rows of lib/outline-rows, scrolled so that the selected step is visible. Rows are
// memoized: a frame only re-renders rows whose mark, title or time changed.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { useUi } from '../lib/context.js';
import { MARKS, SPINNER } from '../lib/theme.js';
import { padEnd, padStart, truncate } from '../lib/text.js';
import type { OutlineRow } from '../lib/outline-rows.js';

const Row = memo(function Row({ row, selected, current, width, spin }: { row: OutlineRow; selected: boolean; current: boolean; width: number; spin: number }) {
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
  if (row.kind === 'note') {
    return (
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {`${padEnd(`  ${row.text}`, width - 1)} `}
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
  const pointer = selected ? '❯' : current ? '›' : ' ';
  const time = row.time ?? '';
  const timeW = time ? Math.max(6, time.length + 1) : 0;
  const titleW = Math.max(1, width - 4 - pad.length - timeW);
  const dim = mark === 'excluded' || mark === 'undecided';
  return (
    <Text wrap="truncate-end">
      <Text bold={selected} {...(selected && theme.colors ? { color: 'cyan' } : {})}>
        {pointer}
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
function sameRow(a: { row: OutlineRow; selected: boolean; current: boolean; width: number; spin: number }, b: typeof a): boolean {
  return (
    a.selected === b.selected &&
    a.current === b.current &&
    a.width === b.width &&
    a.spin === b.spin &&
    a.row.kind === b.row.kind &&
    a.row.text === b.row.text &&
    a.row.mark === b.row.mark &&
    a.row.time === b.row.time &&
    a.row.indent === b.row.indent
  );
}

/**
 * @param rows from outlineRows
 * @param currentId the step to decide about (or running)
 * @param selectedId the step the operator moved to with ↑/↓ (the current one when undefined)
 */
export function Outline(props: { rows: OutlineRow[]; currentId: string | undefined; selectedId?: string; width: number; height: number; spin: number }) {
  const { t, theme } = useUi();
  const { rows, height, width } = props;
  const selectedId = props.selectedId ?? props.currentId;
  const cur = Math.max(0, rows.findIndex((r) => r.stepId === selectedId));
  const bodyH = Math.max(1, height - 1);
  let start = 0;
  if (rows.length > bodyH) start = Math.max(0, Math.min(rows.length - bodyH, cur - Math.floor(bodyH / 3)));
  const visible = rows.slice(start, start + bodyH);
  const above = start;
  const below = rows.length - start - visible.length;
  // Say how many rows are hidden above and below, in place of the first/last visible row.
  const items: React.ReactNode[] = visible.map((row, i) => {
    if (i === 0 && above > 0 && row.stepId !== selectedId) {
      return (
        <Text key="above" {...theme.style('dim')}>
          {padEnd(`  ↑ ${t('outline.more', { n: above + 1 })}`, width)}
        </Text>
      );
    }
    if (i === visible.length - 1 && below > 0 && row.stepId !== selectedId) {
      return (
        <Text key="below" {...theme.style('dim')}>
          {padEnd(`  ↓ ${t('outline.more', { n: below + 1 })}`, width)}
        </Text>
      );
    }
    const isStep = row.stepId !== undefined;
    return <Row key={row.key} row={row} selected={isStep && row.stepId === selectedId} current={isStep && row.stepId === props.currentId} width={width} spin={row.mark === 'running' ? props.spin : 0} />;
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
