#!/usr/bin/env bash
# The differential test: awkward demo data on fresh random seeds, the same JSON report from the
# folder, SQLite, PostgreSQL (when SALESMETRICS_TEST_POSTGRES_URL or --postgres URL is given) and
# the independent DuckDB implementation (Benchmarks/duckdb_report.py). See docs/testing.md.
#
# usage: Tests/Differential/run.sh [--seeds N] [--seed S]… [--scale X] [--postgres URL] [--binary PATH] [--work DIR]
# Builds the release binary unless --binary is given; installs duckdb with pip if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! printf '%s\n' "$@" | grep -qx -- --binary; then
    echo "== swift build -c release --product salesmetrics"
    nice -n 5 swift build -c release --product salesmetrics 2>&1 | tail -n 3
fi
python3 -c "import duckdb" 2> /dev/null || pip install -q duckdb > /dev/null
exec python3 Tests/Differential/differential.py "$@"
