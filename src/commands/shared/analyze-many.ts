// Reading several runbooks at once (`lint runbooks/`): what the cache holds is taken at once, the
// rest is parsed one share per core. This process parses the largest share; every other share goes
// to a child running this same program (`runbook __analyze`, commands/analyze.ts), since parsing is
// nearly all the time of a cold lint and one process cannot use a second core. A share too small
// to pay for a child's start stays here.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { Analysis } from '../../engine/authoring/findings.js';
import { selfCommand } from '../../engine/core/env.js';
import { analyzeAndKeep, cachedAnalysis } from './analysis-cache.js';

export interface Source {
  source: string;
  path: string;
}

/** Below this many characters a share is parsed here: a child's start costs about what parsing 30 KB does. */
export const MIN_CHILD_SHARE = 48 * 1024;

/** The analysis of every source, in their order; the same as analyzeCached on each (test/lint-parallel.test.ts). */
export async function analyzeMany(sources: Source[], useCache: boolean): Promise<Analysis[]> {
  const out: (Analysis | undefined)[] = sources.map((s) => cachedAnalysis(s.source, s.path, useCache));
  const missing = sources.map((_, i) => i).filter((i) => !out[i]);
  const [own = [], ...others] = shares(missing, (i) => sources[i]!.source.length);
  const children = others.map((share) => ({ share, result: inChild(share.map((i) => sources[i]!), useCache) }));
  for (const i of own) out[i] = await analyzeAndKeep(sources[i]!.source, sources[i]!.path, useCache);
  for (const { share, result } of children) {
    // A child that failed is not trusted with anything: its share is read here, where an error shows.
    const analyses = await result;
    for (const [k, i] of share.entries()) out[i] = analyses?.[k] ?? await analyzeAndKeep(sources[i]!.source, sources[i]!.path, useCache);
  }
  return out as Analysis[];
}

/**
 * `items` split into at most one share per core, largest first into the lightest share, the
 * heaviest share first; shares under MIN_CHILD_SHARE join it.
 */
export function shares(items: number[], size: (item: number) => number): number[][] {
  const n = Math.max(1, Math.min(availableParallelism(), items.length));
  const bins = Array.from({ length: n }, () => ({ items: [] as number[], size: 0 }));
  for (const item of [...items].sort((a, b) => size(b) - size(a) || a - b)) {
    const lightest = bins.reduce((a, b) => (b.size < a.size ? b : a));
    lightest.items.push(item);
    lightest.size += size(item);
  }
  bins.sort((a, b) => b.size - a.size);
  const [own, ...rest] = bins;
  const children = rest.filter((b) => b.size >= MIN_CHILD_SHARE);
  for (const small of rest.filter((b) => b.size < MIN_CHILD_SHARE)) own!.items.push(...small.items);
  return [own!, ...children].map((b) => b.items).filter((items, i) => i === 0 || items.length > 0);
}

/** The analyses of `sources` from a child, in their order; undefined when it failed in any way. */
function inChild(sources: Source[], useCache: boolean): Promise<Analysis[] | undefined> {
  const [cmd, ...args] = selfCommand();
  return new Promise((resolve) => {
    const child = spawn(cmd!, [...args, '__analyze', ...(useCache ? [] : ['--no-cache'])], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => resolve(undefined));
    child.stdin!.on('error', () => undefined);
    child.on('close', (code) => {
      try {
        const analyses = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Analysis[];
        resolve(code === 0 && Array.isArray(analyses) && analyses.length === sources.length ? analyses : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin!.end(JSON.stringify(sources));
  });
}
