#!/usr/bin/env bash
# The scaling benchmark: the same saturating load on SQLite (one jar), on PostgreSQL (one jar) and
# on two jars sharing that PostgreSQL (the connections take turns between them), one after the
# other on this machine. PostgreSQL is a throwaway cluster started here, durable as in production
# (Debian's server binaries: apt-get install postgresql). Every run checks in the database that
# each accepted delivery is stored once. Sends only to 127.0.0.1; bounded in time.
#
#   samples/loadgen/scaling.sh            # after: mvn -B -q package -DskipTests
#   DURATION=20s CONNECTIONS=64 samples/loadgen/scaling.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${JAR:-$repo/receiver/target/hookline.jar}"
loadgen="$repo/samples/loadgen/target/hookline-loadgen.jar"
payload="$repo/samples/payloads/github-push.json"
duration="${DURATION:-15s}"
connections="${CONNECTIONS:-64}"
base="${PORT:-18100}"
work="$(mktemp -d)"
chmod 755 "$work"
pids=()
pg_stop() { :; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
. "$repo/samples/loadgen/receiver.sh"
. "$repo/samples/loadgen/postgres.sh"

# config NAME PORT [DATASOURCE_URL]: a receiver configuration with one GitHub source.
config() {
  {
    echo "micronaut.server.port: $2"
    [ -n "${3:-}" ] && echo "datasources.default: { url: \"$3\", username: postgres }"
    echo "hookline:"
    echo "  instance-id: $1"
    echo "  data-dir: $work/$1-data"
    echo "  plugins-dir: $work/plugins"
    echo "  sources:"
    echo "    gh: { provider: github, secrets: [ \"bench-secret\" ] }"
  } > "$work/$1.yml"
}

# receiver NAME PORT [DATASOURCE_URL]: starts one and waits for its first accepted webhook.
receiver() {
  config "$@"
  start_receiver "$work/$1.yml" "$work/$1.log"
  pids+=("$pid")
  await_first_accepted "$2" bench-secret "$work/$1.log" >/dev/null
}

load() {
  echo "--- $1"
  shift
  java -jar "$loadgen" --secret bench-secret --payload "$payload" --duration "$duration" --warmup 3s \
    --connections "$connections" "$@"
}

stop_receivers() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

receiver sqlite "$base"
load "SQLite, one instance" --url "http://127.0.0.1:$base/hooks/gh" --verify-db "$work/sqlite-data/hookline.db"
stop_receivers

start_postgres $((base + 10))
receiver pg-one $((base + 1)) "$pg_url"
load "PostgreSQL, one instance" --url "http://127.0.0.1:$((base + 1))/hooks/gh" --verify-db "$pg_url?user=postgres"
stop_receivers

receiver pg-a $((base + 2)) "$pg_url"
receiver pg-b $((base + 3)) "$pg_url"
load "PostgreSQL, two instances" --url "http://127.0.0.1:$((base + 2))/hooks/gh" \
  --also "http://127.0.0.1:$((base + 3))/hooks/gh" --verify-db "$pg_url?user=postgres"
stop_receivers
echo "machine: $(nproc) cores; PostgreSQL $(as_postgres "$(pg_bin)/postgres" --version | awk '{print $3}'), fsync on"
