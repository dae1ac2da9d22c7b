#!/usr/bin/env bash
# `ops ticket` benchmark (goals from issue 5):
#   1. `ops ticket new`, including its commit, vs `git add` + `git commit` of
#      one file in the same repository (goal: ≤ 1.5×);
#   2. `ops ticket list` over 10,000 tickets (goal: ≤ 0.5 s).
#
#   bash bench/ticket.sh            # N=10000 tickets, hyperfine runs
#   N=20000 RUNS=20 bash bench/ticket.sh
#
# Needs hyperfine and python3. Works in a temp dir; prints hyperfine tables.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${N:-10000}"
RUNS="${RUNS:-30}"
cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
OPS="$HERE/../target/release/ops"
WORK="$(mktemp -d /tmp/opsbench-ticket.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export TZ=UTC USER=bench GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
unset OPS_NOW
R="$WORK/records"
"$OPS" -q init "$R" >/dev/null
git -C "$R" config user.name bench
git -C "$R" config user.email bench@example.org
python3 "$HERE/ticket_gen.py" "$R" "$N"
git -C "$R" add -A && git -C "$R" commit -qm "bench: $N generated tickets"
echo "repository: $(git -C "$R" ls-files | wc -l) files, $(du -sh "$R/tickets" | cut -f1) of tickets"

# Every generated file must read back: no damaged-file warning.
if "$OPS" --records "$R" ticket list all 2>&1 >/dev/null | grep -q warning; then
  echo "generated tickets do not read back" >&2; exit 1
fi

NEW=(ticket new --customer "ACME Bank" --site "Pudong DC" --contact "Zhang Wei" --phone "+86 21 5555 0100"
     --channel hotline --severity II --category defect-technical --problem "core switch reloads"
     --target sw-core-1 --engineer "Li Na")
printf -v NEW_CMD '%q ' "$OPS" --records "$R" -q "${NEW[@]}"
mkdir -p "$R/bench"
# Both sides run under `sh -c`; the baseline's new file content is written in
# hyperfine's untimed --prepare step.
GIT_CMD="git -C '$R' add bench/one-file.txt && git -C '$R' commit -q -m 'bench: one file'"
PREP="date +%s%N > '$R/bench/one-file.txt'"

echo
echo "== 1. ticket new (with its commit) vs git add + git commit of one file =="
hyperfine --warmup 3 --runs "$RUNS" -N \
  --command-name "ops ticket new" --prepare "true" "sh -c \"$NEW_CMD\"" \
  --command-name "git add + git commit" --prepare "sh -c \"$PREP\"" "sh -c \"$GIT_CMD\"" \
  --export-markdown "$WORK/new.md"
echo
echo "== 2. ticket list over $(find "$R/tickets" -name '*.toml' | wc -l) tickets =="
hyperfine --warmup 2 --runs 10 -N \
  --command-name "ops ticket list (open)" "$OPS --records $R ticket list" \
  --command-name "ops ticket list all" "$OPS --records $R ticket list all" \
  --command-name "ops ticket list --overdue --format json" "$OPS --records $R ticket list --overdue --format json" \
  --export-markdown "$WORK/list.md"
echo
cat "$WORK/new.md" "$WORK/list.md"
git -C "$R" fsck --strict >/dev/null && echo "git fsck: clean"
