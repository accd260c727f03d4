// The input for one param: choices as a list, booleans as yes/no, strings as text (the example or
// the default as placeholder), secrets masked.
import { useState } from 'react';
import { Select } from './inputs.js';
import { TextInput } from './inputs.js';
import { useUi } from '../lib/context.js';
import { coerceParam } from '../../../engine/plan/params.js';
import { errorText } from '../lib/format.js';
import { isShort, MIN_SECRET_LENGTH } from '../../../engine/execution/secrets.js';
import type { ParamAnswers } from '../hooks/use-param-answers.js';
import type { ParamDef } from '../../../engine/document/model.js';
import type { TuiKey } from '../../../i18n/index.js';

/** The key hint shown under the input of `def`. */
export function paramHintKey(def: ParamDef): TuiKey {
  if (def.type === 'choice') return 'params.choiceHint';
  if (def.type === 'boolean') return 'params.boolHint';
  return def.type === 'secret' ? 'params.secretHint' : 'params.textHint';
}

/**
 * @param def the param asked
 * @param answers the form's state (current values, advance, back, error)
 * @param width columns available
 */
export function ParamInput({ def, answers, width }: { def: ParamDef; answers: ParamAnswers; width: number }) {
  const { t, lang } = useUi();
  // A secret too short to be masked is said once; Enter again keeps it.
  const [shortWarned, setShortWarned] = useState<string | undefined>();
  const cur = answers.values[def.name] ?? def.default;
  if (def.type === 'choice') {
    const choices = def.choices ?? [];
    return (
      <Select
        key={def.name}
        items={choices.map((c) => ({ label: c === def.default ? `${c}  (${t('params.isDefault')})` : c, value: c }))}
        initial={Math.max(0, choices.indexOf(String(cur)))}
        isActive
        width={width}
        onSubmit={(v) => answers.advance(v)}
        onCancel={answers.back}
      />
    );
  }
  if (def.type === 'boolean') {
    return (
      <Select
        key={def.name}
        items={[
          { label: t('params.yes'), value: true },
          { label: t('params.no'), value: false },
        ]}
        initial={cur === true ? 0 : 1}
        isActive
        width={width}
        shortcuts={{ y: 0, n: 1 }}
        onSubmit={(v) => answers.advance(v)}
        onCancel={answers.back}
      />
    );
  }
  const submit = (raw: string) => {
    let v = def.type === 'secret' ? raw : raw.trim();
    if (!v && typeof def.default === 'string') v = def.default;
    if (!v) return answers.setError(t('params.required'));
    if (def.type === 'secret' && isShort(v) && shortWarned !== v) {
      setShortWarned(v);
      return answers.setError(t('params.shortSecret', { min: MIN_SECRET_LENGTH }));
    }
    try {
      answers.advance(coerceParam(def, v));
    } catch (e) {
      const err = errorText(e, lang);
      answers.setError(err.hint ? `${err.message}; ${err.hint}` : err.message);
    }
  };
  const placeholder = def.type === 'string' && def.example ? t('params.example', { example: def.example }) : typeof def.default === 'string' ? t('params.default', { value: def.default }) : undefined;
  return (
    <TextInput
      key={`${def.name}:${answers.generation}`}
      initial={answers.text}
      onChange={() => answers.setError(undefined)}
      onSubmit={submit}
      onCancel={answers.back}
      isActive
      width={width}
      mask={def.type === 'secret'}
      placeholder={def.type === 'secret' ? undefined : placeholder}
    />
  );
}
