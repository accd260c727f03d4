// Every param of a run and where its value came from, gathered in one pass (one way): the
// operator's answers, then --param flags, the params file, the run being resumed, the environment
// (secrets only: the one place they are read from it), then defaults and, when rehearsing, examples.
import { isAbsolute, join, resolve } from 'node:path';
import type { ParamDef, Runbook } from '../document/model.js';
import { fallbackValue, type ParamValues } from './params.js';

/** Where a value came from; `run`: the values stored with the run being resumed. */
export type ParamSource = 'answer' | 'flag' | 'file' | 'run' | 'environment' | 'default' | 'example';

export interface ParamEntry {
  value: string | boolean;
  source: ParamSource;
  /** A relative path as typed, when `value` is the absolute path it was resolved to. */
  given?: string;
}

export interface ParamSet {
  /** The params that apply (and any given ones), in declaration order. */
  entries: Record<string, ParamEntry>;
  /** Params that apply (or may apply) but have no value yet. */
  missing: ParamDef[];
}

/** Values by source; the earlier a source in this list, the more it counts. */
export interface ParamLayers {
  answer?: ParamValues;
  flag?: ParamValues;
  file?: ParamValues;
  run?: ParamValues;
}
const LAYERS = ['answer', 'flag', 'file', 'run'] as const;

export interface GatherOptions {
  /** Secrets not given come from here (the variable of their upper-cased name). */
  env: NodeJS.ProcessEnv;
  useExamples: boolean;
  /** Relative paths typed by the operator are resolved against this directory. */
  cwd: string;
}

export function gatherParams(runbook: Runbook, layers: ParamLayers, o: GatherOptions): ParamSet {
  const entries: Record<string, ParamEntry> = {};
  const values: ParamValues = {};
  const missing: ParamDef[] = [];
  for (const def of runbook.params) {
    const entry = givenEntry(def, layers, o) ?? fallbackEntry(def, values, o);
    if (entry === 'not-applicable') continue;
    if (!entry) {
      missing.push(def);
      continue;
    }
    entries[def.name] = entry;
    values[def.name] = entry.value;
  }
  return { entries, missing };
}

export function valuesOf(set: ParamSet): ParamValues {
  return Object.fromEntries(Object.entries(set.entries).map(([k, e]) => [k, e.value]));
}

function givenEntry(def: ParamDef, layers: ParamLayers, o: GatherOptions): ParamEntry | undefined {
  for (const source of LAYERS) {
    const value = layers[source]?.[def.name];
    if (value === undefined) continue;
    // Stored values were resolved when they were given.
    if (source === 'run' || typeof value !== 'string' || !isPathLike(def, value)) return { value, source };
    const abs = absolutePath(value, o);
    return abs === value ? { value, source } : { value: abs, source, given: value };
  }
  if (def.type === 'secret' && o.env[def.env] !== undefined) return { value: o.env[def.env]!, source: 'environment' };
  return undefined;
}

function fallbackEntry(def: ParamDef, values: ParamValues, o: GatherOptions): ParamEntry | 'not-applicable' | undefined {
  const f = fallbackValue(def, values, o.useExamples);
  return f === 'not-applicable' || f === undefined ? f : { value: f.value, source: f.source };
}

const RELATIVE = /^(\.{1,2}|~)(\/|$)/;
const ABSOLUTE_HINT = /^(\/|~\/)/;

/**
 * A string param holds a path when its value starts with ./ ../ or ~/, or when its default or
 * example is an absolute path (then `pkg` means the directory pkg where the runner was started).
 */
export function isPathLike(def: ParamDef, value: string): boolean {
  if (def.type !== 'string' || value === '' || isAbsolute(value) || value.includes('://') || value.startsWith('$')) return false;
  if (RELATIVE.test(value)) return true;
  return [def.default, def.example].some((v) => typeof v === 'string' && ABSOLUTE_HINT.test(v));
}

function absolutePath(value: string, o: GatherOptions): string {
  if ((value === '~' || value.startsWith('~/')) && o.env.HOME) return join(o.env.HOME, value.slice(1));
  return resolve(o.cwd, value);
}
