// While a long step runs: a wait step's checks and the time it has left; a step with
// `expect-duration` its elapsed time against the expected one.
import type { Step } from '../../engine/document/model.js';
import { formatElapsed } from '../../engine/core/clock.js';
import { fmtMs } from './lib/step-text.js';
import type { T } from './lib/format.js';
import type { Line } from './lib/text.js';

export function runningLines(p: { step: Step; elapsedMs: number; poll?: { attempt: number; inMs: number }; t: T }): Line[] {
  const { step, t } = p;
  const lines: Line[] = [];
  if (step.kind === 'wait' && step.timeoutMs) {
    const left = formatElapsed(Math.max(0, step.timeoutMs - p.elapsedMs));
    const timeout = fmtMs(step.timeoutMs)!;
    const text = p.poll
      ? `${t('output.poll', { attempt: p.poll.attempt, seconds: Math.max(0, Math.round(p.poll.inMs / 1000)) })} · ${t('output.pollLeft', { left, timeout })}`
      : t('output.firstCheck', { left, timeout });
    lines.push([{ text, style: 'warn' }]);
  }
  if (step.expectDurationMs) {
    const over = p.elapsedMs > step.expectDurationMs;
    const vars = { elapsed: formatElapsed(p.elapsedMs), expected: fmtMs(step.expectDurationMs)! };
    lines.push([{ text: t(over ? 'running.overdue' : 'running.expected', vars), style: over ? 'warn' : 'dim' }]);
  }
  return lines;
}
