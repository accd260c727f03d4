// Holes found by an adversarial test of the executor (issue 11): the step's environment, secrets
// in disguise, captures, hostile output, exact logs, steps that outlive their bounds, bad params.
import { describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRunbook } from '../src/commands/shared/load.js';
import { openRun, type OpenRunOptions, type RunSession } from '../src/engine/execution/session.js';
import type { Pending, RunEvent } from '../src/engine/execution/run-api.js';
import { UserError } from '../src/engine/core/errors.js';
import { LineRing } from '../src/ui/tui/lib/output-buffer.js';
import { outputLines } from '../src/engine/execution/exec.js';
import { fixture, filesUnder, readRun, sandbox, stepOf, transcript, runCli, OWN_PID_NAMESPACE, type Sandbox } from './helpers/harness.js';

const SECRET = 'S3cr3t /+?~~~&=x';

async function open(box: Sandbox, file: string, extra: Partial<OpenRunOptions> = {}): Promise<RunSession> {
  const { runbook } = await loadRunbook(file);
  return openRun({ runbook, stateRoot: box.state, lang: 'en', params: { work: box.work, registry_password: SECRET }, killGraceMs: 500, retryDelayMs: 10, ...extra });
}

async function drive(s: RunSession): Promise<Pending> {
  for (;;) {
    const p = s.pending();
    if (p.kind !== 'ready') return p;
    await s.runStep(p.planned.step.id);
  }
}

function outputOf(events: RunEvent[], stepId: string): string[] {
  return events.flatMap((e) => (e.type === 'output' && e.stepId === stepId ? outputLines(e.text) : []));
}

describe('the step environment', () => {
  it('starts from a defined environment: BASH_ENV, ENV, LD_*, NODE_OPTIONS... of the operator do not pass', async () => {
    const box = sandbox();
    try {
      const hook = join(box.dir, 'hook.sh');
      writeFileSync(hook, `touch ${join(box.work, 'bash-env-sourced')}\n`);
      const env = { PATH: process.env.PATH, HOME: '/root', LANG: 'C.UTF-8', LC_TIME: 'C', KUBECONFIG: '/k', BASH_ENV: hook, ENV: hook, LD_PRELOAD: 'x.so', NODE_OPTIONS: '--require /x', PYTHONPATH: '/x', CDPATH: '/', GLOBIGNORE: '*', PS4: '$(id)', RUNBOOK_REHEARSE_FAIL: 'kubectl', MY_OWN: '1' };
      const s = await open(box, fixture('hardening.md'), { env, selection: { only: ['environment'] } });
      expect(await drive(s)).toEqual({ kind: 'done' });
      await s.close();
      expect(existsSync(join(box.work, 'bash-env-sourced'))).toBe(false);
      const names = readFileSync(join(box.work, 'env-names'), 'utf8').split('\n').filter(Boolean);
      for (const n of ['PATH', 'HOME', 'LANG', 'LC_TIME', 'KUBECONFIG', 'WORK', 'REGISTRY_PASSWORD', 'RUNBOOK_LANG', 'RUNBOOK_RUN_ID', 'RUNBOOK_STEP']) expect(names).toContain(n);
      for (const n of ['BASH_ENV', 'ENV', 'LD_PRELOAD', 'NODE_OPTIONS', 'PYTHONPATH', 'CDPATH', 'GLOBIGNORE', 'PS4', 'RUNBOOK_REHEARSE_FAIL', 'MY_OWN']) expect(names).not.toContain(n);
    } finally {
      box.cleanup();
    }
  });

  it('refuses at run time a param exported under a reserved name, even in a model that skipped lint', async () => {
    const box = sandbox();
    try {
      const { runbook } = await loadRunbook(fixture('hardening.md'));
      runbook.params.push({ name: 'ld_audit', type: 'string', label: { en: 'x' }, env: 'LD_AUDIT' });
      const err = await openRun({ runbook, stateRoot: box.state, lang: 'en', params: { work: box.work, ld_audit: '/tmp/x.so' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err).toMatchObject({ key: 'error.reservedEnv', vars: { name: 'LD_AUDIT' }, exitCode: 2 });
    } finally {
      box.cleanup();
    }
  });
});

describe('params with a NUL byte', () => {
  it('are refused when the run opens, naming the param, never its value', async () => {
    const box = sandbox();
    try {
      const err = await open(box, fixture('hardening.md'), { params: { work: box.work, registry_password: `${SECRET}\0tail` } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err).toMatchObject({ key: 'error.paramNul', vars: { name: 'registry_password' } });
      expect(JSON.stringify(err) + String((err as Error).message)).not.toContain(SECRET);
      expect(existsSync(join(box.state, 'runs'))).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('a stored value with NUL (older version) is asked for again instead of breaking every resume', async () => {
    const box = sandbox();
    try {
      const s = await open(box, fixture('basic.md'), { params: { work: box.work } });
      await s.pause();
      await s.close();
      const file = join(s.runDir, 'state.json');
      const state = JSON.parse(readFileSync(file, 'utf8'));
      state.params.work = `${box.work}\0junk`;
      writeFileSync(file, JSON.stringify(state));
      const r = await runCli(['run', fixture('basic.md'), '--resume', '--state-dir', box.state, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('work');
      const fixed = await runCli(['run', fixture('basic.md'), '--resume', '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      // The steps run again (up to basic.md's manual step, where --yes pauses) with the value given anew.
      expect(fixed.code).toBe(4);
      expect(readFileSync(join(box.work, 'counter'), 'utf8')).toBe('one\ntwo\n');
      expect(readRun(box.state).params.work).toBe(box.work);
    } finally {
      box.cleanup();
    }
  });
});

describe('secrets in disguise', () => {
  it('masks base64 (standard, URL-safe, inside longer base64, wrapped), URL-encoded, cut by a line break, split between stdout and stderr', async () => {
    const box = sandbox();
    try {
      const s = await open(box, fixture('hardening.md'), { selection: { only: ['disguises'] } });
      const events: RunEvent[] = [];
      s.on((e) => events.push(e));
      expect(await drive(s)).toEqual({ kind: 'done' });
      await s.close();
      const shown = outputOf(events, 'disguises').join('\n');
      const log = readFileSync(s.logPath('disguises'), 'utf8');
      const b64 = Buffer.from(SECRET).toString('base64');
      const forms = [SECRET, b64.slice(0, -2), b64.replace(/\+/g, '-').replace(/\//g, '_').slice(0, -2), encodeURIComponent(SECRET), SECRET.slice(6)];
      for (const text of [shown, log]) {
        for (const f of forms) expect(text).not.toContain(f);
        // The secret inside a longer base64 text (a docker config) and in a wrapped one.
        const inner = Buffer.from(`{"auths":{"r":{"password":"${SECRET}"}}}`).toString('base64');
        expect(text).not.toContain(inner);
        expect(text).toContain('wrapped: ***');
      }
      expect(log).toContain('split: ***');
      expect(log).toContain(' end\n');
      expect(outputOf(events, 'disguises').filter((l) => l.includes('***')).length).toBeGreaterThanOrEqual(8);
    } finally {
      box.cleanup();
    }
  });

  it('does not mask a secret shorter than 4 characters, and warns when it is given', async () => {
    const box = sandbox();
    try {
      const r = await runCli(['run', fixture('hardening.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--only', 'make-token', '--yes'], { env: { REGISTRY_PASSWORD: 'ab' } });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('secret registry_password is shorter than 4 characters: it is not masked');
      expect(r.stdout).toContain('token-ab');
    } finally {
      box.cleanup();
    }
  });
});

describe('captures', () => {
  it('a capture holding a secret keeps its real value for later steps, never reaches the disk, and is made again on resume', async () => {
    const box = sandbox();
    try {
      const s1 = await open(box, fixture('hardening.md'), { selection: { only: ['make-token', 'use-token'] } });
      const events: RunEvent[] = [];
      s1.on((e) => events.push(e));
      await s1.runStep('make-token');
      expect(events.find((e) => e.type === 'step-finished')).toMatchObject({ status: 'succeeded', message: expect.stringContaining('capture TOKEN holds a secret') });
      await s1.pause();
      await s1.close();
      for (const file of filesUnder(box.state)) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
      expect(readRun(box.state).captures).toEqual({});
      expect(readRun(box.state).memoryCaptures).toEqual(['TOKEN']);

      const s2 = await open(box, fixture('hardening.md'), { resume: s1.state.runId });
      expect(s2.resumeReport?.recaptured).toEqual([{ step: 'make-token', capture: 'TOKEN' }]);
      expect(s2.pending()).toMatchObject({ kind: 'ready', planned: { step: { id: 'make-token' } } });
      expect(await drive(s2)).toEqual({ kind: 'done' });
      await s2.close();
      expect(readFileSync(join(box.work, 'token'), 'utf8')).toBe(`token-${SECRET}`);
      expect(stepOf(readRun(box.state), 'make-token').attempts).toBe(2);
      expect(transcript(box.state).find((e) => e.event === 'step-reset')).toMatchObject({ step: 'make-token', reason: 'secret-capture', capture: 'TOKEN' });
      for (const file of filesUnder(box.state)) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
    } finally {
      box.cleanup();
    }
  });

  it('output over 64 KiB: the capture keeps its end and says so; capture-overflow="fail" fails the step', async () => {
    const box = sandbox();
    try {
      const file = join(box.dir, 'big-capture.md');
      writeFileSync(file, [
        '---', 'id: big-capture', 'languages: [en]', 'title: Big capture', '---', '',
        ':::run{#cut capture=CUT}', '```bash', 'head -c 70000 /dev/zero | tr "\\0" x; echo; echo last', '```', ':::', '',
        ':::run{#strict capture=STRICT capture-overflow="fail"}', '```bash', 'head -c 70000 /dev/zero | tr "\\0" y', '```', ':::', '',
      ].join('\n'));
      const s = await open(box, file, { params: {} });
      const events: RunEvent[] = [];
      s.on((e) => events.push(e));
      await drive(s);
      await s.close();
      const finished = events.filter((e) => e.type === 'step-finished');
      expect(finished[0]).toMatchObject({ stepId: 'cut', status: 'succeeded', message: expect.stringContaining('capture CUT holds its last 64 KiB') });
      expect(s.state.captures.CUT!.endsWith('\nlast')).toBe(true);
      expect(Buffer.byteLength(s.state.captures.CUT!)).toBeLessThanOrEqual(64 * 1024);
      expect(finished[1]).toMatchObject({ stepId: 'strict', status: 'failed', message: expect.stringContaining('capture-overflow="fail"') });
      expect(transcript(box.state).filter((e) => e.event === 'step-finished').map((e) => e.message)).toEqual([expect.stringContaining('69 KiB'), expect.stringContaining('more than capture STRICT holds')]);
    } finally {
      box.cleanup();
    }
  });
});

describe('hostile output and exact logs', () => {
  // Single-quoted: printf sees the backslashes as written here.
  const hostile = [
    "printf 'before\\033]0;pwned title\\007after\\n'",
    "printf 'clip\\033]52;c;ZXZpbA==\\033\\\\board\\n'",
    "printf '\\033]8;;http://evil.example\\033\\\\link\\033]8;;\\033\\\\\\n'",
    "printf '\\033[2J\\033[H\\033[1A\\033[2Kwiped\\n'",
    "printf 'real line\\r[00:00:01] · fake · ✓ succeeded\\n'",
    "printf '\\033[31mred\\033[0m plain\\n'",
  ];

  it('the plain face shows step output with colour kept and OSC, cursor moves, clears and bare CR made harmless', async () => {
    const box = sandbox();
    try {
      const file = join(box.dir, 'hostile.md');
      writeFileSync(file, ['---', 'id: hostile', 'languages: [en]', 'title: Hostile output', '---', '', ':::run{#noisy}', '```bash', ...hostile, '```', ':::', ''].join('\n'));
      const r = await runCli(['run', file, '--state-dir', box.state, '--yes']);
      expect(r.code).toBe(0);
      const shown = r.stdout.split('\n').filter((l) => l.startsWith('  │ '));
      expect(shown).toEqual([
        '  │ beforeafter',
        '  │ clipboard',
        '  │ link',
        '  │ wiped',
        '  │ [00:00:01] · fake · ✓ succeeded',
        '  │ \u001b[31mred\u001b[0m plain\u001b[0m',
      ]);
      expect(r.stdout).not.toMatch(/\u001b\]|\u001b\[[0-9;]*[ABCDHJK]|\r/);
      // The log keeps every byte as printed.
      const log = readFileSync(join(box.state, 'runs', readRun(box.state).runId, 'logs', 'noisy.log'), 'latin1');
      expect(log).toContain('before\u001b]0;pwned title\u0007after\n');
      expect(log).toContain('real line\r[00:00:01]');
    } finally {
      box.cleanup();
    }
  });

  it('the TUI output pane gets the same harmless text, without colour', () => {
    const ring = new LineRing(10);
    for (const raw of ['before\u001b]0;pwned\u0007after', 'x\u001b[2J\u001b[1Ay', 'real\r[00:00:01] · fake · ✓ succeeded', '\u001b[31mred\u001b[0m', 'clip\u001b]52;c;ZXZpbA==\u001b\\board']) ring.pushText(`${raw}\n`);
    expect(ring.tail(10)).toEqual(['beforeafter', 'xy', '[00:00:01] · fake · ✓ succeeded', 'red', 'clipboard']);
  });

  it('the log holds the exact bytes a step printed: GBK, binary, invalid UTF-8; only the screen decodes', async () => {
    const box = sandbox();
    try {
      const bytes = Buffer.concat([
        Buffer.from([0xc9, 0xfd, 0xbc, 0xb6, 0x0a]), // "升级" in GBK
        Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x80, 0x0a]), // binary
        Buffer.from([0xe5, 0x8d, 0x0a]), // a UTF-8 sequence cut short
        Buffer.from('ok ✓\n'),
      ]);
      writeFileSync(join(box.work, 'payload'), bytes);
      const file = join(box.dir, 'bytes.md');
      writeFileSync(file, ['---', 'id: bytes', 'languages: [en]', 'title: Bytes', 'params:', '  work: {type: string, label: Work}', '---', '', ':::run{#bytes}', '```bash', 'cat "$WORK/payload"', '```', ':::', ''].join('\n'));
      const s = await open(box, file, { params: { work: box.work } });
      const events: RunEvent[] = [];
      s.on((e) => events.push(e));
      await drive(s);
      await s.close();
      const log = readFileSync(s.logPath('bytes'));
      const start = log.indexOf(0x0a) + 1;
      expect(log.subarray(start, start + bytes.length).equals(bytes)).toBe(true);
      expect(outputOf(events, 'bytes')).toEqual(['\ufffd\ufffd\ufffd\ufffd', '\ufffd\ufffd\ufffd', '\ufffd', 'ok ✓']);
    } finally {
      box.cleanup();
    }
  });
});

describe('a step cannot outlive its bounds', () => {
  const daemonBook = (box: Sandbox, attrs: string, script: string) => {
    const file = join(box.dir, 'daemon.md');
    writeFileSync(file, ['---', 'id: daemon', 'languages: [en]', 'title: Daemon', 'params:', '  work: {type: string, label: Work}', '---', '', `:::run{#daemon${attrs}}`, '```bash', script, '```', ':::', ''].join('\n'));
    return file;
  };
  // A daemon in its own session keeps the step's stdout open for 60 s.
  const DAEMON = 'setsid bash -c \'echo $$ > "$WORK/daemon.tmp"; mv "$WORK/daemon.tmp" "$WORK/daemon"; exec sleep 60\' &\nuntil [ -e "$WORK/daemon" ]; do sleep 0.05; done\necho started';
  const kill = (box: Sandbox) => { try { process.kill(Number(readFileSync(join(box.work, 'daemon'), 'utf8')), 'SIGKILL'); } catch { /* gone */ } };

  it('the main process ends: output is read a short grace longer, the escaped daemon is reported', async () => {
    const box = sandbox();
    try {
      const s = await open(box, daemonBook(box, '', DAEMON), { params: { work: box.work } });
      const events: RunEvent[] = [];
      s.on((e) => events.push(e));
      const t0 = Date.now();
      expect(await s.runStep('daemon')).toBe('succeeded');
      expect(Date.now() - t0).toBeLessThan(10_000);
      await s.close();
      const pid = Number(readFileSync(join(box.work, 'daemon'), 'utf8'));
      expect(outputOf(events, 'daemon')).toContainEqual(expect.stringMatching(new RegExp(`1 process\\(es\\) of this step left its process group and still run \\(not stopped\\): ${pid} \\(sleep 60\\)`)));
      expect(transcript(box.state).find((e) => e.event === 'processes-escaped')).toMatchObject({ step: 'daemon', processes: [{ pid, command: 'sleep 60' }] });
    } finally {
      kill(box);
      box.cleanup();
    }
  });

  // In a pid namespace of its own, the runner starts with the id counter high; the step moves it
  // as a busy machine's goes round at pid_max, so its daemon gets an id below the step's own.
  // When the runner, the namespace's first process, ends, the kernel ends the daemon.
  const inPidNamespace = [...OWN_PID_NAMESPACE, 'sh', '-c', 'echo 20000 > /proc/sys/kernel/ns_last_pid && exec "$@"', 'sh'];
  const QUIET_DAEMON = DAEMON.replace(' &\n', ' >/dev/null 2>&1 &\n');
  const reportsDaemonAfter = async (script: string) => {
    const box = sandbox();
    try {
      const file = daemonBook(box, '', script);
      const r = await runCli(['run', file, '--state-dir', box.state, '--param', `work=${box.work}`, '--yes'], { wrap: inPidNamespace });
      expect(r.stdout).toMatch(/1 process\(es\) of this step left its process group and still run \(not stopped\): 1\d\d \(sleep 60\)/);
      expect(r.code).toBe(0);
    } finally {
      box.cleanup();
    }
  };

  it('process ids wrapped around during a short step: its escaped daemon is still reported', () =>
    reportsDaemonAfter(`echo 100 > /proc/sys/kernel/ns_last_pid\n${QUIET_DAEMON}`));

  it('process ids went all the way round during a long step, past its own: its escaped daemon is still reported', () =>
    reportsDaemonAfter(`echo 100 > /proc/sys/kernel/ns_last_pid\n${QUIET_DAEMON}\necho $(($$ + 100)) > /proc/sys/kernel/ns_last_pid\nsleep 1`));

  it('timeout and interrupt end the step although a daemon holds its output', async () => {
    const box = sandbox();
    try {
      const timed = await open(box, daemonBook(box, ' timeout=1s', `${DAEMON}\nsleep 60`), { params: { work: box.work } });
      const t0 = Date.now();
      expect(await timed.runStep('daemon')).toBe('failed');
      expect(Date.now() - t0).toBeLessThan(10_000);
      await timed.close();
      kill(box);

      const s = await open(box, daemonBook(box, '', `${DAEMON}\nsleep 60`), { params: { work: box.work } });
      const running = s.runStep('daemon');
      await new Promise((r) => setTimeout(r, 800));
      const t1 = Date.now();
      await s.interrupt();
      expect(await running).toBe('interrupted');
      expect(Date.now() - t1).toBeLessThan(10_000);
      await s.close();
    } finally {
      kill(box);
      box.cleanup();
    }
  });
});

describe('wait', () => {
  it('a poll cut by the deadline says so, not "timed out after 1ms"', async () => {
    const box = sandbox();
    try {
      const file = join(box.dir, 'wait.md');
      writeFileSync(file, ['---', 'id: slow-wait', 'languages: [en]', 'title: Slow wait', '---', '', ':::wait{#slow timeout=1s interval=200ms}', '```bash', 'sleep 5', '```', ':::', ''].join('\n'));
      const s = await open(box, file, { params: {} });
      const events: RunEvent[] = [];
      s.on((e) => events.push(e));
      expect(await s.runStep('slow')).toBe('failed');
      await s.close();
      const { message } = events.find((e) => e.type === 'step-finished') as { message?: string };
      expect(message).toBe('still not passing after 1.0s (last poll: the last poll was still running at the deadline and was stopped)');
      expect(message).not.toMatch(/\dms/);
    } finally {
      box.cleanup();
    }
  });

  it('the wall clock stepped an hour forward mid-wait (NTP, a clock set by hand): the wait keeps its timeout', async () => {
    const box = sandbox();
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      const file = join(box.dir, 'wait.md');
      writeFileSync(file, ['---', 'id: ready-wait', 'languages: [en]', 'title: Ready wait', 'params:', '  work: {type: string, label: Work}', '---', '', ':::wait{#ready timeout=1m interval=100ms}', '```bash', 'test -e "$WORK/ready"', '```', ':::', ''].join('\n'));
      const s = await open(box, file, { params: { work: box.work } });
      const events: RunEvent[] = [];
      s.on((e) => {
        events.push(e);
        // After the first poll, the clock jumps; after the third the awaited thing is there.
        const polls = events.filter((x) => x.type === 'poll').length;
        if (e.type === 'poll' && polls === 1) vi.setSystemTime(Date.now() + 3_600_000);
        if (e.type === 'poll' && polls === 3) writeFileSync(join(box.work, 'ready'), '');
      });
      expect(await s.runStep('ready')).toBe('succeeded');
      await s.close();
      const finished = events.find((e) => e.type === 'step-finished') as { durationMs: number };
      expect(finished.durationMs).toBeGreaterThan(0);
      expect(finished.durationMs).toBeLessThan(60_000);
    } finally {
      vi.useRealTimers();
      box.cleanup();
    }
  });
});
