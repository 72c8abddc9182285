#!/usr/bin/env bash
# samples/hookline.service as an operator installs it on Debian: runs the install lines of its
# header exactly as written (all but the systemctl line: there is no systemd running here), checks
# the installed unit with systemd-analyze verify, then runs its ExecStart as its User, in its
# WorkingDirectory, with its Environment and EnvironmentFile, sends one signed webhook, stops it
# with SIGTERM and checks the exit status is one the unit counts as success. Removes what it
# installed afterwards. Runs as root (as CI does); bounded in time; traffic to 127.0.0.1 only.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
unit="$repo/samples/hookline.service"
port=18082
pid=""
user_made=""
# The unit's output, in a file of its own that the clean-up removes.
unit_log=$(mktemp)
cleanup() {
  rm -f "$unit_log"
  set +e
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf /opt/hookline /etc/hookline /var/lib/hookline /etc/systemd/system/hookline.service
  [ -n "$user_made" ] && userdel hookline 2>/dev/null
  return 0
}
fail() { echo "service unit check failed: $1"; [ -f "$unit_log" ] && tail -30 "$unit_log"; exit 1; }

if [ -e /opt/hookline ] || [ -e /etc/hookline ] || [ -e /var/lib/hookline ]; then
  echo "service unit check skipped: /opt/hookline, /etc/hookline or /var/lib/hookline exists already on this machine"
  exit 0
fi
trap cleanup EXIT

# The header's install lines, from the repository root, as written.
cd "$repo"
while IFS= read -r line; do
  command="${line#\#   }"
  case "$command" in
    systemctl*) continue ;;
    useradd*) id hookline >/dev/null 2>&1 && continue; user_made=yes ;;
  esac
  command="$(sed 's/ *#.*$//' <<<"$command")"
  echo "+ $command"
  bash -c "$command" || fail "install line failed: $command"
done < <(grep -E '^#   (useradd|install) ' "$unit")

systemd-analyze verify /etc/systemd/system/hookline.service || fail "systemd-analyze verify refused the unit"

# The unit's own settings, read from the installed file.
value() { sed -n "s/^$1=//p" /etc/systemd/system/hookline.service; }
exec_start="$(sed -n '/^ExecStart=/,/[^\\]$/p' /etc/systemd/system/hookline.service | sed 's/^ExecStart=//; s/\\$//' | tr -d '\n')"
environment=()
while IFS= read -r assignment; do environment+=("$assignment"); done < <(value Environment)
success="$(value SuccessExitStatus)"

# The operator's part: the secrets in the environment file (the sample file holds placeholders).
gh_secret="$(openssl rand -hex 32)"
cat > /etc/hookline/hookline.env <<EOF
MICRONAUT_SERVER_PORT=$port
HOOKLINE_ADMIN_TOKEN=$(openssl rand -hex 32)
HOOKLINE_SOURCES_GH_SECRETS=$gh_secret
HOOKLINE_SOURCES_STRIPE_SECRETS=whsec_$(openssl rand -hex 24)
HOOKLINE_SOURCES_ZOOM_SECRETS=$(openssl rand -hex 16)
HOOKLINE_SOURCES_FIREFLIES_SECRETS=$(openssl rand -hex 12)
HOOKLINE_SOURCES_OTTER_SECRETS=$(openssl rand -hex 24)
HOOKLINE_SOURCES_SVIX_SECRETS=whsec_$(openssl rand -base64 24)
HOOKLINE_SOURCES_ACME_SECRETS=$(openssl rand -hex 24)
EOF
mapfile -t env_file < /etc/hookline/hookline.env

cd "$(value WorkingDirectory)"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${environment[@]}" "${env_file[@]}" \
  runuser -u "$(value User)" -g "$(value Group)" -- bash -c "exec $exec_start" > "$unit_log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "the service exited at start"
  sleep 0.2
done
answer=$("$repo/samples/send-webhook.sh" --url "http://127.0.0.1:$port" --provider github --source gh --event push \
  --id unit-1 --secret "$gh_secret" "$repo/samples/payloads/github-push.json" 2>&1)
grep -q '"status":"accepted"' <<<"$answer" || fail "the installed service did not accept a signed webhook: $answer"
[ -f /var/lib/hookline/hookline.db ] || fail "no /var/lib/hookline/hookline.db"

# systemctl stop: SIGTERM, then the unit's TimeoutStopSec.
kill -TERM "$pid"
status=0
timeout "$(value TimeoutStopSec)" tail --pid="$pid" -f /dev/null || fail "still running $(value TimeoutStopSec) s after SIGTERM"
wait "$pid" || status=$?
pid=""
if [ "$status" -ne 0 ] && ! grep -qw "$status" <<<"$success"; then
  fail "exit status $status after SIGTERM, which the unit counts as a failure (SuccessExitStatus=$success)"
fi
echo "service unit: installed as its header says, verified, served a signed webhook as its user, stopped with status $status (success)"
