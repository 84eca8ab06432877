#!/usr/bin/env python3
"""The SalesMetrics report computed by DuckDB from the same CSV folder, independently.

Two uses:
  * the baseline of the benchmark (docs/performance.md): wall time to read the CSV files and
    compute every metric over every month, with and without a breakdown by owner;
  * a second implementation of docs/spec.md for the differential test (docs/testing.md):
    `--json` prints the report in the JSON shape of `salesmetrics report --format json`, and
    compare.py diffs the two.

Everything the report takes: every grain (ISO weeks, months, fiscal quarters and years), every
breakdown, any IANA time zone and fiscal year start, unaligned --from/--to. DuckDB parses the
files itself: padded and mixed-case headers, shuffled and unknown columns, BOM, CRLF, quoted
values, every timestamp spelling of docs/data-format.md (resolved in the report zone with the
zone rules of Python's zoneinfo), money and hours exactly. The SQL gathers sums and counts per
period and group; Python divides them with exact fractions (money rounded half away from zero
to the cent, ratios correctly rounded doubles), as SPEC §8.11 asks.

Usage: duckdb_report.py DATA_DIR FROM TO [--grain G] [--by DIM] [--timezone TZ]
                        [--fiscal-year-start-month N] [--json] [--threads N]
"""
import argparse
import bisect
import datetime as dt
import json
import os
import re
import sys
import time
import zoneinfo
from decimal import Decimal
from fractions import Fraction

import duckdb

EPOCH = dt.date(1970, 1, 1)
DAY_MS = 86_400_000

# The catalog in report order (Sources/SalesMetrics/Catalog/Catalog.swift) with each metric's unit.
CATALOG = [
    ("total_revenue", "money"), ("deals_won", "count"), ("revenue_growth", "ratio"), ("avg_deal_size", "money"),
    ("leads_created", "count"), ("lead_conversion_rate", "ratio"), ("win_rate", "ratio"),
    ("opportunity_conversion_rate", "ratio"), ("sales_cycle_length", "days"), ("qualified_leads", "count"),
    ("open_pipeline_count", "count"), ("open_pipeline_value", "money"), ("pipeline_velocity", "money"),
    ("pipeline_coverage", "ratio"), ("forecast_accuracy", "ratio"), ("deal_slippage_rate", "ratio"),
    ("lead_response_time", "hours"), ("new_customers", "count"), ("cac", "money"), ("active_customers", "count"),
    ("mrr", "money"), ("arr", "money"), ("arpa", "money"), ("churn_rate", "ratio"),
    ("customer_retention_rate", "ratio"), ("new_mrr", "money"), ("reactivation_mrr", "money"),
    ("expansion_mrr", "money"), ("contraction_mrr", "money"), ("churned_mrr", "money"), ("net_new_mrr", "money"),
    ("net_revenue_retention", "ratio"), ("gross_revenue_retention", "ratio"), ("cltv", "money"),
    ("cltv_cac_ratio", "ratio"), ("marketing_spend", "money"), ("sales_spend", "money"),
    ("romi_incremental", "ratio"), ("source_roi", "ratio"), ("active_reps", "count"), ("rep_productivity", "money"),
    ("quota_attainment_rate", "ratio"), ("time_selling", "ratio"), ("nps", "score"), ("enps", "score"),
    # SPEC §3 "Added metrics"
    ("deals_lost", "count"), ("pipeline_created_count", "count"), ("pipeline_created_value", "money"),
    ("win_rate_by_value", "ratio"), ("saas_quick_ratio", "ratio"), ("magic_number", "ratio"),
    # The engagement score (docs/scoring.md)
    ("avg_engagement_score", "score"), ("at_risk_accounts", "count"),
]
UNITS = dict(CATALOG)

# The tables each metric reads: a breakdown makes it null unless they all carry the dimension
# (SPEC §8.22) ...
READS = {m: {"opportunities"} for m in [
    "total_revenue", "deals_won", "revenue_growth", "avg_deal_size", "win_rate", "opportunity_conversion_rate",
    "sales_cycle_length", "open_pipeline_count", "open_pipeline_value", "pipeline_velocity", "deal_slippage_rate",
    "deals_lost", "pipeline_created_count", "pipeline_created_value", "win_rate_by_value"]}
READS.update({m: {"leads"} for m in ["leads_created", "lead_conversion_rate", "qualified_leads", "lead_response_time"]})
READS.update({m: {"subscriptions"} for m in [
    "active_customers", "mrr", "arr", "arpa", "churn_rate", "customer_retention_rate", "new_mrr", "reactivation_mrr",
    "expansion_mrr", "contraction_mrr", "churned_mrr", "net_new_mrr", "net_revenue_retention",
    "gross_revenue_retention", "cltv", "saas_quick_ratio"]})
READS.update({
    "pipeline_coverage": {"opportunities", "quotas"}, "forecast_accuracy": {"opportunities", "forecasts"},
    "new_customers": {"opportunities", "subscriptions"}, "cac": {"spend", "opportunities", "subscriptions"},
    "cltv_cac_ratio": {"subscriptions", "spend", "opportunities"}, "marketing_spend": {"spend"},
    "sales_spend": {"spend"}, "romi_incremental": {"opportunities", "spend"},
    "source_roi": {"opportunities", "spend"}, "active_reps": {"reps"}, "rep_productivity": {"opportunities", "reps"},
    "quota_attainment_rate": {"quotas", "opportunities"}, "time_selling": {"activities"},
    "nps": {"surveys"}, "enps": {"surveys"}, "magic_number": {"subscriptions", "spend"},
    "avg_engagement_score": {"subscriptions", "usage"}, "at_risk_accounts": {"subscriptions", "usage"},
})
# ... and the files it needs (a missing one makes it null; SPEC §8.3), with at least one of
# ANY_OF (SPEC §8.4).
REQUIRES = dict(READS)
REQUIRES.update({"new_customers": set(), "cac": {"spend"}, "cltv_cac_ratio": {"subscriptions", "spend"}})
ANY_OF = {"new_customers": {"opportunities", "subscriptions"}, "cac": {"opportunities", "subscriptions"}}
# The tables that carry each dimension (SPEC §4); every table they do not list is "—".
DIMENSION_TABLES = {
    "owner": {"leads", "opportunities", "quotas", "activities", "reps"},
    "team": {"leads", "opportunities", "quotas", "activities", "reps"},
    "source": {"leads", "opportunities", "spend"},
    "segment": {"leads", "opportunities", "subscriptions", "surveys", "usage"},
    "product": {"opportunities"},
    "region": {"opportunities", "subscriptions", "surveys", "usage"},
}

COLUMNS = {
    "reps": ["rep_id", "name", "team", "hired_on", "left_on"],
    "accounts": ["account_id", "name", "segment", "region", "industry"],
    "leads": ["lead_id", "created_at", "source", "owner_id", "segment", "qualified_at", "first_response_at",
              "converted_at", "account_id", "opportunity_id"],
    "opportunities": ["opportunity_id", "account_id", "owner_id", "created_at", "status", "closed_at", "amount",
                      "stage", "expected_close_on", "source", "product"],
    "subscriptions": ["subscription_id", "account_id", "mrr", "started_on", "ended_on"],
    "spend": ["date", "category", "channel", "amount"],
    "quotas": ["rep_id", "period_start", "period_end", "amount"],
    "forecasts": ["period_start", "period_end", "amount", "rep_id", "submitted_at"],
    "activities": ["rep_id", "date", "selling_hours", "total_hours"],
    "surveys": ["response_id", "answered_at", "score", "kind", "account_id"],
    "usage": ["account_id", "date", "active_users", "sessions", "events", "feature"],
}


# ---------------------------------------------------------------------------------------------
# Time: zone rules and periods.

class Zone:
    """Local wall-clock milliseconds to instants, by SPEC §8.6 and docs/data-format.md: a time a
    daylight-saving change skips moves forward by the gap, one that happens twice is its first
    occurrence. Segment i (offset o_i, until transition t_{i+1}) takes every wall time below
    t_{i+1} + max(o_i, o_{i+1}) that no earlier segment took."""

    def __init__(self, name):
        self.name = name
        self.bounds, self.offsets = [], []
        if name == "UTC":
            self.bounds, self.offsets = [2 ** 62], [0]
            return
        zone = zoneinfo.ZoneInfo(name)

        def offset(t):
            return int(dt.datetime.fromtimestamp(t, zone).utcoffset().total_seconds()) * 1000

        start, end = -631_152_000, 3_471_292_800  # 1950 to 2080, in seconds
        transitions = []
        t, o = start, offset(start)
        while t < end:
            nxt = t + 86_400
            o2 = offset(nxt)
            if o2 != o:
                lo, hi = t, nxt  # offset(lo) == o, offset(hi) == o2
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if offset(mid) == o:
                        lo = mid
                    else:
                        hi = mid
                transitions.append((hi * 1000, o, o2))
                o = o2
            t = nxt
        current = offset(start)
        for at, before, after in transitions:
            self.bounds.append(at + max(before, after))
            self.offsets.append(current)
            current = after
        self.bounds.append(2 ** 62)
        self.offsets.append(current)

    def instant(self, wall_ms):
        return wall_ms - self.offsets[bisect.bisect_right(self.bounds, wall_ms)]

    def midnight(self, day):
        return self.instant((day - EPOCH).days * DAY_MS)


def add_months(day, n):
    k = day.year * 12 + day.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def period_of(day, grain, fy_start):
    """(first day, first day of the next period, label) of the period containing `day`."""
    if grain == "week":
        first = day - dt.timedelta(days=day.weekday())
        year, week, _ = first.isocalendar()
        return first, first + dt.timedelta(days=7), f"{year}-W{week:02d}"
    if grain == "month":
        first = day.replace(day=1)
        return first, add_months(first, 1), f"{first:%Y-%m}"
    start_year = day.year if day.month >= fy_start else day.year - 1
    fiscal_name = start_year + 1 if fy_start > 1 else start_year
    prefix = "FY" if fy_start > 1 else ""
    if grain == "quarter":
        k = (day.month - fy_start) % 12
        first = add_months(dt.date(start_year, fy_start, 1), k - k % 3)
        return first, add_months(first, 3), f"{prefix}{fiscal_name}-Q{k // 3 + 1}"
    first = dt.date(start_year, fy_start, 1)
    return first, add_months(first, 12), f"{prefix}{fiscal_name}"


# ---------------------------------------------------------------------------------------------
# Reading: DuckDB parses every file.

TIMESTAMP = (r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
             r"(Z|z|[+-]\d{2}(?::?\d{2})?)?$")


def define_macros(con, zone):
    con.execute(f"""
    CREATE OR REPLACE MACRO clean(x) AS nullif(trim(x, ' ' || chr(9)), '');
    CREATE OR REPLACE MACRO ts_parts(x) AS regexp_extract(x, '{TIMESTAMP}', ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z']);
    CREATE OR REPLACE MACRO ts_wall(p) AS
      (make_date(p.y::INT, p.mo::INT, p.d::INT) - DATE '1970-01-01')::BIGINT * {DAY_MS}
      + coalesce(nullif(p.h, '')::BIGINT, 0) * 3600000 + coalesce(nullif(p.mi, '')::BIGINT, 0) * 60000
      + coalesce(nullif(p.s, '')::BIGINT, 0) * 1000
      + CASE WHEN p.f = '' THEN 0 ELSE rpad(left(p.f, 3), 3, '0')::BIGINT END;
    CREATE OR REPLACE MACRO ts_offset(z) AS
      CASE WHEN z IN ('Z', 'z') THEN 0
           ELSE (CASE WHEN left(z, 1) = '-' THEN -1 ELSE 1 END)
                * (substr(z, 2, 2)::BIGINT * 3600000
                   + CASE WHEN length(z) > 3 THEN right(z, 2)::BIGINT * 60000 ELSE 0 END) END;
    CREATE OR REPLACE MACRO money(x) AS x::DECIMAL(18, 2);
    CREATE OR REPLACE MACRO micros(x) AS
      coalesce(nullif(split_part(x, '.', 1), ''), '0')::BIGINT * 1000000
      + CASE WHEN NOT contains(x, '.') THEN 0
             ELSE rpad(left(split_part(x, '.', 2), 6), 6, '0')::BIGINT
                  + CASE WHEN substr(split_part(x, '.', 2), 7, 1) >= '5' THEN 1 ELSE 0 END END;
    """)
    if zone.name == "UTC":
        con.execute("CREATE OR REPLACE MACRO local_instant(w) AS w")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE zone_segments (bound BIGINT, off BIGINT)")
        con.executemany("INSERT INTO zone_segments VALUES (?, ?)", list(zip(zone.bounds, zone.offsets)))
        con.execute("CREATE OR REPLACE MACRO local_instant(w) AS "
                    "w - (SELECT arg_min(off, bound) FROM zone_segments WHERE bound > w)")
    con.execute("""
    CREATE OR REPLACE MACRO instant(x) AS
      CASE WHEN x IS NULL THEN NULL
           WHEN ts_parts(x).z = '' THEN local_instant(ts_wall(ts_parts(x)))
           ELSE ts_wall(ts_parts(x)) - ts_offset(ts_parts(x).z) END;
    CREATE OR REPLACE MACRO day_instant(d) AS local_instant((d - DATE '1970-01-01')::BIGINT * 86400000);
    """)


def load(con, folder, table):
    """The raw table `raw_<table>`, every column text, trimmed, empty as NULL, in file order;
    False when the file is missing (an empty table stands in)."""
    path = os.path.join(folder, table + ".csv")
    columns = COLUMNS[table]
    if not os.path.exists(path):
        con.execute(f"CREATE OR REPLACE TEMP TABLE raw_{table} AS SELECT "
                    + ", ".join(f"NULL::VARCHAR AS {c}" for c in columns) + " WHERE false")
        return False
    source = (f"read_csv('{path}', header = true, all_varchar = true, delim = ',', quote = '\"', "
              f"escape = '\"', strict_mode = false)")
    names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    by_name = {n.strip(" \t\ufeff").lower(): n for n in names}
    select = []
    for c in columns:
        if c in by_name:
            quoted = by_name[c].replace('"', '""')
            select.append(f'clean("{quoted}") AS {c}')
        else:
            select.append(f"NULL::VARCHAR AS {c}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE raw_{table} AS SELECT {', '.join(select)} FROM {source}")
    # A blank line of a one-column file reads as a row of NULLs; the tool skips blank lines.
    con.execute(f"DELETE FROM raw_{table} WHERE " + " AND ".join(f"{c} IS NULL" for c in columns))
    return True


def group_expression(table, dimension):
    """The SQL group key of a row of `table` (aliased `t`), with reps as `r` and accounts as `a`."""
    if dimension is None:
        return "''"
    if table not in DIMENSION_TABLES[dimension]:
        return "NULL"
    rep = "t.rep_id" if table in ("quotas", "activities", "reps") else "t.owner_id"
    if dimension == "owner":
        key = rep
    elif dimension == "team":
        key = "t.team" if table == "reps" else "r.team"
    elif dimension == "source":
        key = "t.channel" if table == "spend" else "t.source"
    elif dimension == "segment":
        key = "t.segment" if table == "leads" else "a.segment"
    else:
        key = f"t.{dimension}" if dimension == "product" else "a.region"
    return f"coalesce({key}, '(none)')"


def joins(table):
    rep = "t.rep_id" if table in ("quotas", "activities") else "t.owner_id"
    out = ""
    if table in ("leads", "opportunities", "quotas", "activities"):
        out += f" LEFT JOIN raw_reps r ON r.rep_id = {rep}"
    if table in ("opportunities", "subscriptions", "surveys"):
        out += " LEFT JOIN raw_accounts a ON a.account_id = t.account_id"
    return out


def build_tables(con, dimension):
    def typed(table, body):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {body}, {group_expression(table, dimension)} AS g "
                    f"FROM raw_{table} t{joins(table)}")

    typed("opportunities", "instant(t.created_at) AS c, instant(t.closed_at) AS k, lower(t.status) AS st, "
          "money(t.amount) AS amt, t.expected_close_on::DATE AS due, t.account_id, t.owner_id")
    typed("leads", "instant(t.created_at) AS c, instant(t.first_response_at) AS r, t.qualified_at IS NOT NULL AS q, "
          "t.converted_at IS NOT NULL AS conv")
    typed("subscriptions", "t.account_id, money(t.mrr) AS mrr, t.started_on::DATE AS s, t.ended_on::DATE AS x")
    typed("spend", "t.date::DATE AS day, lower(t.category) AS cat, money(t.amount) AS amt")
    typed("reps", "t.hired_on::DATE AS h, t.left_on::DATE AS l")
    typed("quotas", "t.rep_id, t.period_start::DATE AS s, t.period_end::DATE AS x, money(t.amount) AS amt")
    typed("activities", "t.date::DATE AS day, micros(t.selling_hours) AS sh, micros(t.total_hours) AS th")
    typed("surveys", "instant(t.answered_at) AS answered, t.score::INT AS score, lower(t.kind) AS kind")


def rows(con, sql):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def cents(x):
    return 0 if x is None else int(Decimal(x) * 100)


def aggregates(con, dimension, present):
    """Sums and counts per (period index, group) of every table, as Python dicts."""
    build_tables(con, dimension)
    agg = {}

    def put(name, sql, key=("i", "g")):
        agg[name] = {tuple(r[k] for k in key): r for r in rows(con, sql)}

    put("closed", """SELECT p.i, g, count(*) FILTER (st = 'won') AS won, count(*) FILTER (st = 'lost') AS lost,
                            sum(amt) FILTER (st = 'won') AS rev, sum(k - c) FILTER (st = 'won') AS cycle_ms,
                            sum(amt) FILTER (st = 'lost') AS lost_amt
                     FROM opportunities JOIN per p ON k >= p.start_ms AND k < p.end_ms GROUP BY ALL""")
    put("created", """SELECT p.i, g, count(*) AS n, count(*) FILTER (st = 'won') AS nw, sum(amt) AS v
                      FROM opportunities JOIN per p ON c >= p.start_ms AND c < p.end_ms GROUP BY ALL""")
    put("open", """SELECT p.i, g, count(*) AS n, sum(amt) AS v FROM opportunities JOIN per p
                   ON c < p.end_ms AND (k IS NULL OR k >= p.end_ms) GROUP BY ALL""")
    put("due", """SELECT p.i, g, count(*) AS n, count(*) FILTER (k IS NULL OR k >= p.end_ms) AS slipped,
                         sum(amt) FILTER (c < p.start_ms AND (k IS NULL OR k >= p.start_ms)) AS cover
                  FROM opportunities JOIN per p ON due >= p.first AND due < p.nxt GROUP BY ALL""")
    put("owner_rev", """SELECT p.i, owner_id, sum(amt) AS rev FROM opportunities JOIN per p
                        ON k >= p.start_ms AND k < p.end_ms WHERE st = 'won' GROUP BY ALL""", ("i", "owner_id"))
    put("leads", """SELECT p.i, g, count(*) AS n, count(*) FILTER (conv) AS conv, count(*) FILTER (q) AS q,
                           count(r) AS resp, sum(r - c) AS resp_ms
                    FROM leads JOIN per p ON c >= p.start_ms AND c < p.end_ms GROUP BY ALL""")
    agg["quota_rows"] = rows(con, """
        SELECT p.i, rep_id, g, amt, (least(x, p.nxt - 1) - greatest(s, p.first) + 1)::BIGINT AS k,
               (x - s + 1)::BIGINT AS n
        FROM quotas JOIN per p ON s < p.nxt AND x >= p.first""")
    put("reps", """SELECT p.i, g, count(*) AS n FROM reps JOIN per p
                   ON (h IS NULL OR h < p.nxt) AND (l IS NULL OR l > p.first) GROUP BY ALL""")
    put("acts", """SELECT p.i, g, sum(sh) AS sh, sum(th) AS th FROM activities JOIN per p
                   ON day >= p.first AND day < p.nxt GROUP BY ALL""")
    put("spend", """SELECT p.i, g, sum(amt) FILTER (cat = 'marketing') AS mkt, sum(amt) FILTER (cat = 'sales') AS sales
                    FROM spend JOIN per p ON day >= p.first AND day < p.nxt GROUP BY ALL""")
    put("surveys", """SELECT p.i, g, kind, count(*) AS n, count(*) FILTER (score >= 9) AS p,
                             count(*) FILTER (score <= 6) AS d
                      FROM surveys JOIN per p ON answered >= p.start_ms AND answered < p.end_ms GROUP BY ALL""",
        ("i", "g", "kind"))
    # Acquisition instants (SPEC §8.15): won deals with an account, paid subscription rows.
    sources = []
    if present["opportunities"]:
        sources.append("SELECT account_id, g, k AS t FROM opportunities WHERE st = 'won' AND account_id IS NOT NULL")
    if present["subscriptions"]:
        sources.append("SELECT account_id, g, day_instant(s) AS t FROM subscriptions WHERE mrr > 0")
    if sources:
        # The group of an account is its own lookup (segment or region), whichever table names it.
        put("acquired", f"""SELECT p.i, g, count(*) AS n FROM (
                              SELECT account_id, any_value(g) AS g, min(t) AS t FROM ({' UNION ALL '.join(sources)})
                              GROUP BY account_id) JOIN per p ON t >= p.start_ms AND t < p.end_ms GROUP BY ALL""")
    else:
        agg["acquired"] = {}
    # MRR per account on sample days; movements between consecutive period ends.
    con.execute("""
    CREATE OR REPLACE TEMP TABLE account_mrr AS
      SELECT sample.day, account_id, any_value(g) AS g, sum(mrr) AS v
      FROM samples sample JOIN subscriptions ON s <= sample.day AND (x IS NULL OR sample.day < x)
      GROUP BY ALL HAVING sum(mrr) > 0;
    CREATE OR REPLACE TEMP TABLE first_paid AS
      SELECT account_id, min(s) AS first_day FROM subscriptions WHERE mrr > 0 GROUP BY ALL;
    """)
    con.execute("""
    CREATE OR REPLACE TEMP TABLE pairs AS
      WITH ends AS (SELECT p.i, m.account_id, m.g, m.v FROM per p JOIN account_mrr m ON m.day = p.nxt - 1),
           befores AS (SELECT p.i, m.account_id, m.g, m.v FROM per p JOIN account_mrr m ON m.day = p.first - 1)
      SELECT i, account_id, coalesce(ends.g, befores.g) AS g, coalesce(befores.v, 0) AS s, coalesce(ends.v, 0) AS e
      FROM ends FULL JOIN befores USING (i, account_id);
    """)
    put("moves", """
      SELECT pairs.i, g, count(*) FILTER (e > 0) AS active, coalesce(sum(e), 0) AS mrr,
             count(*) FILTER (s > 0) AS start_n, count(*) FILTER (s > 0 AND e = 0) AS churned_n,
             sum(s) FILTER (s > 0) AS start_mrr, sum(e) FILTER (s > 0) AS kept_mrr,
             sum(least(s, e)) FILTER (s > 0) AS floor_mrr,
             sum(e) FILTER (s = 0 AND e > 0 AND f.first_day >= p.first) AS new_mrr,
             sum(e) FILTER (s = 0 AND e > 0 AND f.first_day < p.first) AS react,
             sum(e - s) FILTER (s > 0 AND e > s) AS expansion, sum(s - e) FILTER (e > 0 AND e < s) AS contraction,
             sum(s) FILTER (s > 0 AND e = 0) AS churned
      FROM pairs JOIN per p USING (i) LEFT JOIN first_paid f USING (account_id) GROUP BY ALL""")
    put("month_churn", """
      WITH ends AS (SELECT m.first, a.account_id, a.g FROM months m JOIN account_mrr a ON a.day = m.nxt - 1),
           befores AS (SELECT m.first, a.account_id, a.g FROM months m JOIN account_mrr a ON a.day = m.first - 1)
      SELECT befores.first, befores.g, count(*) AS n, count(*) FILTER (ends.account_id IS NULL) AS churned
      FROM befores LEFT JOIN ends USING (first, account_id) GROUP BY ALL""", ("first", "g"))
    return agg


def forecast_amounts(con):
    """Company-level forecast per period index: the latest submission, then the later row (SPEC §8.14)."""
    best = {}
    for r in rows(con, """SELECT p.i, money(t.amount) AS amt, instant(t.submitted_at) AS sub, t.rowid AS rn
                          FROM raw_forecasts t JOIN per p ON t.period_start::DATE = p.first
                          AND t.period_end::DATE = p.nxt - 1 WHERE t.rep_id IS NULL"""):
        rank = (r["sub"] is not None, r["sub"] or 0, r["rn"])
        if r["i"] not in best or rank > best[r["i"]][0]:
            best[r["i"]] = (rank, cents(r["amt"]))
    return {i: v[1] for i, v in best.items()}


# ---------------------------------------------------------------------------------------------
# Formulas, exactly.

def ratio(a, b):
    return None if a is None or b is None or b == 0 else Fraction(a) / Fraction(b)


def engagement(con, periods, present):
    """The engagement score (docs/scoring.md) of every account paying at each reported P.last that
    usage covers with the 60 days before it: {period index: [(account_id, score, at risk)]}, or
    None for a period it does not cover. Measures in SQL; ranks against the reference in Python."""
    if not (present["usage"] and present["subscriptions"]):
        return {}
    filled = [c for c in ("events", "sessions", "active_users")
              if con.execute(f"SELECT count({c}) FROM raw_usage").fetchone()[0] > 0]
    column = filled[0] if filled else "events"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE eusage AS
                    SELECT account_id, date::DATE AS day, coalesce(micros({column}), 0) AS u, feature FROM raw_usage""")
    lo, hi, features = con.execute("SELECT min(day), max(day), count(feature) > 0 FROM eusage").fetchone()
    if lo is None:
        return {}
    window = dt.timedelta(days=59)

    def covers(day):
        return lo <= day - window and day <= hi

    reference_days, m = [], lo.replace(day=1)
    while True:
        last = add_months(m, 1) - dt.timedelta(days=1)
        if last > hi:
            break
        if covers(last):
            reference_days.append(last)
        m = add_months(m, 1)
    reference_days = reference_days or [hi]
    ends = {i: nxt - dt.timedelta(days=1) for i, (_, nxt, _) in enumerate(periods) if i > 0}
    covered = {i: d for i, d in ends.items() if covers(d)}
    days = set(reference_days) | set(covered.values()) | {d - dt.timedelta(days=30) for d in covered.values()}
    con.execute("CREATE OR REPLACE TEMP TABLE edays (day DATE)")
    con.executemany("INSERT INTO edays VALUES (?)", [(d,) for d in sorted(days)])
    measures = rows(con, """
      WITH paying AS (
        SELECT d.day, s.account_id FROM edays d JOIN raw_subscriptions s
          ON s.started_on::DATE <= d.day AND (s.ended_on IS NULL OR d.day < s.ended_on::DATE)
        WHERE money(s.mrr) > 0 GROUP BY ALL)
      SELECT p.day, p.account_id, coalesce(a.segment, chr(0)) AS segment,
             p.day - max(u.day) FILTER (u.u > 0) AS since,
             count(DISTINCT u.day) FILTER (u.u > 0 AND u.day > p.day - 30) AS active_days,
             count(DISTINCT u.feature) FILTER (u.u > 0 AND u.day > p.day - 30) AS features,
             coalesce(sum(u.u) FILTER (u.u > 0 AND u.day > p.day - 30), 0) AS recent,
             coalesce(sum(u.u) FILTER (u.u > 0 AND u.day <= p.day - 30), 0) AS earlier
      FROM paying p LEFT JOIN raw_accounts a ON a.account_id = p.account_id
        LEFT JOIN eusage u ON u.account_id = p.account_id AND u.day > p.day - 60 AND u.day <= p.day
      GROUP BY p.day, p.account_id, a.segment""")

    def keys(r):
        recent, earlier = int(r["recent"]), int(r["earlier"])
        trend = float(recent) / float(recent + earlier) if recent + earlier > 0 else 0.0
        out = [-min(30 if r["since"] is None else r["since"], 30), r["active_days"], trend]
        return out + [r["features"]] if features else out

    by_day = {}
    for r in measures:
        by_day.setdefault(r["day"], []).append((r["account_id"], r["segment"], keys(r)))
    columns = 4 if features else 3
    reference, pooled = {}, [[] for _ in range(columns)]
    for day in reference_days:
        for _, segment, k in by_day.get(day, []):
            ref = reference.setdefault(segment, [[] for _ in range(columns)])
            for c in range(columns):
                ref[c].append(k[c])
                pooled[c].append(k[c])
    for ref in list(reference.values()) + [pooled]:
        for c in ref:
            c.sort()

    def scores(day):
        out = {}
        for account, segment, k in by_day.get(day, []):
            ref = reference.get(segment, pooled)
            n = len(ref[0])
            if n == 0:
                out[account] = 50
                continue
            total = sum(bisect.bisect_left(ref[c], k[c]) + bisect.bisect_right(ref[c], k[c]) for c in range(columns))
            numerator, denominator = 100 * total, 2 * n * columns
            out[account] = (2 * numerator + denominator) // (2 * denominator)
        return out

    result = {i: None for i in ends}
    for i, day in covered.items():
        now, before = scores(day), scores(day - dt.timedelta(days=30))
        result[i] = [(a, s, s < 30 or (a in before and before[a] - s >= 20)) for a, s in now.items()]
    return result


def engagement_groups(con, dimension):
    """The group of each account for the engagement metrics: its segment or region."""
    if dimension not in ("segment", "region"):
        return None
    return {r[0]: r[1] for r in con.execute(
        f"SELECT account_id, coalesce({dimension}, '(none)') FROM raw_accounts").fetchall()}


def compute(agg, periods, months, month_of_last, groups, dimension, forecasts, present, scored=None, account_group=None):
    """{(period index, group): {metric: exact value or None}} for the listed periods."""
    cells = {}
    for i, accounts in (scored or {}).items():
        if accounts is None:
            continue
        cells[i] = {}
        for account, score, at_risk in accounts:
            g = "" if dimension is None else (account_group or {}).get(account, "(none)")
            total, n, risk = cells[i].get(g, (0, 0, 0))
            cells[i][g] = (total + score, n + 1, risk + at_risk)
    quota = {}  # (i, g) -> quota; (i, rep) -> quota
    rep_quota = {}
    for r in agg["quota_rows"]:
        q = Fraction(cents(r["amt"]) * r["k"], r["n"])
        quota[(r["i"], r["g"])] = quota.get((r["i"], r["g"]), 0) + q
        key = (r["i"], r["rep_id"], r["g"])
        rep_quota[key] = rep_quota.get(key, 0) + q
    attain = {}
    for (i, rep, g), q in rep_quota.items():
        if q > 0:
            revenue = cents(agg["owner_rev"].get((i, rep), {}).get("rev"))
            n, hit = attain.get((i, g), (0, 0))
            attain[(i, g)] = (n + 1, hit + (revenue >= q))
    churn_by_month = {}
    for (first, g), r in agg["month_churn"].items():
        churn_by_month[(first, g)] = Fraction(r["churned"], r["n"])

    def get(name, i, g, field, default=0):
        value = agg[name].get((i, g), {}).get(field)
        return default if value is None else value

    out = {}
    for i in range(1, len(periods)):
        for g in groups:
            won, lost = get("closed", i, g, "won"), get("closed", i, g, "lost")
            rev = cents(get("closed", i, g, "rev"))
            prev_rev = cents(get("closed", i - 1, g, "rev"))
            cycle = ratio(get("closed", i, g, "cycle_ms", None), won * DAY_MS) if won else None
            avg = ratio(rev, won)
            win = ratio(won, won + lost)
            open_n = get("open", i, g, "n")
            velocity = None
            if win is not None and avg is not None and cycle:
                velocity = open_n * win * avg / cycle
            quota_g = quota.get((i, g))
            leads_n = get("leads", i, g, "n")
            resp = get("leads", i, g, "resp")
            reps_n = get("reps", i, g, "n")
            mkt, sales = cents(get("spend", i, g, "mkt")), cents(get("spend", i, g, "sales"))
            prev_mkt = cents(get("spend", i - 1, g, "mkt"))
            v = {
                "total_revenue": rev, "deals_won": won, "revenue_growth": ratio(rev - prev_rev, prev_rev),
                "avg_deal_size": avg, "leads_created": leads_n,
                "lead_conversion_rate": ratio(get("leads", i, g, "conv"), leads_n), "win_rate": win,
                "opportunity_conversion_rate": ratio(get("created", i, g, "nw"), get("created", i, g, "n")),
                "sales_cycle_length": cycle, "qualified_leads": get("leads", i, g, "q"), "open_pipeline_count": open_n,
                "open_pipeline_value": cents(get("open", i, g, "v")), "pipeline_velocity": velocity,
                "pipeline_coverage": ratio(cents(get("due", i, g, "cover")), quota_g),
                "deal_slippage_rate": ratio(get("due", i, g, "slipped"), get("due", i, g, "n")),
                "lead_response_time": ratio(get("leads", i, g, "resp_ms"), resp * 3_600_000) if resp else None,
                "marketing_spend": mkt, "sales_spend": sales,
                "romi_incremental": ratio(rev - prev_rev, mkt - prev_mkt),
                "source_roi": ratio(rev - mkt - sales, mkt + sales),
                "active_reps": reps_n, "rep_productivity": ratio(rev, reps_n),
                "quota_attainment_rate": ratio(attain.get((i, g), (0, 0))[1], attain.get((i, g), (0, 0))[0]),
                "time_selling": ratio(get("acts", i, g, "sh"), get("acts", i, g, "th")),
                "deals_lost": lost, "pipeline_created_count": get("created", i, g, "n"),
                "pipeline_created_value": cents(get("created", i, g, "v")),
                "win_rate_by_value": ratio(rev, rev + cents(get("closed", i, g, "lost_amt"))),
            }
            forecast = forecasts.get(i)
            v["forecast_accuracy"] = (None if forecast is None or rev == 0
                                      else 1 - Fraction(abs(rev - forecast), rev))
            for kind, metric in (("customer", "nps"), ("employee", "enps")):
                s = agg["surveys"].get((i, g, kind))
                v[metric] = None if not s else Fraction(100 * (s["p"] - s["d"]), s["n"])
            m = lambda f: cents(get("moves", i, g, f))  # noqa: E731
            active = get("moves", i, g, "active")
            start_n = get("moves", i, g, "start_n")
            mrr = m("mrr")
            arpa = ratio(mrr, active)
            new_customers = get("acquired", i, g, "n")
            cac = ratio(mkt + sales, new_customers)
            last_month = month_of_last[i]
            rates = [churn_by_month[(f, g)] for f in months if f <= last_month and add_months(f, 12) > last_month
                     and (f, g) in churn_by_month]
            mean_churn = sum(rates) / len(rates) if rates else None
            cltv = None if arpa is None or not mean_churn else arpa / mean_churn
            v.update({
                "new_customers": new_customers, "cac": cac, "active_customers": active, "mrr": mrr, "arr": 12 * mrr,
                "arpa": arpa, "churn_rate": ratio(get("moves", i, g, "churned_n"), start_n),
                "customer_retention_rate": ratio(start_n - get("moves", i, g, "churned_n"), start_n),
                "new_mrr": m("new_mrr"), "reactivation_mrr": m("react"), "expansion_mrr": m("expansion"),
                "contraction_mrr": m("contraction"), "churned_mrr": m("churned"),
                "net_new_mrr": mrr - cents(get("moves", i - 1, g, "mrr")),
                "net_revenue_retention": ratio(m("kept_mrr"), m("start_mrr")),
                "gross_revenue_retention": ratio(m("floor_mrr"), m("start_mrr")),
                "cltv": cltv, "cltv_cac_ratio": ratio(cltv, cac),
                "saas_quick_ratio": ratio(m("new_mrr") + m("react") + m("expansion"), m("contraction") + m("churned")),
                "magic_number": ratio(12 * (mrr - cents(get("moves", i - 1, g, "mrr"))),
                                      cents(get("spend", i - 1, g, "mkt")) + cents(get("spend", i - 1, g, "sales"))),
            })
            cell = cells.get(i, {}).get(g, (0, 0, 0)) if i in cells else None
            v["avg_engagement_score"] = None if cell is None else ratio(cell[0], cell[1])
            v["at_risk_accounts"] = None if cell is None else cell[2]
            for metric in v:
                if not all(present[t] for t in REQUIRES[metric]) or (
                        metric in ANY_OF and not any(present[t] for t in ANY_OF[metric])):
                    v[metric] = None
                elif dimension is None and metric == "source_roi":
                    v[metric] = None
                elif dimension is not None and not READS[metric] <= DIMENSION_TABLES[dimension]:
                    v[metric] = None
            out[(i, g)] = v
    return out


def money_text(x):
    """Cents (exact) rounded half away from zero, as the shortest decimal of dollars."""
    q = abs(x)
    whole = int(q + Fraction(1, 2))
    value = Decimal(whole if x >= 0 else -whole) / 100
    text = format(value.normalize(), "f")
    return text


def encode(value, unit):
    if value is None:
        return None
    if unit == "money":
        return MoneyText(money_text(value))
    if unit == "count":
        return int(value)
    return float(value)


class MoneyText(str):
    pass


def dumps(obj):
    """JSON with money written as exact decimals (json.dumps would pass them through floats)."""
    marker = "\u0000money:"

    def plain(o):
        if isinstance(o, MoneyText):
            return marker + str(o)
        if isinstance(o, dict):
            return {k: plain(v) for k, v in o.items()}
        if isinstance(o, list):
            return [plain(v) for v in o]
        return o

    text = json.dumps(plain(obj), indent=1, ensure_ascii=False)
    return re.sub(r'"\\u0000money:([^"]*)"', r"\1", text)


def report(folder, start, end, grain, dimension, timezone, fy_start, threads=None):
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {threads}")
    con.execute("SET TimeZone = 'UTC'")
    zone = Zone(timezone)
    define_macros(con, zone)
    present = {t: load(con, folder, t) for t in COLUMNS}
    # Periods: P−1 of the first, then every period overlapping [from, to).
    listed = []
    day = start
    while day < end:
        p = period_of(day, grain, fy_start)
        listed.append(p)
        day = p[1]
    before = period_of(listed[0][0] - dt.timedelta(days=1), grain, fy_start)
    periods = [before] + listed
    con.execute("CREATE OR REPLACE TEMP TABLE per (i INT, first DATE, nxt DATE, start_ms BIGINT, end_ms BIGINT)")
    con.executemany("INSERT INTO per VALUES (?, ?, ?, ?, ?)",
                    [(i, f, n, zone.midnight(f), zone.midnight(n)) for i, (f, n, _) in enumerate(periods)])
    # Calendar months for cltv's churn (SPEC §8.17): the 12 ending with the month of each P.last.
    month_of_last = {i: (n - dt.timedelta(days=1)).replace(day=1) for i, (f, n, _) in enumerate(periods)}
    first_month = add_months(min(month_of_last.values()), -12)
    months = []
    m = first_month
    while m <= max(month_of_last.values()):
        months.append(m)
        m = add_months(m, 1)
    con.execute("CREATE OR REPLACE TEMP TABLE months (first DATE, nxt DATE)")
    con.executemany("INSERT INTO months VALUES (?, ?)", [(m, add_months(m, 1)) for m in months])
    con.execute("""CREATE OR REPLACE TEMP TABLE samples AS
                   SELECT DISTINCT day FROM (SELECT nxt - 1 AS day FROM per UNION SELECT first - 1 FROM per
                                             UNION SELECT nxt - 1 FROM months UNION SELECT first - 1 FROM months)""")
    forecasts = forecast_amounts(con)
    scored = engagement(con, periods, present)
    results = {}
    for dim in [None] + ([dimension] if dimension else []):
        agg = aggregates(con, dim, present)
        if dim is None:
            groups = [""]
        else:
            keys = set()
            # Usage rows carry an account's segment and region but add no groups: the paying
            # accounts they are scored for come from subscriptions.
            for table in DIMENSION_TABLES[dim] - {"usage"}:
                if present[table]:
                    keys |= {r[0] for r in con.execute(f"SELECT DISTINCT g FROM {table}").fetchall()}
            groups = sorted((k for k in keys if k != "(none)"), key=lambda k: k.encode("utf-8"))
            groups += ["(none)"] if "(none)" in keys else []
        results[dim] = (groups, compute(agg, periods, months, month_of_last, groups, dim, forecasts, present,
                                        scored, engagement_groups(con, dim)))
    out_periods = []
    for i in range(1, len(periods)):
        first, nxt, label = periods[i]
        total = results[None][1][(i, "")]
        period = {"label": label, "start": first.isoformat(), "end": nxt.isoformat(),
                  "metrics": {m: encode(total[m], UNITS[m]) for m, _ in CATALOG}}
        if dimension:
            groups, values = results[dimension]
            period["groups"] = [{"dimension": dimension, "key": g,
                                 "metrics": {m: encode(values[(i, g)][m], UNITS[m]) for m, _ in CATALOG}}
                                for g in groups]
        out_periods.append(period)
    return {"currency": "USD", "grain": grain, "timezone": timezone, "fiscal_year_start_month": fy_start,
            "periods": out_periods}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("start", type=dt.date.fromisoformat)
    ap.add_argument("end", type=dt.date.fromisoformat)
    ap.add_argument("--grain", choices=["week", "month", "quarter", "year"], default="month")
    ap.add_argument("--by", choices=sorted(DIMENSION_TABLES))
    ap.add_argument("--timezone", default="UTC")
    ap.add_argument("--fiscal-year-start-month", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--threads", type=int)
    args = ap.parse_args()
    begin = time.perf_counter()
    result = report(args.data.rstrip("/"), args.start, args.end, args.grain, args.by, args.timezone,
                    args.fiscal_year_start_month, args.threads)
    elapsed = time.perf_counter() - begin
    if args.json:
        sys.stdout.write(dumps(result) + "\n")
    else:
        print(f"{elapsed:.3f}")


if __name__ == "__main__":
    main()
