// The UI's text geometry, markdown renderer and output buffering, without Ink.
import { describe, expect, it, vi } from 'vitest';
import stringWidth from 'string-width';
import { width, truncate, truncateStart, padEnd, padStart, wrap, wrapPre, sanitizeLine, lineText, lineWidth } from '../src/ui/tui/lib/text.js';
import { renderMarkdown } from '../src/ui/tui/lib/markdown.js';
import { LineRing, FrameThrottle } from '../src/ui/tui/lib/output-buffer.js';
import { outputText } from '../src/engine/execution/exec.js';
import { paramsSummary, tuiT, errorText } from '../src/ui/tui/lib/format.js';
import { langName } from '../src/ui/tui/lib/context.js';
import { formatElapsed } from '../src/engine/core/clock.js';
import { UserError } from '../src/engine/core/errors.js';
import { loadFixture } from './helpers/fake-controller.js';
import { stopConfirmation } from '../src/ui/stop-confirm.js';

describe('display width', () => {
  it('counts CJK characters as two columns', () => {
    expect(width('升级')).toBe(4);
    expect(width('a升b')).toBe(4);
    expect(width('Обновление')).toBe(10);
  });

  it('pads and truncates by columns, never splitting a wide character', () => {
    expect(padEnd('升级', 6)).toBe('升级  ');
    expect(stringWidth(padEnd('升级集群', 5))).toBe(5);
    expect(padEnd('升级集群', 5)).toBe('升级…');
    expect(padStart('5s', 4)).toBe('  5s');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('升级集群', 4)).toBe('升…');
    expect(truncateStart('/var/log/runbook/x.log', 10)).toBe('…ook/x.log');
    expect(width(truncateStart('/var/log/runbook/steps/升级.log', 12))).toBeLessThanOrEqual(12);
    expect(truncateStart('/var/log/runbook/steps/升级.log', 12).endsWith('升级.log')).toBe(true);
  });
});

describe('wrap', () => {
  it('breaks at spaces and keeps hanging indents', () => {
    const lines = wrap([{ text: 'one two three four five', style: 'plain' }], 10, [{ text: '- ', style: 'plain' }]);
    expect(lines.map(lineText)).toEqual(['- one two', '  three', '  four', '  five']);
  });

  it('breaks CJK text between any two characters and never overflows', () => {
    const text = '升级前，请确保当前平台版本处于此支持范围内。Upgrade 4.0 now';
    for (const cols of [7, 10, 13, 20]) {
      const lines = wrap([{ text, style: 'plain' }], cols);
      for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(cols);
      expect(lines.map(lineText).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('never starts a line with closing CJK punctuation', () => {
    const lines = wrap([{ text: '发生变化；本手册遵循新流程。', style: 'plain' }], 8);
    for (const l of lines) expect(lineText(l)).not.toMatch(/^[，。；]/);
    expect(lines.map(lineText).join('')).toBe('发生变化；本手册遵循新流程。');
  });

  it('hard-wraps preformatted text with continuation prefixes', () => {
    const lines = wrapPre('echo 一二三四五六', 'code', 10, [{ text: '1 │ ', style: 'lineno' }], [{ text: '  │ ', style: 'lineno' }]);
    expect(lines.map(lineText)).toEqual(['1 │ echo ', '  │ 一二三', '  │ 四五六']);
  });
});

describe('sanitizeLine', () => {
  it('drops escapes and control characters, keeps the last carriage-return segment, expands tabs', () => {
    expect(sanitizeLine('\x1b[31mred\x1b[0m text')).toBe('red text');
    expect(sanitizeLine('10%\r20%\r30%')).toBe('30%');
    expect(sanitizeLine('crlf\r')).toBe('crlf');
    expect(sanitizeLine('a\tb')).toBe('a       b');
    expect(sanitizeLine('bell\x07')).toBe('bell');
    expect(sanitizeLine('x'.repeat(5000)).length).toBe(1001);
  });
});

describe('renderMarkdown', () => {
  const text = (md: string, cols = 60, codeTicks = true) => renderMarkdown(md, cols, { codeTicks }).map(lineText);

  it('renders emphasis, inline code and links', () => {
    const lines = renderMarkdown('Run **this** with `kubectl` — see [docs](https://x.io/d).', 80, { codeTicks: false });
    expect(lines.map(lineText)).toEqual(['Run this with kubectl — see docs <https://x.io/d>.']);
    const styles = lines[0]!.map((s) => `${s.style}:${s.text}`);
    expect(styles).toContain('bold:this');
    expect(styles).toContain('code:kubectl');
    expect(styles).toContain('link:docs');
    expect(styles).toContain('url: <https://x.io/d>');
  });

  it('renders lists with hanging indents, nested lists and code blocks verbatim', () => {
    expect(text('1. first item that is long enough to wrap here\n2. second\n   - nested\n\n```bash\nkubectl get nodes   -o wide\n```', 30)).toEqual([
      '1. first item that is long',
      '   enough to wrap here',
      '2. second',
      '   • nested',
      '',
      '  kubectl get nodes   -o wide',
    ]);
  });

  it('joins soft line breaks without a space between CJK characters', () => {
    expect(text('升级前，请备份\n所有任务。\nThen\ncontinue.')).toEqual(['升级前，请备份所有任务。 Then continue.']);
  });

  it('renders headings, quotes, tables and drops HTML comments', () => {
    const out = text('## Title\n\n<!-- seed fix -->\n\n> quoted\n\n| a | b |\n| - | - |\n| 升级 | x |');
    expect(out).toEqual(['Title', '', '│ quoted', '', 'a    │ b', '─────┼──', '升级 │ x']);
  });
});

describe('LineRing', () => {
  const pushLines = (ring: LineRing, lines: string[]) => ring.pushText(outputText(lines));

  it('keeps only the last lines and counts the dropped ones', () => {
    const ring = new LineRing(3);
    for (let i = 1; i <= 10; i++) pushLines(ring, [`l${i}`]);
    expect(ring.length).toBe(3);
    expect(ring.total).toBe(10);
    expect(ring.dropped).toBe(7);
    expect(ring.tail(5)).toEqual(['l8', 'l9', 'l10']);
    expect(ring.tail(2, 1)).toEqual(['l8', 'l9']);
    ring.clear();
    expect(ring.tail(5)).toEqual([]);
  });

  it('holds a bounded number of lines however many are pushed', () => {
    const ring = new LineRing();
    for (let i = 0; i < 200_000; i++) pushLines(ring, [`line ${i}`]);
    expect(ring.length).toBe(2000);
    expect(ring.tail(1)).toEqual(['line 199999']);
  });

  it('takes a chunk of lines as if pushed one by one, and makes them safe when shown', () => {
    const batch = Array.from({ length: 25 }, (_, i) => `b${i}\x1b[2J`);
    const one = new LineRing(10);
    const all = new LineRing(10);
    pushLines(one, ['first']);
    pushLines(all, ['first']);
    for (const l of batch) pushLines(one, [l]);
    pushLines(all, batch);
    expect(all.tail(10)).toEqual(one.tail(10));
    expect(all.tail(3)).toEqual(['b22', 'b23', 'b24']);
    expect([all.total, all.dropped, all.length]).toEqual([one.total, one.dropped, one.length]);
  });

  it('shows the lines a list of every line pushed would, at every scroll position (chunks of any size, empty lines)', () => {
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 40; round++) {
      const ring = new LineRing(1 + next(60));
      const every: string[] = [];
      for (let chunk = next(30); chunk > 0; chunk--) {
        const lines = Array.from({ length: next(25) }, () => (next(4) === 0 ? '' : `r${round} l${every.length + next(1000)}`));
        every.push(...lines);
        pushLines(ring, lines);
      }
      const kept = every.slice(-ring.capacity);
      expect([ring.length, ring.total, ring.dropped]).toEqual([kept.length, every.length, every.length - kept.length]);
      for (let fromEnd = 0; fromEnd <= kept.length + 1; fromEnd++) {
        const n = 1 + next(12);
        const end = Math.max(0, kept.length - fromEnd);
        expect(ring.tail(n, fromEnd), `round ${round}, fromEnd ${fromEnd}`).toEqual(kept.slice(Math.max(0, end - n), end));
      }
    }
  });
});

describe('FrameThrottle', () => {
  it('coalesces any number of requests into one flush per interval', () => {
    vi.useFakeTimers();
    try {
      let flushes = 0;
      const th = new FrameThrottle(() => flushes++, 50);
      for (let i = 0; i < 10_000; i++) th.request();
      vi.advanceTimersByTime(0);
      expect(flushes).toBe(1);
      for (let t = 0; t < 1000; t += 5) {
        th.request();
        vi.advanceTimersByTime(5);
      }
      // One second of constant requests: at most 20 more flushes.
      expect(flushes).toBeLessThanOrEqual(21);
      expect(flushes).toBeGreaterThanOrEqual(18);
      th.dispose();
      th.request();
      vi.advanceTimersByTime(100);
      expect(flushes).toBeLessThanOrEqual(21);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits stretch() times the interval after a flush whose stretch says so, and the interval again after one that does not', () => {
    vi.useFakeTimers();
    try {
      const at: number[] = [];
      let busy = true;
      const th = new FrameThrottle(() => at.push(Date.now()), 100, () => (busy ? 3 : 1));
      const t0 = Date.now();
      for (let t = 0; t < 1000; t += 10) {
        if (t === 600) busy = false;
        th.request();
        vi.advanceTimersByTime(10);
      }
      // busy until 600 (that flush runs as the clock reaches 600, before `busy` changes): 300 ms
      // apart; after 900, whose stretch is 1, 100 ms again
      expect(at.map((x) => x - t0)).toEqual([0, 300, 600, 900, 1000]);
      th.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('langName', () => {
  it('names the UI languages in themselves without asking ICU (its first use costs ~50 ms), others through it', () => {
    const Real = Intl.DisplayNames;
    let made = 0;
    Intl.DisplayNames = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made++;
      }
    };
    try {
      expect(['en', 'zh', 'ru'].map(langName)).toEqual(['English', '中文', 'Русский']);
      expect(made).toBe(0);
      expect(langName('de')).toBe('Deutsch');
      expect(langName('de')).toBe('Deutsch');
      expect(made).toBe(1);
      expect(langName('qq-not-a-language')).toBe('qq-not-a-language');
    } finally {
      Intl.DisplayNames = Real;
    }
  });
});

describe('format', () => {
  it('formats durations', () => {
    expect(formatElapsed(12_300)).toBe('12s');
    expect(formatElapsed(185_000)).toBe('3m05s');
    expect(formatElapsed(2 * 3600_000 + 7 * 60_000)).toBe('2h07m');
  });

  it('summarises params without secrets, booleans in the language', () => {
    const rb = loadFixture('basic.md');
    const s = paramsSummary(rb, { from: '3.16', dr: true, registry_password: 'p4ss' }, tuiT('ru'));
    expect(s).toBe('from=3.16  dr=да');
  });

  it('says a UserError in the chosen language, from whichever catalog holds its key', () => {
    const e = errorText(new UserError('error.missingParams', { names: 'x' }, { key: 'hint.missingParams' }), 'ru');
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toBe('error.missingParams');
    expect(e.hint).toBeTruthy();
    expect(errorText(new Error('boom'), 'zh').message).toBe('意外错误: boom');
  });
});

describe('stopConfirmation', () => {
  it('stops at a second Ctrl-C within 2 s by the monotonic clock, whatever the wall clock does meanwhile', () => {
    vi.useFakeTimers();
    try {
      const press = stopConfirmation();
      expect(press()).toBe(false);
      vi.advanceTimersByTime(1000);
      expect(press()).toBe(true);
      const later = stopConfirmation();
      expect(later()).toBe(false);
      // A minute passes; the wall clock is stepped back an hour (NTP): the second press only asks again.
      vi.advanceTimersByTime(60_000);
      vi.setSystemTime(Date.now() - 3_600_000);
      expect(later()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
