#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and/or ThreadSanitizer, each in its own build folder
# (.build-asan, .build-tsan) so that neither invalidates the normal .build. Exits non-zero when a
# test fails or a sanitizer reports anything. Run it before landing a change to unsafe-pointer code
# (the CSV parser, the interner, the readers) or to concurrent code (the server, the stores, the
# parallel dataset read). docs/testing.md has the figures.
#
# usage: scripts/sanitize.sh [asan|tsan|all] [extra `swift test` arguments…]
#
# ASan runs every suite. TSan runs the suites that exercise concurrency: the server (requests in
# parallel, caches, sessions), both stores (SQLite's background validation and snapshot encoding,
# PostgreSQL's connection pool), and the dataset reads (each file read on its own thread, then
# merged). The single-threaded engine tests gain nothing from TSan but a slower run.
#
# PostgreSQL: the store suites also run against PostgreSQL when SALESMETRICS_TEST_POSTGRES_URL is
# set (CI sets it); otherwise a throwaway server is started for the run when PostgreSQL is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
[ $# -gt 0 ] && shift
case "$mode" in
    asan | tsan | all) ;;
    *)
        echo "usage: scripts/sanitize.sh [asan|tsan|all] [swift test arguments…]" >&2
        exit 2
        ;;
esac

# The machine is shared: sanitizer builds and runs yield to everyone else's work.
NICE=(nice -n "${SANITIZE_NICE:-10}")
TSAN_FILTER='SalesMetricsServerTests|SalesMetricsStoreTests|SalesMetricsSQLiteTests|SalesMetricsIOTests\.(ParallelReadTests|ValidationTests)'
# Leak checking stays off: the Swift runtime and Foundation keep caches for the whole process,
# which LeakSanitizer would report at every exit; use-after-free, overflows and double frees are
# what this pass is for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:exitcode=66:second_deadlock_stack=1}
# Swift's own crash backtracer would run inside a sanitizer's report and garble it.
export SWIFT_BACKTRACE=enable=no

pg_dir=""
stop_postgres() { if [ -n "$pg_dir" ]; then scripts/throwaway-postgres.sh stop "$pg_dir" > /dev/null 2>&1 || true; fi; }
trap stop_postgres EXIT
if [ -z "${SALESMETRICS_TEST_POSTGRES_URL:-}" ]; then
    if ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
        pg_dir="$(mktemp -d /tmp/salesmetrics-sanitize-pg-XXXXXX)"
        pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        SALESMETRICS_TEST_POSTGRES_URL="$(scripts/throwaway-postgres.sh "$pg_dir" "$pg_port")"
        export SALESMETRICS_TEST_POSTGRES_URL
        echo "== PostgreSQL for the store tests: a throwaway server on port $pg_port"
    else
        echo "== PostgreSQL is not installed: the store suites run against SQLite only"
    fi
fi

minutes() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# run NAME SANITIZER FILTER [swift test arguments…]
run() {
    local name=$1 sanitizer=$2 filter=$3
    shift 3
    local scratch=".build-$name"
    local log="$scratch/sanitize.log"
    mkdir -p "$scratch"
    echo "== $name: swift build --build-tests --sanitize=$sanitizer --scratch-path $scratch"
    local start=$SECONDS
    if ! "${NICE[@]}" swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" 2>&1 | tee "$log"; then
        echo "$name: FAILED to build ($log)"
        return 1
    fi
    local built=$((SECONDS - start))
    local filter_args=()
    [ -n "$filter" ] && filter_args=(--filter "$filter")
    echo "== $name: swift test --sanitize=$sanitizer ${filter:+--filter '$filter'} $*"
    start=$SECONDS
    local status=0
    # SALESMETRICS_SANITIZER lets tests that time things (server limits, answers during an
    # import) allow for the sanitizers' slowdown, two to five times.
    SALESMETRICS_SANITIZER=$sanitizer "${NICE[@]}" swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" \
        "${filter_args[@]}" "$@" 2>&1 | tee -a "$log" || status=$?
    local tested=$((SECONDS - start))
    # A report can come from a child process or be printed without changing the exit status
    # (TSan keeps going after a report): the log decides too.
    local reports
    reports=$(grep -c -E '^SUMMARY: [A-Za-z]+Sanitizer' "$log" || true)
    if [ "$status" -ne 0 ] || [ "$reports" -gt 0 ]; then
        echo "$name: FAILED (exit $status, $reports sanitizer reports; build $(minutes "$built"), tests $(minutes "$tested")); the reports are in $log"
        return 1
    fi
    echo "$name: OK (build $(minutes "$built"), tests $(minutes "$tested"))"
}

result=0
if [ "$mode" = asan ] || [ "$mode" = all ]; then run asan address "" "$@" || result=1; fi
if [ "$mode" = tsan ] || [ "$mode" = all ]; then run tsan thread "$TSAN_FILTER" "$@" || result=1; fi
exit $result
