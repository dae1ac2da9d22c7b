#!/usr/bin/env bash
# Slow-link benchmark: `ops inspect host` over a link of 100 ms round trip,
# against the OpenSSH client loop and `ansible -m setup` in the same run.
#
# The kernel of these machines has no netem, so the slow link is
# bench/slowlink_proxy.py, a TCP proxy on loopback holding every chunk
# DELAY seconds each way (and the TCP handshake one round trip), between
# the clients and the loopback sshd set of bench/peers (100 sshd addresses
# 127.0.0.2-101:2222, see bench/peers/README.md). Target i is the proxy
# address 127.1.(i/250).(i%250+1):2222, forwarded to backend
# 127.0.0.((i-1)%100+2), so N may exceed 100: every target is its own
# address and its own connection. The proxy counts each connection's round
# trips (the times the flow turned from client to server, plus the
# handshake), reported per tool as the median per target.
#
#   bash bench/slowlink.sh                 # N = 1 300, RUNS=3
#   RUNS=5 bash bench/slowlink.sh 1 100 300
#   TOOLS="ops sshloop" bash bench/slowlink.sh 300
#   OPS_PREBUILT=1 ...                     # use target/release/ops as it is
#   DELAY=0.05 (seconds each way)  ANSIBLE_FORKS=100
#
# Every tool runs ops's own collection script (`ops inspect host
# --show-script`) without the apt simulation (check_security_updates =
# false: it costs ~2 s of CPU per target, and all targets share this
# machine's two cores). Needs root (bench/peers/setup.sh creates the
# target user and installs openssh, time, and an Ansible venv).
# Results: $OPSBENCH_DIR/slowlink/report-<time>.md, also printed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
W="${OPSBENCH_DIR:-/tmp/opsbench}"
S="$W/slowlink"
DELAY="${DELAY:-0.05}"
RUNS="${RUNS:-3}"
TOOLS="${TOOLS:-ops sshloop ansible_setup}"
ANSIBLE_FORKS="${ANSIBLE_FORKS:-100}"
BACKENDS=100
NS=("$@")
((${#NS[@]})) || NS=(1 300)
NMAX=0
for n in "${NS[@]}"; do ((n > NMAX)) && NMAX=$n; done
((NMAX <= 1000)) || { echo "N at most 1000" >&2; exit 2; }

if [[ "${OPS_PREBUILT:-0}" != 1 ]]; then
  cargo build --release --quiet --manifest-path "$HERE/../Cargo.toml"
fi
OPS="$HERE/../target/release/ops"
NMAX=$BACKENDS bash "$HERE/peers/setup.sh" ${SETUP_ARGS:-} >&2
mkdir -p "$S/out"
rm -f "$S"/out/*

addr() { echo "127.1.$(($1 / 250)).$(($1 % 250 + 1))"; }

# ------------------------------------------------------------ client side
hostkey="$(cut -d' ' -f1,2 "$W/ssh_host_ed25519_key.pub")"
: > "$S/known_hosts"
: > "$S/map"
for ((i = 1; i <= NMAX; i++)); do
  a=$(addr "$i")
  echo "[$a]:2222 $hostkey" >> "$S/known_hosts"
  echo "$a:2222 127.0.0.$(((i - 1) % BACKENDS + 2)):2222" >> "$S/map"
done
sed -e "s|^Host 127.0.0.\*|Host 127.1.*|" -e "s|UserKnownHostsFile .*|UserKnownHostsFile $S/known_hosts|" \
  "$W/ssh_config" > "$S/ssh_config"
printf '[thresholds.host]\ncheck_security_updates = false\n' > "$S/ops.toml"
export OPS_GATEWAY_PING=0
OPS_CONFIG="$S/ops.toml" "$OPS" inspect host --show-script > "$S/collect.sh"
for n in "${NS[@]}"; do
  : > "$S/hosts-$n.txt"
  printf '[defaults]\nuser = "opsbench"\nport = 2222\nkey = "%s/id_ed25519"\nknown_hosts = "%s/known_hosts"\n' \
    "$W" "$S" > "$S/inventory-$n.toml"
  echo "[bench]" > "$S/ansible-$n.ini"
  for ((i = 1; i <= n; i++)); do
    a=$(addr "$i")
    echo "$a" >> "$S/hosts-$n.txt"
    echo "$a" >> "$S/ansible-$n.ini"
    printf '[[host]]\nname = "t%04d"\naddress = "%s"\n' "$i" "$a" >> "$S/inventory-$n.toml"
  done
  printf '\n[bench:vars]\nansible_ssh_common_args=-F %s/ssh_config\n' "$S" >> "$S/ansible-$n.ini"
done

# ------------------------------------------------------------ the slow link
: > "$S/stats.jsonl"
python3 "$HERE/slowlink_proxy.py" --delay "$DELAY" --stats "$S/stats.jsonl" --map-file "$S/map" \
  > "$S/proxy.log" 2>&1 &
PROXY=$!
cleanup() {
  kill "$PROXY" 2>/dev/null || true
  pkill -f "ControlPath=$S/ansible-cp" 2>/dev/null || true
  bash "$HERE/peers/stop.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT
for _ in $(seq 100); do grep -q listeners "$S/proxy.log" 2>/dev/null && break; sleep 0.1; done
grep -q listeners "$S/proxy.log" || { cat "$S/proxy.log" >&2; exit 1; }

# ------------------------------------------------------------ the tools
run_ops() {
  OPS_CONFIG="$S/ops.toml" "$OPS" --inventory "$S/inventory-$1.toml" inspect host --no-record \
    --format json > "$S/out/ops.json" 2> "$S/out/ops.err" || true
}
run_sshloop() {
  local h
  while read -r h; do
    ssh -F "$S/ssh_config" "$h" sh -s < "$S/collect.sh" > "$S/out/ssh-$h" 2>&1 &
  done < "$S/hosts-$1.txt"
  wait
}
run_ansible_setup() {
  rm -rf "$S/ansible-cp"; mkdir -p "$S/ansible-cp" "$S/ansible-tmp"
  printf '[defaults]\nhost_key_checking = True\nlocal_tmp = %s/ansible-tmp\ninterpreter_python = auto_silent\nretry_files_enabled = False\n[ssh_connection]\ncontrol_path_dir = %s/ansible-cp\n' \
    "$S" "$S" > "$S/ansible.cfg"
  ANSIBLE_CONFIG="$S/ansible.cfg" /opt/ansible-venv/bin/ansible all -i "$S/ansible-$1.ini" \
    -m setup -f "$ANSIBLE_FORKS" > "$S/out/ansible.txt" 2>&1 || true
  pkill -f "$S/ansible-cp" 2>/dev/null || true
}

# How many targets answered, from the tool's own output.
answered() {
  case $1 in
    ops) python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for t in r["targets"] if not t.get("error")))' "$S/out/ops.json" ;;
    sshloop) grep -l "@@ops done" "$S"/out/ssh-* 2>/dev/null | wc -l ;;
    ansible_setup) grep -c "SUCCESS" "$S/out/ansible.txt" || true ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR + 1) / 2)] : "-")}'; }

report="$S/report-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Slow link: ${DELAY}s each way ($(date -u +%F), $(nproc) cores)"
  echo
  echo "| tool | N | wall median | min | max | max RSS | round trips per target | answered |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} > "$report"
for n in "${NS[@]}"; do
  for tool in $TOOLS; do
    runs=$RUNS
    [[ $tool == ansible_setup ]] && runs=1
    [[ $tool == ansible_setup && ! -x /opt/ansible-venv/bin/ansible ]] && continue
    walls=() rss=0
    kill -USR1 "$PROXY"; sleep 0.2; : > "$S/stats.jsonl"
    for ((r = 1; r <= runs; r++)); do
      /usr/bin/time -f '%e %M' -o "$S/time" bash -c "$(declare -f "run_$tool"); S='$S' OPS='$OPS' ANSIBLE_FORKS=$ANSIBLE_FORKS run_$tool $n"
      read -r wall kb < "$S/time"
      walls+=("$wall")
      ((kb > rss)) && rss=$kb
    done
    sleep $(awk "BEGIN {print 4 * $DELAY + 0.2}")
    kill -USR1 "$PROXY"; sleep 0.3
    rts=$(python3 -c 'import json,sys; print("\n".join(str(json.loads(l)["round_trips"]) for l in open(sys.argv[1]) if l.strip()))' "$S/stats.jsonl" | median)
    sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
    printf '| %s | %d | %s s | %s s | %s s | %d MB | %s | %s/%d |\n' "$tool" "$n" \
      "$(echo "$sorted" | median)" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)" \
      $((rss / 1024)) "$rts" "$(answered "$tool")" "$n" | tee -a "$report"
  done
done
echo
echo "report: $report"
