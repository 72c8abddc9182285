#!/usr/bin/env bash
# The receiver against SQLite itself on equal CPU (issue 32): the built jar pinned to one core with
# its data directory on tmpfs (fsync costs nothing there, so only CPU is compared), the load
# generator on the other core, and a raw SQLite reference (RawSqliteReference: plain JDBC, written
# without the store's code) pinned to the receiver's core, its file on tmpfs too. After a warm-up
# (the JIT of a one-core receiver keeps compiling for about 40 s under load), saturating slices of
# each take turns in one run (OneCoreCompare); prints every slice, the best and the median of each
# and their ratios (target: at least 0.7), and the receiver's CPU time per event by thread.
# OTHER=jar adds a second receiver (another build) to the same turns, for an A/B of two builds;
# CEILING=1 adds the first receiver's HTTP ceiling (/bench/ceiling: read the body, answer 200).
# WHERE='expression' measures the cost of a where: instead (issue 28): the receiver gets two sources
# whose slices take turns, "plain" with a route its events never match, "filtered" with a route they
# match whose where: is the expression. Give one that is false for the payload, such as
# WHERE='body.ref == "refs/heads/main"', so that neither stores a delivery: the two then differ by
# the expression's work alone, and no delivery runs on the core during another part's slice.
# CONTROL=1 (with WHERE) gives "plain" the same route as "filtered", an A/A run: the two then do the
# same work, and their ratio shows what the method itself resolves on this machine.
# Needs two cores and taskset; stops by itself; sends to 127.0.0.1 only.
#
#   samples/loadgen/onecore.sh                    # after: mvn -B -q package -DskipTests
#   SLICES=7 SLICE=4s WARMUP=45s samples/loadgen/onecore.sh
#   DISK=1 samples/loadgen/onecore.sh             # data on the real disk (a scratch directory) instead
#   OTHER=/path/to/older/hookline.jar samples/loadgen/onecore.sh
#   WHERE='body.ref == "refs/heads/main"' SLICES=16 samples/loadgen/onecore.sh
#   CONTROL=1 WHERE='body.ref == "refs/heads/main"' SLICES=16 samples/loadgen/onecore.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${JAR:-$repo/receiver/target/hookline.jar}"
loadgen="$repo/samples/loadgen/target/hookline-loadgen.jar"
payload="$repo/samples/payloads/github-push.json"
port="${PORT:-18096}"
target=$((port + 5))
if [ "${DISK:-0}" = 1 ]; then
  work="$(mktemp -d)"
else
  [ -d /dev/shm ] || { echo "no /dev/shm (tmpfs) here: run with DISK=1"; exit 2; }
  work="$(mktemp -d -p /dev/shm)"
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. "$repo/samples/loadgen/receiver.sh"

# start_pinned NAME JAR PORT: the jar on CPU 1 with its own data directory; adds NAME=URL@PID to $receivers.
receivers=()
start_pinned() {
  mkdir -p "$work/$1"
  cat > "$work/$1/onecore.yml" <<YML
micronaut.server.port: $3
hookline:
  data-dir: $work/$1/data
  plugins-dir: $work/$1/plugins
  sources:
    gh: { provider: github, secrets: [ "bench-secret" ] }
    plain: { provider: github, secrets: [ "bench-secret" ] }
    filtered: { provider: github, secrets: [ "bench-secret" ] }
  bench.enabled: $( [ "${CEILING:-0}" = 1 ] && echo true || echo false )
YML
  if [ -n "${WHERE:-}" ]; then
    cat >> "$work/$1/onecore.yml" <<YML
  routes:
    - { name: plain, match: "$( [ "${CONTROL:-0}" = 1 ] && echo 'plain:*' || echo 'plain:no-such-type' )", $( [ "${CONTROL:-0}" = 1 ] && echo "where: '$WHERE'," ) handler: forward, max-concurrent: 8, settings: { url: "http://127.0.0.1:$target/downstream" } }
    - { name: filtered, match: "filtered:*", where: '$WHERE', handler: forward, max-concurrent: 8, settings: { url: "http://127.0.0.1:$target/downstream" } }
YML
  fi
  jar="$2" start_receiver "$work/$1/onecore.yml" "$work/$1/receiver.log"
  pids+=("$pid")
  taskset -a -p -c 1 "$pid" > /dev/null
  await_first_accepted "$3" bench-secret "$work/$1/receiver.log"
  if [ -n "${WHERE:-}" ]; then
    receivers+=(--receiver "plain=http://127.0.0.1:$3/hooks/plain@$pid" --receiver "filtered=http://127.0.0.1:$3/hooks/filtered@$pid")
  else
    receivers+=(--receiver "$1=http://127.0.0.1:$3/hooks/gh@$pid")
  fi
}

start_pinned "${NAME:-this}" "$jar" "$port"
[ "${CEILING:-0}" = 1 ] && receivers+=(--receiver "ceiling=http://127.0.0.1:$port/bench/ceiling@${pids[0]}")
[ -n "${OTHER:-}" ] && start_pinned "${OTHER_NAME:-other}" "$OTHER" $((port + 2))
echo "data on $( [ "${DISK:-0}" = 1 ] && echo 'the real disk' || echo tmpfs ); receivers and raw reference on CPU 1, load generator on CPU 0"
taskset -c 0 java -cp "$loadgen" io.hookline.loadgen.OneCoreCompare "${receivers[@]}" \
  --secret bench-secret --payload "$payload" --raw-data-dir "$work/raw" --raw-cpu 1 \
  --target-port "$target" --slices "${SLICES:-5}" --slice "${SLICE:-4s}" --warmup "${WARMUP:-45s}" --connections "${CONNECTIONS:-32}"
for p in "${pids[@]}"; do echo "resident set of receiver $p now: $(( $(awk '/VmRSS/ {print $2}' /proc/$p/status) / 1024 )) MB"; done
