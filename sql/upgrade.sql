--
-- Upgrade path: install the oldest released version, update step by step
-- to the current default, and compare every member object with a fresh
-- install; data stored under the old version must survive.
--
\set VERBOSITY terse

-- one row per member object: identity, attributes, comment and privileges
CREATE FUNCTION pg_temp.rt_signature()
RETURNS TABLE (obj text, detail text)
LANGUAGE sql AS $$
    SELECT pg_catalog.pg_describe_object(d.classid, d.objid, 0),
           concat_ws(' | ',
               (SELECT concat_ws(' ', p.provolatile, p.proisstrict, p.proparallel, p.prosecdef,
                                 p.proconfig::text, md5(p.prosrc), p.proacl::text,
                                 pg_catalog.pg_get_function_result(p.oid))
                FROM pg_catalog.pg_proc AS p
                WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.objid),
               (SELECT concat_ws(' ', c.relkind, c.relacl::text,
                                 (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod)
                                                    || CASE WHEN a.attnotnull THEN '!' ELSE '' END
                                                    || coalesce(col_description(c.oid, a.attnum), ''),
                                                    ', ' ORDER BY a.attnum)
                                  FROM pg_catalog.pg_attribute AS a
                                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                                 (SELECT string_agg(pg_catalog.pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname)
                                  FROM pg_catalog.pg_constraint AS k WHERE k.conrelid = c.oid),
                                 CASE WHEN c.relkind = 'v' THEN md5(pg_catalog.pg_get_viewdef(c.oid)) END)
                FROM pg_catalog.pg_class AS c
                WHERE d.classid = 'pg_catalog.pg_class'::regclass AND c.oid = d.objid),
               -- casts: context and method (0.5.0 made text -> rare_lot an
               -- assignment cast); aggregates: their support functions
               (SELECT concat_ws(' ', c.castcontext, c.castmethod, c.castfunc::regprocedure::text)
                FROM pg_catalog.pg_cast AS c
                WHERE d.classid = 'pg_catalog.pg_cast'::regclass AND c.oid = d.objid),
               (SELECT concat_ws(' ', a.aggkind, a.aggtransfn::regprocedure::text,
                                 a.aggfinalfn::regprocedure::text, a.aggcombinefn::regprocedure::text,
                                 a.aggserialfn::regprocedure::text, a.aggdeserialfn::regprocedure::text,
                                 a.aggtranstype::regtype::text, a.aggsortop::regoperator::text)
                FROM pg_catalog.pg_aggregate AS a
                WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND a.aggfnoid = d.objid),
               pg_catalog.obj_description(d.objid, (SELECT relname FROM pg_catalog.pg_class
                                                     WHERE oid = d.classid)))
    FROM pg_catalog.pg_depend AS d
    JOIN pg_catalog.pg_extension AS e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
                                     AND d.refobjid = e.oid
    WHERE e.extname = 'rare_trace' AND d.deptype = 'e'
$$;

-- the fresh install made by pg_regress --load-extension
SELECT extversion AS fresh_version FROM pg_extension WHERE extname = 'rare_trace';
CREATE TEMP TABLE fresh AS SELECT * FROM pg_temp.rt_signature();
-- the shipped origin rules of a fresh install (0.4.0)
CREATE TEMP TABLE fresh_rules AS
    SELECT r::text AS row FROM rare_trace.origin_rule AS r
    UNION ALL SELECT v::text FROM rare_trace.origin_rule_view AS v;
SELECT count(*) > 0 AS has_members FROM fresh;

-- the oldest released version, with data in it
DROP EXTENSION rare_trace CASCADE;
CREATE EXTENSION rare_trace VERSION '0.1.0';
CREATE TABLE upgrade_lots (id int PRIMARY KEY, lot rare_trace.rare_lot);
INSERT INTO upgrade_lots VALUES
    (1, 'CN-NRE-B2025000123 oxide 1000kg Pr=0.1% Nd=85.3%'),
    (2, 'US-MPM-C24 concentrate 25t Ce=30.02% La=18.7% Nd=9.01% Pr=3.1%'),
    (3, 'JP-SHN-X1 scrap 300g');
CREATE INDEX ON upgrade_lots (lot);
CREATE TEMP TABLE before_text AS SELECT id, lot::text AS lot FROM upgrade_lots;

-- step by step to the current default version, with data made at each
-- step: quotas charged by the 0.2.0 trigger, ledger entries chained by the
-- 0.3.0 trigger
ALTER EXTENSION rare_trace UPDATE TO '0.2.0';
INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from) VALUES
    ('CN-UPGRP', 'upgrade test group', NULL, '{mining}', '2024-01-01'),
    ('CN-UPMINE', 'upgrade test mine', 'CN-UPGRP', '{mining}', '2024-01-01');
INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES
    ('CN-UPGRP', 2024, 'mining', 2), ('CN-UPMINE', 2024, 'mining', 1);
CREATE TABLE upgrade_prod (id int PRIMARY KEY, lot rare_trace.rare_lot, made_on date);
SELECT rare_trace.attach_quota('upgrade_prod', 'lot', 'made_on', 'mining');
INSERT INTO upgrade_prod VALUES (1, 'CN-UPMINE-1 ore 4t La=10%', '2024-05-01');
CREATE TEMP TABLE before_used AS
    SELECT holder, used_t FROM rare_trace.quota WHERE holder LIKE 'CN-UP%';
ALTER EXTENSION rare_trace UPDATE TO '0.3.0';
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('CN-UPMINE', 'CN-UPMINE-1 ore 4t La=10%', 'CN-UPMINE-X1 oxide 400kg La=100%', 4000, 'transform'),
    ('JP-UPMAG', 'CN-UPMINE-X1 oxide 400kg La=100%', 'JP-UPMAG-G1 magnet 1t La=30%', 400, 'transform');
CREATE TEMP TABLE before_flows AS
    SELECT id, enterprise, seq, hash, kg FROM rare_trace.flow;
ALTER EXTENSION rare_trace UPDATE TO '0.3.1';
ALTER EXTENSION rare_trace UPDATE TO '0.4.0';
-- step: a licence drawn down by the 0.4.0 trigger, and a user's own rule
INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, consignee,
    destination, elements, forms, limit_kg, valid_from, valid_until)
VALUES ('UP-LIC-1', 'MOFCOM', 'individual', 'CN-UPMINE', 'upgrade consignee', 'JP',
        '{Dy}', '{oxide}', 100, '2026-01-01', '2026-12-31');
INSERT INTO rare_trace.export_control (authority, reference, scope, elements, forms, countries,
    effective_from, source)
VALUES ('MOFCOM', 'upgrade test rule', 'export', '{Tm}', '{metal}', '{CN}', '2026-06-01', 'sql/upgrade.sql');
CREATE TABLE upgrade_ship (id int PRIMARY KEY, lot rare_trace.rare_lot, dest text,
                           shipped_on date, licence text);
SELECT rare_trace.attach_export_licence('upgrade_ship', 'lot', 'dest', 'shipped_on', 'licence');
INSERT INTO upgrade_ship VALUES (1, 'CN-UPMINE-D1 oxide 30kg Dy=86%', 'JP', '2026-05-01', 'UP-LIC-1');
ALTER EXTENSION rare_trace UPDATE TO '0.5.0';
-- step: ledger entries made on 0.5.0 (a shipment, and a correction of it)
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs) VALUES
    ('CN-UPMINE', 'CN-UPMINE-X1 oxide 400kg La=100%', 'JP-UPMAG-X1 oxide 100kg La=100%', 100, 'ship', '{"bill_of_lading": "UP-BL-1"}');
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs, corrects)
SELECT 'CN-UPMINE', 'CN-UPMINE-X1 oxide 400kg La=100%', 'JP-UPMAG-X1 oxide 100kg La=100%', 99.5, 'ship', '{"bill_of_lading": "UP-BL-1"}', max(id)
FROM rare_trace.flow WHERE enterprise = 'CN-UPMINE';
CREATE TEMP TABLE before_flows_050 AS
    SELECT id, enterprise, seq, hash, kg, recorded_at FROM rare_trace.flow
    WHERE id NOT IN (SELECT id FROM before_flows);
ALTER EXTENSION rare_trace UPDATE TO '0.6.0';
SELECT extversion AS updated_version FROM pg_extension WHERE extname = 'rare_trace';

-- objects: what the fresh install has and the updated one lacks, and back
CREATE TEMP TABLE updated AS SELECT * FROM pg_temp.rt_signature();
SELECT 'only in fresh' AS side, * FROM (SELECT * FROM fresh EXCEPT SELECT * FROM updated) AS f
UNION ALL
SELECT 'only in updated', * FROM (SELECT * FROM updated EXCEPT SELECT * FROM fresh) AS u
ORDER BY 1, 2;

-- data kept, index still usable
SELECT b.id, b.lot = u.lot::text AS same_text
FROM before_text AS b JOIN upgrade_lots AS u USING (id) ORDER BY b.id;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT id FROM upgrade_lots WHERE lot OPERATOR(rare_trace.=) 'JP-SHN-X1 scrap 0.3kg';
SELECT id FROM upgrade_lots WHERE lot OPERATOR(rare_trace.=) 'JP-SHN-X1 scrap 0.3kg';
RESET enable_seqscan;
-- the catalog rows are the same as in a fresh install
SELECT count(*) AS elements,
       count(*) FILTER (WHERE (e.*)::text = (c.*)::text) AS same_as_compiled
FROM rare_trace.element AS e JOIN rare_trace.element_catalog() AS c USING (z);

-- the origin rules the update ships are those of a fresh install, row by row
SELECT count(*) AS fresh_rule_rows,
       (SELECT count(*) FROM (SELECT r::text FROM rare_trace.origin_rule AS r
                              UNION ALL SELECT v::text FROM rare_trace.origin_rule_view AS v
                              EXCEPT ALL SELECT row FROM fresh_rules) AS x) AS only_updated,
       (SELECT count(*) FROM (SELECT row FROM fresh_rules
                              EXCEPT ALL (SELECT r::text FROM rare_trace.origin_rule AS r
                                          UNION ALL SELECT v::text FROM rare_trace.origin_rule_view AS v)) AS x) AS only_fresh
FROM fresh_rules;

-- quotas: the charges made under 0.2.0 are kept, the trigger attached
-- under 0.2.0 still charges and refuses, and nothing has drifted
SELECT q.holder, q.used_t = b.used_t AS same_used_t, q.used_t
FROM rare_trace.quota AS q JOIN before_used AS b USING (holder) ORDER BY q.holder;
INSERT INTO upgrade_prod VALUES (2, 'CN-UPMINE-2 ore 2t La=10%', '2024-06-01');
SELECT * FROM regress_util.try($$INSERT INTO upgrade_prod VALUES (3, 'CN-UPMINE-3 ore 8t La=10%', '2024-07-01')$$);
SELECT holder, used_t FROM rare_trace.quota WHERE holder LIKE 'CN-UP%' ORDER BY holder;
SELECT count(*) AS drifted FROM rare_trace.quota_reconcile();

-- ledger: entries made under 0.3.0 keep their hashes and verify, a new
-- entry chains onto them, and provenance reads them
SELECT count(*) AS entries, bool_and(f.hash = b.hash AND f.seq = b.seq) AS same_hashes
FROM rare_trace.flow AS f JOIN before_flows AS b USING (id);
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('JP-UPMAG', 'CN-UPMINE-X1 oxide 400kg La=100%', 'JP-UPMAG-G2 magnet 1t La=30%', 0.5, 'transform');
SELECT enterprise, max(seq) AS last_seq FROM rare_trace.flow GROUP BY enterprise ORDER BY enterprise;
SELECT * FROM rare_trace.verify_ledger();
-- entries made under 0.5.0 too: same hashes, NULL in the new columns (so
-- version 1 canonical bytes), flow_current showing their recorded_at's
-- UTC date; a 0.6.0 entry with the new fields chains onto them, and a
-- correction of a 0.5.0 entry inherits that entry's day
SELECT count(*) AS entries_050, bool_and(f.hash = b.hash AND f.seq = b.seq) AS same_hashes,
       bool_and(num_nulls(f.happened_on, f.shipment, f.consignee, f.cut) = 4) AS new_columns_null
FROM rare_trace.flow AS f JOIN before_flows_050 AS b USING (id);
SELECT c.happened_on = (b.recorded_at AT TIME ZONE 'UTC')::date AS day_is_recorded_utc_date, c.kg
FROM rare_trace.flow_current AS c JOIN before_flows_050 AS b USING (id);
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs, corrects, shipment, consignee)
SELECT 'CN-UPMINE', 'CN-UPMINE-X1 oxide 400kg La=100%', 'JP-UPMAG-X1 oxide 100kg La=100%', 99.75, 'ship',
       '{"bill_of_lading": "UP-BL-1"}', max(id), 'UP-BL-1', 'JP-UPMAG'
FROM rare_trace.flow WHERE enterprise = 'CN-UPMINE'
RETURNING seq, kg, happened_on = (SELECT (recorded_at AT TIME ZONE 'UTC')::date FROM before_flows_050 ORDER BY id LIMIT 1) AS inherited_day,
          shipment, consignee, substr(rare_trace.flow_canonical(flow), 1, 18) AS tag;
SELECT * FROM rare_trace.verify_ledger();
SELECT element, view, country, kg FROM rare_trace.lot_provenance('JP-UPMAG-G1')
WHERE view IN ('origin', 'separation') ORDER BY view;

-- licences: the 0.4.0 drawdown is kept, the 0.4.0 trigger still draws
-- down and refuses, and the user's rule still decides
SELECT licence_no, used_kg FROM rare_trace.export_licence WHERE licence_no = 'UP-LIC-1';
INSERT INTO upgrade_ship VALUES (2, 'CN-UPMINE-D2 oxide 60kg Dy=86%', 'JP', '2026-05-02', 'UP-LIC-1');
SELECT * FROM regress_util.try($$INSERT INTO upgrade_ship VALUES (3, 'CN-UPMINE-D3 oxide 20kg Dy=86%', 'JP', '2026-05-03', 'UP-LIC-1')$$);
SELECT licence_no, used_kg FROM rare_trace.export_licence WHERE licence_no = 'UP-LIC-1';
SELECT reference, licence_required FROM rare_trace.export_check('CN-UPMINE-T1 metal 1kg Tm=99%', 'CN', 'JP', '2026-07-01')
WHERE reference = 'upgrade test rule';
DROP TABLE upgrade_ship;
DELETE FROM rare_trace.export_licence_table WHERE relid NOT IN (SELECT oid FROM pg_class);
DELETE FROM rare_trace.export_control WHERE reference = 'upgrade test rule';

-- flat views (0.5.0) over what the older versions recorded: the 0.2.0
-- quotas, the 0.3.0 ledger, the 0.4.0 licence; a flat view of a table
-- made under 0.1.0
SELECT holder, limit_t, used_t, approved_for_activity FROM rare_trace.flat_quota
WHERE holder LIKE 'CN-UP%' ORDER BY holder;
SELECT code, form, mass_kg, reo_kg, la_kg, versions FROM rare_trace.flat_lot
WHERE code LIKE '%-UP%' ORDER BY code;
SELECT sink_code, element, view, country, kg, share FROM rare_trace.flat_provenance
WHERE sink_code LIKE 'JP-UPMAG-%' AND view = 'origin' ORDER BY sink_code, element, country;
SELECT licence_no, limit_kg, used_kg, remaining_kg FROM rare_trace.flat_export_licence
WHERE licence_no = 'UP-LIC-1';
SELECT rare_trace.create_flat_view('upgrade_lots', 'lot', 'upgrade_lots_flat');
SELECT id, lot_code, lot_mass_kg FROM upgrade_lots_flat ORDER BY id;
DROP VIEW upgrade_lots_flat;

-- clean up behind the append-only triggers' back
SET session_replication_role = replica;
DELETE FROM rare_trace.flow WHERE enterprise IN ('CN-UPMINE', 'JP-UPMAG');
DELETE FROM rare_trace.flow_chain WHERE enterprise IN ('CN-UPMINE', 'JP-UPMAG');
DELETE FROM rare_trace.export_licence WHERE licence_no = 'UP-LIC-1';
RESET session_replication_role;
DELETE FROM upgrade_prod;
DROP TABLE upgrade_prod;
DELETE FROM rare_trace.quota_table;
DELETE FROM rare_trace.quota WHERE holder LIKE 'CN-UP%';
DELETE FROM rare_trace.enterprise WHERE code = 'CN-UPMINE';
DELETE FROM rare_trace.enterprise WHERE code = 'CN-UPGRP';
DROP TABLE upgrade_lots;
