// How param values may be shown or stored: secrets never appear.
import type { Runbook } from './model.js';
import type { ParamValues } from './plan.js';

export const MASK = '***';

/** Params for display and JSON output: secrets replaced by ***. */
export function maskParams(runbook: Runbook, values: ParamValues): ParamValues {
  const secret = new Set(runbook.params.filter((p) => p.type === 'secret').map((p) => p.name));
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secret.has(k) ? MASK : v]));
}
