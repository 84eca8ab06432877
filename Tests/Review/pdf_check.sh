#!/usr/bin/env bash
# The PDF a sales leader hands out: `review --format pdf` of the demo, printed by headless
# Chromium, checked with poppler: A4 pages, each rendered to an image that is not blank, and the
# text holding the same numbers as the Markdown review (which equals `report`).
# Needs chromium and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${SALESMETRICS_BIN:-.build/debug/salesmetrics}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$BIN" demo "$dir/data" --scale 0.3 > /dev/null 2>&1
"$BIN" review --data "$dir/data" --period 2025-Q3 --format pdf --out "$dir/q3.pdf" 2> /dev/null
"$BIN" review --data "$dir/data" --period 2025-Q3 --format markdown > "$dir/q3.md"

pages="$(pdfinfo "$dir/q3.pdf" | awk '/^Pages:/ {print $2}')"
size="$(pdfinfo "$dir/q3.pdf" | grep '^Page size:')"
case "$size" in *A4*) ;; *) echo "FAIL: pages are not A4: $size" >&2; exit 1 ;; esac
if [ "$pages" -lt 2 ] || [ "$pages" -gt 12 ]; then echo "FAIL: $pages pages" >&2; exit 1; fi

pdftoppm -r 40 -png "$dir/q3.pdf" "$dir/page"
for png in "$dir"/page*.png; do
    # A blank A4 page at 40 dpi compresses to about 1 kB; a page of tables to several.
    if [ "$(stat -c %s "$png")" -lt 4000 ]; then echo "FAIL: $(basename "$png") looks blank" >&2; exit 1; fi
done

pdftotext -layout "$dir/q3.pdf" "$dir/q3.txt"
for kpi in "Total revenue" "Win rate" "MRR" "CLTV : CAC"; do
    value="$(grep -m1 "^| $kpi |" "$dir/q3.md" | awk -F' [|] ' '{print $2}' | sed 's/ (.*//')"
    if [ -z "$value" ] || ! grep -qF -- "$value" "$dir/q3.txt"; then
        echo "FAIL: the PDF lacks $kpi = '$value' of the Markdown review" >&2
        exit 1
    fi
done
for section in "Headline KPIs" "Biggest movers" "Reps" "Stage funnel" "Sources" "Subscriptions"; do
    grep -qF "$section" "$dir/q3.txt" || { echo "FAIL: no section '$section' in the PDF" >&2; exit 1; }
done
echo "The review PDF has $pages A4 pages, none blank, with the Markdown review's numbers."
