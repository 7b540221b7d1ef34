--
-- lot_minmax: the aggregates min(rare_lot) and max(rare_lot) (0.5.0).
-- They follow the btree order (they call the operator class's comparison),
-- skip NULLs, give NULL for no non-NULL row, run as partial aggregates in
-- parallel plans, and are answered from a btree index (SORTOP).
--
SET search_path = rare_trace, public;

-- whether the plan of a query has a node (plans print differently across
-- majors, so the test asks for the nodes instead of pinning the text)
CREATE FUNCTION pg_temp.plan_has(query text, node text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        IF strpos(line, node) > 0 THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END $$;

-- the catalog rows: transition = combine function, state rare_lot, sort
-- operators < and >, no serialization, parallel safe
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtransfn, a.aggcombinefn,
       a.aggtranstype::regtype, a.aggsortop::regoperator, a.aggserialfn, a.aggfinalfn,
       a.agginitval, p.proparallel, p.provolatile
FROM pg_aggregate AS a JOIN pg_proc AS p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'rare_trace'::regnamespace AND p.proname IN ('min', 'max')
ORDER BY 1::text;

--
-- Same answer as ORDER BY ... LIMIT 1, on values whose btree order is not
-- their text order (mass compares as a number, form in value-chain order,
-- a composition that is a prefix of another first)
--
CREATE TABLE public.lmm (id int PRIMARY KEY, grp int NOT NULL, lot rare_lot);
INSERT INTO public.lmm VALUES
    (1, 1, 'CN-NRE-B1 oxide 10000kg'),
    (2, 1, 'CN-NRE-B1 oxide 9000kg'),
    (3, 1, 'CN-NRE-B1 metal 1kg'),
    (4, 1, NULL),
    (5, 2, 'CN-NRE-B1 ore 1g Nd=1% Pr=1%'),
    (6, 2, 'CN-NRE-B1 ore 1g Nd=1%'),
    (7, 2, 'CN-NRE-B1.5 ore 1g'),
    (8, 2, 'CN-NRE-B10 ore 1g'),
    (9, 3, 'AU-LYNAS-C1 concentrate 2t Nd=9%'),
    (10, 3, 'US-MPM-C24 concentrate 25t'),
    (11, 3, 'US-MPM-C24 concentrate 25t'),
    (12, 4, NULL),
    (13, 4, NULL);

SELECT grp, min(lot), max(lot) FROM public.lmm GROUP BY grp ORDER BY grp;

-- per group and overall, min/max agree with the btree order
SELECT count(*) AS groups,
       count(*) FILTER (WHERE g.mn IS NOT DISTINCT FROM
                        (SELECT l.lot FROM public.lmm AS l WHERE l.grp = g.grp AND l.lot IS NOT NULL
                         ORDER BY l.lot LIMIT 1)) AS min_is_first,
       count(*) FILTER (WHERE g.mx IS NOT DISTINCT FROM
                        (SELECT l.lot FROM public.lmm AS l WHERE l.grp = g.grp AND l.lot IS NOT NULL
                         ORDER BY l.lot DESC LIMIT 1)) AS max_is_last
FROM (SELECT grp, min(lot) AS mn, max(lot) AS mx FROM public.lmm GROUP BY grp) AS g;
SELECT min(lot) = (SELECT lot FROM public.lmm WHERE lot IS NOT NULL ORDER BY lot LIMIT 1) AS min_ok,
       max(lot) = (SELECT lot FROM public.lmm WHERE lot IS NOT NULL ORDER BY lot DESC LIMIT 1) AS max_ok
FROM public.lmm;
-- not the text order: as text, "CN-NRE-B1 metal 1kg" comes first
SELECT min(lot) AS min_lot, min(lot::text) AS min_text FROM public.lmm WHERE grp = 1;

--
-- NULLs: skipped; NULL when no row or only NULL rows
--
SELECT min(lot) IS NULL AS min_null, max(lot) IS NULL AS max_null, count(*) AS rows
FROM public.lmm WHERE grp = 4;
SELECT min(lot) IS NULL AS min_null, max(lot) IS NULL AS max_null FROM public.lmm WHERE false;
SELECT min(NULL::rare_lot) IS NULL AS min_null, max(NULL::rare_lot) IS NULL AS max_null;
-- the support functions are STRICT
SELECT rare_lot_smaller(NULL, 'CN-NRE-B1 oxide 1t') IS NULL AS smaller_null,
       rare_lot_larger('CN-NRE-B1 oxide 1t', NULL) IS NULL AS larger_null,
       rare_lot_smaller('CN-NRE-B2 oxide 1t', 'CN-NRE-B10 oxide 1t') AS smaller,
       rare_lot_larger('CN-NRE-B1 oxide 9000kg', 'CN-NRE-B1 oxide 10000kg') AS larger;

-- as window functions, with FILTER and DISTINCT
SELECT id, min(lot) OVER w AS running_min, max(lot) OVER w AS running_max
FROM public.lmm WHERE grp = 1
WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY id;
SELECT min(lot) FILTER (WHERE lot_form(lot) = 'ore') AS min_ore,
       max(DISTINCT lot) AS max_distinct
FROM public.lmm;

--
-- From a btree index: the planner reads one end of the index
--
CREATE INDEX lmm_lot_idx ON public.lmm (lot);
ANALYZE public.lmm;
SET enable_seqscan = off;
SELECT pg_temp.plan_has('SELECT min(lot), max(lot) FROM public.lmm', 'Index Only Scan using lmm_lot_idx') AS min_from_index,
       pg_temp.plan_has('SELECT min(lot), max(lot) FROM public.lmm', 'Index Only Scan Backward using lmm_lot_idx') AS max_from_index,
       NOT pg_temp.plan_has('SELECT min(lot), max(lot) FROM public.lmm', 'Aggregate') AS no_aggregate_node;
SELECT min(lot), max(lot) FROM public.lmm;
RESET enable_seqscan;

--
-- Parallel plans: Partial Aggregate in the workers, the same function
-- combines the partial states in the leader.  Workers that see only NULL
-- rows, or no rows, hand over an empty (NULL) state.
--
CREATE TABLE public.lmm_big (id int, lot rare_lot);
INSERT INTO public.lmm_big
SELECT i, CASE WHEN i % 7 = 0 THEN NULL
               ELSE ('CN-NRE-B' || (i % 997) || ' oxide ' || (1 + i % 13) || 't')::rare_lot END
FROM generate_series(1, 20000) AS i;
ANALYZE public.lmm_big;
CREATE TEMP TABLE lmm_serial AS
    SELECT min(lot) AS mn, max(lot) AS mx,
           min(lot) FILTER (WHERE id = 12345) AS one_row,
           min(lot) FILTER (WHERE id % 7 = 0) AS only_nulls
    FROM public.lmm_big;
SELECT * FROM lmm_serial;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT node, pg_temp.plan_has($$SELECT min(lot), max(lot), min(lot) FILTER (WHERE id = 12345),
                                       min(lot) FILTER (WHERE id % 7 = 0) FROM public.lmm_big$$, node) AS in_plan
FROM unnest(ARRAY['Finalize Aggregate', 'Gather', 'Partial Aggregate', 'Parallel Seq Scan on lmm_big']) AS node;
SELECT (min(lot), max(lot), min(lot) FILTER (WHERE id = 12345), min(lot) FILTER (WHERE id % 7 = 0))
       IS NOT DISTINCT FROM (SELECT (mn, mx, one_row, only_nulls) FROM lmm_serial) AS same_as_serial
FROM public.lmm_big;
-- without the leader: every partial state comes from a worker
SET parallel_leader_participation = off;
SELECT (min(lot), max(lot), min(lot) FILTER (WHERE id = 12345), min(lot) FILTER (WHERE id % 7 = 0))
       IS NOT DISTINCT FROM (SELECT (mn, mx, one_row, only_nulls) FROM lmm_serial) AS same_as_serial
FROM public.lmm_big;
-- no row at all in any worker
SELECT min(lot) IS NULL AS min_null, max(lot) IS NULL AS max_null FROM public.lmm_big WHERE id < 0;
-- grouped, under the same settings
SELECT lot_stage(lot), min(lot), max(lot) FROM public.lmm_big GROUP BY 1 ORDER BY 1;
RESET parallel_leader_participation;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

--
-- Bad input: what is not a rare_lot is refused, not converted
--
-- a text argument goes to pg_catalog.min(text), never to the lot's
SELECT pg_typeof(min('CN-NRE-B2 oxide 1t'::text)) AS min_of_text;
-- qualified, a string is not a lot (the assignment cast does not apply to
-- function arguments)
SELECT * FROM regress_util.try($$SELECT rare_trace.min('CN-NRE-B1 oxide 1t'::text)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.max('CN-NRE-B1 oxide 1t'::varchar)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.min(lot, lot) FROM public.lmm$$);
-- a malformed literal fails in the type's input, with its detail
SELECT * FROM regress_util.try($$SELECT rare_trace.max(v::rare_trace.rare_lot) FROM (VALUES ('CN-NRE-B1 oxide 1t'), ('CN-NRE-B1 oxide')) AS t(v)$$);
-- with rare_trace off the search path the aggregate must be qualified (the
-- operators need the path too: doc/type.md)
SET search_path = "$user", public;
SELECT * FROM regress_util.try($$SELECT min(lot) FROM public.lmm$$);
SELECT rare_trace.min(lot), rare_trace.max(lot) FROM public.lmm;
RESET search_path;

DROP TABLE public.lmm, public.lmm_big;
