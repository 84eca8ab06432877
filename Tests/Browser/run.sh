#!/usr/bin/env bash
# Starts `salesmetrics demo --serve` on a free port and checks the dashboard in headless
# Chromium (Tests/Browser/browser_check.py). Needs chromium, chromium-driver and selenium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/demo-server.sh
start_demo_server "${SALESMETRICS_BIN:-.build/debug/salesmetrics}" 0.3
python3 Tests/Browser/browser_check.py "$DEMO_URL" "$DEMO_TOKEN" "${SCREENSHOTS:-.build/screenshots}"
