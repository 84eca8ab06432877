#!/usr/bin/env bash
# What a pushed write costs (docs/performance.md, "Writes"): single-record PUTs driven by wrk
# (throughput and latency percentiles), and 1,000-record batches (updates, then inserts), against
# the demo data at a scale, served from SQLite or a PostgreSQL URL.
#
# usage: Benchmarks/writes.sh [SCALE] [BINARY] [DB]      (DB: a postgres:// URL; default SQLite)
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-10}
BIN=$(realpath "${2:-.build/release/salesmetrics}")
DB=${3:-}
PORT=18082
WORK=$(mktemp -d)
SERVER=
trap 'kill $SERVER 2> /dev/null || true; rm -rf "$WORK"' EXIT
export SALESMETRICS_DB="${DB:-$WORK/bench.sqlite}"
"$BIN" demo "$WORK/data" --scale "$SCALE" --format csv > /dev/null 2>&1
"$BIN" import "$WORK/data" > /dev/null
TOKEN=$("$BIN" token create --role admin --name "bench-$$" 2> /dev/null)
"$BIN" serve --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done
# Deals to update: every 7th one, up to 5,000.
awk -F, 'NR > 1 && NR % 7 == 0 && n++ < 5000 { print $1 }' "$WORK/data/opportunities.csv" > "$WORK/ids"
DEALS=$(($(wc -l < "$WORK/data/opportunities.csv") - 1))
cat > "$WORK/put.lua" <<'LUA'
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local token = os.getenv("TOKEN")
local n = math.random(1, 100000)
request = function()
    n = n + 1
    local body = '{"amount": "' .. (1000 + n % 9973) .. '.00"}'
    return wrk.format("PUT", "/api/v1/opportunities/" .. ids[(n % #ids) + 1],
        { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
-- Paced: each of the 4 connections waits PACE ms after each answer (15 ms: a little over 200 PUTs/s).
local pace = tonumber(os.getenv("PACE") or "0")
if pace > 0 then delay = function() return pace end end
LUA
put() {
    IDS="$WORK/ids" TOKEN="$TOKEN" PACE="$1" wrk -t 2 -c 4 -d 20s --latency -s "$WORK/put.lua" \
        "http://127.0.0.1:$PORT" > "$WORK/wrk.txt"
    echo "$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.txt") $(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt") $(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt") $(awk '/Non-2xx/ { print $NF }' "$WORK/wrk.txt")"
}
read -r PACED_RATE PACED_P50 PACED_P99 PACED_ERRORS <<< "$(put 15)"
read -r RATE P50 P99 ERRORS <<< "$(put 0)"
# 1,000-record batches: updates of stored deals (new amounts each round), then new deals.
batch() {
    curl -s -o "$WORK/batch.out" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data-binary @"$1" "http://127.0.0.1:$PORT/api/v1/opportunities/batch"
}
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
UPDATES=()
INSERTS=()
for round in 1 2 3 4 5; do
    awk -v r="$round" 'BEGIN { printf "[" } NR <= 1000 { printf "%s{\"opportunity_id\":\"%s\",\"amount\":\"%d.00\"}", (NR > 1 ? "," : ""), $1, 500 + r * 7 + NR } END { print "]" }' "$WORK/ids" > "$WORK/updates.json"
    t=$(batch "$WORK/updates.json"); [ "${t%% *}" = 200 ] || { cat "$WORK/batch.out"; exit 1; }
    UPDATES+=("$(ms "${t##* }")")
    awk -v r="$round" 'BEGIN { printf "["; for (i = 1; i <= 1000; i++) printf "%s{\"opportunity_id\":\"bench-%d-%d\",\"created_at\":\"2025-06-01\",\"status\":\"open\",\"amount\":\"%d.00\"}", (i > 1 ? "," : ""), r, i, i; print "]" }' > "$WORK/inserts.json"
    t=$(batch "$WORK/inserts.json"); [ "${t%% *}" = 200 ] || { cat "$WORK/batch.out"; exit 1; }
    INSERTS+=("$(ms "${t##* }")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
STORE=sqlite
[ -n "$DB" ] && STORE=postgres
echo "| store | scale | deals | paced PUT/s | p50 | p99 | flat out PUT/s | p50 | p99 | non-2xx | 1,000 updates | 1,000 inserts |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $STORE | $SCALE | $DEALS | $PACED_RATE | $PACED_P50 | $PACED_P99 | $RATE | $P50 | $P99 | $((${PACED_ERRORS:-0} + ${ERRORS:-0})) | $(median "${UPDATES[@]}") ms | $(median "${INSERTS[@]}") ms |"
