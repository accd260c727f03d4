// `runbook render` through the built binary (npm test compiles first: tsc, then vitest).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { packagesLoadedBy } from './helpers/imports.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'render', 'upgrade.md');
let tmp = '';

function runbook(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { env });
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'render.js'))) throw new Error('dist/ is missing: run "npm run build" (npm test does)');
  tmp = mkdtempSync(join(tmpdir(), 'runbook-render-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('runbook render (markdown)', () => {
  it('prints a clean document in the chosen language', () => {
    const r = runbook(['render', FIXTURE, '--lang', 'zh']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).not.toMatch(/:::|:en\[|:zh\[|:ru\[|\{#|<!--/);
    expect(md.split('\n')[0]).toBe('# 升级 global 集群');
    expect(md).toContain('## 参数');
    expect(md).toContain('### 1. Kubernetes 不低于 1.28');
    expect(md).toContain('**检查**');
    expect(md).toContain('镜像 nginx:latest 必须已在仓库中');
    // only Chinese prose: no English or Russian sentences
    expect(md).not.toContain('This procedure upgrades');
    expect(md).not.toContain('Эта процедура');
    expect(md).not.toMatch(/[А-Яа-яЁё]/);
    // the English-only block, marked
    expect(md).toContain('*（未翻译）*\n\nENGLISH-ONLY NOTE');
  });

  it('without params: conditional content kept with notes; with params: filtered', () => {
    const all = runbook(['render', FIXTURE, '--lang', 'en']).stdout;
    expect(all).toContain('> *The following part applies only if “Version you upgrade from” is 3.16.*');
    expect(all).toContain('FROM-316-PROSE');
    expect(all).toContain('Sync images to the built-in registry');
    expect(all).toContain('Sync images to an external registry');

    const r = runbook(['render', FIXTURE, '--lang', 'en', '--param', 'from=3.18', '--param', 'registry=external']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('FROM-316-PROSE');
    expect(r.stdout).not.toContain('Sync images to the built-in registry');
    expect(r.stdout).toContain('### 2. Sync images to an external registry');
    expect(r.stdout).not.toContain('Only when');
  });

  it('takes params from a file too', () => {
    const file = join(tmp, 'params.yaml');
    writeFileSync(file, 'from: "3.16"\nregistry: builtin\n');
    const r = runbook(['render', FIXTURE, '--lang', 'ru', '--params-file', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('При обновлении с 3.16');
    expect(r.stdout).not.toContain('Загрузка во внешний реестр');
    expect(r.stdout).toContain('## Upload images *(не переведено)*');
  });

  it('uses RUNBOOK_LANG when --lang is not given', () => {
    const r = runbook(['render', FIXTURE], { RUNBOOK_LANG: 'ru' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# Обновление глобального кластера');
  });
});

describe('runbook render --format html', () => {
  it('prints one self-contained page without scripts or external URLs', () => {
    const r = runbook(['render', FIXTURE, '--lang', 'ru', '--format', 'html']);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<!doctype/gi)).toHaveLength(1);
    expect(html.match(/<html[ >]/g)).toHaveLength(1);
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Обновление глобального кластера</title>');
    expect(html).toMatch(/<style>[\s\S]*<\/style>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/href="(https?:)?\/\//i);
    expect(html).not.toMatch(/<link|<!--|:::|\{#/);
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>'); // the runbook's raw HTML, shown, not run
    expect(html).toMatch(/<h3 id="s\d+">1\. Kubernetes не ниже 1\.28<\/h3>/);
  });
});

describe('runbook render --out', () => {
  it('writes the file and prints nothing', () => {
    const out = join(tmp, 'doc.html');
    const r = runbook(['render', FIXTURE, '--lang', 'en', '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Upgrade the global cluster</title>');
    expect(readdirSync(dirname(out)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const md = join(tmp, 'doc.md');
    expect(runbook(['render', FIXTURE, '--out', md, '--lang', 'en']).code).toBe(0);
    expect(readFileSync(md, 'utf8').split('\n')[0]).toBe('# Upgrade the global cluster');
  });

  it('an unwritable place is a usage error naming the file', () => {
    const out = join(tmp, 'no-such-dir', 'doc.md');
    const r = runbook(['render', FIXTURE, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write ${out}`);
    expect(r.stdout).toBe('');
  });
});

describe('runbook render: usage errors exit 2 with a message', () => {
  it('an unknown format names the allowed ones', () => {
    const r = runbook(['render', FIXTURE, '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"pdf"');
    expect(r.stderr).toContain('md, html');
  });

  it('in the chosen language', () => {
    const r = runbook(['render', FIXTURE, '--format', 'pdf', '--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知格式 "pdf"');
  });

  it('a language the runbook does not have', () => {
    const r = runbook(['render', FIXTURE, '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"fr"');
    expect(r.stderr).toContain('en, zh, ru');
  });

  it('a bad or unknown param', () => {
    const bad = runbook(['render', FIXTURE, '--param', 'from=3.17']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"from"');
    expect(bad.stderr).toContain('3.16, 3.18, 4.0');
    const unknown = runbook(['render', FIXTURE, '--param', 'nope=1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"nope"');
    const syntax = runbook(['render', FIXTURE, '--param', 'from']);
    expect(syntax.code).toBe(2);
  });

  it('an unknown flag, no file, a missing file', () => {
    expect(runbook(['render', FIXTURE, '--bogus']).code).toBe(2);
    const none = runbook(['render']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('runbook render FILE');
    const missing = runbook(['render', join(tmp, 'missing.md')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.md');
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--help prints the usage', () => {
    const r = runbook(['render', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--format md|html');
  });
});

describe('runbook render stays light', () => {
  it('does not import ink or react', () => {
    const bare = packagesLoadedBy(join(ROOT, 'dist', 'commands', 'render.js'));
    expect(bare.filter((s) => /^(ink|react)(\/|$)/.test(s))).toEqual([]);
  });
});
