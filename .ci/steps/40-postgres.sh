#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1:55432 (recipes §5) for the store tests that loop over every dialect.
# Idempotent: installs PostgreSQL only if missing, initialises the cluster once, starts it only if it is down.
set -euo pipefail
# Daemons inherit the working directory: start them from / so that removing a checkout never breaks them
# (conmon fails with "Failed to get working directory" once its cwd is gone).
cd /
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql
fi
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
PGT=/tmp/caisson-pg
PORT=55432
mkdir -p "$PGT"
chown postgres:postgres "$PGT"
if [ ! -f "$PGT/data/PG_VERSION" ]; then
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
fi
if ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGT/data" status >/dev/null 2>&1; then
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/server.log" -w -t 30 \
    -o "-p $PORT -k $PGT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
fi
echo "postgres ready on 127.0.0.1:$PORT"
