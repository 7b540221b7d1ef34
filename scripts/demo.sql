-- scripts/demo.sql: a short guided tour of the rare_lot type.
--
-- Run by scripts/demo in a throwaway database, after
-- CREATE EXTENSION rare_trace:
--
--     psql -X -v ON_ERROR_STOP=1 -f scripts/demo.sql
--
-- It loads a small demo data set into the schema "demo" and prints a report
-- made only with the type's own functions.  It can be run again: it drops
-- and recreates the schema "demo" (only if this script created it).
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
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_namespace WHERE nspname = 'demo') THEN
        IF obj_description('demo'::regnamespace, 'pg_namespace')
           IS DISTINCT FROM 'rare_trace demo data (scripts/demo.sql)' THEN
            RAISE EXCEPTION 'schema "demo" already exists and was not created by scripts/demo.sql'
                USING HINT = 'Run the demo in an empty database, or drop that schema yourself.';
        END IF;
        DROP SCHEMA demo CASCADE;
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
