#!/usr/bin/env bash
#
# test/bench/export_bench.sh - the export check (src/export_rules.c, export_check.c) over
# RT_EXPORT_LOTS lots (default 1,000,000), side by side with a plain SQL
# join over the rule tables deciding the same thing, and with reading the
# lots' text form (issue 9 section 5: export_check per lot <= 2x the cost of
# reading the lot's text form).  Needs a running server in PGHOST/PGPORT, a
# superuser, and rare_trace >= 0.4.0 installed.  Own database
# rt_export_bench, created and dropped.
#
# The lots (deterministic): 8 forms x 6 compositions (none, Nd-Pr, Dy, Ho,
# Nd-Tb-Dy, La-Ce), codes CN-BENCHnn-Li.  Every query checks a shipment
# from CN to US on 2026-12-02 against the shipped rules (No. 18 in force,
# No. 57 in force again after the No. 70 suspension; No. 61 is re-export
# and not part of export_check).  Timed, RT_BENCH_RUNS rounds (default 3)
# after one warm-up, interleaved, each in the server (clock_timestamp()
# deltas), medians reported:
#   scan        SELECT count(*): the floor every query pays
#   text        sum(length(lot::text)): reading the text form
#   licence     count of licence_required(lot, 'CN', 'US', day) true
#   check       count of export_check(lot, ...) rows needing a licence
#   check_all   count of all export_check rows (reasons formatted)
#   sql_exists  the same answer as licence: a plain SQL EXISTS over
#               export_control and export_control_suspension
#   sql_join    the same rows as check: a plain SQL join (rule x element)
#   srf_floor   a LATERAL generate_series of 2 rows per lot, depending on
#               the lot: what any set-returning function in FROM costs per
#               lot before doing anything (the executor's FunctionScan builds
#               a tuplestore for every call)
# The two SQL variants must give the same counts as the C functions; the
# script says so (or prints MISMATCH).  Ratios: each C variant against its
# SQL variant; per-lot cost against reading the text form, gross and net of
# the scan.  Single process (max_parallel_workers_per_gather = 0), jit off.
#
# Figures, not pass/fail: the exit status is 0 whatever the figures (it is
# non-zero only if a query fails).
set -euo pipefail

lots=${RT_EXPORT_LOTS:-1000000}
runs=${RT_BENCH_RUNS:-3}
db=rt_export_bench

q() { psql -X -v ON_ERROR_STOP=1 -q -At "$@"; }
cleanup() { psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

q -c "DROP DATABASE IF EXISTS $db" 2>/dev/null
q -c "CREATE DATABASE $db"
q -d "$db" <<SQL
CREATE EXTENSION rare_trace;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE lots (lot rare_trace.rare_lot NOT NULL);
INSERT INTO lots
SELECT (format('CN-BENCH%s-L%s ', i % 100, i)
        || (ARRAY['ore', 'concentrate', 'compound', 'oxide', 'metal', 'alloy', 'magnet', 'scrap'])[1 + i % 8]
        || format(' %skg ', 1 + i % 5000)
        || (ARRAY['', 'Nd=30% Pr=5%', 'Dy=86.1%', 'Ho=85.2%', 'Nd=29% Tb=0.5% Dy=2%', 'La=20% Ce=40%'])[1 + i % 6]
       )::rare_trace.rare_lot
FROM generate_series(1, $lots) AS i;
VACUUM ANALYZE lots;

-- the timer: median of n runs of a query returning one number, in ms
CREATE FUNCTION bench(query text, n int, OUT ms numeric, OUT result bigint)
LANGUAGE plpgsql AS \$\$
DECLARE t timestamptz; d numeric[] := '{}';
BEGIN
    FOR i IN 1..n LOOP
        t := clock_timestamp();
        EXECUTE query INTO result;
        d := d || (extract(epoch FROM clock_timestamp() - t) * 1000)::numeric;
    END LOOP;
    SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) INTO ms FROM unnest(d) AS x;
END
\$\$;

CREATE TABLE queries (name text PRIMARY KEY, ord int, query text);
INSERT INTO queries VALUES
 ('scan', 1, \$q\$SELECT count(*) FROM lots\$q\$),
 ('text', 2, \$q\$SELECT sum(length(lot::text)) FROM lots\$q\$),
 ('licence', 3, \$q\$SELECT count(*) FILTER (WHERE rare_trace.licence_required(lot, 'CN', 'US', '2026-12-02')) FROM lots\$q\$),
 ('check', 4, \$q\$SELECT count(*) FROM lots, rare_trace.export_check(lot, 'CN', 'US', '2026-12-02') AS c WHERE c.licence_required\$q\$),
 ('check_all', 5, \$q\$SELECT count(*) FROM lots, rare_trace.export_check(lot, 'CN', 'US', '2026-12-02') AS c\$q\$),
 ('srf_floor', 8, \$q\$SELECT count(*) FROM lots, generate_series(1, 2 + (rare_trace.lot_form(lot) = '')::int) AS g\$q\$),
 ('sql_exists', 6, \$q\$
SELECT count(*) FROM lots AS l
WHERE EXISTS (
    SELECT 1 FROM rare_trace.export_control AS r
    WHERE r.scope = 'export'
      AND rare_trace.lot_form(l.lot) = ANY (r.forms)
      AND 'CN' = ANY (r.countries)
      AND (r.destinations IS NULL OR 'US' = ANY (r.destinations))
      AND rare_trace.elements(l.lot) && r.elements
      AND (r.min_content_pct IS NULL
           OR (SELECT sum(rare_trace.element_pct(l.lot, e)) FROM unnest(r.elements) AS e) >= r.min_content_pct)
      AND date '2026-12-02' >= r.effective_from
      AND (r.effective_until IS NULL OR date '2026-12-02' <= r.effective_until)
      AND r.min_value_share_pct IS NULL
      AND NOT EXISTS (SELECT 1 FROM rare_trace.export_control_suspension AS s
                      WHERE s.control_reference = r.reference
                        AND date '2026-12-02' >= s.suspended_from
                        AND (s.suspended_until IS NULL OR date '2026-12-02' <= s.suspended_until)))\$q\$),
 ('sql_join', 7, \$q\$
SELECT count(*)
FROM lots AS l
JOIN rare_trace.export_control AS r
  ON r.scope = 'export'
 AND rare_trace.lot_form(l.lot) = ANY (r.forms)
 AND 'CN' = ANY (r.countries)
 AND (r.destinations IS NULL OR 'US' = ANY (r.destinations))
 AND date '2026-12-02' >= r.effective_from
 AND (r.effective_until IS NULL OR date '2026-12-02' <= r.effective_until)
 AND r.min_value_share_pct IS NULL
 AND NOT EXISTS (SELECT 1 FROM rare_trace.export_control_suspension AS s
                 WHERE s.control_reference = r.reference
                   AND date '2026-12-02' >= s.suspended_from
                   AND (s.suspended_until IS NULL OR date '2026-12-02' <= s.suspended_until))
CROSS JOIN LATERAL unnest(rare_trace.elements(l.lot)) AS e(symbol)
WHERE e.symbol = ANY (r.elements)
  AND (r.min_content_pct IS NULL
       OR (SELECT sum(rare_trace.element_pct(l.lot, x)) FROM unnest(r.elements) AS x) >= r.min_content_pct)\$q\$);
CREATE TABLE timings (round int, name text, ms numeric, result bigint);
SQL

echo "export_check benchmark: $lots lots, $runs rounds (median), PostgreSQL $(q -c 'SHOW server_version')"
for round in $(seq 0 "$runs"); do
	q -d "$db" -c "SET max_parallel_workers_per_gather = 0; SET jit = off;
		INSERT INTO timings SELECT $round, name, b.ms, b.result
		FROM queries, LATERAL bench(query, 1) AS b ORDER BY ord" >/dev/null
done

q -d "$db" -F ' | ' <<'SQL'
\pset format aligned
\pset tuples_only off
WITH m AS (
    SELECT name, percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS ms, max(result) AS result
    FROM timings WHERE round > 0 GROUP BY name),
n AS (SELECT (SELECT count(*) FROM lots)::numeric AS lots)
SELECT m.name, round(m.ms) AS median_ms, round(m.ms * 1000 / n.lots, 3) AS us_per_lot, m.result
FROM m, n
ORDER BY (SELECT ord FROM queries q WHERE q.name = m.name);

WITH m AS (
    SELECT name, percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS ms, max(result) AS result
    FROM timings WHERE round > 0 GROUP BY name),
t AS (SELECT name, ms, result FROM m)
SELECT 'licence_required vs plain SQL EXISTS' AS comparison,
       round((SELECT ms FROM t WHERE name = 'licence') / (SELECT ms FROM t WHERE name = 'sql_exists'), 3) AS ratio,
       CASE WHEN (SELECT result FROM t WHERE name = 'licence') = (SELECT result FROM t WHERE name = 'sql_exists')
            THEN 'same answer' ELSE 'MISMATCH' END AS answer
UNION ALL
SELECT 'export_check vs plain SQL join',
       round((SELECT ms FROM t WHERE name = 'check') / (SELECT ms FROM t WHERE name = 'sql_join'), 3),
       CASE WHEN (SELECT result FROM t WHERE name = 'check') = (SELECT result FROM t WHERE name = 'sql_join')
            THEN 'same rows' ELSE 'MISMATCH' END
UNION ALL
SELECT 'export_check (all rows) vs the FunctionScan floor (2 rows per lot)',
       round((SELECT ms FROM t WHERE name = 'check_all') / (SELECT ms FROM t WHERE name = 'srf_floor'), 3), ''
UNION ALL
SELECT v.name || ' per lot vs text form (gross)',
       round((SELECT ms FROM t WHERE name = v.name) / (SELECT ms FROM t WHERE name = 'text'), 3), 'target <= 2'
FROM (VALUES ('licence', 1), ('check', 2), ('check_all', 3), ('srf_floor', 4)) AS v(name, o)
UNION ALL
SELECT v.name || ' per lot vs text form (net of the scan)',
       round(((SELECT ms FROM t WHERE name = v.name) - (SELECT ms FROM t WHERE name = 'scan'))
             / ((SELECT ms FROM t WHERE name = 'text') - (SELECT ms FROM t WHERE name = 'scan')), 3), 'target <= 2'
FROM (VALUES ('licence', 1), ('check', 2), ('check_all', 3), ('srf_floor', 4)) AS v(name, o);
SQL
