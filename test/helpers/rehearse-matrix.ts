// Full rehearsals of the shipped runbooks through the real binary and the simulated toolbox, for the
// test/rehearsal-matrix-*.test.ts files (one file per runbook or shard, so that vitest's workers run
// them side by side). Every combination of choice and boolean params is planned in
// runbooks-plan.test.ts; here every combination that executes something different is rehearsed end
// to end: combinations that run the same commands with the same values against the same simulated
// platform (they differ only in which manual steps they include, or in params the toolbox builds the
// same platform from) behave the same, so one run stands for all of them; and so does a run whose
// commands are the first ones of another's, with the same values on the same platform.
import { it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { planSteps } from '../../src/engine/plan/plan.js';
import { resolveParams, type ParamValues } from '../../src/engine/plan/params.js';
import type { Runbook } from '../../src/engine/document/model.js';
import { stepEnvironment } from '../../src/engine/execution/environment.js';
import { initRuntime, rt } from '../../rehearsal/lib/runtime.mjs';
import { initialState } from '../../rehearsal/lib/platform.mjs';
import { ROOT, loadShipped, combinations, expectedSteps, supportedPath } from '../matrix.js';
import { BIN, cliEnv } from './cli.js';

const run = promisify(execFile);

/** What a combination executes, the values its commands see, and the platform they act on. */
interface Execution {
  /** The combination's executable steps, in order ([] for an unsupported path). */
  steps: string[];
  /** Every param value those steps' commands or directories name. */
  seen: Record<string, unknown>;
  /** The simulated platform (simulatedPlatform), or the unsupported path. */
  platform: string;
}

function executionOf(runbook: Runbook, combo: ParamValues): Execution {
  // an unsupported path stops at its first step, whatever the other params say
  if (!supportedPath(combo)) return { steps: [], seen: {}, platform: `unsupported ${combo.from} -> ${combo.to}` };
  const { values } = resolveParams(runbook, combo, { useExamples: true });
  const executed = planSteps(runbook, values, 'en').filter((p) => p.included && p.step.kind !== 'manual').map((p) => p.step);
  const seen: Record<string, unknown> = {};
  // supported-path only compares from and to (every pair is run in rehearsal-runbook-steps.test.ts);
  // `to` matters here where a command reads $TO (the TopoLVM lookup)
  for (const step of executed.filter((s) => s.id !== 'supported-path'))
    for (const p of runbook.params) if (`${step.script?.value ?? ''} ${step.cwd ?? ''}`.includes(p.env)) seen[p.name] = values[p.name];
  return { steps: executed.map((s) => s.id), seen, platform: JSON.stringify(simulatedPlatform(runbook, values)) };
}

const signature = (e: Execution): string => JSON.stringify([e.steps, Object.entries(e.seen).sort(), e.platform]);

/**
 * Is `part` rehearsed by a run of `whole`? Its steps are whole's first ones, their commands see the
 * same values, on the same platform: each of them runs in whole's run as it would in its own. (That
 * it plans exactly those steps is runbooks-plan.test.ts's to check, for every combination.)
 */
function partOf(part: Execution, whole: Execution): boolean {
  return part.platform === whole.platform && part.steps.length < whole.steps.length
    && part.steps.every((id, i) => whole.steps[i] === id)
    && Object.entries(part.seen).every(([name, value]) => whole.seen[name] === value);
}

/**
 * The platform rehearsal/setup simulates for these params: the toolbox's initial state (platform.mjs),
 * built from the environment the runner gives setup, and the *_DIR directories setup creates. Every
 * answer of the simulated tools derives from those (the only other variables they read are the tests'
 * RUNBOOK_REHEARSAL_* knobs, the same in every cell), and initialState builds each object from the
 * fields kept here, so two cells with the same fields meet the same platform. The objects themselves are left out (their uids and some names
 * are random), and so is the target version, as the `to` param is above: it matters where a command
 * reads $TO. This is what makes, for example, a workload cluster's `dr` and `cluster_type` irrelevant:
 * the toolbox builds the same cluster for every value of them.
 */
function simulatedPlatform(runbook: Runbook, values: ParamValues): unknown {
  const env = stepEnvironment({ base: {}, runbook, params: values, captures: {}, lang: 'en', runId: 'matrix', rehearsal: { sandbox: '/sandbox', toolbox: '', self: [] } });
  initRuntime(env);
  rt.now = 0; // the times in the state are relative to now
  const { objects: _objects, createdAt: _createdAt, params: { to: _to, ...params }, platform: { target: _target, ...platform }, kube: { target: _kube, ...kube }, ...rest } = initialState();
  const dirs = Object.keys(env).filter((k) => k.endsWith('_DIR') && !k.startsWith('RUNBOOK_')).sort().map((k) => [k, env[k]]);
  return { ...rest, params, platform, kube, dirs };
}

/**
 * `work` on every item, `width` at a time. After a failure no new item starts, and the ones under way
 * finish before it is thrown: the test's clean-up must not remove the directories of runs still going
 * (their runners, orphaned, went on polling a wait step for its full 30 minutes).
 */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const failures: unknown[] = [];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined && failures.length === 0; item = queue.shift()) {
      try {
        await work(item);
      } catch (e) {
        failures.push(e);
      }
    }
  }));
  if (failures.length) throw failures[0];
}

/**
 * One test: rehearse every distinct situation of the shipped runbook `name` (with `shard` [i, n], only
 * every n-th of them from the i-th: a runbook with many situations is split over several files).
 */
export function rehearseMatrix(name: string, shard: [number, number] = [0, 1]): void {
  const runbook = loadShipped(name);
  const groups = new Map<string, { combo: ParamValues; execution: Execution }>();
  for (const combo of combinations(runbook)) {
    const execution = executionOf(runbook, combo);
    const sig = signature(execution);
    if (!groups.has(sig)) groups.set(sig, { combo, execution });
  }
  const all = [...groups.values()];
  const distinct = all.filter((g) => !all.some((other) => partOf(g.execution, other.execution)));
  const mine = distinct.filter((_, i) => i % shard[1] === shard[0]).map((g) => g.combo);

  it(`runs green with --rehearse --yes in each of its ${mine.length} distinct situations${shard[1] > 1 ? ` (part ${shard[0] + 1} of ${shard[1]}, ${distinct.length} in all)` : ''}`, async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'runbook-matrix-'));
    try {
      await pool(mine, 2, async (combo) => {
        const { values } = resolveParams(runbook, combo, { useExamples: true });
        const manual = planSteps(runbook, values, 'en').filter((p) => p.included && p.step.kind === 'manual').map((p) => p.step.id);
        const args = [BIN, 'run', join(ROOT, 'runbooks', name), '--rehearse', '--yes', '--ui', 'plain', '--fresh', '--lang', 'en', '--state-dir', join(stateDir, JSON.stringify(combo).replace(/\W+/g, '_'))];
        for (const [k, v] of Object.entries(combo)) args.push('--param', `${k}=${v}`);
        for (const id of manual) args.push('--confirm', id);
        const supported = supportedPath(combo);
        let stdout = '', stderr = '', code = 0;
        try {
          ({ stdout } = await run(process.execPath, args, { env: cliEnv({ RUNBOOK_REHEARSAL_FAST: '1', NO_COLOR: '1' }), maxBuffer: 1 << 26 }));
        } catch (e) {
          ({ code, stdout, stderr } = e as { code: number; stdout: string; stderr: string });
        }
        // an unsupported path must stop with a failed step (exit 1), every other situation succeed
        if (code !== (supported ? 0 : 1)) expect.fail(`${JSON.stringify(combo)} exited ${code}\n${stdout.slice(-3000)}\n${stderr.slice(-2000)}`);
        expect(stdout, JSON.stringify(combo)).toContain('REHEARSAL');
        const runsDir = join(stateDir, JSON.stringify(combo).replace(/\W+/g, '_'), 'runs');
        const [runId] = readdirSync(runsDir);
        const state = JSON.parse(readFileSync(join(runsDir, runId!, 'state.json'), 'utf8')) as { status: string; rehearsal: boolean; steps: { id: string; status: string }[] };
        expect(state.rehearsal).toBe(true);
        const done = state.steps.filter((s) => s.status === 'succeeded' || s.status === 'confirmed').map((s) => s.id);
        if (!supported) {
          // refused before anything touched the (simulated) cluster
          expect(state.status, JSON.stringify(combo)).toBe('failed');
          expect(state.steps.find((s) => s.status === 'failed')?.id).toBe('supported-path');
          expect(done, JSON.stringify(combo)).toEqual([]);
          return;
        }
        expect(state.status, JSON.stringify(combo)).toBe('succeeded');
        expect(done.sort(), JSON.stringify(combo)).toEqual(expectedSteps(name, combo).sort());
      });
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 600_000);
}
