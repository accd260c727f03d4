// The output pane's head (whose output, which attempt, following or scrolled, wrapping) and the notes
// under it (a wait's checks and time left, elapsed against expected, lines dropped).
import type { Step } from '../../engine/document/model.js';
import type { OutputSource } from './hooks/use-output-source.js';
import type { RunModel } from './lib/run-model.js';
import type { OutputWrap } from './lib/output-wrap.js';
import { runningLines } from './running-lines.js';
import { truncate, type Line } from './lib/text.js';
import type { T } from './lib/format.js';

export function outputTitle(p: { shown: OutputSource; currentId: string | undefined; current: Step | undefined; running: boolean; model: RunModel; scroll: number; wrap: OutputWrap; t: T; stepTitle: (id: string) => string }): { title: string; status: string; notes: Line[] } {
  const { shown, model, t } = p;
  const others = shown.stepIds.filter((id) => id !== p.currentId);
  const title = others.length ? t('output.of', { step: others.map((id) => truncate(p.stepTitle(id), others.length > 1 ? 20 : 30)).join('”, “') }) : t('output.title');
  const status = [
    shown.live && model.attempt && model.outputStepId ? t('output.attempt', { n: model.attempt }) : '',
    p.scroll > 0 ? t('output.scrolled', { n: p.scroll }) : shown.live ? t('output.follow') : '',
    p.wrap === 'off' ? t('viewer.wrapOff') : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const notes: Line[] = [];
  if (p.running && p.current) notes.push(...runningLines({ step: p.current, elapsedMs: model.runningFor() ?? 0, poll: model.nextCheck(), t }));
  if (shown.source.dropped > 0) notes.push([{ text: t('output.dropped', { shown: shown.source.length, total: shown.source.total }), style: 'dim' }]);
  return { title, status, notes };
}
