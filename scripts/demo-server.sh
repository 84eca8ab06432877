# Sourced by the scripts that test a running server (Tests/Browser/run.sh, scripts/api-contract.sh):
#   . scripts/demo-server.sh; start_demo_server BINARY SCALE
# starts `BINARY demo --serve` on a free port with fresh demo data and an admin token, sets
# DEMO_URL and DEMO_TOKEN, and stops the server and removes its folder when the script exits.
start_demo_server() {
    local bin=$1 scale=$2
    DEMO_WORK=$(mktemp -d)
    "$bin" demo "$DEMO_WORK/demo-data" --scale "$scale" --serve --port 0 > "$DEMO_WORK/serve.log" 2>&1 &
    DEMO_PID=$!
    trap 'kill $DEMO_PID 2> /dev/null || true; wait $DEMO_PID 2> /dev/null || true; rm -rf "$DEMO_WORK"' EXIT
    for _ in $(seq 1 240); do
        grep -q "sign in with this admin token" "$DEMO_WORK/serve.log" && break
        kill -0 $DEMO_PID 2> /dev/null || break
        sleep 0.5
    done
    DEMO_URL=$(grep -o 'http://[0-9.:a-z]*' "$DEMO_WORK/serve.log" | head -1)
    DEMO_TOKEN=$(grep -o 'smk_[0-9a-f]*' "$DEMO_WORK/serve.log" | head -1)
    if [ -z "$DEMO_URL" ] || [ -z "$DEMO_TOKEN" ]; then
        echo "The demo server did not start:"
        cat "$DEMO_WORK/serve.log"
        exit 1
    fi
}
