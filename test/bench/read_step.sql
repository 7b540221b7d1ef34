-- test/bench/read_step.sql: one timed read-back of the text form.
-- Variables: tbl, variant, run.  COPY ... TO a file calls the column type's
-- output function on every row (textout, jsonb_out, rare_lot_out); writing
-- to /dev/null keeps disk writes out of the figure.
SELECT coalesce(rt_bench.cpu_ms()::text, '') AS c0, clock_timestamp() AS t0 \gset
COPY (SELECT v FROM :tbl) TO '/dev/null';
INSERT INTO rt_bench.timing
SELECT 'read', :'variant', :run,
       extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000,
       rt_bench.cpu_ms() - nullif(:'c0', '')::float8;
