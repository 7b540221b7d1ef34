--
-- quota_walk: the walk up the groups is C (src/quota_walk.c: index probes
-- under the statement's snapshot).  It must give exactly what the
-- recursive CTE it replaced gave (0.5.0 before, kept here as the
-- reference): the enterprise at depth 0 and every group above it, a
-- parent without a row ending the walk, a group met again (a circle
-- written with the triggers off) ending it with each group once, more
-- than 64 groups above an enterprise an error (23000); and the quotas of
-- those holders for the year and activity, of no category or the row's.
-- The SQL functions check the caller's SELECT privileges as the queries
-- did.  Everything created here is named CN-QW* / regress_qw_* and removed
-- at the end.
--
SET search_path = rare_trace, public;

-- the reference: the walk and the quota lookup of 0.5.0's RT_CHAIN_CTE
CREATE FUNCTION public.qw_ref_chain(ent text)
RETURNS TABLE (code text, depth int4) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up(code, parent, depth) AS (
        SELECT e.code, e.parent, 0 FROM rare_trace.enterprise AS e WHERE e.code = ent
        UNION ALL
        SELECT e.code, e.parent, up.depth + 1
        FROM rare_trace.enterprise AS e JOIN up ON e.code = up.parent
        WHERE up.depth <= 64)
    CYCLE code SET cyc USING path
    SELECT up.code, up.depth FROM up WHERE NOT up.cyc ORDER BY up.depth
$$;
CREATE FUNCTION public.qw_ref_quotas(ent text, yr int4, act text, cat text)
RETURNS SETOF rare_trace.quota LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (q.id) q.*
    FROM public.qw_ref_chain(ent) AS up
    JOIN rare_trace.quota AS q ON q.holder = up.code
    WHERE q.year = yr AND q.activity::text = act AND (q.category IS NULL OR q.category = cat)
    ORDER BY q.id
$$;
-- the reference's depth guard, as a row: 'too deep' or the walk's length
CREATE FUNCTION public.qw_ref_outcome(ent text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN max(depth) > 64 THEN 'too deep' ELSE count(*)::text END
    FROM public.qw_ref_chain(ent)
$$;
-- the C walk's outcome the same way
CREATE FUNCTION public.qw_outcome(ent text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT count(*)::text FROM rare_trace.enterprise_chain(ent));
EXCEPTION WHEN integrity_constraint_violation THEN
    RETURN 'too deep';
END
$$;

-- a registry written around the parent check: a circle CN-QWA -> CN-QWB
-- -> CN-QWC -> CN-QWA with a member CN-QWM below it, a tree, a parent
-- without a row (CN-QWLOST, written without the foreign key too), and a
-- chain 70 groups deep
ALTER TABLE enterprise DISABLE TRIGGER enterprise_check_parent;
INSERT INTO enterprise (code, name, parent, activities, approved_from) VALUES
    ('CN-QWA', 'circle a', NULL, '{mining}', '2024-01-01'),
    ('CN-QWB', 'circle b', 'CN-QWA', '{mining}', '2024-01-01'),
    ('CN-QWC', 'circle c', 'CN-QWB', '{mining}', '2024-01-01'),
    ('CN-QWM', 'member of the circle', 'CN-QWC', '{mining}', '2024-01-01'),
    ('CN-QWT', 'tree top', NULL, '{mining,separation}', '2024-01-01'),
    ('CN-QWT1', 'tree group 1', 'CN-QWT', '{mining}', '2024-01-01'),
    ('CN-QWT2', 'tree group 2', 'CN-QWT', '{mining}', '2024-01-01'),
    ('CN-QWT11', 'tree member 11', 'CN-QWT1', '{mining}', '2024-01-01'),
    ('CN-QWT12', 'tree member 12', 'CN-QWT1', '{mining}', '2024-01-01'),
    ('CN-QWT21', 'tree member 21', 'CN-QWT2', '{mining}', '2024-01-01');
UPDATE enterprise SET parent = 'CN-QWC' WHERE code = 'CN-QWA';
SET session_replication_role = replica;
INSERT INTO enterprise (code, name, parent, activities, approved_from) VALUES
    ('CN-QWORPH', 'orphan', 'CN-QWLOST', '{mining}', '2024-01-01');
SET session_replication_role = DEFAULT;
INSERT INTO enterprise (code, name, parent, activities, approved_from)
SELECT format('CN-QWD%s', lpad(i::text, 2, '0')), format('deep %s', i),
       CASE WHEN i < 70 THEN format('CN-QWD%s', lpad((i + 1)::text, 2, '0')) END,
       '{mining}', '2024-01-01'
FROM generate_series(70, 0, -1) AS i;
ALTER TABLE enterprise ENABLE TRIGGER enterprise_check_parent;

-- quotas: of no category and of categories, for two years and activities
INSERT INTO quota (holder, year, activity, category, limit_t)
SELECT e.code, y, a, c, 10
FROM enterprise AS e, (VALUES (2024), (2025)) AS yy(y), (VALUES ('mining'), ('separation')) AS aa(a),
     (VALUES (NULL), ('rock'), ('ion_adsorption')) AS cc(c)
WHERE e.code LIKE 'CN-QW%' AND (e.code, y, a, c) IS DISTINCT FROM ('CN-QWT1', 2024, 'mining', NULL)
  AND (e.code <> 'CN-QWB' OR c IS DISTINCT FROM 'rock')
ORDER BY e.code DESC, y, a, c;

-- the walks, with the reference beside them, for every enterprise here
-- and one without a row
SELECT e.code, public.qw_outcome(e.code) AS walk, public.qw_ref_outcome(e.code) AS reference
FROM (SELECT code FROM enterprise WHERE code LIKE 'CN-QW%' UNION ALL SELECT 'CN-QWNONE') AS e
WHERE e.code NOT LIKE 'CN-QWD%' OR e.code IN ('CN-QWD00', 'CN-QWD05', 'CN-QWD06', 'CN-QWD70')
ORDER BY e.code;
SELECT count(*) AS walks_that_differ
FROM (SELECT code FROM enterprise WHERE code LIKE 'CN-QW%' UNION ALL SELECT 'CN-QWNONE') AS e
WHERE public.qw_outcome(e.code) IS DISTINCT FROM public.qw_ref_outcome(e.code);
-- rows and order are the reference's (where it is not too deep)
SELECT count(*) AS rows_that_differ
FROM (SELECT code FROM enterprise WHERE code LIKE 'CN-QW%' AND public.qw_ref_outcome(code) <> 'too deep') AS e,
     LATERAL (SELECT array_agg(c.code || ':' || c.depth ORDER BY c.depth) AS w FROM enterprise_chain(e.code) AS c) AS w,
     LATERAL (SELECT array_agg(r.code || ':' || r.depth ORDER BY r.depth) AS r FROM public.qw_ref_chain(e.code) AS r) AS r
WHERE w.w IS DISTINCT FROM r.r;
SELECT * FROM enterprise_chain('CN-QWM');
SELECT * FROM enterprise_chain('CN-QWORPH');
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.enterprise_chain('CN-QWD00')$$);

-- applicable_quotas equals the reference for every enterprise, year,
-- activity and category (a category without quotas, none, and an
-- activity that is no activity among them)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE a.ids IS DISTINCT FROM r.ids) AS cases_that_differ
FROM (SELECT code FROM enterprise WHERE code LIKE 'CN-QW%' AND code NOT LIKE 'CN-QWD%' UNION ALL SELECT 'CN-QWNONE') AS e,
     (VALUES (2024), (2025), (2026)) AS yy(y),
     (VALUES ('mining'), ('separation'), ('nothing')) AS aa(a),
     (VALUES (NULL), ('rock'), ('ion_adsorption'), ('clay')) AS cc(c),
     LATERAL (SELECT array_agg(q ORDER BY q.id) AS ids FROM applicable_quotas(e.code, y, a, c) AS q) AS a,
     LATERAL (SELECT array_agg(q ORDER BY q.id) AS ids FROM public.qw_ref_quotas(e.code, y, a, c) AS q) AS r;
-- each group of the circle once, CN-QWB without a rock quota
SELECT holder, category FROM applicable_quotas('CN-QWM', 2024, 'mining', 'rock') ORDER BY id;
-- CN-QWT1 has no 2024 mining quota of no category
SELECT holder, category FROM applicable_quotas('CN-QWT11', 2024, 'mining', NULL) ORDER BY id;
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.applicable_quotas('CN-QWD00', 2024, 'mining', NULL)$$);
-- ... and in the reference the deepest row is past the limit
SELECT max(depth) AS reference_deepest FROM public.qw_ref_chain('CN-QWD00');

-- approval_problem reads the enterprise's own row only: no walk, so no
-- depth guard
SELECT approval_problem('CN-QWD00', 'mining', '2024-01-01', '2024-12-31') AS deep_member;
SELECT approval_problem('CN-QWT', 'separation', '2023-12-31', '2024-01-01') AS too_early;
SELECT approval_problem('CN-QWM', 'refining', '2024-01-01', '2024-01-01') AS not_approved;

-- the trigger charges each group of the circle once
CREATE TABLE public.qw_prod (lot rare_lot, made_on date);
SELECT attach_quota('public.qw_prod', 'lot', 'made_on', 'mining', 'rock');
INSERT INTO public.qw_prod VALUES ('CN-QWM-X1 oxide 852.8kg La=100%', '2024-03-01');
SELECT holder, category, used_t FROM quota WHERE used_t <> 0 ORDER BY id;
SELECT * FROM regress_util.try($$INSERT INTO public.qw_prod VALUES ('CN-QWD00-X1 oxide 1kg La=100%', '2024-03-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qw_prod VALUES ('CN-QWORPH-X1 oxide 1kg La=100%', '2024-03-01')$$);
DELETE FROM public.qw_prod;
SELECT count(*) AS charged FROM quota WHERE used_t <> 0;

-- privileges: what the queries needed, in the order they checked
CREATE ROLE regress_qw_user;
SET ROLE regress_qw_user;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.applicable_quotas('CN-QWM', 2024, 'mining', NULL)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.approval_problem('CN-QWM', 'mining', '2024-01-01', '2024-01-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.enterprise_chain('CN-QWM')$$);
RESET ROLE;
GRANT SELECT ON enterprise TO regress_qw_user;
SET ROLE regress_qw_user;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.applicable_quotas('CN-QWM', 2024, 'mining', NULL)$$);
SELECT count(*) AS links FROM enterprise_chain('CN-QWM');
RESET ROLE;
REVOKE SELECT ON enterprise FROM regress_qw_user;
GRANT SELECT ON quota TO regress_qw_user;
GRANT SELECT (code) ON enterprise TO regress_qw_user;
SET ROLE regress_qw_user;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.applicable_quotas('CN-QWM', 2024, 'mining', NULL)$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.enterprise_chain('CN-QWM')$$);
RESET ROLE;
-- the walk needs code and parent; the approval code, activities and the days
GRANT SELECT (parent) ON enterprise TO regress_qw_user;
SET ROLE regress_qw_user;
SELECT count(*) AS quotas FROM applicable_quotas('CN-QWM', 2024, 'mining', NULL);
SELECT count(*) AS links FROM enterprise_chain('CN-QWM');
SELECT * FROM regress_util.try($$SELECT rare_trace.approval_problem('CN-QWM', 'mining', '2024-01-01', '2024-01-01')$$);
RESET ROLE;
REVOKE SELECT (parent) ON enterprise FROM regress_qw_user;
GRANT SELECT (activities, approved_from, approved_until) ON enterprise TO regress_qw_user;
SET ROLE regress_qw_user;
SELECT approval_problem('CN-QWM', 'mining', '2024-01-01', '2024-01-01') AS approved;
RESET ROLE;
REVOKE ALL ON enterprise, quota FROM regress_qw_user;
DROP ROLE regress_qw_user;

-- the registry's indexes are found by what they are, not by name: a
-- renamed index still serves; an index that could hide rows (partial) or
-- none at all is refused (55000), never used
ALTER INDEX enterprise_pkey RENAME TO enterprise_pk;
SELECT count(*) AS links FROM enterprise_chain('CN-QWM');
ALTER INDEX enterprise_pk RENAME TO enterprise_pkey;
BEGIN;
ALTER TABLE quota DROP CONSTRAINT quota_key;
CREATE UNIQUE INDEX quota_key ON quota (holder, year, activity, category) NULLS NOT DISTINCT
    WHERE holder <> 'CN-QWG';
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.applicable_quotas('CN-QWM', 2024, 'mining', NULL)$$);
ROLLBACK;
BEGIN;
ALTER TABLE quota DROP CONSTRAINT quota_key;
CREATE INDEX quota_by_expr ON quota (lower(holder), year, activity);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.applicable_quotas('CN-QWM', 2024, 'mining', NULL)$$);
ROLLBACK;
SELECT count(*) AS quotas FROM applicable_quotas('CN-QWM', 2024, 'mining', NULL);

-- quota's row type after a column was added and another dropped (the
-- rows of applicable_quotas() follow the table's current layout; 0.4.0's
-- SPI version built them with a fixed one and crashed)
BEGIN;
ALTER TABLE quota ADD COLUMN qw_note text DEFAULT 'n';
ALTER TABLE quota DROP COLUMN qw_note;
ALTER TABLE quota ADD COLUMN qw_extra int DEFAULT 7;
SELECT holder, year, activity, category, limit_t, qw_extra
FROM applicable_quotas('CN-QWM', 2024, 'mining', NULL) ORDER BY holder;
ROLLBACK;

-- row-level security: the registry is read by its indexes, which apply no
-- policies, so a table on which a policy applies to the caller is refused
-- (0A000) rather than read whole; its owner (the trigger, a superuser)
-- is not subject to it and goes on
CREATE ROLE regress_qw_rls;
GRANT rare_trace_reader TO regress_qw_rls;
ALTER TABLE enterprise ENABLE ROW LEVEL SECURITY;
CREATE POLICY qw_only_cn ON enterprise FOR SELECT USING (code LIKE 'CN-%');
SET ROLE regress_qw_rls;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.enterprise_chain('CN-QWM')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.approval_problem('CN-QWM', 'mining', '2024-01-01', '2024-01-01')$$);
RESET ROLE;
SELECT count(*) AS links_as_owner FROM enterprise_chain('CN-QWM');
DROP POLICY qw_only_cn ON enterprise;
ALTER TABLE enterprise DISABLE ROW LEVEL SECURITY;
ALTER TABLE quota ENABLE ROW LEVEL SECURITY;
SET ROLE regress_qw_rls;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.applicable_quotas('CN-QWM', 2024, 'mining', NULL)$$);
RESET ROLE;
ALTER TABLE quota DISABLE ROW LEVEL SECURITY;
REVOKE rare_trace_reader FROM regress_qw_rls;
DROP ROLE regress_qw_rls;

-- clean up
DELETE FROM quota_table WHERE relid = 'public.qw_prod'::regclass;
DROP TABLE public.qw_prod;
DELETE FROM quota WHERE holder LIKE 'CN-QW%';
SET session_replication_role = replica;
DELETE FROM enterprise WHERE code LIKE 'CN-QW%';
SET session_replication_role = DEFAULT;
DROP FUNCTION public.qw_outcome(text), public.qw_ref_outcome(text),
    public.qw_ref_quotas(text, int4, text, text), public.qw_ref_chain(text);
SELECT count(*) AS left_over FROM enterprise WHERE code LIKE 'CN-QW%';
