#!/usr/bin/env bash
# Hostile-targets benchmark: one `ops inspect host --timeout 10s` run against
# 100 good loopback targets plus 10 that flood (`yes`) and 10 that trickle
# (a line a second, for ever), measuring the controller's wall time and peak
# RSS with GNU time. Everything stays on 127.0.0.0/8; the sshd processes are
# our own (started here, stopped by PID at the end), the system sshd is not
# touched.
#
#   bash bench/hostile.sh                    # GOOD=100 FLOOD=10 TRICKLE=10 TIMEOUT=10s
#   JOBS=120 bash bench/hostile.sh           # every target at once
#   GOOD=20 FLOOD=2 TRICKLE=2 bash bench/hostile.sh
#
# Needs: openssh-server, GNU time (Debian package `time`, for /usr/bin/time -v),
# python3 (summary). As root the targets log in as the unprivileged user
# `opsbench` (created if missing); otherwise as the user running this.
# Addresses: good i = 127.0.1.i, flood i = 127.0.2.i, trickle i = 127.0.3.i.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOOD="${GOOD:-100}" FLOOD="${FLOOD:-10}" TRICKLE="${TRICKLE:-10}"
TIMEOUT="${TIMEOUT:-10s}" PORT="${PORT:-2322}" JOBS="${JOBS:-}"
W="${HOSTILE_DIR:-/tmp/ops-hostile}"
OPS="${OPS:-$HERE/../target/release/ops}"
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
if [[ -z "${OPS_PREBUILT:-}" ]]; then
  cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
fi

rm -rf "$W"; mkdir -p "$W/records"
. "$HERE/lib/loopback_sshd.sh"
sshd_setup "$W" ops-hostile
start_sshd 127.0.1 "$GOOD"
start_sshd 127.0.2 "$FLOOD" "yes"
start_sshd 127.0.3 "$TRICKLE" "while :; do echo tick; sleep 1; done"

# Bad targets are spread through the inventory (every 6th), not put first.
{
  printf '[defaults]\nuser = "%s"\nport = %s\n' "$BUSER" "$PORT"
  g=1 f=1 t=1
  total=$((GOOD + FLOOD + TRICKLE))
  for ((n = 1; n <= total; n++)); do
    if (( n % 12 == 6 && f <= FLOOD )); then kind=flood
    elif (( n % 12 == 0 && t <= TRICKLE )); then kind=trickle
    elif (( g <= GOOD )); then kind=good
    elif (( f <= FLOOD )); then kind=flood
    else kind=trickle; fi
    case $kind in
      good) printf '[[host]]\nname = "good%03d"\naddress = "127.0.1.%d"\n' "$g" "$g"; g=$((g + 1)) ;;
      flood) printf '[[host]]\nname = "flood%02d"\naddress = "127.0.2.%d"\n' "$f" "$f"; f=$((f + 1)) ;;
      trickle) printf '[[host]]\nname = "trickle%02d"\naddress = "127.0.3.%d"\n' "$t" "$t"; t=$((t + 1)) ;;
    esac
  done
} > "$W/inventory.toml"
printf '[thresholds.host]\ncheck_security_updates = false\n' > "$W/ops.toml"

# Wait until every sshd listens.
wait_listening 127.0.1 "$GOOD"
wait_listening 127.0.2 "$FLOOD"
wait_listening 127.0.3 "$TRICKLE"

args=(--inventory "$W/inventory.toml" --config "$W/ops.toml" inspect host
      --timeout "$TIMEOUT" --format json --no-record)
[[ -n "$JOBS" ]] && args+=(--jobs "$JOBS")
echo "ops ${args[*]}" >&2
set +e
HOME="$W/home" OPS_GATEWAY_PING=0 NO_COLOR=1 \
  /usr/bin/time -v -o "$W/time.txt" "$OPS" "${args[@]}" > "$W/run.json" 2> "$W/ops.stderr"
status=$?
set -e
python3 - "$W" "$status" <<'EOF'
import json, re, sys, collections
w, status = sys.argv[1], sys.argv[2]
t = open(f"{w}/time.txt").read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", t).group(1)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
cpu = float(re.search(r"User time.*: (.*)", t).group(1)) + float(re.search(r"System time.*: (.*)", t).group(1))
run = json.load(open(f"{w}/run.json"))
kinds = collections.defaultdict(collections.Counter)
slowest = collections.defaultdict(float)
for tg in run["targets"]:
    kind = re.sub(r"\d+$", "", tg["target"])
    kinds[kind][tg.get("error") or "inspected (no error)"] += 1
    slowest[kind] = max(slowest[kind], tg["duration_ms"] / 1000)
print(f"exit status {status}; wall {wall}; controller CPU {cpu:.2f} s; max RSS {rss / 1024:.1f} MiB")
for kind, c in sorted(kinds.items()):
    for why, n in c.items():
        print(f"  {kind:8} {n:4} x {why}")
    print(f"  {kind:8} slowest target {slowest[kind]:.2f} s")
EOF
