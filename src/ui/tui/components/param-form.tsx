// Asking for the params not given on the command line, one at a time, in the chosen language
// (components/param-input for the input of each kind). A param whose `when` no longer holds after
// earlier answers is skipped (hooks/use-param-answers).
import { Box, Text } from 'ink';
import { pick, type ParamDef, type Runbook } from '../../../engine/document/model.js';
import type { ParamValues } from '../../../engine/plan/params.js';
import { useUi, StyledLine } from '../lib/context.js';
import { paramsSummary } from '../lib/format.js';
import { truncate, wrap } from '../lib/text.js';
import { useParamAnswers } from '../hooks/use-param-answers.js';
import { ParamInput, paramHintKey } from './param-input.js';

export { nextApplicable } from '../hooks/use-param-answers.js';

/**
 * @param runbook labels and the title come from it
 * @param ask the params to ask, in order
 * @param initial values already known (flags, file, defaults)
 * @param rehearsal shows the REHEARSAL badge
 * @param onDone called once with every value
 */
export function ParamForm(props: { runbook: Runbook; ask: ParamDef[]; initial: ParamValues; rehearsal: boolean; width: number; onDone: (values: ParamValues) => void }) {
  const { t, lang, theme } = useUi();
  const { runbook } = props;
  const answers = useParamAnswers(props.ask, props.initial, props.onDone);
  const def = answers.def;
  if (!def) return null;
  const w = props.width;
  const label = pick(def.label, lang, runbook.languages);
  const answered = Object.fromEntries(Object.entries(answers.values).filter(([k]) => k !== def.name));
  const badge = theme.colors ? { backgroundColor: 'yellow', color: 'black', bold: true } : { inverse: true, bold: true };
  return (
    <Box flexDirection="column" width={w}>
      <Text wrap="truncate-end">
        {props.rehearsal ? <Text {...badge}>{` ${t('badge.rehearsal')} `}</Text> : null}
        {props.rehearsal ? ' ' : ''}
        <Text bold>{truncate(t('params.title', { title: pick(runbook.title, lang, runbook.languages).text }), w - 14)}</Text>
      </Text>
      <Text {...theme.style('dim')}>{t('params.progress', { n: answers.number, total: answers.number + answers.remaining })}</Text>
      <Text> </Text>
      {wrap([{ text: label.text, style: 'bold' }, { text: `  (${def.name})`, style: 'dim' }], w).map((l, i) => (
        <StyledLine key={i} line={l} />
      ))}
      <ParamInput def={def} answers={answers} width={w} />
      {answers.error ? (
        <Text wrap="truncate-end" {...theme.style('error')}>
          {truncate(answers.error, w)}
        </Text>
      ) : null}
      <Text> </Text>
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {truncate(t(paramHintKey(def)), w)}
      </Text>
      {Object.keys(answered).length ? (
        <Text wrap="truncate-end" {...theme.style('dim')}>
          {truncate(paramsSummary(runbook, answered, t), w)}
        </Text>
      ) : null}
    </Box>
  );
}
