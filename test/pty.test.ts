// The real binary in a real pseudo-terminal (tmux): keys are sent as a person types them and the
// screen is read back with capture-pane. Needs tmux (`.ci/run` installs it on bare machines).
import { describe, expect, it, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { startCli, waitFor } from './helpers/harness.js';
import { FIX, HAS_TMUX, flat, sleep, q, term, runState, freshDir, cleanupTerms } from './helpers/term.js';

function pgrep(pattern: string): string {
  const r = spawnSync('pgrep', ['-af', pattern], { encoding: 'utf8' });
  return r.stdout.trim();
}

describe.skipIf(!HAS_TMUX)(`the terminal UI in a real pseudo-terminal${HAS_TMUX ? '' : ' (skipped: tmux is not installed)'}`, () => {
  afterEach(cleanupTerms);

  it('walks in zh with Enter, leaves with q (exit 4, paused), resumes and finishes (succeeded)', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const t = term(dir, `node bin/runbook.js run ${q(join(FIX, 'pty.md'))} --lang zh --param target=n1 --param mode=fast --state-dir ${q(stateDir)}`);
    let s = await t.waitFor('参数：请在第一步之前核对每个值');
    expect(s).toContain('target = n1   [命令行参数]   目标节点');
    t.keys('Enter');
    s = await t.waitFor('按 Enter 执行此步骤。');
    expect(s).toContain('终端演练手册');
    expect(s).toContain('[执行] 打招呼');
    expect(s).toContain('target=n1  mode=fast');
    expect(s).toMatch(/Enter 执行 · s 跳过 · q 离开/);
    // Every row fits the terminal, CJK counted two columns wide.
    for (const row of s.split('\n')) expect(stringWidth(row)).toBeLessThanOrEqual(100);

    t.keys('Enter');
    s = await t.waitFor('[执行] 数到三');
    expect(s).toContain('hello n1 in fast mode');
    expect(s).toMatch(/✓ 打招呼\s+\d+s/);
    t.keys('Enter');
    s = await t.waitFor('[手动] 检查控制台');
    expect(s).toMatch(/✓ 数到三/);
    expect(s).toContain('请手动完成此步骤, 然后按 Enter 确认。');

    // A smaller terminal: the layout follows.
    t.tmux('resize-window', '-t', t.session, '-x', '80', '-y', '24');
    s = await t.waitFor(() => {
      const rows = t.screen().split('\n');
      return rows.some((r) => r.includes('[手动] 检查控制台')) && rows.every((r) => stringWidth(r) <= 80) && rows.some((r) => r.startsWith('Enter 确认'));
    });

    t.keys('q');
    expect(await t.exitCode()).toBe(4);
    const paused = runState(stateDir);
    expect(paused.status).toBe('paused');
    expect(paused.steps.map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'pending', 'pending']);
    s = await t.waitFor('已暂停');
    expect(flat(s)).toContain(`node bin/runbook.js resume ${paused.runId}`);
    t.kill();

    rmSync(join(dir, 'exit'));
    const r = term(dir, `node bin/runbook.js resume ${paused.runId} --state-dir ${q(stateDir)}`);
    s = await r.waitFor('参数：请在第一步之前核对每个值');
    expect(s).toContain('target = n1   [本次运行]   目标节点');
    r.keys('Enter');
    // The hand-over: what was done so far, then Enter continues.
    s = await r.waitFor('Enter：继续运行');
    expect(s).toContain('运行至今：已完成 2/4 步');
    r.keys('Enter');
    s = await r.waitFor('请手动完成此步骤, 然后按 Enter 确认。');
    expect(s).toMatch(/✓ 打招呼/);
    r.keys('Enter');
    s = await r.waitFor('[执行] 道别');
    expect(s).toMatch(/☑ 检查控制台/);
    r.keys('Enter');
    s = await r.waitFor('所有步骤均已完成。按 Enter 退出。');
    expect(s).toContain('goodbye n1');
    r.keys('Enter');
    expect(await r.exitCode()).toBe(0);
    const done = runState(stateDir);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'confirmed', 'succeeded']);
    expect(done.steps[2]!.confirmedBy).toMatch(/@/);
  });

  it('keeps every key of a burst (word delete, Backspaces, Home/End, ←/→, a paste, two Enters); the manual step then shows the output it refers to', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const t = term(dir, `node bin/runbook.js run ${q(join(FIX, 'pty.md'))} --lang en --param target=n1 --param mode=fast --state-dir ${q(stateDir)}`, { cols: 80, rows: 24 });
    await t.waitFor('Params: check every value before the first step');
    t.keys('Enter');
    await t.waitFor('Press Enter to run this step.');
    t.keys('s');
    await t.waitFor('Why skip “Say hello”?');
    // One send-keys each: the keys reach the runner together, as over a slow SSH link.
    t.keys('wrong words', 'C-w', 'C-w', 'ACP-123', 'BSpace', 'BSpace', '45', 'Home', 'ticket ', 'End', ' x', 'M-BSpace');
    // A bracketed paste: its line break is not an Enter.
    t.tmux('set-buffer', '-b', 'clip', 'per\nrunbook');
    t.tmux('paste-buffer', '-p', '-b', 'clip', '-t', t.session);
    t.keys('Home', 'Right', 'Right', 'Right', 'Right', 'Right', 'Right', '!', 'End', 'Enter', 'Enter');
    // The first Enter saved the reason; the second ran the next step.
    let s = await t.waitFor('[by hand] Check the console');
    const state = runState(stateDir);
    expect(state.steps.slice(0, 2)).toMatchObject([
      { id: 'step-one', status: 'skipped', reason: 'ticket! ACP-145 per runbook' },
      { id: 'step-two', status: 'succeeded' },
    ]);
    // The manual step shows the output of the step before it, and where its full log is, uncut.
    expect(s).toContain('Output of “Count to three”');
    for (const n of [1, 2, 3]) expect(s).toContain(`count ${n}`);
    expect(flat(s)).toContain(join(stateDir, 'runs', state.runId, 'logs', 'step-two.log'));
    for (const row of s.split('\n')) expect(stringWidth(row)).toBeLessThanOrEqual(80);
    t.keys('q');
    expect(await t.exitCode()).toBe(4);
  });

  it('never shows a secret typed at the prompt', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const SECRET = `Tok3n-${process.pid}-zq`;
    const t = term(dir, `env -u TOKEN node bin/runbook.js run ${q(join(FIX, 'pty-secret.md'))} --lang en --param host=h1 --state-dir ${q(stateDir)}`);
    let s = await t.waitFor('Registry token');
    const before = s.split('\n').find((l) => l.startsWith('> '));
    expect(before).toContain('[hidden]');
    t.type(SECRET.slice(0, 6));
    await sleep(300);
    t.type(SECRET.slice(6));
    await sleep(500);
    s = t.screen();
    expect(s).not.toContain(SECRET.slice(0, 4));
    // Not even its length: the input row reads the same as before typing.
    expect(s.split('\n').find((l) => l.startsWith('> '))).toBe(before);
    t.keys('Enter');
    s = await t.waitFor('Params: check every value before the first step');
    expect(s).toContain('= ***   [answered]');
    expect(s).not.toContain(SECRET);
    t.keys('Enter');
    s = await t.waitFor('Press Enter to run this step.');
    t.keys('Enter');
    s = await t.waitFor(/token length \d+/);
    expect(s).toContain('logging in to h1 with token ***');
    await t.waitFor('All steps are done. Press Enter to exit.');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    await sleep(200);
    expect(t.everything()).not.toContain(SECRET);
    const run = runState(stateDir);
    const runDir = join(stateDir, 'runs', run.runId);
    for (const f of ['state.json', 'transcript.jsonl', join('logs', 'login.log')]) {
      if (existsSync(join(runDir, f))) expect(readFileSync(join(runDir, f), 'utf8')).not.toContain(SECRET);
    }
  });

  it('stays responsive and bounded while a step prints a million lines', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const t = term(dir, `node bin/runbook.js run ${q(join(FIX, 'pty-flood.md'))} --lang en --param line_count=1000000 --state-dir ${q(stateDir)}`);
    await t.waitFor('Params: check every value before the first step');
    t.keys('Enter');
    await t.waitFor('Press Enter to run this step.');
    t.keys('Enter');
    await t.waitFor(/flood line \d+/);
    // Keys still work during the flood: the help overlay opens and closes.
    const t0 = Date.now();
    t.keys('?');
    await t.waitFor('Press ? or Esc to close this help.', 5000);
    expect(Date.now() - t0).toBeLessThan(3000);
    t.keys('?');
    let s = await t.waitFor('flood line 1000000', 30_000);
    expect(s).toContain('last 2000 of 1000000 lines shown');
    // The runner keeps the last lines only: its memory stays far below the output's size.
    const pid = spawnSync('pgrep', ['-f', 'pty-flood.md --lang'], { encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(400 * 1024);
    s = await t.waitFor('All steps are done.', 30_000);
    expect(s).toContain('flood finished');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
  });

  it('Ctrl-C during a long step asks once; a second one stops its whole process group, records interrupted, exits 130; resumed, the step waits for a decision', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    // A unique duration marks the step's processes for pgrep.
    const nap = `300.${process.pid}${Date.now() % 1000}`;
    const marker = `sleep ${nap}`;
    const t = term(dir, `node bin/runbook.js run ${q(join(FIX, 'pty-long.md'))} --lang ru --param nap=${nap} --state-dir ${q(stateDir)}`);
    await t.waitFor('Параметры: проверьте каждое значение перед первым шагом');
    t.keys('Enter');
    await t.waitFor('Нажмите Enter, чтобы выполнить этот шаг.');
    t.keys('Enter');
    await t.waitFor('started');
    const end = Date.now() + 10_000;
    while (pgrep(marker).split('\n').filter(Boolean).length < 2 && Date.now() < end) await sleep(100);
    expect(pgrep(marker).split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    // One Ctrl-C only asks: the step goes on.
    t.keys('C-c');
    await t.waitFor('Нажмите Ctrl-C ещё раз в течение 2 с');
    expect(pgrep(marker).split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dir, 'exit'))).toBe(false);
    t.keys('C-c');
    expect(await t.exitCode(30_000)).toBe(130);
    expect(pgrep(marker)).toBe('');
    const state = runState(stateDir);
    expect(state.status).toBe('interrupted');
    expect(state.steps[0]!.status).toBe('interrupted');
    let s = await t.waitFor('Продолжить');
    expect(flat(s)).toContain(`node bin/runbook.js resume ${state.runId}`);
    expect(s).toContain('прерван');
    t.kill();

    // Resumed, the interrupted step waits for a decision: run it again, mark it done, or leave.
    rmSync(join(dir, 'exit'));
    const r = term(dir, `node bin/runbook.js resume ${state.runId} --state-dir ${q(stateDir)}`);
    await r.waitFor('Параметры: проверьте каждое значение перед первым шагом');
    r.keys('Enter');
    s = await r.waitFor('Enter: продолжить запуск');
    expect(s).toContain('■ long-sleep · Долгий сон — прерван');
    r.keys('Enter');
    s = await r.waitFor('Шаг был прерван');
    expect(s).toMatch(/Enter выполнить снова · o отметить · q выйти/);
    // What the step printed before it was stopped is read back from its log.
    expect(s).toContain('started');
    expect(s).toContain('↯ Долгий сон');
    r.keys('o');
    await r.waitFor('Почему «Долгий сон» отмечается выполненным');
    r.type('stopped on purpose');
    r.keys('Enter');
    s = await r.waitFor('Все шаги выполнены.');
    expect(s).toContain('☑ Долгий сон');
    r.keys('Enter');
    expect(await r.exitCode()).toBe(0);
    const after = runState(stateDir);
    expect(after.status).toBe('succeeded');
    expect(after.steps[0]).toMatchObject({ status: 'confirmed', reason: 'stopped on purpose' });
  });

  it('a hang-up in the middle of a step: it goes on headless and succeeds, the run is paused and released; logs -f and attach take it up from another terminal', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const gate = join(dir, 'gate');
    const exitFile = join(dir, 'runner-exit');
    // The shell around the runner outlives the hang-up only to note the runner's exit code.
    const runner = `node bin/runbook.js run ${q(join(FIX, 'pty-hangup.md'))} --param gate=${q(gate)} --state-dir ${q(stateDir)}`;
    const t = term(dir, `sh -c ${q(`trap '' HUP; ${runner}; echo $? > ${q(exitFile)}`)}`);
    await t.waitFor('Params: check every value before the first step');
    t.keys('Enter');
    await t.waitFor('Press Enter to run this step.');
    t.keys('Enter');
    await t.waitFor('tick 2');
    const { runId } = runState(stateDir);
    const runDir = join(stateDir, 'runs', runId);
    const events = () => readFileSync(join(runDir, 'transcript.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    t.kill();
    await waitFor('terminal-lost', () => events().some((e) => e.event === 'terminal-lost'), 20_000);
    expect(events().find((e) => e.event === 'terminal-lost')).toMatchObject({ step: 'ticks', reason: expect.stringMatching(/^(SIGHUP|EOF|EIO)$/) });
    expect(runState(stateDir).steps[0]!.status).toBe('running');

    // From another terminal: follow the step's log, and attach (plain) to take the run over.
    const logs = startCli(['logs', runId, '-f', '--state-dir', stateDir]);
    const attach = startCli(['attach', '--state-dir', stateDir, '--ui', 'plain', '--yes']);
    await waitFor('attach following the step', () => /following step ticks/.test(attach.stdout()) && /tick \d+\n[\s\S]*tick \d+\n/.test(attach.stdout().split('following step ticks')[1]!), 20_000);
    await waitFor('logs -f output', () => logs.stdout().includes('tick'), 20_000);
    // The step outlived its terminal: only now does it end.
    writeFileSync(gate, '');
    await waitFor('the runner to exit', () => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', 20_000);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('4');
    const logsEnd = await logs.done;
    expect(logsEnd.code).toBe(0);
    expect(logsEnd.stdout).toMatch(/tick \d+\nfinished\n# succeeded, exit 0/);
    const attachEnd = await attach.done;
    expect(attachEnd.code).toBe(0);
    expect(attachEnd.stdout).toContain('== step ticks ended: succeeded; taking over the run here');
    expect(attachEnd.stdout).toMatch(/✓ goodbye · Say goodbye — succeeded/);

    const log = events();
    const at = (name: string) => log.findIndex((e) => e.event === name);
    expect(log.find((e) => e.event === 'step-finished' && e.step === 'ticks')).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(log.find((e) => e.event === 'run-paused')).toMatchObject({ reason: 'terminal-lost', step: 'ticks' });
    expect(at('terminal-lost')).toBeLessThan(at('step-finished'));
    expect(at('step-finished')).toBeLessThan(at('run-paused'));
    expect(at('run-paused')).toBeLessThan(at('run-resumed'));
    // The runner let go of the lock itself (nothing was taken over), and nobody "stopped" anything.
    expect(at('lock-taken-over')).toBe(-1);
    expect(JSON.stringify(log)).not.toContain('stopped by the operator');
    expect(runState(stateDir)).toMatchObject({ status: 'succeeded', steps: [{ id: 'ticks', status: 'succeeded', attempts: 1 }, { id: 'goodbye', status: 'succeeded' }] });
    expect(existsSync(join(runDir, 'lock'))).toBe(false);
  });

  it('plain mode on a terminal: one Ctrl-C during a step only asks, and the step goes on', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const gate = join(dir, 'gate');
    const t = term(dir, `node bin/runbook.js run ${q(join(FIX, 'pty-hangup.md'))} --ui plain --param gate=${q(gate)} --state-dir ${q(stateDir)}`);
    await t.waitFor('Enter starts with these values');
    t.keys('Enter');
    await t.waitFor('tick 1');
    t.keys('C-c');
    await t.waitFor('press Ctrl-C again within 2 s to stop step ticks; otherwise it goes on.');
    writeFileSync(gate, '');
    expect(await t.exitCode()).toBe(0);
    expect(runState(stateDir)).toMatchObject({ status: 'succeeded', steps: [{ id: 'ticks', status: 'succeeded' }, { id: 'goodbye', status: 'succeeded' }] });
  });
});
