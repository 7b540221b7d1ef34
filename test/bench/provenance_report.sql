-- test/bench/provenance_report.sql: print the figures of
-- provenance_bench.sh from rt_pbx.  Variable: timeout_s (statement_timeout
-- of the CTE runs, seconds).
\pset footer off
\pset null '-'
SET client_min_messages = warning;

-- medians over the timed runs (run >= 1); a variant that was cancelled or
-- skipped at a size has no median there
CREATE TEMP TABLE med AS
SELECT size, variant,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE status = 'ok') AS ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_ms) FILTER (WHERE status = 'ok') AS cpu,
       count(*) FILTER (WHERE status = 'ok') AS n_ok,
       bool_or(status IN ('timeout', 'temp_file_limit')) AS cancelled,
       bool_and(status = 'skipped') AS skipped
FROM rt_pbx.timing WHERE run >= 1
GROUP BY size, variant;

CREATE TEMP TABLE fig AS
SELECT s.size, s.flows,
       gth.ms AS gather_one, gth.cpu AS gather_one_cpu,
       o.ms AS agg_one, o.cpu AS agg_one_cpu,
       c.ms AS cte_one, c.cpu AS cte_one_cpu, c.cancelled AS cte_one_cancelled, c.skipped AS cte_one_skipped,
       a.ms AS agg_all, a.cpu AS agg_all_cpu,
       ar.ms AS agg_rows_all, ar.cpu AS agg_rows_all_cpu,
       ca.ms AS cte_all, ca.cpu AS cte_all_cpu, ca.cancelled AS cte_all_cancelled, ca.skipped AS cte_all_skipped
FROM rt_pbx.sizes AS s
LEFT JOIN med AS gth ON gth.size = s.size AND gth.variant = 'gather_one'
LEFT JOIN med AS o ON o.size = s.size AND o.variant = 'agg_one'
LEFT JOIN med AS c ON c.size = s.size AND c.variant = 'cte_one'
LEFT JOIN med AS a ON a.size = s.size AND a.variant = 'agg_all'
LEFT JOIN med AS ar ON ar.size = s.size AND ar.variant = 'agg_rows_all'
LEFT JOIN med AS ca ON ca.size = s.size AND ca.variant = 'cte_all';

-- "123.4" or "> 300 s" or "skipped"
CREATE FUNCTION pg_temp.t(ms float8, cancelled bool, skipped bool, timeout_s int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN ms IS NOT NULL THEN to_char(ms, 'FM99999990.0')
                WHEN cancelled THEN '> ' || (timeout_s * 1000) || ' (cancelled)'
                WHEN skipped THEN 'skipped'
                ELSE '-' END
$$;
-- ratio cte / agg, or a lower bound when the CTE was cancelled
CREATE FUNCTION pg_temp.ratio(cte float8, agg float8, cancelled bool, timeout_s int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN cte IS NOT NULL AND agg > 0 THEN to_char(cte / agg, 'FM999990.0') || 'x'
                WHEN cancelled AND agg > 0 THEN '> ' || to_char(timeout_s * 1000 / agg, 'FM999990') || 'x'
                ELSE '-' END
$$;
CREATE FUNCTION pg_temp.cpu(v float8) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(to_char(v, 'FM99999990'), '-') $$;

\echo
\echo 'The DAGs (5 layers: mines -> 12 separator oxide lots -> metal -> alloy -> magnet lots):'
SELECT size AS "size", flows, lots, mines, metals, alloys, magnets,
       anc_edges AS "flows above 1 magnet",
       paths_one AS "paths to 1 magnet", paths_all AS "paths to all magnets",
       issues, round(gen_s::numeric, 1) AS "generated in s"
FROM rt_pbx.sizes ORDER BY size;

\echo
\echo 'Individual runs (wall ms, interleaved gather_one, agg_one, cte_one, agg_all, agg_rows_all, cte_all per run):'
SELECT size, variant,
       string_agg(CASE WHEN status = 'ok' THEN to_char(ms, 'FM99999990.0') ELSE status END, '  ' ORDER BY run) AS "wall ms per run",
       coalesce(string_agg(to_char(cpu_ms, 'FM99999990'), '  ' ORDER BY run), '-') AS "backend CPU ms per run"
FROM rt_pbx.timing WHERE run >= 1
GROUP BY size, variant
ORDER BY size, array_position(ARRAY['gather_one', 'agg_one', 'cte_one', 'agg_all', 'agg_rows_all', 'cte_all'], variant);

\echo
\echo 'One magnet: Nd origin of the middle magnet lot (medians; ms wall, CPU = backend CPU ms; the aggregate'
\echo 'includes gathering its input, which alone is the "gather" column):'
SELECT f.size AS flows, s.one_magnet AS magnet,
       to_char(f.gather_one, 'FM99999990.0') AS "gather ms",
       to_char(f.agg_one, 'FM99999990.0') AS "aggregate ms", pg_temp.cpu(f.agg_one_cpu) AS "CPU",
       pg_temp.t(f.cte_one, f.cte_one_cancelled, f.cte_one_skipped, :timeout_s) AS "path CTE ms", pg_temp.cpu(f.cte_one_cpu) AS "CPU ",
       pg_temp.ratio(f.cte_one, f.agg_one, f.cte_one_cancelled, :timeout_s) AS "CTE / aggregate",
       pg_temp.ratio(f.cte_one_cpu, f.agg_one_cpu, f.cte_one_cancelled, :timeout_s) AS "(CPU)",
       pg_temp.ratio(f.cte_one, f.gather_one, f.cte_one_cancelled, :timeout_s) AS "CTE / gather",
       s.check_one AS "same origin shares?"
FROM fig AS f JOIN rt_pbx.sizes AS s USING (size) ORDER BY f.size;

\echo
\echo 'All magnets: agg = the aggregate alone; agg+rows = plus provenance_rows (origin, Nd), the CTE''s answer:'
SELECT f.size AS flows,
       to_char(f.agg_all, 'FM99999990.0') AS "agg ms", pg_temp.cpu(f.agg_all_cpu) AS "CPU",
       to_char(f.agg_rows_all, 'FM99999990.0') AS "agg+rows ms", pg_temp.cpu(f.agg_rows_all_cpu) AS "CPU ",
       pg_temp.t(f.cte_all, f.cte_all_cancelled, f.cte_all_skipped, :timeout_s) AS "path CTE ms", pg_temp.cpu(f.cte_all_cpu) AS "CPU  ",
       pg_temp.ratio(f.cte_all, f.agg_rows_all, f.cte_all_cancelled, :timeout_s) AS "CTE / (agg+rows)",
       s.check_all AS "same origin shares?"
FROM fig AS f JOIN rt_pbx.sizes AS s USING (size) ORDER BY f.size;

\echo
\echo 'Targets: CTE / aggregate >= 20 at 100k flows; time(10x flows) <= 12x time, i.e. growth <= 1.2 x flow growth:'
SELECT f.size AS flows,
       CASE WHEN f.cte_one IS NOT NULL THEN CASE WHEN f.cte_one / f.agg_one >= 20 THEN 'met' ELSE 'not met' END
            WHEN f.cte_one_cancelled THEN CASE WHEN :timeout_s * 1000 / f.agg_one >= 20 THEN 'met' ELSE 'unknown' END
            ELSE '-' END AS "one magnet >= 20x",
       CASE WHEN f.cte_all IS NOT NULL THEN CASE WHEN f.cte_all / f.agg_rows_all >= 20 THEN 'met' ELSE 'not met' END
            WHEN f.cte_all_cancelled THEN CASE WHEN :timeout_s * 1000 / f.agg_rows_all >= 20 THEN 'met (lower bound)' ELSE 'unknown' END
            WHEN f.cte_all_skipped THEN 'met (CTE cancelled already at a smaller size)'
            ELSE '-' END AS "all magnets >= 20x"
FROM fig AS f ORDER BY f.size;

SELECT p.size || ' -> ' || f.size AS "flows",
       to_char(f.flows::float8 / p.flows, 'FM990.0') || 'x' AS "flow growth",
       to_char(f.agg_one / p.agg_one, 'FM990.0') || 'x' AS "agg_one",
       to_char(f.agg_all / p.agg_all, 'FM990.0') || 'x' AS "agg_all",
       to_char(f.agg_rows_all / p.agg_rows_all, 'FM990.0') || 'x' AS "agg+rows_all",
       to_char(f.agg_all_cpu / nullif(p.agg_all_cpu, 0), 'FM990.0') || 'x' AS "agg_all CPU",
       CASE WHEN greatest(f.agg_one / p.agg_one, f.agg_all / p.agg_all)
                 <= 1.2 * f.flows::float8 / p.flows THEN 'met' ELSE 'not met' END AS "aggregate growth target",
       CASE WHEN f.cte_one IS NOT NULL AND p.cte_one IS NOT NULL
            THEN to_char(f.cte_one / p.cte_one, 'FM990.0') || 'x' ELSE '-' END AS "cte_one (for comparison)"
FROM fig AS f
JOIN LATERAL (SELECT * FROM fig AS q WHERE q.size < f.size ORDER BY q.size DESC LIMIT 1) AS p ON true
ORDER BY f.size;

\echo
\echo 'Aggregate memory (whole table, fresh backend; ~ growth of the peak RSS outside shared memory):'
SELECT size AS flows, agg_plan AS "plan of the whole-table aggregate",
       round(mem_peak_kb / 1024.0, 1) AS "peak MB", round(mem_peak_kb * 1024.0 / flows) AS "bytes per flow"
FROM rt_pbx.sizes ORDER BY size;
