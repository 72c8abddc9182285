#!/usr/bin/env bash
# Starts the built jar with the sample configuration in a scratch directory, sends the sample
# payload with the sample script, and checks the answers a user would see. Bounded in time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=18080
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cd "$work"
java -Dmicronaut.server.port=$port -Dmicronaut.config.files="$repo/samples/hookline.yml" \
  -jar "$repo/receiver/target/hookline.jar" > receiver.log 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.2
done

send() {
  "$repo/samples/send-webhook.sh" --url "http://127.0.0.1:$port" --provider github \
    --source gh --event push --id smoke-1 "$@" "$repo/samples/payloads/github-push.json" 2>&1
}
first=$(send --secret replace-me-with-the-github-webhook-secret)
again=$(send --secret replace-me-with-the-github-webhook-secret)
forged=$(send --secret wrong || true)

fail() { echo "smoke test failed: $1"; cat receiver.log; exit 1; }
grep -q '"status":"accepted"' <<<"$first" || fail "first delivery not accepted: $first"
grep -q '"status":"duplicate"' <<<"$again" || fail "repeat not a duplicate: $again"
grep -q '"code":"signature_invalid"' <<<"$forged" || fail "forgery not rejected: $forged"
[ -f data/hookline.db ] || fail "no ./data/hookline.db"
echo "smoke test: accepted, duplicate and forged deliveries answered as documented"
