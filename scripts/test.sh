#!/usr/bin/env bash
# The test command: system packages, lint, migrations check, then the suite on SQLite and on a
# throwaway PostgreSQL 15 cluster that this script starts and always stops.
# Usage: scripts/test.sh [sqlite|postgres|all] [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WHICH=${1:-all}
shift || true

scripts/system-packages.sh

if [ "$WHICH" = all ]; then
    echo "== lint"
    make --no-print-directory lint
    echo "== migrations check"
    make --no-print-directory migrations-check
fi

export LINLI_VAR_DIR
LINLI_VAR_DIR=$(mktemp -d)
export LINLI_SECRET_KEY=test-only-secret-key

status=0
if [ "$WHICH" = all ] || [ "$WHICH" = sqlite ]; then
    echo "== tests on SQLite"
    DATABASE_URL="sqlite:///$LINLI_VAR_DIR/test.sqlite3" $BIN/python -m pytest "$@" || status=$?
fi

if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then
    echo "== tests on PostgreSQL"
    # shellcheck source=scripts/pg-cluster.sh
    source scripts/pg-cluster.sh
    pg_cluster_start
    trap pg_cluster_stop EXIT
    DATABASE_URL="$PG_URL" $BIN/python -m pytest "$@" || status=$?
fi
exit $status
