#!/usr/bin/env bash
# `ops runbook check` on generated runbooks (issue 11.8: validation must be
# O(steps + edges)). Prints wall time and peak memory for each size.
#
#   bash bench/runbook.sh                    # 20000 and 200000 steps, debug build
#   SIZES="20000" OPS=target/release/ops bash bench/runbook.sh
#
# Needs python3 and GNU time (/usr/bin/time) or bash's time.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SIZES="${SIZES:-20000 200000}"
OPS="${OPS:-$HERE/../target/debug/ops}"
WORK="$(mktemp -d /tmp/opsbench-runbook.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
for n in $SIZES; do
  python3 "$HERE/runbook_gen.py" "$WORK/bench-$n.toml" "$n"
  size=$(du -h "$WORK/bench-$n.toml" | cut -f1)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "steps=$n file=$size wall=%es maxrss=%MkB exit=%x" \
      timeout ${LIMIT:-600} "$OPS" -q runbook check "$WORK/bench-$n.toml" >/dev/null || true
  else
    start=$(date +%s.%N)
    timeout ${LIMIT:-600} "$OPS" -q runbook check "$WORK/bench-$n.toml" >/dev/null || true
    echo "steps=$n file=$size wall=$(echo "$(date +%s.%N) - $start" | bc)s"
  fi
done
