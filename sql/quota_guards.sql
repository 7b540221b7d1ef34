--
-- quota_guards: the guards of the quota objects against misuse.
--   - a quota with used_t <> 0 cannot be deleted (trigger quota_check_delete)
--   - used_t >= 0 (quota_used_check): a release beyond used_t fails
--   - re-parenting takes a transaction-level advisory lock (two-key form,
--     keyed by the OID of rare_trace.enterprise), and a quota is charged
--     once per key even if the chain of groups repeats
--   - attach_quota checks the table's owner and the named columns (domains
--     count as their base type, in attach_quota, the trigger and
--     quota_reconcile)
--   - EXECUTE on enforce_quota() only for rare_trace_admin
--   - approval_problem() is not STRICT: a NULL argument never reads as
--     "approved"
--   - an UPDATE whose net charge for a key is zero checks no approval
-- Everything created here is named CN-QH* / public.qh_* /
-- regress_rare_trace_qh_* and removed at the end.
--
SET search_path = rare_trace, public;

-- a group and its mine; lots of 'ore 1t La=10%' are 0.11728 t REO
INSERT INTO enterprise (code, name, parent, activities, approved_from) VALUES
    ('CN-QHGRP', 'QH group', NULL, '{mining}', '2024-01-01'),
    ('CN-QHMINE', 'QH mine', 'CN-QHGRP', '{mining}', '2024-01-01');
INSERT INTO quota (holder, year, activity, limit_t) VALUES
    ('CN-QHGRP', 2024, 'mining', 10),
    ('CN-QHMINE', 2024, 'mining', 5),
    ('CN-QHMINE', 2025, 'mining', 5),
    ('CN-QHMINE', 2026, 'mining', 5);
CREATE VIEW pg_temp.qh_used AS
SELECT holder, year, limit_t, used_t FROM rare_trace.quota
WHERE holder LIKE 'CN-QH%' ORDER BY holder, year;

CREATE TABLE public.qh_prod (id int PRIMARY KEY, lot rare_lot, made_on date, note text);
SELECT attach_quota('public.qh_prod', 'lot', 'made_on', 'mining');

--
-- A quota with charges cannot be deleted: re-creating it would reset
-- used_t, which only rare_trace may change.
--
INSERT INTO public.qh_prod VALUES
    (1, 'CN-QHMINE-A1 ore 1t La=10%', '2024-05-01'),
    (2, 'CN-QHMINE-A2 ore 1t La=10%', '2025-05-01');
SELECT * FROM pg_temp.qh_used;
-- the charged 2025 quota spoils the statement, the uncharged 2026 one is
-- kept with it
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.quota WHERE holder = 'CN-QHMINE' AND year IN (2025, 2026)$$);
SELECT * FROM pg_temp.qh_used;
-- deleting the production rows releases them; then the quota can go
DELETE FROM public.qh_prod WHERE id = 2;
DELETE FROM quota WHERE holder = 'CN-QHMINE' AND year IN (2025, 2026);
SELECT * FROM pg_temp.qh_used;
-- TRUNCATE fires no trigger: the rows are gone but their charge is not, so
-- the quotas still cannot be deleted until quota_reconcile(true) brings
-- used_t back to what the enforced tables hold
TRUNCATE public.qh_prod;
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.quota WHERE holder = 'CN-QHMINE'$$);
SELECT holder, year, used_t, actual_t, drift_t FROM quota_reconcile(true) WHERE holder LIKE 'CN-QH%';
BEGIN;
DELETE FROM quota WHERE holder LIKE 'CN-QH%';
ROLLBACK;
SELECT * FROM pg_temp.qh_used;

--
-- used_t is never negative: releasing more than was charged fails, and
-- nothing of the statement is kept.
--
-- the mine's lot charges both quotas, the group's own lot (0.23456 t) only
-- the group's
INSERT INTO public.qh_prod VALUES
    (1, 'CN-QHMINE-A1 ore 1t La=10%', '2024-05-01'),
    (2, 'CN-QHGRP-A2 ore 2t La=10%', '2024-05-02');
-- a row written while the trigger was off was never charged (0.23456 t)
ALTER TABLE public.qh_prod DISABLE TRIGGER rare_trace_quota_ins;
INSERT INTO public.qh_prod VALUES (3, 'CN-QHMINE-B1 ore 2t La=10%', '2024-06-01');
ALTER TABLE public.qh_prod ENABLE TRIGGER rare_trace_quota_ins;
SELECT * FROM pg_temp.qh_used;
-- deleting it would release 0.23456 t from both quotas: the group's has
-- 0.35184 t, the mine's only 0.11728 t, so the statement fails and the
-- group's quota is not released either
SELECT * FROM regress_util.try($$DELETE FROM public.qh_prod WHERE id = 3$$);
SELECT count(*) AS rows FROM public.qh_prod;
SELECT * FROM pg_temp.qh_used;
-- not even the superuser may set a negative used_t
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET used_t = -0.000001 WHERE holder = 'CN-QHMINE'$$);
-- repaired (+ 0.23456 t each), the row can be deleted
SELECT holder, year, used_t, actual_t, drift_t FROM quota_reconcile(true) WHERE holder LIKE 'CN-QH%';
DELETE FROM public.qh_prod WHERE id = 3;
DELETE FROM public.qh_prod WHERE id = 2;
SELECT * FROM pg_temp.qh_used;

--
-- Re-parenting is serialised: a change of parent (or code) to a group, or
-- a new member, takes a transaction-level advisory lock until the end of
-- the transaction.  A change of name, or to no group, needs no lock.
--
CREATE VIEW pg_temp.qh_enterprise_locked AS
SELECT count(*) AS parent_lock FROM pg_locks
WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
  AND classid = 'rare_trace.enterprise'::regclass::oid AND objid = 1 AND objsubid = 2;
BEGIN;
UPDATE enterprise SET name = 'QH mine (renamed)' WHERE code = 'CN-QHMINE';
SELECT * FROM pg_temp.qh_enterprise_locked;
UPDATE enterprise SET parent = NULL WHERE code = 'CN-QHMINE';
SELECT * FROM pg_temp.qh_enterprise_locked;
UPDATE enterprise SET parent = 'CN-QHGRP' WHERE code = 'CN-QHMINE';
SELECT * FROM pg_temp.qh_enterprise_locked;
ROLLBACK;
BEGIN;
INSERT INTO enterprise (code, name, parent, approved_from) VALUES ('CN-QHNEW', 'QH new', 'CN-QHGRP', '2024-01-01');
SELECT * FROM pg_temp.qh_enterprise_locked;
ROLLBACK;
SELECT code, name, parent FROM enterprise WHERE code LIKE 'CN-QH%' ORDER BY code;

--
-- Quotas are charged once per key even if the chain of groups repeats.
-- The trigger above keeps groups from forming a circle; in one written
-- while triggers were off (session_replication_role = replica) the walk up
-- the groups stops where a group repeats, so every quota on it counts once.
--
SET session_replication_role = replica;
UPDATE enterprise SET parent = 'CN-QHMINE' WHERE code = 'CN-QHGRP';
RESET session_replication_role;
SELECT count(*) AS links, count(DISTINCT code) AS enterprises FROM enterprise_chain('CN-QHMINE');
SELECT holder, year, limit_t, used_t FROM applicable_quotas('CN-QHMINE', 2024, 'mining', NULL);
SELECT * FROM quota_check_detail('CN-QHMINE-C1 ore 1t La=10%', '2024-07-01', 'mining');
-- min(10 - 0.11728, 5 - 0.11728)
SELECT quota_remaining('CN-QHMINE', 2024, 'mining') AS remaining_t;
-- a lot of the mine and one of the group: 0.11728 t to each quota, each time
INSERT INTO public.qh_prod VALUES (4, 'CN-QHMINE-C1 ore 1t La=10%', '2024-07-01');
SELECT * FROM pg_temp.qh_used;
INSERT INTO public.qh_prod VALUES (5, 'CN-QHGRP-C2 ore 1t La=10%', '2024-07-02');
SELECT * FROM pg_temp.qh_used;
SELECT count(*) AS drifted FROM quota_reconcile() WHERE holder LIKE 'CN-QH%';
DELETE FROM public.qh_prod WHERE id = 5;
SELECT * FROM pg_temp.qh_used;
-- the circle can be broken (a group's parent set to none)
UPDATE enterprise SET parent = NULL WHERE code = 'CN-QHGRP';
SELECT * FROM enterprise_chain('CN-QHMINE');
SELECT count(*) AS drifted FROM quota_reconcile() WHERE holder LIKE 'CN-QH%';

--
-- attach_quota: the owner of an enforced table can disable its triggers,
-- so it must be a member of rare_trace_admin.
--
CREATE ROLE regress_rare_trace_qh_admin IN ROLE rare_trace_admin;
CREATE ROLE regress_rare_trace_qh_user;
CREATE TABLE public.qh_theirs (lot rare_lot, made_on date);
ALTER TABLE public.qh_theirs OWNER TO regress_rare_trace_qh_user;
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_theirs', 'lot', 'made_on', 'mining')$$);
SELECT count(*) AS registered FROM quota_table WHERE relid = 'public.qh_theirs'::regclass;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'public.qh_theirs'::regclass;
-- owned by a member, it is attached, here by that member itself
ALTER TABLE public.qh_theirs OWNER TO regress_rare_trace_qh_admin;
SET ROLE regress_rare_trace_qh_admin;
SELECT attach_quota('public.qh_theirs', 'lot', 'made_on', 'mining');
INSERT INTO public.qh_theirs VALUES ('CN-QHMINE-D1 ore 1t La=10%', '2024-05-02');
RESET ROLE;
SELECT registered_by FROM quota_table WHERE relid = 'public.qh_theirs'::regclass;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'public.qh_theirs'::regclass;
SELECT * FROM pg_temp.qh_used;
DELETE FROM public.qh_theirs;

--
-- attach_quota checks that the named columns exist and have the types the
-- trigger reads, before it registers or creates anything.
--
CREATE DOMAIN public.qh_num AS int;
CREATE TABLE public.qh_cols (lot rare_lot, made_on date, made_at timestamptz, code text,
                             n int, n_d public.qh_num, kind varchar(20));
-- columns that do not exist (a system column is not a column here)
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot_code', 'made_on', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_when', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_on', 'activity', activity_is_column => true)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_on', 'mining', 'category', category_is_column => true)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_on', 'tableoid', activity_is_column => true)$$);
-- columns of the wrong type (a domain is judged by its base type)
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'code', 'made_on', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_at', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_on', 'n', activity_is_column => true)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_on', 'n_d', activity_is_column => true)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qh_cols', 'lot', 'made_on', 'mining', 'n', category_is_column => true)$$);
-- nothing was registered or created
SELECT count(*) AS registered FROM quota_table WHERE relid = 'public.qh_cols'::regclass;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'public.qh_cols'::regclass;
-- varchar is text enough
SELECT attach_quota('public.qh_cols', 'lot', 'made_on', 'mining', 'kind', category_is_column => true);
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'public.qh_cols'::regclass;

-- Domains count as their base type: a rare_trace.activity column is an
-- activity column.  attach_quota, the trigger and quota_reconcile agree.
CREATE DOMAIN public.qh_lot AS rare_lot;
CREATE DOMAIN public.qh_day AS date CHECK (VALUE >= '2000-01-01');
CREATE DOMAIN public.qh_kind AS varchar(20);
CREATE TABLE public.qh_dom (lot public.qh_lot, day public.qh_day, act rare_trace.activity, kind public.qh_kind);
SELECT attach_quota('public.qh_dom', 'lot', 'day', 'act', 'kind', activity_is_column => true, category_is_column => true);
INSERT INTO public.qh_dom VALUES ('CN-QHMINE-E1 ore 1t La=10%', '2024-05-03', 'mining', 'rock');
SELECT * FROM pg_temp.qh_used;
SELECT count(*) AS drifted FROM quota_reconcile() WHERE holder LIKE 'CN-QH%';
DELETE FROM public.qh_dom;
SELECT * FROM pg_temp.qh_used;

--
-- EXECUTE on enforce_quota() is for rare_trace_admin: nobody else can put
-- the trigger on a table, even one of their own.  Triggers fire without it.
--
SELECT r AS role, has_function_privilege(r, 'rare_trace.enforce_quota()', 'EXECUTE') AS can_attach
FROM unnest(ARRAY['public', 'rare_trace_reader', 'rare_trace_admin',
                  'regress_rare_trace_qh_admin', 'regress_rare_trace_qh_user']) AS r;
CREATE TABLE public.qh_own (lot rare_lot, made_on date);
ALTER TABLE public.qh_own OWNER TO regress_rare_trace_qh_user;
SET ROLE regress_rare_trace_qh_user;
SELECT * FROM regress_util.try($$CREATE TRIGGER qh_t AFTER INSERT ON public.qh_own REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_quota('lot=lot', 'date=made_on', 'activity=mining')$$);
RESET ROLE;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'public.qh_own'::regclass;
-- a producer without EXECUTE charges and releases through the triggers
GRANT SELECT, INSERT, DELETE ON public.qh_prod TO regress_rare_trace_qh_user;
SET ROLE regress_rare_trace_qh_user;
INSERT INTO public.qh_prod VALUES (6, 'CN-QHMINE-F1 ore 1t La=10%', '2024-05-04');
RESET ROLE;
SELECT * FROM pg_temp.qh_used;
SET ROLE regress_rare_trace_qh_user;
DELETE FROM public.qh_prod WHERE id = 6;
RESET ROLE;
SELECT * FROM pg_temp.qh_used;

--
-- approval_problem() is not STRICT: NULL means "approved", so a NULL
-- argument must not produce it.  No enterprise is a problem; no activity
-- or day is an error.
--
SELECT proisstrict FROM pg_proc WHERE oid = 'rare_trace.approval_problem(text, text, date, date)'::regprocedure;
SELECT approval_problem(NULL, 'mining', '2024-05-01', '2024-05-01') AS no_enterprise,
       approval_problem(NULL, NULL, NULL, NULL) AS nothing_given;
SELECT * FROM regress_util.try($$SELECT rare_trace.approval_problem('CN-QHMINE', NULL, '2024-05-01', '2024-05-01')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.approval_problem('CN-QHMINE', 'mining', NULL, '2024-05-01')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.approval_problem('CN-QHMINE', 'mining', '2024-05-01', NULL)$$);
-- quota_check, which asks it, fails the same way without a date
SELECT * FROM regress_util.try($$SELECT rare_trace.quota_check('CN-QHMINE-G1 ore 1t La=10%', NULL, 'mining')$$);
-- with every argument it answers as before
SELECT approval_problem('CN-QHMINE', 'mining', '2024-05-01', '2024-05-01') AS approved,
       approval_problem('CN-QHNONE', 'mining', '2024-05-01', '2024-05-01') AS unknown;

--
-- An UPDATE whose net charge for a key is zero adds no production and
-- checks no approval.  CN-QHMINE's approval now ends on 2024-06-30, before
-- row 4 (2024-07-01).
--
UPDATE enterprise SET approved_until = '2024-06-30' WHERE code = 'CN-QHMINE';
SELECT id, lot_code(lot), made_on, note FROM public.qh_prod ORDER BY id;
-- a note changes no charge
UPDATE public.qh_prod SET note = 'audited' WHERE id = 4;
UPDATE public.qh_prod SET note = coalesce(note || ', ', '') || 'year end';
-- a larger lot adds 0.11728 t: approval is checked, and fails
SELECT * FROM regress_util.try($$UPDATE public.qh_prod SET lot = 'CN-QHMINE-C1 ore 2t La=10%' WHERE id = 4$$);
-- and so does a new row
SELECT * FROM regress_util.try($$INSERT INTO public.qh_prod VALUES (7, 'CN-QHMINE-H1 ore 1t La=10%', '2024-07-01')$$);
SELECT id, lot_code(lot), made_on, note FROM public.qh_prod ORDER BY id;
SELECT * FROM pg_temp.qh_used;

--
-- Clean up.
--
DELETE FROM public.qh_prod;
SELECT * FROM pg_temp.qh_used;
DELETE FROM quota_table WHERE relid IN ('public.qh_prod'::regclass, 'public.qh_theirs'::regclass,
                                        'public.qh_cols'::regclass, 'public.qh_dom'::regclass);
DROP TABLE public.qh_prod, public.qh_theirs, public.qh_cols, public.qh_dom, public.qh_own;
DROP DOMAIN public.qh_num, public.qh_lot, public.qh_day, public.qh_kind;
DELETE FROM quota WHERE holder LIKE 'CN-QH%';
DELETE FROM enterprise WHERE code LIKE 'CN-QH%';
DROP ROLE regress_rare_trace_qh_admin;
DROP ROLE regress_rare_trace_qh_user;
SELECT count(*) AS left_over FROM enterprise WHERE code LIKE 'CN-QH%';
SELECT count(*) AS left_over FROM quota_table;
