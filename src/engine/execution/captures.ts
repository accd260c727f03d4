// Captures: the trimmed end of a step's stdout, handed to later steps as an environment variable.
// A capture keeps its real value (masking is for what is shown, not for what steps get). One that
// holds a secret lives in memory only: it is never written to state.json, and on resume the step
// that produced it runs again, saying why. Output beyond CAPTURE_LIMIT_BYTES is cut (the last part
// kept) and said so, or fails the step with capture-overflow="fail".
import { CAPTURE_LIMIT_BYTES, type Runbook, type Step } from '../document/model.js';
import type { RunState } from './run-api.js';
import type { Secrets } from './secrets.js';
import type { RunKey, Vars } from '../../i18n/index.js';

type Translate = (key: RunKey, vars?: Vars) => string;

export interface CaptureOutcome {
  failed?: boolean;
  /** Said in the step result and the transcript. */
  message?: string;
}

export class Captures {
  /** Captures holding a secret: never in state.json. */
  private readonly memory = Object.create(null) as Record<string, string>;

  constructor(private readonly state: RunState, private readonly secrets: Secrets, private readonly t: Translate) {}

  /** Every capture value, for conditions and the environment of later steps. */
  all(): Record<string, string> {
    return Object.assign(Object.create(null) as Record<string, string>, this.state.captures, this.memory);
  }

  /** Keep what a step printed as its capture. */
  take(step: Step, captured: { text: string; totalBytes: number }): CaptureOutcome {
    const name = step.capture!;
    const over = captured.totalBytes > CAPTURE_LIMIT_BYTES;
    const vars = { name, size: kib(captured.totalBytes), limit: kib(CAPTURE_LIMIT_BYTES) };
    if (over && step.captureOverflow === 'fail') return { failed: true, message: this.t('msg.captureOverflow', vars) };
    const value = captured.text.trim();
    const held = new Set(this.state.memoryCaptures ?? []);
    if (this.secrets.found(value)) {
      this.memory[name] = value;
      delete this.state.captures[name];
      held.add(name);
    } else {
      this.state.captures[name] = value;
      delete this.memory[name];
      held.delete(name);
    }
    if (held.size) this.state.memoryCaptures = [...held];
    else delete this.state.memoryCaptures;
    const notes = [over ? this.t('msg.captureCut', vars) : '', held.has(name) ? this.t('msg.captureSecret', { name }) : ''].filter(Boolean);
    return notes.length ? { message: notes.join('; ') } : {};
  }
}

/**
 * On resume: a capture that held a secret was not saved, so the step that produced it is pending
 * again (it runs before the steps that need the value). Returns what was reset, to be said.
 */
export function recaptureOnResume(state: RunState, runbook: Runbook): { step: string; capture: string }[] {
  const out: { step: string; capture: string }[] = [];
  for (const capture of state.memoryCaptures ?? []) {
    const step = runbook.steps.find((s) => s.capture === capture);
    const st = step && state.steps.find((s) => s.id === step.id);
    if (!st || st.status !== 'succeeded') continue;
    st.status = 'pending';
    delete st.endedAt;
    out.push({ step: st.id, capture });
  }
  delete state.memoryCaptures;
  return out;
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
