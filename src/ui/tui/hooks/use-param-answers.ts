// The answers of the param questions, one question at a time: moving on drops answers to params that
// no longer apply, Esc goes back to the question before.
import { useState } from 'react';
import type { ParamDef } from '../../../engine/document/model.js';
import { paramApplies, type ParamValues } from '../../../engine/plan/params.js';

/** The index of the next param to ask at or after `from`, given the answers so far; -1 when none is left. */
export function nextApplicable(ask: ParamDef[], from: number, values: ParamValues): number {
  for (let i = from; i < ask.length; i++) {
    if (paramApplies(ask[i]!, values) !== false) return i;
  }
  return -1;
}

export interface ParamAnswers {
  values: ParamValues;
  /** The param asked now (undefined: none is left). */
  def: ParamDef | undefined;
  /** 1-based number of this question, and how many may follow. */
  number: number;
  remaining: number;
  /** The text field's starting value (the earlier answer when going back; never a secret). */
  text: string;
  /** Bumped whenever the text field must start over. */
  generation: number;
  error: string | undefined;
  setError: (e: string | undefined) => void;
  advance: (value: string | boolean) => void;
  back: () => void;
}

const shownText = (def: ParamDef, v: unknown) => (def.type !== 'secret' && typeof v === 'string' ? v : '');

/**
 * @param ask the params to ask, in order
 * @param initial values known before asking (kept even when their param no longer applies)
 * @param onDone called with all values once the last question is answered
 */
export function useParamAnswers(ask: ParamDef[], initial: ParamValues, onDone: (values: ParamValues) => void): ParamAnswers {
  const [values, setValues] = useState<ParamValues>(() => ({ ...initial }));
  const [index, setIndex] = useState(() => nextApplicable(ask, 0, initial));
  const [history, setHistory] = useState<number[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const def = index >= 0 ? ask[index] : undefined;

  const advance = (value: string | boolean) => {
    if (!def) return;
    const next: ParamValues = { ...values, [def.name]: value };
    // Answers to params that no longer apply are dropped.
    for (const d of ask) if (d !== def && next[d.name] !== undefined && initial[d.name] === undefined && paramApplies(d, next) === false) delete next[d.name];
    const ni = nextApplicable(ask, index + 1, next);
    setValues(next);
    setError(undefined);
    if (ni < 0) return onDone(next);
    setHistory([...history, index]);
    setIndex(ni);
    setText(shownText(ask[ni]!, next[ask[ni]!.name]));
  };

  const back = () => {
    if (!history.length) return;
    const prev = history[history.length - 1]!;
    setHistory(history.slice(0, -1));
    setIndex(prev);
    setError(undefined);
    setText(shownText(ask[prev]!, values[ask[prev]!.name]));
  };

  let remaining = 0;
  for (let i = index + 1; i < ask.length; i++) if (paramApplies(ask[i]!, values) !== false) remaining++;
  return { values, def, number: history.length + 1, remaining, text, generation: history.length, error, setError, advance, back };
}
