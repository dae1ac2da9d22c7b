#!/usr/bin/env bash
# Pre-change backup: back up what a change touches, prove the backup good,
# and stop before changing anything if either step fails.
#
#   examples/pre-change-backup.sh TICKET PATH... -- CHANGE-COMMAND...
#   examples/pre-change-backup.sh T-20261122-0001 /etc/nginx /srv/app/config -- systemctl reload nginx
#
# Run it inside the records repository (or with OPS_RECORDS set): the ticket
# must exist there. The archive lands in [backup] dir of ops.toml (default
# /var/backups/ops), or in $BACKUP_DIR when set; the take and the verification
# are recorded and linked to the ticket. `ops backup take` exits non-zero and leaves nothing behind when
# any file cannot be read; `ops backup verify` exits 1 (warn), 2 (crit) or 3
# (could not check) when the archive is not provably good.
set -euo pipefail

usage() { echo "usage: $0 TICKET PATH... -- CHANGE-COMMAND..." >&2; exit 64; }
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

echo "== backing up ${paths[*]} for ticket $ticket" >&2
if ! archive=$("$OPS" backup take "${dir_args[@]}" --ticket "$ticket" "${paths[@]}"); then
  echo "!! backup failed: nothing was changed" >&2
  exit 1
fi

echo "== verifying $archive" >&2
if ! "$OPS" backup verify --ticket "$ticket" "$archive"; then
  echo "!! backup $archive did not verify: nothing was changed" >&2
  exit 1
fi

echo "== backup good; running the change: $*" >&2
"$@"
echo "== change done; restore with: tar -I zstd -xpf $archive -C /" >&2
