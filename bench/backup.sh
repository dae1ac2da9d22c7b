#!/usr/bin/env bash
# Backup benchmark: `ops backup verify` against `sha256sum`, and
# `ops backup take` against `tar -I zstd`, on the same files (page cache warm).
#
#   bash bench/backup.sh                 # 2 GiB in 8 files, 3 runs each
#   SIZE_MB=512 FILES=4 RUNS=5 bash bench/backup.sh
#
# The set is half incompressible (urandom) and half base64 text (zstd gets
# it to ~75 %), so compression does real work. Prints a Markdown table of
# median wall times and the ratios the goals are stated in:
#   verify (both cores) / sha256sum   goal about 0.6
#   verify --jobs 1     / sha256sum   goal <= 1.1
#   take speed / tar -I zstd speed    goal >= 0.8  (take also reads the archive back to verify it)
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
# time_cmd NAME CMD... : run RUNS times, print the median wall seconds.
time_cmd() {
  local name="$1"; shift
  local t=()
  for _ in $(seq 1 "$RUNS"); do
    local s e
    s=$(date +%s.%N)
    "$@" > /dev/null
    e=$(date +%s.%N)
    t+=("$(echo "$e - $s" | bc -l)")
  done
  printf '%s\n' "${t[@]}" | median
}

OUT="$DIR/out"
rm -rf "$OUT"; mkdir -p "$OUT"
take_ops() { rm -rf "$OUT"/*; "$OPS" -q --no-record backup take --dir "$OUT" --name bench "$SET"; }
take_tar() { rm -f "$OUT/tar.tar.zst"; tar -I zstd -cf "$OUT/tar.tar.zst" -C / "${SET#/}"; }
take_tar_t0() { rm -f "$OUT/tar.tar.zst"; tar -I 'zstd -T0' -cf "$OUT/tar.tar.zst" -C / "${SET#/}"; }

sha=$(time_cmd sha256sum sha256sum "${FILESLIST[@]}")
v2=$(time_cmd verify "$OPS" -q --no-record backup verify "$SET")
v1=$(time_cmd verify1 "$OPS" -q --no-record backup verify --jobs 1 "$SET")
tz=$(time_cmd tar take_tar)
tz0=$(time_cmd tar_t0 take_tar_t0)
tk=$(time_cmd take take_ops)
archive=$(ls "$OUT"/bench-*.tar.zst)
va=$(time_cmd verify_archive "$OPS" -q --no-record backup verify "$archive")

mb=$(du -sm "$SET" | cut -f1)
cores=$(nproc)
load=$(cut -d' ' -f1 /proc/loadavg)
cat <<EOF
## ops backup benchmark ($mb MiB in $FILES files, $cores cores, load $load, median of $RUNS)

| what | wall s | vs reference |
|---|---|---|
| sha256sum (reference for verify) | $sha | 1.00 |
| ops backup verify (one file per core) | $v2 | $(echo "$v2 / $sha" | bc -l | xargs printf %.2f) |
| ops backup verify --jobs 1 | $v1 | $(echo "$v1 / $sha" | bc -l | xargs printf %.2f) |
| tar -I zstd (reference for take) | $tz | 1.00 |
| tar -I 'zstd -T0' | $tz0 | $(echo "$tz0 / $tz" | bc -l | xargs printf %.2f) |
| ops backup take (archive, manifest, read back and verified) | $tk | speed $(echo "$tz / $tk" | bc -l | xargs printf %.2f) of tar |
| ops backup verify of the take archive | $va | $(echo "$va / $sha" | bc -l | xargs printf %.2f) of sha256sum |

archive: $(du -m "$archive" | cut -f1) MiB from $mb MiB
EOF
