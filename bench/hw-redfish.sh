#!/usr/bin/env bash
# Redfish fan-out benchmark: `ops inspect hw` of N loopback BMCs (the test
# suite's rustls Redfish server on 127.0.100.1…N, one process, the resources
# of tests/fixtures/hw/redfish/bmc) against `curl --parallel --parallel-max 64
# -k` GETting every resource of the same BMCs, timed in the same run with
# hyperfine; then the controller's max RSS with /usr/bin/time -v. Everything
# stays on 127.0.0.0/8.
#
#   bash bench/hw-redfish.sh          # N = 100
#   RUNS=20 bash bench/hw-redfish.sh 50
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/.."
N="${1:-100}"
RUNS="${RUNS:-10}"
cargo build --release --offline --quiet --manifest-path "$ROOT/Cargo.toml" --bin ops --example redfish_bmc_bench
OPS="$ROOT/target/release/ops"
WORK="$(mktemp -d /tmp/hw-redfish-bench.XXXXXX)"
"$ROOT/target/release/examples/redfish_bmc_bench" "$ROOT/tests/fixtures/hw/redfish/bmc" "$WORK" "$N" > "$WORK/bmcs.txt" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do
  [[ $(wc -l < "$WORK/bmcs.txt") -ge $((N + 2)) ]] && break
  sleep 0.1
done
FP=$(awk '$1 == "fingerprint" {print $2}' "$WORK/bmcs.txt")
export BMC_PW=$(awk '$1 == "password" {print $2}' "$WORK/bmcs.txt")
mapfile -t ADDRS < <(grep '^127\.' "$WORK/bmcs.txt")

# ops: every BMC a [[bmc]] entry pinned by fingerprint, a records repository.
export HOME="$WORK/home" OPS_GATEWAY_PING=0
mkdir -p "$HOME"
INV="$WORK/inventory.toml"
: > "$INV"
i=0
for a in "${ADDRS[@]}"; do
  i=$((i + 1))
  printf '[[bmc]]\nname = "bmc%03d"\nprotocol = "redfish"\naddress = "%s"\nport = %s\nuser = "ops"\npassword_env = "BMC_PW"\nfingerprint = "%s"\n\n' \
    "$i" "${a%:*}" "${a##*:}" "$FP" >> "$INV"
done
"$OPS" init "$WORK/records" > /dev/null
OPS_CMD="$OPS inspect hw -q --jobs 64 --inventory $INV --records $WORK/records"

# curl: the same resources (every file of the fixture tree) of every BMC.
CFG="$WORK/curl.cfg"
printf 'user = "ops:%s"\nsilent\n' "$BMC_PW" > "$CFG"
PATHS=$(cd "$ROOT/tests/fixtures/hw/redfish/bmc" && find . -name index.json | sed 's|^\./||; s|/index.json$||' | sort)
for a in "${ADDRS[@]}"; do
  for p in $PATHS; do
    printf 'url = "https://%s/%s"\noutput = "/dev/null"\n' "$a" "$p" >> "$CFG"
  done
done
CURL_CMD="curl --parallel --parallel-max 64 -k -K $CFG"
echo "N=$N BMCs, $(echo "$PATHS" | wc -l) resources each; curl GETs $(grep -c '^url' "$CFG")"
# One run of each first: what ops found (exit 2: the fixtures hold failed parts).
$OPS_CMD --format json > "$WORK/run.json" || true
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('ops:', r['summary'])" "$WORK/run.json"

hyperfine -N -i --warmup 1 --runs "$RUNS" --export-markdown "$WORK/hyperfine.md" \
  -n ops "$OPS_CMD" -n curl "$CURL_CMD"
cat "$WORK/hyperfine.md"
for name in ops curl; do
  cmd=$OPS_CMD; [[ $name == curl ]] && cmd=$CURL_CMD
  /usr/bin/time -v $cmd > /dev/null 2> "$WORK/time-$name.txt" || true
  printf '%s: max RSS %s kB, elapsed %s, CPU %s\n' "$name" \
    "$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/time-$name.txt")" \
    "$(awk -F': ' '/Elapsed/ {print $2}' "$WORK/time-$name.txt")" \
    "$(awk -F': ' '/Percent of CPU/ {print $2}' "$WORK/time-$name.txt")"
done
