#!/usr/bin/env bash
# Fuzzes the CSV parser, the field parsers and the dataset reader with libFuzzer and
# AddressSanitizer (target: Sources/SalesMetricsFuzz), in its own build folder .build-fuzz.
#
# usage: scripts/fuzz.sh [SECONDS | -runs=N] [more libFuzzer flags…]     (default: 60 seconds)
#        FUZZ_JOBS=2 scripts/fuzz.sh 3600     (parallel workers; executions add up)
#        FUZZ_MODE=csv scripts/fuzz.sh 600    (the CSV parser and field parsers alone, much faster)
#
# It starts from the seed corpus Tests/Fuzz/corpus plus what earlier runs kept in
# .build-fuzz/corpus, with the dictionary Tests/Fuzz/csv.dict. A crash, a sanitizer report or a
# failed check of the target stops the run and is saved in .build-fuzz/crashes/; replay it with
# `swift run SalesMetricsFuzz FILE` (no fuzzer needed) and turn it into a regression test in
# Tests/SalesMetricsIOTests. docs/testing.md has the figures of past runs.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=${1:-60}
[ $# -gt 0 ] && shift
case "$limit" in
    -runs=*) budget=("$limit") ;;
    *[!0-9]* | "")
        echo "usage: scripts/fuzz.sh [SECONDS | -runs=N] [libFuzzer flags…]" >&2
        exit 2
        ;;
    *) budget=("-max_total_time=$limit") ;;
esac

scratch=.build-fuzz
NICE=(nice -n "${FUZZ_NICE:-10}")
echo "== building SalesMetricsFuzz with -sanitize=fuzzer,address (release, in $scratch)"
# Release: the optimiser and exclusivity settings of the shipped binary, and many more executions
# per second; Swift's bounds and overflow checks stay on in release builds.
# The coverage flags are spelled out: with -sanitize=fuzzer alone this toolchain (Swift 6.3) left the
# modules uninstrumented after a rebuild, and libFuzzer then fuzzed blind ("no interesting inputs
# were found so far"); libFuzzer needs inline 8-bit counters and the PC table.
"${NICE[@]}" swift build -c release --product SalesMetricsFuzz --scratch-path "$scratch" \
    --sanitize=fuzzer --sanitize=address -Xswiftc -DLIBFUZZER -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
bin="$scratch/release/SalesMetricsFuzz"

mode=${FUZZ_MODE:-all}
case "$mode" in
    all) corpus="$scratch/corpus" ;;
    csv) corpus="$scratch/corpus-csv" ;;
    *)
        echo "FUZZ_MODE is all (default) or csv" >&2
        exit 2
        ;;
esac
export SALESMETRICS_FUZZ_MODE=$mode
mkdir -p "$corpus" "$scratch/crashes"
log="$scratch/fuzz.log"
jobs=${FUZZ_JOBS:-1}
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
# Leaks are left to the sanitizer pass: the Swift runtime's caches look like leaks to LSan.
# Short allocation stacks: recording full ones is most of ASan's cost on this allocation-heavy
# target; a finding replayed with scripts/sanitize.sh or the replayer gets the full story.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1:malloc_context_size=4}
# Swift's own crash backtracer would run inside the sanitizer's report and confuse it.
export SWIFT_BACKTRACE=enable=no
before=$(find "$scratch/crashes" -type f | wc -l)
echo "== fuzzing, mode $mode (${budget[*]}); log: $log"
start=$SECONDS
status=0
# From inside the build folder: parallel workers write their logs (fuzz-N.log) where they run.
root=$PWD
(cd "$scratch" && "${NICE[@]}" "$root/$bin" "$root/$corpus" "$root/Tests/Fuzz/corpus" -dict="$root/Tests/Fuzz/csv.dict" \
    -max_len=2048 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$root/$scratch/crashes/" \
    "${budget[@]}" "${parallel[@]}" "$@") 2>&1 | tee "$log" || status=$?
# The summary adds the workers' logs up.
if [ "$jobs" -gt 1 ]; then cat "$scratch"/fuzz-*.log > "$log" 2> /dev/null && rm -f "$scratch"/fuzz-*.log; fi

runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{ s += $2 } END { print s + 0 }')
rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{ s += $2 } END { print s + 0 }')
coverage=$(grep -oE '#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || echo "cov: ? ft: ?")
crashes=$(($(find "$scratch/crashes" -type f | wc -l) - before))
echo "== $runs executions in $((SECONDS - start)) s ($rate exec/s), $coverage, corpus $(find "$corpus" -type f | wc -l) inputs, $crashes new findings in $scratch/crashes"
if [ "$crashes" -gt 0 ]; then
    echo "FINDING: the inputs are in $scratch/crashes/; \`swift run SalesMetricsFuzz FILE\` replays one"
    status=1
elif [ "$status" -ne 0 ]; then
    echo "libFuzzer stopped with status $status and saved no input (interrupted?)"
fi
exit "$status"
