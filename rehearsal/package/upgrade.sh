#!/usr/bin/env bash
# [REHEARSAL] simulated upgrade.sh of the unpacked ACP package, written by rehearsal/setup into the
# sandboxed PACKAGE_DIR. It drives the simulated platform only (see rehearsal/README.md).
if [ -z "${RUNBOOK_REHEARSAL_DIR:-}" ]; then
  echo "[REHEARSAL] this upgrade.sh is simulated and RUNBOOK_REHEARSAL_DIR is not set: refusing to run." >&2
  exit 2
fi
if command -v node >/dev/null 2>&1; then exec node '@SIM@' upgrade.sh "$@"; fi
# No node on PATH: the runbook that runs this rehearsal (a single executable needs none) runs it.
if [ -n "${RUNBOOK_SELF:-}" ]; then exec "$RUNBOOK_SELF" ${RUNBOOK_SELF_SCRIPT:+"$RUNBOOK_SELF_SCRIPT"} __sim upgrade.sh "$@"; fi
exec '@NODE@' '@SIM@' upgrade.sh "$@"
