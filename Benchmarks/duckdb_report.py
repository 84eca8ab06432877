#!/usr/bin/env python3
"""The monthly SalesMetrics report computed by DuckDB from the same CSV folder.

Two uses:
  * the baseline of the benchmark (docs/performance.md): wall time to read the CSV files and
    compute every metric over every month, with and without a breakdown by owner;
  * an independent second implementation: `--json` prints the report in the JSON shape of
    `salesmetrics report --format json`, and compare.py diffs the two.

Only what the benchmark needs: UTC, month grain, all metrics, optionally --by owner.
Usage: duckdb_report.py DATA_DIR FROM TO [--by owner] [--json] [--threads N]
"""
import argparse
import json
import sys
import time

import duckdb


def build(con, data, start, end, by_owner):
    d = data.rstrip("/")
    grp = "coalesce(owner_id, '(none)')" if by_owner else "''"
    rep_grp = "rep_id" if by_owner else "''"
    con.execute("SET TimeZone='UTC'")
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE months AS
      SELECT CAST(range AS DATE) AS m, CAST(range + INTERVAL 1 MONTH AS DATE) AS e,
             CAST(range + INTERVAL 1 MONTH AS DATE) - 1 AS last
      FROM range(DATE '{start}' - INTERVAL 13 MONTH, DATE '{end}', INTERVAL 1 MONTH);
    CREATE OR REPLACE TEMP TABLE opp AS
      SELECT *, CAST(created_at AS TIMESTAMP) AS c, CAST(closed_at AS TIMESTAMP) AS k,
             CAST(amount AS DECIMAL(18,2)) AS amt, lower(status) AS st, {grp} AS g
      FROM read_csv('{d}/opportunities.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE leads AS
      SELECT CAST(created_at AS TIMESTAMP) AS c, CAST(first_response_at AS TIMESTAMP) AS r,
             qualified_at IS NOT NULL AS q, converted_at IS NOT NULL AS conv, {grp} AS g
      FROM read_csv('{d}/leads.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE subs AS
      SELECT account_id, CAST(mrr AS DECIMAL(18,2)) AS mrr, CAST(started_on AS DATE) AS s,
             coalesce(CAST(ended_on AS DATE), DATE '9999-12-31') AS x
      FROM read_csv('{d}/subscriptions.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE spend AS
      SELECT CAST(date AS DATE) AS day, lower(category) AS cat, CAST(amount AS DECIMAL(18,2)) AS amt
      FROM read_csv('{d}/spend.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE reps AS
      SELECT rep_id, CAST(hired_on AS DATE) AS h, CAST(left_on AS DATE) AS l, {rep_grp} AS g
      FROM read_csv('{d}/reps.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE quotas AS
      SELECT rep_id, CAST(period_start AS DATE) AS s, CAST(period_end AS DATE) AS x,
             CAST(amount AS DECIMAL(18,2)) AS amt, {rep_grp} AS g
      FROM read_csv('{d}/quotas.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE acts AS
      SELECT CAST(date AS DATE) AS day, CAST(selling_hours AS DOUBLE) AS sh, CAST(total_hours AS DOUBLE) AS th,
             {rep_grp} AS g
      FROM read_csv('{d}/activities.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE surveys AS
      SELECT CAST(answered_at AS TIMESTAMP) AS a, CAST(score AS INTEGER) AS score, lower(kind) AS kind
      FROM read_csv('{d}/surveys.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE forecasts AS
      SELECT CAST(period_start AS DATE) AS s, CAST(period_end AS DATE) AS x, CAST(amount AS DECIMAL(18,2)) AS amt,
             rep_id, CAST(submitted_at AS TIMESTAMP) AS sub, row_number() OVER () AS rn
      FROM read_csv('{d}/forecasts.csv', header = true, all_varchar = true);
    CREATE OR REPLACE TEMP TABLE groups AS
      SELECT DISTINCT g FROM (SELECT g FROM opp UNION SELECT g FROM leads UNION SELECT g FROM reps
                              UNION SELECT g FROM quotas UNION SELECT g FROM acts);
    CREATE OR REPLACE TEMP TABLE cells AS SELECT m, e, last, g FROM months, groups;
    """)
    # Deals closed, created and due per month; open pipeline at month ends.
    con.execute("""
    CREATE OR REPLACE TEMP TABLE closed AS
      SELECT date_trunc('month', k)::DATE AS m, g,
             count(*) FILTER (st = 'won') AS won, count(*) FILTER (st = 'lost') AS lost,
             coalesce(sum(amt) FILTER (st = 'won'), 0) AS rev,
             sum(epoch_ms(k) - epoch_ms(c)) FILTER (st = 'won') AS cycle_ms
      FROM opp WHERE k IS NOT NULL GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE created AS
      SELECT date_trunc('month', c)::DATE AS m, g, count(*) AS n, count(*) FILTER (st = 'won') AS nw
      FROM opp GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE openp AS
      SELECT months.m, g, count(*) AS n, sum(amt) AS v FROM months JOIN opp
        ON opp.c < months.e AND (opp.k IS NULL OR opp.k >= months.e) GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE due AS
      SELECT months.m, g, count(*) AS n,
             count(*) FILTER (k IS NULL OR k >= months.e) AS slipped,
             coalesce(sum(amt) FILTER (c < months.m AND (k IS NULL OR k >= months.m)), 0) AS cover
      FROM months JOIN opp ON CAST(expected_close_on AS DATE) BETWEEN months.m AND months.last GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE lead_m AS
      SELECT date_trunc('month', c)::DATE AS m, g, count(*) AS n, count(*) FILTER (conv) AS conv,
             count(*) FILTER (q) AS q, count(r) AS resp, sum(epoch_ms(r) - epoch_ms(c)) AS resp_ms
      FROM leads GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE quota_m AS
      SELECT months.m, rep_id, g,
             sum(CAST(amt AS DOUBLE) * (least(x, months.last) - greatest(s, months.m) + 1) / (x - s + 1)) AS q
      FROM months JOIN quotas ON s <= months.last AND x >= months.m GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE owner_rev AS
      SELECT date_trunc('month', k)::DATE AS m, owner_id AS rep_id, sum(amt) AS rev
      FROM opp WHERE st = 'won' GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE attain AS
      SELECT quota_m.m, g, sum(q) AS quota, count(*) FILTER (q > 0) AS with_quota,
             count(*) FILTER (q > 0 AND coalesce(rev, 0) >= q - 1e-6) AS attained
      FROM quota_m LEFT JOIN owner_rev USING (m, rep_id) GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE reps_m AS
      SELECT months.m, g, count(*) AS n FROM months JOIN reps
        ON (h IS NULL OR h <= months.last) AND (l IS NULL OR l > months.m) GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE acts_m AS
      SELECT date_trunc('month', day)::DATE AS m, g, sum(sh) AS sh, sum(th) AS th FROM acts GROUP BY ALL;
    """)
    # Subscriptions: MRR per account on each month's last day, then movements between months.
    con.execute("""
    CREATE OR REPLACE TEMP TABLE acct_mrr AS
      SELECT months.m, account_id, sum(mrr) AS v FROM months JOIN subs ON s <= months.last AND months.last < x
      GROUP BY ALL HAVING sum(mrr) > 0;
    CREATE OR REPLACE TEMP TABLE first_paid AS
      SELECT account_id, min(s) AS first_day FROM subs WHERE mrr > 0 GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE moves AS
      WITH prev AS (SELECT CAST(m + INTERVAL 1 MONTH AS DATE) AS m, account_id, v FROM acct_mrr),
      pairs AS (
        SELECT m, account_id, coalesce(prev.v, 0) AS s, coalesce(cur.v, 0) AS e
        FROM acct_mrr cur FULL JOIN prev USING (m, account_id)
      )
      SELECT pairs.m, sum(e) FILTER (s = 0 AND e > 0 AND f.first_day >= pairs.m) AS new_mrr,
             sum(e) FILTER (s = 0 AND e > 0 AND f.first_day < pairs.m) AS react,
             sum(e - s) FILTER (s > 0 AND e > s) AS expansion,
             sum(s - e) FILTER (e > 0 AND e < s) AS contraction,
             sum(s) FILTER (s > 0 AND e = 0) AS churned, count(*) FILTER (s > 0 AND e = 0) AS churned_n
      FROM pairs LEFT JOIN first_paid f USING (account_id) WHERE pairs.m IS NOT NULL GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE subs_m AS
      SELECT months.m, coalesce(sum(v), 0) AS mrr, count(v) AS active FROM months LEFT JOIN acct_mrr USING (m)
      GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE acquired AS
      SELECT account_id, min(t) AS t FROM (
        SELECT account_id, k AS t FROM opp WHERE st = 'won' AND account_id IS NOT NULL
        UNION ALL SELECT account_id, CAST(s AS TIMESTAMP) FROM subs WHERE mrr > 0) GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE new_m AS
      SELECT date_trunc('month', t)::DATE AS m, count(*) AS n FROM acquired GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE spend_m AS
      SELECT date_trunc('month', day)::DATE AS m, coalesce(sum(amt) FILTER (cat = 'marketing'), 0) AS mkt,
             coalesce(sum(amt) FILTER (cat = 'sales'), 0) AS sales FROM spend GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE survey_m AS
      SELECT date_trunc('month', a)::DATE AS m, kind, count(*) AS n,
             count(*) FILTER (score >= 9) AS p, count(*) FILTER (score <= 6) AS d FROM surveys GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE forecast_m AS
      SELECT s AS m, arg_max(amt, (coalesce(sub, TIMESTAMP '0001-01-01'), rn)) AS f
      FROM forecasts JOIN months ON s = months.m AND x = months.last WHERE rep_id IS NULL GROUP BY ALL;
    """)
    return con.execute(f"""
    WITH base AS (
      SELECT cells.m, cells.g,
        coalesce(cl.rev, 0) AS rev, coalesce(cl.won, 0) AS won, coalesce(cl.lost, 0) AS lost, cl.cycle_ms,
        coalesce(cr.n, 0) AS created, coalesce(cr.nw, 0) AS created_won,
        coalesce(op.n, 0) AS open_n, coalesce(op.v, 0) AS open_v,
        coalesce(du.n, 0) AS due_n, coalesce(du.slipped, 0) AS slipped, coalesce(du.cover, 0) AS cover,
        coalesce(le.n, 0) AS leads, coalesce(le.conv, 0) AS conv, coalesce(le.q, 0) AS q, le.resp, le.resp_ms,
        att.quota, att.with_quota, att.attained, coalesce(rp.n, 0) AS reps, ac.sh, ac.th
      FROM cells
      LEFT JOIN closed cl USING (m, g) LEFT JOIN created cr USING (m, g) LEFT JOIN openp op USING (m, g)
      LEFT JOIN due du USING (m, g) LEFT JOIN lead_m le USING (m, g) LEFT JOIN attain att USING (m, g)
      LEFT JOIN reps_m rp USING (m, g) LEFT JOIN acts_m ac USING (m, g)
    ), withprev AS (
      SELECT *, lag(rev) OVER (PARTITION BY g ORDER BY m) AS prev_rev FROM base
    ), company AS (
      SELECT months.m, sm.mrr, sm.active, lag(sm.mrr) OVER w AS prev_mrr, lag(sm.active) OVER w AS prev_active,
        coalesce(mv.new_mrr, 0) AS new_mrr, coalesce(mv.react, 0) AS react, coalesce(mv.expansion, 0) AS expansion,
        coalesce(mv.contraction, 0) AS contraction, coalesce(mv.churned, 0) AS churned,
        coalesce(mv.churned_n, 0) AS churned_n, coalesce(nm.n, 0) AS new_customers,
        coalesce(sp.mkt, 0) AS mkt, coalesce(sp.sales, 0) AS sales, lag(coalesce(sp.mkt, 0)) OVER w AS prev_mkt,
        fc.f AS forecast,
        cu.n AS nps_n, cu.p AS nps_p, cu.d AS nps_d, em.n AS enps_n, em.p AS enps_p, em.d AS enps_d
      FROM months JOIN subs_m sm USING (m) LEFT JOIN moves mv USING (m) LEFT JOIN new_m nm USING (m)
      LEFT JOIN spend_m sp USING (m) LEFT JOIN forecast_m fc USING (m)
      LEFT JOIN survey_m cu ON cu.m = months.m AND cu.kind = 'customer'
      LEFT JOIN survey_m em ON em.m = months.m AND em.kind = 'employee'
      WINDOW w AS (ORDER BY m)
    ), company2 AS (
      SELECT *, avg(CASE WHEN prev_active > 0 THEN churned_n / prev_active END)
                  OVER (ORDER BY m ROWS BETWEEN 11 PRECEDING AND CURRENT ROW) AS mean_churn
      FROM company
    )
    SELECT w.*, c.* EXCLUDE (m) FROM withprev w JOIN company2 c USING (m)
    WHERE w.m >= DATE '{start}' AND w.m < DATE '{end}' ORDER BY w.m, w.g
    """).fetchall(), [d[0] for d in con.description]


def div(a, b):
    return None if a is None or b is None or b == 0 else float(a) / float(b)


def money(x):
    return None if x is None else round(float(x), 2)


def metrics(r, by_owner):
    won, lost, rev = r["won"], r["lost"], float(r["rev"])
    cycle = None if not won or r["cycle_ms"] is None else r["cycle_ms"] / (won * 86_400_000)
    avg = div(rev, won)
    win_rate = div(won, won + lost)
    velocity = None
    if win_rate is not None and avg is not None and cycle:
        velocity = r["open_n"] * win_rate * avg / cycle
    out = {
        "total_revenue": money(rev), "deals_won": won, "revenue_growth": div(rev - float(r["prev_rev"] or 0), r["prev_rev"]),
        "avg_deal_size": money(avg), "leads_created": r["leads"], "lead_conversion_rate": div(r["conv"], r["leads"]),
        "win_rate": win_rate, "opportunity_conversion_rate": div(r["created_won"], r["created"]),
        "sales_cycle_length": cycle, "qualified_leads": r["q"], "open_pipeline_count": r["open_n"],
        "open_pipeline_value": money(r["open_v"]), "pipeline_velocity": money(velocity),
        "pipeline_coverage": div(r["cover"], r["quota"]), "deal_slippage_rate": div(r["slipped"], r["due_n"]),
        "lead_response_time": None if not r["resp"] else r["resp_ms"] / (r["resp"] * 3_600_000),
        "quota_attainment_rate": div(r["attained"], r["with_quota"]), "active_reps": r["reps"],
        "rep_productivity": money(div(rev, r["reps"])), "time_selling": div(r["sh"], r["th"]),
    }
    if by_owner:
        return out
    arpa = div(r["mrr"], r["active"])
    cac = div(r["mkt"] + r["sales"], r["new_customers"])
    cltv = None if arpa is None or not r["mean_churn"] else arpa / r["mean_churn"]
    out.update({
        "forecast_accuracy": None if r["forecast"] is None or rev == 0 else 1 - abs(rev - float(r["forecast"])) / rev,
        "new_customers": r["new_customers"], "cac": money(cac), "active_customers": r["active"],
        "mrr": money(r["mrr"]), "arr": money(12 * r["mrr"]), "arpa": money(arpa),
        "churn_rate": div(r["churned_n"], r["prev_active"]),
        "customer_retention_rate": div((r["prev_active"] or 0) - r["churned_n"], r["prev_active"]),
        "new_mrr": money(r["new_mrr"]), "reactivation_mrr": money(r["react"]), "expansion_mrr": money(r["expansion"]),
        "contraction_mrr": money(r["contraction"]), "churned_mrr": money(r["churned"]),
        "net_new_mrr": money(r["mrr"] - r["prev_mrr"]),
        "net_revenue_retention": div((r["prev_mrr"] or 0) + r["expansion"] - r["contraction"] - r["churned"], r["prev_mrr"]),
        "gross_revenue_retention": div((r["prev_mrr"] or 0) - r["contraction"] - r["churned"], r["prev_mrr"]),
        "cltv": money(cltv), "cltv_cac_ratio": div(cltv, cac),
        "marketing_spend": money(r["mkt"]), "sales_spend": money(r["sales"]),
        "romi_incremental": div(rev - float(r["prev_rev"] or 0), float(r["mkt"]) - float(r["prev_mkt"] or 0)),
        "nps": None if not r["nps_n"] else 100 * (r["nps_p"] - r["nps_d"]) / r["nps_n"],
        "enps": None if not r["enps_n"] else 100 * (r["enps_p"] - r["enps_d"]) / r["enps_n"],
    })
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("start")
    ap.add_argument("end")
    ap.add_argument("--by", choices=["owner"])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--threads", type=int)
    args = ap.parse_args()
    begin = time.perf_counter()
    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    rows, names = build(con, args.data, args.start, args.end, args.by == "owner")
    periods = {}
    for row in rows:
        r = dict(zip(names, row))
        label = r["m"].strftime("%Y-%m")
        values = metrics(r, args.by == "owner")
        period = periods.setdefault(label, {"label": label, "metrics": None, "groups": []})
        if args.by:
            period["groups"].append({"dimension": args.by, "key": r["g"], "metrics": values})
        else:
            period["metrics"] = values
    elapsed = time.perf_counter() - begin
    if args.json:
        json.dump({"periods": list(periods.values())}, sys.stdout, indent=1)
    else:
        print(f"{elapsed:.3f}")


if __name__ == "__main__":
    main()
