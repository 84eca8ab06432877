#!/usr/bin/env bash
# How long a dashboard page takes the first time it is asked for after the data changed (a cache
# miss: the page is computed and rendered), with the dataset already loaded. Demo data at a
# scale (default 10) in SQLite; each page is asked for once cold, and the best of RUNS restarts
# is printed (a restart empties the caches).
#
# usage: Benchmarks/cold_pages.sh [SCALE] [RUNS] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-10}
RUNS=${2:-3}
BIN=${3:-.build/release/salesmetrics}
PORT=18081
WORK=$(mktemp -d)
SERVER=
trap 'kill $SERVER 2> /dev/null || true; rm -rf "$WORK"' EXIT
export SALESMETRICS_DB="$WORK/bench.sqlite"
"$BIN" demo "$WORK/data" --scale "$SCALE" --format csv > /dev/null 2>&1
"$BIN" import "$WORK/data" > /dev/null
TOKEN=$("$BIN" token create --role viewer --name bench 2> /dev/null)
PAGES=("/" "/metric/win_rate?by=owner" "/funnel" "/sources" "/reviews?period=2025-Q3")
declare -A best
for _ in $(seq 1 "$RUNS"); do
    "$BIN" serve --port "$PORT" > "$WORK/serve.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done
    CSRF=$(curl -s -c "$WORK/jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | grep -o '[0-9a-f]\{64\}')
    curl -s -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data "csrf=$CSRF&next=%2F&token=$TOKEN" "http://127.0.0.1:$PORT/login"
    # Load the dataset once, so each page's time is its own.
    curl -sf -H "Authorization: Bearer $TOKEN" -o /dev/null "http://127.0.0.1:$PORT/api/v1/report?metrics=deals_won"
    for page in "${PAGES[@]}"; do
        t=$(curl -s -b "$WORK/jar" -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT$page")
        [ "${t%% *}" = 200 ] || continue
        ms=$(awk -v s="${t##* }" 'BEGIN {printf "%.0f", s * 1000}')
        if [ -z "${best[$page]:-}" ] || [ "$ms" -lt "${best[$page]}" ]; then best[$page]=$ms; fi
    done
    kill "$SERVER"
    wait "$SERVER" 2> /dev/null || true
done
echo "| page (scale $SCALE, cold, best of $RUNS) | ms |"
echo "|---|---:|"
for page in "${PAGES[@]}"; do echo "| \`$page\` | ${best[$page]:-—} |"; done
