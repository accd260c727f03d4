// The footer's key hints on the run screen, most important first (the footer keeps those that fit).
import type { Pending } from '../../engine/execution/run-api.js';
import type { KeyHint } from './components/chrome.js';
import type { Busy } from './hooks/use-run-actions.js';
import { overridable } from './status-banner.js';
import type { T } from './lib/format.js';

export function runKeyHints(p: { busy: Busy; pending: Pending; textScrolls: boolean; selected: boolean; t: T }): KeyHint[] {
  const { busy, pending, t } = p;
  const keys: KeyHint[] = [];
  const K = (key: string, label: string) => keys.push({ key, label });
  if (p.selected) {
    // Another step is selected in the outline: Enter views it; Esc returns to deciding.
    K(`${t('key.enter')}/v`, t('key.view'));
    K('Esc', t('key.back'));
    if (busy === 'running' || busy === 'stopping') K('Ctrl-C', t('key.stop'));
  } else if (busy === 'running' || busy === 'stopping') {
    K('Ctrl-C', t('key.stop'));
    K('PgUp/PgDn', t('key.scroll'));
  } else if (pending.kind === 'done') K(t('key.enter'), t('key.exit'));
  else if (pending.kind === 'ready') {
    K(t('key.enter'), t('key.run'));
    K('s', t('key.skip'));
  } else if (pending.kind === 'manual') {
    K(t('key.enter'), t('key.confirm'));
    K('s', t('key.skip'));
  } else if (pending.kind === 'failed') {
    K('r', t('key.retry'));
    K('s', t('key.skip'));
    if (overridable(pending)) K('o', t('key.override'));
  } else if (pending.kind === 'interrupted' || pending.kind === 'changed') {
    K(t('key.enter'), t(pending.planned.step.kind === 'manual' ? 'key.confirm' : 'key.rerun'));
    K('o', t('key.markDone'));
  }
  if (pending.kind !== 'done' && !busy) K('q', t('key.leave'));
  K('l', t('key.lang'));
  K('?', t('key.help'));
  if (!busy && pending.kind !== 'done') K('PgUp/PgDn', t('key.scroll'));
  K('↑/↓', t('key.select'));
  K('v', t('key.view'));
  K('x', t('key.notApplicable'));
  K('w', t('key.wrap'));
  if (p.textScrolls) K('J/K', t('key.text'));
  return keys;
}
