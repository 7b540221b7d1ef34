-- test/bench/schema.sql: tables for scripts/bench (run by psql, ON_ERROR_STOP).
--
-- Everything lives in schema rt_bench, dropped at the start and at the end
-- of a run.  The three targets are ordinary (logged) tables with one column
-- each, so a load measures the column type and nothing else; autovacuum is
-- off on them so that it cannot wake up in the middle of a measurement (the
-- script vacuums explicitly instead).
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS rt_bench CASCADE;
CREATE SCHEMA rt_bench;

CREATE TABLE rt_bench.lot_text  (v text)               WITH (autovacuum_enabled = off);
CREATE TABLE rt_bench.lot_jsonb (v jsonb)              WITH (autovacuum_enabled = off);
CREATE TABLE rt_bench.lot_rare  (v rare_trace.rare_lot) WITH (autovacuum_enabled = off);

-- One row per timed statement.
CREATE TABLE rt_bench.timing (
    phase   text NOT NULL,      -- 'load' or 'read'
    variant text NOT NULL,      -- 'a' text, 'b' jsonb, 'c' rare_lot
    run     int NOT NULL,
    ms      float8 NOT NULL,    -- wall clock (the figure the targets use)
    cpu_ms  float8              -- CPU time of this backend, NULL if unknown
);

-- CPU time (user + system) used so far by this backend, in ms, from
-- /proc/self/stat (Linux; fields 14 and 15, in USER_HZ = 100 ticks a
-- second, so 10 ms resolution).  Less disturbed by other work on the
-- machine than wall-clock time, but blind to I/O waits; NULL when the file
-- cannot be read.
CREATE FUNCTION rt_bench.cpu_ms() RETURNS float8
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
