-- test/bench/provenance_run.sql: one round of the provenance benchmark
-- (test/bench/provenance_bench.sh), interleaved: gather, aggregate and CTE
-- for one magnet, then aggregate and CTE for all magnets.  Variables: size, run (0 = warm-up, which
-- leaves out the all-magnets CTE), one_magnet, cte_type (float8 or numeric).
--
-- gather_one    agg_one's first half alone: the flows it feeds the
--               aggregate (the floor of any one-magnet query in SQL)
-- agg_one       the ancestor lots of the magnet by a recursive CTE with
--               UNION (each lot once, so each flow read once: the edge
--               set, not the paths), their input flows into
--               rare_trace.provenance, then provenance_rows (origin, Nd)
-- cte_one       the plain-SQL baseline: per flow, its share of the child's
--               Nd input (kg x the parent's Nd % / the sum of that over the
--               child's inputs), the origin label of its parent and whether
--               the parent is a root, all computed once (MATERIALIZED);
--               then a recursive CTE (UNION ALL) walks every path from the
--               magnet to the roots multiplying shares, and sums them per
--               root label: work proportional to the number of paths
-- agg_all       rare_trace.provenance over the whole table (every sink,
--               every element, origin and five stages, plus the checks)
-- agg_rows_all  the same plus provenance_rows (origin, Nd) for every sink:
--               the answer cte_all gives
-- cte_all       the baseline walked from every magnet
SELECT rt_pbx.timed(:size, 'gather_one', :run, format($q$
    WITH RECURSIVE up(code) AS (
        SELECT %L::text COLLATE "C"
        UNION
        SELECT f.parent_code FROM up JOIN rt_pb.flow AS f ON f.child_code = up.code)
    SELECT count(f.parent), count(f.child), sum(f.kg)
    FROM rt_pb.flow AS f
    WHERE f.child_code IN (SELECT code FROM up)
$q$, :'one_magnet')) AS gather_one \gset
\warn '    ' run :run gather_one :gather_one

SELECT rt_pbx.timed(:size, 'agg_one', :run, format($q$
    INSERT INTO rt_pbx.res (variant, sink, label, kg, share)
    SELECT 'agg_one', r.sink_code, r.country, r.kg, r.share
    FROM (WITH RECURSIVE up(code) AS (
              SELECT %L::text COLLATE "C"
              UNION
              SELECT f.parent_code FROM up JOIN rt_pb.flow AS f ON f.child_code = up.code)
          SELECT rare_trace.provenance(f.parent, f.child, f.kg) AS p
          FROM rt_pb.flow AS f
          WHERE f.child_code IN (SELECT code FROM up)) AS a,
         rare_trace.provenance_rows(a.p) AS r
    WHERE r.view = 'origin' AND r.element = 'Nd'
$q$, :'one_magnet')) AS agg_one \gset
\warn '    ' run :run agg_one :agg_one

\set cte_start 'SELECT ' :'one_magnet' '::text COLLATE "C", ' :'one_magnet' '::text COLLATE "C", NULL::text, false, 1::' :cte_type
\set cte_variant cte_one
\ir provenance_cte.sql
SELECT :'cte_result' AS cte_one \gset
\warn '    ' run :run cte_one :cte_one

SELECT rt_pbx.timed(:size, 'agg_all', :run, $q$
    SELECT rare_trace.provenance(f.parent, f.child, f.kg) IS NOT NULL FROM rt_pb.flow AS f
$q$) AS agg_all \gset
\warn '    ' run :run agg_all :agg_all

SELECT rt_pbx.timed(:size, 'agg_rows_all', :run, $q$
    INSERT INTO rt_pbx.res (variant, sink, label, kg, share)
    SELECT 'agg_rows_all', r.sink_code, r.country, r.kg, r.share
    FROM (SELECT rare_trace.provenance(f.parent, f.child, f.kg) AS p FROM rt_pb.flow AS f) AS a,
         rare_trace.provenance_rows(a.p) AS r
    WHERE r.view = 'origin' AND r.element = 'Nd'
$q$) AS agg_rows_all \gset
\warn '    ' run :run agg_rows_all :agg_rows_all

SELECT :run > 0 AS do_cte_all \gset
\if :do_cte_all
\set cte_start 'SELECT DISTINCT f.child_code, f.child_code, NULL::text, false, 1::' :cte_type ' FROM rt_pb.flow AS f WHERE rare_trace.lot_form(f.child) = ''magnet'''
\set cte_variant cte_all
\ir provenance_cte.sql
SELECT :'cte_result' AS cte_all \gset
\warn '    ' run :run cte_all :cte_all
\endif
