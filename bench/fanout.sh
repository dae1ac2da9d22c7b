#!/usr/bin/env bash
# Fan-out benchmark: `ops inspect host` against N loopback targets (distinct
# 127.0.0.x addresses, one test sshd set), timed in the same run as an OpenSSH
# loop and parallel-ssh running ops's own collection script, and
# `ansible all -m setup`. Everything stays on 127.0.0.0/8.
#
#   bash bench/fanout.sh            # N = 50 100
#   RUNS=5 bash bench/fanout.sh 100
#   TOOLS="ops sshloop" bash bench/fanout.sh 100
#
# Results: bench/peers/results/<timestamp>/report.md (wall, controller CPU, memory).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
export OPS="$HERE/../target/release/ops"
export OPSBENCH_DIR="${OPSBENCH_DIR:-/tmp/opsbench}"
mkdir -p "$OPSBENCH_DIR"
"$OPS" inspect host --show-script > "$OPSBENCH_DIR/ops-collect.sh"
export PAYLOAD_FILE="$OPSBENCH_DIR/ops-collect.sh"
export END_MARK="${END_MARK:-$(tail -n 5 "$PAYLOAD_FILE" | sed -n 's/^ *echo *.\(@@ops[^"'"'"']*\).*/\1/p' | tail -n 1)}"
export FORKS="${FORKS:-32}"
export TOOLS="${TOOLS:-ops sshloop pssh ansible_setup}"
export FLOOR="${FLOOR:-0}"
if (($#)); then exec "$HERE/peers/run.sh" "$@"; else exec "$HERE/peers/run.sh" 50 100; fi
