#!/usr/bin/env bash
# The soak benchmark: does the receiver stay flat as the store grows? Runs the same soak twice, side
# by side: on an empty store, then on a store filled directly (StoreFill, no HTTP) with EVENTS GitHub
# push events whose receipt times are spread over the last DAYS days, so that retention has weeks of
# real work. Each soak starts the built jar with the default retention, measures the time from
# `java -jar` to the first accepted webhook, sends a fixed RATE for DURATION through retention runs,
# checks that every accepted delivery is stored once, then saturates it for SATURATION (0 to skip),
# and reports latency, errors, rows pruned, retention runs, the largest resident set, and how long
# the admin API takes to answer. Everything runs on 127.0.0.1 and stops by itself. Needs about
# 2.3 KB of disk per filled event (11.7 GB for 5 million).
#
#   samples/loadgen/soak.sh                          # after: mvn -B -q package -DskipTests
#   EVENTS=200000 DURATION=1m samples/loadgen/soak.sh   # a quick look
#   STORES=filled FILLED=DIR samples/loadgen/soak.sh    # only the filled soak, on a copy of DIR/hookline.db
#                                                       # (filled before by StoreFill) instead of a new fill
#   WARMUP=30s samples/loadgen/soak.sh                  # leave the first 30 s at RATE out of the figures (3 s by
#                                                       # default): the steady state without the start
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${JAR:-$repo/receiver/target/hookline.jar}"
loadgen="$repo/samples/loadgen/target/hookline-loadgen.jar"
payload="$repo/samples/payloads/github-push.json"
events="${EVENTS:-5000000}"
days="${DAYS:-40}"
rate="${RATE:-2000}"
duration="${DURATION:-5m}"
warmup="${WARMUP:-3s}"
saturation="${SATURATION:-15s}"
port="${PORT:-18091}"
stores="${STORES:-empty filled}"
filled="${FILLED:-}"
work="$(mktemp -d "${TMPDIR:-/tmp}/hookline-soak.XXXXXX")"
pid=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. "$repo/samples/loadgen/receiver.sh"

admin() { curl -s -H "Authorization: Bearer soak-admin-token-0123456789abcdefghij" "http://127.0.0.1:$port/admin/$1"; }
seconds_of() { curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer soak-admin-token-0123456789abcdefghij" "http://127.0.0.1:$port/admin/$1"; }

soak() {
  local store="$1" data="$work/$1/data"
  mkdir -p "$data"
  echo "=== store: $store"
  if [ "$store" = filled ] && [ -n "$filled" ]; then
    cp "$filled/hookline.db" "$data/hookline.db"
    echo "database before the soak (a copy of $filled): $(du -h "$data/hookline.db" | cut -f1)"
    sync
  elif [ "$store" = filled ]; then
    java -cp "$loadgen" io.hookline.loadgen.StoreFill --data-dir "$data" --events "$events" --days "$days" \
      --payload "$payload"
    echo "database before the soak: $(du -h "$data/hookline.db" | cut -f1)"
    sync
  fi
  cat > "$work/$store/hookline.yml" <<YML
micronaut.server.port: $port
hookline:
  data-dir: $data
  plugins-dir: $work/plugins
  admin-token: soak-admin-token-0123456789abcdefghij
  sources:
    gh: { provider: github, secrets: [ "soak-secret" ] }
YML
  start_receiver "$work/$store/hookline.yml" "$work/$store/receiver.log"
  await_first_accepted "$port" soak-secret "$work/$store/receiver.log"

  ( peak=0; while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$peak" ] && { peak=$rss; echo "$peak" > "$work/$store/rss"; }
      sleep 2
    done ) &
  sampler=$!

  java -jar "$loadgen" --url "http://127.0.0.1:$port/hooks/gh" --secret soak-secret --payload "$payload" \
    --rate "$rate" --connections 32 --warmup "$warmup" --duration "$duration" --verify-db "$data/hookline.db"
  if [ "$saturation" != 0 ]; then
    echo "--- saturation on the $store store"
    java -jar "$loadgen" --url "http://127.0.0.1:$port/hooks/gh" --secret soak-secret --payload "$payload" \
      --connections 64 --warmup 3s --duration "$saturation" --verify-db "$data/hookline.db"
  fi

  echo "largest resident set: $(( $(cat "$work/$store/rss") / 1024 )) MB"
  echo "retention runs that pruned rows: $(grep -c 'Retention pruned' "$work/$store/receiver.log" || true)"
  grep 'Retention pruned' "$work/$store/receiver.log" | sed 's/.*Retention/  retention/' || true
  curl -s "http://127.0.0.1:$port/metrics" | grep '^hookline_retention_pruned_total' | sed 's/^/  /'
  local newest
  newest=$(admin "events?limit=1" | sed -n 's/.*"id":"\(evt_[0-9A-Z]*\)".*/\1/p')
  echo "admin API answer times (s):"
  for path in "stats" "events?limit=50" "events?status=dead" "events?status=processed&limit=50" \
      "events?type=issues.*" "events?source=gh&type=pull_request.*&limit=50" \
      "events?status=processed&source=gh&type=issues.*" "events/$newest"; do
    printf '  %-52s %s\n' "$path" "$(seconds_of "$path")"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""
  echo "database after the soak: $(du -h "$data/hookline.db" | cut -f1)"
  rm -rf "$work/$store"
}

for store in $stores; do
  soak "$store"
done
