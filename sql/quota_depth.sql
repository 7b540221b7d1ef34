--
-- quota_depth: groups nest at most 64 levels deep, and every walk up the
-- groups honours that one limit.
--   - an enterprise may have at most 64 groups above it: a new member, a
--     new parent or a re-parented group with deep descendants that would
--     put any enterprise deeper is refused (23000)
--   - at the limit, the 64th group above a producer is charged
--   - a registry written around the check (triggers off) that is deeper
--     makes every walk fail (the trigger, enterprise_chain,
--     applicable_quotas, quota_check_detail, quota_remaining,
--     quota_reconcile) instead of silently not charging the top groups
--   - re-parenting is serialised by a two-key advisory lock whose first
--     key is the OID of rare_trace.enterprise, out of the one-key space
--     applications use
-- Everything created here is named CN-QD* / public.qd_* and removed at the
-- end.
--
SET search_path = rare_trace, public;

-- errors as rows: regress_util.try() (sql/00_setup.sql)

-- CN-QD64 at the top, CN-QD00 64 levels below it; each CN-QDnn belongs to
-- CN-QD(nn+1)
INSERT INTO enterprise (code, name, parent, activities, approved_from)
SELECT format('CN-QD%s', lpad(i::text, 2, '0')), format('QD level %s', i),
       CASE WHEN i < 64 THEN format('CN-QD%s', lpad((i + 1)::text, 2, '0')) END,
       '{mining}', '2024-01-01'
FROM generate_series(64, 0, -1) AS i;
SELECT count(*) AS links, max(depth) AS groups_above, max(code) AS top
FROM enterprise_chain('CN-QD00');
-- the top group holds the only quota: 1 t
INSERT INTO quota (holder, year, activity, limit_t) VALUES ('CN-QD64', 2024, 'mining', 1);
CREATE TABLE public.qd_prod (id int PRIMARY KEY, lot rare_lot, made_on date);
SELECT attach_quota('public.qd_prod', 'lot', 'made_on', 'mining');

--
-- At the limit every level is charged: 0.11728 t fits, 1.1728 t more does
-- not.
--
INSERT INTO public.qd_prod VALUES (1, 'CN-QD00-A1 ore 1t La=10%', '2024-05-01');
SELECT holder, used_t FROM quota WHERE holder LIKE 'CN-QD%';
SELECT * FROM regress_util.try($$INSERT INTO public.qd_prod VALUES (2, 'CN-QD00-A2 ore 10t La=10%', '2024-05-01')$$);
SELECT holder, limit_t, used_t FROM applicable_quotas('CN-QD00', 2024, 'mining', NULL);
SELECT holder, ok, reason FROM quota_check_detail('CN-QD00-A2 ore 10t La=10%', '2024-05-01', 'mining');
SELECT quota_remaining('CN-QD00', 2024, 'mining') AS remaining_t;

--
-- Nothing may go deeper: not a new member below CN-QD00 ...
--
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, parent, approved_from) VALUES ('CN-QDLOW', 'too deep', 'CN-QD00', '2024-01-01')$$);
-- ... nor an enterprise moved there ...
INSERT INTO enterprise (code, name, approved_from) VALUES ('CN-QDSIDE', 'QD side', '2024-01-01');
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET parent = 'CN-QD00' WHERE code = 'CN-QDSIDE'$$);
-- ... nor the top group put below another: its descendants would go deeper
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET parent = 'CN-QDSIDE' WHERE code = 'CN-QD64'$$);
-- ... nor a group with members moved below a deep enterprise: CN-QDSIDE
-- with one member may go below CN-QD02 (64 groups above that member) but
-- not below CN-QD01
INSERT INTO enterprise (code, name, parent, approved_from) VALUES ('CN-QDSUB', 'QD sub', 'CN-QDSIDE', '2024-01-01');
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET parent = 'CN-QD01' WHERE code = 'CN-QDSIDE'$$);
UPDATE enterprise SET parent = 'CN-QD02' WHERE code = 'CN-QDSIDE';
SELECT max(depth) AS groups_above FROM enterprise_chain('CN-QDSUB');
-- renaming a code keeps every depth
UPDATE enterprise SET code = 'CN-QDSIDE2' WHERE code = 'CN-QDSIDE';
SELECT code, parent FROM enterprise WHERE code IN ('CN-QDSIDE2', 'CN-QDSUB') ORDER BY code;
-- a shallower place is always fine
UPDATE enterprise SET parent = 'CN-QD60' WHERE code = 'CN-QDSIDE2';
SELECT max(depth) AS groups_above FROM enterprise_chain('CN-QDSUB');
-- nothing of the refused changes was kept
SELECT count(*) AS enterprises, count(*) FILTER (WHERE parent IS NULL) AS tops
FROM enterprise WHERE code LIKE 'CN-QD%';

--
-- A registry deeper than the limit, written with the triggers off, is
-- refused by every walk; before 0.3.1 the 65th group was silently not
-- charged.
--
SET session_replication_role = replica;
INSERT INTO enterprise (code, name, parent, activities, approved_from)
VALUES ('CN-QDDEEP', 'QD too deep', 'CN-QD00', '{mining}', '2024-01-01');
RESET session_replication_role;
SELECT * FROM regress_util.try($$INSERT INTO public.qd_prod VALUES (3, 'CN-QDDEEP-A3 ore 10t La=10%', '2024-05-01')$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.enterprise_chain('CN-QDDEEP')$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.applicable_quotas('CN-QDDEEP', 2024, 'mining', NULL)$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.quota_check_detail('CN-QDDEEP-A3 ore 10t La=10%', '2024-05-01', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.quota_check('CN-QDDEEP-A3 ore 10t La=10%', '2024-05-01', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.quota_remaining('CN-QDDEEP', 2024, 'mining')$$);
-- a row charged while the trigger was off is found by quota_reconcile,
-- which fails the same way rather than report no drift
ALTER TABLE public.qd_prod DISABLE TRIGGER rare_trace_quota_ins;
INSERT INTO public.qd_prod VALUES (3, 'CN-QDDEEP-A3 ore 10t La=10%', '2024-05-01');
ALTER TABLE public.qd_prod ENABLE TRIGGER rare_trace_quota_ins;
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.quota_reconcile()$$);
-- the parent check walks the same way: a member below it is refused
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, parent, approved_from) VALUES ('CN-QDLOWER', 'x', 'CN-QDDEEP', '2024-01-01')$$);
-- the enterprises above are not affected
SELECT count(*) AS links FROM enterprise_chain('CN-QD00');
SELECT holder, used_t FROM quota WHERE holder LIKE 'CN-QD%';
-- moved nearer the top, as the hint says, it is walked again, and
-- quota_reconcile finds the row that was never charged
UPDATE enterprise SET parent = 'CN-QD01' WHERE code = 'CN-QDDEEP';
SELECT count(*) AS links, max(depth) AS groups_above FROM enterprise_chain('CN-QDDEEP');
SELECT holder, used_t, actual_t, drift_t FROM quota_reconcile() WHERE holder LIKE 'CN-QD%';
ALTER TABLE public.qd_prod DISABLE TRIGGER rare_trace_quota_del;
DELETE FROM public.qd_prod WHERE id = 3;
ALTER TABLE public.qd_prod ENABLE TRIGGER rare_trace_quota_del;
DELETE FROM enterprise WHERE code = 'CN-QDDEEP';
SELECT count(*) AS drifted FROM quota_reconcile() WHERE holder LIKE 'CN-QD%';

--
-- Re-parenting takes a transaction-level advisory lock in the two-key
-- space: (OID of rare_trace.enterprise, 1).  No one-key lock is taken.
--
CREATE VIEW pg_temp.qd_locks AS
SELECT count(*) FILTER (WHERE classid = 'rare_trace.enterprise'::regclass::oid
                          AND objid = 1 AND objsubid = 2) AS parent_lock,
       count(*) FILTER (WHERE objsubid = 1) AS one_key_locks
FROM pg_locks
WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted;
BEGIN;
UPDATE enterprise SET parent = 'CN-QD61' WHERE code = 'CN-QDSIDE2';
SELECT * FROM pg_temp.qd_locks;
ROLLBACK;
SELECT * FROM pg_temp.qd_locks;

--
-- Clean up.
--
DELETE FROM public.qd_prod;
DELETE FROM quota_table WHERE relid = 'public.qd_prod'::regclass;
DROP TABLE public.qd_prod;
DELETE FROM quota WHERE holder LIKE 'CN-QD%';
-- members before their groups
DELETE FROM enterprise WHERE code IN ('CN-QDSUB', 'CN-QDSIDE2');
DO $$
BEGIN
    FOR i IN 0 .. 64 LOOP
        DELETE FROM rare_trace.enterprise WHERE code = format('CN-QD%s', lpad(i::text, 2, '0'));
    END LOOP;
END
$$;
SELECT count(*) AS left_over FROM enterprise WHERE code LIKE 'CN-QD%';
