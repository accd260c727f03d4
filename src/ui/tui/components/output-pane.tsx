// The output under the current step: live while a step runs, else the evidence it is decided on.
// Lines are laid out by output-wrap (soft wrap at spaces, table rows kept whole); `scroll` counts
// source lines above the newest.
import { Box, Text } from 'ink';
import { useUi, StyledLine } from '../lib/context.js';
import { padEnd, width as textWidth, type Line } from '../lib/text.js';
import { layoutOutputLine, type OutputWrap } from '../lib/output-wrap.js';
import type { LineSource } from '../lib/output-buffer.js';

/** The bottom `rows` rows of the output, `scroll` source lines above the end. */
export function outputRows(source: LineSource, rows: number, scroll: number, cols: number, wrap: OutputWrap): Line[] {
  if (rows <= 0) return [];
  const out: Line[] = [];
  for (const l of source.tail(rows, scroll)) out.push(...layoutOutputLine(l, cols, wrap));
  return out.slice(-rows);
}

/**
 * @param source the lines (live ring or a log read back)
 * @param title e.g. Output of “List the machines”
 * @param status attempt, following or scrolled
 * @param notes rows under the output (a wait's polls, lines dropped)
 */
export function OutputPane(props: { source: LineSource; height: number; width: number; scroll: number; wrap: OutputWrap; title: string; status: string; notes: Line[] }) {
  const { t, theme } = useUi();
  const { source, height, width } = props;
  if (height <= 0) return null;
  const notes = props.notes.slice(0, Math.max(0, height - 2));
  const bodyH = Math.max(0, height - 1 - notes.length);
  const rows = outputRows(source, bodyH, props.scroll, width, props.wrap);
  const head = `── ${props.title} · ${props.status} `;
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {padEnd(head + '─'.repeat(Math.max(0, width - textWidth(head))), width)}
      </Text>
      <Box flexDirection="column" height={bodyH} overflow="hidden">
        {source.length === 0 ? <Text {...theme.style('dim')}>{t('output.none')}</Text> : rows.map((l, i) => <StyledLine key={i} line={l} />)}
      </Box>
      {notes.map((l, i) => (
        <StyledLine key={`f${i}`} line={l} />
      ))}
    </Box>
  );
}
