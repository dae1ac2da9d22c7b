#!/usr/bin/env bash
# mkinv.sh N... : write inventories for N hosts (host i = 127.0.0.(i+1), port 2222 via ssh_config)
#   $W/inv/hosts-N.txt   one address per line (parallel-ssh -h, bash loop)
#   $W/inv/ansible-N.ini  ansible INI inventory, all tools share $W/ssh_config via -F
set -euo pipefail
W="${OPSBENCH_DIR:-/tmp/opsbench}"
NMAX="${NMAX:-100}"
mkdir -p "$W/inv"
for n in "$@"; do
  (( n >= 1 && n <= NMAX )) || { echo "N=$n outside 1..$NMAX (rerun setup.sh with NMAX>=$n)" >&2; exit 1; }
  : > "$W/inv/hosts-$n.txt"
  { echo "[bench]"; } > "$W/inv/ansible-$n.ini"
  for ((i = 1; i <= n; i++)); do
    echo "127.0.0.$((i + 1))" >> "$W/inv/hosts-$n.txt"
    echo "127.0.0.$((i + 1))" >> "$W/inv/ansible-$n.ini"
  done
  printf '\n[bench:vars]\nansible_ssh_common_args=-F %s/ssh_config\n' "$W" >> "$W/inv/ansible-$n.ini"
  # ops inventory: same hosts, user, key and known_hosts as the ssh_config the others use
  {
    printf '[defaults]\nuser = "opsbench"\nport = %s\nkey = "%s/id_ed25519"\nknown_hosts = "%s/known_hosts"\n' "${PORT:-2222}" "$W" "$W"
    for ((i = 1; i <= n; i++)); do printf '[[host]]\nname = "h%03d"\naddress = "127.0.0.%d"\n' "$i" "$((i + 1))"; done
  } > "$W/inv/ops-$n.toml"
done
