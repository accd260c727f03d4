// Param values checked once, when a run opens, before any reaches a step: a NUL byte cannot be
// carried by an environment variable (and node's refusal would quote the value, secret or not),
// and a reserved name must never be set, whatever the model says.
import type { Runbook } from '../document/model.js';
import { reservedEnvName } from '../document/env-names.js';
import type { ParamValues } from '../plan/params.js';
import { UserError } from '../core/errors.js';
import { hasNul } from './store/state.js';

/** Throws naming the first bad param, never its value. */
export function checkParamValues(runbook: Runbook, values: ParamValues): void {
  for (const def of runbook.params) {
    if (reservedEnvName(def.env)) throw new UserError('error.reservedEnv', { name: def.env }, { key: 'hint.reservedEnv' });
    if (Object.hasOwn(values, def.name) && hasNul(values[def.name])) throw new UserError('error.paramNul', { name: def.name }, { key: 'hint.paramNul' });
  }
}
