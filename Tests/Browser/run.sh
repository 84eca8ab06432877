#!/usr/bin/env bash
# Starts `salesmetrics demo --serve` on a free port and checks the dashboard in headless
# Chromium (Tests/Browser/browser_check.py). Needs chromium, chromium-driver and selenium.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SALESMETRICS_BIN:-.build/debug/salesmetrics}
OUT=${SCREENSHOTS:-.build/screenshots}
WORK=$(mktemp -d)
LOG="$WORK/serve.log"
"$BIN" demo "$WORK/demo-data" --scale 0.3 --serve --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
    grep -q "sign in with this admin token" "$LOG" && break
    sleep 0.5
done
URL=$(grep -o 'http://[0-9.:a-z]*' "$LOG" | head -1)
TOKEN=$(grep -o 'smk_[0-9a-f]*' "$LOG" | head -1)
if [ -z "$URL" ] || [ -z "$TOKEN" ]; then
    echo "The demo server did not start:"; cat "$LOG"; exit 1
fi
python3 Tests/Browser/browser_check.py "$URL" "$TOKEN" "$OUT"
