#!/usr/bin/env bash
# Signs a payload file exactly as the provider would and posts it to a running Hookline.
#
#   samples/send-webhook.sh --provider github --secret SECRET --source gh --event push FILE
#
# Options:
#   --provider P   the signing scheme: github
#   --secret S     the source's secret (as in hookline.sources.<name>.secrets)
#   --source NAME  the source name: the request goes to POST /hooks/NAME
#   --event TYPE   github: the X-GitHub-Event header (push, pull_request, ping, ...)
#   --id ID        the delivery id (default: a new random one; repeat it to see a duplicate)
#   --url URL      the receiver (default: $HOOKLINE_URL or http://127.0.0.1:8080)
# Needs bash, openssl and curl. Prints the receiver's answer and exits non-zero unless it was 200.
set -euo pipefail

provider="" secret="" source="" event="" id="" url="${HOOKLINE_URL:-http://127.0.0.1:8080}"
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
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

# HMAC-SHA256 of a file's exact bytes (never re-encoded), as lowercase hex.
hmac_hex() { openssl dgst -sha256 -hmac "$1" -r "$2" | cut -d' ' -f1; }

headers=(-H "Content-Type: application/json")
case "$provider" in
  github)
    [ -n "$event" ] || { echo "--event is required for github" >&2; exit 2; }
    headers+=(-H "X-GitHub-Event: $event" -H "X-GitHub-Delivery: $id"
              -H "X-Hub-Signature-256: sha256=$(hmac_hex "$secret" "$file")"
              -H "User-Agent: GitHub-Hookshot/sample")
    ;;
  *) echo "unknown provider '$provider'" >&2; exit 2 ;;
esac

status=$(curl -sS -o /dev/stderr -w '%{http_code}' -X POST "${headers[@]}" --data-binary "@$file" "$url/hooks/$source")
echo >&2
echo "HTTP $status" >&2
[ "$status" = 200 ]
