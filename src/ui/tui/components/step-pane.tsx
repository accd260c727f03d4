// A window of the current step's pre-wrapped text (lib/step-text), with a "more below" hint.
import { Box, Text } from 'ink';
import { StyledLine, useUi } from '../lib/context.js';
import type { Line } from '../lib/text.js';

/** A window of pre-wrapped lines, with a "more below" hint when it is cut. */
export function LinesView({ lines, height, offset, width }: { lines: Line[]; height: number; offset: number; width: number }) {
  const { t, theme } = useUi();
  if (height <= 0) return null;
  const cut = lines.length > height;
  const start = Math.max(0, Math.min(offset, lines.length - height));
  const shown = cut ? lines.slice(start, start + height - 1) : lines;
  const rest = lines.length - start - shown.length;
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      {shown.map((l, i) => (
        <StyledLine key={i} line={l} />
      ))}
      {cut ? (
        <Text wrap="truncate-end" {...theme.style('dim')}>
          {rest > 0 ? t('step.more', { n: rest }) : '↑'}
        </Text>
      ) : null}
    </Box>
  );
}
