-- test/bench/provenance_cte.sql: the plain-SQL baseline of
-- provenance_run.sql (which see), timed.  Variables: size, run,
-- cte_variant, cte_type, cte_start (the walk's start rows: sink, code,
-- label, root, share 1).  Sets cte_result.
SELECT rt_pbx.timed(:size, :'cte_variant', :run, format($q$
    WITH RECURSIVE sh AS MATERIALIZED (
        SELECT f.child_code AS cc, f.parent_code AS pc,
               f.w / nullif(sum(f.w) OVER (PARTITION BY f.child_code), 0) AS s,
               CASE WHEN rare_trace.lot_form(f.parent) IN ('ore', 'concentrate')
                        THEN rare_trace.lot_country(f.parent)
                    WHEN rare_trace.lot_form(f.parent) = 'scrap' THEN 'recycled'
                    ELSE 'unknown' END AS label,
               NOT EXISTS (SELECT 1 FROM rt_pb.flow AS g WHERE g.child_code = f.parent_code) AS root
        FROM (SELECT child_code, parent_code, parent,
                     (kg * rare_trace.element_pct(parent, 'Nd'))::%s AS w
              FROM rt_pb.flow) AS f
    ), walk(sink, code, label, root, s) AS (
        %s
        UNION ALL
        SELECT w.sink, sh.pc, sh.label, sh.root, w.s * sh.s
        FROM walk AS w JOIN sh ON sh.cc = w.code
        WHERE NOT w.root
    )
    INSERT INTO rt_pbx.res (variant, sink, label, share)
    SELECT %L, sink, label, sum(s)::float8 FROM walk WHERE root GROUP BY sink, label
$q$, :'cte_type', :'cte_start', :'cte_variant')) AS cte_result \gset
