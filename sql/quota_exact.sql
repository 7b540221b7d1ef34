--
-- quota_exact: tonnes are exact everywhere, not only in the trigger.  The
-- trigger sums mass_g x oxide weight in integers, so it charges a lot of
-- 10,000 t REO or more to the last of its 16 decimals (kg to 10^-13, t to
-- 10^-16); quota_check_detail and quota_reconcile must compute the same
-- figure, or they disagree with the trigger at the limit and report drift
-- that is not there.  Everything created here is named CN-QX* / public.qx_*
-- and removed at the end.
--
-- The lots, La=99.9999% (999999 ppm x 1.1728):
--   10000000.001 kg -> 10^10 + 1 g x 11727988272 / 10^16 = 11727.9882731727988272 t
--   10000000.002 kg -> 10^10 + 2 g x 11727988272 / 10^16 = 11727.9882743455976544 t
-- Rounded to 13 decimals (numeric division by 1000 of a 5-digit figure) the
-- first would round down to ...7988, the second up to ...5977.
--
SET search_path = rare_trace, public;

-- errors as rows: regress_util.try() (sql/00_setup.sql)
SELECT reo_kg('CN-QXBIG-1 oxide 10000000.001kg La=99.9999%') AS reo_kg_1,
       reo_kg('CN-QXBIG-2 oxide 10000000.002kg La=99.9999%') AS reo_kg_2;

INSERT INTO enterprise (code, name, activities, approved_from)
VALUES ('CN-QXBIG', 'QX large producer', '{mining}', '2024-01-01');
INSERT INTO quota (holder, year, activity, limit_t) VALUES
    -- exactly lot 2
    ('CN-QXBIG', 2024, 'mining', 11727.9882743455976544),
    -- 10^-16 t short of lot 1
    ('CN-QXBIG', 2025, 'mining', 11727.9882731727988271),
    ('CN-QXBIG', 2026, 'mining', 1);
CREATE TABLE public.qx_prod (id int PRIMARY KEY, lot rare_lot, made_on date);
SELECT attach_quota('public.qx_prod', 'lot', 'made_on', 'mining');

--
-- Lot 2 fills the 2024 quota exactly: quota_check says yes, with the exact
-- figure, and the trigger agrees.
--
SELECT * FROM quota_check_detail('CN-QXBIG-2 oxide 10000000.002kg La=99.9999%', '2024-06-01', 'mining');
SELECT quota_check('CN-QXBIG-2 oxide 10000000.002kg La=99.9999%', '2024-06-01', 'mining') AS fits;
INSERT INTO public.qx_prod VALUES (1, 'CN-QXBIG-2 oxide 10000000.002kg La=99.9999%', '2024-06-01');
SELECT year, limit_t, used_t, limit_t - used_t AS left_t FROM quota WHERE holder = 'CN-QXBIG' ORDER BY year;
-- and quota_reconcile sees no drift
SELECT year, used_t, actual_t, drift_t FROM quota_reconcile() WHERE holder = 'CN-QXBIG';

--
-- Lot 1 is 10^-16 t too much for the 2025 quota: quota_check says no, and
-- the trigger agrees.
--
SELECT * FROM quota_check_detail('CN-QXBIG-1 oxide 10000000.001kg La=99.9999%', '2025-06-01', 'mining');
SELECT quota_check('CN-QXBIG-1 oxide 10000000.001kg La=99.9999%', '2025-06-01', 'mining') AS fits;
SELECT * FROM regress_util.try($$INSERT INTO public.qx_prod VALUES (2, 'CN-QXBIG-1 oxide 10000000.001kg La=99.9999%', '2025-06-01')$$);

--
-- Drift is reported and repaired in the figures the trigger uses: exact,
-- and without padding zeros.  A lot of 0.11728 t goes in uncharged.
--
ALTER TABLE public.qx_prod DISABLE TRIGGER rare_trace_quota_ins;
INSERT INTO public.qx_prod VALUES (3, 'CN-QXBIG-S1 ore 1t La=10%', '2026-06-01');
ALTER TABLE public.qx_prod ENABLE TRIGGER rare_trace_quota_ins;
SELECT year, used_t, actual_t, drift_t FROM quota_reconcile() WHERE holder = 'CN-QXBIG';
SELECT year, used_t, actual_t, drift_t FROM quota_reconcile(true) WHERE holder = 'CN-QXBIG';
SELECT year, limit_t, used_t, remaining_t, used_pct FROM quota_status WHERE holder = 'CN-QXBIG' ORDER BY year;
SELECT count(*) AS drifted FROM quota_reconcile() WHERE holder = 'CN-QXBIG';

-- releasing both lots brings every quota back to exactly 0
DELETE FROM public.qx_prod;
SELECT year, used_t FROM quota WHERE holder = 'CN-QXBIG' ORDER BY year;

--
-- Clean up.
--
DELETE FROM quota_table WHERE relid = 'public.qx_prod'::regclass;
DROP TABLE public.qx_prod;
DELETE FROM quota WHERE holder = 'CN-QXBIG';
DELETE FROM enterprise WHERE code = 'CN-QXBIG';
