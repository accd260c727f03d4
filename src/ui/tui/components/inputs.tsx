// Keyboard inputs: a selectable list and a one-line text field (masked for secrets: nothing of what is
// typed is shown, not even its length, only a fixed marker).
import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useUi } from '../lib/context.js';
import { graphemes, truncate, truncateStart, width } from '../lib/text.js';

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

/** Printable text typed or pasted: control characters and line breaks removed. */
function typed(input: string): string {
  return input.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

/**
 * One line of text. It keeps its own value (a parent re-keys it to start over) so that fast typing
 * and pastes never lose characters; `onChange` reports each new value, `onSubmit` the final one.
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
  const [value, setValue] = useState(props.initial ?? '');
  const valueRef = useRef(value);
  const set = (v: string) => {
    valueRef.current = v;
    setValue(v);
    props.onChange?.(v);
  };
  useInput(
    (input, key) => {
      if (key.return) return props.onSubmit(valueRef.current);
      if (key.escape) return props.onCancel?.();
      if (key.ctrl && input === 'u') return set('');
      if (key.backspace || key.delete) return set(graphemes(valueRef.current).slice(0, -1).join(''));
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab || key.pageUp || key.pageDown) return;
      const add = typed(input);
      if (add) set(valueRef.current + add);
    },
    { isActive: props.isActive },
  );
  const cursor = <Text inverse> </Text>;
  if (props.mask) {
    // A fixed marker, whatever was typed: neither the value nor its length shows.
    return (
      <Text>
        {'> '}
        <Text {...theme.style('dim')}>{t('params.secretMarker')}</Text> {cursor}
      </Text>
    );
  }
  if (!value && props.placeholder) {
    return (
      <Text wrap="truncate-end">
        {'> '}
        {cursor}
        <Text {...(theme.colors ? { dimColor: true } : {})}>{truncate(props.placeholder, props.width - 4)}</Text>
      </Text>
    );
  }
  const room = Math.max(1, props.width - 4);
  const shown = width(value) > room ? truncateStart(value, room) : value;
  return (
    <Text wrap="truncate-end">
      {'> '}
      {shown}
      {cursor}
    </Text>
  );
}
