#!/usr/bin/env bash
# Fan-out benchmark: `ops inspect host` against N loopback targets (distinct
# 127.0.0.x addresses, one test sshd set), timed in the same run as an OpenSSH
# loop and parallel-ssh running ops's own collection script, and
# `ansible all -m setup`. Everything stays on 127.0.0.0/8.
#
#   bash bench/fanout.sh            # N = 50 100
#   RUNS=5 bash bench/fanout.sh 100
#   TOOLS="ops sshloop" bash bench/fanout.sh 100
#   LIGHT=1 bash bench/fanout.sh 100   # without the apt simulation (see below)
#
# Results: bench/peers/results/<timestamp>/report.md (wall, controller CPU, memory).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
export OPS="$HERE/../target/release/ops"
export OPSBENCH_DIR="${OPSBENCH_DIR:-/tmp/opsbench}"
mkdir -p "$OPSBENCH_DIR"
export PAYLOAD_FILE="$OPSBENCH_DIR/ops-collect.sh"
# Every "target" is this machine: its real default gateway must not be pinged
# (a benchmark stays on loopback), so gateways are judged by the neighbour table.
export OPS_GATEWAY_PING=0
# LIGHT=1: the same script without the pending-updates section (apt's
# simulation costs ~2 s of CPU per target; on loopback all targets share
# this machine's 2 cores, on a real fleet each pays its own).
if [[ "${LIGHT:-0}" == 1 ]]; then
  printf '[thresholds.host]\ncheck_security_updates = false\n' > "$OPSBENCH_DIR/ops-light.toml"
  export OPS_CONFIG="$OPSBENCH_DIR/ops-light.toml"
fi
"$OPS" inspect host --show-script > "$OPSBENCH_DIR/ops-collect.sh"
export END_MARK="@@ops done"
export FORKS="${FORKS:-32}"
export TOOLS="${TOOLS:-ops sshloop pssh ansible_setup}"
export FLOOR="${FLOOR:-0}"
if (($#)); then exec "$HERE/peers/run.sh" "$@"; else exec "$HERE/peers/run.sh" 50 100; fi
