#!/usr/bin/env bash
# The cost of a where: on the request path. One receiver (the built jar, synchronous=FULL, a scratch
# data directory) with two GitHub sources, each with one forward route to a downstream the load
# generator answers on 127.0.0.1: "plain" has no where:, "filtered" the typical
#   where: body.ref == "refs/tags/simple-tag"
# (true for the benchmark's payload, so both deliver the same events: the difference is the JSON
# parse and the expression). Saturating slices alternate between the two sources in the same run,
# ABBA order (plain, filtered, filtered, plain, …) so that a drift (a growing database, another
# process on the machine) falls on both alike; prints every slice, the medians and their ratio, and
# the median of the ratios of neighbouring slices.
#
#   samples/loadgen/where.sh                      # after: mvn -B -q package -DskipTests
#   SLICES=6 DURATION=8s samples/loadgen/where.sh # 6 slices of each
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${JAR:-$repo/receiver/target/hookline.jar}"
loadgen="$repo/samples/loadgen/target/hookline-loadgen.jar"
payload="$repo/samples/payloads/github-push.json"
port="${PORT:-18094}"
slices="${SLICES:-4}"
duration="${DURATION:-8s}"
where="${WHERE:-body.ref == \"refs/tags/simple-tag\"}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. "$repo/samples/loadgen/receiver.sh"

cat > "$work/where.yml" <<YML
micronaut.server.port: $port
hookline:
  data-dir: $work/data
  plugins-dir: $work/plugins
  sources:
    gh: { provider: github, secrets: [ "bench-secret" ] }
    plain: { provider: github, secrets: [ "bench-secret" ] }
    filtered: { provider: github, secrets: [ "bench-secret" ] }
  routes:
    - name: plain
      match: "plain:*"
      handler: forward
      max-concurrent: 8
      settings: { url: "http://127.0.0.1:$((port + 1))/downstream" }
    - name: filtered
      match: "filtered:*"
      where: '$where'
      handler: forward
      max-concurrent: 8
      settings: { url: "http://127.0.0.1:$((port + 1))/downstream" }
YML

start_receiver "$work/where.yml" "$work/receiver.log"
await_first_accepted "$port" bench-secret "$work/receiver.log"
echo "where: $where"

slice() {
  local rate
  rate=$(java -jar "$loadgen" --secret bench-secret --payload "$payload" --duration "$duration" --warmup 2s \
    --url "http://127.0.0.1:$port/hooks/$1" --target-port $((port + 1)) | awk '/^requests/ {print $(NF-1)}')
  echo "$1 $rate" | tee -a "$work/rates"
}
# One slice of each first, not counted: the receiver's JIT warms on both paths.
slice plain > /dev/null; slice filtered > /dev/null; : > "$work/rates"
for i in $(seq 1 "$slices"); do
  if [ $((i % 2)) = 1 ]; then slice plain; slice filtered; else slice filtered; slice plain; fi
done
awk '
  { rates[$1] = rates[$1] " " $2 }
  # Each pair of neighbouring slices ran under the same conditions: its ratio is the fairest comparison.
  NR % 2 == 0 { pairs = pairs " " ($1 == "filtered" ? $2 / previous : previous / $2) }
  { previous = $2 }
  function median(list,   values, n, i, j, t) {
    n = split(list, values, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] < values[i]) { t = values[i]; values[i] = values[j]; values[j] = t }
    return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
  }
  END {
    plain = median(rates["plain"]); filtered = median(rates["filtered"])
    printf "median req/s: plain %.0f, with where: %.0f; ratio %.3f (%+.1f%%)\n", plain, filtered, filtered / plain, (filtered / plain - 1) * 100
    printf "pair ratios (with where / plain):%s; median %.3f\n", pairs, median(pairs)
  }' "$work/rates"
