// The run screen shows what a step is decided on: the output of the step before it (or the steps its
// `evidence` names), read back from the logs after resume; any step's log opens from the outline.
// Also: not-applicable steps, long steps, the working directory. Ink + an in-memory controller.
import { describe, expect, it, afterEach } from 'vitest';
import { cleanup } from 'ink-testing-library';
import stringWidth from 'string-width';
import { loadFixture, fakeOptions, FakeController } from './helpers/fake-controller.js';
import { mount, rows, sleep, KEY } from './helpers/ink.js';

const rb = loadFixture('evidence.md');
const PARAMS = { dr: false, workdir: '/srv/work' };
const header = (id: string, n: number) => `# runbook run-1: step ${id}, attempt ${n}, 2026-12-01T03:00:0${n}.000Z`;

afterEach(() => cleanup());

/** The outline row of a step (the step pane may show the same title). */
const outlineRow = (f: string, title: string) => rows(f).find((l) => l.indexOf(title) >= 0 && l.indexOf(title) < l.indexOf('│')) ?? '';

/** list-machines and count-nodes ran (in an earlier session: nothing in memory, only their logs). */
function ranBefore(): FakeController {
  const c = new FakeController(rb, { params: { ...PARAMS } });
  c.set('list-machines', 'succeeded', { attempts: 1 }).set('count-nodes', 'succeeded', { attempts: 1 });
  c.logs['list-machines'] = [header('list-machines', 1), 'NAME   STATUS    AGE   NODE', 'm1     Running   3d    10.0.0.11', 'm2     Stopped   3d    10.0.0.12', '# succeeded, exit 0 (1.2s)'];
  c.logs['count-nodes'] = [header('count-nodes', 1), 'nodes: 3', '# succeeded, exit 0 (0.3s)'];
  return c;
}

describe('evidence', () => {
  it('a manual step shows the output of the step its evidence= names, read from the log, with the log path in full', async () => {
    const controller = ranBefore();
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    const ui = mount(opts);
    const f = await ui.waitText('[by hand] No machine is stopped');
    expect(f).toContain('Output of “List the machines”');
    expect(f).toContain('m2     Stopped   3d    10.0.0.12');
    expect(f).not.toContain('nodes: 3');
    expect(f).toContain('full log: /tmp/runbook-fake/runs/run-1/logs/list-machines.log');
    // Progress counts the steps that apply; the DR step does not apply and is hidden, not "skipped".
    expect(f).toMatch(/2\/4 steps done/);
    expect(f).toContain('1 not applicable (x)');
    expect(f).not.toContain('Set up DR');
    await ui.press('x');
    const shown = await ui.waitText('Set up DR');
    expect(outlineRow(shown, 'Set up DR')).toContain('⊘ Set up DR');
  });

  it('after resume, an interrupted step shows its earlier output from the log (its last attempt)', async () => {
    const controller = ranBefore();
    controller.set('count-nodes', 'interrupted', { attempts: 2 });
    controller.logs['count-nodes'] = [header('count-nodes', 1), 'first try', '# failed, exit 1', header('count-nodes', 2), 'second try, still counting', '# interrupted'];
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    const ui = mount(opts);
    const f = await ui.waitText('interrupted when its runner stopped');
    expect(f).toContain('second try, still counting');
    expect(f).not.toContain('first try');
  });

  it('opens any step’s log from the outline: select, view, search, wrap, Home/End, pager; Esc goes back and Enter decides again', async () => {
    const controller = ranBefore();
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    const paged: string[] = [];
    const ui = mount(opts, { cols: 100, rows: 30 }, false, { pager: (file) => void paged.push(file) });
    await ui.waitText('[by hand] No machine is stopped');
    // Up twice: count-nodes, then list-machines (the hidden DR step is not in the way).
    await ui.press(KEY.up);
    await ui.waitFor((x) => outlineRow(x, 'Count the nodes').startsWith('❯'), 'count-nodes selected');
    await ui.press('k');
    let f = await ui.waitFor((x) => outlineRow(x, 'List the machines').startsWith('❯'), 'list-machines selected');
    expect(f).toContain('Enter/v view output');
    expect(outlineRow(f, 'List the machines')).toContain('❯✓ List the machines');
    expect(outlineRow(f, 'No machine is stopped')).toContain('›◦ No machine is stopped');
    await ui.press(KEY.enter);
    f = await ui.waitText('lines 1–5 of 5');
    expect(f).toContain('m1     Running   3d    10.0.0.11');
    await ui.press('/');
    await ui.waitText('search for');
    await ui.press(...'stopped', KEY.enter);
    f = await ui.waitText('1 lines match “stopped”');
    await ui.press('w');
    await ui.waitText('not wrapped');
    await ui.press(KEY.end, KEY.home, 'p');
    await ui.waitFor(() => paged.length > 0, 'the pager');
    expect(paged).toEqual(['/tmp/runbook-fake/runs/run-1/logs/list-machines.log']);
    await ui.press(KEY.esc);
    await ui.waitText('Enter/v view output');
    // Back to the current step: now Enter confirms it.
    await ui.press(KEY.esc, KEY.enter);
    await ui.waitFor(() => controller.calls.length > 0, 'confirm');
    expect(controller.calls).toEqual(['confirm:machines-ok']);
  });
});

describe('long steps', () => {
  it('shows elapsed against expect-duration while it runs, and rings the bell when a step over a minute ends', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    let release!: () => void;
    controller.behaviours['list-machines'] = async (io) => {
      io.out('listing');
      await new Promise<void>((r) => (release = r));
      return { status: 'succeeded', exitCode: 0 };
    };
    let bells = 0;
    const ui = mount(opts, { cols: 100, rows: 30 }, false, { bell: () => bells++ });
    let f = await ui.waitText('Press Enter to run this step.');
    expect(f).toContain('· usually takes about 2h');
    expect(f).toContain('· runs in /srv/work');
    await ui.press(KEY.enter);
    f = await ui.waitFor((x) => /running for \ds; usually takes about 2h/.test(x), 'elapsed vs expected');
    release();
    await ui.waitText('[run] Count the nodes');
    expect(bells).toBe(0);
    controller.emit({ type: 'step-finished', stepId: 'list-machines', status: 'failed', exitCode: 1, durationMs: 61_000 });
    await sleep(20);
    expect(bells).toBe(1);
  });

  it('a wait step shows its checks and the time it has left', async () => {
    const controller = ranBefore();
    controller.set('machines-ok', 'confirmed');
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    let poll!: () => void;
    controller.behaviours['pods'] = async (io) => {
      await new Promise<void>((r) => (poll = r));
      io.poll(2, 5000);
      await io.interrupted;
      return { status: 'interrupted' };
    };
    const ui = mount(opts);
    await ui.waitText('[wait] Pods are running');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => /first check running · (2m00s|1m59s) left of 2m/.test(f), 'the first check');
    poll();
    await ui.waitFor((f) => /not passed yet \(check 2\); next check in [45]s · 1m5\ds left of 2m/.test(f), 'the time left');
    // Ctrl-C on a running step asks first; the second press stops it.
    await ui.press(KEY.ctrlC, KEY.ctrlC);
    expect((await ui.exited()).code).toBe(130);
  });

  it('says why the working directory cannot be resolved', async () => {
    const controller = ranBefore();
    controller.set('count-nodes', 'pending', { attempts: 0 });
    const { opts } = fakeOptions(rb, { params: PARAMS, controller });
    const ui = mount(opts);
    const f = await ui.waitText('[run] Count the nodes');
    expect(f).toContain('cwd="$MISSING/x" names MISSING, which has no value');
  });
});

describe('output at 80×24', () => {
  it('shows more than 4 output lines, wraps at spaces (an IP is never split) and keeps table rows whole', async () => {
    const { opts, controller } = fakeOptions(rb, { params: PARAMS });
    const ip = '192.168.100.201';
    controller.behaviours['list-machines'] = async (io) => {
      for (let i = 1; i <= 3; i++) io.out(`line ${i}`);
      io.out(`machine m7 answers on ${ip} and on ${ip} again, with more words after it`);
      io.out('NAME        STATUS     ROLES           AGE   VERSION   INTERNAL-IP');
      for (let i = 4; i <= 6; i++) io.out(`line ${i}`);
      return { status: 'succeeded', exitCode: 0 };
    };
    const ui = mount(opts, { cols: 80, rows: 24 });
    await ui.waitText('Press Enter to run this step.');
    await ui.press(KEY.enter);
    const f = await ui.waitText('[run] Count the nodes');
    const lines = rows(f);
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    const outputRows = lines.filter((l) => /│ (line \d|machine m7|NAME  |\S.*192\.168)/.test(l));
    expect(outputRows.length).toBeGreaterThan(4);
    // Every IP shown is whole; the table row is one row, cut at the edge.
    for (const l of lines) for (const m of l.match(/192\.[\d.]*/g) ?? []) expect(m).toBe(ip);
    expect(lines.filter((l) => l.includes('NAME        STATUS'))).toHaveLength(1);
  });
});
