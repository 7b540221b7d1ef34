--
-- Export controls as dated data (0.4.0): the shipped rules, export_check,
-- licence_required, reexport_check, every date boundary, the guard of the
-- rule tables and every class of bad input.
--
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';

-- the shipped rules and suspension, as of 2026-12-02
SELECT reference, authority, scope, elements, forms, control_codes, min_content_pct,
       min_value_share_pct, countries, destinations, stages, effective_from, effective_until, shipped
FROM rare_trace.export_control ORDER BY effective_from, reference;
SELECT reference, control_reference, suspended_from, suspended_until, shipped
FROM rare_trace.export_control_suspension ORDER BY control_reference;
SELECT count(*) AS rows_without_source
FROM (SELECT source FROM rare_trace.export_control
      UNION ALL SELECT source FROM rare_trace.export_control_suspension) AS s
WHERE s.source !~ 'Announcement No\. \d+ \(2025\)';
-- pg_dump keeps the users' rows only
SELECT c.relname, x.cond
FROM pg_extension AS e,
     unnest(e.extconfig, e.extcondition) AS x(oid, cond)
JOIN pg_class AS c ON c.oid = x.oid
WHERE e.extname = 'rare_trace' AND c.relname LIKE 'export_control%'
ORDER BY 1;

-- The issue's cases.  The same Ho-bearing oxide lot shipped from China:
-- not yet controlled, controlled but suspended, licence required.
CREATE TABLE ec_lots (name text PRIMARY KEY, lot rare_trace.rare_lot NOT NULL);
INSERT INTO ec_lots VALUES
    ('ho',   'CN-BAOTOU-HO2501 oxide 1000kg Ho=85.2%'),
    ('dy',   'CN-GANZHOU-DY77 oxide 500kg Dy=86.1%'),
    ('nd',   'CN-BAOTOU-ND9 oxide 2t Nd=85.7%'),
    ('trace','CN-BAOTOU-MIX3 oxide 2t Nd=80% Tb=0.0001%'),
    ('ore',  'CN-BAOTOU-ORE1 ore 100t Ce=3% Dy=0.01%'),
    ('mag',  'CN-NINGBO-MAG5 magnet 300kg Nd=29% Dy=2% Tb=0.5%'),
    ('none', 'CN-BAOTOU-FE1 metal 10t');

SELECT d AS ship_date, c.*
FROM (VALUES (date '2025-11-01'), ('2026-01-15'), ('2026-11-12')) AS v(d),
     rare_trace.export_check((SELECT lot FROM ec_lots WHERE name = 'ho'), 'CN', 'US', v.d) AS c;
SELECT d AS ship_date,
       rare_trace.licence_required((SELECT lot FROM ec_lots WHERE name = 'ho'), 'CN', 'US', v.d)
FROM (VALUES (date '2025-11-01'), ('2026-01-15'), ('2026-11-12')) AS v(d);

-- The same Dy oxide shipped by a Japanese exporter in June 2025 (No. 18
-- governs exports from China), and from China.
SELECT * FROM rare_trace.export_check('JP-SHINETSU-DY77 oxide 500kg Dy=86.1%', 'JP', 'US', '2025-06-15');
SELECT * FROM rare_trace.export_check((SELECT lot FROM ec_lots WHERE name = 'dy'), 'CN', 'US', '2025-06-15');

-- no controlled element; a form no rule covers; several controlled
-- elements (one row each, with the published control code); a trace
SELECT name, c.element, c.control_code, c.licence_required, c.reason
FROM ec_lots, rare_trace.export_check(lot, 'CN', 'DE', '2026-12-02') AS c
WHERE name IN ('nd', 'ore', 'mag', 'trace', 'none') AND c.reference LIKE '%No. 18%'
ORDER BY name, c.element;

-- Every date boundary: the day before, of and after No. 18's effective
-- date (Dy), No. 57's effective date and No. 70's first and last day (Ho).
SELECT v.d AS ship_date, c.reference, c.in_force, c.suspended, c.licence_required
FROM (VALUES (date '2025-04-03'), ('2025-04-04'), ('2025-04-05')) AS v(d),
     rare_trace.export_check((SELECT lot FROM ec_lots WHERE name = 'dy'), 'CN', 'US', v.d) AS c
WHERE c.reference LIKE '%No. 18%' ORDER BY 1;
SELECT v.d AS ship_date, c.in_force, c.suspended, c.licence_required, c.reason
FROM (VALUES (date '2025-11-06'), ('2025-11-07'), ('2025-11-08'), ('2025-11-09'),
             ('2026-11-09'), ('2026-11-10'), ('2026-11-11')) AS v(d),
     rare_trace.export_check((SELECT lot FROM ec_lots WHERE name = 'ho'), 'CN', 'US', v.d) AS c
WHERE c.reference LIKE '%No. 57%' ORDER BY 1;

-- licence_required is export_check's answer: true if a row says true,
-- NULL if none does but one is undetermined, else false; checked over
-- every lot, two exporters and every boundary day
SELECT count(*) AS checked,
       count(*) FILTER (WHERE r.lr IS DISTINCT FROM r.from_rows) AS disagreements
FROM (SELECT rare_trace.licence_required(l.lot, f.cc, 'US', d.d) AS lr,
             (SELECT CASE WHEN bool_or(c.licence_required) THEN true
                          WHEN bool_or(c.licence_required IS NULL) THEN NULL
                          ELSE false END
              FROM rare_trace.export_check(l.lot, f.cc, 'US', d.d) AS c) AS from_rows
      FROM ec_lots AS l, (VALUES ('CN'), ('JP')) AS f(cc),
           (SELECT g::date FROM generate_series(date '2025-04-03', date '2026-11-12', interval '1 day') AS g) AS d(d)) AS r;

-- A new announcement is one INSERT, seen by the next statement.  A rule
-- with an end date (the day before, of and after it), destinations, a
-- content threshold and a value test.
INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms, countries,
    destinations, min_content_pct, effective_from, effective_until, source)
VALUES ('TEST Announcement No. 1 (2026)', 'TEST', 'export', '{nd,PR}', '{METAL,oxide}', '{cn}',
        '{us,jp}', 50, '2026-01-01', '2026-06-30', 'regression test');
-- stored canonically: symbols and forms as rare_trace spells them, in
-- atomic-number and value-chain order, countries upper case and sorted
SELECT elements, forms, countries, destinations FROM rare_trace.export_control
WHERE reference = 'TEST Announcement No. 1 (2026)';
SELECT v.d AS ship_date, c.element, c.in_force, c.licence_required, c.reason
FROM (VALUES (date '2025-12-31'), ('2026-01-01'), ('2026-01-02'),
             ('2026-06-29'), ('2026-06-30'), ('2026-07-01')) AS v(d),
     rare_trace.export_check((SELECT lot FROM ec_lots WHERE name = 'nd'), 'CN', 'US', v.d) AS c
WHERE c.reference LIKE 'TEST%' ORDER BY 1;
-- the destination is not governed; the threshold: 50 % exactly is covered
SELECT c.licence_required, c.reason
FROM rare_trace.export_check((SELECT lot FROM ec_lots WHERE name = 'nd'), 'CN', 'DE', '2026-03-01') AS c
WHERE c.reference LIKE 'TEST%';
SELECT l.lot::text, c.licence_required, c.reason
FROM (VALUES ('CN-A1-B1 oxide 1t Nd=40% Pr=10%'::rare_trace.rare_lot),
             ('CN-A1-B2 oxide 1t Nd=40% Pr=9.9999%')) AS l(lot),
     rare_trace.export_check(l.lot, 'CN', 'JP', '2026-03-01') AS c
WHERE c.reference LIKE 'TEST%' AND c.element = 'Nd';
-- a value test in an export rule: undetermined (NULL), never false
INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms, countries,
    min_value_share_pct, effective_from, source)
VALUES ('TEST Announcement No. 2 (2026)', 'TEST', 'export', '{La}', '{oxide}', '{CN}', 0.5,
        '2026-01-01', 'regression test');
SELECT c.licence_required, c.reason
FROM rare_trace.export_check('CN-A1-LA1 oxide 1t La=99%', 'CN', 'US', '2026-03-01') AS c
WHERE c.reference LIKE 'TEST Announcement No. 2%';
SELECT rare_trace.licence_required('CN-A1-LA1 oxide 1t La=99%', 'CN', 'US', '2026-03-01') IS NULL
    AS undetermined;
DELETE FROM rare_trace.export_control WHERE reference LIKE 'TEST Announcement No. 2%';

-- An extended suspension is one INSERT: No. 57 suspended again from
-- 2026-11-11, until further notice; then lifted (deleted).
INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference,
    suspended_from, suspended_until, source)
VALUES ('TEST Announcement No. 3 (2026)', 'TEST', 'MOFCOM/GAC Announcement No. 57 (2025)',
        '2026-11-11', NULL, 'regression test');
SELECT c.suspended, c.licence_required, c.reason
FROM rare_trace.export_check((SELECT lot FROM ec_lots WHERE name = 'ho'), 'CN', 'US', '2026-11-12') AS c
WHERE c.reference LIKE '%No. 57%';
DELETE FROM rare_trace.export_control_suspension WHERE reference LIKE 'TEST%';

-- The rules are read once per statement, never kept across statements:
-- within one PL/pgSQL function (which reuses its expressions) a rule
-- inserted between two calls is seen by the second.
CREATE FUNCTION ec_before_after() RETURNS text LANGUAGE plpgsql AS $$
DECLARE a boolean; b boolean; i int;
BEGIN
    FOR i IN 1..2 LOOP
        IF i = 2 THEN
            INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms,
                countries, effective_from, source)
            VALUES ('TEST Announcement No. 4 (2026)', 'TEST', 'export', '{Ce}', '{ore}', '{CN}',
                    '2026-01-01', 'regression test');
        END IF;
        b := rare_trace.licence_required('CN-BAOTOU-ORE1 ore 100t Ce=3%', 'CN', 'US', '2026-03-01');
        IF i = 1 THEN a := b; END IF;
    END LOOP;
    DELETE FROM rare_trace.export_control WHERE reference = 'TEST Announcement No. 4 (2026)';
    RETURN format('before %s, after %s', a, b);
END $$;
SELECT ec_before_after();
SELECT ec_before_after();

--
-- Re-export (No. 61's kind): oxide separated in China, traded through
-- Thailand, made into magnets in Vietnam with Australian oxide whose
-- history is not recorded.
--
CREATE TABLE ec_flow (parent rare_trace.rare_lot, child rare_trace.rare_lot, kg numeric);
INSERT INTO ec_flow VALUES
    ('CN-BAOTOU-C1 concentrate 10t Dy=1% Nd=10%', 'CN-BAOTOU-OX1 oxide 1000kg Dy=9% Nd=80%', 10000),
    ('CN-BAOTOU-OX1 oxide 1000kg Dy=9% Nd=80%', 'TH-TRADER-OX2 oxide 1000kg Dy=9% Nd=80%', 1000),
    ('TH-TRADER-OX2 oxide 1000kg Dy=9% Nd=80%', 'VN-MAG-M1 magnet 800kg Dy=5% Nd=30%', 500),
    ('AU-LYNAS-OX9 oxide 200kg Dy=10%', 'VN-MAG-M1 magnet 800kg Dy=5% Nd=30%', 200);
CREATE TABLE ec_prov AS SELECT rare_trace.provenance(parent, child, kg) AS p FROM ec_flow;
-- no value share given: undetermined, never a pass; on the boundary days
-- of No. 61 (2025-12-01) and of the No. 70 suspension's end (2026-11-10)
SELECT v.d AS ship_date, c.element, c.view, c.country, c.kg, c.share, c.in_force, c.suspended,
       c.licence_required, c.result
FROM (VALUES (date '2025-11-30'), ('2025-12-01'), ('2025-12-02'),
             ('2026-11-09'), ('2026-11-10'), ('2026-11-11')) AS v(d),
     ec_prov, rare_trace.reexport_check(ec_prov.p, 'VN', 'US', v.d) AS c
ORDER BY 1, c.view, c.country;
SELECT c.* FROM ec_prov, rare_trace.reexport_check(ec_prov.p, 'VN', 'US', '2026-12-02') AS c;
-- with the value share: below, at and above the 0.1 % test
SELECT v.share AS value_share_pct, c.country, c.licence_required, c.result, c.reason
FROM (VALUES (0.0999), (0.1), (5)) AS v(share),
     ec_prov, rare_trace.reexport_check(ec_prov.p, 'VN', 'US', '2026-12-02', v.share) AS c
WHERE c.country = 'CN';
-- shipped from China itself: export_check's business, not the re-export rule's
SELECT c.country, c.licence_required, c.reason
FROM ec_prov, rare_trace.reexport_check(ec_prov.p, 'CN', 'US', '2026-12-02') AS c;
-- a magnet with nothing separated or refined in China on record: one
-- row, no licence; without the metal stage, refining is unknown:
-- undetermined
CREATE TABLE ec_flow2 (parent rare_trace.rare_lot, child rare_trace.rare_lot, kg numeric);
INSERT INTO ec_flow2 VALUES
    ('AU-LYNAS-C7 concentrate 10t Dy=1%', 'MY-LYNAS-OX7 oxide 100kg Dy=90%', 10000),
    ('MY-LYNAS-OX7 oxide 100kg Dy=90%', 'JP-SMETAL-M7 metal 90kg Dy=99%', 100),
    ('JP-SMETAL-M7 metal 90kg Dy=99%', 'JP-MAG-A7 alloy 1t Dy=8.9%', 90),
    ('JP-MAG-A7 alloy 1t Dy=8.9%', 'JP-MAG-N7 magnet 1t Dy=8.9%', 1000),
    ('MY-LYNAS-OX7 oxide 100kg Dy=90%', 'JP-MAG-N8 magnet 1t Dy=0.9%', 10);
SELECT c.sink_code, c.element, c.view, c.country, c.licence_required, c.result, c.reason
FROM rare_trace.reexport_check((SELECT rare_trace.provenance(parent, child, kg) FROM ec_flow2),
                               'JP', 'US', '2026-12-02') AS c;

-- the ledger variant: the same chain recorded in the ledger (rolled back:
-- the ledger is append-only and the ledger tests expect it empty)
BEGIN;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind)
SELECT rare_trace.lot_enterprise(child), parent, child, kg,
       CASE WHEN rare_trace.lot_country(parent) <> rare_trace.lot_country(child) THEN 'import'
            ELSE 'transform' END
FROM ec_flow ORDER BY 1;
SELECT (SELECT array_agg(c ORDER BY c::text) FROM rare_trace.lot_reexport_check('vn-mag-m1', 'VN', 'US', '2026-12-02') AS c)
     = (SELECT array_agg(c ORDER BY c::text) FROM ec_prov, rare_trace.reexport_check(ec_prov.p, 'VN', 'US', '2026-12-02') AS c)
    AS ledger_variant_agrees;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.lot_reexport_check('VN-NOSUCH-LOT', 'VN', 'US', '2026-12-02')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.lot_reexport_check(NULL, 'VN', 'US', '2026-12-02')$$);
ROLLBACK;

--
-- Bad arguments: each a clear error with its SQLSTATE
--
SELECT * FROM regress_util.try($$SELECT rare_trace.licence_required(NULL, 'CN', 'US', '2026-01-01')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.licence_required('CN-A1-B1 oxide 1t', NULL, 'US', '2026-01-01')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.licence_required('CN-A1-B1 oxide 1t', 'CN', NULL, '2026-01-01')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.licence_required('CN-A1-B1 oxide 1t', 'CN', 'US', NULL)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.licence_required('CN-A1-B1 oxide 1t', 'XX', 'US', '2026-01-01')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.licence_required('CN-A1-B1 oxide 1t', 'CHN', 'US', '2026-01-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.export_check('CN-A1-B1 oxide 1t', 'CN', 'U', '2026-01-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.export_check('CN-A1-B1 oxide 1t', 'CN', 'US', 'infinity')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.export_check('CN-A1-B1 oxide 1t', 'CN', 'US', '-infinity')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.reexport_check(NULL, 'VN', 'US', '2026-12-02')$$);
SELECT * FROM regress_util.try($$SELECT * FROM ec_prov, rare_trace.reexport_check(p, 'VN', 'US', '2026-12-02', 'NaN')$$);
SELECT * FROM regress_util.try($$SELECT * FROM ec_prov, rare_trace.reexport_check(p, 'VN', 'US', '2026-12-02', 'Infinity')$$);
SELECT * FROM regress_util.try($$SELECT * FROM ec_prov, rare_trace.reexport_check(p, 'VN', 'US', '2026-12-02', -0.1)$$);
SELECT * FROM regress_util.try($$SELECT * FROM ec_prov, rare_trace.reexport_check(p, 'VN', 'US', '2026-12-02', 100.01)$$);

--
-- Bad rows: refused with a clear error; nothing changes
--
CREATE TEMP TABLE ec_before AS
    SELECT (SELECT md5(string_agg(c::text, '|' ORDER BY reference)) FROM rare_trace.export_control AS c) AS rules,
           (SELECT md5(string_agg(s::text, '|' ORDER BY reference, control_reference))
            FROM rare_trace.export_control_suspension AS s) AS suspensions;
CREATE FUNCTION ec_try_rule(cols text, vals text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT regress_util.try(format(
        'INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms, countries, effective_from, source%s) VALUES (%s)',
        cols, vals))
$$;
-- elements: unknown, not a rare earth, duplicate (in another spelling), NULL, empty, 2-D
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Xx}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Fe}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy,dy}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy,NULL}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{{Dy},{Tb}}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', NULL, '{oxide}', '{CN}', '2026-01-01', 's'$$);
-- forms: unknown, NULL item
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy}', '{powder}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy}', '{oxide,NULL}', '{CN}', '2026-01-01', 's'$$);
-- countries and destinations: not ISO alpha-2, unassigned, duplicate, empty
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CHN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{XX}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN,cn}', '2026-01-01', 's'$$);
SELECT ec_try_rule(', destinations', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{}'$$);
SELECT ec_try_rule(', destinations', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{US,EU}'$$);
-- scope and stages
SELECT ec_try_rule('', $$'T', 'T', 'transit', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule(', stages', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{separation}'$$);
SELECT ec_try_rule('', $$'T', 'T', 're-export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule(', stages', $$'T', 'T', 're-export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{smelting}'$$);
SELECT ec_try_rule(', stages, min_content_pct', $$'T', 'T', 're-export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{separation}', 1$$);
-- numbers: NaN, Infinity, out of range
SELECT ec_try_rule(', min_content_pct', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', 'NaN'$$);
SELECT ec_try_rule(', min_value_share_pct', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', 'NaN'$$);
SELECT ec_try_rule(', min_content_pct', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', 'Infinity'$$);
SELECT ec_try_rule(', min_value_share_pct', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '-Infinity'$$);
SELECT ec_try_rule(', min_content_pct', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', 0.00005$$);
SELECT ec_try_rule(', min_content_pct', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', 0$$);
SELECT ec_try_rule(', min_value_share_pct', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', 100.5$$);
-- dates: infinite, from after until
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '-infinity', 's'$$);
SELECT ec_try_rule(', effective_until', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', 'infinity'$$);
SELECT ec_try_rule(', effective_until', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-02', 's', '2026-01-01'$$);
-- control codes: not an object, a key that is not one of the elements, not a string
SELECT ec_try_rule(', control_codes', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '["1C905"]'$$);
SELECT ec_try_rule(', control_codes', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{"Tb": "1C904"}'$$);
SELECT ec_try_rule(', control_codes', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{"dy": "1C905"}'$$);
SELECT ec_try_rule(', control_codes', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', '{"Dy": 1905}'$$);
-- empty texts; a reference that exists
SELECT ec_try_rule('', $$'', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
SELECT ec_try_rule('', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', ''$$);
SELECT ec_try_rule('', $$'MOFCOM/GAC Announcement No. 18 (2025)', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's'$$);
-- shipped rows: written only by rare_trace's scripts
SELECT ec_try_rule(', shipped', $$'T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's', true$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_control SET effective_until = '2026-12-31' WHERE reference LIKE '%No. 18%'$$);
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.export_control WHERE reference LIKE '%No. 57%'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_control SET shipped = true WHERE reference LIKE 'TEST%'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_control_suspension SET suspended_until = '2027-11-10'$$);
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.export_control_suspension$$);
-- suspensions: of no rule, until before from, infinite, shipped
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference, suspended_from, source) VALUES ('S', 'T', 'No such rule', '2026-01-01', 's')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference, suspended_from, suspended_until, source) VALUES ('S', 'T', 'MOFCOM/GAC Announcement No. 57 (2025)', '2026-01-02', '2026-01-01', 's')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference, suspended_from, suspended_until, source) VALUES ('S', 'T', 'MOFCOM/GAC Announcement No. 57 (2025)', '2026-01-01', 'infinity', 's')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference, suspended_from, source, shipped) VALUES ('S', 'T', 'MOFCOM/GAC Announcement No. 57 (2025)', '2026-01-01', 's', true)$$);
-- nothing changed
SELECT (SELECT md5(string_agg(c::text, '|' ORDER BY reference)) FROM rare_trace.export_control AS c) = rules
       AS rules_unchanged,
       (SELECT md5(string_agg(s::text, '|' ORDER BY reference, control_reference))
        FROM rare_trace.export_control_suspension AS s) = suspensions AS suspensions_unchanged
FROM ec_before;

-- a rule with suspensions cannot go before them
INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference, suspended_from, source)
VALUES ('TEST Announcement No. 5 (2026)', 'TEST', 'TEST Announcement No. 1 (2026)', '2026-02-01', 'regression test');
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.export_control WHERE reference = 'TEST Announcement No. 1 (2026)'$$);
DELETE FROM rare_trace.export_control_suspension WHERE reference = 'TEST Announcement No. 5 (2026)';
DELETE FROM rare_trace.export_control WHERE reference = 'TEST Announcement No. 1 (2026)';
--
-- Privileges: readers and recorders read the rules and cannot change them;
-- admins add rules
--
CREATE ROLE regress_ec_reader NOLOGIN IN ROLE rare_trace_reader;
CREATE ROLE regress_ec_recorder NOLOGIN IN ROLE rare_trace_recorder;
CREATE ROLE regress_ec_admin NOLOGIN IN ROLE rare_trace_admin;
SET ROLE regress_ec_recorder;
SELECT rare_trace.licence_required('CN-A1-B1 oxide 1t Dy=1%', 'CN', 'US', '2026-01-01');
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms, countries, effective_from, source) VALUES ('T', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference, suspended_from, source) VALUES ('S', 'T', 'MOFCOM/GAC Announcement No. 18 (2025)', '2026-01-01', 's')$$);
SET ROLE regress_ec_reader;
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_control SET note = 'x'$$);
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.export_control_suspension$$);
SET ROLE regress_ec_admin;
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms, countries, effective_from, source) VALUES ('TEST admin rule', 'T', 'export', '{Dy}', '{oxide}', '{CN}', '2026-01-01', 's')$$);
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.export_control WHERE reference = 'TEST admin rule'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_control SET note = 'x' WHERE shipped$$);
RESET ROLE;
DROP ROLE regress_ec_reader, regress_ec_recorder, regress_ec_admin;

DROP FUNCTION ec_try_rule(text, text);
DROP FUNCTION ec_before_after();
DROP TABLE ec_lots, ec_flow, ec_flow2, ec_prov;
