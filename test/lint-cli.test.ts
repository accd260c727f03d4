// `runbook lint` through the built binary (npm test builds first): output format, exit codes, --json,
// --strict, directories, names found through RUNBOOK_PATH, and usage errors.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli, ROOT } from './helpers/cli.js';

const FIX = join(ROOT, 'test', 'fixtures', 'lint');

const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at .*:\d+:\d+/);

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'runbook-lint-cli-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('runbook lint', () => {
  it('a clean runbook: exit 0 and a summary', () => {
    const r = runCli(['lint', 'test/fixtures/lint/valid.md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 file: 0 errors, 0 warnings\n');
    expect(r.stderr).toBe('');
  });

  it('errors: exit 1, one line per finding as file:line:column  severity  message  rule', () => {
    const r = runCli(['lint', 'test/fixtures/lint/nesting-trap.md']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^test\/fixtures\/lint\/nesting-trap\.md:9:1  error  ":::manual" at line 9 holds ":::en" .*open it with "::::manual\{#click-upgrade\}".*  container-nesting$/);
    expect(lines.slice(0, -1).map((l) => l.split('  ').slice(0, 2).join(' '))).toEqual([
      'test/fixtures/lint/nesting-trap.md:9:1 error',
      'test/fixtures/lint/nesting-trap.md:16:1 error',
      'test/fixtures/lint/nesting-trap.md:19:1 error',
      'test/fixtures/lint/nesting-trap.md:29:1 error',
      'test/fixtures/lint/nesting-trap.md:34:1 error',
    ]);
    expect(lines.at(-1)).toBe('1 file: 5 errors, 0 warnings');
    noTrace(r.stderr);
  });

  it('--json: files, counts and the findings', () => {
    const r = runCli(['lint', '--json', 'test/fixtures/lint/steps.md', 'test/fixtures/lint/valid.md']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['files', 'errors', 'warnings', 'diagnostics']);
    expect([out.files, out.errors, out.warnings]).toEqual([2, 26, 0]); // interval longer than timeout is an error
    expect(out.diagnostics[0]).toEqual({
      file: 'test/fixtures/lint/steps.md', line: 11, column: 1, severity: 'error',
      message: expect.stringContaining('add {#upload-images}'), rule: 'step-id',
    });
  });

  it('--strict: warnings fail too', () => {
    expect(runCli(['lint', 'test/fixtures/lint/translations.md']).code).toBe(0);
    const strict = runCli(['lint', '--strict', 'test/fixtures/lint/translations.md']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('1 file: 0 errors, 7 warnings');
  });

  it('a directory: every *.md under it, in one call', () => {
    const r = runCli(['lint', '--json', 'test/fixtures/lint']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.files).toBe(readdirSync(FIX).filter((f) => f.endsWith('.md')).length);
    expect(new Set(out.diagnostics.map((d: { rule: string }) => d.rule)).size).toBeGreaterThan(25);
  });

  it('a missing file: exit 2, saying where it looked', () => {
    const r = runCli(['lint', 'no-such-runbook.md'], { env: { RUNBOOK_PATH: '/nowhere/a:/nowhere/b' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no runbook "no-such-runbook.md"');
    expect(r.stderr).toContain('/nowhere/a, /nowhere/b');
    expect(r.stderr).toContain(join(ROOT, 'runbooks'));
    expect(r.stderr).toContain('what to do:');
    noTrace(r.stderr);
    const path = runCli(['lint', './sub/missing.md']);
    expect(path.code).toBe(2);
    expect(path.stderr).toContain(`looked in: ${join(ROOT, 'sub', 'missing.md')}`);
  });

  it('a name found through RUNBOOK_PATH, from another directory', () => {
    const r = runCli(['lint', 'operators'], { cwd: tmp, env: { RUNBOOK_PATH: join(ROOT, 'test', 'fixtures', 'plan') } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 file: 0 errors, 0 warnings\n');
  });

  it('something that is not a file: rule "file"', () => {
    const r = runCli(['lint', '/dev/null']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\/dev\/null:1:1 {2}error {2}not a regular file or directory; give a runbook file .* {2}file$/m);
  });

  it('symlink loops and the same file twice are linted once', () => {
    const d = join(tmp, 'loop');
    mkdirSync(d);
    copyFileSync(join(FIX, 'valid.md'), join(d, 'a.md'));
    symlinkSync(d, join(d, 'again'));
    writeFileSync(join(d, 'README.md'), 'not a runbook');
    const r = runCli(['lint', d, join(d, 'a.md')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 file: 0 errors, 0 warnings\n');
  });

  it('usage errors: exit 2 naming what is wrong', () => {
    const flag = runCli(['lint', '--bogus', 'x.md']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown flag --bogus for "runbook lint"');
    expect(flag.stderr).toContain('"node bin/runbook.js lint --help"');
    const none = runCli(['lint']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: runbook lint FILE|DIR...');
    noTrace(flag.stderr + none.stderr);
  });

  it('hostile files end in findings, never in a crash', () => {
    const files: Record<string, string | Buffer> = {
      'binary.md': Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)),
      'truncated.md': '---\nid: x\nlang',
      'huge-line.md': `---\nid: x\nlanguages: [en]\ntitle: X\n---\n\n${'nginx:latest '.repeat(900_000)}\n`,
      'deep.md': `---\nid: x\nlanguages: [en]\ntitle: X\n---\n\n${':::if{a}\n'.repeat(500)}`,
      'empty.md': '',
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    const r = runCli(['lint', '--json', ...Object.keys(files).map((f) => join(tmp, f))]);
    expect(r.code).toBe(1);
    noTrace(r.stderr);
    const out = JSON.parse(r.stdout);
    const rules = (f: string) => out.diagnostics.filter((d: { file: string }) => d.file.endsWith(f)).map((d: { rule: string }) => d.rule);
    expect(rules('binary.md')).toContain('binary-content');
    expect(rules('truncated.md')).toEqual(['front-matter']);
    expect(rules('huge-line.md')).toEqual(['file-size']);
    expect(rules('deep.md')).toEqual(['nesting-depth']);
    expect(rules('empty.md')).toEqual(['front-matter']);
  });
});
