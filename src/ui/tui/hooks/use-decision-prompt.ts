// The reason prompt of a decision (skip, override, mark done): which step it is about, the question,
// and an error when the reason is left empty. The decision itself goes through RunController.
import { useState } from 'react';
import type { RunController } from '../../../engine/execution/run-api.js';
import type { TuiKey } from '../../../i18n/index.js';
import type { RunActions } from './use-run-actions.js';
import type { Purpose } from './use-run-keys.js';
import type { T } from '../lib/format.js';

export type Mode = { kind: 'normal' } | { kind: 'help' } | { kind: 'prompt'; purpose: Purpose; stepId: string; title: string; error?: string };

const QUESTIONS: Record<Purpose, TuiKey> = { skip: 'prompt.skip', override: 'prompt.override', markDone: 'prompt.markDone' };

export interface DecisionPrompt {
  mode: Mode;
  setMode: (m: Mode) => void;
  open: (purpose: Purpose, stepId: string, title: string) => void;
  submit: (value: string) => void;
  /** Typing again clears the "a reason is required" error. */
  clearError: () => void;
  question: string;
}

export function useDecisionPrompt(controller: RunController, actions: RunActions, t: T): DecisionPrompt {
  const [mode, setMode] = useState<Mode>({ kind: 'normal' });
  const submit = (value: string) => {
    if (mode.kind !== 'prompt') return;
    const reason = value.trim();
    if (!reason) return setMode({ ...mode, error: t('prompt.required') });
    const { purpose, stepId } = mode;
    setMode({ kind: 'normal' });
    actions.work(() => (purpose === 'skip' ? controller.skip(stepId, reason) : controller.confirm(stepId, reason)));
  };
  return {
    mode,
    setMode,
    open: (purpose, stepId, title) => setMode({ kind: 'prompt', purpose, stepId, title }),
    submit,
    clearError: () => setMode(mode.kind === 'prompt' && mode.error ? { ...mode, error: undefined } : mode),
    question: mode.kind === 'prompt' ? t(QUESTIONS[mode.purpose], { step: mode.title }) : '',
  };
}
