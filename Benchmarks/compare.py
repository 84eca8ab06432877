#!/usr/bin/env python3
"""Compares `salesmetrics report --format json` with duckdb_report.py --json.

Money must agree to the cent (DuckDB divides in floating point, so a half-cent may round the
other way: differences of one cent on divided money are reported separately); other numbers to
1e-9 relative. Usage: compare.py ours.json duckdb.json
"""
import json
import sys

DIVIDED_MONEY = {"avg_deal_size", "pipeline_velocity", "cac", "arpa", "cltv", "rep_productivity"}


def main():
    ours = json.load(open(sys.argv[1]))
    theirs = json.load(open(sys.argv[2]))
    by_label = {p["label"]: p for p in theirs["periods"]}
    compared = mismatches = cents = 0
    for period in ours["periods"]:
        other = by_label[period["label"]]
        pairs = [(period["metrics"], other["metrics"], "")] if other["metrics"] else []
        other_groups = {g["key"]: g["metrics"] for g in other.get("groups", [])}
        for g in period.get("groups", []):
            if g["key"] in other_groups:
                pairs.append((g["metrics"], other_groups[g["key"]], g["key"]))
        for mine, theirs_metrics, key in pairs:
            for metric, expected in theirs_metrics.items():
                actual = mine.get(metric)
                compared += 1
                if actual is None and expected is None:
                    continue
                if actual is None or expected is None:
                    ok = False
                elif metric in DIVIDED_MONEY and abs(actual - expected) <= 0.0100001:
                    ok = True
                    cents += actual != expected
                else:
                    ok = abs(actual - expected) <= 1e-9 * max(1.0, abs(expected))
                if not ok:
                    mismatches += 1
                    if mismatches <= 40:
                        print(f"{period['label']} {key} {metric}: salesmetrics {actual} duckdb {expected}")
    print(f"compared {compared} values: {mismatches} mismatches, {cents} one-cent rounding differences")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
