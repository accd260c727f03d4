// The param review and the hand-over as an operator meets them: the real binary in tmux, in the
// terminal UI and in plain mode on a terminal.
import { describe, expect, it, afterEach } from 'vitest';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { ROOT } from './helpers/cli.js';
import { HAS_TMUX, q, sleep, term, runState, freshDir, cleanupTerms } from './helpers/term.js';

const RUN_FIX = join(ROOT, 'test', 'fixtures', 'run');

describe.skipIf(!HAS_TMUX)('param review and hand-over in a real pseudo-terminal', () => {
  afterEach(cleanupTerms);

  it('TUI: lists every param that applies with its source; a default is changed before the first step', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const t = term(dir, `node bin/runbook.js run upgrade-global.md --lang ru --rehearse --param from=3.16 --state-dir ${q(stateDir)}`);
    let s = await t.waitFor('Параметры: проверьте каждое значение перед первым шагом');
    // Nothing is silently assumed: every param that applies is on the screen, with where it came from.
    expect(s).toContain('from = 3.16   [флаг]   Версия платформы');
    expect(s).toContain('dr = false   [по умолчанию]   Глобальный кластер');
    expect(s).toContain('registry = builtin   [по умолчанию]');
    expect(s).toContain('package_dir = /root/cpaas-upgrade   [пример]');
    // (push_extensions and service_mesh_v1 apply only to a 4.1 upgrade: the rehearsal's example target is 4.0.)
    for (const name of ['data_services', 'gitops', 'clickhouse']) expect(s).toContain(`${name} = false   [по умолчанию]`);
    expect(s).not.toContain('push_extensions =');
    for (const row of s.split('\n')) expect(stringWidth(row)).toBeLessThanOrEqual(100);
    // Every message is filled in (the REHEARSAL badge once showed "{dir}").
    expect(s).not.toMatch(/\{\w+\}/);
    // The DR operator corrects the default: up to the `dr` row, Enter, choose true.
    for (let i = 0; i < 12 && !/❯ dr = /.test(t.screen()); i++) {
      t.keys('Up');
      await sleep(150);
    }
    t.keys('Enter');
    await t.waitFor('Enter: принять · Esc: оставить прежнее значение');
    t.keys('Up', 'Enter');
    s = await t.waitFor('dr = true   [введено]');
    t.keys('s');
    await t.waitFor(() => !t.screen().includes('Параметры: проверьте') && t.screen().includes('РЕПЕТИЦИЯ'), 60_000);
    t.keys('q');
    expect(await t.exitCode()).toBe(4);
    expect(runState(stateDir).params).toMatchObject({ from: '3.16', dr: true, registry: 'builtin' });
  });

  it('plain on a terminal: the same review, numbered, a param changed by its number; lines fit the width', async () => {
    const dir = freshDir();
    const stateDir = join(dir, 'state');
    const t = term(dir, `mkdir -p ${q(join(dir, 'work'))} && cd ${q(dir)} && node ${q(join(ROOT, 'bin', 'runbook.js'))} run ${q(join(RUN_FIX, 'applies.md'))} --ui plain --lang en --param work=./work --state-dir ${q(stateDir)}`, { cols: 60, rows: 30 });
    let s = await t.waitFor('a number (1-2)');
    // Every param, with its source; the path as resolved (lines are wrapped: compare words).
    const words = () => t.joined().replace(/\s+/g, ' ');
    expect(words()).toContain(`1. work = ${join(dir, 'work')} (given as ./work) [flag] Work directory`);
    expect(words()).toContain('2. dr = false [default] DR standby');
    t.type('2');
    t.keys('Enter');
    await t.waitFor('DR standby [y/n]');
    t.type('y');
    t.keys('Enter');
    await t.waitFor('2. dr = true   [answered]   DR standby');
    t.keys('Enter');
    s = await t.waitFor('Done? [y]es, [s]kip, [q]uit');
    expect(s).toContain('dr-only');
    t.type('q');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(4);
    // The runner's own lines were wrapped to 60 columns (tmux joins only the terminal's own wraps).
    // A command to copy and paste (the resume hint) is kept whole: breaking it would break the paste.
    const copyable = (l: string) => / resume \d{8}-\d{4}-/.test(l);
    for (const line of t.joined().split('\n').filter((l) => !l.startsWith('  │') && !copyable(l))) expect(stringWidth(line), line).toBeLessThanOrEqual(60);
    expect(runState(stateDir).params).toMatchObject({ work: join(dir, 'work'), dr: true });
  });
});
