// The right-hand column of the run screen: the current step's title, what to decide, its text
// (scrolled) and, below, an output pane. Lines arrive pre-wrapped to `width`.
import type { ReactNode } from 'react';
import { Box } from 'ink';
import { StyledLine, useUi } from '../lib/context.js';
import { LinesView } from './step-pane.js';
import type { Line } from '../lib/text.js';

export function StepColumn(props: {
  /** Title rows (kind, title, untranslated marker). */
  title: Line[];
  /** What is happening / what to decide. */
  banner: Line[];
  /** The step's prose, facts and script. */
  details: Line[];
  detailsH: number;
  /** First detail line shown. */
  detailOffset: number;
  width: number;
  height: number;
  /** A left border separating it from the outline. */
  bordered: boolean;
  /** The output pane (or evidence) below the text. */
  children?: ReactNode;
}) {
  const { theme } = useUi();
  const border = props.bordered ? { borderStyle: 'single' as const, borderTop: false, borderBottom: false, borderRight: false, paddingLeft: 1, ...(theme.colors ? { borderDimColor: true } : {}) } : {};
  return (
    <Box flexDirection="column" width={props.bordered ? props.width + 2 : props.width} height={props.height} overflow="hidden" {...border}>
      {props.title.map((l, i) => (
        <StyledLine key={`t${i}`} line={l} />
      ))}
      {props.banner.map((l, i) => (
        <StyledLine key={`b${i}`} line={l} />
      ))}
      <LinesView lines={props.details} height={props.detailsH} offset={props.detailOffset} width={props.width} />
      {props.children}
    </Box>
  );
}
