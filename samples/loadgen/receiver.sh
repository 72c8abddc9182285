# Sourced by bench.sh and soak.sh: start the built jar on a configuration, and time it to the first
# webhook it accepts. Uses $jar and $payload from the script that sources it; sets $pid.

# start_receiver CONFIG LOG: starts the jar in the background as the systemd unit does (its heap flag
# unless JAVA_OPTS says otherwise, MALLOC_ARENA_MAX=2); its start time is in $started. With $pin_cpus set
# (a taskset CPU list), the JVM runs on those CPUs from its first instruction, so it sizes itself for them.
start_receiver() {
  started=$(date +%s%N)
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" ${pin_cpus:+taskset -c "$pin_cpus"} java ${JAVA_OPTS:--Xmx160m} -Dmicronaut.config.files="$1" -jar "$jar" > "$2" 2>&1 &
  pid=$!
}

# await_first_accepted PORT SECRET LOG: every 20 ms, once the port is open, posts one signed GitHub delivery until it is
# accepted (60 s at most, or until the jar exits) and prints the time since start_receiver.
await_first_accepted() {
  local sig status attempt
  sig=$(openssl dgst -sha256 -hmac "$2" -r "$payload" | cut -d' ' -f1)
  for attempt in $(seq 1 3000); do
    kill -0 "$pid" 2>/dev/null || { echo "the jar exited before accepting a webhook:"; tail -20 "$3"; exit 1; }
    # Whether the port is open, asked through bash alone: a curl per try took over 100 ms while the
    # starting JVM kept both cores busy, which made the measurement that much coarser.
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
      status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$1/hooks/gh" \
        -H "Content-Type: application/json" -H "X-GitHub-Event: push" -H "X-GitHub-Delivery: first-$started" \
        -H "X-Hub-Signature-256: sha256=$sig" --data-binary "@$payload" 2>/dev/null || true)
      [ "$status" = 200 ] && break
    fi
    [ "$attempt" = 3000 ] && { echo "no webhook accepted within 60 s:"; tail -20 "$3"; exit 1; }
    sleep 0.02
  done
  echo "start to first accepted webhook: $(( ($(date +%s%N) - started) / 1000000 )) ms"
}
