#!/usr/bin/env bash
# Two `salesmetrics serve` instances over one throwaway PostgreSQL, as a team runs them behind a
# load balancer: an import through one instance is in the next report of the other, and when
# PostgreSQL restarts, requests fail with a 503 sentence and recover by themselves.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SALESMETRICS_BIN:-$PWD/.build/debug/salesmetrics}
WORK=$(mktemp -d /tmp/salesmetrics-cluster-XXXXXX)
chmod 755 "$WORK"  # the postgres user must reach its data directory inside
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PG_PORT=$(free_port)
SALESMETRICS_DB=$(scripts/throwaway-postgres.sh "$WORK/pg" "$PG_PORT")
export SALESMETRICS_DB
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
    sleep 1
    # A graceful shutdown waits for requests in flight; do not let one keep a server alive.
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2> /dev/null || true; done
    scripts/throwaway-postgres.sh stop "$WORK/pg" 2> /dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$BIN" demo "$WORK/data" --scale 0.05 --format csv > /dev/null 2>&1
TOKEN=$("$BIN" token create --role admin --name cluster 2> /dev/null)
start_server() { # log file; the server's PID joins PIDS (not in a subshell, so cleanup sees it)
    "$BIN" serve --port 0 > "$1" 2>&1 &
    PIDS+=($!)
    disown $!  # no "Killed" notices when cleanup stops it
    for _ in $(seq 1 100); do
        grep -q "serving" "$1" && break
        sleep 0.2
    done
}
url_of() { grep -o 'http://[0-9.:]*' "$1" | head -1; }
start_server "$WORK/a.log"
start_server "$WORK/b.log"
A=$(url_of "$WORK/a.log")
B=$(url_of "$WORK/b.log")
[ -n "$A" ] && [ -n "$B" ] || { cat "$WORK"/*.log; fail "the servers did not start"; }
echo "instances: $A and $B over one PostgreSQL"

report() { curl -s --max-time 30 -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$1/api/v1/report?metrics=deals_won&grain=year&from=2023-01-01&to=2026-01-01"; }
[ "$(report "$B")" = 200 ] || fail "B's first report"
grep -q '"deals_won": null' "$WORK/body" || fail "B saw deals before any import"

status=$(curl -s --max-time 60 -o "$WORK/import" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
    --data-binary @"$WORK/data/opportunities.csv" "$A/api/v1/import?entity=opportunities")
[ "$status" = 200 ] || { cat "$WORK/import"; fail "import through A answered $status"; }
[ "$(report "$B")" = 200 ] || fail "B's report after the import"
# The exact count per year, computed apart from the tool: won rows of the CSV by their closing
# year in UTC (the report's zone), read with Python's csv and datetime modules.
expected=$(python3 - "$WORK/data/opportunities.csv" << 'PY'
import csv, sys
from datetime import datetime, timezone
counts = {2023: 0, 2024: 0, 2025: 0}
for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")):
    if row["status"].strip().lower() != "won":
        continue
    closed = datetime.fromisoformat(row["closed_at"].strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if closed.tzinfo is None:
        closed = closed.replace(tzinfo=timezone.utc)
    year = closed.astimezone(timezone.utc).year
    if year in counts:
        counts[year] += 1
print(" ".join(str(counts[y]) for y in sorted(counts)))
PY
)
seen=$(python3 -c 'import json, sys; print(" ".join(str(p["metrics"]["deals_won"]) for p in json.load(open(sys.argv[1]))["periods"]))' "$WORK/body")
[ "$seen" = "$expected" ] || fail "B reports deals_won $seen per year for 2023-2025, the CSV has $expected"
echo "ok: an import through A is in B's next report (deals_won $seen, as in the CSV)"

scripts/throwaway-postgres.sh stop "$WORK/pg"
code=$(report "$B")
[ "$code" = 503 ] || { cat "$WORK/body"; fail "with PostgreSQL down, B answered $code, not 503"; }
grep -q 'database' "$WORK/body" || fail "the 503 has no sentence"
echo "ok: PostgreSQL down → 503: $(cat "$WORK/body")"

scripts/throwaway-postgres.sh start "$WORK/pg" "$PG_PORT"
start=$(date +%s)
until [ "$(report "$B")" = 200 ] && [ "$(report "$A")" = 200 ]; do
    [ $(($(date +%s) - start)) -lt 90 ] || fail "the servers did not recover within 90 s"
    sleep 1
done
echo "ok: both instances recovered $(($(date +%s) - start)) s after PostgreSQL came back"

# Killing the database connection in the middle of an import leaves no partial data. The import
# is held mid-way deterministically: another session locks imported_tables, so the import writes
# its rows and then waits; its backend is terminated while it waits.
records() { curl -s --max-time 30 -H "Authorization: Bearer $TOKEN" "$B/api/v1/records/leads?limit=1" | grep -o '"total":[0-9]*'; }
before=$(records)
PSQL=(psql -q -h "$WORK/pg" -p "$PG_PORT" -U postgres -d salesmetrics)
if [ "$(id -u)" = 0 ]; then PSQL=(runuser -u postgres -- "${PSQL[@]}"); fi
"${PSQL[@]}" -c "BEGIN; LOCK TABLE imported_tables IN EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;" > /dev/null &
LOCKER=$!
sleep 0.5
curl -s --max-time 20 -o "$WORK/killed" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
    --data-binary @"$WORK/data/leads.csv" "$A/api/v1/import?entity=leads" > "$WORK/killed.code" &
IMPORT=$!
for _ in $(seq 1 30); do
    waiting=$("${PSQL[@]}" -At -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'salesmetrics' AND wait_event_type = 'Lock'")
    [ "$waiting" -gt 0 ] && break
    sleep 0.1
done
[ "$waiting" -gt 0 ] || fail "the import never reached the lock"
"${PSQL[@]}" -At -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'salesmetrics' AND wait_event_type = 'Lock'" > /dev/null
wait $IMPORT || true
wait $LOCKER || true
code=$(cat "$WORK/killed.code")
# The request whose connection was killed gets its answer, a 503 with a sentence, every time.
[ "$code" != 000 ] || fail "the import whose connection was killed got no answer within 20 s"
[ "$code" = 503 ] || { cat "$WORK/killed"; fail "the import whose connection was killed answered $code, not 503"; }
grep -q 'database' "$WORK/killed" || { cat "$WORK/killed"; fail "the killed import's 503 has no sentence"; }
start=$(date +%s)
until [ "$(report "$A")" = 200 ]; do
    [ $(($(date +%s) - start)) -lt 60 ] || fail "A did not answer again after the killed import"
    sleep 0.5
done
after=$(records)
[ "$before" = "$after" ] || fail "a killed import left rows behind ($before before, $after after)"
echo "ok: an import whose connection was killed mid-way answered $code and left nothing ($after)"
