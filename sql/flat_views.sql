--
-- Flat views for BI tools (0.5.0, doc/bi_views.md): flat_lot, flat_flow,
-- flat_provenance, flat_quota, flat_export_licence; their declared
-- numeric(p,s) holding the extremes exactly; the check wrappers
-- flat_export_check, flat_reexport_check, flat_origin_check giving the
-- checks' own rows; create_flat_view and every class of bad argument; and
-- comparisons without rare_trace on search_path (text columns, and the
-- per-database ALTER DATABASE ... SET search_path).
--
-- rare_trace is deliberately not on search_path: every name is qualified,
-- as a BI tool with the default search_path writes them.  The ledger is
-- append-only and shared by the suite: everything recorded here is rolled
-- back; the registry rows, licences and objects made here are removed.
--
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
SET search_path = public;

--
-- The types drivers see (numeric with precision and scale, plain types).
--
SELECT * FROM rare_trace.flat_lot \gdesc
SELECT * FROM rare_trace.flat_flow \gdesc
SELECT * FROM rare_trace.flat_provenance \gdesc
SELECT * FROM rare_trace.flat_quota \gdesc
SELECT * FROM rare_trace.flat_export_licence \gdesc

BEGIN;
--
-- A ledger with the extremes: the largest mass (10^12 kg), the largest
-- mass with the finest element fraction (10^15 - 1 g, 1 ppm), and the
-- smallest lot (1 g at 1 ppm, REO to 13 decimals).
--
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs) VALUES
    ('NO-FVMAX', 'NO-FVMAX-TOP metal 1000000000000kg Sc=100%',
     'NO-FVMAX-BIG oxide 999999999999.999kg Sc=99.9999% Lu=0.0001%', 1000000000000, 'transform',
     '{"work_order": "WO-1"}'),
    ('NO-FVMAX', 'NO-FVMAX-BIG oxide 999999999999.999kg Sc=99.9999% Lu=0.0001%',
     'NO-FVMAX-FINE metal 1g Yb=0.0001%', 0.001, 'transform', '{}'),
    -- a small chain with documents: two mines, a separator, a metal
    ('MY-FVSEP', 'AU-FVMINE-C1 concentrate 2000kg Nd=9%', 'MY-FVSEP-OX1 oxide 375kg Nd=80%', 2000, 'import',
     '{"invoice": "INV-1", "bill_of_lading": "BL-1", "import_permit": "IP-1"}'),
    ('MY-FVSEP', 'US-FVMINE-C2 concentrate 1000kg Nd=12%', 'MY-FVSEP-OX1 oxide 375kg Nd=80%', 1000, 'import',
     '{"invoice": "INV-2", "licence": "L-2"}'),
    ('JP-FVMET', 'MY-FVSEP-OX1 oxide 375kg Nd=80%', 'JP-FVMET-M1 metal 200kg Nd=99%', 250, 'import',
     '{"invoice": "INV-3", "delivery_note": "DN-3", "extra": 7}'),
    -- the same code recorded with another mass: two versions
    ('JP-FVMET', 'MY-FVSEP-OX1 oxide 376kg Nd=80%', 'JP-FVMET-M2 metal 1kg Nd=99%', 1, 'import', '{}');

SELECT code, country, enterprise, lot_number, form, stage, mass_kg, reo_kg, versions
FROM rare_trace.flat_lot WHERE code LIKE '%-FV%' ORDER BY code;
-- the row of a code recorded twice shows the latest entry's lot
SELECT code, lot, versions FROM rare_trace.flat_lot WHERE code = 'MY-FVSEP-OX1';

-- the extremes, column by column, against the functions' own values:
-- equal, so not rounded; and each at its column's full scale
SELECT code, mass_kg, reo_kg, sc_kg, lu_kg, yb_kg
FROM rare_trace.flat_lot WHERE code LIKE 'NO-FVMAX-%' ORDER BY code;
SELECT l.code,
       l.mass_kg = rare_trace.lot_mass_kg(l.lot::rare_trace.rare_lot) AS mass_same,
       l.reo_kg = rare_trace.reo_kg(l.lot::rare_trace.rare_lot) AS reo_same,
       l.sc_kg = rare_trace.element_kg(l.lot::rare_trace.rare_lot, 'Sc') AS sc_same,
       l.lu_kg = rare_trace.element_kg(l.lot::rare_trace.rare_lot, 'Lu') AS lu_same,
       l.yb_kg = rare_trace.element_kg(l.lot::rare_trace.rare_lot, 'Yb') AS yb_same,
       rare_trace.reo_kg(l.lot::rare_trace.rare_lot)::text AS reo_raw
FROM rare_trace.flat_lot AS l WHERE l.code LIKE 'NO-FVMAX-%' ORDER BY l.code;
-- every element column equals element_kg(), for every lot here
SELECT count(DISTINCT l.code) AS lots, count(*) AS element_columns,
       bool_and(e.kg = rare_trace.element_kg(l.lot::rare_trace.rare_lot, e.symbol)) AS all_same
FROM rare_trace.flat_lot AS l
CROSS JOIN LATERAL (VALUES ('Sc', l.sc_kg), ('Y', l.y_kg), ('La', l.la_kg), ('Ce', l.ce_kg),
                           ('Pr', l.pr_kg), ('Nd', l.nd_kg), ('Pm', l.pm_kg), ('Sm', l.sm_kg),
                           ('Eu', l.eu_kg), ('Gd', l.gd_kg), ('Tb', l.tb_kg), ('Dy', l.dy_kg),
                           ('Ho', l.ho_kg), ('Er', l.er_kg), ('Tm', l.tm_kg), ('Yb', l.yb_kg),
                           ('Lu', l.lu_kg)) AS e(symbol, kg)
WHERE l.code LIKE '%-FV%';
-- the bound: the largest lot's REO (1.5338 x 10^12 kg, Sc2O3) still fits,
-- an REO one digit larger would not (numeric(26,13): below 10^13)
SELECT rare_trace.reo_kg('NO-FVMAX-TOP metal 1000000000000kg Sc=100%'::rare_trace.rare_lot)::numeric(26, 13) AS largest_reo;
SELECT * FROM regress_util.try($$SELECT 10000000000000::numeric(26, 13)$$);

-- flows in force, parts and documents as columns
SELECT id > 0 AS has_id, kind, kg, parent_code, parent_form, parent_mass_kg, child_code, child_stage,
       child_reo_kg, invoice, bill_of_lading, licence, import_permit, delivery_note, work_order, docs
FROM rare_trace.flat_flow WHERE enterprise LIKE '%-FV%' ORDER BY id;
SELECT kg, kg = 1000000000000 AS same FROM rare_trace.flat_flow WHERE parent_code = 'NO-FVMAX-TOP';

-- provenance of every sink, rows as provenance_rows() gives them
SELECT sink_code, element, view, country, kg, share
FROM rare_trace.flat_provenance WHERE sink_code LIKE '%-FV%' ORDER BY sink_code, element, view, country;
SELECT count(*) AS rows, bool_and(f.kg = r.kg AND f.share = r.share) AS same
FROM rare_trace.flat_provenance AS f
JOIN rare_trace.lot_provenance('JP-FVMET-M1') AS r USING (sink_code, element, view, country);

--
-- The checks, through the wrappers: the same rows as the 0.4.0 functions,
-- numeric columns with precision and scale.
--
SELECT * FROM rare_trace.flat_export_check('CN-FVX-OX1 oxide 100kg Dy=50% Tb=10%', 'CN', 'JP', '2026-12-01');
SELECT (SELECT array_agg(c ORDER BY c::text) FROM rare_trace.flat_export_check(
            'CN-FVX-OX1 oxide 100kg Dy=50% Tb=10%', 'CN', 'JP', '2026-12-01') AS c)::text
     = (SELECT array_agg(ROW('CN-FVX-OX1', c.*) ORDER BY ROW('CN-FVX-OX1', c.*)::text)
          FROM rare_trace.export_check('CN-FVX-OX1 oxide 100kg Dy=50% Tb=10%', 'CN', 'JP', '2026-12-01') AS c)::text
       AS same_rows;
-- every lot of the ledger in one query, as a BI tool's custom SQL would
SELECT c.lot_code, count(*) AS rules, bool_or(c.licence_required) AS licence
FROM rare_trace.flat_lot AS l
CROSS JOIN LATERAL rare_trace.flat_export_check(l.lot, l.country, 'US', '2026-12-01') AS c
WHERE l.code LIKE '%-FV%' GROUP BY c.lot_code ORDER BY c.lot_code;
SELECT * FROM rare_trace.flat_reexport_check('JP-FVMET-M1', 'JP', 'US', '2026-12-01') \gdesc
SELECT sink_code, reference, element, view, country, kg, share, result
FROM rare_trace.flat_reexport_check('JP-FVMET-M1', 'JP', 'US', '2026-12-01');
SELECT (SELECT array_agg(c::text) FROM rare_trace.flat_reexport_check('JP-FVMET-M1', 'JP', 'US', '2026-12-01') AS c)
     = (SELECT array_agg(c::text) FROM rare_trace.lot_reexport_check('JP-FVMET-M1', 'JP', 'US', '2026-12-01') AS c)
       AS same_rows;
SELECT * FROM rare_trace.flat_origin_check('JP-FVMET-M1', 'us_dfars_magnet', '2027-01-01') \gdesc
SELECT sink, rule, element, view, country, kg, share, pass
FROM rare_trace.flat_origin_check('JP-FVMET-M1', 'eu_crma_65pct', '2027-01-01');
-- the same rows, in the same order, equal as values (origin_check gives
-- some shares without trailing zeros, the wrapper to 6 decimals)
SELECT r.rule,
       (SELECT count(*) FROM rare_trace.lot_origin_check('JP-FVMET-M1', r.rule, '2027-01-01')) AS rows,
       NOT EXISTS (
           SELECT FROM rare_trace.flat_origin_check('JP-FVMET-M1', r.rule, '2027-01-01') WITH ORDINALITY AS a
           FULL JOIN rare_trace.lot_origin_check('JP-FVMET-M1', r.rule, '2027-01-01') WITH ORDINALITY AS b
             ON a.ordinality = b.ordinality
           WHERE (a.sink, a.rule, a.element, a.view, a.country, a.kg, a.share, a.pass, a.reason)
                 IS DISTINCT FROM (b.sink, b.rule, b.element, b.view, b.country, b.kg, b.share, b.pass, b.reason))
       AS same_rows
FROM rare_trace.origin_rule AS r ORDER BY r.rule;
-- their errors are the checks' own
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_export_check(NULL, 'CN', 'JP', '2026-12-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_export_check('CN-FVX-OX1 oxide 100kg', NULL, 'JP', '2026-12-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_export_check('not a lot', 'CN', 'JP', '2026-12-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_reexport_check('JP-NOSUCH-1', 'JP', 'US', '2026-12-01')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_reexport_check('JP-FVMET-M1', 'JP', 'US', '2026-12-01', 101)$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_origin_check('JP-FVMET-M1', 'no_such_rule', '2027-01-01')$$);
SELECT count(*) AS rows FROM rare_trace.flat_origin_check(NULL, 'us_dfars_magnet', '2027-01-01');

--
-- Comparisons without rare_trace on search_path: a rare_lot column has no
-- operator there; the flat views' text columns compare as text.
--
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.flow WHERE parent = 'MY-FVSEP-OX1 oxide 375kg Nd=80%'$$);
SELECT count(*) FROM rare_trace.flat_flow WHERE parent = 'MY-FVSEP-OX1 oxide 375kg Nd=80%';
SELECT count(*) FROM rare_trace.flat_flow WHERE parent_code IN ('MY-FVSEP-OX1', 'AU-FVMINE-C1');
SELECT code FROM rare_trace.flat_lot WHERE code LIKE 'JP-FVMET-%' AND nd_kg > 1 ORDER BY code;

-- a cycle in the flows in force makes flat_provenance an error (the
-- aggregate's); lot_provenance() still answers for a lot it does not reach
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('NO-FVCYC', 'NO-FVCYC-A oxide 1kg Nd=50%', 'NO-FVCYC-B metal 1kg Nd=50%', 1, 'transform'),
    ('NO-FVCYC', 'NO-FVCYC-B metal 1kg Nd=50%', 'NO-FVCYC-A oxide 1kg Nd=50%', 1, 'transform');
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.flat_provenance$$);
SELECT count(*) AS rows FROM rare_trace.lot_provenance('JP-FVMET-M1');
ROLLBACK;

--
-- flat_quota: exact tonnes, the holder's approval; a limit with more
-- decimals than its column is an error, never rounded.
--
INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from, approved_until) VALUES
    ('CN-FVGRP', 'FV group', NULL, '{separation}', '2024-01-01', NULL),
    ('CN-FVSEP', 'FV plant', 'CN-FVGRP', '{separation}', '2024-01-01', '2026-12-31');
INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES
    ('CN-FVGRP', 2024, 'separation', 1000),
    ('CN-FVSEP', 2024, 'separation', 999999999999.9999999999999999),
    ('CN-FVSEP', 2024, 'mining', 0);
SELECT holder, holder_name, parent, year, activity, category, limit_t, used_t, remaining_t, used_pct,
       approved_from, approved_until, approved_for_activity
FROM rare_trace.flat_quota WHERE holder LIKE 'CN-FV%' ORDER BY holder, activity;
UPDATE rare_trace.quota SET limit_t = 0.00000000000000001 WHERE holder = 'CN-FVGRP';
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_quota WHERE holder LIKE 'CN-FV%'$$);
UPDATE rare_trace.quota SET limit_t = 1000000000000 WHERE holder = 'CN-FVGRP';
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_quota WHERE holder LIKE 'CN-FV%'$$);
DELETE FROM rare_trace.quota WHERE holder LIKE 'CN-FV%';
DELETE FROM rare_trace.enterprise WHERE code = 'CN-FVSEP';
DELETE FROM rare_trace.enterprise WHERE code = 'CN-FVGRP';
-- the guard itself
SELECT rare_trace.flat_numeric(1.5, 1), rare_trace.flat_numeric(1.50000, 1), rare_trace.flat_numeric(-7, 0);
SELECT * FROM regress_util.try($$SELECT rare_trace.flat_numeric(1.55, 1)$$);
SELECT rare_trace.flat_numeric(NULL, 3) IS NULL AS null_in_null_out;

--
-- flat_export_licence: remaining kg and status.
--
INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, consignee, destination,
                                       elements, forms, limit_kg, valid_from, valid_until) VALUES
    ('FV-1', 'MOFCOM', 'individual', 'CN-FVEXP', 'JP buyer', 'jp', '{tb,dy}', '{oxide,metal}',
     999999999999999.999, '2020-01-01', '9999-12-31'),
    ('FV-2', 'MOFCOM', 'general', 'CN-FVEXP', NULL, 'US', '{Dy}', '{oxide}', 10, '2020-01-01', '2020-12-31'),
    ('FV-3', 'MOFCOM', 'general', 'CN-FVEXP', NULL, 'US', '{Dy}', '{oxide}', 0, '2020-01-01', '9999-12-31'),
    ('FV-4', 'MOFCOM', 'general', 'CN-FVEXP', NULL, 'US', '{Dy}', '{oxide}', 10, '9999-01-01', '9999-12-31');
SELECT licence_no, kind, exporter, consignee, destination, elements, forms, limit_kg, used_kg,
       remaining_kg, valid_from, valid_until, status
FROM rare_trace.flat_export_licence WHERE licence_no LIKE 'FV-%' ORDER BY licence_no;
UPDATE rare_trace.export_licence SET limit_kg = 10.0001 WHERE licence_no = 'FV-2';
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.flat_export_licence WHERE licence_no LIKE 'FV-%'$$);
DELETE FROM rare_trace.export_licence WHERE licence_no LIKE 'FV-%';

--
-- Who may read: rare_trace_reader, not PUBLIC.
--
CREATE ROLE regress_fv_reader NOLOGIN IN ROLE rare_trace_reader;
CREATE ROLE regress_fv_nobody NOLOGIN;
SET ROLE regress_fv_reader;
SELECT count(*) >= 0 AS reads FROM rare_trace.flat_lot;
SELECT count(*) >= 0 AS reads FROM rare_trace.flat_quota;
SET ROLE regress_fv_nobody;
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.flat_lot$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.flat_export_licence$$);
RESET ROLE;

--
-- create_flat_view over a user's own table.
--
CREATE SCHEMA fv_user;
CREATE DOMAIN fv_user.lot_d AS rare_trace.rare_lot;
CREATE TABLE fv_user.shipment (
    id int PRIMARY KEY,
    "Input Lot" rare_trace.rare_lot NOT NULL,
    shipped_on date NOT NULL,
    note text,
    out_lot fv_user.lot_d
);
INSERT INTO fv_user.shipment VALUES
    (1, 'CN-FVX-OX1 oxide 100kg Dy=50% Tb=10%', '2026-12-01', 'first', 'JP-FVY-M1 metal 1g Yb=0.0001%'),
    (2, 'NO-FVMAX-BIG oxide 999999999999.999kg Sc=99.9999% Lu=0.0001%', '2026-12-02', NULL, NULL);
-- unqualified name: the caller's creation schema (the first existing
-- schema on search_path), as CREATE VIEW would choose
SET search_path = fv_user, public;
SELECT rare_trace.create_flat_view('shipment', 'Input Lot', 'shipment_flat');
SELECT rare_trace.create_flat_view('fv_user.shipment', 'out_lot', 'public."Shipment Out"');
SET search_path = public;
SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type
FROM pg_attribute AS a WHERE a.attrelid = 'fv_user.shipment_flat'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT id, "Input Lot", "Input Lot_code", "Input Lot_mass_kg", "Input Lot_reo_kg", "Input Lot_dy_kg",
       "Input Lot_lu_kg", shipped_on, note
FROM fv_user.shipment_flat ORDER BY id;
SELECT id, out_lot, out_lot_code, out_lot_yb_kg, out_lot_reo_kg FROM public."Shipment Out" ORDER BY id;
-- its columns, prefix dropped, are flat_lot's (names and types)
SELECT (SELECT array_agg(ROW(substr(a.attname, length('Input Lot_') + 1), format_type(a.atttypid, a.atttypmod))::text
                         ORDER BY a.attnum)
        FROM pg_attribute AS a
        WHERE a.attrelid = 'fv_user.shipment_flat'::regclass AND a.attname LIKE 'Input Lot\_%')
     = (SELECT array_agg(ROW(a.attname, format_type(a.atttypid, a.atttypmod))::text ORDER BY a.attnum)
        FROM pg_attribute AS a
        WHERE a.attrelid = 'rare_trace.flat_lot'::regclass AND a.attnum BETWEEN 1 AND 25) AS same_as_flat_lot;
SELECT obj_description('fv_user.shipment_flat'::regclass, 'pg_class') AS comment,
       (SELECT reloptions FROM pg_class WHERE oid = 'fv_user.shipment_flat'::regclass) AS options,
       pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = 'fv_user.shipment_flat'::regclass)) = current_user AS owned_by_caller;
-- security_invoker: a reader needs SELECT on the table as well as the view
CREATE ROLE regress_fv_bi NOLOGIN;
GRANT USAGE ON SCHEMA fv_user TO regress_fv_bi;
GRANT SELECT ON fv_user.shipment_flat TO regress_fv_bi;
SET ROLE regress_fv_bi;
SELECT * FROM regress_util.try($$SELECT count(*) FROM fv_user.shipment_flat$$);
RESET ROLE;
GRANT SELECT ON fv_user.shipment TO regress_fv_bi;
SET ROLE regress_fv_bi;
SELECT count(*) FROM fv_user.shipment_flat;
RESET ROLE;

-- a temporary table: an unqualified view of it is temporary (pg_temp), as
-- CREATE VIEW would make it; pg_temp may be named
CREATE TEMP TABLE fv_temp (lot rare_trace.rare_lot);
INSERT INTO fv_temp VALUES ('JP-FVY-M1 metal 1g Yb=0.0001%');
SELECT rare_trace.create_flat_view('fv_temp', 'lot', 'fv_temp_flat') IS NOT NULL AS made;
SELECT rare_trace.create_flat_view('fv_temp', 'lot', 'pg_temp.fv_temp_flat2') IS NOT NULL AS made;
SELECT c.relname, c.relpersistence, c.relnamespace = pg_my_temp_schema() AS in_pg_temp
FROM pg_class AS c WHERE c.relname LIKE 'fv\_temp\_flat%' ORDER BY 1;
SELECT lot_code, lot_yb_kg FROM pg_temp.fv_temp_flat;
-- a view as the source: it can rename a column that would clash
CREATE TABLE fv_user.clash (lot rare_trace.rare_lot, lot_code text);
INSERT INTO fv_user.clash VALUES ('CN-FVX-OX1 oxide 100kg Dy=50% Tb=10%', 'user code');
CREATE VIEW fv_user.clash_renamed AS SELECT c.lot, c.lot_code AS user_lot_code FROM fv_user.clash AS c;
SELECT rare_trace.create_flat_view('fv_user.clash_renamed', 'lot', 'fv_user.clash_flat');
SELECT user_lot_code, lot_code, lot_dy_kg FROM fv_user.clash_flat;

-- every class of bad argument
CREATE SEQUENCE fv_user.seq;
CREATE TABLE fv_user.longname (lot_column_with_a_name_long_enough_to_overflow_the_63_b rare_trace.rare_lot);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view(NULL, 'Input Lot', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', NULL, 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', NULL)$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.nosuch', 'lot', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view(123456789, 'lot', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.seq', 'lot', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'input lot', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', '"Input Lot"', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'ctid', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'note', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'shipped_on', 'v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', '')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', '"unterminated')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'a b')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'db.fv_user.v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'no_such_schema.v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', repeat('v', 64))$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'fv_user.shipment_flat')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'fv_user.shipment')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.clash', 'lot', 'fv_user.v1')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.longname', 'lot_column_with_a_name_long_enough_to_overflow_the_63_b', 'fv_user.v1')$$);
-- a quoted name with a dot is one name; a hostile-looking name stays a name
SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'fv_user."a.b; DROP TABLE x"');
SELECT count(*) FROM fv_user."a.b; DROP TABLE x";
-- no schema to create in: nothing on search_path exists
SET search_path = no_such_schema;
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'v1')$$);
RESET search_path;
SET search_path = public;
-- without CREATE on the schema: CREATE VIEW's own error
SET ROLE regress_fv_bi;
SELECT * FROM regress_util.try($$SELECT rare_trace.create_flat_view('fv_user.shipment', 'Input Lot', 'fv_user.v2')$$);
RESET ROLE;
-- nothing was left behind by the refusals
SELECT c.relname FROM pg_class AS c WHERE c.relnamespace = 'fv_user'::regnamespace AND c.relkind = 'v' ORDER BY 1;

-- (public."Shipment Out" depends on fv_user.shipment and goes with it)
DROP SCHEMA fv_user CASCADE;
DROP ROLE regress_fv_bi;
DROP ROLE regress_fv_reader;
DROP ROLE regress_fv_nobody;

--
-- The DBA's per-database answer: ALTER DATABASE ... SET search_path puts
-- rare_trace on every new session's path, so a rare_lot column compares
-- with = and IN from any client.
--
CREATE TABLE public.fv_lots (lot rare_trace.rare_lot);
INSERT INTO public.fv_lots VALUES ('CN-FVX-OX1 oxide 100kg Dy=50% Tb=10%'), ('JP-FVY-M1 metal 1g Yb=0.0001%');
RESET search_path;
SELECT * FROM regress_util.try($$SELECT count(*) FROM public.fv_lots WHERE lot = 'JP-FVY-M1 metal 1g Yb=0.0001%'$$);
SELECT current_database() AS db \gset
ALTER DATABASE :"db" SET search_path = "$user", public, rare_trace;
\c
\set VERBOSITY terse
SHOW search_path;
SELECT count(*) FROM public.fv_lots WHERE lot = 'JP-FVY-M1 metal 1g Yb=0.0001%';
SELECT count(*) FROM public.fv_lots WHERE lot IN ('JP-FVY-M1 metal 1g Yb=0.0001%', 'CN-FVX-OX1 oxide 100kg Dy=50% Tb=10%');
SELECT count(*) FROM public.fv_lots WHERE lot <> 'JP-FVY-M1 metal 1g Yb=0.0001%';
ALTER DATABASE :"db" RESET search_path;
\c
\set VERBOSITY terse
SHOW search_path;
DROP TABLE public.fv_lots;
