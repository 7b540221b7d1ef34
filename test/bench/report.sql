-- test/bench/report.sql: print the figures of a scripts/bench run.
-- Variables: rows, runs.  Reads rt_bench.timing and the three loaded tables.
\pset footer off
\pset null '-'

CREATE TEMP TABLE bench_size AS
SELECT 'a' AS variant, avg(pg_column_size(v))::float8 AS col_bytes,
       pg_table_size('rt_bench.lot_text')::float8 / :rows AS tbl_bytes
FROM rt_bench.lot_text
UNION ALL
SELECT 'b', avg(pg_column_size(v)), pg_table_size('rt_bench.lot_jsonb')::float8 / :rows
FROM rt_bench.lot_jsonb
UNION ALL
SELECT 'c', avg(pg_column_size(v)), pg_table_size('rt_bench.lot_rare')::float8 / :rows
FROM rt_bench.lot_rare;

CREATE TEMP TABLE bench_med AS
SELECT phase, variant, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms
FROM rt_bench.timing GROUP BY phase, variant
UNION ALL
SELECT phase || '_cpu', variant,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_ms)
FROM rt_bench.timing GROUP BY phase, variant;

CREATE TEMP TABLE bench_fig AS
SELECT m.phase AS metric,
       max(m.ms) FILTER (WHERE m.variant = 'a') AS a,
       max(m.ms) FILTER (WHERE m.variant = 'b') AS b,
       max(m.ms) FILTER (WHERE m.variant = 'c') AS c
FROM bench_med m GROUP BY m.phase
UNION ALL
SELECT 'bytes',
       max(col_bytes) FILTER (WHERE variant = 'a'),
       max(col_bytes) FILTER (WHERE variant = 'b'),
       max(col_bytes) FILTER (WHERE variant = 'c')
FROM bench_size
UNION ALL
SELECT 'table_bytes',
       max(tbl_bytes) FILTER (WHERE variant = 'a'),
       max(tbl_bytes) FILTER (WHERE variant = 'b'),
       max(tbl_bytes) FILTER (WHERE variant = 'c')
FROM bench_size;

\echo
\echo 'Individual runs (interleaved a, b, c per run):'
SELECT phase,
       CASE variant WHEN 'a' THEN '(a) text' WHEN 'b' THEN '(b) jsonb'
                    ELSE '(c) rare_lot' END AS "column",
       string_agg(to_char(ms, 'FM9999990.0'), '  ' ORDER BY run) AS "wall ms per run",
       to_char(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), 'FM9999990.0') AS median,
       coalesce(string_agg(to_char(cpu_ms, 'FM9999990'), '  ' ORDER BY run), '-')
           AS "backend CPU ms per run"
FROM rt_bench.timing
GROUP BY phase, variant
ORDER BY phase DESC, variant;

\echo
\echo 'Figures (times are medians, wall clock unless marked CPU; ratios are (c)'
\echo 'divided by the baseline; targets are judged on wall clock):'
SELECT CASE metric
         WHEN 'load' THEN 'load, ms (COPY FROM file)'
         WHEN 'read' THEN 'read back text, ms (COPY TO /dev/null)'
         WHEN 'load_cpu' THEN '  load, backend CPU ms'
         WHEN 'read_cpu' THEN '  read back, backend CPU ms'
         WHEN 'bytes' THEN 'bytes per value (avg pg_column_size)'
         ELSE 'table bytes per row (pg_table_size/rows)' END AS metric,
       to_char(a, 'FM9999990.0') AS "(a) text",
       to_char(b, 'FM9999990.0') AS "(b) jsonb",
       to_char(c, 'FM9999990.0') AS "(c) rare_lot",
       to_char(c / a, 'FM990.00') AS "(c)/(a)",
       to_char(c / b, 'FM990.00') AS "(c)/(b)"
FROM bench_fig
WHERE a IS NOT NULL
ORDER BY array_position(ARRAY['load', 'load_cpu', 'read', 'read_cpu', 'bytes',
                              'table_bytes'], metric);

\echo
\echo 'Targets (figures, not pass/fail):'
SELECT t.target, t.figure,
       CASE WHEN t.ok THEN 'met' ELSE 'NOT met' END AS verdict
FROM (
    SELECT 1 AS o, 'load: (c)/(a) <= 1.30' AS target,
           to_char(c / a, 'FM990.00') AS figure, c / a <= 1.3 AS ok
    FROM bench_fig WHERE metric = 'load'
    UNION ALL
    SELECT 2, 'load: (c) at least 1.5x faster than (b), i.e. (b)/(c) >= 1.50',
           to_char(b / c, 'FM990.00') || 'x', b / c >= 1.5
    FROM bench_fig WHERE metric = 'load'
    UNION ALL
    SELECT 3, 'bytes: (c) <= half of (b), i.e. (c)/(b) <= 0.50',
           to_char(c / b, 'FM990.00'), c / b <= 0.5
    FROM bench_fig WHERE metric = 'bytes'
) AS t ORDER BY t.o;

\echo
\echo 'For information (no target): read back, (b)/(c) speed-up and (c)/(a):'
SELECT to_char(b / c, 'FM990.00') || 'x' AS "read (b)/(c)",
       to_char(c / a, 'FM990.00') AS "read (c)/(a)"
FROM bench_fig WHERE metric = 'read';
