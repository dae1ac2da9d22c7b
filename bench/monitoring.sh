#!/usr/bin/env bash
# Monitoring-formats benchmark: controller CPU (user + sys, GNU time) of one
# `ops inspect host` run over 100 loopback targets with `--format table`,
# `--format nagios` and `--format prom`, runs interleaved so that a change in
# the machine's load hits every format alike. Everything stays on
# 127.0.0.0/8; the sshd processes are our own (started here, stopped by PID
# at the end), the system sshd is not touched.
#
#   bash bench/monitoring.sh                 # N=100 RUNS=5
#   N=20 RUNS=3 bash bench/monitoring.sh
#
# Needs: openssh-server, GNU time (Debian `time`), python3 (summary). As root
# the targets log in as the unprivileged user `opsbench` (created if
# missing); otherwise as the user running this. Target i is 127.0.4.i:2422.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${N:-100}" RUNS="${RUNS:-5}" PORT="${PORT:-2422}" JOBS="${JOBS:-}"
W="${MONITORING_DIR:-/tmp/ops-monitoring-bench}"
OPS="${OPS:-$HERE/../target/release/ops}"
FORMATS="${FORMATS:-table nagios prom}"
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
if [[ -z "${OPS_PREBUILT:-}" ]]; then
  cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
fi

rm -rf "$W"; mkdir -p "$W/out"
. "$HERE/lib/loopback_sshd.sh"
sshd_setup "$W" ops-monitoring
start_sshd 127.0.4 "$N"

{
  printf '[defaults]\nuser = "%s"\nport = %s\n' "$BUSER" "$PORT"
  for ((i = 1; i <= N; i++)); do
    printf '[[host]]\nname = "t%03d"\naddress = "127.0.4.%d"\n' "$i" "$i"
  done
} > "$W/inventory.toml"
# apt's simulation costs each target ~2 s of CPU on these same cores: off.
printf '[thresholds.host]\ncheck_security_updates = false\n' > "$W/ops.toml"
wait_listening 127.0.4 "$N"

args=(--inventory "$W/inventory.toml" --config "$W/ops.toml" inspect host --no-record -q)
[[ -n "$JOBS" ]] && args+=(--jobs "$JOBS")
echo "ops ${args[*]} --format {$FORMATS}, $RUNS runs each, interleaved" >&2
: > "$W/cpu.tsv"
for ((run = 1; run <= RUNS; run++)); do
  for format in $FORMATS; do
    set +e
    HOME="$W/home" OPS_GATEWAY_PING=0 NO_COLOR=1 \
      /usr/bin/time -f "%U %S %e" -o "$W/time.txt" "$OPS" "${args[@]}" --format "$format" \
      > "$W/out/$format.$run" 2> "$W/out/$format.$run.stderr"
    status=$?
    set -e
    # GNU time puts "Command exited with non-zero status N" first.
    read -r user sys wall < <(tail -n 1 "$W/time.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$format" "$run" "$user" "$sys" "$wall" "$status" >> "$W/cpu.tsv"
  done
done
python3 - "$W" <<'SUMMARY'
import collections, statistics, sys
w = sys.argv[1]
rows = collections.defaultdict(list)
for line in open(f"{w}/cpu.tsv"):
    fmt, run, user, sys_, wall, status = line.split("\t")
    rows[fmt].append((float(user) + float(sys_), float(wall), int(status)))
base = statistics.median(c for c, _, _ in rows["table"]) if "table" in rows else None
print("| format | runs | controller CPU (user+sys), median | min–max | vs table | wall, median | exit |")
print("|---|---:|---:|---:|---:|---:|---|")
for fmt, r in rows.items():
    cpu = [c for c, _, _ in r]
    med = statistics.median(cpu)
    rel = f"{(med / base - 1) * 100:+.1f} %" if base else ""
    print(f"| {fmt} | {len(r)} | {med:.3f} s | {min(cpu):.2f}–{max(cpu):.2f} s | {rel} "
          f"| {statistics.median(x for _, x, _ in r):.2f} s | {sorted(set(s for _, _, s in r))} |")
SUMMARY
for format in $FORMATS; do
  printf '%s output: %s bytes, %s lines\n' "$format" "$(wc -c < "$W/out/$format.1")" "$(wc -l < "$W/out/$format.1")"
done
