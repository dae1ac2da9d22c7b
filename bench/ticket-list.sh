#!/usr/bin/env bash
# `ops ticket list` and the quarterly report over 10,000 tickets with agreed
# plans, on-site visits, parts and return-visit feedback (issue 16; goal:
# `ops ticket list` ≤ 0.5 s).
#
#   bash bench/ticket-list.sh                       # builds the release binary first
#   OPS_PREBUILT=1 bash bench/ticket-list.sh        # use target/release/ops as it is
#   OPS_PREBUILT=1 OPS=$PWD/target/debug/ops N=1000 RUNS=3 bash bench/ticket-list.sh
#
# Public tools only: bash (its `time` and printf's %(...)T), git and the ops
# binary. The ticket files are written directly in the documented format
# (docs/records.md) by bash, not through `ops`, so that 10,000 take seconds;
# every one must read back without a warning. Works in a temp dir (KEEP=1 keeps it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${N:-10000}"
RUNS="${RUNS:-5}"
OPS="${OPS:-$HERE/../target/release/ops}"
if [[ -z "${OPS_PREBUILT:-}" ]]; then
  cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
fi
WORK="$(mktemp -d /tmp/opsbench-ticket-list.XXXXXX)"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$WORK"' EXIT
export TZ=UTC USER=bench GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
# Listing at a pinned time, so that every run sees the same clocks.
export OPS_NOW=2026-12-21T09:00:00Z
R="$WORK/records"
"$OPS" -q init "$R" >/dev/null
git -C "$R" config user.name bench
git -C "$R" config user.email bench@example.org

# The service policy: on-site clocks for I and II, a gold class with its own.
cat >>"$R/ops.toml" <<'EOF'

[sla.I]
onsite = "2h"

[sla.II]
onsite = "4h"

[sla.class.gold]
onsite = { I = "1h", II = "2h" }
return_visit_days = 2

[sla.customers]
"工商银行" = "gold"
"ACME Bank" = "gold"
EOF

CUSTOMERS=("ACME Bank" "工商银行" "Globex" "Initech" "招商证券" "Umbrella Insurance" "Stark Logistics"
  "国家电网 华东分部" "Hooli Cloud" "Tyrell Energy")
ENGINEERS=("Li Na" "王芳" "Zhang Min" "刘洋" "Chen Jie" "Zhao Lei")
SEVERITIES=(I II III IV)
CAUSES=(hardware software network configuration operation environment external unknown)
PARTS=(disk power-supply fan memory controller nic)
PROBLEMS=("core switch reloads every few hours" "数据库主从延迟超过10分钟" "backup job failed twice"
  "web01 磁盘即将写满" "users cannot log in to the portal" "打印服务器无法访问")

# ts VAR EPOCH: VAR = the time in the file format; printf -v, not $(…), so that no subshell is forked.
ts() { printf -v "$1" '%(%Y-%m-%dT%H:%M:%SZ)T' "$2"; }

# N tickets received evenly from 2026-10-01 to 2026-12-20; the last 3 % still open.
start=$(date -u -d 2026-10-01T00:00:00Z +%s)
span=$((80 * 86400))
open_from=$((N - N * 3 / 100))
now_s=$(date -u -d "$OPS_NOW" +%s)
prev_day="" seq=0
gen_start=$SECONDS
for ((i = 0; i < N; i++)); do
  rec=$((start + i * span / N))
  printf -v day '%(%Y%m%d)T' "$rec"
  printf -v month '%(%Y-%m)T' "$rec"
  if [[ $day == "$prev_day" ]]; then seq=$((seq + 1)); else seq=1 prev_day=$day; fi
  printf -v id 'T-%s-%04d' "$day" "$seq"
  sev=${SEVERITIES[i % 4]}
  cust=${CUSTOMERS[i % 10]}
  eng=${ENGINEERS[i % 6]}
  dir="$R/tickets/$month"
  [[ -d $dir ]] || mkdir -p "$dir"
  ts t_rec "$rec"
  ts t_resp $((rec + 600 + i % 7 * 300))
  ts t_plan $((rec + 3600))
  ts t_agreed $((rec + 30 * 3600))
  ts t_arr $((rec + 1800 + i % 9 * 1200))
  ts t_dep $((rec + 14400))
  closed=$((rec + (6 + i % 40) * 3600))
  ts t_closed "$closed"
  ts t_part $((closed + 60))
  ts t_fb $((closed + 3 * 86400))
  if ((i % 2)); then rtv=true; else rtv=false; fi
  {
    printf 'schema = 1\nid = "%s"\ncustomer = "%s"\nsite = "Pudong DC"\ncontact = "张三"\n' "$id" "$cust"
    printf 'phone = "+86 21 5555 0100"\nchannel = "hotline"\nseverity = "%s"\n' "$sev"
    printf 'category = "defect-technical"\nproblem = "%s"\nreceived = %s\n' "${PROBLEMS[i % 6]}" "$t_rec"
    printf 'targets = ["host%03d"]\nengineer = "%s"\n' $((i % 500)) "$eng"
    printf '\n[[event]]\nkind = "created"\nat = %s\nby = "bench"\n' "$t_rec"
    printf '\n[[event]]\nkind = "responded"\nat = %s\nby = "bench"\n' "$t_resp"
    if ((i % 3 == 0)); then
      printf '\n[[event]]\nkind = "plan"\nat = %s\nby = "bench"\nsolution = "更换故障部件"\nagreed_time = %s\nagreed_by = "张三"\n' \
        "$t_plan" "$t_agreed"
    else
      printf '\n[[event]]\nkind = "planned"\nat = %s\nby = "bench"\n' "$t_plan"
    fi
    if ((i < open_from)); then
      if [[ $sev == I || $sev == II ]]; then
        printf '\n[[event]]\nkind = "visit"\nat = %s\nby = "bench"\nengineer = "%s"\ndeparted = %s\nsummary = "现场更换 PSU"\n' \
          "$t_arr" "$eng" "$t_dep"
      fi
      printf '\n[[event]]\nkind = "closed"\nat = %s\nby = "bench"\nresolution = "已修复"\ncause = "%s"\nconfirmed_by = "张三"\n' \
        "$t_closed" "${CAUSES[i % 8]}"
      if ((i % 5 == 0)); then
        printf '\n[[event]]\nkind = "part"\nat = %s\nby = "bench"\npart_kind = "%s"\nmodel = "M-%d"\nremoved_serial = "SN%06dA"\ninstalled_serial = "SN%06dB"\nfault = "故障"\nreturned_to_vendor = %s\n' \
          "$t_part" "${PARTS[i % 6]}" $((i % 50)) "$i" "$i" "$rtv"
      fi
      # Three in four return visits made, once they were due.
      if ((i % 4 != 3 && closed + 3 * 86400 < now_s)); then
        printf '\n[[event]]\nkind = "feedback"\nat = %s\nby = "bench"\ncalled = "张三"\nsatisfaction = %d\ncomment = "响应及时"\n' \
          "$t_fb" $((1 + i % 5))
      fi
    fi
  } >"$dir/$id.toml"
done
echo "generated $N tickets in $((SECONDS - gen_start)) s"
git -C "$R" add -A && git -C "$R" commit -qm "bench: $N generated tickets"
echo "repository: $(git -C "$R" ls-files | wc -l) files, $(du -sh "$R/tickets" | cut -f1) of tickets"

# Every generated file must read back: no damaged-file warning.
if "$OPS" --records "$R" ticket list all 2>&1 >/dev/null | grep -q warning; then
  echo "generated tickets do not read back:" >&2
  "$OPS" --records "$R" ticket list all 2>&1 >/dev/null | grep warning | head -3 >&2
  exit 1
fi

# One command RUNS times: the wall times (bash `time`), min / median / max.
bench() {
  local name=$1
  shift
  local times=() t
  "$@" >/dev/null 2>&1 # warm the cache
  for ((r = 0; r < RUNS; r++)); do
    t=$({ TIMEFORMAT=%R; time "$@" >/dev/null 2>&1; } 2>&1)
    times+=("$t")
  done
  mapfile -t times < <(printf '%s\n' "${times[@]}" | sort -n)
  printf '| %s | %s | %s | %s |\n' "$name" "${times[0]}" "${times[RUNS / 2]}" "${times[RUNS - 1]}"
}

echo
echo "== $N tickets, $RUNS runs each, seconds of wall time (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
echo "| command | min | median | max |"
echo "|---|---:|---:|---:|"
# The floor: merely reading the same files (what `ticket list` must do at least).
find "$R/tickets" -name '*.toml' -print0 >"$WORK/files"
bench "cat of the $N ticket files (baseline)" xargs -0 -a "$WORK/files" cat
bench "ops ticket list" "$OPS" --records "$R" ticket list
bench "ops ticket list all" "$OPS" --records "$R" ticket list all
bench "ops ticket list --visits-due" "$OPS" --records "$R" ticket list --visits-due
bench "ops ticket list --return-visits-due" "$OPS" --records "$R" ticket list --return-visits-due
bench "ops ticket list all --format json" "$OPS" --records "$R" ticket list all --format json
bench "ops report quarterly" "$OPS" --records "$R" --no-record -q report quarterly --quarter 2026-Q4
echo
# CPU time, which the other work on the machine does not inflate (GNU time when installed).
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "cat (baseline): %e s wall, %U s user, %S s system" xargs -0 -a "$WORK/files" cat >/dev/null
  /usr/bin/time -f "ops ticket list: %e s wall, %U s user, %S s system, max RSS %M KiB" \
    "$OPS" --records "$R" ticket list >/dev/null 2>"$WORK/time.err" || true
  tail -1 "$WORK/time.err"
  /usr/bin/time -f "ops report quarterly: %e s wall, %U s user, %S s system, max RSS %M KiB" \
    "$OPS" --records "$R" --no-record -q report quarterly --quarter 2026-Q4 >/dev/null 2>"$WORK/time.err" || true
  tail -1 "$WORK/time.err"
fi
echo "listed: $("$OPS" --records "$R" ticket list 2>&1 >/dev/null | tail -1);" \
  "visits due: $("$OPS" --records "$R" ticket list --visits-due 2>&1 >/dev/null | tail -1);" \
  "return visits due: $("$OPS" --records "$R" ticket list --return-visits-due 2>&1 >/dev/null | tail -1)"
"$OPS" --records "$R" --no-record report quarterly --quarter 2026-Q4 2>/dev/null | grep -E "on site|SLA I:|judged" || true
