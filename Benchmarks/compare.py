#!/usr/bin/env python3
"""Compares `salesmetrics report --format json` with `duckdb_report.py --json`, value by value.

Both must list the same periods (labels and boundaries), the same groups in the same order and
every metric. Counts and money must be equal exactly (both sides divide money exactly and round
half away from zero to the cent; the JSON is read with exact decimals). Ratios, days, hours and
scores are doubles computed along different paths (for example a quotient of two sums converted
once, or a sum of converted terms), so they may differ in their last digits: they are compared to
a relative 1e-12, and such differences are counted apart. Prints every mismatch; exit status 1
when there is one. Usage: compare.py ours.json duckdb.json [--quiet]
"""
import json
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from duckdb_report import UNITS  # noqa: E402

TOLERANCE = Decimal("1e-12")


def load(path):
    with open(path) as f:
        return json.load(f, parse_float=Decimal)


def compare(ours, theirs, limit=40, out=sys.stdout):
    """(values compared, mismatches, last-digit differences); prints the mismatches."""
    problems = []
    for key in ("currency", "grain", "timezone", "fiscal_year_start_month"):
        if ours.get(key) != theirs.get(key):
            problems.append(f"{key}: salesmetrics {ours.get(key)!r} duckdb {theirs.get(key)!r}")
    mine_periods = [(p["label"], p["start"], p["end"]) for p in ours["periods"]]
    other_periods = [(p["label"], p["start"], p["end"]) for p in theirs["periods"]]
    if mine_periods != other_periods:
        problems.append(f"periods: salesmetrics {mine_periods} duckdb {other_periods}")
    compared = digits = 0
    for period, other in zip(ours["periods"], theirs["periods"]):
        pairs = [("", period["metrics"], other["metrics"])]
        mine_groups = [(g["dimension"], g["key"]) for g in period.get("groups", [])]
        other_groups = [(g["dimension"], g["key"]) for g in other.get("groups", [])]
        if mine_groups != other_groups:
            problems.append(f"{period['label']} groups: salesmetrics {mine_groups} duckdb {other_groups}")
        other_by_key = {g["key"]: g["metrics"] for g in other.get("groups", [])}
        for g in period.get("groups", []):
            if g["key"] in other_by_key:
                pairs.append((g["key"], g["metrics"], other_by_key[g["key"]]))
        for key, mine, expected_metrics in pairs:
            where = f"{period['label']} {key!r}" if key else period["label"]
            if set(mine) != set(expected_metrics):
                problems.append(f"{where}: metric ids differ: {sorted(set(mine) ^ set(expected_metrics))}")
            for metric, expected in expected_metrics.items():
                if metric not in mine:
                    continue
                actual = mine[metric]
                compared += 1
                if actual is None and expected is None:
                    continue
                unit = UNITS[metric]
                if actual is None or expected is None:
                    ok = False
                elif unit in ("money", "count"):
                    ok = Decimal(actual) == Decimal(expected)
                else:
                    a, e = Decimal(actual), Decimal(expected)
                    ok = abs(a - e) <= TOLERANCE * max(Decimal(1), abs(e))
                    digits += ok and a != e
                if not ok:
                    problems.append(f"{where} {metric}: salesmetrics {actual} duckdb {expected}")
    for line in problems[:limit]:
        print("  " + line, file=out)
    if len(problems) > limit:
        print(f"  … and {len(problems) - limit} more", file=out)
    return compared, len(problems), digits


def main():
    ours, theirs = load(sys.argv[1]), load(sys.argv[2])
    compared, mismatches, digits = compare(ours, theirs)
    print(f"compared {compared} values: {mismatches} mismatches, {digits} doubles differing in their last digits")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
