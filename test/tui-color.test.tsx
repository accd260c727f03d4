// Colors and NO_COLOR. Colors are forced on for this file (before Ink and chalk load), so that the
// frames show what a color terminal gets; NO_COLOR must then leave no color in them.
import { describe, expect, it, afterEach } from 'vitest';
import React from 'react';

process.env.FORCE_COLOR = '1';
const { render, cleanup } = await import('ink-testing-library');
const { App } = await import('../src/ui/tui/app.js');
const { colorsEnabled } = await import('../src/ui/tui/lib/theme.js');
const { default: stripAnsi } = await import('strip-ansi');
const { loadFixture, fakeOptions, FakeController } = await import('./helpers/fake-controller.js');

// SGR color codes: foreground/background, basic, bright, 256 and true color.
const COLOR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;[25];[0-9;]+|48;[25];[0-9;]+)m/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => cleanup());

async function frameOf(colors: boolean) {
  const rb = loadFixture('basic.md');
  const controller = new FakeController(rb, { params: { from: '3.16', dr: false, registry: 'builtin' }, rehearsal: true });
  controller.set('print-version', 'succeeded').set('check-nodes', 'failed', { exitCode: 1 });
  const { opts } = fakeOptions(rb, { params: { from: '3.16', dr: false, registry: 'builtin' }, rehearsal: true, controller });
  const ui = render(<App opts={opts} colors={colors} size={{ cols: 100, rows: 30 }} onExit={() => {}} />);
  for (let i = 0; i < 100 && !(ui.lastFrame() ?? '').includes('This step failed'); i++) await sleep(10);
  return ui.lastFrame() ?? '';
}

describe('colors', () => {
  it('NO_COLOR (set and not empty) turns colors off', () => {
    expect(colorsEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorsEnabled({ NO_COLOR: '' })).toBe(true);
    expect(colorsEnabled({})).toBe(true);
  });

  it('uses colors on a color terminal', async () => {
    const f = await frameOf(true);
    expect(f).toMatch(COLOR_SGR);
  });

  it('under NO_COLOR the screen has no color at all, and the marks still differ by shape', async () => {
    const f = await frameOf(false);
    expect(f).toContain('This step failed');
    expect(f).not.toMatch(COLOR_SGR);
    const text = stripAnsi(f);
    expect(text).toContain('✓ Print the version');
    expect(text).toContain('✗ Check the nodes');
    expect(text).toContain('⊘ Set up the DR standby');
    expect(text).toContain('◦ Click Upgrade');
    // The REHEARSAL badge stays visible (reverse video instead of a yellow background).
    expect(f).toMatch(/\x1b\[7m(?:\x1b\[1m)? REHEARSAL /);
  });
});
