#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `Scripts/postgres.sh start FOLDER` makes one in
# FOLDER (trust authentication, loopback and a socket in FOLDER only), starts it and prints the
# URL the tests read from READINESS_TEST_POSTGRES_URL; `Scripts/postgres.sh stop FOLDER` stops
# it and removes FOLDER. PostgreSQL refuses to run as root, so as root the cluster runs as the
# `postgres` account (made by Debian's package). Commits are not flushed one by one
# (synchronous_commit=off), as SQLite in WAL mode with GRDB's settings does not flush them.
set -euo pipefail

command=${1:-}
folder=${2:-}
if [ -z "$command" ] || [ -z "$folder" ]; then
    echo "usage: Scripts/postgres.sh start|stop FOLDER" >&2
    exit 64
fi
bin=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$bin/initdb" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
if [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: PostgreSQL's programs (initdb, pg_ctl) are not installed: apt-get install postgresql" >&2
    exit 69
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$command" in
start)
    mkdir -p "$folder"
    folder=$(cd "$folder" && pwd)
    [ "$(id -u)" -eq 0 ] && chown postgres "$folder"
    as_owner "$bin/initdb" -D "$folder/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
    # A free port on loopback, from the kernel.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c max_connections=400 -c synchronous_commit=off" \
        start >/dev/null || { cat "$folder/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    ;;
stop)
    if [ -d "$folder/data" ]; then
        as_owner "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$folder"
    ;;
*)
    echo "usage: Scripts/postgres.sh start|stop FOLDER" >&2
    exit 64
    ;;
esac
