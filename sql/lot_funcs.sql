--
-- lot_funcs: accessors, element and oxide arithmetic, the constructor and
-- the jsonb cast.
--
SET search_path = rare_trace, public;

CREATE TABLE lot_f (id int PRIMARY KEY, lot rare_lot NOT NULL);
INSERT INTO lot_f VALUES
    (1, 'CN-NRE-B2025000123 oxide 1000kg Pr=0.1% Nd=85.3%'),
    (2, 'US-MPM-C24 concentrate 25t Ce=30.02% La=18.7% Nd=9.01% Pr=3.1%'),
    (3, 'DE-VAC-M77 magnet 12.5kg Pr=6.1% Nd=22.8% Tb=0.5% Dy=3.9%'),
    (4, 'JP-SHN-X1 scrap 300g'),
    (5, 'AU-LYNAS-K.2024_01 ore 1.5t Y=0.25% Sc=0.0001%'),
    (6, 'MY-LAMP-S7 compound 7kg Sm=10.5% Gd=2%'),
    (7, 'VN-VTRE-1 metal 1g Lu=100%'),
    (8, 'EE-NPM-01 alloy 0.5kg Pm=0.5% Nd=30%');

--
-- Code, form and stage (every form and its stage).
--
SELECT id, lot_code(lot), lot_country(lot), lot_enterprise(lot), lot_number(lot)
FROM lot_f ORDER BY id;
SELECT f AS form, lot_form(l), lot_stage(l)
FROM unnest(ARRAY['ore','concentrate','compound','oxide','metal','alloy','magnet','scrap'])
         WITH ORDINALITY AS t(f, n),
     LATERAL (SELECT ('CN-NRE-B1 ' || upper(f) || ' 1kg')::rare_lot AS l) AS x
ORDER BY n;

--
-- Mass, elements, composition.
--
SELECT id, lot_mass_kg(lot), pg_typeof(lot_mass_kg(lot)) AS type, elements(lot), composition(lot)
FROM lot_f ORDER BY id;

--
-- Per element: percentage, kg and oxide kg, over the whole catalog for
-- lot 2 (25000 kg).  By hand:
--   La 18.7 %  -> 4675 kg   x 1.1728 = 5482.84
--   Ce 30.02 % -> 7505 kg   x 1.2284 = 9219.142
--   Pr 3.1 %   -> 775 kg    x 1.2082 = 936.355
--   Nd 9.01 %  -> 2252.5 kg x 1.1664 = 2627.316
--   total oxide 5482.84 + 9219.142 + 936.355 + 2627.316 = 18265.653 kg
-- every other element 0; Pm has no oxide factor, so its oxide mass is 0 where
-- the lot has no Pm and NULL where it has some.
--
SELECT e.z, e.symbol, element_pct(f.lot, e.symbol), element_kg(f.lot, e.symbol),
       reo_kg(f.lot, e.symbol)
FROM lot_f f, element e
WHERE f.id = 2
ORDER BY e.z;
SELECT reo_kg(lot) FROM lot_f WHERE id = 2;

-- All lots.  By hand:
--  1: Pr 1 kg x 1.2082 + Nd 853 kg x 1.1664 = 1.2082 + 994.9392 = 996.1474
--  3: Pr 0.7625 kg x 1.2082 = 0.9212525, Nd 2.85 x 1.1664 = 3.32424,
--     Tb 0.0625 x 1.1762 = 0.0735125, Dy 0.4875 x 1.1477 = 0.55950375;
--     sum 4.87850875
--  4: no rare earth, 0
--  5: Y 3.75 kg x 1.2699 = 4.762125, Sc 0.0015 kg x 1.5338 = 0.0023007;
--     sum 4.7644257
--  6: Sm 0.735 x 1.1596 = 0.852306, Gd 0.14 x 1.1526 = 0.161364; sum 1.01367
--  7: Lu 0.001 kg x 1.1372 = 0.0011372
--  8: contains Pm, which has no oxide factor: NULL
SELECT id, reo_kg(lot) FROM lot_f ORDER BY id;

-- Promethium: the total is NULL as soon as the lot declares any Pm, while
-- the element mass of Pm and the oxide mass of the other elements are
-- still available; reo_kg(lot, 'Pm') is NULL for that lot, 0 for lots without Pm.
SELECT element_kg(lot, 'Pm') AS pm_kg, element_pct(lot, 'Pm') AS pm_pct,
       reo_kg(lot, 'Pm') AS pm_reo, reo_kg(lot, 'Nd') AS nd_reo, reo_kg(lot) AS total_reo
FROM lot_f WHERE id = 8;
SELECT reo_kg(lot, 'Pm') AS pm_reo_absent FROM lot_f WHERE id = 1;
-- aggregates skip the NULL: the sum over all lots leaves lot 8 out
SELECT count(reo_kg(lot)) AS lots_with_reo, sum(reo_kg(lot)) AS reo_sum FROM lot_f;

-- Element arguments are case-insensitive.
SELECT s, element_kg(lot, s), element_pct(lot, s), reo_kg(lot, s)
FROM lot_f, unnest(ARRAY['Nd', 'nd', 'ND', 'nD', 'y', 'Y']) WITH ORDINALITY AS t(s, n)
WHERE id = 5 OR (id = 1 AND s ILIKE 'nd')
ORDER BY id, n;

-- Unknown symbols are an error, not 0 (a typo must not read as "absent").
SELECT element_kg(lot, 'Xx') FROM lot_f WHERE id = 1;
SELECT element_pct(lot, 'Neodymium') FROM lot_f WHERE id = 1;
SELECT reo_kg(lot, 'Fe') FROM lot_f WHERE id = 1;
SELECT element_kg(lot, '') FROM lot_f WHERE id = 1;
SELECT element_kg(lot, ' Nd') FROM lot_f WHERE id = 1;
-- their SQLSTATE is 22023, for each of the three functions
CREATE FUNCTION pg_temp.try_el(fn text, el text, OUT state text, OUT message text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT rare_trace.%I(%L::rare_trace.rare_lot, %L)',
                   fn, 'CN-NRE-B1 oxide 1kg Nd=1%', el);
    state := 'accepted';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
END;
$$;
SELECT fn, el, (pg_temp.try_el(fn, el)).*
FROM unnest(ARRAY['element_kg', 'element_pct', 'reo_kg']) WITH ORDINALITY AS f(fn, i),
     unnest(ARRAY['Xx', 'nd', 'Ndd']) WITH ORDINALITY AS e(el, j)
ORDER BY i, j;
-- and NULL gives NULL
SELECT element_kg(lot, NULL) IS NULL AS null_el, reo_kg(NULL::rare_lot) IS NULL AS null_lot
FROM lot_f WHERE id = 1;

-- element_kg and reo_kg agree with numeric arithmetic on the accessors and
-- the catalog, for every lot and every element.
SELECT count(*) AS checks,
       count(*) FILTER (WHERE element_kg(f.lot, e.symbol)
                              = lot_mass_kg(f.lot) * element_pct(f.lot, e.symbol) * 0.01) AS kg_ok,
       count(*) FILTER (WHERE reo_kg(f.lot, e.symbol)
                              = element_kg(f.lot, e.symbol) * coalesce(e.oxide_factor, 0)) AS reo_ok,
       count(*) FILTER (WHERE reo_kg(f.lot, e.symbol) IS NULL) AS reo_null
FROM lot_f f, element e;
-- the total is the sum of the per-element values (lot 4 has no element and
-- is summed over the whole catalog: 0; lot 8 has Pm: NULL)
SELECT f.id, reo_kg(f.lot) = sum(reo_kg(f.lot, e.symbol)) AS total_is_sum
FROM lot_f f, element e
WHERE e.symbol = ANY (elements(f.lot)) OR f.id = 4
GROUP BY f.id, f.lot ORDER BY f.id;

--
-- The jsonb cast.
--
SELECT id, jsonb_pretty(lot::jsonb) FROM lot_f WHERE id IN (2, 4, 8) ORDER BY id;
SELECT id,
       (lot::jsonb ->> 'code') = lot_code(lot) AS code,
       (lot::jsonb ->> 'country') = lot_country(lot) AS country,
       (lot::jsonb ->> 'enterprise') = lot_enterprise(lot) AS enterprise,
       (lot::jsonb ->> 'lot') = lot_number(lot) AS lot,
       (lot::jsonb ->> 'form') = lot_form(lot) AS form,
       (lot::jsonb ->> 'stage') = lot_stage(lot) AS stage,
       (lot::jsonb -> 'mass_kg')::numeric = lot_mass_kg(lot) AS mass,
       (lot::jsonb -> 'composition') = composition(lot) AS comp,
       (lot::jsonb -> 'reo_kg') = coalesce(to_jsonb(reo_kg(lot)), 'null') AS reo,
       (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(lot::jsonb) AS k) AS keys
FROM lot_f ORDER BY id;

--
-- The constructor.
--
SELECT rare_lot('CN-NRE-B2025000123', 'oxide', 1000, '{"Pr": 0.1, "Nd": 85.3}');
SELECT rare_lot('us-mpm-c24', 'CONCENTRATE', 25000.000,
                '{"ce": 30.02, "LA": 18.70, "Nd": 9.01, "pR": 3.1}');
SELECT rare_lot('JP-SHN-X1', 'scrap', 0.3) AS default_composition,
       rare_lot(code => 'JP-SHN-X1', form => 'Scrap', mass_kg => 0.3) AS named_arguments;
-- it builds the same values as the text input, for every lot above
SELECT id,
       rare_lot(lot_code(lot), lot_form(lot), lot_mass_kg(lot), composition(lot)) = lot AS same
FROM lot_f ORDER BY id;
-- boundaries: 1 g, 10^12 kg, 0.0001 %, 100 %, JSON exponent notation
SELECT rare_lot('CN-AB-1', 'ore', 0.001, '{"Sc": 0.0001}'),
       rare_lot('CN-AB-1', 'ore', 1e12, '{"Lu": 100}'),
       rare_lot('CN-AB-1', 'ore', 1.000, '{"Nd": 1e1, "Pr": 2.5E-3}');
-- duplicate JSON keys are resolved by jsonb itself (the last one wins)
-- before the constructor sees them
SELECT rare_lot('CN-AB-1', 'ore', 1, '{"Nd": 1, "Nd": 2}');
-- strict: NULL arguments give NULL
SELECT rare_lot(NULL, 'ore', 1) IS NULL AS null_code,
       rare_lot('CN-AB-1', NULL, 1) IS NULL AS null_form,
       rare_lot('CN-AB-1', 'ore', NULL) IS NULL AS null_mass,
       rare_lot('CN-AB-1', 'ore', 1, NULL) IS NULL AS null_composition;

-- Its errors: SQLSTATE 22023, message "invalid rare_lot component", and a
-- detail naming the bad part.
SELECT rare_lot('CN-NRE-B1', 'oxide', -1);

CREATE FUNCTION pg_temp.try_make(code text, form text, mass numeric, comp jsonb,
                                 OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rare_trace.rare_lot(code, form, mass, comp);
    state := 'accepted';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE,
                            message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL;
END;
$$;

SELECT n, code, form, mass, comp, (pg_temp.try_make(code, form, mass, comp)).*
FROM (VALUES
    -- code
    (1, 'CN-NRE', 'oxide', 1::numeric, '{}'::jsonb),
    (2, '', 'oxide', 1, '{}'),
    (3, 'XX-NRE-B1', 'oxide', 1, '{}'),
    (4, 'CHN-NRE-B1', 'oxide', 1, '{}'),
    (5, 'CN-N-B1', 'oxide', 1, '{}'),
    (6, 'CN-NR_E-B1', 'oxide', 1, '{}'),
    (7, 'CN-NRE-ABCDEFGHIJ01234567890', 'oxide', 1, '{}'),
    (8, 'CN-NRE-B 1', 'oxide', 1, '{}'),
    (9, ' CN-NRE-B1', 'oxide', 1, '{}'),
    -- form
    (10, 'CN-NRE-B1', 'powder', 1, '{}'),
    (11, 'CN-NRE-B1', '', 1, '{}'),
    (12, 'CN-NRE-B1', 'oxide ', 1, '{}'),
    -- mass
    (20, 'CN-NRE-B1', 'oxide', -1, '{}'),
    (21, 'CN-NRE-B1', 'oxide', 0, '{}'),
    (22, 'CN-NRE-B1', 'oxide', 0.000, '{}'),
    (23, 'CN-NRE-B1', 'oxide', 'NaN', '{}'),
    (24, 'CN-NRE-B1', 'oxide', 'Infinity', '{}'),
    (25, 'CN-NRE-B1', 'oxide', '-Infinity', '{}'),
    (26, 'CN-NRE-B1', 'oxide', 0.0005, '{}'),
    (27, 'CN-NRE-B1', 'oxide', 1.0005, '{}'),
    (28, 'CN-NRE-B1', 'oxide', 1.00050, '{}'),
    (29, 'CN-NRE-B1', 'oxide', 1000000000000.001, '{}'),
    (30, 'CN-NRE-B1', 'oxide', 1e30, '{}'),
    -- composition not an object
    (40, 'CN-NRE-B1', 'oxide', 1, '[]'),
    (41, 'CN-NRE-B1', 'oxide', 1, '[{"Nd": 1}]'),
    (42, 'CN-NRE-B1', 'oxide', 1, '5'),
    (43, 'CN-NRE-B1', 'oxide', 1, '"Nd=5%"'),
    (44, 'CN-NRE-B1', 'oxide', 1, 'null'),
    -- percentage not a number
    (50, 'CN-NRE-B1', 'oxide', 1, '{"Nd": "5"}'),
    (51, 'CN-NRE-B1', 'oxide', 1, '{"Nd": null}'),
    (52, 'CN-NRE-B1', 'oxide', 1, '{"Nd": true}'),
    (53, 'CN-NRE-B1', 'oxide', 1, '{"Nd": [5]}'),
    (54, 'CN-NRE-B1', 'oxide', 1, '{"Nd": {"pct": 5}}'),
    -- unknown element key
    (60, 'CN-NRE-B1', 'oxide', 1, '{"Fe": 5}'),
    (61, 'CN-NRE-B1', 'oxide', 1, '{"Neodymium": 5}'),
    (62, 'CN-NRE-B1', 'oxide', 1, '{"": 5}'),
    -- the same element twice, the keys differing only in case
    (70, 'CN-NRE-B1', 'oxide', 1, '{"Nd": 1, "nd": 2}'),
    (71, 'CN-NRE-B1', 'oxide', 1, '{"La": 1, "ND": 1, "nD": 1}'),
    -- percentage values
    (80, 'CN-NRE-B1', 'oxide', 1, '{"Nd": 0}'),
    (81, 'CN-NRE-B1', 'oxide', 1, '{"Nd": -1}'),
    (82, 'CN-NRE-B1', 'oxide', 1, '{"Nd": 101}'),
    (83, 'CN-NRE-B1', 'oxide', 1, '{"Nd": 100.0001}'),
    (84, 'CN-NRE-B1', 'oxide', 1, '{"Nd": 1.23456}'),
    (85, 'CN-NRE-B1', 'oxide', 1, '{"Nd": 1e-5}'),
    (86, 'CN-NRE-B1', 'oxide', 1, '{"La": 50, "Nd": 0.0000e0}'),
    -- sum above 100 %
    (90, 'CN-NRE-B1', 'oxide', 1, '{"La": 60, "Ce": 40.0001}'),
    (91, 'CN-NRE-B1', 'oxide', 1, '{"La": 50, "Ce": 50, "Pr": 0.0001}'),
    -- accepted, for contrast
    (99, 'CN-NRE-B1', 'oxide', 1.00000, '{"La": 50, "Ce": 50.0000}')
) AS t(n, code, form, mass, comp)
ORDER BY n;

DROP TABLE lot_f;
