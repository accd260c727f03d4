// What a step runs with: its environment (the runner's own, params, captures, RUNBOOK_*) and its
// working directory. Values reach the step only this way, never spliced into its script.
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Runbook } from '../document/model.js';
import { paramApplies, type ParamValues } from '../plan/params.js';

export interface StepContext {
  /** The runner's own environment. */
  base: NodeJS.ProcessEnv;
  runbook: Runbook;
  /** Secrets included. */
  params: ParamValues;
  captures: Record<string, string>;
  lang: string;
  runId: string;
  /** Set for a rehearsal: the sandbox and the simulated toolbox (rehearsal/bin). */
  rehearsal?: { sandbox: string; toolbox: string };
}

export function stepEnvironment(ctx: StepContext, stepId?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.base)) if (v !== undefined) env[k] = v;
  if (ctx.rehearsal) {
    env.RUNBOOK_REHEARSAL = '1';
    env.RUNBOOK_REHEARSAL_DIR = ctx.rehearsal.sandbox;
    env.PATH = [ctx.rehearsal.toolbox, env.PATH].filter(Boolean).join(':');
  } else {
    // A stale variable from the operator's shell must not make a real run behave as a rehearsal.
    delete env.RUNBOOK_REHEARSAL;
    delete env.RUNBOOK_REHEARSAL_DIR;
  }
  for (const def of ctx.runbook.params) {
    const v = ctx.params[def.name];
    if (v === undefined || (def.when !== undefined && paramApplies(def, ctx.params) === false)) continue;
    if (typeof v === 'boolean') env[def.env] = String(v);
    else env[def.env] = ctx.rehearsal && def.type === 'string' ? reroot(ctx.rehearsal.sandbox, v) : v;
  }
  Object.assign(env, ctx.captures);
  env.RUNBOOK_LANG = ctx.lang;
  env.RUNBOOK_RUN_ID = ctx.runId;
  if (stepId) env.RUNBOOK_STEP = stepId;
  return env;
}

/** Rehearsal: an absolute path points into the sandbox (`/root/x` → SANDBOX/root/root/x), never at the real path. */
export function reroot(sandbox: string, value: string): string {
  return isAbsolute(value) ? join(sandbox, 'root', value) : value;
}

/** A directory, or why there is none: a run catalog key (src/i18n/run.ts) and its values. */
export type CwdResult = { dir: string } | { error: 'msg.cwdVar' | 'msg.cwdMissing'; vars: Record<string, string> };

/**
 * `cwd` with $NAME and ${NAME} expanded from the step's environment and a leading `~` from HOME,
 * by the runner, never by a shell; relative to `base`. It must name an existing directory.
 */
export function resolveCwd(cwd: string | undefined, env: Record<string, string>, base: string): CwdResult {
  if (cwd === undefined) return { dir: base };
  const missing: string[] = [];
  let dir = cwd.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    if (!env[name]) missing.push(name);
    return env[name] ?? '';
  });
  if (missing.length) return { error: 'msg.cwdVar', vars: { cwd, names: missing.join(', ') } };
  if (dir === '~' || dir.startsWith('~/')) dir = join(env.HOME ?? '', dir.slice(1));
  dir = resolve(base, dir);
  let isDir = false;
  try { isDir = statSync(dir).isDirectory(); } catch { /* reported below */ }
  return isDir ? { dir } : { error: 'msg.cwdMissing', vars: { dir } };
}
