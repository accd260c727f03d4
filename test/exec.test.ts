// The output pipeline (decode, mask, log, split) and the process-group handling of exec.ts.
import { describe, expect, it } from 'vitest';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StepOutput, MAX_LINE, startScript, bashArgv, outputLines, type ScriptOptions } from '../src/engine/execution/exec.js';
import { Secrets } from '../src/engine/execution/secrets.js';
import { alive, lines, sandbox, waitFor } from './helpers/harness.js';

function pipe(secrets: string[]) {
  const bytes: Buffer[] = [];
  const shown: string[] = [];
  const out = new StepOutput(new Secrets(secrets).bytes, (b) => bytes.push(b), (_s, t) => shown.push(...outputLines(t)));
  const p = { push: (b: Buffer) => out.push('stdout', b), end: () => out.end() };
  /** The log as one text (it holds the exact bytes; these tests print UTF-8). */
  const logged = { join: () => Buffer.concat(bytes).toString('utf8') };
  return { p, logged, shown };
}

describe('StepOutput', () => {
  it('masks a secret split at every possible point between two chunks', () => {
    const text = 'user=admin password=hunter2-xyz done\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const { p, logged, shown } = pipe(['hunter2-xyz']);
      p.push(Buffer.from(text.slice(0, cut)));
      p.push(Buffer.from(text.slice(cut)));
      p.end();
      expect(logged.join('')).toBe('user=admin password=*** done\n');
      expect(shown).toEqual(['user=admin password=*** done']);
    }
  });

  it('masks a secret arriving one byte at a time and at the very end without a newline', () => {
    const { p, logged, shown } = pipe(['s3cr3t']);
    for (const b of Buffer.from('a s3cr3t b s3cr3')) p.push(Buffer.from([b]));
    p.push(Buffer.from('t'));
    p.end();
    expect(logged.join('')).toBe('a *** b ***');
    expect(shown).toEqual(['a *** b ***']);
  });

  it('masks the longer of two overlapping secrets whole, and each line of a multi-line secret', () => {
    const { p, logged } = pipe(['abcd', 'abcdefg', 'line-one\nline-two']);
    p.push(Buffer.from('xabcdefgx abcdx\nline-two\n'));
    p.end();
    expect(logged.join('')).toBe('x***x ***x\n***\n');
  });

  it('cuts a very long line into pieces, masking a secret across the cut, logging the exact text', () => {
    const secret = 'TOPSECRETVALUE';
    const long = `${'a'.repeat(MAX_LINE - 5)}${secret}${'b'.repeat(MAX_LINE)}`;
    const { p, logged, shown } = pipe([secret]);
    for (let i = 0; i < long.length; i += 1000) p.push(Buffer.from(long.slice(i, i + 1000)));
    p.push(Buffer.from('\n'));
    p.end();
    const masked = long.replace(secret, '***');
    expect(logged.join('')).toBe(`${masked}\n`);
    expect(shown.join('')).toBe(masked);
    expect(shown.length).toBeGreaterThan(1);
    expect(Math.max(...shown.map((l) => l.length))).toBeLessThanOrEqual(MAX_LINE);
    expect(shown.join('')).not.toContain(secret.slice(0, 6));
  });

  it('in one chunk of whole lines: a line of MAX_LINE passes whole, a longer one in pieces; CRLF and controls cleaned, the rest as read', () => {
    const exact = 'e'.repeat(MAX_LINE);
    const over = `${'o'.repeat(MAX_LINE)}O`;
    for (const [text, expected] of [
      [`a\n${exact}\nb\n`, ['a', exact, 'b']],
      [`a\n\n${over}\nb\n`, ['a', '', 'o'.repeat(MAX_LINE), 'O', 'b']],
      [`${'x\n'.repeat(3 * MAX_LINE)}${over}\n`, [...Array(3 * MAX_LINE).fill('x'), 'o'.repeat(MAX_LINE), 'O']],
      ['one\r\ntwo\r\n', ['one', 'two']],
      ['clean\nbell\x07 and \x1b]0;title\x07gone\nclean\n', ['clean', 'bell and gone', 'clean']],
    ] as const) {
      const { p, logged, shown } = pipe([]);
      p.push(Buffer.from(text));
      p.end();
      expect(logged.join('')).toBe(text);
      expect(shown).toEqual(expected);
    }
  });

  it('keeps a UTF-8 character split across chunks whole', () => {
    const { p, logged, shown } = pipe([]);
    const bytes = Buffer.from('升级 global 集群\n');
    p.push(bytes.subarray(0, 2));
    p.push(bytes.subarray(2));
    p.end();
    expect(logged.join('')).toBe('升级 global 集群\n');
    expect(shown).toEqual(['升级 global 集群']);
  });
});

function script(dir: string, body: string, extra: Partial<ScriptOptions> = {}) {
  const file = join(dir, 'step.sh');
  writeFileSync(file, body);
  const out: string[] = [];
  const running = startScript({
    argv: bashArgv(file), env: { ...process.env as Record<string, string>, WORK: dir }, cwd: dir, killGraceMs: 500,
    secrets: new Secrets([]), log: () => undefined, onText: (_s, t) => out.push(...outputLines(t)), ...extra,
  });
  return { running, out };
}

describe('startScript', () => {
  it('kills the whole process group on timeout, background children included', async () => {
    const box = sandbox();
    try {
      const { running } = script(box.work, '( while true; do echo beat >> "$WORK/beat"; sleep 0.05; done ) &\necho $! > "$WORK/child"\nsleep 30\n', { timeoutMs: 700 });
      const r = await running.result;
      expect(r.stoppedBy).toBe('timeout');
      const child = Number(readFileSync(join(box.work, 'child'), 'utf8'));
      await waitFor('the child to die', () => !alive(child), 3000);
      const beats = lines(join(box.work, 'beat')).length;
      await new Promise((res) => setTimeout(res, 300));
      expect(lines(join(box.work, 'beat')).length).toBe(beats);
    } finally {
      box.cleanup();
    }
  });

  it('ends the step when bash ends, stopping what it left in the background', async () => {
    const box = sandbox();
    try {
      const t0 = Date.now();
      const { running, out } = script(box.work, 'sleep 60 &\necho $! > "$WORK/bg"\necho done\n');
      const r = await running.result;
      expect(r.exitCode).toBe(0);
      expect(out).toEqual(['done']);
      expect(Date.now() - t0).toBeLessThan(5000);
      const bg = Number(readFileSync(join(box.work, 'bg'), 'utf8'));
      await waitFor('the background sleep to die', () => !alive(bg), 3000);
    } finally {
      box.cleanup();
    }
  });

  it('stops a leftover that closed its output and ignores SIGTERM', async () => {
    const box = sandbox();
    try {
      const { running } = script(box.work, "bash -c 'trap \"\" TERM; while true; do sleep 0.1; done' </dev/null >/dev/null 2>&1 &\necho $! > \"$WORK/bg\"\n");
      expect((await running.result).exitCode).toBe(0);
      const bg = Number(readFileSync(join(box.work, 'bg'), 'utf8'));
      await waitFor('the stubborn leftover to die', () => !alive(bg), 3000);
    } finally {
      box.cleanup();
    }
  });

  it('says why a script could not start: no such program, no such directory', async () => {
    const box = sandbox();
    try {
      const noBash = script(box.work, 'echo never\n', { argv: [join(box.work, 'no-bash'), join(box.work, 'step.sh')] });
      expect(noBash.running.pid).toBeUndefined();
      expect((await noBash.running.result).spawnError).toMatch(/^ENOENT: /);
      const noDir = script(box.work, 'echo never\n', { cwd: join(box.work, 'gone') });
      expect((await noDir.running.result)).toMatchObject({ spawnError: expect.stringMatching(/^ENOENT: /), escaped: [] });
      expect(noDir.out).toEqual([]);
    } finally {
      box.cleanup();
    }
  });

  it('runs with -e and pipefail, stdin closed, and no descriptor of the runner beyond stdout and stderr', async () => {
    const box = sandbox();
    try {
      const { running, out } = script(box.work, 'false | true\necho unreachable\n');
      expect((await running.result).exitCode).toBe(1);
      expect(out).toEqual([]);
      const second = script(box.work, 'cat; [ -e /dev/fd/3 ] && echo fd3-open || echo fd3-closed\n');
      expect((await second.running.result).exitCode).toBe(0);
      expect(second.out).toEqual(['fd3-closed']);
      expect(existsSync(join(box.work, 'step.sh'))).toBe(true);
    } finally {
      box.cleanup();
    }
  });

  it('reports expect matches per line and over the tail, and keeps a bounded stdout tail', async () => {
    const box = sandbox();
    try {
      const { running } = script(box.work, 'head -c 300000 /dev/zero | tr "\\0" x; echo; echo "version: 4.0.1"\n', { expect: /^version: 4\./m });
      const r = await running.result;
      expect(r.expectMatched).toBe(true);
      expect(r.stdoutTail.length).toBeLessThanOrEqual(64 * 1024);
      expect(r.stdoutTail.trim().endsWith('version: 4.0.1')).toBe(true);
    } finally {
      box.cleanup();
    }
  });
});
