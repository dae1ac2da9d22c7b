#!/usr/bin/env bash
# Pre-change backup: back up what a change touches, prove the backup good,
# and stop before changing anything if either step fails.
#
#   examples/pre-change-backup.sh TICKET|CHANGE PATH... -- CHANGE-COMMAND...
#   examples/pre-change-backup.sh T-20261122-0001 /etc/nginx /srv/app/config -- systemctl reload nginx
#   examples/pre-change-backup.sh C-20261122-0001 /etc/nginx -- systemctl reload nginx
#
# Given a change id (from `ops change new`, approved with `ops change approve`),
# the backup is linked to the change, `ops change start` must pass its gate
# (approved by another, inside the window, this verified backup) before the
# command runs, and `ops change done` records done or rolled-back after it.
#
# Run it inside the records repository (or with OPS_RECORDS set): the ticket
# must exist there. The archive lands in [backup] dir of ops.toml (default
# /var/backups/ops), or in $BACKUP_DIR when set; the take and the verification
# are recorded and linked to the ticket. `ops backup take` exits non-zero and leaves nothing behind when
# any file cannot be read; `ops backup verify` exits 1 (warn), 2 (crit) or 3
# (could not check) when the archive is not provably good.
set -euo pipefail

usage() { echo "usage: $0 TICKET|CHANGE PATH... -- CHANGE-COMMAND..." >&2; exit 64; }
(($# >= 4)) || usage
ticket=$1; shift
paths=()
while (($#)) && [[ $1 != -- ]]; do paths+=("$1"); shift; done
[[ ${1:-} == -- ]] || usage
shift
((${#paths[@]} && $#)) || usage

OPS=${OPS:-ops}
dir_args=()
[[ -n ${BACKUP_DIR:-} ]] && dir_args=(--dir "$BACKUP_DIR")

link=(--ticket "$ticket")
change=
if [[ $ticket == C-* ]]; then change=$ticket; link=(--change "$change"); fi

echo "== backing up ${paths[*]} for ${link[*]}" >&2
if ! archive=$("$OPS" backup take "${dir_args[@]}" "${link[@]}" "${paths[@]}"); then
  echo "!! backup failed: nothing was changed" >&2
  exit 1
fi

echo "== verifying $archive" >&2
if ! "$OPS" backup verify "${link[@]}" "$archive"; then
  echo "!! backup $archive did not verify: nothing was changed" >&2
  exit 1
fi

if [[ -n $change ]] && ! "$OPS" change start "$change"; then
  echo "!! change $change may not start: nothing was changed" >&2
  exit 1
fi

echo "== backup good; running the change: $*" >&2
rc=0
"$@" || rc=$?
if ((rc)); then
  if [[ -n $change ]]; then "$OPS" change done "$change" --result rolled-back \
    --report "the change command exited $rc; restore with: tar -I zstd -xpf $archive -C /"; fi
  echo "!! the change failed (exit $rc); restore with: tar -I zstd -xpf $archive -C /" >&2
  exit "$rc"
fi
if [[ -n $change ]]; then "$OPS" change done "$change" --result done --report "ran: $*"; fi
echo "== change done; restore with: tar -I zstd -xpf $archive -C /" >&2
