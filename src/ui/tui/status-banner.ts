// The lines under the current step's title that say what is happening and what to decide.
import type { Pending } from '../../engine/execution/run-api.js';
import type { Finished } from './lib/run-model.js';
import type { Busy } from './hooks/use-run-actions.js';
import type { T } from './lib/format.js';
import type { TuiKey } from '../../i18n/index.js';
import { wrap, type Line, type Seg } from './lib/text.js';

/** At most 4 wrapped lines: busy states first, else what `pending` asks for (a failure says why). */
export function bannerLines(p: { busy: Busy; pending: Pending; finished?: Finished; exitCode?: number; t: T; width: number }): Line[] {
  const { t, pending } = p;
  const segs: Seg[][] = [];
  const say = (key: TuiKey, style: Seg['style']) => segs.push([{ text: t(key), style }]);
  if (p.busy === 'stopping') say('pending.stopping', 'warn');
  else if (p.busy === 'running') say('pending.running', 'bold');
  else if (p.busy === 'working') say('pending.working', 'plain');
  else if (pending.kind === 'ready') say('pending.ready', 'bold');
  else if (pending.kind === 'manual') say('pending.manual', 'bold');
  else if (pending.kind === 'interrupted') say('pending.interrupted', 'warn');
  else if (pending.kind === 'changed') say('pending.changed', 'warn');
  else if (pending.kind === 'done') say('pending.done', 'ok');
  else if (pending.kind === 'failed') {
    const code = p.exitCode;
    // Exit code 0 with a failure (output not matching `expect`): the message says why, not the code.
    segs.push([{ text: code !== undefined && code !== 0 ? t('pending.failed', { code }) : t('pending.failedNoCode'), style: 'error' }]);
    if (p.finished?.message) segs.push([{ text: p.finished.message, style: 'error' }]);
    say(overridable(pending) ? 'pending.failedChoices' : 'pending.failedChoicesRun', 'bold');
  }
  return segs.flatMap((s) => wrap(s, p.width)).slice(0, 4);
}

/** A failed check or wait may be counted as done; a failed run step may not. */
export function overridable(pending: Pending): boolean {
  return 'planned' in pending && (pending.planned.step.kind === 'check' || pending.planned.step.kind === 'wait');
}
