#!/usr/bin/env bash
# `ops report` benchmark (goals from issue 8): over a year of daily records for
# 500 targets plus tickets and backups, `ops report quarterly` takes ≤ 2× the
# time to merely read the record files it reads (`cat` of the same files), with
# peak memory ≤ 300 MB, in both languages (`--lang en` and `--lang zh-CN`).
#
#   bash bench/report.sh                      # 500 targets, 365 days, 5,000 tickets
#   TARGETS=100 DAYS=120 bash bench/report.sh # smaller
#
# Needs hyperfine, python3 and GNU time. Works in a temp dir (KEEP=1 keeps it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGETS="${TARGETS:-500}"
DAYS="${DAYS:-365}"
TICKETS="${TICKETS:-5000}"
RUNS="${RUNS:-5}"
cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
OPS="$HERE/../target/release/ops"
WORK="$(mktemp -d /tmp/opsbench-report.XXXXXX)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
export TZ=UTC USER=bench OPS_NOW=2027-01-02T08:00:00Z GIT_AUTHOR_NAME=bench \
  GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
R="$WORK/records"
"$OPS" -q init "$R" >/dev/null
python3 "$HERE/report_gen.py" "$R" "$TARGETS" 2026-12-31 "$DAYS"
python3 "$HERE/ticket_gen.py" "$R" "$TICKETS" 2026-12-20
echo "records: $(find "$R/inspect" -name '*.json' | wc -l) inspections, $(find "$R/tickets" -name '*.toml' | wc -l) tickets, $(find "$R/backup" -name '*.json' | wc -l) backup verifications, $(du -sh "$R" | cut -f1)"

# The files the quarterly report of 2026-Q4 reads: the quarter's inspections, backups and
# walks plus the 9 days before it (to know each target's state when the quarter began), and
# every ticket file.
LIST="$WORK/files"
{
  find "$R/inspect" -path '*/2026/1[0-2]/*.json'
  find "$R/inspect" -path '*/2026/09/2026092[2-9]T*.json' -o -path '*/2026/09/2026093*.json'
  find "$R/backup" -path '*/2026/2026092[2-9]T*' -o -path '*/2026/2026093*' -o -path '*/2026/20261[0-2]*'
  find "$R/diagnose" -name '2026-1[0-2]-*' -o -name '2026-09-2[2-9]-*' -o -name '2026-09-3*'
  find "$R/tickets" -name '*.toml'
} > "$LIST"
echo "the quarterly report reads $(wc -l < "$LIST") files, $(xargs -a "$LIST" -d '\n' cat | wc -c) bytes"
sync; cat "$LIST" >/dev/null

Q="$OPS --records $R --no-record -q report quarterly --quarter 2026-Q4 --lang en"
QZH="$OPS --records $R --no-record -q report quarterly --quarter 2026-Q4 --lang zh-CN"
# Every generated file must read back: no skipped record.
if $Q 2>&1 >/dev/null | grep -q skipped; then echo "generated records do not read back" >&2; exit 1; fi

echo
echo "== quarterly report vs cat of the same files (warm cache) =="
hyperfine --warmup 1 --runs "$RUNS" -N \
  --command-name "cat (xargs)" "xargs -a $LIST -d '\n' cat" --output=null \
  --command-name "ops report quarterly --lang en" "$Q" \
  --command-name "ops report quarterly --lang zh-CN" "$QZH" \
  --export-markdown "$WORK/report.md"
echo
echo "== peak memory =="
/usr/bin/time -f "ops report quarterly --lang en: %e s wall, %U s user, %S s system, max RSS %M KiB" $Q >/dev/null
/usr/bin/time -f "ops report quarterly --lang zh-CN: %e s wall, %U s user, %S s system, max RSS %M KiB" $QZH >/dev/null
echo
cat "$WORK/report.md"
