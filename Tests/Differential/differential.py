#!/usr/bin/env python3
"""The differential test (docs/testing.md): awkward demo folders, four readers, one report.

For each seed (fresh random ones unless --seed replays some), writes `salesmetrics demo
--awkward` at a small scale, then for every option set requires:
  * `report --data DIR`, `report --db` over a SQLite import of DIR and, given a PostgreSQL URL,
    `report --db` over a PostgreSQL import of it: byte-identical JSON, exit status 0;
  * Benchmarks/duckdb_report.py, which parses the same files with DuckDB and computes every
    metric on its own: the same periods, groups and values (Benchmarks/compare.py: counts and
    money exactly, other doubles to a relative 1e-12).
A failing seed's folder is kept and the command that replays it printed.
"""
import argparse
import difflib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import compare  # noqa: E402
import duckdb_report  # noqa: E402

# Every grain, every breakdown, zones with daylight-saving changes at 02:00 (New York, Berlin)
# and at midnight (Santiago), a half-hour zone, fiscal years starting in February and July, and
# ranges that start and end inside a period.
OPTION_SETS = [
    ["--grain", "month", "--from", "2024-01-01", "--to", "2025-01-01"],
    ["--grain", "quarter", "--fiscal-year-start-month", "2", "--timezone", "America/New_York",
     "--from", "2023-11-15", "--to", "2025-02-10"],
    ["--grain", "month", "--by", "owner", "--timezone", "America/Santiago", "--from", "2024-02-10", "--to", "2024-12-01"],
    ["--grain", "week", "--by", "source", "--timezone", "Europe/Berlin", "--from", "2024-02-28", "--to", "2024-04-20"],
    ["--grain", "year", "--by", "segment", "--fiscal-year-start-month", "7", "--timezone", "Asia/Kolkata",
     "--from", "2023-03-01", "--to", "2026-01-01"],
    ["--grain", "month", "--by", "team", "--timezone", "America/New_York", "--from", "2024-01-01", "--to", "2025-01-01"],
    ["--grain", "quarter", "--by", "region", "--from", "2023-01-01", "--to", "2026-01-01"],
    ["--grain", "month", "--by", "product", "--timezone", "America/Santiago", "--from", "2024-03-01",
     "--to", "2024-11-01"],
]

# With --extended: zones with odd offsets and rules (half-hour daylight saving on Lord Howe,
# +12:45/+13:45 on Chatham, -03:30 in St. John's, Havana's and Asunción's midnight changes, Morocco's
# Ramadan changes), weeks across Santiago's midnights, and grains by every dimension again.
EXTENDED_SETS = [
    ["--grain", "week", "--by", "owner", "--timezone", "America/Santiago", "--from", "2024-03-25", "--to", "2024-09-20"],
    ["--grain", "month", "--by", "segment", "--timezone", "Australia/Lord_Howe", "--from", "2024-01-01",
     "--to", "2025-01-01"],
    ["--grain", "quarter", "--by", "source", "--timezone", "Pacific/Chatham", "--fiscal-year-start-month", "4",
     "--from", "2023-04-01", "--to", "2026-01-01"],
    ["--grain", "month", "--by", "region", "--timezone", "America/St_Johns", "--from", "2023-10-01", "--to", "2024-12-15"],
    ["--grain", "week", "--by", "team", "--timezone", "America/Havana", "--from", "2024-03-01", "--to", "2024-04-15"],
    ["--grain", "month", "--by", "product", "--timezone", "Africa/Casablanca", "--from", "2024-01-01",
     "--to", "2025-01-01"],
    ["--grain", "year", "--timezone", "America/Asuncion", "--fiscal-year-start-month", "10", "--from", "2022-12-31",
     "--to", "2026-01-02"],
    ["--grain", "month", "--timezone", "Pacific/Kiritimati", "--from", "2023-01-01", "--to", "2026-01-01"],
]


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def option(args, name, default=None):
    return args[args.index(name) + 1] if name in args else default


def duckdb_json(folder, options):
    result = duckdb_report.report(
        folder, duckdb_report.dt.date.fromisoformat(option(options, "--from")),
        duckdb_report.dt.date.fromisoformat(option(options, "--to")), option(options, "--grain", "month"),
        option(options, "--by"), option(options, "--timezone", "UTC"),
        int(option(options, "--fiscal-year-start-month", "1")), threads=1)
    return json.loads(duckdb_report.dumps(result), parse_float=Decimal)


class Postgres:
    """A fresh database per seed on the server of `url` (its role may create databases)."""

    def __init__(self, url):
        self.url = url
        self.parts = urllib.parse.urlsplit(url)

    def _psql(self, sql):
        done = run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.url, "-c", sql])
        if done.returncode != 0:
            raise RuntimeError(f"psql: {done.stderr.strip()}")

    def create(self, name):
        self._psql(f'DROP DATABASE IF EXISTS "{name}"')
        self._psql(f'CREATE DATABASE "{name}"')
        return self.parts._replace(path="/" + name).geturl()

    def drop(self, name):
        self._psql(f'DROP DATABASE IF EXISTS "{name}"')


def check_seed(binary, seed, scale, postgres, work, log, option_sets):
    """True when every reader agrees on every option set."""
    folder = os.path.join(work, f"seed-{seed}")
    shutil.rmtree(folder, ignore_errors=True)
    ok = True
    demo = run([binary, "demo", folder, "--awkward", "--seed", str(seed), "--scale", str(scale), "--format", "json"])
    if demo.returncode != 0:
        log(f"  demo --awkward failed (exit {demo.returncode}):\n{demo.stderr[-3000:]}")
        return False, folder
    log("  " + next((line for line in demo.stderr.splitlines() if line.startswith("Wrote")), "(no summary)"))
    stores = {"folder": ["--data", folder]}
    sqlite = os.path.join(work, f"seed-{seed}.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(sqlite + suffix):
            os.remove(sqlite + suffix)

    def import_into(key, name, db):
        """Imports the folder into a store; True when it worked (the store then joins the comparison)."""
        done = run([binary, "import", folder, "--db", db])
        if done.returncode != 0:
            log(f"  import into {name} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
            return False
        stores[key] = ["--db", db]
        return True

    ok = import_into("sqlite", "SQLite", sqlite) and ok
    database = f"salesmetrics_diff_{seed % 10**12}"
    if postgres:
        ok = import_into("postgres", "PostgreSQL", postgres.create(database)) and ok
    for options in option_sets:
        label = " ".join(options)
        outputs = {}
        for store, where in stores.items():
            done = run([binary, "report", *where, *options, "--format", "json"])
            if done.returncode != 0:
                log(f"  [{label}] report from {store} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
                ok = False
            else:
                outputs[store] = done.stdout
        if "folder" not in outputs:
            continue
        for store, text in outputs.items():
            if text != outputs["folder"]:
                ok = False
                diff = difflib.unified_diff(outputs["folder"].splitlines(), text.splitlines(), "folder", store,
                                            lineterm="", n=2)
                log(f"  [{label}] {store} differs from the folder:\n" + "\n".join(list(diff)[:80]))
        try:
            theirs = duckdb_json(folder, options)
        except Exception as error:  # a crash of the second implementation is a failure too
            log(f"  [{label}] duckdb_report.py failed: {error!r}")
            ok = False
            continue
        ours = json.loads(outputs["folder"], parse_float=Decimal)
        buffer = io.StringIO()
        compared, mismatches, digits = compare.compare(ours, theirs, out=buffer)
        note = f", {digits} last-digit differences" if digits else ""
        if mismatches:
            ok = False
            log(f"  [{label}] DuckDB: {mismatches} mismatches of {compared} values{note}:\n{buffer.getvalue()}")
        else:
            log(f"  [{label}] {'/'.join(outputs)} identical; DuckDB agrees on {compared} values{note}")
    if postgres:
        postgres.drop(database)
    return ok, folder


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/salesmetrics"))
    ap.add_argument("--seeds", type=int, default=3, help="how many fresh random seeds (default 3)")
    ap.add_argument("--seed", type=int, action="append", help="replay this seed (repeatable)")
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--postgres", default=os.environ.get("SALESMETRICS_TEST_POSTGRES_URL"),
                    help="a PostgreSQL URL whose role may create databases (default $SALESMETRICS_TEST_POSTGRES_URL)")
    ap.add_argument("--work", help="folder for the data (default: a temporary one, kept on failure)")
    ap.add_argument("--extended", action="store_true", help="also eight option sets in more unusual time zones")
    args = ap.parse_args()
    seeds = args.seed or [random.SystemRandom().randrange(1, 2**63) for _ in range(args.seeds)]
    work = args.work or tempfile.mkdtemp(prefix="salesmetrics-differential-")
    os.makedirs(work, exist_ok=True)
    postgres = Postgres(args.postgres) if args.postgres else None
    if not postgres:
        print("(no PostgreSQL URL: checking the folder, SQLite and DuckDB)")
    failed = []
    for seed in seeds:
        start = time.monotonic()
        print(f"seed {seed}", flush=True)
        option_sets = OPTION_SETS + (EXTENDED_SETS if args.extended else [])
        ok, folder = check_seed(args.binary, seed, args.scale, postgres, work, lambda s: print(s, flush=True),
                                option_sets)
        print(f"  {'ok' if ok else 'FAILED'} in {time.monotonic() - start:.1f} s", flush=True)
        if not ok:
            failed.append((seed, folder))
    if failed:
        for seed, folder in failed:
            print(f"FAILED seed {seed}: data in {folder}; replay: Tests/Differential/run.sh --seed {seed}"
                  + (f" --scale {args.scale}" if args.scale != 0.05 else "") + (" --extended" if args.extended else ""))
        sys.exit(1)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"all {len(seeds)} seeds agree")


if __name__ == "__main__":
    main()
