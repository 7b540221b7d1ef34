-- test/bench/provenance_stats.sql: untimed facts about the DAG of one size
-- and the checks (for provenance_bench.sh).  Variables: size, gen_s.
-- Runs after the timed rounds, so rt_pbx.res holds each variant's last answer.
INSERT INTO rt_pbx.sizes (size, flows, lots, mines, separators, metals, alloys, magnets, one_magnet, gen_s)
SELECT :size, flow_rows, lots, mines, separators, metals, alloys, magnets, one_magnet, :gen_s
FROM rt_pb.info;

-- the one-magnet aggregate's input: ancestor lots and their input flows
WITH RECURSIVE up(code) AS (
    SELECT one_magnet COLLATE "C" FROM rt_pb.info
    UNION
    SELECT f.parent_code FROM up JOIN rt_pb.flow AS f ON f.child_code = up.code)
UPDATE rt_pbx.sizes
SET anc_lots = (SELECT count(*) FROM up),
    anc_edges = (SELECT count(*) FROM rt_pb.flow WHERE child_code IN (SELECT code FROM up))
WHERE size = :size;

UPDATE rt_pbx.sizes
SET paths_one = rt_pbx.count_paths(ARRAY[one_magnet]),
    paths_all = rt_pbx.count_paths(ARRAY(SELECT code FROM rt_pb.magnet)),
    check_one = rt_pbx.compare('agg_one', 'cte_one'),
    check_all = rt_pbx.compare('agg_rows_all', 'cte_all')
WHERE size = :size;

-- is the whole-table aggregate planned in parallel?
CREATE FUNCTION pg_temp.agg_plan() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    j json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) SELECT rare_trace.provenance(parent, child, kg) FROM rt_pb.flow' INTO j;
    RETURN coalesce((SELECT 'parallel, ' || (m[1])::text || ' workers planned'
                     FROM regexp_match(j::text, '"Workers Planned": (\d+)') AS m), 'serial');
END
$$;
UPDATE rt_pbx.sizes SET agg_plan = pg_temp.agg_plan() WHERE size = :size;
