// The state directory on a shared machine: refused when someone else owns or may write it; storage
// errors that say their cause; what killed runners leave behind is cleared by the next one.
import { describe, expect, it } from 'vitest';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadRunbook } from '../src/commands/shared/load.js';
import { openRun, type OpenRunOptions } from '../src/engine/execution/session.js';
import { StorageError } from '../src/engine/execution/store/state.js';
import { UserError } from '../src/engine/core/errors.js';
import { translator } from '../src/i18n/index.js';
import { cli as cliCatalog } from '../src/i18n/cli.js';
import { run as runCatalog } from '../src/i18n/run.js';
import { fixture, sandbox, runCli, type Sandbox } from './helpers/harness.js';

async function open(box: Sandbox, extra: Partial<OpenRunOptions> = {}) {
  const { runbook } = await loadRunbook(fixture('basic.md'));
  return openRun({ runbook, stateRoot: box.state, lang: 'en', params: { work: box.work }, killGraceMs: 500, ...extra });
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe('state directory on a shared machine', () => {
  it('creates the state root, runs/ and the run directory 0700', async () => {
    const box = sandbox();
    try {
      const s = await open(box);
      await s.close();
      expect([mode(box.state), mode(join(box.state, 'runs')), mode(s.runDir)]).toEqual([0o700, 0o700, 0o700]);
    } finally {
      box.cleanup();
    }
  });

  it('refuses a state root that others may write (exit 2, naming the path and the fix)', async () => {
    const box = sandbox();
    try {
      mkdirSync(box.state, { mode: 0o700 });
      chmodSync(box.state, 0o1777);
      const r = await runCli(['run', fixture('basic.md'), '--state-dir', box.state, '--param', `work=${box.work}`, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`the state directory ${box.state} can be written by other users (mode 777)`);
      expect(r.stderr).toContain(`chmod 700 ${box.state}`);
      expect(existsSync(join(box.work, 'counter'))).toBe(false);
    } finally {
      box.cleanup();
    }
  });

  it('refuses to resume a run whose directory another user owns (a planted run)', async () => {
    const box = sandbox();
    try {
      const s = await open(box);
      await s.pause();
      await s.close();
      chownSync(s.runDir, 65534, 65534);
      const err = await open(box, { resume: s.state.runId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err).toMatchObject({ key: 'error.stateDirOwner', exitCode: 2, vars: { dir: s.runDir, owner: 65534 } });
      chmodSync(s.runDir, 0o777);
      chownSync(s.runDir, process.getuid!(), process.getgid!());
      const err2 = await open(box, { resume: s.state.runId }).catch((e: unknown) => e);
      expect(err2).toMatchObject({ key: 'error.stateDirMode', vars: { dir: s.runDir, mode: '777' } });
    } finally {
      box.cleanup();
    }
  });
});

describe('storage errors say their cause', () => {
  const hint = (e: StorageError) => translator(cliCatalog, 'en')(e.hint!.key, e.hint!.vars);

  it('a state dir below a file: ENOTDIR, not "free some space"', async () => {
    const box = sandbox();
    try {
      writeFileSync(join(box.dir, 'file'), '');
      const err = await open({ ...box, state: join(box.dir, 'file', 'state') }).catch((e: unknown) => e) as StorageError;
      expect(err).toBeInstanceOf(StorageError);
      expect(err.vars.reason).toBe('ENOTDIR');
      expect(hint(err)).toContain('is a file, not a directory');
      expect(hint(err)).not.toContain('free some space');
    } finally {
      box.cleanup();
    }
  });

  it('a path too long: ENAMETOOLONG', async () => {
    const box = sandbox();
    try {
      const err = await open({ ...box, state: join(box.dir, 'x'.repeat(300)) }).catch((e: unknown) => e) as StorageError;
      expect(err.vars.reason).toBe('ENAMETOOLONG');
      expect(hint(err)).toContain('shorter --state-dir');
    } finally {
      box.cleanup();
    }
  });

  it('a state.json write cut short (a file size limit) stops the run; the state on disk stays whole, and resume ends the run', async () => {
    const box = sandbox();
    try {
      const file = join(box.dir, 'hundred.md');
      const steps = Array.from({ length: 100 }, (_, i) => `:::run{#s${i}}\n\`\`\`bash\ntrue\n\`\`\`\n:::\n`).join('\n');
      writeFileSync(file, `---\nid: hundred\nlanguages: [en]\ntitle: {en: Hundred}\n---\n\n${steps}`);
      // 16 KB: state.json (~220 bytes a step once run) outgrows it after about 20 steps, the transcript does not.
      const limited = await runCli(['run', file, '--yes', '--ui', 'plain', '--fresh', '--state-dir', box.state], { wrap: ['bash', '-c', 'ulimit -f 16 && exec "$0" "$@"'] });
      expect(limited.code, limited.stderr).toBe(1);
      expect(limited.stderr).toMatch(/state\.json: EFBIG; the run stopped/);
      const [runId] = readdirSync(join(box.state, 'runs'));
      const saved = JSON.parse(readFileSync(join(box.state, 'runs', runId!, 'state.json'), 'utf8')) as { steps: { status: string }[] };
      const done = saved.steps.filter((st) => st.status === 'succeeded').length;
      expect(done).toBeGreaterThan(5);
      expect(done).toBeLessThan(100);
      expect(readdirSync(join(box.state, 'runs', runId!)).filter((f) => f.startsWith('state.json.'))).toEqual([]);
      // (the checkpoint refused may be a step's end: then that step is saved as running, and reruns)
      const resumed = await runCli(['resume', runId!, '--yes', '--rerun-interrupted', '--ui', 'plain', '--state-dir', box.state]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain(`the run so far: ${done} of 100 steps done`);
    } finally {
      box.cleanup();
    }
  });

  it('each cause has its own advice', () => {
    const advice = (code: string) => hint(new StorageError('/s/state.json', Object.assign(new Error(code), { code })));
    expect(advice('EACCES')).toContain('may not write there');
    expect(advice('EROFS')).toContain('read-only');
    expect(advice('ENOENT')).toContain('disappeared');
    expect(advice('ENOSPC')).toContain('the disk is full');
    expect(advice('EIO')).toContain('free some space or fix the file system');
    expect(new Set(['EACCES', 'EROFS', 'ENOTDIR', 'ENOENT', 'ENAMETOOLONG', 'ENOSPC'].map(advice)).size).toBe(6);
  });
});

describe('clean-up after killed runners', () => {
  it('removes stale state.json temp files and moved-aside locks; the takeover says when the holder was found dead', async () => {
    const box = sandbox();
    try {
      const s1 = await open(box);
      await s1.pause();
      await s1.close();
      const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
      writeFileSync(join(s1.runDir, 'state.json.3021557011'), '{"half": ');
      writeFileSync(join(s1.runDir, 'lock.stale-0a1b2c3d'), '{}');
      writeFileSync(join(s1.runDir, 'lock'), JSON.stringify({ pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
      const before = new Date().toISOString();
      const s2 = await open(box, { resume: s1.state.runId });
      await s2.close();
      expect(readdirSync(s1.runDir).filter((n) => n.startsWith('state.json.') || n.startsWith('lock.'))).toEqual([]);
      const found = s2.resumeReport!.lockTakenOver!.foundDeadAt;
      expect(found >= before).toBe(true);
      const line = translator(runCatalog, 'en')('report.lockTakenOver', { ...s2.resumeReport!.lockTakenOver!, found });
      expect(line).toContain(`found dead at ${found}`);
    } finally {
      box.cleanup();
    }
  });
});
