// state.json's shape (section 8 of the format contract): what a run is on disk. The store reads and
// writes it; the controller (run-api.ts) hands it to the faces.
import type { Lang, StepKind } from '../../document/model.js';
import type { ParamValues } from '../../plan/params.js';
import type { Selection } from '../../plan/select.js';

export type RunStatus = 'running' | 'paused' | 'failed' | 'succeeded' | 'aborted' | 'interrupted';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'interrupted' | 'confirmed';

export interface StepState {
  id: string;
  kind: StepKind;
  status: StepStatus;
  /** sha256-based hash of the step definition when it last ran (checkpoint vs. changed runbook). */
  hash: string;
  attempts: number;
  exitCode?: number;
  startedAt?: string;
  endedAt?: string;
  /** Skip / override reason, or why a step is excluded. */
  reason?: string;
  /** Who confirmed a manual step or overrode a failure (user@host). */
  confirmedBy?: string;
  /** Who confirmed, skipped or overrode it (user@host, or RUNBOOK_OPERATOR); absent for automatic decisions. */
  by?: string;
  /** Status `skipped` because its condition does not hold: the step does not apply (not an operator's skip). */
  notApplicable?: true;
}

/** state.json (section 8 of the format contract); ISO 8601 UTC times with milliseconds. */
export interface RunState {
  version: 1;
  runId: string;
  runbook: { id: string; path: string; sha256: string };
  lang: Lang;
  status: RunStatus;
  rehearsal: boolean;
  startedAt: string;
  updatedAt: string;
  /**
   * The directory steps run in (absolute), and relative `cwd`s start from: the runner's when the run
   * started; a resume from another directory keeps it. Absent in earlier versions' states: there,
   * the current directory of each runner.
   */
  cwd?: string;
  /** Param values, secrets left out. */
  params: ParamValues;
  /** Names of secret params (values never stored). */
  secretParams: string[];
  captures: Record<string, string>;
  /** Captures holding a secret: kept in memory only, never here; their step runs again on resume. */
  memoryCaptures?: string[];
  steps: StepState[];
  /** --from / --only given when the run started (or last resumed): steps outside are skipped with that reason. */
  selection?: Selection;
  /** Manual steps pre-confirmed with --confirm (on run or resume): confirmed when reached, also after a resume. */
  confirm?: string[];
}
