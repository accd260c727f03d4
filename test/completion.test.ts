// runbook completion: the bash script is sourced in a real bash and its function called as bash
// calls it (COMP_LINE, COMP_POINT, COMP_WORDS split at = and : as COMP_WORDBREAKS does).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from './helpers/cli.js';
import { loadShipped } from './matrix.js';

let dir: string;
let bin: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-completion-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  // `runbook` on PATH, as after npm install -g.
  writeFileSync(join(bin, 'runbook'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
  mkdirSync(join(dir, 'books'));
  copyFileSync(join(BIN, '..', '..', 'test', 'fixtures', 'run', 'basic.md'), join(dir, 'books', 'my-basic.md'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let script = '';

/** What bash offers for `line` (the cursor at its end). */
function complete(line: string, env: Record<string, string> = {}): string[] {
  script ||= runCli(['completion', 'bash']).stdout;
  const driver = `${script}
line=$1
COMP_LINE=$line; COMP_POINT=\${#line}
# bash's own word split, with = and : as word breaks
read -ra COMP_WORDS <<< "$(sed -E 's/([=:])/ \\1 /g' <<< "$line")"
[[ $line =~ [[:space:]]$ ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_runbook
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  const r = spawnSync('bash', ['-c', driver, 'driver', line], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, ...env } });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('runbook completion bash', () => {
  it('completes commands and flags', () => {
    expect(complete('runbook re')).toEqual(['resume', 'render', 'report']);
    expect(complete('runbook run upgrade-prepare.md --re')).toEqual(['--resume', '--rerun-interrupted', '--rerun-changed', '--rehearse']);
  });

  it('completes shipped and RUNBOOK_PATH runbooks', () => {
    expect(complete('runbook plan upgrade-')).toEqual(['upgrade-global.md', 'upgrade-prepare.md', 'upgrade-workload.md']);
    expect(complete('runbook run my-', { RUNBOOK_PATH: join(dir, 'books') })).toEqual(['my-basic.md']);
  });

  it('completes param names, then their choices after = (bash splits the word there)', () => {
    expect(complete('runbook run upgrade-prepare.md --param f')).toEqual(['from=']);
    expect(complete('runbook run upgrade-prepare.md --param from=3.1')).toEqual(['3.16', '3.18']);
    // The choices of `from` as the shipped runbook declares them.
    const from = loadShipped('upgrade-prepare.md').params.find((p) => p.name === 'from')!.choices!;
    expect(complete('runbook run upgrade-prepare.md --param from=')).toEqual(from.map((c) => `=${c}`));
    expect(complete('runbook run upgrade-prepare.md --param dr=')).toEqual(['=true', '=false']);
  });

  it('completes step ids for --confirm, --from and --only, and choices of --ui and --lang', () => {
    expect(complete('runbook run upgrade-prepare.md --confirm confirm-')).toEqual(['confirm-source-version']);
    expect(complete('runbook run upgrade-prepare.md --from run-')).toEqual(['run-checklist']);
    expect(complete('runbook run upgrade-prepare.md --only download')).toEqual(['download-package']);
    expect(complete('runbook run upgrade-prepare.md --ui ')).toEqual(['tui', 'plain']);
    expect(complete('runbook plan upgrade-prepare.md --lang ')).toEqual(['en', 'zh', 'ru']);
  });

  it('completes run ids for resume and status, and the steps of that run for resume --confirm', () => {
    const state = join(dir, 'state');
    const r = runCli(['run', join(dir, 'books', 'my-basic.md'), '--yes', '--param', `work=${dir}`, '--state-dir', state], { cwd: dir });
    const runId = /resume (\S+)/.exec(r.stderr)?.[1];
    expect(runId).toBeTruthy();
    expect(complete(`runbook status --state-dir ${state} 2`)).toEqual([runId]);
    expect(complete(`runbook resume --state-dir ${state} `)).toEqual([runId]);
    expect(complete(`runbook resume ${runId} --state-dir ${state} --confirm cl`)).toEqual(['click']);
  });
});

describe('runbook completion zsh and fish', () => {
  it('prints scripts that ask the program for the candidates', () => {
    expect(runCli(['completion', 'zsh']).stdout).toMatch(/^#compdef runbook\n[\s\S]*__complete --/);
    expect(runCli(['completion', 'fish']).stdout).toContain("complete -c runbook -a '(__runbook_complete)'");
  });

  it('an unknown shell: exit 2, did you mean', () => {
    const r = runCli(['completion', 'bahs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean bash?');
  });
});
