#!/usr/bin/env bash
# Starts the built jar with the sample configuration in a scratch directory: as shipped it must be
# refused (placeholder secrets); with the secrets from the environment it must run. Sends the sample
# payload with the sample script and checks the answers a user would see. Bounded in time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=18080
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cd "$work"
# As shipped, the sample holds placeholder secrets: the receiver must refuse them, naming the key.
# Every placeholder is listed in one run, and the status is 78 (EX_CONFIG).
status=0
timeout 60 java -Dmicronaut.server.port=$port -Dmicronaut.config.files="$repo/samples/hookline.yml" \
    -jar "$repo/receiver/target/hookline.jar" > refused.log 2>&1 || status=$?
[ "$status" = 78 ] || { echo "smoke test failed: the sample as shipped exited $status, not 78"; cat refused.log; exit 1; }
grep -q "hookline.admin-token still holds a placeholder" refused.log \
  || { echo "smoke test failed: no message naming the placeholder"; cat refused.log; exit 1; }
grep -q "hookline.sources.gh.secrets\[0\] still holds a placeholder" refused.log \
  || { echo "smoke test failed: not every placeholder listed in one run"; cat refused.log; exit 1; }
# check says the same without starting anything.
status=0
java -Dmicronaut.config.files="$repo/samples/hookline.yml" -jar "$repo/receiver/target/hookline.jar" check \
  > check.log 2>&1 || status=$?
[ "$status" = 78 ] && grep -q "hookline.admin-token still holds a placeholder" check.log \
  || { echo "smoke test failed: check did not refuse the sample ($status)"; cat check.log; exit 1; }
rm -rf data

# With every secret from the environment, as the sample's header says, it runs.
gh_secret="$(openssl rand -hex 32)"
HOOKLINE_ADMIN_TOKEN="$(openssl rand -hex 32)" HOOKLINE_SOURCES_GH_SECRETS="$gh_secret" \
HOOKLINE_SOURCES_STRIPE_SECRETS="whsec_$(openssl rand -hex 24)" HOOKLINE_SOURCES_ZOOM_SECRETS="$(openssl rand -hex 16)" \
HOOKLINE_SOURCES_FIREFLIES_SECRETS="$(openssl rand -hex 12)" HOOKLINE_SOURCES_OTTER_SECRETS="$(openssl rand -hex 24)" \
HOOKLINE_SOURCES_SVIX_SECRETS="whsec_$(openssl rand -base64 24)" HOOKLINE_SOURCES_ACME_SECRETS="$(openssl rand -hex 24)" \
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
first=$(send --secret "$gh_secret")
again=$(send --secret "$gh_secret")
forged=$(send --secret wrong || true)

fail() { echo "smoke test failed: $1"; cat receiver.log; exit 1; }
grep -q '"status":"accepted"' <<<"$first" || fail "first delivery not accepted: $first"
grep -q '"status":"duplicate"' <<<"$again" || fail "repeat not a duplicate: $again"
grep -q '"code":"signature_invalid"' <<<"$forged" || fail "forgery not rejected: $forged"
[ -f data/hookline.db ] || fail "no ./data/hookline.db"
# Once it listens, the receiver reads its idempotency index ahead of the writer, and says so.
for _ in $(seq 1 50); do grep -q 'Read the idempotency index (' receiver.log && break; sleep 0.1; done
grep -q 'Read the idempotency index (' receiver.log || fail "no log line of the idempotency index read ahead"
echo "smoke test: placeholder secrets refused; accepted, duplicate and forged deliveries answered as documented; index read ahead"
