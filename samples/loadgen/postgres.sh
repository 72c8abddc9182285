# Sourced by scaling.sh: a throwaway PostgreSQL cluster with Debian's server binaries, durable as
# in production (fsync and synchronous_commit on), in $work/pg on a loopback port. As root the
# server runs as the postgres user, since initdb refuses root. Sets $pg_url.

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "needs Debian's PostgreSQL server: apt-get install postgresql"; exit 1; }
  echo "$bin"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres PORT: initdb, start, create the database hookline; sets $pg_url.
start_postgres() {
  pg_bindir=$(pg_bin)
  local bin=$pg_bindir
  mkdir -p "$work/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
  as_postgres "$bin/initdb" -D "$work/pg/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
  as_postgres "$bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" \
    -o "-p $1 -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" -w start >/dev/null
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$1" -U postgres -qc "CREATE DATABASE hookline"
  pg_url="jdbc:postgresql://127.0.0.1:$1/hookline"
  pg_stop() { as_postgres "$pg_bindir/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; }
}
