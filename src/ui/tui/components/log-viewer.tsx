// A step's log, opened from the outline, over the whole body of the screen: scroll, search, wrap, or
// hand it to $PAGER. Keys: ↑/↓ j/k, PgUp/PgDn, Home/End (g/G), / n N, w, ←/→ (wrapping off), p, Esc/q.
import { Box, Text, useInput } from 'ink';
import { useUi, StyledLine } from '../lib/context.js';
import { layoutOutputLine, type OutputWrap } from '../lib/output-wrap.js';
import { padEnd, truncate, width as textWidth, type Line, type Seg } from '../lib/text.js';
import { sanitizeLine } from '../lib/text.js';
import { TextInput } from './inputs.js';
import type { LogViewer, LogView } from '../hooks/use-log-viewer.js';

/** The rows on screen from source line `top` (null: ending with the last line), and which lines they are. */
export function logWindow(lines: readonly string[], top: number | null, height: number, cols: number, wrap: OutputWrap, shift: number): { rows: { line: Line; src: number }[]; first: number } {
  const rowsOf = (i: number) => layoutOutputLine(sanitizeLine(lines[i]!), cols, wrap, 'plain', shift).map((line) => ({ line, src: i }));
  if (top === null) {
    const rows: { line: Line; src: number }[] = [];
    let i = lines.length - 1;
    for (; i >= 0 && rows.length < height; i--) rows.unshift(...rowsOf(i));
    const cut = rows.slice(-height);
    return { rows: cut, first: cut[0]?.src ?? 0 };
  }
  const rows: { line: Line; src: number }[] = [];
  for (let i = top; i < lines.length && rows.length < height; i++) rows.push(...rowsOf(i));
  return { rows: rows.slice(0, height), first: top };
}

/** Marks every occurrence of `query` (any case) in a row. */
export function highlight(line: Line, query: string): Line {
  if (!query) return line;
  const q = query.toLocaleLowerCase();
  const out: Seg[] = [];
  for (const seg of line) {
    const low = seg.text.toLocaleLowerCase();
    let at = 0;
    for (let i = low.indexOf(q); i >= 0; i = low.indexOf(q, i + q.length)) {
      if (i > at) out.push({ text: seg.text.slice(at, i), style: seg.style });
      out.push({ text: seg.text.slice(i, i + q.length), style: 'match' });
      at = i + q.length;
    }
    if (at < seg.text.length) out.push({ text: seg.text.slice(at), style: seg.style });
  }
  return out;
}

/**
 * @param viewer the viewer's state and actions (hooks/use-log-viewer)
 * @param title the step's title
 * @param onPager hands the log to $PAGER (absent: the key is not offered)
 */
export function LogViewerPane(props: { viewer: LogViewer; view: LogView; title: string; width: number; height: number; onPager?: () => void }) {
  const { t, theme } = useUi();
  const { viewer, view, width } = props;
  const bodyH = Math.max(1, props.height - 2);
  const { rows, first } = logWindow(view.log.lines, view.top, bodyH, width, view.wrap, view.shift);
  const page = Math.max(1, bodyH - 1);
  useInput(
    (input, key) => {
      if (key.ctrl) return;
      if (key.escape || input === 'q' || input === 'v') return viewer.close();
      if (key.upArrow || input === 'k') return viewer.scrollBy(-1, first);
      if (key.downArrow || input === 'j') return view.top === null ? undefined : viewer.scrollBy(1, first);
      if (key.pageUp) return viewer.scrollBy(-page, first);
      if (key.pageDown || input === ' ') return view.top === null ? undefined : viewer.scrollBy(page, first);
      if (key.home || input === 'g') return viewer.scrollTo(0);
      if (key.end || input === 'G') return viewer.scrollTo(null);
      if (key.leftArrow) return viewer.shiftBy(-8);
      if (key.rightArrow) return viewer.shiftBy(8);
      if (input === 'w') return viewer.toggleWrap();
      if (input === '/') return viewer.startSearch();
      if (input === 'n') return viewer.nextMatch(1, first);
      if (input === 'N') return viewer.nextMatch(-1, first);
      if (input === 'p') props.onPager?.();
    },
    { isActive: !view.searching },
  );
  const total = view.log.lines.length;
  const where = total ? t('viewer.lines', { from: first + 1, to: Math.min(total, first + new Set(rows.map((r) => r.src)).size), total }) : t('output.none');
  const found = view.query ? (view.matches.length ? t('viewer.matches', { n: view.matches.length, query: view.query }) : t('viewer.noMatch', { query: view.query })) : '';
  const head = `── ${t('output.of', { step: truncate(props.title, 30) })} · ${[where, t(view.wrap === 'soft' ? 'viewer.wrapOn' : 'viewer.wrapOff'), found].filter(Boolean).join(' · ')} `;
  const keys = t(props.onPager ? 'viewer.keysPager' : 'viewer.keys');
  return (
    <Box flexDirection="column" width={width} height={props.height} overflow="hidden">
      <Text wrap="truncate-end" {...theme.style('dim')}>
        {padEnd(head + '─'.repeat(Math.max(0, width - textWidth(head))), width)}
      </Text>
      <Box flexDirection="column" height={bodyH} overflow="hidden">
        {rows.map((r, i) => (
          <StyledLine key={i} line={highlight(r.line, view.query)} />
        ))}
      </Box>
      {view.searching ? (
        <TextInput initial={view.query} isActive width={width} onSubmit={(q) => viewer.search(q, first)} onCancel={viewer.cancelSearch} placeholder={t('viewer.searchPrompt')} />
      ) : (
        <Text wrap="truncate-end" {...theme.style('dim')}>
          {truncate(keys, width)}
        </Text>
      )}
    </Box>
  );
}
