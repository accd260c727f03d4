#!/usr/bin/env node
// npm run docs: the shipped runbooks as documents to read on a code host, one per language:
// docs/runbooks/<lang>/<name>.md is exactly `runbook render runbooks/<name>.md --lang <lang>`.
// test/docs-fresh.test.ts fails when one of them is stale. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each shipped runbook with its languages (from its front matter). */
export function shippedDocs() {
  const out = [];
  for (const file of readdirSync(join(root, 'runbooks')).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(join(root, 'runbooks', file), 'utf8');
    const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
    const languages = front ? parse(front[1]).languages ?? [] : [];
    for (const lang of languages) out.push({ source: `runbooks/${file}`, lang, target: `docs/runbooks/${lang}/${file}` });
  }
  return out;
}

function render(source, lang) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  const r = spawnSync(process.execPath, [join(root, 'bin', 'runbook.js'), 'render', source, '--lang', lang], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`runbook render ${source} --lang ${lang} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { source, lang, target } of shippedDocs()) {
    mkdirSync(dirname(join(root, target)), { recursive: true });
    writeFileSync(join(root, target), render(source, lang));
    process.stdout.write(`${target}\n`);
  }
}
