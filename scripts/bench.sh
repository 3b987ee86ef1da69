#!/usr/bin/env bash
# Benchmarks (not tests): figures go into docs/benchmarks.md by hand, with this command.
# Usage: scripts/bench.sh [--million]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export LINLI_VAR_DIR
LINLI_VAR_DIR=$(mktemp -d)
export LINLI_SECRET_KEY=bench-only
trap 'rm -rf "$LINLI_VAR_DIR"' EXIT

echo "== roster import, SQLite"
DATABASE_URL="sqlite:///$LINLI_VAR_DIR/bench.sqlite3" $BIN/python -m bench.import_bench "$@"

echo
echo "== compound overview, SQLite"
DATABASE_URL="sqlite:///$LINLI_VAR_DIR/overview.sqlite3" $BIN/python -m bench.overview_bench

echo
echo "== message parser: accuracy per field and speed on one core"
$BIN/python -m bench.message_eval

echo
echo "== help desk over HTTP, SQLite"
mkdir -p "$LINLI_VAR_DIR/static"
DATABASE_URL="sqlite:///$LINLI_VAR_DIR/helpdesk.sqlite3" $BIN/python -m bench.helpdesk_bench --threads 1 2>/dev/null

echo
echo "== the gate: evening rush over HTTP and the big pages, SQLite"
DATABASE_URL="sqlite:///$LINLI_VAR_DIR/gate.sqlite3" $BIN/python -m bench.gate_bench 2>/dev/null

echo
echo "== group buying: flash sign-ups over HTTP, the cut-off, an import, SQLite"
DATABASE_URL="sqlite:///$LINLI_VAR_DIR/groupbuy.sqlite3" $BIN/python -m bench.groupbuy_bench 2>/dev/null

echo
echo "== health rounds: check-in over HTTP, the missed list, an abnormal tube, a roster, SQLite"
DATABASE_URL="sqlite:///$LINLI_VAR_DIR/health.sqlite3" $BIN/python -m bench.health_bench 2>/dev/null

if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    # shellcheck source=scripts/pg-cluster.sh
    source scripts/pg-cluster.sh
    pg_cluster_start
    trap 'pg_cluster_stop; rm -rf "$LINLI_VAR_DIR"' EXIT
    echo
    echo "== roster import, PostgreSQL"
    DATABASE_URL="$PG_URL" $BIN/python -m bench.import_bench
    echo
    echo "== compound overview, PostgreSQL"
    DATABASE_URL="$PG_URL" $BIN/python -m bench.overview_bench
    echo
    echo "== help desk over HTTP, PostgreSQL"
    DATABASE_URL="$PG_URL" $BIN/python -m bench.helpdesk_bench --threads 1 2>/dev/null
    echo
    echo "== the gate: evening rush over HTTP and the big pages, PostgreSQL"
    DATABASE_URL="$PG_URL" $BIN/python -m bench.gate_bench 2>/dev/null
    echo
    echo "== group buying: flash sign-ups over HTTP, the cut-off, an import, PostgreSQL"
    DATABASE_URL="$PG_URL" $BIN/python -m bench.groupbuy_bench 2>/dev/null
    echo
    echo "== health rounds: check-in over HTTP, the missed list, an abnormal tube, a roster, PostgreSQL"
    DATABASE_URL="$PG_URL" $BIN/python -m bench.health_bench 2>/dev/null
fi
