#!/usr/bin/env bash
# The performance benchmark: starts the built jar on a scratch SQLite file (synchronous=FULL) with
# the bench ceiling endpoint on, and runs the load generator on 127.0.0.1 against the ceiling and
# the real endpoint side by side, REPEAT times each, beside the store's own append rate without
# HTTP (StoreAppendRate, on a scratch file of its own, as many appends in flight as connections),
# and end to end through a forward route to a downstream the load generator answers on 127.0.0.1. Prints every run, the receiver's resident set
# during saturation, and the time from start to the first accepted request. Bounded in time.
#
#   samples/loadgen/bench.sh            # after: mvn -B -q package -DskipTests
#   REPEAT=1 DURATION=5s samples/loadgen/bench.sh
#   JAR=/path/to/an-older/hookline.jar samples/loadgen/bench.sh   # the same benchmark on another build
#   PIN=1 samples/loadgen/bench.sh      # the receiver and the store-only run on CPU 1, the load generator on CPU 0
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${JAR:-$repo/receiver/target/hookline.jar}"
loadgen="$repo/samples/loadgen/target/hookline-loadgen.jar"
payload="$repo/samples/payloads/github-push.json"
port="${PORT:-18090}"
repeat="${REPEAT:-3}"
duration="${DURATION:-10s}"
work="$(mktemp -d)"
# PIN=1 gives the receiver and the store-only run the same one core, and the load generator the
# other, so that saturation and the store's own rate are measured on equal CPU.
receiver_cpu=""
loadgen_cpu=""
if [ "${PIN:-0}" = 1 ]; then
  receiver_cpu="taskset -c 1"
  loadgen_cpu="taskset -c 0"
fi
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. "$repo/samples/loadgen/receiver.sh"

cat > "$work/bench.yml" <<YML
micronaut.server.port: $port
hookline:
  data-dir: $work/data
  plugins-dir: $work/plugins
  bench.enabled: true
  sources:
    gh: { provider: github, secrets: [ "bench-secret" ] }
    routed: { provider: github, secrets: [ "bench-secret" ] }
  routes:
    - name: downstream
      match: "routed:*"
      handler: forward
      # One route takes all the traffic here: as many attempts at once as there are workers, as
      # before routes had a bound (docs/performance.md, "The per-route bound and one busy route").
      max-concurrent: 8
      settings: { url: "http://127.0.0.1:$((port + 1))/downstream" }
YML

start_receiver "$work/bench.yml" "$work/receiver.log"
[ -n "$receiver_cpu" ] && taskset -a -p -c 1 "$pid" > /dev/null
await_first_accepted "$port" bench-secret "$work/receiver.log"

run() {
  echo "--- $1"
  shift
  $loadgen_cpu java -jar "$loadgen" --secret bench-secret --payload "$payload" --duration "$duration" --warmup 3s "$@"
}
rss_during() {
  sleep 8
  echo "receiver resident set during saturation: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
}
for i in $(seq 1 "$repeat"); do
  echo "--- store only, run $i"
  $receiver_cpu java ${JAVA_OPTS:--Xmx160m} -cp "$loadgen" io.hookline.loadgen.StoreAppendRate --data-dir "$work/store-only-$i" \
    --payload "$payload" --duration "$duration" --warmup 3s --in-flight 64 2>&1 | grep '^store only'
  rm -rf "$work/store-only-$i"
  run "ceiling, run $i" --url "http://127.0.0.1:$port/bench/ceiling"
  rss_during & watcher=$!
  run "saturation, run $i" --url "http://127.0.0.1:$port/hooks/gh" --verify-db "$work/data/hookline.db"
  wait $watcher
  run "50% duplicates, run $i" --url "http://127.0.0.1:$port/hooks/gh" --duplicates 0.5 --verify-db "$work/data/hookline.db"
  run "fixed 2000 req/s, run $i" --url "http://127.0.0.1:$port/hooks/gh" --rate 2000 --connections 32
  run "forward route, saturation, run $i" --url "http://127.0.0.1:$port/hooks/routed" --target-port $((port + 1))
  run "forward route, fixed 2000 req/s, run $i" --url "http://127.0.0.1:$port/hooks/routed" --rate 2000 --connections 32 \
    --target-port $((port + 1))
done
echo "database after the runs: $(du -h "$work/data/hookline.db" | cut -f1)"
