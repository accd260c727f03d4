// Input that never loses a keystroke: line editing (pure), splitting a read into keys (pure), and a
// field that gets a whole burst in one read.
import { describe, expect, it, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Key } from 'ink';
import { editLine, lineState, lineText, type LineState } from '../src/ui/tui/lib/line-edit.js';
import { EventEmitter } from 'node:events';
import { splitKeys, KeyPacer } from '../src/ui/tui/key-pacer.js';
import { afterKeys } from '../src/ui/tui/lib/key-priority.js';
import { loadFixture, fakeOptions } from './helpers/fake-controller.js';
import { mount, KEY } from './helpers/ink.js';

afterEach(() => cleanup());

const NO: Key = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false };

/** Apply keys given as [input, key flags]; returns the text and where the cursor is (|). */
function edit(start: string, ...keys: [string, Partial<Key>?][]): string {
  let s: LineState = lineState(start);
  for (const [input, flags] of keys) {
    const r = editLine(s, input, { ...NO, ...flags });
    if ('state' in r) s = r.state;
  }
  return `${s.chars.slice(0, s.cursor).join('')}|${s.chars.slice(s.cursor).join('')}`;
}

describe('line editing', () => {
  it('moves the cursor and inserts there; Home/End, Ctrl-A/E', () => {
    expect(edit('ACP-145', ['', { leftArrow: true }], ['', { leftArrow: true }], ['9'])).toBe('ACP-19|45');
    expect(edit('ticket', ['', { home: true }], ['#'], ['', { end: true }], ['!'])).toBe('#ticket!|');
    expect(edit('abc', ['a', { ctrl: true }], ['', { rightArrow: true }], ['e', { ctrl: true }])).toBe('abc|');
  });

  it('deletes a character, a word (Ctrl-W, Alt-Backspace), to the start (Ctrl-U) or the end (Ctrl-K)', () => {
    expect(edit('ACP-123', ['', { delete: true }], ['', { delete: true }])).toBe('ACP-1|');
    expect(edit('wrong words ', ['w', { ctrl: true }])).toBe('wrong |');
    expect(edit('wrong words', ['', { delete: true, meta: true }])).toBe('wrong |');
    expect(edit('abc def', ['', { leftArrow: true }], ['u', { ctrl: true }])).toBe('|f');
    expect(edit('abc def', ['', { home: true }], ['', { rightArrow: true }], ['k', { ctrl: true }])).toBe('a|');
    expect(edit('abc', ['', { home: true }], ['d', { ctrl: true }])).toBe('|bc');
  });

  it('counts a CJK character or an emoji as one', () => {
    expect(edit('升级集群', ['', { delete: true }], ['', { leftArrow: true }], ['x'])).toBe('升级x|集');
    expect(edit('ok 👍🏽', ['', { delete: true }])).toBe('ok |');
  });

  it('applies a burst that came as one string, in order', () => {
    expect(edit('', ['ACP-123\x7f\x7f45'])).toBe('ACP-145|');
    expect(edit('', ['one two\x17three'])).toBe('one three|');
    const r = editLine(lineState(''), 'ab\x7fc\rzz', NO);
    expect('submit' in r && lineText(r.submit)).toBe('ac');
  });
});

describe('splitting a read into keys', () => {
  it('one key each: characters, control keys, escape sequences, Alt-keys', () => {
    expect(splitKeys('ab\x7f\x7f\r\r').keys).toEqual(['a', 'b', '\x7f', '\x7f', '\r', '\r']);
    expect(splitKeys('\x1b[D\x1b[1;2A\x1bOH\x1b\x7f\x17').keys).toEqual(['\x1b[D', '\x1b[1;2A', '\x1bOH', '\x1b\x7f', '\x17']);
    expect(splitKeys('升级👍🏽').keys).toEqual(['升', '级', '👍🏽']);
    // Forward Delete is handed on as Ctrl-D (Ink reports it like Backspace).
    expect(splitKeys('\x1b[3~').keys).toEqual(['\x04']);
  });

  it('a bracketed paste is one piece of text, its line breaks made spaces; a cut-off end waits for the next read', () => {
    expect(splitKeys('x\x1b[200~first\r\nsecond\x1b[201~\r').keys).toEqual(['x', 'first second', '\r']);
    expect(splitKeys('a\x1b[200~half')).toEqual({ keys: ['a'], rest: '\x1b[200~half' });
    expect(splitKeys('a\x1b[')).toEqual({ keys: ['a'], rest: '\x1b[' });
  });
});

describe('keys while a step floods the screen', () => {
  it('hands over keys already read before the frames the output asked for', async () => {
    const stdin = Object.assign(new EventEmitter(), { isTTY: true, read: () => null });
    const pacer = new KeyPacer(stdin as unknown as NodeJS.ReadStream);
    const seen: string[] = [];
    pacer.on('readable', () => {
      const key = pacer.read();
      if (key !== null) seen.push(key);
    });
    // The output's next frame is due, then the operator types: the keys go first.
    afterKeys(() => seen.push('frame'));
    pacer.take('?q');
    const end = Date.now() + 2000;
    while (seen.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual(['?', 'q', 'frame']);
  });
});

describe('a text field', () => {
  it('keeps every key of a burst that arrives in one read', async () => {
    const rb = loadFixture('basic.md');
    const { opts, controller } = fakeOptions(rb, { params: { from: '3.16', dr: false, registry: 'builtin' } });
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press('s');
    await ui.waitText('Why skip');
    await ui.press('ACP-123\x7f\x7f45', KEY.left, KEY.left, '9', KEY.home, 'T ', KEY.end, KEY.enter);
    await ui.waitFor(() => controller.calls.length > 0, 'skip');
    expect(controller.calls).toEqual(['skip:print-version:T ACP-1945']);
  });
});
