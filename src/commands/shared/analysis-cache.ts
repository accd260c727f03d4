// A cache of what reading a runbook yields (its model and lint findings), like ESLint's --cache: in
// the private per-user cache directory (engine/core/cache-dir.ts), one entry per file path, valid
// only for the same path, the same content and the same build of the tool. A hit does not even load
// the markdown parser; a missing, stale or unreadable entry is a miss. The cache never changes a
// result (test/cache.test.ts).
import { readFileSync, readdirSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Analysis } from '../../engine/authoring/findings.js';
import { cacheBase } from '../../engine/core/cache-dir.js';
import { replaceFile } from '../../engine/core/replace-file.js';
import { BUILD_ID_FILE, PROJECT_ROOT, RELEASE } from '../../engine/core/env.js';

/** The model and findings of `source` read from `path`: from the cache when `useCache` and it holds them. */
export async function analyzeCached(source: string, path: string, useCache: boolean): Promise<Analysis> {
  const store = useCache ? openStore() : undefined;
  if (!store) return analyzeNow(source, path);
  const { dir, build } = store;
  const entry = entryFile(dir, path);
  // The path as given is part of the key: findings name the file as the user wrote it.
  const key = sha256(`${build}\0${path}\0${source}`);
  const hit = readEntry(entry, key);
  if (hit) return hit;
  const analysis = await analyzeNow(source, path);
  try {
    // Atomic, not durable: a cache entry lost in a power cut is only a miss.
    replaceFile(entry, JSON.stringify({ key, analysis }), { mode: 0o600, durable: false });
    prune(dir);
  } catch {
    // A cache that cannot be written (a full disk, a read-only home) only costs time.
  }
  return analysis;
}

/** The entry of the file at `path` in the entries directory `dir`: one per file, whatever its content. */
export function entryFile(dir: string, path: string): string {
  return join(dir, `${sha256(resolve(path)).slice(0, 32)}.json`);
}

async function analyzeNow(source: string, path: string): Promise<Analysis> {
  return (await import('../../engine/authoring/lint.js')).analyze(source, path);
}

let store: { dir: string; build: string } | null | undefined;

/**
 * Where entries live (`analysis/` in the private cache directory) and the build they are valid for,
 * found once a process (lint and list read many files); none (no caching) when either cannot be.
 */
function openStore(): { dir: string; build: string } | undefined {
  if (store === undefined) {
    const dir = entriesDir();
    const build = dir === undefined ? '' : tellBuild();
    store = dir !== undefined && build ? { dir, build } : null;
  }
  return store ?? undefined;
}

function entriesDir(): string | undefined {
  try {
    const dir = join(cacheBase(), 'analysis');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  } catch {
    return undefined;
  }
}

/** Entries kept: one per runbook path, so a person's few runbooks; a test suite's temporary copies are pruned. */
export const MAX_ENTRIES = 500;

/** Past MAX_ENTRIES, drop the least recently written fifth (done on a miss, which costs a parse anyway). */
function prune(dir: string): void {
  const names = readdirSync(dir);
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names.map((name) => ({ name, at: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.at - b.at);
  for (const { name } of byAge.slice(0, names.length - Math.floor(MAX_ENTRIES * 0.8))) rmSync(join(dir, name), { force: true });
}

function readEntry(file: string, key: string): Analysis | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; analysis?: Analysis };
    if (entry.key !== key || !entry.analysis || !Array.isArray(entry.analysis.findings)) return undefined;
    return entry.analysis;
  } catch {
    return undefined;
  }
}

/**
 * This build of the tool; '' when it cannot be told (then nothing is cached). A release knows its
 * version, commit and build date; a checkout reads the hash of its bundle that scripts/bundle.mjs
 * wrote (one read: stat'ing every compiled file took 20 ms of each start), so a rebuild after an
 * edit makes every entry stale.
 */
function tellBuild(): string {
  if (RELEASE) return sha256(`release\0${RELEASE.version}\0${RELEASE.commit}\0${RELEASE.date}`);
  try {
    return readFileSync(join(PROJECT_ROOT, 'dist', 'bundle', BUILD_ID_FILE), 'utf8').trim();
  } catch {
    return '';
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
