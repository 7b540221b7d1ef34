-- test/bench/provenance_mem.sql: in a fresh backend, the whole-table
-- aggregate once, with the backend's memory before and after from
-- /proc/self/status (for provenance_bench.sh).  Peak growth ~= VmHWM after
-- - RssShmem after - RssFile after - RssAnon before (shared buffers and
-- mapped files touched by the scan are not the aggregate's).  Then counts
-- the issues the aggregate reports (a second, untimed run).  Variables:
-- size, jit (as in the timed session).
SET client_min_messages = warning;
SELECT set_config('jit', :'jit', false) AS jit_set \gset
SELECT rt_pbx.status_kb('RssAnon') AS anon0 \gset
SELECT rare_trace.provenance(f.parent, f.child, f.kg) IS NOT NULL AS done FROM rt_pb.flow AS f \gset
UPDATE rt_pbx.sizes
SET mem_before_kb = :anon0,
    mem_peak_kb = rt_pbx.status_kb('VmHWM') - rt_pbx.status_kb('RssShmem') - rt_pbx.status_kb('RssFile') - :anon0
WHERE size = :size;
UPDATE rt_pbx.sizes
SET issues = (SELECT count(*)
              FROM (SELECT rare_trace.provenance(f.parent, f.child, f.kg) AS p FROM rt_pb.flow AS f) AS a,
                   rare_trace.provenance_issues(a.p) AS i)
WHERE size = :size;
