// Keyboard inputs: a selectable list and a one-line text field (masked for secrets: nothing of what is
// typed is shown, not even its length, only a fixed marker).
import { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useUi } from '../lib/context.js';
import { truncate, width } from '../lib/text.js';
import { editLine, lineState, lineText, type LineState } from '../lib/line-edit.js';

export interface SelectItem<V> {
  label: string;
  value: V;
}

export function Select<V>(props: {
  items: SelectItem<V>[];
  initial?: number;
  isActive: boolean;
  width: number;
  onSubmit: (value: V) => void;
  onCancel?: () => void;
  /** Extra single-key shortcuts: key → index. */
  shortcuts?: Record<string, number>;
}) {
  const { theme } = useUi();
  const [index, setIndexState] = useState(Math.max(0, Math.min(props.items.length - 1, props.initial ?? 0)));
  // Keys may arrive before the handler of the last render is subscribed: keep the truth in a ref.
  const indexRef = useRef(index);
  const setIndex = (i: number) => {
    indexRef.current = i;
    setIndexState(i);
  };
  useInput(
    (input, key) => {
      if (key.ctrl) return;
      const n = props.items.length;
      const i = indexRef.current;
      if (key.upArrow || input === 'k') setIndex((i - 1 + n) % n);
      else if (key.downArrow || input === 'j' || key.tab) setIndex((i + 1) % n);
      else if (key.return) props.onSubmit(props.items[i]!.value);
      else if (key.escape) props.onCancel?.();
      else if (key.meta) return;
      else if (props.shortcuts && input in props.shortcuts) setIndex(props.shortcuts[input]!);
      else if (/^[1-9]$/.test(input) && Number(input) <= n) setIndex(Number(input) - 1);
    },
    { isActive: props.isActive },
  );
  return (
    <Box flexDirection="column">
      {props.items.map((item, i) => {
        const selected = i === index;
        return (
          <Text key={i} wrap="truncate-end" {...(selected ? { bold: true, ...(theme.colors ? { color: 'cyan' } : {}) } : {})}>
            {selected ? '❯ ' : '  '}
            {truncate(item.label, props.width - 2)}
          </Text>
        );
      })}
    </Box>
  );
}

/**
 * One line of text, edited as in a shell (line-edit.ts). It keeps its own value (a parent re-keys it
 * to start over) so that fast typing and pastes never lose characters; `onChange` reports each new
 * value, `onSubmit` the final one. After Enter it takes no keys until the screen is drawn again:
 * a second Enter in the same burst belongs to the next screen, not to this field again.
 */
export function TextInput(props: {
  initial?: string;
  onChange?: (value: string) => void;
  onSubmit: (value: string) => void;
  onCancel?: () => void;
  isActive: boolean;
  width: number;
  mask?: boolean;
  placeholder?: string;
}) {
  const { t, theme } = useUi();
  const [line, setLine] = useState<LineState>(() => lineState(props.initial ?? ''));
  const ref = useRef({ line, submitted: false });
  // Once the screen has been drawn again after Enter (say, with "a value is required"), keys count again.
  useEffect(() => {
    ref.current.submitted = false;
  });
  useInput(
    (input, key) => {
      if (ref.current.submitted) return;
      const r = editLine(ref.current.line, input, key);
      if ('cancel' in r) return props.onCancel?.();
      if ('submit' in r) {
        ref.current = { line: r.submit, submitted: true };
        setLine(r.submit);
        return props.onSubmit(lineText(r.submit));
      }
      if (r.state === ref.current.line) return;
      const changed = lineText(r.state) !== lineText(ref.current.line);
      ref.current = { line: r.state, submitted: false };
      setLine(r.state);
      if (changed) props.onChange?.(lineText(r.state));
    },
    { isActive: props.isActive },
  );
  if (props.mask) {
    // A fixed marker, whatever was typed: neither the value nor its length (nor the cursor) shows.
    return (
      <Text>
        {'> '}
        <Text {...theme.style('dim')}>{t('params.secretMarker')}</Text> <Text inverse> </Text>
      </Text>
    );
  }
  if (!line.chars.length && props.placeholder) {
    return (
      <Text wrap="truncate-end">
        {'> '}
        <Text inverse> </Text>
        <Text {...(theme.colors ? { dimColor: true } : {})}>{truncate(props.placeholder, props.width - 4)}</Text>
      </Text>
    );
  }
  const { before, at, after } = cursorWindow(line, Math.max(2, props.width - 3));
  return (
    <Text wrap="truncate-end">
      {'> '}
      {before}
      <Text inverse>{at}</Text>
      {after}
    </Text>
  );
}

/** The part of the line that fits `room` columns around the cursor (the cursor cell included). */
export function cursorWindow(line: LineState, room: number): { before: string; at: string; after: string } {
  const { chars, cursor } = line;
  const at = chars[cursor] ?? ' ';
  let used = width(at);
  let start = cursor;
  while (start > 0 && used + width(chars[start - 1]!) <= room) used += width(chars[--start]!);
  let end = cursor + 1;
  while (end < chars.length && used + width(chars[end]!) <= room) used += width(chars[end++]!);
  return { before: chars.slice(start, cursor).join(''), at, after: chars.slice(cursor + 1, end).join('') };
}
