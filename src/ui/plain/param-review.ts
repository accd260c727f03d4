// Params in the plain face: the missing ones asked for, then the review (every param that applies:
// label, value, where it came from), confirmed once before the first step; a number changes one.
// Without a terminal the same list is printed at the start of the run.
import type { Writable } from 'node:stream';
import { pick, type ParamDef, type Runbook } from '../../engine/document/model.js';
import { coerceParam, type ParamValues } from '../../engine/plan/params.js';
import { UserError } from '../../engine/core/errors.js';
import type { ParamSet } from '../../engine/plan/param-sources.js';
import { paramRow } from '../run-text.js';
import { translator } from '../../i18n/index.js';
import { message } from '../../i18n/message.js';
import { run as runCatalog } from '../../i18n/run.js';
import { lineFit, type Ask } from './terminal.js';

export interface ReviewInput {
  runbook: Runbook;
  lang: string;
  /** The params with the operator's answers so far. */
  gather(answers: ParamValues): ParamSet;
  /** Resuming: the done steps that depend on these params (none when starting afresh). */
  dependents(names: string[]): string[];
  /** Resuming with --rerun-changed: those steps run again instead of the change being refused. */
  rerunChanged: boolean;
}

/** One line per param: `name = value   [source]   label`. */
export function paramLines(runbook: Runbook, lang: string, set: ParamSet, numbered = false): string[] {
  const t = translator(runCatalog, lang);
  return Object.entries(set.entries).map(([name, e], i) => `   ${numbered ? `${i + 1}. ` : '· '}${paramRow(runbook, lang, name, e, t)}`);
}

/** Ask what is missing, show the review, apply changes; resolves with the params to run with. */
export async function reviewParams(input: ReviewInput, ask: Ask, out: Writable): Promise<ParamSet> {
  const { runbook, lang } = input;
  const t = translator(runCatalog, lang);
  const fit = await lineFit(out);
  const write = (text: string) => { for (const l of fit(text)) out.write(`${l}\n`); };
  const answers: ParamValues = {};
  let set = input.gather(answers);
  for (;;) {
    for (let def = set.missing[0]; def; def = set.missing[0]) {
      answers[def.name] = await askParam(runbook, lang, def, ask, write);
      set = input.gather(answers);
    }
    const names = Object.keys(set.entries);
    if (!names.length) return set;
    write(`== ${t('review.title')}`);
    for (const line of paramLines(runbook, lang, set, true)) write(line);
    const a = await ask(t('review.prompt', { count: names.length }));
    if (a === '' || /^y/i.test(a)) return set;
    const def = runbook.params.find((p) => p.name === names[Number(a) - 1]);
    if (!def) {
      write(t('prompt.invalid'));
      continue;
    }
    const value = await askParam(runbook, lang, def, ask, write);
    const depending = value === set.entries[def.name]!.value ? [] : input.dependents([def.name]);
    if (depending.length && !input.rerunChanged) {
      write(t('review.refused', { name: def.name, steps: depending.join(', ') }));
      continue;
    }
    if (depending.length) write(t('review.rerun', { steps: depending.join(', ') }));
    answers[def.name] = value;
    set = input.gather(answers);
  }
}

/** One param from the terminal, asked until its value is valid (a choice by number or name, a secret hidden). */
export async function askParam(runbook: Runbook, lang: string, def: ParamDef, ask: Ask, write: (text: string) => void): Promise<string | boolean> {
  const t = translator(runCatalog, lang);
  const label = pick(def.label, lang, runbook.languages).text || def.name;
  for (;;) {
    let answer: string;
    if (def.type === 'choice') {
      def.choices!.forEach((c, i) => write(`  ${i + 1}) ${c}`));
      answer = await ask(t('prompt.choice', { label, count: def.choices!.length }));
      const n = Number(answer);
      if (Number.isInteger(n) && n >= 1 && n <= def.choices!.length) answer = def.choices![n - 1]!;
    } else if (def.type === 'boolean') {
      answer = await ask(t('prompt.boolean', { label }));
    } else {
      answer = await ask(t(def.type === 'secret' ? 'prompt.secret' : 'prompt.text', { label }), def.type === 'secret');
    }
    if (!answer) continue;
    try {
      return coerceParam(def, answer);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      write(`${message(e.key, e.vars, lang)}${e.hint ? `; ${message(e.hint.key, e.hint.vars, lang)}` : ''}`);
    }
  }
}
