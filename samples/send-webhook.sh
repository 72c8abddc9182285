#!/usr/bin/env bash
# Signs a payload file exactly as the provider would and posts it to a running Hookline.
#
#   samples/send-webhook.sh --provider github --secret SECRET --source gh --event push FILE
#
# Options:
#   --provider P   the signing scheme: github, stripe, zoom, fireflies, standard-webhooks, otter
#   --secret S     the source's secret (as in hookline.sources.<name>.secrets)
#   --source NAME  the source name: the request goes to POST /hooks/NAME
#   --event TYPE   github only: the X-GitHub-Event header (push, pull_request, ping, ...)
#   --id ID        github and standard-webhooks: the delivery id (default: a new one; repeat it
#                  to see a duplicate). Stripe, Zoom, Fireflies and Otter take their key from the body.
#   --url URL      the receiver (default: $HOOKLINE_URL or http://127.0.0.1:8080)
# Needs bash, openssl and curl. Prints the receiver's answer on stdout and the HTTP status on
# stderr; exits non-zero unless it was 200.
set -euo pipefail

provider="" secret="" source="" event="" id="" url="${HOOKLINE_URL:-http://127.0.0.1:8080}"
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --provider) provider="$2"; shift 2 ;;
    --secret) secret="$2"; shift 2 ;;
    --source) source="$2"; shift 2 ;;
    --event) event="$2"; shift 2 ;;
    --id) id="$2"; shift 2 ;;
    --url) url="$2"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
file="${1:-}"
[ -n "$provider" ] && [ -n "$secret" ] && [ -n "$source" ] && [ -n "$file" ] || usage
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 2; }
[ -n "$id" ] || id="$(cat /proc/sys/kernel/random/uuid 2>/dev/null || openssl rand -hex 16)"
now="$(date +%s)"

# HMAC-SHA256 of PREFIX followed by the file's exact bytes (never re-encoded), as lowercase hex.
hmac_hex() { { printf '%s' "$2"; cat "$file"; } | openssl dgst -sha256 -hmac "$1" -r | cut -d' ' -f1; }

target="$url/hooks/$source"
headers=(-H "Content-Type: application/json")
case "$provider" in
  github)
    [ -n "$event" ] || { echo "--event is required for github" >&2; exit 2; }
    headers+=(-H "X-GitHub-Event: $event" -H "X-GitHub-Delivery: $id"
              -H "X-Hub-Signature-256: sha256=$(hmac_hex "$secret" "")" -H "User-Agent: GitHub-Hookshot/sample")
    ;;
  stripe)
    headers+=(-H "Stripe-Signature: t=$now,v1=$(hmac_hex "$secret" "$now.")")
    ;;
  zoom)
    headers+=(-H "x-zm-request-timestamp: $now" -H "x-zm-signature: v0=$(hmac_hex "$secret" "v0:$now:")")
    ;;
  fireflies)
    headers+=(-H "X-Hub-Signature: sha256=$(hmac_hex "$secret" "")")
    ;;
  standard-webhooks)
    key_hex="$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
    signature="$({ printf '%s.%s.' "$id" "$now"; cat "$file"; } \
      | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64 | tr -d '\n')"
    headers+=(-H "webhook-id: $id" -H "webhook-timestamp: $now" -H "webhook-signature: v1,$signature")
    ;;
  otter)
    target="$target?token=$secret"
    ;;
  *) echo "unknown provider '$provider'" >&2; exit 2 ;;
esac

# The answer goes to stdout and the status line to stderr, each whole, wherever they are sent.
response=$(curl -sS -w '\n%{http_code}' -X POST "${headers[@]}" --data-binary "@$file" "$target")
status="${response##*$'\n'}"
printf '%s\n' "${response%$'\n'*}"
echo "HTTP $status" >&2
[ "$status" = 200 ]
