#!/usr/bin/env bash
# Smoke tests of release/ (npm run release:smoke, after npm run release), as an operator on an
# air-gapped node uses it: the files copied into an empty directory, the checksums verified, the
# single executable run with a PATH that has no node (its rehearsal toolbox runs in the executable),
# its terminal UI driven in a pseudo-terminal (tmux); the bundle run with node and nothing beside it.
set -euo pipefail
REL=$(cd "$(dirname "$0")/../release" && pwd)
SEA=runbook-linux-x64
WORK=$(mktemp -d)
trap 'tmux -S "$WORK/tmux.sock" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
fail() { echo "release smoke: FAILED: $*" >&2; exit 1; }
ok() { echo "release smoke: ok: $*"; }

# A PATH with every command of the system but node (and npm, npx, corepack that need it).
mkdir -p "$WORK/bin" "$WORK/home" "$WORK/op"
for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
  [ -d "$d" ] && find "$d" -maxdepth 1 ! -type d -print0 | xargs -0 ln -s -t "$WORK/bin" 2>/dev/null || true
done
rm -f "$WORK/bin"/{node,nodejs,npm,npx,corepack}
NODE=$(command -v node)
# The operator's shell: no node, an empty home, an empty working directory with the copied files.
nonode() { env -i HOME="$WORK/home" PATH="$WORK/bin" LANG=C.UTF-8 TERM=xterm-256color RUNBOOK_REHEARSAL_FAST=1 "$@"; }
cp "$REL/$SEA" "$REL/runbook.mjs" "$REL/SHA256SUMS" "$WORK/op/"
cd "$WORK/op"

nonode sha256sum -c SHA256SUMS >/dev/null || fail "sha256sum -c SHA256SUMS"
ok "checksums verify"

nonode sh -c 'command -v node' >/dev/null && fail "node is on the smoke test's PATH"
v=$(nonode ./$SEA --version)
[[ $v =~ ^runbook\ [0-9]+\.[0-9]+\.[0-9]+.*\(commit\ [0-9a-f]+(-dirty)?,\ built\ [0-9T:Z-]+\)$ ]] || fail "--version printed: $v"
ok "--version: $v"

[[ $(nonode ./$SEA list) == *upgrade-prepare* ]] || fail "list does not show the shipped runbooks"
ok "list shows the shipped runbooks"

# The manual steps of the rehearsal, confirmed up front (the plan's JSON, read without node).
confirms=$(nonode ./$SEA plan upgrade-prepare.md --rehearse --json | tr -d ' \n' | tr '{' '\n' | grep '"kind":"manual"' | grep '"included":true' | sed 's/.*"id":"\([^"]*\)".*/--confirm \1/' | tr '\n' ' ')
[ -n "$confirms" ] || fail "plan --json lists no manual step"
# shellcheck disable=SC2086
nonode ./$SEA run upgrade-prepare.md --rehearse --yes --ui plain --lang en --state-dir ./state-sea $confirms > sea.out 2>&1 || { cat sea.out; fail "the rehearsal with $SEA (no node) failed"; }
grep -q '^== done:' sea.out || { cat sea.out; fail "the rehearsal with $SEA did not finish"; }
grep -q 'simulated ACP toolbox ready' state-sea/runs/*/logs/rehearsal-setup.log || fail "the simulated toolbox was not set up"
[ -s "$(echo state-sea/runs/*/rehearsal/sim-state.json)" ] || fail "no simulated tool ran"
ok "run upgrade-prepare.md --rehearse with no node on PATH: $(grep '^== done:' sea.out)"

# The terminal UI of the executable in a pseudo-terminal: the param review, then the first manual step; q leaves
# it paused (exit 4), and the hint names the executable as it was started.
tmux -S "$WORK/tmux.sock" -f /dev/null new-session -d -x 100 -y 30 -s sea \
  "env -i HOME='$WORK/home' PATH='$WORK/bin' LANG=C.UTF-8 TERM=xterm-256color RUNBOOK_REHEARSAL_FAST=1 ./$SEA run upgrade-prepare.md --rehearse --lang en --state-dir ./state-tui; echo \$? > tui.exit; sleep 60"
screen() { tmux -S "$WORK/tmux.sock" capture-pane -p -t sea; }
wait_for() { for _ in $(seq 100); do screen | grep -qF "$1" && return 0; sleep 0.2; done; screen; fail "the TUI did not show: $1"; }
wait_for 'Start with these values'
tmux -S "$WORK/tmux.sock" send-keys -t sea Enter
# The first step checks the upgrade path (it runs no cluster command): run it.
wait_for '[check] The upgrade path is supported'
tmux -S "$WORK/tmux.sock" send-keys -t sea Enter
wait_for 'Confirm the current platform version'
wait_for 'Enter confirm'
tmux -S "$WORK/tmux.sock" send-keys -t sea Enter
wait_for '[by hand] Back up and delete the extra ETCD backup tasks'
tmux -S "$WORK/tmux.sock" send-keys -t sea q
for _ in $(seq 100); do [ -s tui.exit ] && break; sleep 0.2; done
[ "$(cat tui.exit 2>/dev/null)" = 4 ] || { screen; fail "the TUI did not leave with exit 4 (paused)"; }
screen | tr -d '\n' | grep -q "\./$SEA resume " || { screen; fail "the resume hint does not name ./$SEA"; }
ok "terminal UI in a pseudo-terminal: confirmed a step, left paused (exit 4), hint './$SEA resume …'"

# The bundle: bare node, nothing beside it, from another directory.
mkdir elsewhere && cd elsewhere
v2=$(env -i HOME="$WORK/home" PATH="$WORK/bin" "$NODE" ../runbook.mjs --version)
[ "$v2" = "$v" ] || fail "runbook.mjs --version: $v2 (executable: $v)"
# shellcheck disable=SC2086
env -i HOME="$WORK/home" PATH="$WORK/bin:${NODE%/*}" RUNBOOK_REHEARSAL_FAST=1 "$NODE" ../runbook.mjs run upgrade-prepare.md --rehearse --yes --ui plain --lang en --state-dir ./state-mjs $confirms > mjs.out 2>&1 || { cat mjs.out; fail "the rehearsal with runbook.mjs failed"; }
grep -q '^== done:' mjs.out || { cat mjs.out; fail "the rehearsal with runbook.mjs did not finish"; }
ok "runbook.mjs with bare node from another directory: $(grep '^== done:' mjs.out)"
