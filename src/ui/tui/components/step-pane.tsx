// The current step: title, what to decide, its prose, its script with line numbers (or the code of a
// manual step, for copying) and the live output pane.
import { Box, Text } from 'ink';
import { pick, type Runbook, type Step } from '../../../engine/document/model.js';
import { StyledLine, useUi, langName } from '../lib/context.js';
import { renderMarkdown } from '../lib/markdown.js';
import { type Line, type Seg, wrap, wrapPre, padEnd, truncateStart, width as textWidth } from '../lib/text.js';
import type { T } from '../lib/format.js';
import type { LineRing } from '../lib/output-buffer.js';

/** Title row(s): kind, title, and a marker when the step is not translated to the chosen language. */
export function titleLines(step: Step, runbook: Runbook, lang: string, t: T, cols: number): Line[] {
  const title = pick(step.title, lang, runbook.languages);
  const segs: Seg[] = [
    { text: `[${t(`kind.${step.kind}`)}] `, style: 'accent' },
    { text: title.text, style: 'heading' },
  ];
  if (step.untranslated.includes(lang) || title.fallback) segs.push({ text: `  [${t('step.untranslated', { lang: langName(runbook.languages[0]!) })}]`, style: 'marker' });
  return wrap(segs, cols);
}

function fmtMs(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Everything below the title that explains the step, as wrapped lines. */
export function detailLines(step: Step, runbook: Runbook, lang: string, t: T, cols: number, codeTicks: boolean): Line[] {
  const out: Line[] = [];
  const untranslated = (fallback: boolean) => {
    if (fallback) out.push(...wrap([{ text: `[${t('step.untranslated', { lang: langName(runbook.languages[0]!) })}]`, style: 'marker' }], cols));
  };
  const section = (md: { text: string; fallback: boolean }) => {
    const lines = renderMarkdown(md.text, cols, { codeTicks });
    if (!lines.length) return;
    if (out.length) out.push([]);
    untranslated(md.fallback);
    out.push(...lines);
  };
  section(pick(step.intro, lang, runbook.languages));
  section(pick(step.body, lang, runbook.languages));

  const facts: string[] = [];
  if (step.cwd) facts.push(t('step.cwd', { cwd: step.cwd }));
  if (step.kind === 'wait') facts.push(t('step.every', { interval: fmtMs(step.intervalMs) ?? '10s', timeout: fmtMs(step.timeoutMs) ?? '10m' }));
  else if (step.timeoutMs) facts.push(t('step.timeout', { timeout: fmtMs(step.timeoutMs)! }));
  if (step.expect) facts.push(t('step.expect', { expect: step.expect }));
  if (step.capture) facts.push(t('step.capture', { name: step.capture }));
  if (step.retries > 0) facts.push(t('step.retries', { n: step.retries }));
  if (facts.length) {
    if (out.length) out.push([]);
    for (const f of facts) out.push(...wrap([{ text: f, style: 'dim' }], cols, [{ text: '· ', style: 'dim' }]));
  }

  if (step.script) {
    if (out.length) out.push([]);
    out.push([{ text: t('step.script'), style: 'bold' }, { text: ` (${step.script.lang || 'bash'})`, style: 'dim' }]);
    const code = step.script.value.replace(/\n$/, '').split('\n');
    const numW = String(code.length).length;
    code.forEach((l, i) => {
      const num: Seg = { text: `${String(i + 1).padStart(numW)} │ `, style: 'lineno' };
      const cont: Seg = { text: `${' '.repeat(numW)} │ `, style: 'lineno' };
      out.push(...wrapPre(l.replace(/\t/g, '    '), 'script', cols, [num], [cont]));
    });
  } else if (step.kind === 'manual' && (step.snippets.length || /^\s*(```|~~~)/m.test(pick(step.body, lang, runbook.languages).text))) {
    if (out.length) out.push([]);
    out.push(...wrap([{ text: t('step.manualNote'), style: 'dim' }], cols));
    // The code is part of the body's markdown (shown above); list it here only when it is not.
    const body = pick(step.body, lang, runbook.languages).text;
    for (const s of step.snippets) {
      if (body.includes(s.value.trim())) continue;
      for (const l of s.value.replace(/\n$/, '').split('\n')) out.push(...wrapPre(l, 'code', cols, [{ text: '  ', style: 'plain' }]));
    }
  }
  return out;
}

/** A window of pre-wrapped lines, with a "more below" hint when it is cut. */
export function LinesView({ lines, height, offset, width }: { lines: Line[]; height: number; offset: number; width: number }) {
  const { t, theme } = useUi();
  if (height <= 0) return null;
  const cut = lines.length > height;
  const start = Math.max(0, Math.min(offset, lines.length - height));
  const shown = cut ? lines.slice(start, start + height - 1) : lines;
  const rest = lines.length - start - shown.length;
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      {shown.map((l, i) => (
        <StyledLine key={i} line={l} />
      ))}
      {cut ? (
        <Text wrap="truncate-end" {...theme.style('dim')}>
          {rest > 0 ? t('step.more', { n: rest }) : '↑'}
        </Text>
      ) : null}
    </Box>
  );
}

/** The bottom rows of the output: wrapped to the pane, `scroll` source lines above the end. */
export function outputRows(ring: LineRing, rows: number, scroll: number, cols: number): Line[] {
  if (rows <= 0) return [];
  const src = ring.tail(rows, scroll);
  const out: Line[] = [];
  for (const l of src) out.push(...wrapPre(l, 'plain', cols));
  return out.slice(-rows);
}

export function OutputPane(props: {
  ring: LineRing;
  height: number;
  width: number;
  scroll: number;
  title: string;
  status: string;
  logPath?: string;
  poll?: string;
  dropped?: string;
}) {
  const { t, theme } = useUi();
  const { ring, height, width } = props;
  if (height <= 0) return null;
  const footer: Line[] = [];
  if (props.poll) footer.push([{ text: props.poll, style: 'warn' }]);
  if (props.logPath && height >= 3) {
    // The full log matters most when lines were dropped: say so, and keep the end of the path.
    const label = (props.dropped ? `${props.dropped} · ` : '') + t('output.log', { path: '' });
    footer.push([{ text: label + truncateStart(props.logPath, Math.max(8, width - textWidth(label))), style: 'dim' }]);
  }
  const bodyH = Math.max(0, height - 1 - footer.length);
  const rows = outputRows(ring, bodyH, props.scroll, width);
  const head = `── ${props.title} · ${props.status} `;
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {padEnd(head + '─'.repeat(Math.max(0, width - textWidth(head))), width)}
      </Text>
      <Box flexDirection="column" height={bodyH} overflow="hidden">
        {ring.length === 0 ? (
          <Text {...theme.style('dim')}>{t('output.none')}</Text>
        ) : (
          rows.map((l, i) => <StyledLine key={i} line={l} />)
        )}
      </Box>
      {footer.map((l, i) => (
        <StyledLine key={`f${i}`} line={l} />
      ))}
    </Box>
  );
}
