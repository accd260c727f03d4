// Header, footer (keys), help overlay and the reason prompt.
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { useUi } from '../lib/context.js';
import { MARKS, type Mark } from '../lib/theme.js';
import { padEnd, truncate, width as textWidth, wrap, type Line, type Seg } from '../lib/text.js';
import { formatElapsed } from '../../../engine/core/clock.js';
import { StyledLine } from '../lib/context.js';
import { TextInput } from './inputs.js';
import type { T } from '../lib/format.js';
import { STOP_CONFIRM_MS } from '../../stop-confirm.js';

export function Header(props: { title: string; runId: string; startedAt: string; rehearsal: boolean; progress: string; params: string; width: number }) {
  const { t, theme } = useUi();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const started = Date.parse(props.startedAt);
  const elapsed = Number.isFinite(started) ? formatElapsed(now - started) : '';
  const badge = props.rehearsal ? ` ${t('badge.rehearsal')} ` : '';
  // Line 1: what is being done and how far it got; line 2: which run, with which params.
  const right = [props.progress, elapsed ? t('header.elapsed', { time: elapsed }) : ''].filter(Boolean).join(' · ');
  const badgeW = badge ? textWidth(badge) + 1 : 0;
  const rightW = Math.min(textWidth(right), Math.max(0, props.width - badgeW - 16));
  const titleW = Math.max(1, props.width - badgeW - rightW - 1);
  const badgeProps = theme.colors ? { backgroundColor: 'yellow', color: 'black', bold: true } : { inverse: true, bold: true };
  const run = `${t('header.run', { runId: props.runId })} · `;
  return (
    <Box flexDirection="column" width={props.width}>
      <Text wrap="truncate-end">
        {badge ? (
          <>
            <Text {...badgeProps}>{badge}</Text>{' '}
          </>
        ) : null}
        <Text bold>{padEnd(props.title, titleW)}</Text> <Text {...theme.style('dim')}>{truncate(right, rightW)}</Text>
      </Text>
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {truncate(run + props.params, props.width)}
      </Text>
      <Text {...theme.style('dim')}>{'─'.repeat(props.width)}</Text>
    </Box>
  );
}

export interface KeyHint {
  key: string;
  label: string;
}

export function Footer({ keys, width }: { keys: KeyHint[]; width: number }) {
  const { theme } = useUi();
  // Keep as many hints as fit, in order of importance.
  const parts: KeyHint[] = [];
  let used = 0;
  for (const k of keys) {
    const w = textWidth(k.key) + 1 + textWidth(k.label) + (parts.length ? 3 : 0);
    if (used + w > width) break;
    parts.push(k);
    used += w;
  }
  return (
    <Text wrap="truncate-end">
      {parts.map((k, i) => (
        <Text key={k.key}>
          {i ? <Text {...theme.style('dim')}> · </Text> : null}
          <Text bold {...(theme.colors ? { color: 'cyan' } : {})}>
            {k.key}
          </Text>{' '}
          {k.label}
        </Text>
      ))}
    </Text>
  );
}

const LEGEND: Mark[] = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'excluded', 'undecided', 'confirmed', 'interrupted'];

/** The lines of the help: the keys, then the marks (its closing line is Help's own, always shown). */
export function helpLines(t: T, width: number, languages: string, runId: string): Line[] {
  const rows: [string, string][] = [
    ['Enter', t('help.enter')],
    ['s', t('help.skip')],
    ['r', t('help.retry')],
    ['o', t('help.override')],
    ['l', t('help.lang', { langs: languages })],
    ['q', t('help.leave', { runId })],
    ['?', t('help.help')],
    ['Ctrl-C', t('help.ctrlc', { seconds: STOP_CONFIRM_MS / 1000 })],
    ['PgUp/PgDn', t('help.pages')],
    ['↑/↓ j/k', t('help.select')],
    ['v', t('help.view')],
    ['x', t('help.excluded')],
    ['w', t('help.wrap')],
    ['J/K', t('help.arrows')],
  ];
  const keyW = Math.max(...rows.map(([k]) => textWidth(k))) + 2;
  const lines: Line[] = [[{ text: t('help.title'), style: 'heading' }]];
  for (const [k, d] of rows) lines.push(...wrap([{ text: d, style: 'plain' }], width, [{ text: padEnd(k, keyW), style: 'accent' }]));
  lines.push([], [{ text: t('help.marks'), style: 'heading' }]);
  // Legend items flow across lines but never break inside one item.
  let row: Line = [];
  let used = 0;
  for (const m of LEGEND) {
    const item: Seg[] = [
      { text: MARKS[m], style: 'accent' },
      { text: ` ${t(`status.${m}`)}`, style: 'plain' },
    ];
    const w = textWidth(MARKS[m]) + textWidth(item[1]!.text);
    if (used && used + 3 + w > width) {
      lines.push(row);
      row = [];
      used = 0;
    }
    if (used) row.push({ text: '   ', style: 'plain' });
    row.push(...item);
    used += (used ? 3 : 0) + w;
  }
  if (row.length) lines.push(row);
  lines.push([]);
  return lines;
}

/** How far the help scrolls when its lines do not fit above its closing line. */
export function helpMaxScroll(lines: Line[], height: number): number {
  return Math.max(0, lines.length - (height - 1));
}

/**
 * The help over the body. Its last row always says how to close it; when the lines do not fit above
 * it (Russian on 80×24), they scroll from `scroll` with ↑/↓, and that row says so.
 */
export function Help(props: { lines: Line[]; width: number; height: number; scroll: number }) {
  const { t } = useUi();
  const room = Math.max(0, props.height - 1);
  const max = helpMaxScroll(props.lines, props.height);
  const from = Math.min(props.scroll, max);
  const close = max > 0 ? `${t('help.close')} ${t('help.scroll')}` : t('help.close');
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      {props.lines.slice(from, from + room).map((l, i) => (
        <StyledLine key={i} line={l} />
      ))}
      <StyledLine line={[{ text: truncate(close, props.width), style: 'dim' }]} />
    </Box>
  );
}

export function ReasonPrompt(props: { question: string; error?: string; width: number; onChange: (v: string) => void; onSubmit: (v: string) => void; onCancel: () => void }) {
  const { t, theme } = useUi();
  return (
    <Box flexDirection="column" width={props.width}>
      <Text wrap="truncate-end" bold>
        {truncate(props.question, props.width)}
      </Text>
      <TextInput onChange={props.onChange} onSubmit={props.onSubmit} onCancel={props.onCancel} isActive width={props.width} />
      <Text wrap="truncate-end" {...(props.error ? theme.style('error') : theme.style('dim'))}>
        {truncate(props.error ?? t('prompt.keys'), props.width)}
      </Text>
    </Box>
  );
}
