-- test/bench/provenance_setup.sql: the measuring kit of
-- test/bench/provenance_bench.sh, in schema rt_pbx (the data of one size
-- live in rt_pb, see provenance_generate.sql).  Run once per database.
SET client_min_messages = warning;
CREATE SCHEMA rt_pbx;

-- one row per timed statement
CREATE TABLE rt_pbx.timing (
    size    int NOT NULL,       -- the flow count asked for
    variant text NOT NULL,      -- agg_one, cte_one, agg_all, agg_rows_all, cte_all
    run     int NOT NULL,       -- 0 = warm-up (not reported)
    ms      float8,             -- wall clock, NULL unless status = 'ok'
    cpu_ms  float8,             -- this backend's CPU (10 ms ticks), NULL if unknown
    status  text NOT NULL       -- ok, timeout, temp_file_limit, skipped
);

-- what each variant answered last: Nd origin per sink and label
CREATE UNLOGGED TABLE rt_pbx.res (
    variant text NOT NULL,
    sink    text NOT NULL,
    label   text NOT NULL,
    kg      numeric,            -- the aggregate's kg (exact); NULL for the CTE
    share   float8 NOT NULL     -- the CTE's product of shares; the aggregate's published share
);

-- per size: the DAG, paths, the checks, memory
CREATE TABLE rt_pbx.sizes (
    size int PRIMARY KEY, flows bigint, lots bigint, mines int, separators int,
    metals int, alloys int, magnets int, one_magnet text, gen_s float8,
    anc_edges bigint, anc_lots bigint, paths_one numeric, paths_all numeric,
    check_one text, check_all text, issues int, agg_plan text,
    mem_before_kb bigint, mem_peak_kb bigint
);

-- CPU time (user + system) used so far by this backend, in ms, from
-- /proc/self/stat (as in test/bench/schema.sql); NULL if unreadable.
CREATE FUNCTION rt_pbx.cpu_ms() RETURNS float8
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    f text[];
BEGIN
    f := regexp_split_to_array(
             split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' ');
    RETURN (f[12]::float8 + f[13]::float8) * 10;   -- fields 14, 15
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

-- a field of /proc/self/status in kB (VmHWM, RssAnon, RssFile, RssShmem)
CREATE FUNCTION rt_pbx.status_kb(field text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RETURN substring(pg_read_file('/proc/self/status') FROM '(?n)^' || field || ':\s+(\d+) kB')::bigint;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

-- Run one statement, timed in the server (clock_timestamp() deltas, plan
-- included).  A statement cancelled by statement_timeout or stopped by
-- temp_file_limit is recorded as such; once a CTE variant has been
-- cancelled, it is skipped for this size and every larger one.
CREATE FUNCTION rt_pbx.timed(p_size int, p_variant text, p_run int, p_sql text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    c0 float8;
    st text := 'ok';
BEGIN
    IF EXISTS (SELECT 1 FROM rt_pbx.timing
               WHERE variant = p_variant AND status NOT IN ('ok', 'skipped')) THEN
        INSERT INTO rt_pbx.timing VALUES (p_size, p_variant, p_run, NULL, NULL, 'skipped');
        RETURN 'skipped';
    END IF;
    DELETE FROM rt_pbx.res WHERE variant = p_variant;
    c0 := rt_pbx.cpu_ms();
    t0 := clock_timestamp();
    BEGIN
        EXECUTE p_sql;
    EXCEPTION
        WHEN query_canceled THEN
            st := 'timeout';
        WHEN configuration_limit_exceeded THEN
            st := 'temp_file_limit';
    END;
    INSERT INTO rt_pbx.timing
    VALUES (p_size, p_variant, p_run,
            CASE WHEN st = 'ok' THEN extract(epoch FROM clock_timestamp() - t0) * 1000 END,
            rt_pbx.cpu_ms() - c0, st);
    RETURN st || ' ' || coalesce(round((extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric, 1)::text, '');
END
$$;

-- Number of root-to-sink paths from the given sinks, by a counting DP
-- over path lengths (no enumeration): for each depth, how many paths end
-- at each lot; paths reaching a lot without inputs are complete.
CREATE FUNCTION rt_pbx.count_paths(sinks text[]) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
    total numeric := 0;
BEGIN
    DROP TABLE IF EXISTS pg_temp.pc_cur, pg_temp.pc_next;
    CREATE TEMP TABLE pc_cur AS
    SELECT s COLLATE "C" AS code, count(*)::numeric AS n FROM unnest(sinks) AS s GROUP BY 1;
    LOOP
        CREATE TEMP TABLE pc_next AS
        SELECT f.parent_code AS code, sum(c.n) AS n
        FROM pc_cur AS c JOIN rt_pb.flow AS f ON f.child_code = c.code
        GROUP BY f.parent_code;
        total := total + (SELECT coalesce(sum(c.n), 0) FROM pc_cur AS c
                          WHERE NOT EXISTS (SELECT 1 FROM rt_pb.flow AS f WHERE f.child_code = c.code));
        DROP TABLE pc_cur;
        ALTER TABLE pc_next RENAME TO pc_cur;
        EXIT WHEN NOT EXISTS (SELECT 1 FROM pc_cur);
    END LOOP;
    DROP TABLE pc_cur;
    RETURN total;
END
$$;

-- The largest difference between the Nd origin shares of two variants
-- (the aggregate's share recomputed from its exact kg), or a message if
-- they name different labels.
CREATE FUNCTION rt_pbx.compare(agg text, cte text) RETURNS text
LANGUAGE sql AS $$
    WITH a AS (
        SELECT sink, label, (kg / sum(kg) OVER (PARTITION BY sink))::float8 AS share
        FROM rt_pbx.res WHERE variant = agg
    ), c AS (
        SELECT sink, label, share FROM rt_pbx.res WHERE variant = cte
    ), j AS (
        SELECT a.share AS sa, c.share AS sc FROM a FULL JOIN c USING (sink, label)
    )
    SELECT CASE
        WHEN (SELECT count(*) FROM c) = 0 THEN 'not checked (no CTE result)'
        WHEN EXISTS (SELECT 1 FROM j WHERE sa IS NULL OR sc IS NULL) THEN
            format('MISMATCH: %s (sink, country) pairs in only one of them',
                   (SELECT count(*) FROM j WHERE sa IS NULL OR sc IS NULL))
        ELSE format('%s in %s (sink, country) pairs: max |share difference| %s',
                    CASE WHEN (SELECT max(abs(sa - sc)) FROM j) <= 1e-9 THEN 'agree' ELSE 'DIFFER' END,
                    (SELECT count(*) FROM j), trim(to_char((SELECT max(abs(sa - sc)) FROM j), '9.9EEEE')))
        END
$$;
