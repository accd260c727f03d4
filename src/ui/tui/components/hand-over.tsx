// The hand-over when a run is resumed: who did what so far, reasons, attempts, failed and
// interrupted steps (the same account plain mode prints). Enter continues.
import { Box, Text, useInput } from 'ink';
import type { RunController } from '../../../engine/execution/run-api.js';
import { translator } from '../../../i18n/index.js';
import { run as runCatalog } from '../../../i18n/run.js';
import { accountOf } from '../../run-text.js';
import { useUi, StyledLine } from '../lib/context.js';
import { truncate, wrap } from '../lib/text.js';

export function HandOver(props: { controller: RunController; width: number; rows: number; onContinue: () => void }) {
  const { lang, theme } = useUi();
  const t = translator(runCatalog, lang);
  useInput((_input, key) => {
    if (key.return) props.onContinue();
  });
  const lines = accountOf(props.controller, 'account.title', lang).flatMap((l, i) => wrap([{ text: l, style: i === 0 ? 'bold' : 'plain' }], props.width));
  // Keep the latest steps when the account is longer than the screen.
  const room = Math.max(3, props.rows - 4);
  const shown = lines.length > room ? [lines[0]!, ...lines.slice(lines.length - room + 1)] : lines;
  return (
    <Box flexDirection="column" width={props.width}>
      <Text bold wrap="truncate-end">{truncate(t('header.resumed', { runId: props.controller.state.runId }), props.width)}</Text>
      {shown.map((l, i) => <StyledLine key={i} line={l} />)}
      <Text> </Text>
      <Text {...theme.style('dim')} wrap="truncate-end">{truncate(t('account.continue'), props.width)}</Text>
    </Box>
  );
}
