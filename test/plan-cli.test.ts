// `runbook plan` through the built binary (npm test builds first): text and --json output, languages,
// secrets, params from flags and files, and the exit-2 usage errors that list what is allowed.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli, ROOT } from './helpers/cli.js';

const EXAMPLE = 'test/fixtures/example.md';
const OPS = 'test/fixtures/plan/operators.md';

const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at .*:\d+:\d+/);

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'runbook-plan-cli-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('runbook plan: text', () => {
  it('lists the steps in order, numbered when they run, with the reason when they do not', () => {
    const r = runCli(['plan', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'Upload images (example-upload), language en',
      'params: registry=builtin',
      'no value for package_dir',
      '',
      '  1. [run] sync-images-builtin  Sync images to the built-in registry',
      '   - [run] sync-images-external  Sync images to an external registry  (excluded: condition not met: Image registry = external)',
      '',
      '1 steps run, 1 excluded, 0 undecided',
      '',
    ].join('\n'));
  });

  it('undecided steps name the condition that needs a value', () => {
    const r = runCli(['plan', OPS, '--param', 'dr=true']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('   - [run] eq  Operators  (undecided: needs a value for from: Source version = 3.16)');
    expect(r.stdout).toContain('no value for from, nodes');
  });

  it('LANG=zh_CN.UTF-8 picks zh; RUNBOOK_LANG beats LANG; --lang beats both', () => {
    const zh = runCli(['plan', EXAMPLE], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toContain('上传镜像（example-upload），语言 zh');
    expect(zh.stdout).toContain('同步镜像到内置仓库');
    expect(zh.stdout).toContain('（排除：条件不满足：镜像仓库 = external）');
    const ru = runCli(['plan', EXAMPLE], { env: { LANG: 'zh_CN.UTF-8', RUNBOOK_LANG: 'ru' } });
    expect(ru.stdout).toContain('Загрузка образов (example-upload), язык ru');
    const en = runCli(['plan', EXAMPLE, '--lang', 'en'], { env: { LANG: 'zh_CN.UTF-8', RUNBOOK_LANG: 'ru' } });
    expect(en.stdout).toContain('Upload images (example-upload), language en');
    const other = runCli(['plan', EXAMPLE], { env: { LANG: 'de_DE.UTF-8' } });
    expect(other.stdout).toContain('language en'); // not a language of the file: its first language
  });
});

describe('runbook plan --json', () => {
  it('has exactly the shape of the contract', () => {
    const r = runCli(['plan', EXAMPLE, '--json', '--param', 'registry=external', '--param', 'registry_address=r.example:5000']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['runbook', 'lang', 'params', 'steps']);
    expect(out.runbook).toBe('example-upload');
    expect(out.lang).toBe('en');
    expect(out.params).toEqual({ registry: 'external', registry_address: 'r.example:5000' });
    expect(out.steps).toEqual([
      { id: 'sync-images-builtin', kind: 'run', title: 'Sync images to the built-in registry', included: false,
        reason: 'condition not met: Image registry = builtin', script: 'bash upgrade.sh --only-sync-image=true' },
      { id: 'sync-images-external', kind: 'run', title: 'Sync images to an external registry', included: true,
        script: 'bash upgrade.sh --only-sync-image=true --registry "$REGISTRY_ADDRESS" --username "$REGISTRY_USERNAME" --password "$REGISTRY_PASSWORD"' },
    ]);
  });

  it('included: null with a reason naming the condition; manual steps have no script', () => {
    const out = JSON.parse(runCli(['plan', OPS, '--json']).stdout);
    const eq = out.steps.find((s: { id: string }) => s.id === 'eq');
    expect(eq).toEqual({ id: 'eq', kind: 'run', title: 'Operators', included: null, reason: 'needs a value for from: Source version = 3.16', script: 'echo eq' });
    const manual = out.steps.find((s: { id: string }) => s.id === 'true-literal');
    expect(manual).toEqual({ id: 'true-literal', kind: 'manual', title: 'Operators', included: true });
    expect(out.steps.map((s: { id: string }) => s.id)).toHaveLength(21);
  });

  it('secrets are "***" in params and appear nowhere else, from a flag or from the environment', () => {
    const flag = runCli(['plan', EXAMPLE, '--json', '--param', 'registry=external', '--param', 'registry_password=hunter2']);
    expect(JSON.parse(flag.stdout).params.registry_password).toBe('***');
    expect(flag.stdout + flag.stderr).not.toContain('hunter2');
    const env = runCli(['plan', EXAMPLE, '--json', '--param', 'registry=external'], { env: { REGISTRY_PASSWORD: 'hunter2' } });
    expect(JSON.parse(env.stdout).params.registry_password).toBe('***');
    expect(env.stdout).not.toContain('hunter2');
    const text = runCli(['plan', EXAMPLE, '--param', 'registry=external', '--param', 'registry_password=hunter2']);
    expect(text.stdout).toContain('registry_password=***');
    expect(text.stdout).not.toContain('hunter2');
  });

  it('--params-file, with numbers kept as written (4.0 stays "4.0")', () => {
    const f = join(tmp, 'params.yaml');
    writeFileSync(f, 'from: 4.0\ndr: true\nnodes: 3\n');
    const out = JSON.parse(runCli(['plan', OPS, '--json', '--params-file', f]).stdout);
    expect(out.params).toEqual({ from: '4.0', dr: true, nodes: '3', registry: 'builtin' });
    expect(out.steps.find((s: { id: string }) => s.id === 'ge').included).toBe(true);
  });
});

describe('runbook plan: errors exit 2 and say what is allowed', () => {
  it('a value outside the choices', () => {
    const r = runCli(['plan', OPS, '--param', 'from=3.17']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('runbook: error: param "from" cannot be "3.17"\n  did you mean 3.16, 3.18, 3.9?\n  what to do: allowed: 3.9, 3.16, 3.18, 4.0\n');
  });
  it('a wrong boolean', () => {
    const r = runCli(['plan', OPS, '--param', 'dr=maybe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('param "dr" is a boolean; "maybe" is neither true nor false');
    expect(r.stderr).toContain('allowed: true, false');
  });
  it('an unknown param lists the declared ones', () => {
    const r = runCli(['plan', OPS, '--param', 'form=3.16']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown param "form" for runbook plan-operators');
    expect(r.stderr).toContain('its params: from, dr, registry, nodes, token');
  });
  it('a param without "="', () => {
    const r = runCli(['plan', OPS, '--param', 'from']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not of the form name=value');
  });
  it('the same errors in the chosen language', () => {
    const r = runCli(['plan', OPS, '--param', 'from=3.17'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('参数 "from" 不能为 "3.17"');
    expect(r.stderr).toContain('允许的值：3.9, 3.16, 3.18, 4.0');
  });
  it('an unknown flag, a language the file does not have, a bad params file', () => {
    const flag = runCli(['plan', OPS, '--bogus']);
    expect([flag.code, flag.stderr]).toEqual([2, expect.stringContaining('unknown flag --bogus for "runbook plan"')]);
    const lang = runCli(['plan', OPS, '--lang', 'de']);
    expect([lang.code, lang.stderr]).toEqual([2, expect.stringContaining('language "de" is not one of this runbook\'s languages: en, zh, ru')]);
    const f = join(tmp, 'bad.yaml');
    writeFileSync(f, '- just\n- a list\n');
    const file = runCli(['plan', OPS, '--params-file', f]);
    expect([file.code, file.stderr]).toEqual([2, expect.stringContaining('expected a mapping of name: value')]);
    noTrace(flag.stderr + lang.stderr + file.stderr);
  });
  it('a missing file says where it looked; an invalid runbook points to lint', () => {
    const missing = runCli(['plan', 'nope'], { env: { RUNBOOK_PATH: '/srv/runbooks' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no runbook "nope" (looked in: ${join(ROOT, 'nope')}, /srv/runbooks, ${join(ROOT, 'runbooks')})`);
    const invalid = runCli(['plan', 'test/fixtures/lint/steps.md']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('is not a valid runbook (26 errors; first: 11:1 run step without an id');
    expect(invalid.stderr).toContain(`"node bin/runbook.js lint ${join(ROOT, 'test/fixtures/lint/steps.md')}"`);
    noTrace(missing.stderr + invalid.stderr);
  });
});

describe('finding runbooks by name', () => {
  it('RUNBOOK_PATH works from any directory, with or without .md', () => {
    for (const name of ['operators', 'operators.md']) {
      const r = runCli(['plan', name, '--json'], { cwd: tmp, env: { RUNBOOK_PATH: `/nowhere:${join(ROOT, 'test', 'fixtures', 'plan')}` } });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).runbook).toBe('plan-operators');
    }
  });
});
