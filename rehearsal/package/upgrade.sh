#!/usr/bin/env bash
# [REHEARSAL] simulated upgrade.sh of the unpacked ACP package, written by rehearsal/setup into the
# sandboxed PACKAGE_DIR. It drives the simulated platform only (see rehearsal/README.md).
if [ -z "${RUNBOOK_REHEARSAL_DIR:-}" ]; then
  echo "[REHEARSAL] this upgrade.sh is simulated and RUNBOOK_REHEARSAL_DIR is not set: refusing to run." >&2
  exit 2
fi
__sim_node=node
command -v node >/dev/null 2>&1 || __sim_node='@NODE@'
exec "$__sim_node" '@SIM@' upgrade.sh "$@"
