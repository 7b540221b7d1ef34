--
-- quota_values: values the quota side refuses, so that none can turn a
-- quota off or break the checks of an enterprise.
--   - limit_t and used_t are finite: NaN and +-Infinity are refused
--     (23514), so no quota becomes unlimited
--   - enterprise.activities holds no NULL element (23514), and a row
--     written around the check approves nothing rather than breaking
--     every check and insert of the enterprise
--   - a date that is not finite gets the same error (22008) from the
--     trigger, quota_check_detail, quota_check and quota_reconcile: one
--     rule, rare_trace.production_year()
-- Everything created here is named CN-QV* / public.qv_* and removed at the
-- end.
--
SET search_path = rare_trace, public;

-- errors as rows: regress_util.try() (sql/00_setup.sql)

INSERT INTO enterprise (code, name, activities, approved_from) VALUES
    ('CN-QVMINE', 'QV mine', '{mining}', '2024-01-01');
INSERT INTO quota (holder, year, activity, limit_t) VALUES ('CN-QVMINE', 2024, 'mining', 1);
CREATE TABLE public.qv_prod (id int PRIMARY KEY, lot rare_lot, made_on date);
SELECT attach_quota('public.qv_prod', 'lot', 'made_on', 'mining');
CREATE VIEW pg_temp.qv_quota AS
SELECT year, limit_t, used_t FROM rare_trace.quota WHERE holder = 'CN-QVMINE' ORDER BY year;

--
-- limit_t: NaN and +-Infinity are refused on insert and update (before
-- 0.3.1 NaN and Infinity made the quota unlimited).
--
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QVMINE', 2025, 'mining', 'NaN')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QVMINE', 2025, 'mining', 'Infinity')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QVMINE', 2025, 'mining', '-Infinity')$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET limit_t = 'NaN' WHERE holder = 'CN-QVMINE'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET limit_t = 'Infinity' WHERE holder = 'CN-QVMINE'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET limit_t = '-Infinity' WHERE holder = 'CN-QVMINE'$$);
-- a large finite limit is fine
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET limit_t = 1e300 WHERE holder = 'CN-QVMINE'$$);
UPDATE quota SET limit_t = 1 WHERE holder = 'CN-QVMINE';
SELECT * FROM pg_temp.qv_quota;
-- the limit still holds
SELECT * FROM regress_util.try($$INSERT INTO public.qv_prod VALUES (1, 'CN-QVMINE-A1 ore 10t La=10%', '2024-05-01')$$);

--
-- used_t: not even the superuser may store NaN or +-Infinity.
--
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET used_t = 'NaN' WHERE holder = 'CN-QVMINE'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET used_t = 'Infinity' WHERE holder = 'CN-QVMINE'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET used_t = '-Infinity' WHERE holder = 'CN-QVMINE'$$);
SELECT * FROM pg_temp.qv_quota;
-- the checks are constraints of the table
SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
WHERE conrelid = 'rare_trace.quota'::regclass AND contype = 'c' ORDER BY conname;

--
-- enterprise.activities: no NULL element (before 0.3.1 it was accepted,
-- and every check and insert of the enterprise then failed with 22004).
--
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, activities, approved_from) VALUES ('CN-QVNULL', 'x', '{mining,NULL}', '2024-01-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, activities, approved_from) VALUES ('CN-QVNULL', 'x', ARRAY[NULL]::rare_trace.activity[], '2024-01-01')$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET activities = activities || NULL::rare_trace.activity WHERE code = 'CN-QVMINE'$$);
-- nor a list of lists
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET activities = '{{mining},{trading}}' WHERE code = 'CN-QVMINE'$$);
SELECT activities FROM enterprise WHERE code = 'CN-QVMINE';
-- a NULL written around the check approves nothing, and the rest of the
-- list still counts
ALTER TABLE enterprise DROP CONSTRAINT enterprise_activities_check;
UPDATE enterprise SET activities = '{NULL,mining,NULL}' WHERE code = 'CN-QVMINE';
SELECT approval_problem('CN-QVMINE', 'mining', '2024-05-01', '2024-05-01') AS mining,
       approval_problem('CN-QVMINE', 'trading', '2024-05-01', '2024-05-01') AS trading;
SELECT holder, ok, reason FROM quota_check_detail('CN-QVMINE-A2 ore 1t La=10%', '2024-05-01', 'mining');
INSERT INTO public.qv_prod VALUES (2, 'CN-QVMINE-A2 ore 1t La=10%', '2024-05-01');
SELECT * FROM regress_util.try($$INSERT INTO public.qv_prod VALUES (3, 'CN-QVMINE-A3 ore 1t La=10%', '2024-05-01')$$);
UPDATE enterprise SET activities = '{NULL}' WHERE code = 'CN-QVMINE';
SELECT approval_problem('CN-QVMINE', 'mining', '2024-05-01', '2024-05-01') AS mining;
UPDATE enterprise SET activities = '{mining}' WHERE code = 'CN-QVMINE';
ALTER TABLE enterprise ADD CONSTRAINT enterprise_activities_check
    CHECK (pg_catalog.array_ndims(activities) IS NULL
           OR (pg_catalog.array_ndims(activities) OPERATOR(pg_catalog.=) 1
               AND pg_catalog.array_position(activities, NULL) IS NULL));
SELECT * FROM pg_temp.qv_quota;

--
-- Dates that are not finite: one rule and one error (22008) for the
-- trigger and the check functions (before 0.3.1 quota_check_detail failed
-- with 0A000 from its own SQL).
--
SELECT * FROM regress_util.try($$INSERT INTO public.qv_prod VALUES (4, 'CN-QVMINE-A4 ore 1t La=10%', 'infinity')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qv_prod VALUES (4, 'CN-QVMINE-A4 ore 1t La=10%', '-infinity')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.quota_check_detail('CN-QVMINE-A4 ore 1t La=10%', 'infinity', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.quota_check_detail('CN-QVMINE-A4 ore 1t La=10%', '-infinity', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.quota_check('CN-QVMINE-A4 ore 1t La=10%', 'infinity', 'mining')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.production_year('CN-QVMINE-A4 ore 1t La=10%', 'infinity')$$);
SELECT production_year('CN-QVMINE-A4 ore 1t La=10%', '2024-12-31') AS year,
       production_year(NULL, '2024-12-31') AS no_lot,
       production_year('CN-QVMINE-A4 ore 1t La=10%', NULL) AS no_date;
-- a row with such a date written while the trigger was off: quota_reconcile
-- refuses it the same way
ALTER TABLE public.qv_prod DISABLE TRIGGER rare_trace_quota_ins;
INSERT INTO public.qv_prod VALUES (4, 'CN-QVMINE-A4 ore 1t La=10%', 'infinity');
ALTER TABLE public.qv_prod ENABLE TRIGGER rare_trace_quota_ins;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.quota_reconcile()$$);
-- and so does the trigger on its way out
SELECT * FROM regress_util.try($$DELETE FROM public.qv_prod WHERE id = 4$$);
ALTER TABLE public.qv_prod DISABLE TRIGGER rare_trace_quota_del;
DELETE FROM public.qv_prod WHERE id = 4;
ALTER TABLE public.qv_prod ENABLE TRIGGER rare_trace_quota_del;
SELECT count(*) AS drifted FROM quota_reconcile() WHERE holder = 'CN-QVMINE';

--
-- Clean up.
--
DELETE FROM public.qv_prod;
DELETE FROM quota_table WHERE relid = 'public.qv_prod'::regclass;
DROP TABLE public.qv_prod;
DELETE FROM quota WHERE holder LIKE 'CN-QV%';
DELETE FROM enterprise WHERE code LIKE 'CN-QV%';
SELECT count(*) AS left_over FROM enterprise WHERE code LIKE 'CN-QV%';
