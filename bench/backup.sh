#!/usr/bin/env bash
# Backup benchmark: `ops backup verify` against `sha256sum`, and
# `ops backup take` against `tar -I zstd`, on the same files (page cache warm).
#
#   bash bench/backup.sh                 # 2 GiB in 8 files, 3 runs each
#   SIZE_MB=512 FILES=4 RUNS=5 bash bench/backup.sh
#
# The set is half incompressible (urandom) and half base64 text (zstd gets
# it to ~75 %), so compression does real work. Prints a Markdown table of
# median wall and CPU (user + sys) seconds and the ratios the goals are
# stated in:
#   verify (both cores) / sha256sum   goal about 0.6
#   verify --jobs 1     / sha256sum   goal <= 1.1
#   tar -I zstd / take                goal >= 0.8 (take's speed relative to tar's;
#                                     take also fsyncs and reads the archive back)
# Wall times need idle cores to mean anything; the load average is printed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SIZE_MB="${SIZE_MB:-2048}"
FILES="${FILES:-8}"
RUNS="${RUNS:-3}"
DIR="${BENCH_DIR:-/tmp/opsbench-backup}"
cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml" 2>/dev/null ||
  cargo build --release --manifest-path "$HERE/../Cargo.toml"
OPS="$HERE/../target/release/ops"

SET="$DIR/set"
PER_MB=$((SIZE_MB / FILES))
if [[ ! -f "$SET/.complete-$SIZE_MB-$FILES" ]]; then
  rm -rf "$SET"; mkdir -p "$SET"
  echo "making $FILES files of $PER_MB MiB in $SET" >&2
  for i in $(seq 1 "$FILES"); do
    f="$SET/part-$(printf %02d "$i").bin"
    if ((i % 2)); then
      head -c "${PER_MB}M" /dev/urandom > "$f"
    else
      (set +o pipefail; base64 -w 76 /dev/urandom | head -c "${PER_MB}M" > "$f")
    fi
  done
  (cd "$SET" && sha256sum part-*.bin > SHA256SUMS)
  touch "$SET/.complete-$SIZE_MB-$FILES"
fi
FILESLIST=("$SET"/part-*.bin)
cat "${FILESLIST[@]}" > /dev/null   # warm the page cache

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_cmd CMD... : run RUNS times; prints "median-wall median-cpu" (cpu = user + sys).
time_cmd() {
  local log; log=$(mktemp)
  for _ in $(seq 1 "$RUNS"); do
    ( TIMEFORMAT='%R %U %S'; time "$@" > /dev/null ) 2>> "$log"
  done
  local wall cpu
  wall=$(awk 'NF==3 {print $1}' "$log" | median)
  cpu=$(awk 'NF==3 {printf "%.2f\n", $2 + $3}' "$log" | median)
  rm -f "$log"
  echo "$wall $cpu"
}
ratio() { echo "$1 / $2" | bc -l | xargs printf %.2f; }

OUT="$DIR/out"
rm -rf "$OUT"; mkdir -p "$OUT"
take_ops() { rm -rf "${OUT:?}"/*; "$OPS" -q --no-record backup take --dir "$OUT" --name bench "$SET"; }
take_tar() { rm -f "$OUT/tar.tar.zst"; tar -I zstd -cf "$OUT/tar.tar.zst" -C / "${SET#/}"; }
take_tar_sync() { take_tar; sync -f "$OUT/tar.tar.zst"; }

read -r sha sha_c < <(time_cmd sha256sum "${FILESLIST[@]}")
read -r v2 v2_c < <(time_cmd "$OPS" -q --no-record backup verify "$SET")
read -r v1 v1_c < <(time_cmd "$OPS" -q --no-record backup verify --jobs 1 "$SET")
# take and tar alternate run by run, so that both meet the same load.
tlog=$(mktemp)
for _ in $(seq 1 "$RUNS"); do
  for what in take_tar take_tar_sync take_ops; do
    ( TIMEFORMAT="$what %R %U %S"; time "$what" > /dev/null ) 2>> "$tlog"
    rm -f "$OUT/tar.tar.zst"
  done
done
pick() { awk -v w="$1" -v f="$2" '$1 == w {print (f == 1 ? $2 : sprintf("%.2f", $3 + $4))}' "$tlog" | median; }
tz=$(pick take_tar 1); tz_c=$(pick take_tar 2)
tzs=$(pick take_tar_sync 1); tzs_c=$(pick take_tar_sync 2)
tk=$(pick take_ops 1); tk_c=$(pick take_ops 2)
best_ratio=$(awk '$1 == "take_tar" {t[++i]=$2} $1 == "take_ops" {o[++j]=$2} END {b=0; for (k=1; k<=j; k++) if (t[k]/o[k] > b) b=t[k]/o[k]; printf "%.2f", b}' "$tlog")
rm -f "$tlog"
archive=$(ls "$OUT"/bench-*.tar.zst)
read -r va va_c < <(time_cmd "$OPS" -q --no-record backup verify "$archive")

mb=$(du -sm "$SET" | cut -f1)
cat <<END
## ops backup benchmark ($mb MiB in $FILES files, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $RUNS)

| what | wall s | cpu s | wall vs reference |
|---|---|---|---|
| sha256sum (reference for verify) | $sha | $sha_c | 1.00 |
| ops backup verify (one file per core) | $v2 | $v2_c | $(ratio "$v2" "$sha") |
| ops backup verify --jobs 1 | $v1 | $v1_c | $(ratio "$v1" "$sha") |
| tar -I zstd (reference for take) | $tz | $tz_c | 1.00 |
| tar -I zstd, then sync (durable, like take) | $tzs | $tzs_c | $(ratio "$tzs" "$tz") |
| ops backup take (fsync, read back, verified) | $tk | $tk_c | speed $(ratio "$tz" "$tk") of tar's (best run $best_ratio), $(ratio "$tzs" "$tk") of tar+sync's |
| ops backup verify of the take archive | $va | $va_c | $(ratio "$va" "$sha") |

archive: $(du -m "$archive" | cut -f1) MiB from $mb MiB
END
