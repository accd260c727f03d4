// The param review before the first step: every param that applies with its value and where it came
// from (flag, file, environment, default, example, this run), confirmed once. ↑/↓ select, Enter
// changes the selected param, Enter on the last row (or s) starts. On resume a change that finished
// steps depend on is refused (or, with --rerun-changed, those steps are named: they run again).
import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { pick, type ParamDef, type Runbook } from '../../../engine/document/model.js';
import { coerceParam, type ParamValues } from '../../../engine/plan/params.js';
import { valuesOf } from '../../../engine/plan/param-sources.js';
import type { TuiOptions } from '../../../engine/execution/run-api.js';
import { translator } from '../../../i18n/index.js';
import { run as runCatalog } from '../../../i18n/run.js';
import { paramRow } from '../../run-text.js';
import { useUi, StyledLine } from '../lib/context.js';
import { Select, TextInput } from './inputs.js';
import { errorText } from '../lib/format.js';
import { truncate, wrap } from '../lib/text.js';

type Review = NonNullable<TuiOptions['review']>;

export function ParamReview(props: { runbook: Runbook; review: Review; resume: boolean; rehearsal: boolean; answers: ParamValues; width: number; onConfirm: (values: ParamValues) => void }) {
  const { lang, theme, t: tt } = useUi();
  const t = translator(runCatalog, lang);
  const { runbook, review, resume, width } = props;
  const [answers, setAnswers] = useState<ParamValues>(props.answers);
  const set = review.gather(answers, resume);
  const names = Object.keys(set.entries);
  // The last row starts the run; it is selected first, so one Enter confirms what is shown.
  const [selected, setSelectedState] = useState(names.length);
  const selectedRef = useRef(selected);
  const setSelected = (i: number) => {
    selectedRef.current = i;
    setSelectedState(i);
  };
  const [editing, setEditing] = useState<ParamDef | undefined>();
  const [note, setNote] = useState<{ text: string; error: boolean } | undefined>();

  const start = () => props.onConfirm(valuesOf(review.gather(answers, resume)));
  useInput(
    (input, key) => {
      const i = selectedRef.current;
      if (key.upArrow || input === 'k') setSelected(Math.max(0, i - 1));
      else if (key.downArrow || input === 'j') setSelected(Math.min(names.length, i + 1));
      else if (input === 's') start();
      else if (key.return) {
        if (i >= names.length) return start();
        setNote(undefined);
        setEditing(runbook.params.find((p) => p.name === names[i]));
      }
    },
    { isActive: editing === undefined },
  );

  const change = (def: ParamDef, raw: string | boolean) => {
    if (raw === '') return setNote({ text: tt('params.required'), error: true });
    let value: string | boolean;
    try {
      value = coerceParam(def, raw);
    } catch (e) {
      const err = errorText(e, lang);
      setNote({ text: err.hint ? `${err.message}; ${err.hint}` : err.message, error: true });
      return;
    }
    setEditing(undefined);
    const depending = value === set.entries[def.name]?.value ? [] : review.dependents([def.name], resume);
    if (depending.length && !review.rerunChanged) return setNote({ text: t('review.refused', { name: def.name, steps: depending.join(', ') }), error: true });
    setNote(depending.length ? { text: t('review.rerun', { steps: depending.join(', ') }), error: false } : undefined);
    setAnswers({ ...answers, [def.name]: value });
  };

  const rows = names.map((name, i) => {
    const mark = i === selected ? '❯ ' : '  ';
    return (
      <Text key={name} wrap="truncate-end" {...(i === selected ? { bold: true, ...(theme.colors ? { color: 'cyan' } : {}) } : {})}>
        {truncate(`${mark}${paramRow(runbook, lang, name, set.entries[name]!, t)}`, width)}
      </Text>
    );
  });
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{truncate(`${props.rehearsal ? `[${tt('badge.rehearsal')}] ` : ''}${pick(runbook.title, lang, runbook.languages).text}`, width)}</Text>
      {wrap([{ text: t('review.title'), style: 'bold' }], width).map((l, i) => <StyledLine key={`t${i}`} line={l} />)}
      <Text> </Text>
      {rows}
      <Text wrap="truncate-end" {...(selected === names.length ? { bold: true, ...(theme.colors ? { color: 'cyan' } : {}) } : {})}>
        {truncate(`${selected === names.length ? '❯ ' : '  '}${t('review.start')}`, width)}
      </Text>
      {editing ? <Editor def={editing} runbook={runbook} current={set.entries[editing.name]?.value} width={width} onSubmit={(v) => change(editing, v)} onCancel={() => setEditing(undefined)} /> : null}
      {note ? wrap([{ text: note.text, style: note.error ? 'error' : 'dim' }], width).map((l, i) => <StyledLine key={`n${i}`} line={l} />) : null}
      <Text> </Text>
      {wrap([{ text: t(editing ? 'review.editHint' : 'review.hint'), style: 'dim' }], width).map((l, i) => <StyledLine key={`h${i}`} line={l} />)}
    </Box>
  );
}

/** The input for one param: a list for choices and booleans, a text field (masked for secrets) otherwise. */
function Editor(props: { def: ParamDef; runbook: Runbook; current: string | boolean | undefined; width: number; onSubmit: (v: string | boolean) => void; onCancel: () => void }) {
  const { lang } = useUi();
  const t = translator(runCatalog, lang);
  const { def, width } = props;
  const label = pick(def.label, lang, props.runbook.languages).text || def.name;
  let input;
  if (def.type === 'choice' || def.type === 'boolean') {
    const items = def.type === 'choice' ? (def.choices ?? []).map((c) => ({ label: c, value: c as string | boolean })) : [true, false].map((v) => ({ label: String(v), value: v as string | boolean }));
    input = <Select items={items} initial={Math.max(0, items.findIndex((i) => i.value === props.current))} isActive width={width} onSubmit={props.onSubmit} onCancel={props.onCancel} />;
  } else {
    const initial = def.type === 'secret' || props.current === undefined ? '' : String(props.current);
    input = <TextInput initial={initial} isActive width={width} mask={def.type === 'secret'} onSubmit={props.onSubmit} onCancel={props.onCancel} />;
  }
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="truncate-end">{truncate(t('prompt.text', { label }).trimEnd(), width)}</Text>
      {input}
    </Box>
  );
}
