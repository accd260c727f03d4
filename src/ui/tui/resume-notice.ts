// What opening a resumed run found (changed steps, a taken-over lock), said once at the start.
import type { RunController } from '../../engine/execution/run-api.js';
import type { Notice } from './hooks/use-run-actions.js';
import type { T } from './lib/format.js';

export function resumeNotice(controller: RunController, t: T): Notice | null {
  const r = controller.resumeReport;
  if (!r) return null;
  const parts: string[] = [];
  if (r.changed.length) parts.push(t('report.changed', { steps: r.changed.join(', ') }));
  if (r.added.length) parts.push(t('report.added', { steps: r.added.join(', ') }));
  if (r.removed.length) parts.push(t('report.removed', { steps: r.removed.join(', ') }));
  if (r.interrupted.length) parts.push(t('report.interrupted', { steps: r.interrupted.join(', ') }));
  if (r.lockTakenOver) parts.push(t('report.lockTakenOver', { pid: r.lockTakenOver.pid, host: r.lockTakenOver.host, since: r.lockTakenOver.since }));
  return parts.length ? { text: parts.join('; '), tone: 'warn' } : null;
}
