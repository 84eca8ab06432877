#!/usr/bin/env bash
# Load test of `salesmetrics serve` with wrk: the overview page (signed in) and GET /api/v1/report
# over the demo data at a scale (default 10), at 1, 10 and 50 connections. Prints p50/p99 latency
# and requests/s as a Markdown table. Needs a release build and wrk (apt-get install wrk).
#
# usage: Benchmarks/serve_bench.sh [SCALE] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-10}
SECONDS_PER_RUN=${2:-10}
BIN=.build/release/salesmetrics
PORT=18080
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
export SALESMETRICS_DB="$WORK/bench.sqlite"
"$BIN" demo "$WORK/data" --scale "$SCALE" --format csv > /dev/null 2>&1
"$BIN" import "$WORK/data" > /dev/null
TOKEN=$("$BIN" token create --role viewer --name bench 2> /dev/null)
"$BIN" serve --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done

# Sign in like a browser to get a session cookie for the pages.
CSRF=$(curl -s -c "$WORK/jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | grep -o '[0-9a-f]\{64\}')
curl -s -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data "csrf=$CSRF&next=%2F&token=$TOKEN" "http://127.0.0.1:$PORT/login"
SESSION=$(awk '$6 == "sm_session" {print $7}' "$WORK/jar")

run() { # name url header
    local name=$1 url=$2 header=$3
    curl -sf -H "$header" -o /dev/null "$url"  # warm the cache
    for c in 1 10 50; do
        local t=$((c < 2 ? 1 : 2))
        local out
        out=$(wrk -t"$t" -c"$c" -d"${SECONDS_PER_RUN}s" --latency -H "$header" "$url")
        local p50 p99 rps
        p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
        p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
        rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
        echo "| $name | $c | $p50 | $p99 | $rps |"
    done
}

echo "| route (scale $SCALE) | connections | p50 | p99 | requests/s |"
echo "|---|---|---|---|---|"
run "overview page" "http://127.0.0.1:$PORT/" "Cookie: sm_session=$SESSION"
run "GET /api/v1/report" "http://127.0.0.1:$PORT/api/v1/report" "Authorization: Bearer $TOKEN"
run "GET /api/v1/report?by=owner" "http://127.0.0.1:$PORT/api/v1/report?by=owner" "Authorization: Bearer $TOKEN"
