// What a step runs with: a defined environment (a few variables of the runner's own, params,
// captures, RUNBOOK_*) and its working directory. Values reach the step only this way, never
// spliced into its script. Nothing else of the operator's shell passes: BASH_ENV or ENV would be
// sourced by bash before the step, LD_*, PYTHON*, NODE_OPTIONS... change what tools load.
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Runbook } from '../document/model.js';
import { reservedEnvName } from '../document/env-names.js';
import { paramApplies, type ParamValues } from '../plan/params.js';
import { UserError } from '../core/errors.js';

/** The runner's variables a step sees (docs/format.md, "The step's environment"). */
export const PASS_THROUGH: readonly string[] = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TERM', 'COLORTERM', 'NO_COLOR', 'TMPDIR',
  'KUBECONFIG', 'SSH_AUTH_SOCK', 'SUDO_USER', 'SUDO_UID', 'SUDO_GID',
  'http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY',
];
/** Families that pass too: the locale, and the simulated toolbox's knobs in a rehearsal. */
const PASS_PREFIXES = ['LC_'];
const REHEARSAL_PREFIXES = ['RUNBOOK_REHEARSAL_', 'RUNBOOK_REHEARSE_'];

/** The part of the runner's environment a step starts from. */
export function passedThrough(base: NodeJS.ProcessEnv, rehearsal: boolean): Record<string, string> {
  const env = Object.create(null) as Record<string, string>;
  const prefixes = rehearsal ? [...PASS_PREFIXES, ...REHEARSAL_PREFIXES] : PASS_PREFIXES;
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && (PASS_THROUGH.includes(k) || prefixes.some((p) => k.startsWith(p)))) env[k] = v;
  }
  return env;
}

export interface StepContext {
  /** The runner's own environment. */
  base: NodeJS.ProcessEnv;
  runbook: Runbook;
  /** Secrets included. */
  params: ParamValues;
  captures: Record<string, string>;
  lang: string;
  runId: string;
  /**
   * Set for a rehearsal: the sandbox, the simulated toolbox (rehearsal/bin), the argv that starts
   * runbook itself, which runs the simulated tools where there is no `node` (a single executable),
   * and the address of the runner's toolbox server when it has one (toolbox-server.ts).
   */
  rehearsal?: { sandbox: string; toolbox: string; self: string[]; server?: string };
}

export function stepEnvironment(ctx: StepContext, stepId?: string): Record<string, string> {
  const env = passedThrough(ctx.base, !!ctx.rehearsal);
  if (ctx.rehearsal) {
    env.RUNBOOK_REHEARSAL = '1';
    env.RUNBOOK_REHEARSAL_DIR = ctx.rehearsal.sandbox;
    env.PATH = [ctx.rehearsal.toolbox, env.PATH].filter(Boolean).join(':');
    const [self, script] = ctx.rehearsal.self;
    env.RUNBOOK_SELF = self!;
    if (script) env.RUNBOOK_SELF_SCRIPT = script;
    if (ctx.rehearsal.server) env.RUNBOOK_TOOLBOX = ctx.rehearsal.server;
  }
  for (const def of ctx.runbook.params) {
    const v = Object.hasOwn(ctx.params, def.name) ? ctx.params[def.name] : undefined;
    if (v === undefined || (def.when !== undefined && paramApplies(def, ctx.params) === false)) continue;
    setVar(env, def.env, typeof v === 'boolean' ? String(v) : ctx.rehearsal && def.type === 'string' ? reroot(ctx.rehearsal.sandbox, v) : v);
  }
  for (const [name, value] of Object.entries(ctx.captures)) setVar(env, name, value);
  env.RUNBOOK_LANG = ctx.lang;
  env.RUNBOOK_RUN_ID = ctx.runId;
  if (stepId) env.RUNBOOK_STEP = stepId;
  return env;
}

/**
 * Lint refuses these names already; this guards a runbook model that did not come through lint
 * (and a state file edited by hand) at the moment the value would reach a step.
 */
function setVar(env: Record<string, string>, name: string, value: string): void {
  if (reservedEnvName(name)) throw new UserError('error.reservedEnv', { name }, { key: 'hint.reservedEnv' });
  env[name] = value;
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
  // The base too may be gone (the run's directory, removed meanwhile): said as such, not as spawn's ENOENT.
  if (cwd === undefined) return existingDir(base);
  const missing: string[] = [];
  let dir = cwd.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    if (!env[name]) missing.push(name);
    return env[name] ?? '';
  });
  if (missing.length) return { error: 'msg.cwdVar', vars: { cwd, names: missing.join(', ') } };
  if (dir === '~' || dir.startsWith('~/')) dir = join(env.HOME ?? '', dir.slice(1));
  return existingDir(resolve(base, dir));
}

function existingDir(dir: string): CwdResult {
  let isDir = false;
  try { isDir = statSync(dir).isDirectory(); } catch { /* reported below */ }
  return isDir ? { dir } : { error: 'msg.cwdMissing', vars: { dir } };
}
