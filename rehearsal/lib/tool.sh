# Sourced by every rehearsal/bin/* stand-in: refuse outside a rehearsal, then hand over to sim.mjs.
# $1 = the tool it stands in for; the rest are its arguments.
if [ -z "${RUNBOOK_REHEARSAL_DIR:-}" ]; then
  echo "rehearsal: this '$1' is the REHEARSAL stand-in (rehearsal/bin) and RUNBOOK_REHEARSAL_DIR is not set: refusing to run. It is not the real $1." >&2
  exit 2
fi
__sim_node=node
if ! command -v node >/dev/null 2>&1; then
  # No node on PATH: the runbook that runs this rehearsal (a single executable needs none) runs the tool.
  if [ -n "${RUNBOOK_SELF:-}" ]; then exec "$RUNBOOK_SELF" ${RUNBOOK_SELF_SCRIPT:+"$RUNBOOK_SELF_SCRIPT"} __sim "$@"; fi
  if [ -r "$RUNBOOK_REHEARSAL_DIR/.sim-node" ]; then read -r __sim_node < "$RUNBOOK_REHEARSAL_DIR/.sim-node"; fi
fi
exec "$__sim_node" "${BASH_SOURCE[0]%/*}/sim.mjs" "$@"
