-- scripts/demo.sql: a short guided tour of the rare_lot type and, with
-- rare_trace 0.2.0, of quota enforcement, with 0.3.0, of provenance and
-- the flow ledger and, with 0.4.0, of origin rules, export controls and
-- declarations (an exporter's day).
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
-- with a note, when the installed rare_trace is older than 0.2.0.  The
-- provenance part (sections 16-22, rare_trace 0.3.0) appends a small
-- supply chain to the flow ledger rare_trace.flow, in chains of
-- enterprises XX-DEMO... with lot codes ending in .DEMO; it is skipped,
-- with a note, when the installed rare_trace is older than 0.3.0.  The
-- compliance part (sections 23-24: origin rules; 25 on: export controls
-- and declarations, rare_trace 0.4.0) checks the magnets of the provenance
-- part against the shipped origin rules and follows one illustrative
-- Chinese separator's export day; outside the schema "demo" it writes only
-- its export licence (licence_no DEMO-..., in rare_trace.export_licence,
-- removed again by the next run), and it is skipped, with a note, before
-- 0.4.0.
--
-- It can be run again: it drops and recreates the schema "demo", its
-- CN-DEMO... registry rows and its DEMO-... export licence (only if this
-- script created them).  The ledger
-- is append-only, so its demo entries stay (in this database, for good);
-- a second run finds them, appends nothing (it says so in a NOTICE) and
-- reports on them.
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
--   * REAL: the places of the provenance part (Mountain Pass, US; Mt Weld,
--     AU; Kuantan, MY) are rare-earth sites.  ILLUSTRATIVE: its enterprises,
--     lots, masses, compositions, flows, the correction and every document
--     number (invoice, bill of lading, licence, permit: DEMO-...).
--   * REAL: the export-control and origin rules, their references, control
--     codes and dates, as shipped in rare_trace.export_control,
--     export_control_suspension and origin_rule (each row cites its source;
--     doc/export_controls.md, doc/origin_rules.md).  ILLUSTRATIVE: the
--     exporter's lots, shipments, dates and customs declarations.
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
    has_licences bool := to_regclass('rare_trace.export_licence') IS NOT NULL;
    demo_codes   bool := false;
    demo_lics    bool := false;
    t            record;
BEGIN
    IF has_quotas THEN
        EXECUTE $q$SELECT EXISTS (SELECT FROM rare_trace.enterprise WHERE code LIKE 'CN-DEMO%')$q$
            INTO demo_codes;
    END IF;
    IF has_licences THEN
        EXECUTE $q$SELECT EXISTS (SELECT FROM rare_trace.export_licence WHERE licence_no LIKE 'DEMO-%')$q$
            INTO demo_lics;
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
        IF has_licences THEN
            -- the same for the export tables (0.4.0): deleting the shipments
            -- releases the licences' kg (a drawn-down licence cannot be deleted)
            FOR t IN EXECUTE $q$SELECT t.relid FROM rare_trace.export_licence_table AS t
                                JOIN pg_class AS c ON c.oid = t.relid
                                WHERE c.relnamespace = 'demo'::regnamespace$q$
            LOOP
                EXECUTE format('DELETE FROM %s', t.relid);
            END LOOP;
            EXECUTE $q$DELETE FROM rare_trace.export_licence_table AS t
                       USING pg_class AS c
                       WHERE c.oid = t.relid AND c.relnamespace = 'demo'::regnamespace$q$;
        END IF;
        DROP SCHEMA demo CASCADE;
        IF demo_lics THEN
            EXECUTE $q$DELETE FROM rare_trace.export_licence WHERE licence_no LIKE 'DEMO-%'$q$;
        END IF;
        IF demo_codes THEN
            EXECUTE $q$DELETE FROM rare_trace.quota WHERE holder LIKE 'CN-DEMO%'$q$;
            EXECUTE $q$DELETE FROM rare_trace.enterprise WHERE code LIKE 'CN-DEMO%' AND parent IS NOT NULL$q$;
            EXECUTE $q$DELETE FROM rare_trace.enterprise WHERE code LIKE 'CN-DEMO%'$q$;
        END IF;
    ELSIF demo_codes THEN
        RAISE EXCEPTION 'rare_trace.enterprise already has codes CN-DEMO... that scripts/demo.sql did not create'
            USING HINT = 'Run the demo in an empty database.';
    ELSIF demo_lics THEN
        RAISE EXCEPTION 'rare_trace.export_licence already has licences DEMO-... that scripts/demo.sql did not create'
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

-------------------------------------------------------------------------------
-- Provenance and the flow ledger (rare_trace 0.3.0)
-------------------------------------------------------------------------------
--
-- A supply chain from real places, recorded in the ledger rare_trace.flow,
-- then the provenance of one magnet lot computed from it.  The places are
-- real rare-earth sites and hubs; the enterprises (codes XX-DEMO...), the
-- lots, masses, compositions, flows and every document number are
-- ILLUSTRATIVE: nothing here describes a real shipment or company.
--
--   Mountain Pass (US) concentrate --export--> separated in China (PrNd oxide)
--       --export--> a trader in Thailand (same oxide, new lot code: the
--       transshipment) --export--> metal plant in Vietnam
--   Mt Weld (AU) concentrate --import--> separated at Kuantan (MY): PrNd oxide
--       from one lot, Dy oxide from another --import--> Vietnam
--   Vietnam: two NdPr metal batches (each from both oxides) and Dy metal
--       --export--> strip-cast alloy and magnets in Japan and in Germany
--   Japan: end-of-life e-bike magnet scrap (the recycled input) and iron /
--       ferroboron (no rare earths) go into the alloy too.
--
-- Concentrates use the "light" (Mountain Pass) and "monazite" (Mt Weld)
-- profiles of demo.profile; oxides hold about 100 % REO, metals 99.5 %,
-- the magnets 27-32 % rare earths with Dy; the scrap has the low ends of
-- the measured e-bike ranges (MDPI Materials 18(13):2946, 2025).  Every lot
-- holds at most what its inputs supplied, element by element, so the only
-- issue the checks find is the transshipment.
--
-- Each flow is recorded ONCE, by one party (the exporter, the importer, the
-- recycler, the producer): provenance counts every ledger entry in force,
-- so a shipment recorded by both sides ("export" and "import") would count
-- twice.  One entry is wrong and corrected (250 kg of scrap that was
-- 200 kg): rare_trace.flow_current, which provenance reads, has the
-- correction in force instead.
--
-- The ledger is append-only: nothing of it can be deleted, so the demo's
-- entries stay when the schema "demo" is dropped.  A second run finds them
-- (lot codes ending in .DEMO), appends nothing, says so in a NOTICE and
-- prints the same report.

SELECT to_regclass('rare_trace.flow') IS NOT NULL AS rt_has_ledger \gset
\if :rt_has_ledger
\else
\echo
\echo '(Provenance sections skipped: the installed rare_trace is older than 0.3.0;'
\echo ' ALTER EXTENSION rare_trace UPDATE TO ''0.3.0'' adds provenance and the flow ledger.)'
\quit
\endif

\echo
\echo '=== Provenance and the flow ledger (rare_trace 0.3.0) ==='
\echo 'Places real (Mountain Pass, Mt Weld, Kuantan, ...); enterprises, lots, masses, flows and documents illustrative.'

-- The lots of the chain, by short name, so that every flow names a lot
-- with exactly the same text (a lot code declared twice with different
-- contents is reported as conflicting_lot).
CREATE TABLE demo.chain_lot (
    name text PRIMARY KEY,
    lot  rare_trace.rare_lot NOT NULL UNIQUE,
    note text NOT NULL
);
INSERT INTO demo.chain_lot (name, lot, note) VALUES
    ('us_conc',  'US-DEMOMTPASS-C2601.DEMO concentrate 20t La=18.7% Ce=30.02% Pr=3.1% Nd=9.01%',
     'Mountain Pass bastnaesite concentrate ("light" profile)'),
    ('au_conc1', 'AU-DEMOMTWELD-C2601.DEMO concentrate 40t Y=1% La=10.5% Ce=22% Pr=2.4% Nd=8.8% Sm=1.4% Gd=0.9% Dy=0.2%',
     'Mt Weld concentrate ("monazite" profile), for PrNd'),
    ('au_conc2', 'AU-DEMOMTWELD-C2602.DEMO concentrate 40t Y=1% La=10.5% Ce=22% Pr=2.4% Nd=8.8% Sm=1.4% Gd=0.9% Dy=0.2%',
     'Mt Weld concentrate ("monazite" profile), for Dy'),
    ('cn_ox',    'CN-DEMOBAOTOU-OX2602.DEMO oxide 2t Pr=20.6919% Nd=64.3004%',
     'PrNd oxide separated in China (Pr6O11:Nd2O3 = 25:75)'),
    ('my_ox',    'MY-DEMOKUANTAN-OX2602.DEMO oxide 5t Pr=17% Nd=68%',
     'PrNd oxide separated at Kuantan'),
    ('my_dy',    'MY-DEMOKUANTAN-DY2602.DEMO oxide 80kg Dy=85%',
     'Dy oxide separated at Kuantan'),
    ('th_ox',    'TH-DEMOTRADER-OX2603.DEMO oxide 2t Pr=20.6919% Nd=64.3004%',
     'the Chinese oxide under a Thai trader''s lot code (no processing)'),
    ('vn_m1',    'VN-DEMOMETAL-M2604A.DEMO metal 330kg Pr=21% Nd=78.5%',
     'NdPr metal, batch A'),
    ('vn_m2',    'VN-DEMOMETAL-M2604B.DEMO metal 330kg Pr=21% Nd=78.5%',
     'NdPr metal, batch B'),
    ('vn_dy',    'VN-DEMOMETAL-DY2604.DEMO metal 60kg Dy=99%',
     'Dy metal'),
    ('jp_scrap', 'JP-DEMORECYCLE-S2603.DEMO scrap 200kg Nd=15.2% Pr=4.7% Dy=1.3% Gd=3.2%',
     'end-of-life e-bike NdFeB magnet scrap (post-consumer)'),
    ('jp_feb',   'JP-DEMOSTEEL-FEB2604.DEMO metal 535kg',
     'iron and ferroboron, no rare earths'),
    ('jp_alloy', 'JP-DEMOMAGNET-A2605.DEMO alloy 1000kg Nd=22.665% Pr=6.19% Dy=1.745% Gd=0.64%',
     'strip-cast NdFeB alloy'),
    ('jp_mag',   'JP-DEMOMAGNET-N2606.DEMO magnet 970kg Nd=22.665% Pr=6.19% Dy=1.745% Gd=0.64%',
     'sintered NdFeB magnets'),
    ('de_feb',   'DE-DEMOMAGNET-FEB2604.DEMO metal 580kg',
     'iron and ferroboron, no rare earths'),
    ('de_alloy', 'DE-DEMOMAGNET-A2605.DEMO alloy 800kg Nd=19.625% Pr=5.25% Dy=2.475%',
     'NdFeB alloy'),
    ('de_mag',   'DE-DEMOMAGNET-N2606.DEMO magnet 780kg Nd=19.625% Pr=5.25% Dy=2.475%',
     'sintered NdFeB magnets');

-- The flows, each as its recorder enters it.  kg of the parent went into
-- the child.  Document numbers are ILLUSTRATIVE.
CREATE TABLE demo.chain_flow (
    n          int PRIMARY KEY,
    enterprise text NOT NULL,
    parent     text NOT NULL REFERENCES demo.chain_lot,
    child      text NOT NULL REFERENCES demo.chain_lot,
    kg         numeric NOT NULL,
    kind       text NOT NULL,
    docs       jsonb NOT NULL
);
INSERT INTO demo.chain_flow (n, enterprise, parent, child, kg, kind, docs) VALUES
    ( 1, 'US-DEMOMTPASS',  'us_conc',  'cn_ox',    20000, 'export',
     '{"invoice": "DEMO-INV-US-2601", "bill_of_lading": "DEMO-BL-US-2601", "illustrative": true}'),
    ( 2, 'MY-DEMOKUANTAN', 'au_conc1', 'my_ox',    40000, 'import',
     '{"invoice": "DEMO-INV-AU-2601", "bill_of_lading": "DEMO-BL-AU-2601", "import_permit": "DEMO-MY-IP-2601", "illustrative": true}'),
    ( 3, 'MY-DEMOKUANTAN', 'au_conc2', 'my_dy',    40000, 'import',
     '{"invoice": "DEMO-INV-AU-2602", "bill_of_lading": "DEMO-BL-AU-2602", "import_permit": "DEMO-MY-IP-2602", "illustrative": true}'),
    ( 4, 'CN-DEMOBAOTOU',  'cn_ox',    'th_ox',     2000, 'export',
     '{"invoice": "DEMO-INV-CN-2603", "bill_of_lading": "DEMO-BL-CN-2603", "export_licence": "DEMO-CN-EL-2603", "illustrative": true}'),
    ( 5, 'TH-DEMOTRADER',  'th_ox',    'vn_m1',      150, 'export',
     '{"invoice": "DEMO-INV-TH-2604A", "bill_of_lading": "DEMO-BL-TH-2604", "illustrative": true}'),
    ( 6, 'TH-DEMOTRADER',  'th_ox',    'vn_m2',      150, 'export',
     '{"invoice": "DEMO-INV-TH-2604B", "bill_of_lading": "DEMO-BL-TH-2604", "illustrative": true}'),
    ( 7, 'VN-DEMOMETAL',   'my_ox',    'vn_m1',      250, 'import',
     '{"invoice": "DEMO-INV-MY-2604A", "bill_of_lading": "DEMO-BL-MY-2604", "illustrative": true}'),
    ( 8, 'VN-DEMOMETAL',   'my_ox',    'vn_m2',      250, 'import',
     '{"invoice": "DEMO-INV-MY-2604B", "bill_of_lading": "DEMO-BL-MY-2604", "illustrative": true}'),
    ( 9, 'VN-DEMOMETAL',   'my_dy',    'vn_dy',       80, 'import',
     '{"invoice": "DEMO-INV-MY-2604C", "bill_of_lading": "DEMO-BL-MY-2604", "illustrative": true}'),
    (10, 'VN-DEMOMETAL',   'vn_m1',    'jp_alloy',   150, 'export',
     '{"invoice": "DEMO-INV-VN-2605A", "bill_of_lading": "DEMO-BL-VN-2605J", "illustrative": true}'),
    (11, 'VN-DEMOMETAL',   'vn_m2',    'jp_alloy',   100, 'export',
     '{"invoice": "DEMO-INV-VN-2605A", "bill_of_lading": "DEMO-BL-VN-2605J", "illustrative": true}'),
    (12, 'VN-DEMOMETAL',   'vn_dy',    'jp_alloy',    15, 'export',
     '{"invoice": "DEMO-INV-VN-2605A", "bill_of_lading": "DEMO-BL-VN-2605J", "illustrative": true}'),
    (13, 'VN-DEMOMETAL',   'vn_m2',    'de_alloy',   200, 'export',
     '{"invoice": "DEMO-INV-VN-2605B", "bill_of_lading": "DEMO-BL-VN-2605D", "illustrative": true}'),
    (14, 'VN-DEMOMETAL',   'vn_dy',    'de_alloy',    20, 'export',
     '{"invoice": "DEMO-INV-VN-2605B", "bill_of_lading": "DEMO-BL-VN-2605D", "illustrative": true}'),
    -- recorded as 250 kg by mistake, corrected to 200 kg below
    (15, 'JP-DEMORECYCLE', 'jp_scrap', 'jp_alloy',   250, 'recycle',
     '{"delivery_note": "DEMO-DN-2605-01", "illustrative": true}'),
    (16, 'JP-DEMOSTEEL',   'jp_feb',   'jp_alloy',   535, 'ship',
     '{"delivery_note": "DEMO-DN-2605-02", "illustrative": true}'),
    (17, 'JP-DEMOMAGNET',  'jp_alloy', 'jp_mag',    1000, 'transform',
     '{"work_order": "DEMO-WO-2606-01", "illustrative": true}'),
    (18, 'DE-DEMOMAGNET',  'de_feb',   'de_alloy',   580, 'transform',
     '{"work_order": "DEMO-WO-2605-11", "illustrative": true}'),
    (19, 'DE-DEMOMAGNET',  'de_alloy', 'de_mag',     800, 'transform',
     '{"work_order": "DEMO-WO-2606-12", "illustrative": true}');

-- Append to the ledger, once.  One transaction: all entries or none.  The
-- rows go in ordered by enterprise, the order every multi-chain append
-- should use (two transactions locking chains in opposite orders can
-- deadlock).  The ledger trigger sets seq, recorded_at and hash.
SET client_min_messages = notice;
DO $$
DECLARE
    earlier  bigint;
    appended bigint;
BEGIN
    -- two demo runs at once would both find the ledger empty
    PERFORM pg_advisory_xact_lock(hashtext('rare_trace scripts/demo.sql ledger'));
    SELECT count(*) INTO earlier
    FROM rare_trace.flow AS f
    WHERE rare_trace.lot_code(f.child) LIKE '%.DEMO';
    IF earlier > 0 THEN
        RAISE NOTICE 'rare_trace.flow already holds the % entries of an earlier run of this demo (lot codes ending in .DEMO): nothing appended, so the flows are not doubled; the report below reads those entries.', earlier;
        RETURN;
    END IF;

    INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs)
    SELECT f.enterprise, p.lot, c.lot, f.kg, f.kind, f.docs
    FROM demo.chain_flow AS f
    JOIN demo.chain_lot AS p ON p.name = f.parent
    JOIN demo.chain_lot AS c ON c.name = f.child
    ORDER BY f.enterprise, f.n;
    GET DIAGNOSTICS appended = ROW_COUNT;

    -- The correction: UPDATE and DELETE are refused (RTL01); a new entry of
    -- the same chain names the entry it replaces in "corrects".
    INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs, corrects)
    SELECT f.enterprise, f.parent, f.child, 200, f.kind,
           f.docs || '{"correction": "re-weighed: 200 kg, not 250 kg"}', f.id
    FROM rare_trace.flow AS f
    WHERE f.enterprise = 'JP-DEMORECYCLE'
      AND rare_trace.lot_code(f.child) = 'JP-DEMOMAGNET-A2605.DEMO'
      AND f.kg = 250 AND f.corrects IS NULL;
    RAISE NOTICE 'appended % ledger entries and 1 correction', appended;
END
$$;
SET client_min_messages = warning;

\echo
\echo '--- 16. The ledger: the demo''s entries, chain by chain (seq counts per recording enterprise) ---'
SELECT f.enterprise, f.seq, f.kind,
       rare_trace.lot_code(f.parent) AS parent_code,
       rare_trace.lot_code(f.child)  AS child_code,
       f.kg,
       (SELECT c.seq FROM rare_trace.flow AS c WHERE c.id = f.corrects) AS corrects_seq,
       EXISTS (SELECT FROM rare_trace.flow_current AS cur WHERE cur.id = f.id) AS in_force
FROM rare_trace.flow AS f
WHERE rare_trace.lot_code(f.child) LIKE '%.DEMO'
ORDER BY f.enterprise, f.seq;

\echo '--- 17. Documents of the cross-border entries (docs, jsonb; every number illustrative) ---'
SELECT f.enterprise, f.seq, f.kind, f.docs - 'illustrative' AS docs
FROM rare_trace.flow_current AS f
WHERE f.child_code LIKE '%.DEMO' AND f.kind IN ('export', 'import')
ORDER BY f.enterprise, f.seq;

\echo '--- 18. Where the rare earths of magnet lot JP-DEMOMAGNET-N2606.DEMO come from ---'
\echo 'rare_trace.lot_provenance(): share of each element''s kg per country, %, rounded for display.'
\echo 'origin = where it was mined; the five stages = where each was performed (DFARS 2027:'
\echo 'mined, separated, refined, melted, produced).  TH never appears: relabelling is no stage.'
\pset null ''
SELECT p.element, p.view,
       round(sum(p.kg), 3)                                          AS kg,
       round(100 * max(p.share) FILTER (WHERE p.country = 'US'), 1) AS "US",
       round(100 * max(p.share) FILTER (WHERE p.country = 'AU'), 1) AS "AU",
       round(100 * max(p.share) FILTER (WHERE p.country = 'CN'), 1) AS "CN",
       round(100 * max(p.share) FILTER (WHERE p.country = 'MY'), 1) AS "MY",
       round(100 * max(p.share) FILTER (WHERE p.country = 'TH'), 1) AS "TH",
       round(100 * max(p.share) FILTER (WHERE p.country = 'VN'), 1) AS "VN",
       round(100 * max(p.share) FILTER (WHERE p.country = 'JP'), 1) AS "JP",
       round(100 * max(p.share) FILTER (WHERE p.country = 'recycled'), 1) AS recycled,
       round(100 * max(p.share) FILTER (WHERE p.country = 'unknown'), 1)  AS unknown
FROM rare_trace.lot_provenance('JP-DEMOMAGNET-N2606.DEMO')
         WITH ORDINALITY AS p(sink_code, element, view, country, kg, share, n)
GROUP BY p.element, p.view
ORDER BY min(p.n);
\pset null '(null)'

\echo '--- 19. Issues found in the magnet''s history (provenance_issues(ledger_provenance(...))) ---'
SELECT i.kind, i.lot_code, i.element, i.kg, i.detail
FROM rare_trace.provenance_issues(rare_trace.ledger_provenance('JP-DEMOMAGNET-N2606.DEMO')) AS i;

\echo '--- 20. Both magnets against two rules (from lot_provenance; all their rare earths together) ---'
\echo 'US DFARS from 2027: not mined, separated, refined, melted or produced in a covered nation'
\echo '(North Korea, China, Russia, Iran); "unknown" means the record does not show where.'
SELECT p.sink_code AS magnet, p.view,
       CASE p.view WHEN 'origin' THEN 'mined (mine country)'
                   WHEN 'mining' THEN 'mined (mining stage)'
                   WHEN 'separation' THEN 'separated'
                   WHEN 'refining' THEN 'refined'
                   WHEN 'melting' THEN 'melted'
                   WHEN 'magnet' THEN 'produced' END               AS dfars_2027,
       round(sum(p.kg), 3)                                          AS re_kg,
       round(100 * coalesce(sum(p.kg) FILTER (WHERE p.country IN ('KP', 'CN', 'RU', 'IR')), 0)
                 / sum(p.kg), 1)                                    AS covered_nation_pct,
       round(100 * coalesce(sum(p.kg) FILTER (WHERE p.country = 'unknown'), 0)
                 / sum(p.kg), 1)                                    AS unknown_pct
FROM (SELECT * FROM rare_trace.lot_provenance('JP-DEMOMAGNET-N2606.DEMO')
      UNION ALL
      SELECT * FROM rare_trace.lot_provenance('DE-DEMOMAGNET-N2606.DEMO')) AS p
GROUP BY p.sink_code, p.view
ORDER BY p.sink_code DESC,
         array_position(ARRAY['origin', 'mining', 'separation', 'refining', 'melting', 'magnet'], p.view);
\echo 'EU CRMA Art. 29: share of Nd, Dy, Pr, Tb (and Sm) recovered from post-consumer waste'
\echo '(origin "recycled": the root scrap lots, here end-of-life magnets).'
SELECT p.sink_code AS magnet, p.element,
       round(sum(p.kg), 3)                                                   AS element_kg,
       round(coalesce(sum(p.kg) FILTER (WHERE p.country = 'recycled'), 0), 3) AS recycled_kg,
       round(100 * coalesce(sum(p.kg) FILTER (WHERE p.country = 'recycled'), 0) / sum(p.kg), 1)
                                                                             AS recycled_pct
FROM (SELECT * FROM rare_trace.lot_provenance('JP-DEMOMAGNET-N2606.DEMO')
      UNION ALL
      SELECT * FROM rare_trace.lot_provenance('DE-DEMOMAGNET-N2606.DEMO')) AS p
WHERE p.view = 'origin' AND p.element IN ('Nd', 'Dy', 'Pr', 'Tb', 'Sm')
GROUP BY p.sink_code, p.element
ORDER BY p.sink_code DESC, array_position(ARRAY['Nd', 'Pr', 'Dy', 'Tb', 'Sm'], p.element);

\echo '--- 21. The ledger is append-only: an UPDATE is refused (caught in a DO block) ---'
CREATE TABLE demo.ledger_rejected (
    attempt  text NOT NULL,
    sqlstate text,
    message  text,
    hint     text
);
DO $$
DECLARE
    v_state text;
    v_msg   text;
    v_hint  text;
BEGIN
    BEGIN
        UPDATE rare_trace.flow SET kg = 150
        WHERE enterprise = 'JP-DEMORECYCLE' AND corrects IS NOT NULL;
        INSERT INTO demo.ledger_rejected (attempt) VALUES ('UPDATE accepted?!');
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE,
                                v_msg   = MESSAGE_TEXT,
                                v_hint  = PG_EXCEPTION_HINT;
        -- the entry id in the message differs between databases
        INSERT INTO demo.ledger_rejected
        VALUES ('UPDATE rare_trace.flow SET kg = 150 WHERE <the correction>', v_state,
                regexp_replace(v_msg, 'entry \d+', 'entry <id>'),
                regexp_replace(v_hint, '= \d+', '= <id>'));
    END;
END
$$;
\x on
SELECT attempt, sqlstate, message, hint FROM demo.ledger_rejected;
\x off

\echo '--- 22. rare_trace.verify_ledger(): the first broken link of every chain; no row = every chain holds ---'
SELECT v.enterprise, v.id, v.seq, v.problem FROM rare_trace.verify_ledger() AS v;
SELECT count(*)                                          AS chains_checked,
       sum(h.seq)                                        AS entries,
       (SELECT count(*) FROM rare_trace.verify_ledger()) AS broken_chains
FROM rare_trace.flow_chain AS h;
\echo 'The heads of the demo chains (hash of the last entry; they differ from database to database,'
\echo 'since id and recorded_at are hashed too):'
SELECT h.enterprise, h.seq, left(encode(h.head, 'hex'), 16) || '...' AS head
FROM rare_trace.flow_chain AS h
WHERE h.enterprise LIKE '__-DEMO%'
ORDER BY h.enterprise;
\echo 'Tamper evidence itself is not shown: changing an entry needs a superuser who disables the'
\echo 'ledger triggers (sql/ledger.sql does, and verify_ledger names the entry).  Publish the chain'
\echo 'heads (rare_trace.flow_chain) so that even that cannot go unnoticed; doc/ledger.md re-checks'
\echo 'the chains outside the database.'

\echo 'Sources: concentrate profiles and scrap composition as in sections 1-8; places real; enterprises,'
\echo 'lots, masses, flows and document numbers illustrative.'

-- ======================================================================
-- Origin rules (rare_trace 0.4.0): the two magnets against the shipped
-- rules (rare_trace.origin_rule, doc/origin_rules.md), on dates either
-- side of the changes.  The readings of the rules' words are data
-- (rare_trace.origin_rule_view).
-- ======================================================================
SELECT to_regclass('rare_trace.origin_rule') IS NOT NULL AS rt_has_origin_rules \gset
\if :rt_has_origin_rules
\else
\echo
\echo '(Origin-rule sections skipped: the installed rare_trace is older than 0.4.0;'
\echo ' ALTER EXTENSION rare_trace UPDATE TO ''0.4.0'' adds them.)'
\quit
\endif

\echo
\echo '=== Origin rules (rare_trace 0.4.0), shipped as of 2026-12-02 ==='
\echo '--- 23. Both magnets against the US magnet rule (10 U.S.C. 4872 / DFARS 225.7018), per date ---'
\echo 'lot_origin_check(): until 2026-12-31 "melted or produced", from 2027-01-01 "mined, refined,'
\echo 'separated, melted or produced" in KP, CN, RU, IR; "unknown" never passes (the record stops short),'
\echo 'nor does "recycled" by itself (where the scrap was first mined is not on the record).'
SELECT m.magnet, d AS on_date, bool_and(c.pass) AS passes, count(*) AS rows,
       count(*) FILTER (WHERE c.country IN ('KP', 'CN', 'RU', 'IR')) AS covered_nation_rows,
       count(*) FILTER (WHERE c.country = 'recycled' AND NOT c.pass) AS recycled_rows,
       count(*) FILTER (WHERE c.country = 'unknown') AS unknown_rows
FROM unnest(ARRAY['JP-DEMOMAGNET-N2606.DEMO', 'DE-DEMOMAGNET-N2606.DEMO']) AS m(magnet),
     unnest(ARRAY['2026-12-31', '2027-01-01']::date[]) AS d,
     rare_trace.lot_origin_check(m.magnet, 'us_dfars_magnet', d) AS c
GROUP BY m.magnet, d
ORDER BY m.magnet DESC, d;
\echo 'Why the Japanese magnet fails from 2027-01-01 (the failing rows, kg rounded for display):'
SELECT c.element, c.view, c.country, round(c.kg, 3) AS kg, c.reason
FROM rare_trace.lot_origin_check('JP-DEMOMAGNET-N2606.DEMO', 'us_dfars_magnet', '2027-01-01') AS c
WHERE NOT c.pass;

\echo '--- 24. The EU CRMA Art. 29 disclosure (from 2027-05-24): share recovered from post-consumer waste ---'
\echo 'A disclosure, not pass/fail: pass is NULL.'
\pset null ''
SELECT c.sink AS magnet, c.element, c.country, round(c.kg, 3) AS kg, c.share, c.pass
FROM unnest(ARRAY['JP-DEMOMAGNET-N2606.DEMO', 'DE-DEMOMAGNET-N2606.DEMO']) AS m(magnet),
     rare_trace.lot_origin_check(m.magnet, 'eu_crma_art29_recycled', '2027-05-24')
         WITH ORDINALITY AS c(sink, rule, element, view, country, kg, share, pass, reason, n)
ORDER BY m.magnet DESC, c.n;
\pset null '(null)'
\echo 'Sources: the rules as cited in rare_trace.origin_rule.source; the lots are those of sections 16-22.'

-------------------------------------------------------------------------------
-- Export controls, licences and declarations (rare_trace 0.4.0)
-------------------------------------------------------------------------------
--
-- China's export controls as the extension ships them (rare_trace.export_control
-- and rare_trace.export_control_suspension, doc/export_controls.md, as of
-- 2026-12-02): MOFCOM/GAC Announcement No. 18 (2025: Sm, Gd, Tb, Dy, Lu, Sc,
-- Y; in force since 2025-04-04), No. 57 (2025: Ho, Er, Tm, Eu, Yb; from
-- 2025-11-08) and No. 61 (re-export), Nos. 57 and 61 suspended by No. 70 from
-- 2025-11-07 until 2026-11-10.  The rule references, control codes, dates and
-- reasons printed below are those of the shipped rows.
--
-- An exporter's day, ILLUSTRATIVE: CREG's separation plant of the quota part
-- (CN-DEMOCREGSEP; the group is real, the code and plant are not) ships
-- separated oxides to a Japanese magnet maker (JP-DEMOMAGNET, the magnet
-- maker of the provenance part).  Its Dy and Tb would come from
-- ion-adsorption clay, the ore type of China's quotas that is mainly medium
-- and heavy rare earths (horizonmagnets.com, as in the quota part).
-- Every lot, mass, date and document number is illustrative.  Oxide lots are
-- written as element percentages of the pure oxide of the stated purity:
-- 99.9 % Dy2O3 holds 99.9 / 1.1477 = 87.0436 % Dy, 99.99 % Tb4O7 holds
-- 99.99 / 1.1762 = 85.0111 % Tb, 99.9 % Ho2O3 holds 99.9 / 1.1455 =
-- 87.2108 % Ho (oxide factors from rare_trace.element).

SELECT to_regclass('rare_trace.export_control') IS NOT NULL
       AND to_regclass('rare_trace.export_licence') IS NOT NULL AS rt_has_export_controls \gset
\if :rt_has_export_controls
\else
\echo
\echo '(Export-control sections skipped: the installed rare_trace is older than 0.4.0;'
\echo ' ALTER EXTENSION rare_trace UPDATE TO ''0.4.0'' adds export controls, licences and declarations.)'
\quit
\endif

\echo
\echo '=== Export controls, licences and declarations (rare_trace 0.4.0), rules shipped as of 2026-12-02 ==='
\echo 'Rules: MOFCOM/GAC announcements as cited in each row''s source.  Enterprises, lots, licences,'
\echo 'declarations and dates of the shipments: illustrative.'

\echo
\echo '--- 25. The export-control rules are rows with dates (rare_trace.export_control, _suspension) ---'
\pset null ''
SELECT c.reference, c.scope, c.elements, c.forms, c.countries AS governs,
       c.min_value_share_pct AS value_test_pct, c.effective_from, c.control_codes
FROM rare_trace.export_control AS c
ORDER BY c.effective_from, c.reference;
SELECT s.reference AS suspension, s.control_reference AS suspends,
       s.suspended_from, s.suspended_until AS last_day_suspended
FROM rare_trace.export_control_suspension AS s
ORDER BY s.control_reference;
\pset null '(null)'
\echo '(What was announced after 2026-11-10 was not found when the data was compiled: as shipped, Nos. 57'
\echo ' and 61 apply again from 2026-11-11.  An extension would be one INSERT into export_control_suspension.)'

\echo '--- 26. The same Ho oxide lot on three dates: export_check() under No. 57, and licence_required() ---'
\echo 'CN-DEMOCREGSEP-HOOX.2510: 500 kg of 99.9 % Ho2O3, shipped from CN to JP.'
SELECT d AS ship_date, c.element, c.in_force, c.suspended, c.licence_required,
       rare_trace.licence_required(l.lot, 'CN', 'JP', d) AS any_rule_requires, c.reason
FROM (VALUES ('CN-DEMOCREGSEP-HOOX.2510 oxide 500kg Ho=87.2108%'::rare_trace.rare_lot)) AS l(lot),
     unnest(ARRAY['2025-11-01', '2026-01-15', '2026-11-12']::date[]) AS d,
     rare_trace.export_check(l.lot, 'CN', 'JP', d) AS c
WHERE c.reference = 'MOFCOM/GAC Announcement No. 57 (2025)'
ORDER BY d;

\echo '--- 27. An exporter''s day, 2026-12-02: what each shipment from CN to JP needs (licence_required) ---'
CREATE TABLE demo.todays_lot (
    n   int PRIMARY KEY,
    lot rare_trace.rare_lot NOT NULL,
    note text NOT NULL
);
INSERT INTO demo.todays_lot (n, lot, note) VALUES
    (1, 'CN-DEMOCREGSEP-LACEOX.2612.01 oxide 20t La=29.8431% Ce=52.9144%',
     'La-Ce oxide (La2O3:CeO2 = 35:65), as in the quota part'),
    (2, 'CN-DEMOCREGSEP-DYOX.2612.01 oxide 400kg Dy=87.0436%',
     '99.9 % Dy2O3'),
    (3, 'CN-DEMOCREGSEP-TBOX.2612.01 oxide 100kg Tb=85.0111%',
     '99.99 % Tb4O7'),
    (4, 'CN-DEMOCREGSEP-DYOX.2612.02 oxide 450kg Dy=87.0436%',
     '99.9 % Dy2O3, a second lot');
SELECT t.n, rare_trace.lot_code(t.lot) AS lot_code, rare_trace.lot_mass_kg(t.lot) AS kg, t.note,
       rare_trace.licence_required(t.lot, 'CN', 'JP', '2026-12-02') AS licence_required
FROM demo.todays_lot AS t
ORDER BY t.n;
\echo 'Each rule''s answer and reason (export_check(); control_code where the announcement publishes one):'
\pset null ''
SELECT t.n, c.reference, c.element, c.control_code, c.licence_required, c.reason
FROM demo.todays_lot AS t,
     rare_trace.export_check(t.lot, 'CN', 'JP', '2026-12-02')
         WITH ORDINALITY AS c(reference, control_code, element, form, in_force, suspended,
                              licence_required, reason, k)
ORDER BY t.n, c.k;
\pset null '(null)'

-- Licences.  The exporter holds one ILLUSTRATIVE individual licence (number,
-- limit and dates made up) for Dy and Tb oxide to the Japanese magnet maker,
-- 800 kg of goods, and records its shipments in a table of its own, on which
-- attach_export_licence() puts enforce_export_licence: a row that needs a
-- licence must cite one that covers it, and each cited licence is drawn
-- down exactly, once per statement (the quota machinery).
INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, consignee,
    destination, elements, forms, limit_kg, valid_from, valid_until)
VALUES ('DEMO-MOFCOM-2026-0117', 'MOFCOM', 'individual', 'CN-DEMOCREGSEP',
        'JP-DEMOMAGNET (illustrative Japanese magnet maker)', 'JP',
        '{Dy,Tb}', '{oxide}', 800, '2026-10-01', '2027-03-31');
CREATE TABLE demo.export_shipment (
    n          int PRIMARY KEY REFERENCES demo.todays_lot,
    lot        rare_trace.rare_lot NOT NULL,
    dest       text NOT NULL,
    shipped_on date NOT NULL,
    licence    text            -- NULL: no licence cited
);
SELECT rare_trace.attach_export_licence('demo.export_shipment', 'lot', 'dest', 'shipped_on', 'licence') \gset

\echo '--- 28. The exporter''s licence (rare_trace.export_licence; number, limit and dates illustrative) ---'
SELECT l.licence_no, l.authority, l.kind, l.exporter, l.destination, l.elements, l.forms,
       l.limit_kg, l.used_kg, l.valid_from, l.valid_until
FROM rare_trace.export_licence AS l
WHERE l.licence_no LIKE 'DEMO-%';

\echo '--- 29. The day''s shipments under enforce_export_licence: refusals caught in a DO block ---'
\echo '1 La-Ce oxide, no licence cited: accepted.  2 Dy oxide without a licence: refused.  2 and 3 (Dy and'
\echo 'Tb oxide) citing the licence: accepted, 500 kg drawn.  4, 450 kg more Dy oxide: refused, 300 kg left.'
CREATE TABLE demo.shipment_attempt (
    id       serial PRIMARY KEY,
    attempt  text NOT NULL,
    outcome  text NOT NULL,
    sqlstate text,
    message  text,
    detail   text,
    hint     text
);
DO $$
DECLARE
    attempt  record;
    v_rows   bigint;
    v_state  text;
    v_msg    text;
    v_detail text;
    v_hint   text;
BEGIN
    FOR attempt IN
        SELECT * FROM (VALUES
            (1, 'shipment 1, no licence',                 '{1}'::int[], NULL),
            (2, 'shipment 2, no licence',                 '{2}',        NULL),
            (3, 'shipments 2 and 3, one INSERT, licence', '{2,3}',      'DEMO-MOFCOM-2026-0117'),
            (4, 'shipment 4, licence',                    '{4}',        'DEMO-MOFCOM-2026-0117')
        ) AS a (k, label, lots, licence)
        ORDER BY k
    LOOP
        BEGIN
            INSERT INTO demo.export_shipment (n, lot, dest, shipped_on, licence)
            SELECT t.n, t.lot, 'JP', '2026-12-02', attempt.licence
            FROM demo.todays_lot AS t
            WHERE t.n = ANY (attempt.lots);
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            INSERT INTO demo.shipment_attempt (attempt, outcome)
            VALUES (attempt.label, format('accepted (%s row(s))', v_rows));
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state  = RETURNED_SQLSTATE,
                                    v_msg    = MESSAGE_TEXT,
                                    v_detail = PG_EXCEPTION_DETAIL,
                                    v_hint   = PG_EXCEPTION_HINT;
            INSERT INTO demo.shipment_attempt (attempt, outcome, sqlstate, message, detail, hint)
            VALUES (attempt.label, 'refused', v_state, v_msg, v_detail, v_hint);
        END;
    END LOOP;
END
$$;
\x on
\pset null ''
SELECT attempt, outcome, sqlstate, message, detail, hint FROM demo.shipment_attempt ORDER BY id;
\pset null '(null)'
\x off
\echo 'What was shipped, and the licence afterwards (used_kg is exact; only the trigger changes it):'
SELECT s.n, rare_trace.lot_code(s.lot) AS lot_code, rare_trace.lot_mass_kg(s.lot) AS kg,
       s.dest, s.shipped_on, coalesce(s.licence, '(none cited)') AS licence
FROM demo.export_shipment AS s
ORDER BY s.n;
SELECT l.licence_no, l.limit_kg, l.used_kg, l.limit_kg - l.used_kg AS remaining_kg
FROM rare_trace.export_licence AS l
WHERE l.licence_no LIKE 'DEMO-%';

-- Declarations.  The exporter's customs declarations go into a table of its
-- own; declaration_guard, one trigger line, refuses a declaration that does
-- not match the lot it declares (SQLSTATE RTD01), or, with 'log' instead
-- of 'refuse', keeps the row and logs each issue in
-- rare_trace.declaration_log.  The demo uses 'refuse': nothing of its
-- declarations is kept outside the schema "demo".  The mixed oxide below is ILLUSTRATIVE:
-- a La-Ce-rich oxide that also holds Dy and Tb, declared without them (the
-- declared lot would need no licence, the real one does).
CREATE TABLE demo.customs_declaration (
    id          serial PRIMARY KEY,
    declared_on date NOT NULL,
    lot         rare_trace.rare_lot NOT NULL,     -- the lot as recorded
    form        text NOT NULL,                    -- what the declaration says
    mass_kg     numeric NOT NULL,
    composition jsonb NOT NULL
);
CREATE TRIGGER check_declaration BEFORE INSERT OR UPDATE ON demo.customs_declaration
    FOR EACH ROW EXECUTE FUNCTION
    rare_trace.declaration_guard('lot', 'form', 'mass_kg', 'composition', 'refuse');

\echo '--- 30. A false declaration is caught (declaration_guard on the exporter''s declaration table) ---'
\echo 'The Dy oxide of shipment 2, declared truly, is accepted.  A mixed oxide lot declared without its'
\echo 'Dy and Tb is refused (caught in a DO block):'
INSERT INTO demo.customs_declaration (declared_on, lot, form, mass_kg, composition)
SELECT '2026-12-02', t.lot, 'oxide', 400, '{"Dy": 87.0436}'
FROM demo.todays_lot AS t
WHERE t.n = 2;
CREATE TABLE demo.declaration_rejected (
    attempt  text NOT NULL,
    sqlstate text,
    message  text,
    detail   text,
    hint     text
);
DO $$
DECLARE
    recorded text := 'CN-DEMOCREGSEP-MIXOX.2612.03 oxide 2t La=25% Ce=45% Nd=8% Dy=2.5% Tb=0.5%';
    declared text := '{"La": 25, "Ce": 45, "Nd": 8}';
    v_state  text;
    v_msg    text;
    v_detail text;
    v_hint   text;
BEGIN
    BEGIN
        INSERT INTO demo.customs_declaration (declared_on, lot, form, mass_kg, composition)
        VALUES ('2026-12-02', recorded::rare_trace.rare_lot, 'oxide', 2000, declared::jsonb);
        INSERT INTO demo.declaration_rejected (attempt) VALUES ('accepted?! ' || declared);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state  = RETURNED_SQLSTATE,
                                v_msg    = MESSAGE_TEXT,
                                v_detail = PG_EXCEPTION_DETAIL,
                                v_hint   = PG_EXCEPTION_HINT;
        INSERT INTO demo.declaration_rejected
        VALUES (format('lot %s declared as oxide, 2000 kg, %s', recorded, declared),
                v_state, v_msg, v_detail, v_hint);
    END;
END
$$;
\x on
SELECT attempt, sqlstate, message, detail, hint FROM demo.declaration_rejected;
\x off
\echo 'Every issue of that declaration (declaration_issues()), and what each lot would need on the day:'
\pset null ''
SELECT i.kind, i.element, i.declared, i.actual, i.detail
FROM rare_trace.declaration_issues(
         'CN-DEMOCREGSEP-MIXOX.2612.03 oxide 2t La=25% Ce=45% Nd=8% Dy=2.5% Tb=0.5%',
         'oxide', 2000, '{"La": 25, "Ce": 45, "Nd": 8}') AS i;
\pset null '(null)'
SELECT 'as declared' AS lot,
       rare_trace.licence_required(rare_trace.rare_lot('CN-DEMOCREGSEP-MIXOX.2612.03', 'oxide', 2000,
                                                       '{"La": 25, "Ce": 45, "Nd": 8}'),
                                   'CN', 'JP', '2026-12-02') AS licence_required
UNION ALL
SELECT 'as recorded',
       rare_trace.licence_required('CN-DEMOCREGSEP-MIXOX.2612.03 oxide 2t La=25% Ce=45% Nd=8% Dy=2.5% Tb=0.5%',
                                   'CN', 'JP', '2026-12-02');
\echo 'The declarations kept (only the true one):'
SELECT d.id, rare_trace.lot_code(d.lot) AS lot_code, d.form, d.mass_kg, d.composition
FROM demo.customs_declaration AS d
ORDER BY d.id;

\echo 'Sources: the export-control rules as cited in rare_trace.export_control.source (MOFCOM/GAC'
\echo 'announcements, doc/export_controls.md); oxide factors as in section 8; enterprises, lots, the'
\echo 'licence, shipments, declarations and dates illustrative.'
