// The layout stays true: imports between src/ folders point down the layers and close no cycle.
// cli → commands → ui → {authoring, execution} → plan → document → core; i18n may be used by any
// layer and uses none of them at run time (type imports of the model are fine: they vanish).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** Each folder's rank: a runtime import may only point to a lower rank (or its own layer). */
const LAYERS: [prefix: string, rank: number][] = [
  ['engine/core', 0],
  ['engine/document', 1],
  ['engine/plan', 2],
  ['engine/authoring', 3],
  ['engine/execution', 3],
  ['ui', 4],
  ['commands', 5],
  ['cli.ts', 6],
];

interface Import { from: string; to: string; typeOnly: boolean; line: number }

function sourceFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => join(dir, f));
}

/** Every relative import of `file`, static or dynamic, resolved to a path under src/. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const pattern = /^[ \t]*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
  return [...text.matchAll(pattern)].map((m) => ({
    from: rel(file),
    to: rel(resolve(dirname(file), (m[2] ?? m[3])!).replace(/\.js$/, '')),
    typeOnly: Boolean(m[1]),
    line: text.slice(0, m.index).split('\n').length,
  }));
}

const rel = (p: string) => relative(SRC, p).replace(/\.tsx?$/, '');

function layerOf(path: string): { name: string; rank: number } | undefined {
  for (const [prefix, rank] of LAYERS) if (path === prefix.replace(/\.ts$/, '') || path.startsWith(`${prefix}/`)) return { name: prefix, rank };
  return undefined;
}

const isI18n = (p: string) => p.startsWith('i18n/');
const folderOf = (p: string) => dirname(p);

const imports = sourceFiles(SRC).flatMap(importsOf);

describe('the layers of src/', () => {
  it('knows the layer of every source file', () => {
    const unplaced = sourceFiles(SRC).map(rel).filter((p) => !isI18n(p) && !layerOf(p));
    expect(unplaced).toEqual([]);
  });

  it('imports point down the layers', () => {
    const wrong = imports.filter((imp) => {
      if (isI18n(imp.to)) return false;
      if (isI18n(imp.from)) return !imp.typeOnly;
      const a = layerOf(imp.from)!;
      const b = layerOf(imp.to)!;
      return a.name !== b.name && b.rank >= a.rank;
    });
    expect(wrong.map((w) => `src/${w.from}:${w.line} imports ${w.to}`)).toEqual([]);
  });

  it('no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const imp of imports) {
      const [a, b] = [folderOf(imp.from), folderOf(imp.to)];
      if (a === b || isI18n(imp.to)) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
    }
    expect(findCycle(edges)).toEqual([]);
  });
});

/** A cycle in the folder graph as [a, b, …, a], or [] when there is none. */
function findCycle(edges: Map<string, Set<string>>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] => {
    if (state.get(node) === 'done') return [];
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle.length) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return [];
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle.length) return cycle;
  }
  return [];
}
