# Sourced by every rehearsal/bin/* stand-in (and by setup): refuse outside a rehearsal, then hand over
# to sim.mjs. $1 = the tool it stands in for (or setup); the rest are its arguments.
if [ -z "${RUNBOOK_REHEARSAL_DIR:-}" ]; then
  echo "rehearsal: this '$1' is the REHEARSAL stand-in (rehearsal/bin) and RUNBOOK_REHEARSAL_DIR is not set: refusing to run. It is not the real $1." >&2
  exit 2
fi
# The runner of this rehearsal runs the simulation for its steps (RUNBOOK_TOOLBOX=PORT:TOKEN, see
# serve.mjs): no node process per command. It answers `CODE OUTLEN ERRLEN` and the output, or
# `fallback` when the command must run here; no answer means it stopped while the command may have run.
if [ -n "${RUNBOOK_TOOLBOX:-}" ] && { exec 3<>"/dev/tcp/127.0.0.1/${RUNBOOK_TOOLBOX%%:*}"; } 2>/dev/null; then
  printf '%s\0' "${RUNBOOK_TOOLBOX#*:}" "$$" "$#" "$@" >&3
  # -u 3: the server reads this process's stdin meanwhile, which `<&3` would swap for a moment
  if ! IFS=' ' read -r -u 3 __code __out __err; then
    echo "rehearsal: the runbook running this rehearsal stopped while it ran '$*'" >&2
    exit 70
  fi
  if [ "$__code" != fallback ]; then
    if [ "$__out" -gt 0 ]; then head -c "$__out" <&3; fi
    if [ "$__err" -gt 0 ]; then cat <&3 >&2; fi
    exit "$__code"
  fi
  exec 3<&-
fi
__sim_node=node
if ! command -v node >/dev/null 2>&1; then
  # No node on PATH: the runbook that runs this rehearsal (a single executable needs none) runs the tool.
  if [ -n "${RUNBOOK_SELF:-}" ]; then exec "$RUNBOOK_SELF" ${RUNBOOK_SELF_SCRIPT:+"$RUNBOOK_SELF_SCRIPT"} __sim "$@"; fi
  if [ ! -r "$RUNBOOK_REHEARSAL_DIR/.sim-node" ]; then echo "rehearsal: node is not on PATH to run the simulated $1" >&2; exit 127; fi
  read -r __sim_node < "$RUNBOOK_REHEARSAL_DIR/.sim-node"
fi
exec "$__sim_node" "${BASH_SOURCE[0]%/*}/sim.mjs" "$@"
