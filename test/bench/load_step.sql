-- test/bench/load_step.sql: one timed load.  Variables: tbl, variant, run,
-- file.  The table is emptied, vacuumed and a checkpoint taken first, so
-- every load starts from the same state; the time covers the COPY and its
-- commit (clock_timestamp() deltas in the server).
TRUNCATE :tbl;
VACUUM :tbl;
CHECKPOINT;
SELECT coalesce(rt_bench.cpu_ms()::text, '') AS c0, clock_timestamp() AS t0 \gset
COPY :tbl (v) FROM :'file';
INSERT INTO rt_bench.timing
SELECT 'load', :'variant', :run,
       extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000,
       rt_bench.cpu_ms() - nullif(:'c0', '')::float8;
