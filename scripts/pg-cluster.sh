# A throwaway PostgreSQL 15 cluster on a free local port, for tests and benchmarks.
# Source it, then: pg_cluster_start (sets PG_URL) ... pg_cluster_stop.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

_pg_run() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_cluster_start() {
    if [ ! -x "$PG_BIN/initdb" ]; then
        echo "PostgreSQL 15 server not found in $PG_BIN (apt-get install postgresql-15)" >&2
        return 1
    fi
    PG_DIR=$(mktemp -d /tmp/linli-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
    PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    _pg_run "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    _pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/linli"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres linli
    export PG_URL PG_DIR PG_PORT
    echo "PostgreSQL running on port $PG_PORT"
}

pg_cluster_stop() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
        _pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
