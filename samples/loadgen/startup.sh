#!/usr/bin/env bash
# Start to first accepted webhook against a Micronaut application that only answers 200 (issue 32's
# target: within 1.5 ×), in one run: the built receiver jar and samples/bare-micronaut's jar take turns
# (receiver, bare, receiver, bare, ... RUNS starts of each), each started as the systemd unit starts it
# (java -Xmx160m -XX:+ExitOnOutOfMemoryError -jar, MALLOC_ARENA_MAX=2, unless JAVA_OPTS says otherwise)
# and timed from `java` to the first signed GitHub push answered 200 (receiver.sh). Each receiver start
# gets a fresh data directory, so its migrations run; STORE=existing gives every start one store that a
# first start, not counted, created and migrated: a restart. Each jar is stopped (SIGTERM) before the
# next starts. Prints every run, the median and range of each, and the ratio of the medians.
# Bounded in time (60 s to the first accepted, 30 s to stop, per start); sends to 127.0.0.1 only.
#
#   samples/loadgen/startup.sh                    # after: mvn -B -q package -DskipTests
#   RUNS=9 samples/loadgen/startup.sh
#   STORE=existing samples/loadgen/startup.sh     # restarts on a store that is already there
#   PIN=1 samples/loadgen/startup.sh              # each started jar on CPU 1 only, from its first instruction
#   JAR=/path/to/an-older/hookline.jar samples/loadgen/startup.sh
#   LOG=1 samples/loadgen/startup.sh              # then the receiver's log of its last start, with timestamps
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
receiver_jar="${JAR:-$repo/receiver/target/hookline.jar}"
bare_jar="${BARE_JAR:-$repo/samples/bare-micronaut/target/bare-micronaut.jar}"
payload="$repo/samples/payloads/github-push.json"
port="${PORT:-18120}"
runs="${RUNS:-5}"
store="${STORE:-fresh}"
case "$store" in fresh|existing) ;; *) echo "STORE is fresh (the default) or existing, not '$store'"; exit 2 ;; esac
for j in "$receiver_jar" "$bare_jar"; do
  [ -f "$j" ] || { echo "no $j: build it first with mvn -B -q package -DskipTests"; exit 2; }
done
receiver_jar="$(realpath "$receiver_jar")"
bare_jar="$(realpath "$bare_jar")"
# The unit's JVM flags (samples/hookline.service), the same for both jars.
JAVA_OPTS="${JAVA_OPTS:--Xmx160m -XX:+ExitOnOutOfMemoryError}"
pin_cpus=""
[ "${PIN:-0}" = 1 ] && pin_cpus=1
work="$(mktemp -d)"
pid=""
waiter=""
cleanup() {
  for p in $waiter $pid; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
. "$repo/samples/loadgen/receiver.sh"
# The unit starts the jar in its data directory; nothing lands in the caller's directory either.
cd "$work"

# receiver_config DATA_DIR: the receiver's configuration, one GitHub source, the store in DATA_DIR.
receiver_config() {
  cat > "$work/receiver.yml" <<YML
micronaut.server.port: $port
hookline:
  data-dir: $1
  plugins-dir: $work/plugins
  sources:
    gh: { provider: github, secrets: [ "startup-secret" ] }
YML
}
printf 'micronaut.server.port: %s\n' $((port + 1)) > "$work/bare.yml"

# stop: SIGTERM, as systemd stops the unit, and wait for the exit (30 s, then SIGKILL).
stop() {
  local waited
  kill "$pid" 2>/dev/null || true
  for waited in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

# time_start NAME JAR CONFIG PORT SECRET: starts the jar, prints the milliseconds to its first accepted
# webhook into $ms, and stops it; a start that accepts nothing in 60 s ends the script with its log.
time_start() {
  local log="$work/$1.log" line
  jar="$2" start_receiver "$3" "$log"
  # In the background, so that an interrupt is handled at once rather than after the first accepted.
  await_first_accepted "$4" "$5" "$log" > "$work/await.out" &
  waiter=$!
  wait "$waiter" || { echo "$1: $(cat "$work/await.out")"; exit 1; }
  waiter=""
  line="$(cat "$work/await.out")"
  ms="${line##*: }"
  ms="${ms% ms}"
  stop
}

if [ "$store" = existing ]; then
  receiver_config "$work/existing"
  time_start receiver "$receiver_jar" "$work/receiver.yml" "$port" startup-secret
  echo "store created and migrated by a first start, not counted: $ms ms"
fi
echo "start to first accepted webhook, $runs starts of each taking turns, $( [ "$store" = existing ] \
  && echo 'the receiver on an existing store' || echo 'the receiver on a fresh data directory each time' )$( \
  [ -n "$pin_cpus" ] && echo ", each jar on CPU $pin_cpus"); JAVA_OPTS=$JAVA_OPTS"
receiver_ms=()
bare_ms=()
for i in $(seq 1 "$runs"); do
  if [ "$store" = fresh ]; then
    rm -rf "$work/fresh"
    receiver_config "$work/fresh"
  fi
  time_start receiver "$receiver_jar" "$work/receiver.yml" "$port" startup-secret
  receiver_started="$started"
  receiver_ms+=("$ms")
  printf 'run %2d  receiver  %6d ms\n' "$i" "$ms"
  time_start bare "$bare_jar" "$work/bare.yml" $((port + 1)) startup-secret
  bare_ms+=("$ms")
  printf 'run %2d  bare      %6d ms\n' "$i" "$ms"
done

# summary NAME MS...: prints the median and range, and sets $median.
summary() {
  local name="$1"
  shift
  read -r median low high < <(printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d\n", m, v[1], v[NR] }')
  printf '%-8s  median %6d ms  (%d–%d)\n' "$name" "$median" "$low" "$high"
}
summary receiver "${receiver_ms[@]}"
receiver_median="$median"
summary bare "${bare_ms[@]}"
awk -v r="$receiver_median" -v b="$median" 'BEGIN { printf "receiver / bare, medians: %.2f (target: at most 1.5)\n", r / b }'
if [ "${LOG:-0}" = 1 ]; then
  echo "the receiver's log of its last start, begun at $(date -u -d "@${receiver_started:0:-9}.${receiver_started: -9}" +%T.%3N) UTC:"
  cat "$work/receiver.log"
fi
