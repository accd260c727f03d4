// Editing one line of text, as readline does it: the cursor moves with ←/→ Home/End (Ctrl-B/F/A/E),
// Backspace and Delete (Ctrl-D) remove a character, Ctrl-W and Alt-Backspace a word, Ctrl-U and
// Ctrl-K up to the start and the end. Pure: the component keeps the state.
import type { Key } from 'ink';
import { graphemes } from './text.js';

export interface LineState {
  /** Grapheme clusters (a CJK character, an emoji, a letter with accents each count as one). */
  chars: string[];
  /** Index into `chars` the next character goes before. */
  cursor: number;
}

export type EditResult = { state: LineState } | { submit: LineState } | { cancel: true };

export function lineState(text: string): LineState {
  const chars = graphemes(text);
  return { chars, cursor: chars.length };
}

export function lineText(s: LineState): string {
  return s.chars.join('');
}

/** Printable text typed or pasted: control characters and line breaks removed. */
export function printable(input: string): string {
  return input.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

const insert = (s: LineState, text: string): LineState => {
  const add = graphemes(text);
  return { chars: [...s.chars.slice(0, s.cursor), ...add, ...s.chars.slice(s.cursor)], cursor: s.cursor + add.length };
};
const cut = (s: LineState, from: number, to: number): LineState => ({ chars: [...s.chars.slice(0, from), ...s.chars.slice(to)], cursor: from });
/** Start of the word before the cursor (spaces first, then the word). */
const wordStart = (s: LineState): number => {
  let i = s.cursor;
  while (i > 0 && /\s/.test(s.chars[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(s.chars[i - 1]!)) i--;
  return i;
};
const move = (s: LineState, to: number): LineState => ({ ...s, cursor: Math.max(0, Math.min(s.chars.length, to)) });

/** One key as Ink reports it. */
export function editLine(s: LineState, input: string, key: Key): EditResult {
  if (key.return) return { submit: s };
  if (key.escape) return { cancel: true };
  // Several keys in one read (a burst without the key pacer in front): apply them one by one.
  if (!key.ctrl && !key.meta && input.length > 1 && /[\x00-\x1f\x7f]/.test(input)) return editBurst(s, input);
  if (key.leftArrow) return { state: move(s, s.cursor - 1) };
  if (key.rightArrow) return { state: move(s, s.cursor + 1) };
  if (key.home) return { state: move(s, 0) };
  if (key.end) return { state: move(s, s.chars.length) };
  if ((key.backspace || key.delete) && key.meta) return { state: cut(s, wordStart(s), s.cursor) };
  if (key.backspace || key.delete) return { state: s.cursor > 0 ? cut(s, s.cursor - 1, s.cursor) : s };
  if (key.ctrl) return { state: ctrlKey(s, input) };
  if (key.meta || key.upArrow || key.downArrow || key.tab || key.pageUp || key.pageDown) return { state: s };
  const add = printable(input);
  return { state: add ? insert(s, add) : s };
}

function ctrlKey(s: LineState, name: string): LineState {
  switch (name) {
    case 'a':
      return move(s, 0);
    case 'e':
      return move(s, s.chars.length);
    case 'b':
      return move(s, s.cursor - 1);
    case 'f':
      return move(s, s.cursor + 1);
    case 'd':
      return s.cursor < s.chars.length ? cut(s, s.cursor, s.cursor + 1) : s;
    case 'w':
      return cut(s, wordStart(s), s.cursor);
    case 'u':
      return cut(s, 0, s.cursor);
    case 'k':
      return { chars: s.chars.slice(0, s.cursor), cursor: s.cursor };
    default:
      return s;
  }
}

/** Printable runs and control keys of a raw burst, in order; Enter ends it (the rest is dropped). */
function editBurst(s: LineState, input: string): EditResult {
  let state = s;
  for (const part of input.match(/[\x00-\x1f\x7f]|[^\x00-\x1f\x7f]+/g) ?? []) {
    if (part === '\r' || part === '\n') return { submit: state };
    if (part === '\x7f' || part === '\b') state = state.cursor > 0 ? cut(state, state.cursor - 1, state.cursor) : state;
    else if (part.length === 1 && part < ' ') state = ctrlKey(state, String.fromCharCode(part.charCodeAt(0) + 96));
    else state = insert(state, printable(part));
  }
  return { state };
}
