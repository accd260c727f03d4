// Ink UI components, driven through ink-testing-library with an in-memory fake RunController.
import { describe, expect, it, afterEach, vi } from 'vitest';
import React from 'react';
import { EventEmitter } from 'node:events';
import { cleanup } from 'ink-testing-library';
import { render as inkRender } from 'ink';
import stringWidth from 'string-width';
import { App } from '../src/ui/tui/app.js';
import { UserError } from '../src/engine/core/errors.js';
import { StorageError } from '../src/engine/execution/store/state.js';
import { loadFixture, fakeOptions, FakeController } from './helpers/fake-controller.js';
import { mount, rows, sleep, KEY } from './helpers/ink.js';

const rb = loadFixture('basic.md');
const PARAMS = { from: '3.16', dr: false, registry: 'builtin' };

afterEach(() => cleanup());

describe('run screen', () => {
  it('shows the header with REHEARSAL, run id, progress and params without secrets', async () => {
    const { opts } = fakeOptions(rb, { params: { ...PARAMS, registry: 'external', registry_address: 'reg.local:5000', registry_password: 'pa55-SECRET' }, rehearsal: true });
    const ui = mount(opts);
    const f = await ui.waitText('REHEARSAL');
    expect(f).toContain('Upgrade the test cluster');
    expect(f).toContain('run run-1');
    expect(f).toMatch(/0\/4 steps done/);
    expect(f).toContain('registry_address=reg.local:5000');
    expect(f).not.toContain('pa55-SECRET');
    expect(f).not.toContain('registry_password');
  });

  it('opens the run at once when no param applies (nothing to review), and reviews when one does', async () => {
    const review = (entries: Record<string, { value: string; source: 'flag' }>) => ({
      gather: () => ({ entries, missing: [] }),
      dependents: () => [],
      rerunChanged: false,
    });
    const none = fakeOptions(rb, { params: PARAMS });
    const ui = mount({ ...none.opts, review: review({}) });
    await ui.waitText('Upgrade the test cluster');
    await ui.waitFor(() => none.opened.params !== undefined, 'the run opened');
    expect(ui.frame()).not.toContain('Params: check every value');
    ui.unmount();
    const one = fakeOptions(rb, { params: PARAMS });
    const reviewed = mount({ ...one.opts, review: review({ from: { value: '3.16', source: 'flag' } }) });
    await reviewed.waitText('Params: check every value before the first step');
    expect(one.opened.params).toBeUndefined();
  });

  it('with --yes (autoRun) starts run, check and wait steps by itself and stops at a manual step', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const ui = mount({ ...opts, autoRun: true });
    const status = (id: string) => controller.state.steps.find((s) => s.id === id)?.status;
    await ui.waitText('Do this by hand, then press Enter to confirm it.', 5000);
    // The run and check steps before it ran without a key; the manual one waits for the operator.
    expect([status('print-version'), status('check-nodes')]).toEqual(['succeeded', 'succeeded']);
    await sleep(200);
    expect(status('click-upgrade')).toBe('pending');
  });

  it('has no REHEARSAL badge on a real run', async () => {
    const { opts } = fakeOptions(rb, { params: PARAMS });
    const ui = mount(opts);
    const f = await ui.waitText('Upgrade the test cluster');
    expect(f).not.toContain('REHEARSAL');
  });

  it('marks every status in the outline, with the skip reason and durations', async () => {
    const controller = new FakeController(rb, { params: { ...PARAMS } });
    const t0 = new Date(Date.now() - 75_000).toISOString();
    const t1 = new Date().toISOString();
    controller.set('print-version', 'succeeded', { startedAt: t0, endedAt: t1 }).set('check-nodes', 'skipped', { reason: 'checked by hand' }).set('click-upgrade', 'confirmed');
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    const ui = mount(opts);
    // A step excluded by a condition does not apply: hidden, and counted, until x shows it.
    const hidden = await ui.waitText('Finish the upgrade');
    expect(hidden).toContain('1 not applicable (x)');
    expect(hidden).not.toContain('Set up the DR standby');
    expect(hidden).toMatch(/3\/4 steps done/);
    await ui.press('x');
    const f = await ui.waitText('Set up the DR standby');
    // The outline row of a step (the step pane may show the same title).
    const line = (title: string) => rows(f).find((l) => l.indexOf(title) >= 0 && l.indexOf(title) < l.indexOf('│')) ?? '';
    expect(line('Print the version')).toMatch(/✓ Print the version\s+1m15s/);
    expect(line('Check the nodes')).toContain('↷ Check the nodes');
    expect(f).toContain('skipped: checked by hand');
    expect(line('Set up the DR standby')).toContain('⊘ Set up the DR standby');
    expect(line('Click Upgrade')).toContain('☑ Click Upgrade');
    // The current step (next to decide) is selected and pending.
    expect(line('Finish the upgrade')).toContain('❯◦ Finish the upgrade');
    expect(f).toContain('Preparation');
    expect(f).toContain('Upgrade');
  });

  it('marks failed and interrupted steps', async () => {
    const controller = new FakeController(rb, { params: { ...PARAMS } });
    controller.set('print-version', 'interrupted');
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    const ui = mount(opts);
    let f = await ui.waitText('interrupted when its runner stopped');
    expect(f).toContain('↯ Print the version');
    expect(f).toMatch(/Enter run again · o mark done · q leave/);
    controller.set('print-version', 'succeeded').set('check-nodes', 'failed', { exitCode: 1 }).save();
    f = await ui.waitText('This step failed');
    expect(f).toContain('✗ Check the nodes');
  });

  it('runs a step with Enter, spins while running, shows its output, log path and duration', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    let release!: () => void;
    controller.behaviours['print-version'] = async (io) => {
      io.out('hello from the step');
      await new Promise<void>((r) => (release = r));
      io.out('bye');
      return { status: 'succeeded', exitCode: 0 };
    };
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    const f0 = ui.frame();
    expect(f0).toContain('1 │ echo "version $FROM"');
    expect(f0).toContain('2 │ echo done');
    await ui.press(KEY.enter);
    let f = await ui.waitText('hello from the step');
    expect(f).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Print the version/);
    expect(f).toContain('Running… Ctrl-C stops the step.');
    expect(f).toContain('full log: /tmp/runbook-fake/runs/run-1/logs/print-version.log');
    // Keys that would move on are refused while it runs.
    await ui.press('q');
    await ui.waitText('A step is running');
    release();
    f = await ui.waitText('[check] Check the nodes');
    expect(f).toMatch(/✓ Print the version\s+\d+s/);
    expect(f).toContain('Output of “Print the version”');
    expect(f).toContain('bye');
    expect(controller.calls).toEqual(['run:print-version']);
  });

  it('a failed check stops the walk and offers retry, skip, override and leave', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    controller.set('print-version', 'succeeded');
    let fail = true;
    controller.behaviours['check-nodes'] = async (io) => {
      io.out('NotReady');
      return fail ? { status: 'failed', exitCode: 3, message: 'the output did not match Ready' } : { status: 'succeeded', exitCode: 0 };
    };
    const ui = mount(opts);
    await ui.waitText('[check] Check the nodes');
    await ui.press(KEY.enter);
    let f = await ui.waitText('This step failed (exit code 3)');
    expect(f).toContain('the output did not match Ready');
    expect(f).toContain('r retry · s skip (with a reason) · o override as done (with a');
    expect(f).toContain('│ reason) · q leave');
    expect(f).toMatch(/r retry · s skip · o override · q leave/);
    expect(f).toContain('✗ Check the nodes');
    // Nothing moves on by itself, and Enter does not retry either.
    await sleep(150);
    await ui.press(KEY.enter);
    await ui.waitText('press r to retry it');
    expect(controller.calls).toEqual(['run:check-nodes']);
    // Override asks for a reason, which is required.
    await ui.press('o');
    await ui.waitText('Why count the failed “Check the nodes” as done?');
    await ui.press(KEY.enter);
    await ui.waitText('A reason is required.');
    await ui.press(KEY.esc);
    // Retry.
    fail = false;
    await ui.press('r');
    f = await ui.waitText('[by hand] Click Upgrade');
    expect(controller.calls).toEqual(['run:check-nodes', 'run:check-nodes']);
  });

  it('overrides a failed check with a recorded reason', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    controller.set('print-version', 'succeeded').set('check-nodes', 'failed', { exitCode: 1 });
    const ui = mount(opts);
    await ui.waitText('This step failed');
    await ui.press('o');
    await ui.waitText('Why count the failed');
    await ui.press(...'known flaky'.split(''), KEY.enter);
    await ui.waitText('[by hand] Click Upgrade');
    expect(controller.calls).toEqual(['confirm:check-nodes:known flaky']);
  });

  it('a failed run step offers retry and skip but not override', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    controller.set('print-version', 'failed', { exitCode: 2 });
    const ui = mount(opts);
    const f = await ui.waitText('This step failed (exit code 2)');
    expect(f).toContain('r retry · s skip (with a reason) · q leave');
    expect(f).not.toMatch(/o override/);
    await ui.press('o');
    await ui.waitText('Only a failed check or wait step can be overridden');
    expect(controller.calls).toEqual([]);
  });

  it('skips with a reason', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press('s');
    await ui.waitText('Why skip “Print the version”?');
    await ui.press(...'done already'.split(''), KEY.enter);
    const f = await ui.waitText('[check] Check the nodes');
    expect(controller.calls).toEqual(['skip:print-version:done already']);
    expect(f).toContain('skipped: done already');
  });

  it('shows a manual step in full, its code for copying, and confirms it with Enter', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    controller.set('print-version', 'succeeded').set('check-nodes', 'succeeded');
    const ui = mount(opts);
    const f = await ui.waitText('[by hand] Click Upgrade');
    expect(f).toContain('Do this by hand, then press Enter to confirm it.');
    expect(f).toContain('1. Open the Administrator view.');
    expect(f).toContain('2. Click Upgrade and copy this command:');
    expect(f).toContain('kubectl get nodes');
    expect(f).toContain('runbook does not run them');
    expect(f).toMatch(/Enter confirm/);
    await ui.press(KEY.enter);
    await ui.waitText('[run] Finish the upgrade');
    expect(controller.calls).toEqual(['confirm:click-upgrade']);
  });

  it('renders the prose: bold, inline code, links, lists', async () => {
    const { opts } = fakeOptions(rb, { params: PARAMS });
    const ui = mount(opts);
    const f = await ui.waitText('Prints the current version');
    // Without colors, inline code keeps its backticks; the link shows its address.
    expect(f).toContain('│ Prints the current version with `echo`. See the docs');
    expect(f).toContain('│ <https://example.com/docs>.');
    expect(f).toContain('• first item');
    expect(f).toContain('• second item');
    expect(f).not.toContain('**');
  });

  it('marks untranslated text', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS, lang: 'ru' });
    controller.state.lang = 'ru';
    controller.set('print-version', 'succeeded').set('check-nodes', 'succeeded').set('click-upgrade', 'confirmed');
    const ui = mount(opts);
    const f = await ui.waitText('[команда] Finish the upgrade');
    expect(f).toContain('[не переведено: показано на English]');
    expect(f).toContain('Finishes the upgrade.');
  });

  it('switches the language live with l', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const ui = mount(opts);
    let f = await ui.waitText('Press Enter to run this step.');
    expect(f).toContain('Steps');
    expect(f).toMatch(/Enter run · s skip/);
    await ui.press('l');
    f = await ui.waitText('按 Enter 执行此步骤。');
    expect(f).toContain('步骤');
    expect(f).toContain('[执行] 打印版本');
    expect(f).toContain('升级测试集群');
    expect(f).toMatch(/Enter 执行 · s 跳过/);
    expect(f).toContain('使用 `echo` 打印当前版本');
    await ui.press('l');
    f = await ui.waitText('Нажмите Enter, чтобы выполнить этот шаг.');
    expect(f).toContain('Шаги');
    await ui.press('l');
    await ui.waitText('Press Enter to run this step.');
    expect(controller.calls).toEqual(['lang:zh', 'lang:ru', 'lang:en']);
  });

  it('shows and hides the help overlay with ?', async () => {
    const { opts } = fakeOptions(rb, { params: PARAMS });
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press('?');
    const f = await ui.waitText('Press ? or Esc to close this help.');
    expect(f).toContain('run the current step, or confirm a manual step');
    expect(f).toContain('leave; the run stays resumable (runbook resume run-1)');
    for (const m of ['◦ pending', '✓ succeeded', '✗ failed', '↷ skipped', '⊘ excluded by a condition', '☑ confirmed', '↯ interrupted']) expect(f).toContain(m);
    await ui.press('?');
    await ui.waitFor((x) => !x.includes('Press ? or Esc to close this help.'), 'help to close');
  });

  it('on 80×24 in Russian the help scrolls with ↑/↓, and its last row always says how to close it', async () => {
    const { opts } = fakeOptions(rb, { params: PARAMS, lang: 'ru' });
    const ui = mount(opts, { cols: 80, rows: 24 });
    await ui.waitText('Нажмите Enter, чтобы выполнить этот шаг.');
    await ui.press('?');
    let f = await ui.waitText('Нажмите ? или Esc, чтобы закрыть справку. ↑/↓ — прокрутка.');
    expect(f).toContain('Клавиши');
    // Too long for the screen: the marks are below, not cut off for good.
    expect(f).not.toContain('Отметки');
    for (let i = 0; i < 12; i++) await ui.press(KEY.down);
    f = await ui.waitText('Отметки');
    expect(f).toContain('↯ прерван');
    expect(f).not.toContain('Клавиши');
    expect(f).toContain('Нажмите ? или Esc, чтобы закрыть справку.');
    for (let i = 0; i < 12; i++) await ui.press(KEY.up);
    f = await ui.waitText('Клавиши');
    await ui.press(KEY.esc);
    await ui.waitFor((x) => !x.includes('закрыть справку'), 'help to close');
    // What fits stays as it was: no scrolling hint.
    const wide = mount(fakeOptions(rb, { params: PARAMS }).opts);
    await wide.waitText('Press Enter to run this step.');
    await wide.press('?');
    f = await wide.waitText('Press ? or Esc to close this help.');
    expect(f).not.toContain('scroll.');
  });

  it('q pauses the run and exits 4', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press('q');
    const exit = await ui.exited();
    expect(exit.code).toBe(4);
    expect(exit.lines[0]).toContain('runbook resume run-1');
    expect(controller.calls).toEqual(['pause']);
  });

  it('Ctrl-C during a step asks; a second one interrupts it and exits 130', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    controller.behaviours['print-version'] = async (io) => {
      io.out('sleeping');
      await io.interrupted;
      return { status: 'interrupted', exitCode: 130 };
    };
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press(KEY.enter);
    await ui.waitText('sleeping');
    // The first Ctrl-C only asks; the second one (within 2 s) stops the step.
    await ui.press(KEY.ctrlC);
    await ui.waitText('Press Ctrl-C again within 2 s to stop this step');
    expect(controller.calls).toEqual(['run:print-version']);
    await ui.press(KEY.ctrlC);
    const exit = await ui.exited();
    expect(exit.code).toBe(130);
    expect(controller.calls).toEqual(['run:print-version', 'interrupt']);
    expect(controller.state.steps[0]!.status).toBe('interrupted');
    expect(exit.lines[0]).toContain('“Print the version” was stopped');
  });

  it('Ctrl-C with nothing running leaves like q but exits 130', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press(KEY.ctrlC);
    const exit = await ui.exited();
    expect(exit.code).toBe(130);
    expect(controller.calls).toEqual(['pause']);
  });

  it('a full disk while a step runs says so once and exits 1', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const enospc = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    controller.behaviours['print-version'] = async () => { throw new StorageError('/state/runs/run-1/logs/print-version.log', enospc); };
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press(KEY.enter);
    const exit = await ui.exited();
    expect(exit.code).toBe(1);
    const text = exit.lines.join('\n');
    expect(text.match(/cannot write/g)).toHaveLength(1);
    expect(text).toContain('print-version.log: ENOSPC');
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('exits 0 when every step is done', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    for (const id of ['print-version', 'check-nodes', 'click-upgrade', 'finish']) controller.set(id, 'succeeded');
    const ui = mount(opts);
    await ui.waitText('All steps are done. Press Enter to exit.');
    await ui.press(KEY.enter);
    expect((await ui.exited()).code).toBe(0);
  });

  it('keeps memory and frame rate bounded when a step floods its output', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const LINES = 60_000;
    controller.behaviours['print-version'] = async (io) => {
      // 60,000 lines in ~0.5 s: bursts of 2,000 lines, each burst in one tick.
      for (let i = 0; i < LINES; i++) {
        io.out(`line ${i} ${'x'.repeat(40)}`);
        if (i % 2000 === 1999) await sleep(15);
      }
      return { status: 'succeeded', exitCode: 0 };
    };
    const ui = mount(opts, { cols: 100, rows: 30 });
    await ui.waitText('Press Enter to run this step.');
    const before = ui.frames.length;
    const t0 = Date.now();
    await ui.press(KEY.enter);
    const f = await ui.waitText(`line ${LINES - 1} `, 10_000);
    const elapsed = Date.now() - t0;
    const frames = ui.frames.length - before;
    // ≤ 20 frames a second from the output (plus a few for keys, the spinner and step changes).
    expect(frames).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 12);
    expect(f).toContain('last 2000 of 60000 lines shown');
  });

  it('scrolls the output with PgUp/PgDn and stays put while more output arrives; End follows again', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    let more!: () => void;
    controller.behaviours['print-version'] = async (io) => {
      for (let i = 1; i <= 100; i++) io.out(`row ${i}`);
      await new Promise<void>((r) => (more = r));
      for (let i = 101; i <= 150; i++) io.out(`row ${i}`);
      await io.interrupted;
      return { status: 'interrupted' };
    };
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    await ui.press(KEY.enter);
    await ui.waitText('row 100');
    expect(ui.frame()).toContain('following');
    await ui.press(KEY.pgUp);
    let f = await ui.waitText('lines above the end');
    expect(f).not.toContain('row 100');
    const top = rows(f).find((l) => /│ row \d+$/.test(l))!;
    more();
    await sleep(200);
    f = ui.frame();
    // Still the same lines, now further above the end.
    expect(rows(f).find((l) => /│ row \d+$/.test(l))).toBe(top);
    expect(f).not.toContain('row 150');
    // PgDn pages back down: 10 lines scrolled + 50 new ones = 6 pages of 10.
    await ui.press(...Array<string>(5).fill('\x1b[6~'));
    f = await ui.waitText('10 lines above the end');
    expect(f).not.toContain('row 150');
    await ui.press('\x1b[6~');
    f = await ui.waitText('row 150');
    expect(f).toContain('following');
    await ui.press(KEY.pgUp, KEY.pgUp);
    await ui.waitText('20 lines above the end');
    await ui.press('\x1b[F');
    await ui.waitText('following');
    await ui.press(KEY.ctrlC, KEY.ctrlC);
    expect((await ui.exited()).code).toBe(130);
  });

  it('scrolls the outline so the current step is visible on a short terminal', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    for (const id of ['print-version', 'check-nodes', 'click-upgrade']) controller.set(id, 'succeeded');
    const ui = mount(opts, { cols: 80, rows: 11 });
    const f = await ui.waitText('[run] Finish the upgrade');
    expect(rows(f).length).toBeLessThanOrEqual(12);
    expect(f).toMatch(/❯◦ Finish the upgrade/);
    expect(f).toMatch(/↑ \d+ more/);
    expect(f).not.toContain('Print the version');
  });

  it('offers to run again or keep a done step whose definition changed', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    controller.set('print-version', 'succeeded', { reason: undefined });
    const planned = controller.plan()[0]!;
    let changed = true;
    const real = controller.pending.bind(controller);
    controller.pending = () => (changed ? { kind: 'changed', planned } : real());
    const ui = mount(opts);
    let f = await ui.waitText('its definition has changed since');
    expect(f).toMatch(/Enter run again · o mark done · q leave/);
    await ui.press('o');
    await ui.waitText('Why mark “Print the version” as done without running it again?');
    await ui.press(...'same script'.split(''), KEY.enter);
    await ui.waitFor(() => controller.calls.length > 0, 'confirm');
    changed = false;
    expect(controller.calls).toEqual(['confirm:print-version:same script']);
    controller.save();
    f = await ui.waitText('↳ same script (confirmed by');
    expect(f).toContain('☑ Print the version');
  });

  it('shows the polls of a wait step', async () => {
    const rb2 = loadFixture('wait.md');
    const { opts, controller } = fakeOptions(rb2, {});
    controller.behaviours['ready'] = async (io) => {
      io.out('not yet');
      io.poll(3, 7000);
      await io.interrupted;
      return { status: 'interrupted' };
    };
    const ui = mount(opts);
    await ui.waitText('Press Enter to run this step.');
    const f0 = ui.frame();
    expect(f0).toContain('· checked every 5s, for at most 2m');
    expect(f0).toContain('· passes when the output matches /Running/');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => /not passed yet \(check 3\); next check in [67]s/.test(f), 'the poll');
    await ui.press(KEY.ctrlC, KEY.ctrlC);
    expect((await ui.exited()).code).toBe(130);
  });

  it('a wall clock stepped back an hour (NTP) neither holds the screen nor skews the countdown of a wait', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      const rb2 = loadFixture('wait.md');
      const { opts, controller } = fakeOptions(rb2, {});
      let stepped!: () => void;
      controller.behaviours['ready'] = async (io) => {
        io.out('not yet');
        io.poll(2, 7000);
        await new Promise<void>((r) => (stepped = r));
        io.out('still not');
        io.poll(3, 7000);
        await io.interrupted;
        return { status: 'interrupted' };
      };
      const ui = mount(opts);
      await ui.waitText('Press Enter to run this step.');
      await ui.press(KEY.enter);
      await ui.waitFor((f) => /\(check 2\); next check in [67]s · 1m5\ds left of 2m/.test(f), 'the first poll');
      vi.setSystemTime(Date.now() - 3_600_000);
      stepped();
      await ui.waitFor((f) => f.includes('still not') && /\(check 3\); next check in [67]s · 1m5\ds left of 2m/.test(f), 'the next poll, at once', 5000);
      await ui.press(KEY.ctrlC, KEY.ctrlC);
      expect((await ui.exited()).code).toBe(130);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the resume report of a resumed run', async () => {
    const controller = new FakeController(rb, { params: { ...PARAMS } });
    Object.assign(controller, { resumeReport: { sha256Before: 'x', changed: ['check-nodes'], added: [], removed: [], interrupted: [] } });
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    const ui = mount(opts);
    await ui.waitText('changed steps: check-nodes');
  });
});

describe('start: params, resume, open errors', () => {
  const ask = (...names: string[]) => names.map((n) => rb.params.find((p) => p.name === n)!);

  it('asks choices as a list, booleans as yes/no, strings with the example as placeholder, secrets masked', async () => {
    const { opts, opened } = fakeOptions(rb, { params: {}, ask: ask('from', 'dr', 'registry', 'registry_address', 'registry_password') });
    const ui = mount(opts);
    let f = await ui.waitText('Version you upgrade from');
    expect(f).toContain('Parameters of “Upgrade the test cluster”');
    expect(f).toContain('question 1 of 5');
    expect(f).toContain('❯ 3.18  (default)');
    await ui.press(KEY.up, KEY.enter);
    f = await ui.waitText('The cluster has a DR standby');
    expect(f).toContain('❯ no');
    expect(f).toContain('  yes');
    await ui.press('y', KEY.enter);
    f = await ui.waitText('Image registry');
    await ui.press(KEY.down, KEY.enter);
    f = await ui.waitText('Registry address');
    expect(f).toContain('e.g. registry.example.internal:5000');
    await ui.press(KEY.enter);
    await ui.waitText('A value is required.');
    await ui.press(...'reg.local:5000'.split(''));
    f = await ui.waitText('> reg.local:5000');
    await ui.press(KEY.enter);
    f = await ui.waitText('Registry password');
    const empty = rows(f).find((l) => l.startsWith('> '));
    expect(empty).toContain('[hidden]');
    await ui.press(...'hunter2-TOPSECRET'.split(''));
    await sleep(50);
    f = ui.frame();
    const typed = rows(f).find((l) => l.startsWith('> '));
    // Neither the secret nor its length shows: the input row is the same as before typing.
    expect(typed).toBe(empty);
    expect(f).not.toContain('hunter2');
    expect(f).not.toMatch(/\*{3,}|•{3,}|●{3,}/);
    for (const frame of ui.frames) expect(frame).not.toContain('hunter2');
    await ui.press(KEY.backspace, KEY.enter);
    await ui.waitFor(() => opened.params !== undefined, 'open()');
    expect(opened).toEqual({ params: { from: '3.16', dr: true, registry: 'external', registry_address: 'reg.local:5000', registry_password: 'hunter2-TOPSECRE' }, resume: false });
  });

  it('skips a param whose condition no longer holds after earlier answers', async () => {
    const { opts, opened } = fakeOptions(rb, { params: { from: '3.18', dr: false }, ask: ask('registry', 'registry_address', 'registry_password') });
    const ui = mount(opts);
    const f = await ui.waitText('Image registry');
    expect(f).toContain('question 1 of 3');
    await ui.press(KEY.enter); // builtin (the default)
    await ui.waitFor(() => opened.params !== undefined, 'open()');
    expect(opened.params).toEqual({ from: '3.18', dr: false, registry: 'builtin' });
  });

  it('goes back to the previous question with Esc', async () => {
    const { opts } = fakeOptions(rb, { params: {}, ask: ask('from', 'dr') });
    const ui = mount(opts);
    await ui.waitText('Version you upgrade from');
    await ui.press(KEY.enter);
    await ui.waitText('The cluster has a DR standby');
    await ui.press(KEY.esc);
    await ui.waitText('Version you upgrade from');
  });

  it('asks in the chosen language', async () => {
    const { opts } = fakeOptions(rb, { params: {}, lang: 'zh', ask: ask('dr', 'registry_address') });
    const ui = mount(opts);
    const f = await ui.waitText('集群配置了灾备');
    expect(f).toContain('“升级测试集群” 的参数');
    expect(f).toContain('❯ 否');
    expect(f).toContain('↑/↓ 或 y/n');
  });

  it('offers to resume an unfinished run or start fresh', async () => {
    const resumable = { runId: 'old-run', status: 'paused' as const, updatedAt: '2025-01-02T03:04:05.000Z', done: 2, total: 5 };
    let { opts, opened } = fakeOptions(rb, { params: PARAMS, resumable });
    let ui = mount(opts);
    let f = await ui.waitText('An unfinished run of this runbook exists');
    expect(f).toContain('run old-run: paused, 2 of 5 steps done');
    await ui.press(KEY.enter);
    await ui.waitFor(() => opened.resume !== undefined, 'open()');
    expect(opened.resume).toBe(true);
    ui.unmount();

    ({ opts, opened } = fakeOptions(rb, { params: PARAMS, resumable, lang: 'ru' }));
    ui = mount(opts);
    f = await ui.waitText('Есть незавершённый запуск этой процедуры');
    await ui.press(KEY.down, KEY.enter);
    await ui.waitFor(() => opened.resume !== undefined, 'open()');
    expect(opened.resume).toBe(false);
  });

  it('asks only secrets again when resuming', async () => {
    const resumable = { runId: 'old-run', status: 'paused' as const, updatedAt: '2025-01-02T03:04:05.000Z', done: 2, total: 5 };
    const { opts, opened } = fakeOptions(rb, { params: { registry: 'external' }, resumable, ask: ask('registry_address', 'registry_password') });
    const ui = mount(opts);
    await ui.waitText('An unfinished run');
    await ui.press(KEY.enter);
    await ui.waitText('Registry password');
    await ui.press('p', 'w', KEY.enter);
    // Too short to be masked: said once at input; Enter again keeps it.
    await ui.waitText('shorter than 4 characters: it will not be masked');
    expect(opened.resume).toBe(undefined);
    await ui.press(KEY.enter);
    await ui.waitFor(() => opened.resume !== undefined, 'open()');
    expect(opened).toEqual({ params: { registry: 'external', registry_password: 'pw' }, resume: true });
  });

  it('shows a UserError from open() in the chosen language and exits 2', async () => {
    const openError = new UserError('error.badLang', { lang: 'xx', languages: 'en, zh, ru' });
    const { opts } = fakeOptions(rb, { params: PARAMS, lang: 'zh', openError });
    const ui = mount(opts);
    // The error screen is the last frame before the UI exits: look for it among all frames written,
    // since polling the latest frame can miss it on a loaded machine.
    const exit = await ui.exited();
    const shown = ui.frames.find((f) => f.includes('无法开始运行'));
    expect(shown).toBeDefined();
    expect(shown).toContain('语言 "xx" 不在此 runbook 的语言中：en, zh, ru');
    expect(exit.code).toBe(2);
    expect(exit.toStderr).toBe(true);
    expect(exit.lines.join('\n')).toContain('语言 "xx"');
  });

  it('Ctrl-C at a question cancels without opening the run (exit 130)', async () => {
    const { opts, opened } = fakeOptions(rb, { params: {}, ask: ask('from') });
    const ui = mount(opts);
    await ui.waitText('Version you upgrade from');
    await ui.press(KEY.ctrlC);
    expect((await ui.exited()).code).toBe(130);
    expect(opened.params).toBeUndefined();
  });
});

describe('layout', () => {
  it('fits 80×24 with wide characters aligned (display width, not string length)', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS, lang: 'zh' });
    controller.state.lang = 'zh';
    const t0 = new Date(Date.now() - 5000).toISOString();
    controller.set('print-version', 'succeeded', { startedAt: t0, endedAt: new Date().toISOString() });
    const ui = mount(opts, { cols: 80, rows: 24 });
    const f = await ui.waitText('[检查] 检查节点');
    const lines = rows(f);
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    // The separator between outline and step pane is in the same column on every body row,
    // whatever mix of CJK and ASCII the outline row holds.
    const body = lines.filter((l) => l.includes('│') && !l.includes('─'));
    const cols = new Set(body.map((l) => stringWidth(l.slice(0, l.indexOf('│')))));
    expect(body.length).toBeGreaterThan(8);
    expect(cols.size).toBe(1);
    // Durations are right-aligned at the same column.
    const done = lines.find((l) => l.includes('✓ 打印版本'))!;
    expect(done).toMatch(/5s │/);
  });

  it('follows terminal resizes', async () => {
    class Out extends EventEmitter {
      columns = 120;
      rows = 30;
      frames: string[] = [];
      isTTY = false;
      write = (s: string) => {
        this.frames.push(s);
        return true;
      };
    }
    class In extends EventEmitter {
      isTTY = true;
      setRawMode() {}
      setEncoding() {}
      resume() {}
      pause() {}
      ref() {}
      unref() {}
      read() {
        return null;
      }
    }
    const stdout = new Out();
    const { opts } = fakeOptions(rb, { params: PARAMS });
    const app = inkRender(<App opts={opts} colors={false} onExit={() => {}} />, { stdout: stdout as never, stdin: new In() as never, debug: true, exitOnCtrlC: false, patchConsole: false });
    const last = () => stdout.frames[stdout.frames.length - 1] ?? '';
    const waitFor = async (pred: () => boolean) => {
      for (let i = 0; i < 300 && !pred(); i++) await sleep(10);
      expect(pred()).toBe(true);
    };
    await waitFor(() => last().includes('Press Enter'));
    const widest = () => Math.max(...last().split('\n').map((l) => stringWidth(l)));
    const tallest = () => last().split('\n').length;
    expect(widest()).toBe(120);
    expect(tallest()).toBe(29);
    stdout.columns = 80;
    stdout.rows = 24;
    stdout.emit('resize');
    await waitFor(() => widest() === 80 && tallest() === 23);
    app.unmount();
  });
});
