-- scripts/demo.sql: a short guided tour of the rare_lot type and, with
-- rare_trace 0.2.0, of quota enforcement.
--
-- Run by scripts/demo in a throwaway database, after
-- CREATE EXTENSION rare_trace:
--
--     psql -X -v ON_ERROR_STOP=1 -f scripts/demo.sql
--
-- It loads a small demo data set into the schema "demo" and prints a report
-- made only with the extension's own functions.  The quota part (sections
-- 9-15) also registers demo enterprises and quotas in rare_trace.enterprise
-- and rare_trace.quota, all with codes starting CN-DEMO; it is skipped,
-- with a note, when the installed rare_trace is older than 0.2.0.
--
-- It can be run again: it drops and recreates the schema "demo" and its
-- CN-DEMO... registry rows (only if this script created them).
--
-- What is real and what is not:
--
--   * REAL: the 2024 mine production figures (tonnes of rare-earth oxide,
--     REO) are the USGS Mineral Commodity Summaries 2025 estimates (data
--     release https://doi.org/10.5066/P13XCP3R), world total 390,000 t.
--   * REAL (as ranges): concentrate grades, bastnaesite concentrate 70-75 %
--     REO and monazite/xenotime concentrate 55-60 % REO
--     (rareearthmetalrefining.com, a weak source); the composition of
--     end-of-life e-bike NdFeB magnets, Nd 15.2-16.7, Pr 4.7-5.1,
--     Dy 1.3-2.0, Gd 3.2-4.0 wt % (MDPI Materials 18(13):2946, 2025).
--   * REAL: the 2024 first-batch rare-earth quotas of China's two groups,
--     tonnes REO (fastmarkets.com): China Northern Rare Earth group 94,580 t
--     rock-type mining and 88,010 t smelting-separation; China Rare Earth
--     Group 30,280 t rock-type plus 10,140 t ion-adsorption mining and
--     38,990 t smelting-separation.  (The 2024 full-year totals, 270,000 t
--     mining and 254,000 t separation in two equal batches (fastmarkets.com;
--     Reuters), are not broken down by group and ore type in our sources,
--     so only the first batch is used here.)
--   * ILLUSTRATIVE: the group codes CN-DEMOCNRE and CN-DEMOCREG (the groups
--     are real, the codes are not), every member enterprise under them,
--     their approvals and dates, the member's own separation sub-allocation
--     of 3,000 t, and every production lot charged to the quotas.
--   * ILLUSTRATIVE: every lot code and enterprise code (DEMO..., NATL), the
--     element split inside each concentrate profile, the assignment of a
--     profile to a country (each country's output is shown as ONE
--     concentrate lot of one profile, which simplifies every real country),
--     and the masses of the downstream lots.  Nothing here describes a real
--     shipment or a real company.

\set ON_ERROR_STOP on
\set QUIET on
\pset footer off
\pset null '(null)'

SET search_path = rare_trace, pg_catalog;
SET client_min_messages = warning;

-- Recreate the schema "demo", but never drop a "demo" schema this script
-- did not create (scripts/demo may be pointed at an existing database).
-- The same goes for the quota registry rows of the demo (0.2.0 and later):
-- enterprise codes CN-DEMO... are removed only together with a "demo"
-- schema this script created, and never when they exist without one.
DO $$
DECLARE
    demo_exists  bool := EXISTS (SELECT FROM pg_namespace WHERE nspname = 'demo');
    has_quotas   bool := to_regclass('rare_trace.quota') IS NOT NULL;
    demo_codes   bool := false;
    t            record;
BEGIN
    IF has_quotas THEN
        EXECUTE $q$SELECT EXISTS (SELECT FROM rare_trace.enterprise WHERE code LIKE 'CN-DEMO%')$q$
            INTO demo_codes;
    END IF;
    IF demo_exists THEN
        IF obj_description('demo'::regnamespace, 'pg_namespace')
           IS DISTINCT FROM 'rare_trace demo data (scripts/demo.sql)' THEN
            RAISE EXCEPTION 'schema "demo" already exists and was not created by scripts/demo.sql'
                USING HINT = 'Run the demo in an empty database, or drop that schema yourself.';
        END IF;
        IF has_quotas THEN
            -- delete the demo's production rows (their trigger releases the
            -- charges: a charged quota cannot be deleted), then unregister
            -- the table: rare_trace.quota_table is not cleaned up by DROP TABLE
            FOR t IN EXECUTE $q$SELECT t.relid FROM rare_trace.quota_table AS t
                                JOIN pg_class AS c ON c.oid = t.relid
                                WHERE c.relnamespace = 'demo'::regnamespace$q$
            LOOP
                EXECUTE format('DELETE FROM %s', t.relid);
            END LOOP;
            EXECUTE $q$DELETE FROM rare_trace.quota_table AS t
                       USING pg_class AS c
                       WHERE c.oid = t.relid AND c.relnamespace = 'demo'::regnamespace$q$;
        END IF;
        DROP SCHEMA demo CASCADE;
        IF demo_codes THEN
            EXECUTE $q$DELETE FROM rare_trace.quota WHERE holder LIKE 'CN-DEMO%'$q$;
            EXECUTE $q$DELETE FROM rare_trace.enterprise WHERE code LIKE 'CN-DEMO%' AND parent IS NOT NULL$q$;
            EXECUTE $q$DELETE FROM rare_trace.enterprise WHERE code LIKE 'CN-DEMO%'$q$;
        END IF;
    ELSIF demo_codes THEN
        RAISE EXCEPTION 'rare_trace.enterprise already has codes CN-DEMO... that scripts/demo.sql did not create'
            USING HINT = 'Run the demo in an empty database.';
    END IF;
END
$$;
CREATE SCHEMA demo;
COMMENT ON SCHEMA demo IS 'rare_trace demo data (scripts/demo.sql)';

-------------------------------------------------------------------------------
-- Source figures
-------------------------------------------------------------------------------

-- USGS MCS 2025, mine production 2024 (estimated), t REO.
CREATE TABLE demo.usgs_mine_production (
    iso2        text PRIMARY KEY,
    country     text NOT NULL,
    t_reo_2024e numeric NOT NULL,
    profile     text NOT NULL       -- illustrative, see demo.profile
);
INSERT INTO demo.usgs_mine_production VALUES
    ('CN', 'China',           270000, 'light'),
    ('US', 'United States',    45000, 'light'),
    ('MM', 'Myanmar (Burma)',  31000, 'heavy'),
    ('AU', 'Australia',        13000, 'monazite'),
    ('NG', 'Nigeria',          13000, 'monazite'),
    ('TH', 'Thailand',         13000, 'monazite'),
    ('IN', 'India',             2900, 'monazite'),
    ('RU', 'Russia',            2500, 'light');

-- USGS MCS 2025 world mine production 2024e, t REO.  The eight countries
-- above add up to 390,400 t: the world figure is rounded, so their shares
-- add up to a little over 100 %.
CREATE TABLE demo.usgs_world (t_reo_2024e numeric NOT NULL);
INSERT INTO demo.usgs_world VALUES (390000);

-- Concentrate profiles: element mass percentages (not oxide percentages).
-- The element split is illustrative; each profile was chosen so that its
-- REO grade falls inside the published range for that kind of concentrate:
--   light    bastnaesite-type, La/Ce-rich          -> 73.06 % REO (70-75 %)
--   monazite monazite-type, Ce > La > Nd            -> 56.66 % REO (55-60 %)
--   heavy    xenotime / ion-adsorption-type, Y-rich -> 56.34 % REO (55-60 %)
-- (The "light" split is the one used in the README example.)
CREATE TABLE demo.profile (
    name        text PRIMARY KEY,
    composition jsonb NOT NULL,
    description text NOT NULL
);
INSERT INTO demo.profile VALUES
    ('light',
     '{"La": 18.7, "Ce": 30.02, "Pr": 3.1, "Nd": 9.01}',
     'bastnaesite-type concentrate'),
    ('monazite',
     '{"Y": 1.0, "La": 10.5, "Ce": 22.0, "Pr": 2.4, "Nd": 8.8, "Sm": 1.4,
       "Gd": 0.9, "Dy": 0.2}',
     'monazite-type concentrate'),
    ('heavy',
     '{"Y": 27.0, "La": 1.5, "Ce": 0.8, "Pr": 0.5, "Nd": 2.4, "Sm": 1.2,
       "Eu": 0.05, "Gd": 3.0, "Tb": 0.6, "Dy": 3.6, "Ho": 0.8, "Er": 2.2,
       "Tm": 0.3, "Yb": 1.8, "Lu": 0.3}',
     'xenotime / ion-adsorption-type concentrate');

-------------------------------------------------------------------------------
-- The lots
-------------------------------------------------------------------------------

CREATE TABLE demo.lot (
    id   serial PRIMARY KEY,
    lot  rare_trace.rare_lot NOT NULL UNIQUE,   -- btree operator class
    note text NOT NULL
);

-- One "national output" lot per country: a concentrate of the country's
-- profile whose REO equivalent is the USGS figure.  Its mass is therefore
-- REO / grade, rounded to the gram (a rare_lot mass is whole grams), where
-- the grade (kg REO per kg) is what reo_kg() gives for 1 kg of the profile.
-- The lot code CC-NATL-2024E is illustrative: an aggregate, not a shipment.
INSERT INTO demo.lot (lot, note)
SELECT rare_trace.rare_lot(u.iso2 || '-NATL-2024E', 'concentrate',
                           round(u.t_reo_2024e * 1000 / g.grade, 3),
                           p.composition),
       format('%s: USGS 2024e mine production, %s t REO, as %s',
              u.country, u.t_reo_2024e, p.description)
FROM demo.usgs_mine_production AS u
JOIN demo.profile AS p ON p.name = u.profile
CROSS JOIN LATERAL (
    SELECT rare_trace.reo_kg(rare_trace.rare_lot(u.iso2 || '-NATL-2024E',
                                                 'concentrate', 1,
                                                 p.composition)) AS grade
) AS g
ORDER BY u.t_reo_2024e DESC, u.iso2;

-- Downstream lots, written as text literals (codes and masses illustrative).
INSERT INTO demo.lot (lot, note) VALUES
    -- PrNd oxide: pure Pr6O11 + Nd2O3 in the illustrative ratio 25:75 by
    -- mass.  As element percentages: Pr = 25 / 1.2082, Nd = 75 / 1.1664
    -- (oxide factors from rare_trace.element), so REO ~ 100 % of the mass.
    ('CN-DEMOSEP-PRNDOX.0001 oxide 25t Pr=20.6919% Nd=64.3004%',
     'PrNd oxide, Pr6O11:Nd2O3 = 25:75'),
    -- Dysprosium metal, 99.5 % Dy: its REO equivalent exceeds its mass,
    -- because the oxide weighs 1.1477 times the metal.
    ('CN-DEMOMET-DY.0001 metal 500kg Dy=99.5%',
     'dysprosium metal, 99.5 % Dy'),
    -- Sintered NdFeB magnets: mid-points of the ranges measured in
    -- end-of-life e-bike magnets (MDPI Materials 18(13):2946, 2025), used
    -- here as a stand-in for a new magnet grade.
    ('JP-DEMOMAG-N42.0001 magnet 2t Nd=15.95% Pr=4.9% Dy=1.65% Gd=3.6%',
     'sintered NdFeB magnets'),
    -- End-of-life e-bike motor magnets: low ends of the same ranges.
    ('DE-DEMOREC-EBIKE.0001 scrap 1.2t Nd=15.2% Pr=4.7% Dy=1.3% Gd=3.2%',
     'end-of-life e-bike NdFeB magnet scrap');

-------------------------------------------------------------------------------
-- Report
-------------------------------------------------------------------------------

\echo
\echo '=== rare_trace demo ==='
\echo 'Mine production: USGS Mineral Commodity Summaries 2025 (2024 estimates, t REO).'
\echo 'Lot codes, enterprises, element splits and downstream lots are illustrative.'

\echo
\echo '--- 1. Input is normalised to one canonical text form ---'
SELECT 'US-MPM-C24 concentrate 25t Ce=30.02% La=18.7% Nd=9.01% Pr=3.1%' AS input,
       'US-MPM-C24 concentrate 25t Ce=30.02% La=18.7% Nd=9.01% Pr=3.1%'
           ::rare_trace.rare_lot AS canonical_output;

\echo '--- 2. The lots, as text, in the type''s btree order (country, enterprise, lot number, ...) ---'
SELECT l.lot AS lot_as_text
FROM demo.lot AS l
ORDER BY l.lot;

\echo '--- 3. One row per lot (reo_kg rounded for display; the function itself is exact) ---'
SELECT rare_trace.lot_code(l.lot)     AS lot_code,
       rare_trace.lot_country(l.lot)  AS lot_country,
       rare_trace.lot_form(l.lot)     AS lot_form,
       rare_trace.lot_stage(l.lot)    AS lot_stage,
       rare_trace.lot_mass_kg(l.lot)  AS lot_mass_kg,
       round(rare_trace.reo_kg(l.lot))  AS reo_kg,
       round(100 * rare_trace.reo_kg(l.lot) / rare_trace.lot_mass_kg(l.lot), 2)
                                      AS reo_pct_of_mass,
       rare_trace.elements(l.lot)     AS elements
FROM demo.lot AS l
ORDER BY l.id;

\echo '--- 4. Magnet elements per lot, kg (element_kg; rounded to 0.1 kg for display) ---'
SELECT rare_trace.lot_code(l.lot)                     AS lot_code,
       round(rare_trace.element_kg(l.lot, 'Nd'), 1)   AS nd_kg,
       round(rare_trace.element_kg(l.lot, 'Pr'), 1)   AS pr_kg,
       round(rare_trace.element_kg(l.lot, 'Dy'), 1)   AS dy_kg,
       round(rare_trace.element_kg(l.lot, 'Tb'), 1)   AS tb_kg
FROM demo.lot AS l
ORDER BY l.id;

\echo '--- 5. Mine production by country (mining-stage lots only), share of the USGS world total 390,000 t ---'
WITH by_country AS (
    SELECT rare_trace.lot_country(l.lot)      AS lot_country,
           sum(rare_trace.reo_kg(l.lot))      AS reo_kg
    FROM demo.lot AS l
    WHERE rare_trace.lot_stage(l.lot) = 'mining'
    GROUP BY 1
)
SELECT coalesce(u.country, 'all listed countries')          AS country,
       sum(u.t_reo_2024e)                                   AS usgs_t_reo,
       round(sum(b.reo_kg) / 1000)                          AS lots_t_reo,
       round(100 * sum(b.reo_kg) / 1000 / w.t_reo_2024e, 1) AS share_of_world_pct
FROM by_country AS b
JOIN demo.usgs_mine_production AS u ON u.iso2 = b.lot_country
CROSS JOIN demo.usgs_world AS w
GROUP BY GROUPING SETS ((u.country, w.t_reo_2024e), (w.t_reo_2024e))
ORDER BY grouping(u.country), sum(u.t_reo_2024e) DESC, u.country;

\echo '--- 6. One lot as jsonb (the rare_lot -> jsonb cast) ---'
SELECT jsonb_pretty(l.lot::jsonb) AS scrap_lot_as_jsonb
FROM demo.lot AS l
WHERE rare_trace.lot_form(l.lot) = 'scrap';

\echo '--- 7. Bad input is rejected with an SQLSTATE and a detail (caught in a DO block) ---'
CREATE TABLE demo.rejected (
    id       serial PRIMARY KEY,
    attempt  text NOT NULL,
    sqlstate text,
    message  text,
    detail   text
);
DO $$
DECLARE
    attempt  text;
    v_state  text;
    v_msg    text;
    v_detail text;
BEGIN
    FOREACH attempt IN ARRAY ARRAY[
        -- text literals: SQLSTATE 22P02
        $a$'EU-DEMOREC-X1 scrap 1t Nd=20%'::rare_trace.rare_lot$a$,
        $a$'CN-DEMOSEP-PRNDOX.0002 oxide 25t Pr=25% Nd=80%'::rare_trace.rare_lot$a$,
        $a$'CN-DEMOMET-DY.0002 metal 500.0001kg Dy=99.5%'::rare_trace.rare_lot$a$,
        $a$'CN-DEMOMET-DY.0003 metal 500kg Dy=99.5'::rare_trace.rare_lot$a$,
        -- the constructor: SQLSTATE 22023
        $a$rare_trace.rare_lot('US-NATL-2024E', 'concentrate', 0)$a$,
        $a$rare_trace.rare_lot('JP-DEMOMAG-N42.0002', 'magnet', 2000, '{"Nd": 31, "Fe": 65}')$a$
    ]
    LOOP
        BEGIN
            EXECUTE 'SELECT ' || attempt;
            INSERT INTO demo.rejected (attempt) VALUES (attempt);  -- accepted
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state  = RETURNED_SQLSTATE,
                                    v_msg    = MESSAGE_TEXT,
                                    v_detail = PG_EXCEPTION_DETAIL;
            INSERT INTO demo.rejected (attempt, sqlstate, message, detail)
            VALUES (attempt, v_state, v_msg, v_detail);
        END;
    END LOOP;
END
$$;
\x on
SELECT attempt, sqlstate, message, detail FROM demo.rejected ORDER BY id;
\x off

\echo '--- 8. The element catalog (rare_trace.element) ---'
SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor
FROM rare_trace.element
ORDER BY z;

\echo 'Sources: atomic weights IUPAC 2021 (Prohaska et al., Pure Appl. Chem. 2022), O = 15.999;'
\echo 'groupings: China two-way (light/heavy) and three-way P204 (light/medium/heavy).'

-------------------------------------------------------------------------------
-- Quotas (rare_trace 0.2.0)
-------------------------------------------------------------------------------
--
-- China's 2024 first-batch quotas of its two rare-earth groups, tonnes REO
-- (fastmarkets.com), entered as they are published: per group, per
-- activity, and for mining per ore type (category "rock" or
-- "ion_adsorption"; separation quotas have no category, i.e. NULL = any).
-- rare_trace has no notion of batches: a second batch would be entered by
-- raising limit_t.
--
-- Under each group: ILLUSTRATIVE member enterprises (codes, names,
-- approvals, one member's own sub-allocation) and ILLUSTRATIVE monthly
-- production lots.  Every lot is charged, in tonnes of REO (reo_kg / 1000),
-- to every quota of its year and activity that its enterprise or a group
-- above it holds for "any category" or for the row's category.

-- Older rare_trace (0.1.0): say so and stop here.  (\quit rather than one
-- big \if, because psql cannot skip the COPY data below.)
SELECT to_regclass('rare_trace.quota') IS NOT NULL AS rt_has_quotas \gset
\if :rt_has_quotas
\else
\echo
\echo '(Quota sections skipped: the installed rare_trace is older than 0.2.0;'
\echo ' ALTER EXTENSION rare_trace UPDATE TO ''0.2.0'' adds quotas.)'
\quit
\endif

\echo
\echo '=== Quotas (rare_trace 0.2.0) ==='
\echo 'Group quotas: China 2024 first batch, t REO (fastmarkets.com).'
\echo 'Group codes, member enterprises, approvals, the 3,000 t sub-allocation and every lot: illustrative.'

-- The registry: two groups (real groups, illustrative codes) and their
-- illustrative members.  activities and approved_from/approved_until say
-- what a member may produce, and when (approved_until is the last day; NULL
-- = open).  Only the enterprise named in a lot code is checked for an
-- approval; a group's own activities and dates are informative.
INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from, approved_until) VALUES
    ('CN-DEMOCNRE', 'China Northern Rare Earth group (code illustrative)',
     NULL, '{mining,separation}', '2021-01-01', NULL),
    ('CN-DEMOCREG', 'China Rare Earth Group (code illustrative)',
     NULL, '{mining,separation}', '2022-01-01', NULL),
    ('CN-DEMOCNREMINE', 'Illustrative rock-type (bastnaesite) mine, CNRE group',
     'CN-DEMOCNRE', '{mining}', '2021-01-01', NULL),
    ('CN-DEMOCNRESEP', 'Illustrative separation plant, CNRE group',
     'CN-DEMOCNRE', '{separation}', '2021-01-01', NULL),
    ('CN-DEMOCREGROCK', 'Illustrative rock-type mine, CREG',
     'CN-DEMOCREG', '{mining}', '2022-01-01', NULL),
    ('CN-DEMOCREGION', 'Illustrative ion-adsorption clay mine, CREG',
     'CN-DEMOCREG', '{mining}', '2022-01-01', '2026-12-31'),
    ('CN-DEMOCREGSEP', 'Illustrative separation plant, CREG',
     'CN-DEMOCREG', '{separation}', '2022-01-01', '2026-12-31');

-- The quotas.  The five group quotas are the published figures; the last
-- row is an ILLUSTRATIVE sub-allocation of the CREG group's separation
-- quota to one member (groups sub-allocate their quotas to their plants).
INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES
    ('CN-DEMOCNRE',    2024, 'mining',     'rock',           94580),
    ('CN-DEMOCNRE',    2024, 'separation', NULL,             88010),
    ('CN-DEMOCREG',    2024, 'mining',     'rock',           30280),
    ('CN-DEMOCREG',    2024, 'mining',     'ion_adsorption', 10140),
    ('CN-DEMOCREG',    2024, 'separation', NULL,             38990),
    ('CN-DEMOCREGSEP', 2024, 'separation', NULL,              3000);

-- A production table, and enforcement on it.  attach_quota registers the
-- table in rare_trace.quota_table and creates three AFTER ... FOR EACH
-- STATEMENT triggers (INSERT, UPDATE, DELETE) that call
-- rare_trace.enforce_quota with 'lot=lot', 'date=made_on',
-- 'activity_column=activity', 'category_column=category'.
CREATE TABLE demo.production (
    id       serial PRIMARY KEY,
    lot      rare_trace.rare_lot NOT NULL,
    made_on  date NOT NULL,
    activity text NOT NULL,
    category text            -- ore type for mining quotas; NULL = none
);
SELECT rare_trace.attach_quota('demo.production', 'lot', 'made_on',
                               activity => 'activity', category => 'category',
                               activity_is_column => true,
                               category_is_column => true) \gset

-- Accepted production (all lots illustrative).  Concentrates use the
-- "light" (bastnaesite-type) and "heavy" (ion-adsorption-type) profiles of
-- the lot part above; separation output is PrNd oxide (Pr6O11:Nd2O3 =
-- 25:75) and La-Ce oxide (La2O3:CeO2 = 35:65), about 100 % REO.
INSERT INTO demo.production (lot, made_on, activity, category) VALUES
    ('CN-DEMOCNREMINE-2024.01 concentrate 9500t La=18.7% Ce=30.02% Pr=3.1% Nd=9.01%',
     '2024-01-31', 'mining', 'rock'),
    ('CN-DEMOCNREMINE-2024.02 concentrate 8800t La=18.7% Ce=30.02% Pr=3.1% Nd=9.01%',
     '2024-02-29', 'mining', 'rock');
INSERT INTO demo.production (lot, made_on, activity, category) VALUES
    ('CN-DEMOCNRESEP-PRNDOX.2024.01 oxide 1500t Pr=20.6919% Nd=64.3004%',
     '2024-01-31', 'separation', NULL),
    ('CN-DEMOCNRESEP-LACEOX.2024.01 oxide 4500t La=29.8431% Ce=52.9144%',
     '2024-01-31', 'separation', NULL);
INSERT INTO demo.production (lot, made_on, activity, category) VALUES
    ('CN-DEMOCREGROCK-2024.01 concentrate 3000t La=18.7% Ce=30.02% Pr=3.1% Nd=9.01%',
     '2024-01-31', 'mining', 'rock'),
    ('CN-DEMOCREGION-2024.01 concentrate 1500t Y=27% La=1.5% Ce=0.8% Pr=0.5% Nd=2.4% Sm=1.2% Eu=0.05% Gd=3% Tb=0.6% Dy=3.6% Ho=0.8% Er=2.2% Tm=0.3% Yb=1.8% Lu=0.3%',
     '2024-01-31', 'mining', 'ion_adsorption');
-- CREG's separation plant, January to November: eleven monthly lots of
-- 265 t PrNd oxide, loaded with COPY (one statement, one trigger call).
COPY demo.production (lot, made_on, activity) FROM STDIN;
CN-DEMOCREGSEP-PRNDOX.2024.01 oxide 265t Pr=20.6919% Nd=64.3004%	2024-01-31	separation
CN-DEMOCREGSEP-PRNDOX.2024.02 oxide 265t Pr=20.6919% Nd=64.3004%	2024-02-29	separation
CN-DEMOCREGSEP-PRNDOX.2024.03 oxide 265t Pr=20.6919% Nd=64.3004%	2024-03-31	separation
CN-DEMOCREGSEP-PRNDOX.2024.04 oxide 265t Pr=20.6919% Nd=64.3004%	2024-04-30	separation
CN-DEMOCREGSEP-PRNDOX.2024.05 oxide 265t Pr=20.6919% Nd=64.3004%	2024-05-31	separation
CN-DEMOCREGSEP-PRNDOX.2024.06 oxide 265t Pr=20.6919% Nd=64.3004%	2024-06-30	separation
CN-DEMOCREGSEP-PRNDOX.2024.07 oxide 265t Pr=20.6919% Nd=64.3004%	2024-07-31	separation
CN-DEMOCREGSEP-PRNDOX.2024.08 oxide 265t Pr=20.6919% Nd=64.3004%	2024-08-31	separation
CN-DEMOCREGSEP-PRNDOX.2024.09 oxide 265t Pr=20.6919% Nd=64.3004%	2024-09-30	separation
CN-DEMOCREGSEP-PRNDOX.2024.10 oxide 265t Pr=20.6919% Nd=64.3004%	2024-10-31	separation
CN-DEMOCREGSEP-PRNDOX.2024.11 oxide 265t Pr=20.6919% Nd=64.3004%	2024-11-30	separation
\.

\echo
\echo '--- 9. The registry: groups and their (illustrative) members, with approvals ---'
SELECT e.code, e.parent, e.activities, e.approved_from, e.approved_until, e.name
FROM rare_trace.enterprise AS e
WHERE e.code LIKE 'CN-DEMO%'
ORDER BY coalesce(e.parent, e.code), e.parent NULLS FIRST, e.code;

\echo '--- 10. What was produced: t REO per enterprise and activity (reo_kg / 1000, rounded for display) ---'
SELECT rare_trace.lot_enterprise(p.lot)          AS enterprise,
       p.activity, p.category,
       count(*)                                  AS lots,
       min(p.made_on)                            AS first_day,
       max(p.made_on)                            AS last_day,
       round(sum(rare_trace.reo_kg(p.lot)) / 1000, 3) AS t_reo
FROM demo.production AS p
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

\echo '--- 11. rare_trace.quota_status after these inserts (used_t is exact) ---'
SELECT s.holder, s.parent, s.year, s.activity, s.category,
       s.limit_t, s.used_t, s.remaining_t, s.used_pct
FROM rare_trace.quota_status AS s
WHERE s.holder LIKE 'CN-DEMO%'
ORDER BY coalesce(s.parent, s.holder), s.parent NULLS FIRST, s.holder, s.activity, s.category;

\echo '--- 12. The December lot of CREG''s separation plant is refused (caught in a DO block) ---'
\echo 'Its own 3,000 t sub-allocation has about 85 t left; the group quota would have room.'
CREATE TABLE demo.quota_rejected (
    id       serial PRIMARY KEY,
    attempt  text NOT NULL,
    sqlstate text,
    message  text,
    detail   text,
    hint     text
);
DO $$
DECLARE
    attempt  text := 'CN-DEMOCREGSEP-PRNDOX.2024.12 oxide 265t Pr=20.6919% Nd=64.3004%';
    v_state  text;
    v_msg    text;
    v_detail text;
    v_hint   text;
BEGIN
    BEGIN
        INSERT INTO demo.production (lot, made_on, activity)
        VALUES (attempt::rare_trace.rare_lot, '2024-12-31', 'separation');
        INSERT INTO demo.quota_rejected (attempt) VALUES (attempt);  -- accepted
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state  = RETURNED_SQLSTATE,
                                v_msg    = MESSAGE_TEXT,
                                v_detail = PG_EXCEPTION_DETAIL,
                                v_hint   = PG_EXCEPTION_HINT;
        INSERT INTO demo.quota_rejected (attempt, sqlstate, message, detail, hint)
        VALUES (attempt, v_state, v_msg, v_detail, v_hint);
    END;
END
$$;
\x on
SELECT attempt, sqlstate, message, detail, hint FROM demo.quota_rejected ORDER BY id;
\x off

\echo '--- 13. quota_check_detail: which quotas a lot would charge, and whether each has room (no side effect) ---'
SELECT 'December lot, 265 t' AS lot, d.holder, d.limit_t, d.used_t, d.requested_t, d.ok, d.reason
FROM rare_trace.quota_check_detail(
         'CN-DEMOCREGSEP-PRNDOX.2024.12 oxide 265t Pr=20.6919% Nd=64.3004%',
         '2024-12-31', 'separation') AS d
UNION ALL
SELECT 'December lot, 85 t', d.holder, d.limit_t, d.used_t, d.requested_t, d.ok, d.reason
FROM rare_trace.quota_check_detail(
         'CN-DEMOCREGSEP-PRNDOX.2024.12 oxide 85t Pr=20.6919% Nd=64.3004%',
         '2024-12-31', 'separation') AS d;

-- The smaller December lot fits, and is recorded.
INSERT INTO demo.production (lot, made_on, activity) VALUES
    ('CN-DEMOCREGSEP-PRNDOX.2024.12 oxide 85t Pr=20.6919% Nd=64.3004%',
     '2024-12-31', 'separation');

\echo '--- 14. quota_remaining: the least room among the quotas a holder would charge (NULL: no quota) ---'
SELECT r.holder, r.activity, r.category,
       rare_trace.quota_remaining(r.holder, 2024, r.activity, r.category) AS remaining_t_2024
FROM (VALUES
        ('CN-DEMOCREGSEP',  'separation', NULL),
        ('CN-DEMOCNRESEP',  'separation', NULL),
        ('CN-DEMOCREGION',  'mining',     'ion_adsorption'),
        ('CN-DEMOCREGION',  'mining',     NULL),
        ('CN-DEMOCNREMINE', 'mining',     'rock')
     ) AS r (holder, activity, category);
\echo '(A mining row without a category would be refused: the mining quotas are per ore type.)'
\echo

\echo '--- 15. Final rare_trace.quota_status ---'
SELECT s.holder, s.parent, s.year, s.activity, s.category,
       s.limit_t, s.used_t, s.remaining_t, s.used_pct
FROM rare_trace.quota_status AS s
WHERE s.holder LIKE 'CN-DEMO%'
ORDER BY coalesce(s.parent, s.holder), s.parent NULLS FIRST, s.holder, s.activity, s.category;

\echo 'Sources: 2024 first-batch quotas, fastmarkets.com; members, approvals, the sub-allocation and the lots are illustrative.'
