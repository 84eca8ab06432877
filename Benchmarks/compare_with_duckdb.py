#!/usr/bin/env python3
"""Whole-command comparison: `salesmetrics report` against DuckDB on the same CSV folders.

For each scale: writes the demo dataset (once), then times, best of --runs:
  * salesmetrics report --format json over the three demo years, monthly, every metric
    (the whole process: start, read the CSV files, compute, print), and the same with --by owner;
  * duckdb_report.py: DuckDB reading the same files and computing the same report, timed inside
    Python (interpreter start and `import duckdb` are not counted, in DuckDB's favour).
Prints a Markdown table. Needs `pip install duckdb` and a release build.
Usage: compare_with_duckdb.py [--scales 1,10,100] [--runs 3] [--binary .build/release/salesmetrics] [--dir .bench-data]
"""
import argparse
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def best_of(runs, command):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def duckdb_time(runs, folder, by):
    best = float("inf")
    for _ in range(runs):
        command = [sys.executable, os.path.join(HERE, "duckdb_report.py"), folder, "2023-01-01", "2026-01-01"]
        if by:
            command += ["--by", by]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        best = min(best, float(out.strip()))
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary", default=".build/release/salesmetrics")
    ap.add_argument("--dir", default=".bench-data")
    args = ap.parse_args()
    print("| scale | salesmetrics report | DuckDB | speed-up | salesmetrics --by owner | DuckDB by owner | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for scale in args.scales.split(","):
        folder = os.path.join(args.dir, f"scale-{float(scale)}")
        if not os.path.exists(os.path.join(folder, "surveys.csv")):
            subprocess.run([args.binary, "demo", folder, "--scale", scale, "--format", "csv"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = [args.binary, "report", "--data", folder, "--from", "2023-01-01", "--to", "2026-01-01", "--format", "json"]
        ours = best_of(args.runs, base)
        ours_owner = best_of(args.runs, base + ["--by", "owner"])
        duck = duckdb_time(args.runs, folder, None)
        duck_owner = duckdb_time(args.runs, folder, "owner")
        print(f"| {scale} | {ours:.2f} s | {duck:.2f} s | {duck / ours:.1f}× | {ours_owner:.2f} s | {duck_owner:.2f} s | {duck_owner / ours_owner:.1f}× |",
              flush=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nPeak memory of any child process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
