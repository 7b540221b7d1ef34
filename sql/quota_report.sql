--
-- quota_report: the questions asked of the quotas (quota_remaining,
-- quota_check, quota_check_detail, the quota_status view) and drift
-- detection and repair (quota_reconcile), on China's 2024 first-batch
-- quotas (tonnes REO; fastmarkets.com, see ../shared/domain.md):
--   China Northern Rare Earth (CNRE): mining 94,580 (rock), separation 88,010
--   China Rare Earth Group (CREG):    mining 30,280 rock + 10,140 ion-adsorption
--                                     = 40,420, separation 38,990
-- The members of CREG, their sub-allocations and the lots are illustrative.
-- Everything created here is named CN-NRE / CN-CREG* / public.qr_* and
-- removed at the end.
--
SET search_path = rare_trace, public;

-- errors as rows: regress_util.try() (sql/00_setup.sql)
INSERT INTO enterprise (code, name, parent, activities, approved_from) VALUES
    ('CN-NRE', 'China Northern Rare Earth (Group) High-Tech', NULL, '{mining,separation}', '2024-01-01'),
    ('CN-CREG', 'China Rare Earth Group', NULL, '{mining,separation}', '2024-01-01'),
    ('CN-CREGSC', 'CREG rock mine (illustrative)', 'CN-CREG', '{mining}', '2024-01-01'),
    ('CN-CREGJX', 'CREG ion-adsorption mine (illustrative)', 'CN-CREG', '{mining}', '2024-01-01'),
    ('CN-CREGGX', 'CREG ion-adsorption mine without own quota (illustrative)', 'CN-CREG', '{mining}', '2024-01-01');
INSERT INTO quota (holder, year, activity, category, limit_t) VALUES
    ('CN-NRE', 2024, 'mining', 'rock', 94580),
    ('CN-NRE', 2024, 'separation', NULL, 88010),
    ('CN-CREG', 2024, 'mining', 'rock', 30280),
    ('CN-CREG', 2024, 'mining', 'ion_adsorption', 10140),
    ('CN-CREG', 2024, 'mining', NULL, 40420),
    ('CN-CREG', 2024, 'separation', NULL, 38990),
    -- sub-allocations within CREG (illustrative), and no monazite at all
    ('CN-CREGSC', 2024, 'mining', 'rock', 20000),
    ('CN-CREGSC', 2024, 'mining', 'monazite', 0),
    ('CN-CREGJX', 2024, 'mining', 'ion_adsorption', 5000);
-- the first batch: 135,000 t mining (rock + ion-adsorption), 127,000 t separation
SELECT activity, sum(limit_t) AS first_batch_t FROM quota
WHERE holder IN ('CN-NRE', 'CN-CREG') AND (activity = 'separation' OR category IS NOT NULL)
GROUP BY activity ORDER BY activity;

CREATE TABLE public.qr_mine (id int PRIMARY KEY, lot rare_lot, mined_on date, ore_type text);
SELECT attach_quota('public.qr_mine', 'lot', 'mined_on', 'mining', 'ore_type', category_is_column => true);
CREATE TABLE public.qr_sep (id int PRIMARY KEY, lot rare_lot, made_on date);
SELECT attach_quota('public.qr_sep', 'lot', 'made_on', 'separation');

-- the quotas of this file
CREATE VIEW pg_temp.qr_status AS
SELECT s.* FROM rare_trace.quota_status AS s
WHERE s.holder IN ('CN-NRE', 'CN-CREG', 'CN-CREGSC', 'CN-CREGJX')
ORDER BY s.holder, s.year, s.activity, s.category NULLS FIRST;

--
-- quota_status: plain column types, for BI tools.
--
SELECT column_name, data_type FROM information_schema.columns
WHERE table_schema = 'rare_trace' AND table_name = 'quota_status' ORDER BY ordinal_position;
SELECT * FROM pg_temp.qr_status;

--
-- Production.  REO by hand (La 1.1728, Ce 1.2284, Pr 1.2082, Nd 1.1664,
-- Y 1.2699, Gd 1.1526, Tb 1.1762, Dy 1.1477):
--   CN-NRE-BY24001, 10,000 t Bayan Obo concentrate (rock)
--     La 1200 t x 1.1728 = 1407.36     Ce 2500 t x 1.2284 = 3071
--     Pr  250 t x 1.2082 =  302.05     Nd  850 t x 1.1664 =  991.44   = 5771.85 t
--   CN-CREGSC-R001, 5,000 t concentrate (rock)
--     La 750 t = 879.6   Ce 1300 t = 1596.92   Pr 125 t = 151.025
--     Nd 375 t = 437.4                                                 = 3064.945 t
--   CN-CREGJX-IA001, 2,000 t ion-adsorption concentrate
--     Y 800 t = 1015.92   Gd 80 t = 92.208   Tb 20 t = 23.524
--     Dy 100 t = 114.77   Nd 60 t = 69.984                             = 1316.406 t
--
INSERT INTO public.qr_mine VALUES
    (1, 'CN-NRE-BY24001 concentrate 10000t La=12% Ce=25% Pr=2.5% Nd=8.5%', '2024-04-15', 'rock'),
    (2, 'CN-CREGSC-R001 concentrate 5000t La=15% Ce=26% Pr=2.5% Nd=7.5%', '2024-04-20', 'rock'),
    (3, 'CN-CREGJX-IA001 concentrate 2000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%', '2024-05-10', 'ion_adsorption');
SELECT id, lot_code(lot), reo_kg(lot) / 1000 = t AS as_above
FROM public.qr_mine JOIN (VALUES (1, 5771.85), (2, 3064.945), (3, 1316.406)) AS v(id, t) USING (id)
ORDER BY id;
-- used_pct: 5771.85 / 94580 = 6.1026 %, 3064.945 / 30280 = 10.1220 %,
-- 1316.406 / 10140 = 12.9823 %, 4381.351 / 40420 = 10.8396 %,
-- 3064.945 / 20000 = 15.3247 %, 1316.406 / 5000 = 26.3281 %; a 0 limit has none
SELECT * FROM pg_temp.qr_status;

--
-- quota_remaining(holder, year, activity, category): the least room among
-- the quotas a production by the holder would charge.
--
SELECT h AS holder, c AS category, quota_remaining(h, 2024, 'mining', c) AS remaining_t
FROM (VALUES
    -- the member's sub-allocation binds: 20000 - 3064.945
    ('CN-CREGSC', 'rock'),
    -- no monazite: 0
    ('CN-CREGSC', 'monazite'),
    -- the member's sub-allocation binds: 5000 - 1316.406
    ('CN-CREGJX', 'ion_adsorption'),
    -- a member without its own quota: the group's ion quota binds, 10140 - 1316.406
    ('CN-CREGGX', 'ion_adsorption'),
    -- without a category only the group's any-category quota counts: 40420 - 4381.351
    ('CN-CREGGX', NULL),
    -- the group itself: min(30280 - 3064.945, 40420 - 4381.351)
    ('CN-CREG', 'rock'),
    ('CN-NRE', 'rock'),
    -- no quota: NULL
    ('CN-NRE', 'ion_adsorption'),
    ('CN-NRE', NULL),
    ('CN-NOSUCH', 'rock')) AS v(h, c);
SELECT quota_remaining('CN-NRE', 2024, 'separation') AS nre_separation,
       quota_remaining('CN-NRE', 2025, 'mining', 'rock') AS nre_2025,
       quota_remaining('CN-NRE', 2024, 'refining') AS nre_refining;
-- the default category is NULL
SELECT quota_remaining('CN-CREGGX', 2024, 'mining') = quota_remaining('CN-CREGGX', 2024, 'mining', NULL) AS same;

--
-- quota_check and quota_check_detail: would this lot be accepted now?  One
-- detail row per quota it would charge (in id order), or one row saying why
-- none can be; no side effect.
--
CREATE TEMP TABLE qr_before AS SELECT id, used_t FROM quota;

-- 6,000 t more of CREGJX's concentrate, 3949.218 t REO: over its own
-- 3683.594 t, within the group's
SELECT * FROM quota_check_detail('CN-CREGJX-IA002 concentrate 6000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%',
                                 '2024-06-01', 'mining', 'ion_adsorption');
-- 14,000 t by CREGGX, 9214.842 t: over the group's ion quota (8823.594 t
-- left), within the group's total
SELECT * FROM quota_check_detail('CN-CREGGX-IA001 concentrate 14000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%',
                                 '2024-06-01', 'mining', 'ion_adsorption');
-- the same as a rock lot: a rock quota is not charged by ion-adsorption and
-- vice versa, so only the total applies
SELECT * FROM quota_check_detail('CN-CREGGX-IA001 concentrate 14000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%',
                                 '2024-06-01', 'mining', 'rock');
SELECT quota_check('CN-CREGJX-IA002 concentrate 6000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%', '2024-06-01', 'mining', 'ion_adsorption') AS jx_6000,
       quota_check('CN-CREGJX-IA002 concentrate 5000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%', '2024-06-01', 'mining', 'ion_adsorption') AS jx_5000,
       quota_check('CN-CREGGX-IA001 concentrate 14000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%', '2024-06-01', 'mining', 'ion_adsorption') AS gx_ion,
       quota_check('CN-CREGGX-IA001 concentrate 14000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%', '2024-06-01', 'mining', 'rock') AS gx_rock;
-- An oxide of La=0.0514% Nd=85.6822% has exactly its own mass in REO:
-- 514 x 11728 + 856822 x 11664 = 10^10 (ppm x factor x 10^4).  88,010 t of
-- it fills CNRE's separation quota exactly; one gram more does not fit.
SELECT reo_kg('CN-NRE-SEP001 oxide 1kg La=0.0514% Nd=85.6822%') AS reo_of_1kg;
SELECT * FROM quota_check_detail('CN-NRE-SEP001 oxide 88010t La=0.0514% Nd=85.6822%', '2024-12-31', 'separation');
SELECT * FROM quota_check_detail('CN-NRE-SEP001 oxide 88010000.001kg La=0.0514% Nd=85.6822%', '2024-12-31', 'separation');
-- why a lot cannot be charged at all
SELECT * FROM quota_check_detail('CN-NRE-SEP001 oxide 1t Nd=85%', '2023-12-31', 'separation');
SELECT * FROM quota_check_detail('CN-NRE-BY24002 concentrate 1t La=12%', '2024-05-01', 'mining', 'ion_adsorption');
SELECT * FROM quota_check_detail('CN-NRE-BY24002 concentrate 1t La=12%', '2024-05-01', 'mining');
SELECT * FROM quota_check_detail('CN-NRE-BY24002 concentrate 1t La=12%', '2024-05-01', 'refining');
SELECT * FROM quota_check_detail('CN-CREGSC-R002 concentrate 1t La=12%', '2024-05-01', 'separation');
SELECT * FROM quota_check_detail('CN-NOSUCH-1 concentrate 1t La=12%', '2024-05-01', 'mining', 'rock');
SELECT * FROM quota_check_detail('CN-CREGSC-P1 concentrate 1t La=12% Pm=0.001%', '2024-05-01', 'mining', 'rock');
SELECT * FROM quota_check_detail('CN-CREGSC-M1 concentrate 1kg Ce=1%', '2024-05-01', 'mining', 'monazite');
-- a lot without rare earths requests nothing and fits
SELECT * FROM quota_check_detail('CN-CREGSC-M2 concentrate 1t', '2024-05-01', 'mining', 'monazite');
SELECT quota_check('CN-NOSUCH-1 concentrate 1t La=12%', '2024-05-01', 'mining', 'rock') AS unknown,
       quota_check('CN-CREGSC-P1 concentrate 1t La=12% Pm=0.001%', '2024-05-01', 'mining', 'rock') AS promethium,
       quota_check('CN-NRE-BY24002 concentrate 1t La=12%', '2024-05-01', 'mining') AS no_quota,
       quota_check('CN-NRE-BY24002 concentrate 1t La=12%', '2024-05-01', 'mining', 'rock') AS fits;
-- nothing was charged by any of these
SELECT count(*) AS changed FROM quota JOIN qr_before USING (id) WHERE quota.used_t <> qr_before.used_t;

-- what quota_check said is what the trigger does
INSERT INTO public.qr_sep VALUES (1, 'CN-NRE-SEP001 oxide 88010t La=0.0514% Nd=85.6822%', '2024-12-31');
SELECT * FROM regress_util.try($$INSERT INTO public.qr_sep VALUES (2, 'CN-NRE-SEP002 oxide 1g La=0.0514% Nd=85.6822%', '2024-12-31')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qr_mine VALUES (4, 'CN-CREGJX-IA002 concentrate 6000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%', '2024-06-01', 'ion_adsorption')$$);
INSERT INTO public.qr_mine VALUES (4, 'CN-CREGJX-IA002 concentrate 5000t Y=40% Gd=4% Tb=1% Dy=5% Nd=3%', '2024-06-01', 'ion_adsorption');
SELECT quota_remaining('CN-NRE', 2024, 'separation') AS nre_separation_left,
       quota_remaining('CN-CREGJX', 2024, 'mining', 'ion_adsorption') AS jx_left;
SELECT * FROM pg_temp.qr_status;
SELECT count(*) AS drifted FROM quota_reconcile();

--
-- quota_reconcile: TRUNCATE fires no trigger, so the quotas still count the
-- truncated lots.  quota_reconcile() reports the drift and changes nothing;
-- quota_reconcile(true) reports it and repairs it.
--
TRUNCATE public.qr_mine;
SELECT holder, year, activity, category, used_t, actual_t, drift_t
FROM quota_reconcile() WHERE holder LIKE 'CN-%RE%' ORDER BY holder, category NULLS FIRST;
SELECT holder, category, used_t FROM pg_temp.qr_status WHERE activity = 'mining';
SELECT holder, year, activity, category, used_t, actual_t, drift_t
FROM quota_reconcile(repair => true) WHERE holder LIKE 'CN-%RE%' ORDER BY holder, category NULLS FIRST;
SELECT holder, category, used_t FROM pg_temp.qr_status WHERE activity = 'mining';
SELECT count(*) AS drifted FROM quota_reconcile();

-- A disabled trigger: rows go in uncharged.  (quota_reconcile trims its
-- figures, as the trigger does: no padding zeros.)
ALTER TABLE public.qr_mine DISABLE TRIGGER rare_trace_quota_ins;
INSERT INTO public.qr_mine VALUES
    (1, 'CN-NRE-BY24001 concentrate 10000t La=12% Ce=25% Pr=2.5% Nd=8.5%', '2024-04-15', 'rock');
ALTER TABLE public.qr_mine ENABLE TRIGGER rare_trace_quota_ins;
SELECT holder, category, used_t, actual_t, drift_t
FROM quota_reconcile() WHERE holder LIKE 'CN-%RE%';
SELECT count(*) AS repaired FROM quota_reconcile(true);
SELECT holder, category, used_t = 5771.85 AS repaired FROM quota WHERE holder = 'CN-NRE' AND activity = 'mining';
SELECT count(*) AS drifted FROM quota_reconcile();
-- the repaired quota is charged and released as usual from then on
DELETE FROM public.qr_mine WHERE id = 1;
SELECT holder, category, used_t FROM quota WHERE holder = 'CN-NRE' AND activity = 'mining';
SELECT count(*) AS drifted FROM quota_reconcile();

-- With no enforced table left, every use is drift.
DELETE FROM quota_table WHERE relid IN ('public.qr_mine'::regclass, 'public.qr_sep'::regclass);
SELECT holder, activity, category, used_t, actual_t, drift_t
FROM quota_reconcile() WHERE holder LIKE 'CN-%RE%';

--
-- Clean up.
--
SELECT count(*) FROM quota_reconcile(true) WHERE holder LIKE 'CN-%RE%';
DROP TABLE public.qr_mine, public.qr_sep;
DELETE FROM quota WHERE holder IN ('CN-NRE', 'CN-CREG', 'CN-CREGSC', 'CN-CREGJX', 'CN-CREGGX');
DELETE FROM enterprise WHERE code IN ('CN-NRE', 'CN-CREG', 'CN-CREGSC', 'CN-CREGJX', 'CN-CREGGX');
SELECT count(*) AS left_over FROM quota WHERE holder LIKE 'CN-%RE%';
