// Asking for the params not given on the command line, one at a time, in the chosen language:
// choices as a list, booleans as yes/no, strings as text (the example as placeholder), secrets masked.
// A param whose `when` no longer holds after earlier answers is skipped.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { pick, type ParamDef, type Runbook } from '../../../engine/document/model.js';
import { coerceParam, paramApplies, type ParamValues } from '../../../engine/plan/plan.js';
import { useUi } from '../lib/context.js';
import { Select } from './inputs.js';
import { TextInput } from './inputs.js';
import { errorText, paramsSummary } from '../lib/format.js';
import { truncate, wrap } from '../lib/text.js';
import { StyledLine } from '../lib/context.js';

/** The index of the next param to ask at or after `from`, given the answers so far; -1 when none is left. */
export function nextApplicable(ask: ParamDef[], from: number, values: ParamValues): number {
  for (let i = from; i < ask.length; i++) {
    if (paramApplies(ask[i]!, values) !== false) return i;
  }
  return -1;
}

export function ParamForm(props: {
  runbook: Runbook;
  ask: ParamDef[];
  initial: ParamValues;
  rehearsal: boolean;
  width: number;
  onDone: (values: ParamValues) => void;
}) {
  const { t, lang, theme } = useUi();
  const { runbook, ask } = props;
  const [values, setValues] = useState<ParamValues>(() => ({ ...props.initial }));
  const [index, setIndex] = useState(() => nextApplicable(ask, 0, props.initial));
  const [history, setHistory] = useState<number[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();

  const def = index >= 0 ? ask[index] : undefined;
  if (!def) return null;

  const advance = (value: string | boolean) => {
    const next: ParamValues = { ...values, [def.name]: value };
    // Answers to params that no longer apply are dropped.
    for (const d of ask) if (d !== def && next[d.name] !== undefined && props.initial[d.name] === undefined && paramApplies(d, next) === false) delete next[d.name];
    const ni = nextApplicable(ask, index + 1, next);
    setValues(next);
    setError(undefined);
    if (ni < 0) {
      props.onDone(next);
      return;
    }
    setHistory([...history, index]);
    setIndex(ni);
    const nd = ask[ni]!;
    const prev = next[nd.name];
    setText(nd.type !== 'secret' && typeof prev === 'string' ? prev : '');
  };

  const back = () => {
    if (!history.length) return;
    const prev = history[history.length - 1]!;
    setHistory(history.slice(0, -1));
    setIndex(prev);
    setError(undefined);
    const pd = ask[prev]!;
    const v = values[pd.name];
    setText(pd.type !== 'secret' && typeof v === 'string' ? v : '');
  };

  const submitText = (raw: string) => {
    let v = def.type === 'secret' ? raw : raw.trim();
    if (!v && typeof def.default === 'string') v = def.default;
    if (!v) {
      setError(t('params.required'));
      return;
    }
    try {
      advance(coerceParam(def, v));
    } catch (e) {
      const err = errorText(e, lang);
      setError(err.hint ? `${err.message}; ${err.hint}` : err.message);
    }
  };

  const remaining = (() => {
    let n = 0;
    for (let i = index + 1; i < ask.length; i++) if (paramApplies(ask[i]!, values) !== false) n++;
    return n;
  })();
  const number = history.length + 1;
  const label = pick(def.label, lang, runbook.languages);
  const w = props.width;

  let input: React.ReactNode;
  let hint: string;
  if (def.type === 'choice') {
    const choices = def.choices ?? [];
    const cur = values[def.name] ?? def.default;
    input = (
      <Select
        key={def.name}
        items={choices.map((c) => ({ label: c === def.default ? `${c}  (${t('params.isDefault')})` : c, value: c }))}
        initial={Math.max(0, choices.indexOf(String(cur)))}
        isActive
        width={w}
        onSubmit={(v) => advance(v)}
        onCancel={back}
      />
    );
    hint = t('params.choiceHint');
  } else if (def.type === 'boolean') {
    const cur = values[def.name] ?? def.default;
    input = (
      <Select
        key={def.name}
        items={[
          { label: t('params.yes'), value: true },
          { label: t('params.no'), value: false },
        ]}
        initial={cur === true ? 0 : 1}
        isActive
        width={w}
        shortcuts={{ y: 0, n: 1 }}
        onSubmit={(v) => advance(v)}
        onCancel={back}
      />
    );
    hint = t('params.boolHint');
  } else {
    const placeholder = def.type === 'string' && def.example ? t('params.example', { example: def.example }) : typeof def.default === 'string' ? t('params.default', { value: def.default }) : undefined;
    input = (
      <TextInput
        key={`${def.name}:${history.length}`}
        initial={text}
        onChange={() => setError(undefined)}
        onSubmit={submitText}
        onCancel={back}
        isActive
        width={w}
        mask={def.type === 'secret'}
        placeholder={def.type === 'secret' ? undefined : placeholder}
      />
    );
    hint = t(def.type === 'secret' ? 'params.secretHint' : 'params.textHint');
  }

  const answered = Object.fromEntries(Object.entries(values).filter(([k]) => k !== def.name));
  return (
    <Box flexDirection="column" width={w}>
      <Text wrap="truncate-end">
        {props.rehearsal ? <Text {...(theme.colors ? { backgroundColor: 'yellow', color: 'black', bold: true } : { inverse: true, bold: true })}>{` ${t('badge.rehearsal')} `}</Text> : null}
        {props.rehearsal ? ' ' : ''}
        <Text bold>{truncate(t('params.title', { title: pick(runbook.title, lang, runbook.languages).text }), w - 14)}</Text>
      </Text>
      <Text {...theme.style('dim')}>{t('params.progress', { n: number, total: number + remaining })}</Text>
      <Text> </Text>
      {wrap([{ text: label.text, style: 'bold' }, { text: `  (${def.name})`, style: 'dim' }], w).map((l, i) => (
        <StyledLine key={i} line={l} />
      ))}
      {input}
      {error ? (
        <Text wrap="truncate-end" {...theme.style('error')}>
          {truncate(error, w)}
        </Text>
      ) : null}
      <Text> </Text>
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {truncate(hint, w)}
      </Text>
      {Object.keys(answered).length ? (
        <Text wrap="truncate-end" {...theme.style('dim')}>
          {truncate(paramsSummary(runbook, answered, t), w)}
        </Text>
      ) : null}
    </Box>
  );
}
