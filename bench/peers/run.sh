#!/usr/bin/env bash
# run.sh [N ...]      (default: 1 10 50 100)
#
# For every N, times 4 ways of running the same inspection against N loopback "hosts"
# (127.0.0.2 .. 127.0.0.(N+1), port 2222, sshd instances from setup.sh):
#   ansible_setup  ansible all -i INV -m setup -f $FORKS
#   ansible_cmd    ansible all -i INV -m command -a "sh -c '<payload>'" -f $FORKS
#   pssh           parallel-ssh -h HOSTS -p $FORKS -t 120 -i -x "-F ssh_config" '<payload>'
#   sshloop        for h in $(cat HOSTS); do ssh -F ssh_config $h '<payload>' >OUT/$h 2>&1 & done; wait
# <payload> = lib/collect.sh joined into one line (OS, uptime/load, mem/swap, df + inodes, NIC link,
# routes, kernel errors, failed services).
# Each case: $RUNS timed runs (median reported) + 1 run with a /proc sampler for aggregate memory;
# the first N of the list also gets $WARMUP untimed warm-up runs per tool.
# Plus a hyperfine measurement of the single-connection floor (handshake + exec) on loopback.
#
# Env: RUNS=3 WARMUP=1 FORKS=50 TOOLS="ansible_setup ansible_cmd pssh sshloop" FLOOR=1 FLOOR_RUNS=30
#      (extra TOOLS available: ansible_cmd_pipe = ansible_cmd with pipelining, ansible_raw = -m raw)
#      KEEP_SSHD=0 (1 = leave the benchmark sshd running afterwards) RESULTS=<dir>
#      KEX=<list>  e.g. curve25519-sha256: pin ssh KexAlgorithms for every tool (default: OpenSSH's own
#                  default order, which negotiates sntrup761x25519-sha512@openssh.com between 9.x peers)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export OPSBENCH_DIR="${OPSBENCH_DIR:-/tmp/opsbench}"
W="$OPSBENCH_DIR"
A=/opt/ansible-venv/bin
RUNS="${RUNS:-3}"; WARMUP="${WARMUP:-1}"; FORKS="${FORKS:-50}"
TOOLS="${TOOLS:-ansible_setup ansible_cmd pssh sshloop}"
FLOOR="${FLOOR:-1}"; FLOOR_RUNS="${FLOOR_RUNS:-30}"
RESULTS="${RESULTS:-$HERE/results/$(date +%Y%m%d-%H%M%S)}"
if (($#)); then NS=("$@"); else NS=(1 10 50 100); fi
log() { printf '[run %s] %s\n' "$(date +%T)" "$*" >&2; }

# ------------------------------------------------ make sure our sshd instances are up
up=1
ls "$W"/sshd/sshd.*.pid >/dev/null 2>&1 || up=0
for pf in "$W"/sshd/sshd.*.pid; do
  [[ -e "$pf" ]] || continue
  pid=$(cat "$pf"); kill -0 "$pid" 2>/dev/null || up=0
done
if (( ! up )) || [[ ! -x $A/ansible ]]; then log "benchmark sshd not running -> setup.sh"; "$HERE/setup.sh"; fi
if [[ "${KEEP_SSHD:-0}" != 1 ]]; then trap '"$HERE/stop.sh"' EXIT; fi

mkdir -p "$RESULTS"
# KexAlgorithms for every tool goes through the shared ssh_config (ansible/pssh/loop all use -F it)
sed -i '/^  KexAlgorithms /d' "$W/ssh_config"
[[ -n "${KEX:-}" ]] && echo "  KexAlgorithms $KEX" >> "$W/ssh_config"
# remember where the sshd logs are now, so throttling evidence covers this run only
declare -A LOGSTART
for f in "$W"/sshd/sshd.*.log; do [[ -e "$f" ]] && LOGSTART[$f]=$(wc -l < "$f"); done
export ANSIBLE_CONFIG="$W/ansible.cfg"
# PAYLOAD_FILE (set by ../fanout.sh) is ops's own collection script: then the loop and
# parallel-ssh feed it on stdin to `sh -s`, exactly as ops does, so every tool runs
# the same script. Without it, lib/collect.sh joined into one line, as before.
if [[ -n "${PAYLOAD_FILE:-}" ]]; then
  cp "$PAYLOAD_FILE" "$W/payload.sh"
  PAYLOAD="sh -s"
else
  PAYLOAD="$(tr '\n' ' ' < "$HERE/lib/collect.sh")"
  printf '%s\n' "$PAYLOAD" > "$W/payload.sh"
fi
export PAYLOAD
cp "$W/payload.sh" "$RESULTS/payload.sh"
END_MARK="${END_MARK:-## end-of-inspect}"
"$HERE/lib/mkinv.sh" "${NS[@]}"

# ------------------------------------------------ versions / environment
{
  echo "date: $(date -Is)"; echo "kernel: $(uname -r)"; echo "cpus: $(nproc)"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "openssh: $(ssh -V 2>&1) / server pkg $(dpkg-query -W -f='${Version}' openssh-server)"
  echo "ansible-core: $($A/ansible --version | head -1) on python $($A/python -c 'import sys;print(sys.version.split()[0])')"
  echo "parallel-ssh (pssh): $(parallel-ssh --version 2>&1) pkg $(dpkg-query -W -f='${Version}' pssh), python $(/usr/bin/python3 -V 2>&1)"
  echo "bash: ${BASH_VERSION}"
  echo "hyperfine: $(hyperfine --version)"
  echo "GNU time: pkg $(dpkg-query -W -f='${Version}' time)"
  echo "sshd instances: $(ls "$W"/sshd/sshd.*.pid | wc -l) (16 ListenAddress each max), settings:"
  grep -E '^(MaxStartups|MaxSessions|UsePAM|LogLevel)' "$W/sshd/sshd_config.0" | sed 's/^/  /'
  echo "ansible.cfg:"; sed 's/^/  /' "$ANSIBLE_CONFIG"
  echo "forks/parallelism: $FORKS   runs: $RUNS   KexAlgorithms: ${KEX:-<openssh default>}"
  echo "negotiated kex: $(ssh -F "$W/ssh_config" -v 127.0.0.2 true 2>&1 | sed -n 's/^debug1: kex: algorithm: //p')"
} > "$RESULTS/versions.txt"
cat "$RESULTS/versions.txt" >&2

# ------------------------------------------------ single-connection floor (hyperfine)
if [[ "$FLOOR" == 1 ]]; then
  log "floor: hyperfine, $FLOOR_RUNS runs each"
  CFG="$W/ssh_config"; SOCK="$W/floor-mux.sock"
  ssh -F "$CFG" -o ControlMaster=yes -o ControlPath="$SOCK" -o ControlPersist=600 -fN 127.0.0.2
  hyperfine -N --warmup 3 --runs "$FLOOR_RUNS" --style basic \
    --export-json "$RESULTS/floor.json" --export-markdown "$RESULTS/floor.md" \
    -n "local: sh payload (no ssh)" "sh $W/payload.sh" \
    -n "ssh new conn: true" "ssh -F $CFG 127.0.0.2 true" \
    -n "ssh new conn: payload" "ssh -F $CFG 127.0.0.2 '$PAYLOAD'" \
    -n "ssh new conn -C (ansible default): true" "ssh -F $CFG -C 127.0.0.2 true" \
    -n "ssh new conn, kex curve25519-sha256: true" "ssh -F $CFG -o KexAlgorithms=curve25519-sha256 127.0.0.2 true" \
    -n "ssh new conn, kex sntrup761x25519-sha512: true" "ssh -F $CFG -o KexAlgorithms=sntrup761x25519-sha512@openssh.com 127.0.0.2 true" \
    -n "ssh mux (existing master): true" "ssh -F $CFG -o ControlPath=$SOCK 127.0.0.2 true" \
    -n "ssh mux (existing master): payload" "ssh -F $CFG -o ControlPath=$SOCK 127.0.0.2 '$PAYLOAD'" \
    > "$RESULTS/floor.txt" 2>&1 || { cat "$RESULTS/floor.txt" >&2; exit 1; }
  ssh -F "$CFG" -o ControlPath="$SOCK" -O exit 127.0.0.2 2>/dev/null || true
  grep -E '^(Benchmark|  Time)' "$RESULTS/floor.txt" >&2 || true
fi

# ------------------------------------------------ fan-out cases
LOOPOUT="$W/loop-out"
first_n="${NS[0]}"
for N in "${NS[@]}"; do
  INV="$W/inv/ansible-$N.ini"; HOSTS="$W/inv/hosts-$N.txt"
  for tool in $TOOLS; do
    pre=""; cpdir=""
    case "$tool" in
      ansible_setup)
        cmd="exec $A/ansible all -i $INV -m setup -f $FORKS"
        check="grep -cE '^127\\.0\\.0\\.[0-9]+ \\| SUCCESS' \"\$OUT_FILE\" || true"
        cpdir="$W/ansible-cp" ;;
      ansible_cmd)
        cmd="exec $A/ansible all -i $INV -m command -a \"sh -c '\$PAYLOAD'\" -f $FORKS"
        check="grep -c '^## end-of-inspect' \"\$OUT_FILE\" || true"
        cpdir="$W/ansible-cp" ;;
      ansible_cmd_pipe)   # optional extra: same as ansible_cmd with ANSIBLE_PIPELINING=True (fewer ssh ops/host)
        cmd="ANSIBLE_PIPELINING=True exec $A/ansible all -i $INV -m command -a \"sh -c '\$PAYLOAD'\" -f $FORKS"
        check="grep -c '^## end-of-inspect' \"\$OUT_FILE\" || true"
        cpdir="$W/ansible-cp" ;;
      ansible_raw)   # optional extra: no python module on the target, one ssh exec per host
        cmd="exec $A/ansible all -i $INV -m raw -a \"\$PAYLOAD\" -f $FORKS"
        check="grep -c '^## end-of-inspect' \"\$OUT_FILE\" || true"
        cpdir="$W/ansible-cp" ;;
      pssh)
        if [[ -n "${PAYLOAD_FILE:-}" ]]; then
          cmd="exec parallel-ssh -h $HOSTS -p $FORKS -t 120 -i -I -x \"-F $W/ssh_config\" \"\$PAYLOAD\" < $W/payload.sh"
        else
          cmd="exec parallel-ssh -h $HOSTS -p $FORKS -t 120 -i -x \"-F $W/ssh_config\" \"\$PAYLOAD\""
        fi
        check="grep -c '^$END_MARK' \"\$OUT_FILE\" || true" ;;
      sshloop)
        pre="rm -rf $LOOPOUT && mkdir -p $LOOPOUT"
        if [[ -n "${PAYLOAD_FILE:-}" ]]; then
          cmd="for h in \$(cat $HOSTS); do ssh -F $W/ssh_config \"\$h\" \"\$PAYLOAD\" < $W/payload.sh > $LOOPOUT/\$h.out 2>&1 & done; wait"
        else
          cmd="for h in \$(cat $HOSTS); do ssh -F $W/ssh_config \"\$h\" \"\$PAYLOAD\" > $LOOPOUT/\$h.out 2>&1 & done; wait"
        fi
        check="grep -l '^$END_MARK' $LOOPOUT/*.out | wc -l" ;;
      ops)   # ops inspect host: one process, $FORKS worker threads, one ssh2 session per target
        cmd="exec $OPS inspect host --inventory $W/inv/ops-$N.toml --no-record -q --jobs $FORKS --format json"
        check="python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for t in d[\"targets\"] if not t.get(\"error\")))' \"\$OUT_FILE\"" ;;
      *) echo "unknown tool $tool" >&2; exit 2 ;;
    esac
    wu=0; [[ "$N" == "$first_n" ]] && wu="$WARMUP"
    log "N=$N $tool (warmup=$wu runs=$RUNS + mem run)"
    echo "$tool N=$N: $cmd" >> "$RESULTS/commands.txt"
    python3 "$HERE/lib/measure.py" --tool "$tool" --n "$N" --runs "$RUNS" --warmup "$wu" --mem-run \
      --outdir "$RESULTS/raw" --cpdir "$cpdir" --pre-cmd "$pre" --check-cmd "$check" --cmd "$cmd" >&2
  done
done

# ------------------------------------------------ throttling evidence from sshd logs
for f in "$W"/sshd/sshd.*.log; do tail -n +"$(( ${LOGSTART[$f]:-0} + 1 ))" "$f"; done > "$RESULTS/sshd-log-this-run.txt" || true
SL="$RESULTS/sshd-log-this-run.txt"
{
  echo "sshd log lines (all instances, this run.sh invocation):"
  echo "  accepted publickey: $(grep -c 'Accepted publickey' "$SL" || true)"
  echo "  MaxStartups/drop lines: $(grep -ciE 'MaxStartups|drop connection' "$SL" || true)"
  echo "  MaxSessions lines: $(grep -ci 'MaxSessions' "$SL" || true)"
  grep -iE 'MaxStartups|drop connection|MaxSessions|error|fatal' "$SL" | sed -E 's/^[^:]*sshd\[[0-9]+\]: //; s/[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+ port [0-9]+/ADDR/g' | sort | uniq -c | sort -rn | head -20 || true
} > "$RESULTS/sshd-throttle.txt"
python3 "$HERE/lib/report.py" "$RESULTS" > "$RESULTS/report.md"
cat "$RESULTS/report.md"
log "results in $RESULTS"
