--
-- licence_reconcile (0.5.0): what each licence's used_kg should be, from
-- the rows of the registered export tables; drift after TRUNCATE, after
-- rows loaded with the triggers off, across two tables; the repair; the
-- argument parser it shares with the trigger; privileges.  Everything
-- created here is named CN-LR* / public.lr_* and removed at the end.
--
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
SET search_path = rare_trace, public;

INSERT INTO export_licence (licence_no, authority, kind, exporter, consignee, destination,
                            elements, forms, limit_kg, valid_from, valid_until) VALUES
    ('LR-1', 'MOFCOM', 'individual', 'CN-LRA', 'JP Magnets KK', 'JP',
     '{Dy,Tb}', '{oxide,metal}', 1000, '2026-01-01', '2026-12-31'),
    ('LR-2', 'MOFCOM', 'general', 'CN-LRA', NULL, 'JP',
     '{Dy}', '{oxide}', 100, '2026-01-01', '2026-12-31');
CREATE TABLE lr_ship (id int PRIMARY KEY, lot rare_lot, dest text, shipped_on date, licence text);
CREATE TABLE lr_ship2 (lot rare_lot, "Dest" varchar(2), day date, "lic no" varchar(64));
SELECT attach_export_licence('lr_ship', 'lot', 'dest', 'shipped_on', 'licence');
SELECT attach_export_licence('lr_ship2', 'lot', 'Dest', 'day', 'lic no');

-- the parser is the trigger's: the names come back as attached, quoted
-- names too; a trigger written by hand with an argument missing is refused
-- as the trigger refuses it
SELECT a.* FROM pg_trigger AS t,
     LATERAL enforce_export_licence_args(t.tgrelid::regclass, t.tgargs) AS a
WHERE t.tgrelid IN ('lr_ship'::regclass, 'lr_ship2'::regclass) AND t.tgname = 'rare_trace_licence_ins'
ORDER BY t.tgrelid::regclass::text;
SELECT * FROM regress_util.try($$SELECT enforce_export_licence_args('lr_ship', E'lot=lot\\000date=shipped_on\\000licence=licence\\000'::bytea)$$);
SELECT * FROM regress_util.try($$SELECT enforce_export_licence_args('lr_ship', E'lot=lot\\000lot=x\\000'::bytea)$$);

-- nothing shipped: no drift
SELECT count(*) AS drifted FROM licence_reconcile();

-- rows in both tables, one row without a licence (it needs none): no drift
INSERT INTO lr_ship VALUES
    (1, 'CN-LRA-D1 oxide 30.125kg Dy=86%', 'JP', '2026-05-01', 'LR-1'),
    (2, 'CN-LRA-D2 oxide 20kg Dy=86%', 'JP', '2026-05-01', 'LR-2'),
    (3, 'CN-LRA-L1 oxide 500kg La=80%', 'JP', '2026-05-01', NULL);
INSERT INTO lr_ship2 VALUES ('CN-LRA-T1 metal 0.5kg Tb=99%', 'JP', '2026-05-02', 'LR-1');
SELECT licence_no, used_kg FROM export_licence WHERE licence_no LIKE 'LR-%' ORDER BY 1;
SELECT count(*) AS drifted FROM licence_reconcile();

-- TRUNCATE fires no row triggers: the licences keep the kilograms
TRUNCATE lr_ship;
SELECT licence_no, used_kg, actual_kg, drift_kg FROM licence_reconcile() WHERE licence_no LIKE 'LR-%';
-- and a licence so charged cannot be deleted
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.export_licence WHERE licence_no = 'LR-2'$$);
-- the repair puts back what the rows draw, and returns what it found
SELECT licence_no, used_kg, actual_kg, drift_kg FROM licence_reconcile(repair => true)
WHERE licence_no LIKE 'LR-%';
SELECT licence_no, used_kg FROM export_licence WHERE licence_no LIKE 'LR-%' ORDER BY 1;
SELECT count(*) AS drifted FROM licence_reconcile();
DELETE FROM export_licence WHERE licence_no = 'LR-2';

-- rows loaded with the triggers off drew nothing: negative drift, repaired
SET session_replication_role = replica;
INSERT INTO lr_ship VALUES (4, 'CN-LRA-D4 oxide 40kg Dy=86%', 'JP', '2026-06-01', 'LR-1');
RESET session_replication_role;
SELECT licence_no, used_kg, actual_kg, drift_kg FROM licence_reconcile();
SELECT count(*) AS repaired FROM licence_reconcile(true);
SELECT licence_no, used_kg FROM export_licence WHERE licence_no LIKE 'LR-%';
-- the trigger goes on from the repaired figure, and releases exactly
DELETE FROM lr_ship WHERE id = 4;
SELECT licence_no, used_kg FROM export_licence WHERE licence_no LIKE 'LR-%';
SELECT count(*) AS drifted FROM licence_reconcile();

-- a table taken out of the registry no longer counts
DELETE FROM export_licence_table WHERE relid = 'lr_ship2'::regclass;
SELECT licence_no, used_kg, actual_kg, drift_kg FROM licence_reconcile();

-- privileges: readers cannot run it; admins can, reading the tables with
-- their own privileges; the repair needs the right to write used_kg, which
-- no role but the owner of the extension's tables has
SET ROLE rare_trace_admin;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.licence_reconcile()$$);
RESET ROLE;
GRANT SELECT ON lr_ship, lr_ship2 TO rare_trace_admin;
SET ROLE rare_trace_reader;
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.licence_reconcile()$$);
RESET ROLE;
SET ROLE rare_trace_admin;
SELECT count(*) AS admin_sees FROM licence_reconcile();
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.licence_reconcile(true)$$);
RESET ROLE;

-- clean up
SELECT count(*) AS repaired FROM licence_reconcile(true);
DROP TABLE lr_ship, lr_ship2;
DELETE FROM export_licence_table WHERE relid NOT IN (SELECT oid FROM pg_class);
DELETE FROM export_licence WHERE licence_no LIKE 'LR-%';
SELECT count(*) AS left_over FROM export_licence WHERE licence_no LIKE 'LR-%';
