#!/usr/bin/env bash
# The plugin template as an outside author uses it: builds samples/plugin-template and the Jenkins
# handler (samples/plugins/jenkins) against the SPI and test kit installed from this repository
# (running their tests), drops both jars into a plugins directory, starts the built receiver with a
# source and a route that use the template's provider and handler, sends one signed webhook, and
# checks the handler's effect and that GET /admin/plugins shows both jars loaded.
# Everything on 127.0.0.1; bounded in time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
port=18081
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "plugin template check failed: $1"; [ -f "$work/receiver.log" ] && tail -40 "$work/receiver.log"; exit 1; }

mvn -B -q -f "$repo/pom.xml" install -DskipTests
mvn -B -q -f "$repo/samples/plugin-template/pom.xml" package
mvn -B -q -f "$repo/samples/plugins/jenkins/pom.xml" package
mkdir -p "$work/plugins"
cp "$repo/samples/plugin-template/target/hookline-plugin-example.jar" "$work/plugins/"
cp "$repo/samples/plugins/jenkins/target/hookline-plugin-jenkins.jar" "$work/plugins/"

cat > "$work/hookline.yml" <<YML
micronaut.server.port: $port
hookline:
  data-dir: $work/data
  plugins-dir: $work/plugins
  admin-token: plugin-template-check-admin-token-0123456789
  dispatch.poll-interval: 100ms
  sources:
    acme: { provider: acme, secrets: [ "template-secret" ] }
  routes:
    - match: "acme:*"
      handler: json-lines
      settings: { file: "$work/events.jsonl" }
YML
java -Dmicronaut.config.files="$work/hookline.yml" -jar "$repo/receiver/target/hookline.jar" > "$work/receiver.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done

body='{"invoice":"in_1"}'
ts=$(date +%s)
sig=$(printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac template-secret -r | cut -d' ' -f1)
answer=$(curl -sS -X POST "http://127.0.0.1:$port/hooks/acme" -H "Content-Type: application/json" \
  -H "X-Acme-Signature: $sig" -H "X-Acme-Timestamp: $ts" -H "X-Acme-Event-Id: ev_1" \
  -H "X-Acme-Event-Type: invoice.paid" --data-binary "$body")
grep -q '"status":"accepted"' <<<"$answer" || fail "the template's provider did not accept a signed webhook: $answer"
for _ in $(seq 1 100); do [ -s "$work/events.jsonl" ] && break; sleep 0.1; done
grep -q '"type":"invoice.paid"' "$work/events.jsonl" 2>/dev/null || fail "the template's handler wrote nothing"
plugins=$(curl -sS -H "Authorization: Bearer plugin-template-check-admin-token-0123456789" \
  "http://127.0.0.1:$port/admin/plugins")
grep -q '"jar":"hookline-plugin-example.jar","status":"loaded","api":"1"' <<<"$plugins" \
  || fail "GET /admin/plugins does not show the template loaded: $plugins"
grep -q '"jar":"hookline-plugin-jenkins.jar","status":"loaded","api":"1","version":"1.0.0","providers":\[\],"handlers":\["jenkins"\]' \
  <<<"$plugins" || fail "GET /admin/plugins does not show the Jenkins handler loaded: $plugins"
echo "plugins: the template and the Jenkins handler build against the installed SPI, their tests pass, both load, and the template serves a source and a route"
