--
-- Export licences drawn down exactly (0.4.0): rare_trace.export_licence and
-- its guard, attach_export_licence, and enforce_export_licence: every
-- refusal and its SQLSTATE, exact drawdown over many rows, COPY, DELETE and
-- UPDATE, the date boundaries of validity, and bad input changing nothing.
-- Everything created here is named CN-LX* / public.lx_* and removed at the
-- end.
--
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
SET search_path = rare_trace, public;

--
-- The licence table: validated and stored canonically.
--
INSERT INTO export_licence (licence_no, authority, kind, exporter, consignee, destination,
                            elements, forms, limit_kg, valid_from, valid_until) VALUES
    ('LX-2026-001', 'MOFCOM', 'individual', 'CN-LXA', 'JP Magnets KK', 'jp',
     '{dy,TB}', '{metal,oxide}', 1000, '2026-01-01', '2026-12-31'),
    ('LX-2026-002', 'MOFCOM', 'general', 'CN-LXA', NULL, 'JP',
     '{Sm,Dy,Tb,Ho}', '{oxide,alloy,metal}', 500.5, '2026-01-01', '2026-12-31'),
    ('LX-2026-US', 'MOFCOM', 'general', 'CN-LXA', NULL, 'US',
     '{Dy}', '{oxide}', 100, '2026-01-01', '2026-12-31');
SELECT licence_no, kind, exporter, consignee, destination, elements, forms, limit_kg, used_kg,
       valid_from, valid_until
FROM export_licence ORDER BY licence_no;
-- pg_dump keeps the licences and the registered tables
SELECT c.relname, x.cond
FROM pg_extension AS e, unnest(e.extconfig, e.extcondition) AS x(oid, cond)
JOIN pg_class AS c ON c.oid = x.oid
WHERE e.extname = 'rare_trace' AND c.relname LIKE 'export_licence%'
ORDER BY 1;

-- every class of bad licence, each refused, none stored
CREATE FUNCTION pg_temp.bad_licence(col text, val text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    r record;
    stmt text := 'INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, consignee,'
                 ' destination, elements, forms, limit_kg, valid_from, valid_until) VALUES ('
                 '%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)';
    vals text[] := ARRAY['''LX-BAD''', '''MOFCOM''', '''individual''', '''CN-LXA''', '''X''', '''JP''',
                         '''{Dy}''', '''{oxide}''', '10', '''2026-01-01''', '''2026-12-31'''];
    cols text[] := ARRAY['licence_no', 'authority', 'kind', 'exporter', 'consignee', 'destination',
                         'elements', 'forms', 'limit_kg', 'valid_from', 'valid_until'];
BEGIN
    vals[array_position(cols, col)] := val;
    RETURN QUERY SELECT * FROM regress_util.try(format(stmt, VARIADIC vals), true);
END
$$;
SELECT * FROM pg_temp.bad_licence('licence_no', '''''');
SELECT * FROM pg_temp.bad_licence('licence_no', '''LX 001''');
SELECT * FROM pg_temp.bad_licence('licence_no', '''' || repeat('A', 65) || '''');
SELECT * FROM pg_temp.bad_licence('authority', '''''');
SELECT * FROM pg_temp.bad_licence('kind', '''blanket''');
SELECT * FROM pg_temp.bad_licence('exporter', '''cn-lxa''');
SELECT * FROM pg_temp.bad_licence('consignee', 'NULL');
SELECT * FROM pg_temp.bad_licence('destination', '''XX''');
SELECT * FROM pg_temp.bad_licence('destination', '''CHN''');
SELECT * FROM pg_temp.bad_licence('elements', '''{}''');
SELECT * FROM pg_temp.bad_licence('elements', '''{Dy,NULL}''');
SELECT * FROM pg_temp.bad_licence('elements', '''{Dy,Xx}''');
SELECT * FROM pg_temp.bad_licence('elements', '''{Dy,dy}''');
SELECT * FROM pg_temp.bad_licence('elements', '''{{Dy},{Tb}}''');
SELECT * FROM pg_temp.bad_licence('forms', '''{oxide,powder}''');
SELECT * FROM pg_temp.bad_licence('forms', '''{NULL}''');
SELECT * FROM pg_temp.bad_licence('limit_kg', '''NaN''');
SELECT * FROM pg_temp.bad_licence('limit_kg', '''Infinity''');
SELECT * FROM pg_temp.bad_licence('limit_kg', '-1');
SELECT * FROM pg_temp.bad_licence('valid_from', '''-infinity''');
SELECT * FROM pg_temp.bad_licence('valid_until', '''infinity''');
SELECT * FROM pg_temp.bad_licence('valid_until', '''2025-12-31''');
SELECT * FROM pg_temp.bad_licence('valid_until', 'NULL');
SELECT count(*) AS licences FROM export_licence;
-- an UPDATE is validated as an INSERT is
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_licence SET elements = '{Dy,Nd,Zz}' WHERE licence_no = 'LX-2026-001'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_licence SET limit_kg = 'NaN' WHERE licence_no = 'LX-2026-001'$$, true);
SELECT elements, limit_kg FROM export_licence WHERE licence_no = 'LX-2026-001';

--
-- An export table.  The trigger refuses tables that are not registered
-- (nobody can move used_kg with a table of their own), then checks its
-- arguments.
--
CREATE TABLE public.lx_ship (
    id int,
    lot rare_lot,
    dest text,
    shipped_on date,
    licence text,
    note text,
    n int
);
CREATE TRIGGER lx_t AFTER INSERT ON public.lx_ship REFERENCING NEW TABLE AS n
    FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_export_licence(
        'lot=lot', 'destination=dest', 'date=shipped_on', 'licence=licence');
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (1, 'CN-LXA-D1 oxide 1kg Dy=50%', 'JP', '2026-03-01', 'LX-2026-001')$$);
SELECT used_kg FROM export_licence WHERE licence_no = 'LX-2026-001';
DROP TRIGGER lx_t ON public.lx_ship;
-- bad arguments, rejected when the trigger fires
CREATE FUNCTION pg_temp.args(args text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER lx_t AFTER INSERT ON public.lx_ship REFERENCING NEW TABLE AS n '
                   'FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_export_licence(%s)', args);
    RETURN QUERY SELECT * FROM regress_util.try($q$INSERT INTO public.lx_ship VALUES (1, 'CN-LXA-L1 oxide 1kg La=50%', 'JP', '2026-03-01', NULL)$q$);
    DROP TRIGGER lx_t ON public.lx_ship;
END
$$;
INSERT INTO export_licence_table (relid) VALUES ('public.lx_ship');
SELECT * FROM pg_temp.args($$'lot=lot', 'destination=dest', 'date=shipped_on'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'destination=dest', 'date=shipped_on', 'licence=nope'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'destination=n', 'date=shipped_on', 'licence=licence'$$);
SELECT * FROM pg_temp.args($$'lot=dest', 'destination=dest', 'date=shipped_on', 'licence=licence'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'destination=dest', 'date=shipped_on', 'licence=licence', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'destination=dest', 'date=shipped_on', 'licence'$$);
-- the trigger shape
CREATE TRIGGER lx_t BEFORE INSERT ON public.lx_ship
    FOR EACH ROW EXECUTE FUNCTION rare_trace.enforce_export_licence(
        'lot=lot', 'destination=dest', 'date=shipped_on', 'licence=licence');
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (1, 'CN-LXA-L1 oxide 1kg La=50%', 'JP', '2026-03-01', NULL)$$);
DROP TRIGGER lx_t ON public.lx_ship;
DELETE FROM export_licence_table WHERE relid = 'public.lx_ship'::regclass;
SELECT count(*) AS rows FROM public.lx_ship;

-- attach_export_licence checks the columns, registers, creates three triggers
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_export_licence('public.lx_ship', 'lot', 'dest', 'shipped_on', 'nope')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_export_licence('public.lx_ship', 'lot', 'n', 'shipped_on', 'licence')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_export_licence('public.lx_ship', 'lot', 'dest', NULL, 'licence')$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_export_licence(NULL, 'lot', 'dest', 'shipped_on', 'licence')$$);
SELECT count(*) AS registered FROM export_licence_table;
SELECT attach_export_licence('public.lx_ship', 'lot', 'dest', 'shipped_on', 'licence');
SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.lx_ship'::regclass ORDER BY tgname;

--
-- Rows that need no licence pass without one.
--
INSERT INTO public.lx_ship (id, lot, dest, shipped_on, licence) VALUES
    -- no controlled element
    (1, 'CN-LXA-L1 oxide 100kg La=50% Ce=20%', 'JP', '2026-03-01', NULL),
    -- No. 18 governs exports from China, not from Japan
    (2, 'JP-LXJ-D1 oxide 100kg Dy=50%', 'US', '2025-06-01', NULL),
    -- before No. 18 was in force
    (3, 'CN-LXA-D2 oxide 100kg Dy=50%', 'JP', '2025-04-03', NULL),
    -- Ho oxide: not yet controlled on 2025-11-01, suspended on 2026-01-15
    (4, 'CN-LXA-H1 oxide 100kg Ho=40%', 'JP', '2025-11-01', NULL),
    (5, 'CN-LXA-H1 oxide 100kg Ho=40%', 'JP', '2026-01-15', NULL),
    -- a form No. 18 does not cover
    (6, 'CN-LXA-D3 ore 100kg Dy=1%', 'JP', '2026-03-01', NULL),
    -- no lot, nothing shipped
    (7, NULL, NULL, NULL, NULL);
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- the same shipments as licence_required() sees them
SELECT id, licence_required(lot, substr(lot::text, 1, 2), dest, shipped_on) FROM public.lx_ship
WHERE lot IS NOT NULL ORDER BY id;

--
-- Every refusal, its SQLSTATE, and nothing kept.
--
CREATE VIEW pg_temp.lx_state AS
SELECT (SELECT count(*) FROM public.lx_ship) AS rows,
       (SELECT string_agg(licence_no || '=' || used_kg, ' ' ORDER BY licence_no) FROM rare_trace.export_licence) AS used;
SELECT * FROM pg_temp.lx_state;
-- RTX01: no licence cited
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'JP', '2026-03-01', NULL)$$);
-- Ho oxide on 2026-11-12, after the suspension of No. 57 ended
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-H1 oxide 100kg Ho=40%', 'JP', '2026-11-12', NULL)$$);
-- one bad row among good ones refuses the statement
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES
    (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'JP', '2026-03-01', 'LX-2026-001'),
    (11, 'CN-LXA-D5 metal 10kg Tb=90%', 'JP', '2026-03-01', NULL)$$);
-- RTX02: the licence does not exist (also a number too long to be one)
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'JP', '2026-03-01', 'LX-2026-999')$$);
SELECT * FROM regress_util.try(format($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%%', 'JP', '2026-03-01', %L)$$, repeat('L', 100)));
-- a row needing none that cites an unknown licence is refused too
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-L2 oxide 10kg La=50%', 'JP', '2026-03-01', 'LX-2026-999')$$);
-- RTX03: not valid on the date: the day before valid_from, the day after
-- valid_until
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'JP', '2025-12-31', 'LX-2026-001')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'JP', '2027-01-01', 'LX-2026-001')$$);
-- RTX04: another exporter's licence
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXB-D4 oxide 10kg Dy=50%', 'JP', '2026-03-01', 'LX-2026-001')$$);
-- RTX05: another destination
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'KR', '2026-03-01', 'LX-2026-001')$$);
-- RTX06: a controlled element the licence does not cover
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Sm=20% Dy=50%', 'JP', '2026-03-01', 'LX-2026-001')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Sm=20% Gd=5% Dy=50%', 'JP', '2026-03-01', 'LX-2026-002')$$);
-- RTX07: a form the licence does not cover
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 alloy 10kg Dy=50%', 'JP', '2026-03-01', 'LX-2026-001')$$);
-- RTX08: no room (limit 1000 kg): the statement's rows together
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES
    (10, 'CN-LXA-D4 oxide 600kg Dy=50%', 'JP', '2026-03-01', 'LX-2026-001'),
    (11, 'CN-LXA-D5 oxide 400.001kg Dy=50%', 'JP', '2026-03-01', 'LX-2026-001')$$);
-- bad rows: no destination, a destination that is no country, no date, a
-- date that is not a day
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', NULL, '2026-03-01', 'LX-2026-001')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'Japan', '2026-03-01', 'LX-2026-001')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'JP', NULL, 'LX-2026-001')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-D4 oxide 10kg Dy=50%', 'JP', 'infinity', 'LX-2026-001')$$);
SELECT * FROM pg_temp.lx_state;

-- an undetermined rule (a value test, and no value in an export row)
-- never passes: without a licence the row is refused
INSERT INTO export_control (reference, authority, scope, elements, forms, min_value_share_pct,
                            countries, effective_from, source)
VALUES ('LX test value rule', 'LX', 'export', '{Nd}', '{magnet}', 1, '{CN}', '2026-01-01', 'regression test');
SELECT * FROM regress_util.try($$INSERT INTO public.lx_ship VALUES (10, 'CN-LXA-M1 magnet 10kg Nd=30%', 'JP', '2026-03-01', NULL)$$);
DELETE FROM export_control WHERE reference = 'LX test value rule';

--
-- Accepted rows and exact drawdown.  The date boundaries: valid_from and
-- valid_until are days of validity.
--
INSERT INTO public.lx_ship VALUES
    (20, 'CN-LXA-D4 oxide 0.001kg Dy=50%', 'JP', '2026-01-01', 'LX-2026-001'),
    (21, 'CN-LXA-D5 metal 0.002kg Tb=90%', 'jp', '2026-12-31', 'LX-2026-001');
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- many rows in one statement, two licences: each drawn down once, by the
-- exact sum (10,000 x 0.087 kg and 1,000 x 0.017 kg)
INSERT INTO public.lx_ship (id, lot, dest, shipped_on, licence)
SELECT 100 + g, format('CN-LXA-S%s oxide 0.087kg Dy=1%%', g)::rare_lot, 'JP', '2026-06-01'::date, 'LX-2026-001'
FROM generate_series(1, 10000) AS g
UNION ALL
SELECT 20000 + g, format('CN-LXA-T%s metal 0.017kg Sm=2%% Ho=1%%', g)::rare_lot, 'JP', '2026-12-01', 'LX-2026-002'
FROM generate_series(1, 1000) AS g;
SELECT licence_no, used_kg, limit_kg - used_kg AS left_kg FROM export_licence ORDER BY licence_no;
-- COPY draws down as INSERT does
COPY public.lx_ship (id, lot, dest, shipped_on, licence) FROM stdin;
30	CN-LXA-C1 oxide 1.5kg Dy=10%	JP	2026-07-01	LX-2026-002
30	CN-LXA-C2 oxide 2.25kg Dy=10% Tb=1%	JP	2026-07-01	LX-2026-002
30	CN-LXA-C3 oxide 9kg La=10%	JP	2026-07-01	\N
\.
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- a COPY with a row refused keeps nothing
SELECT * FROM regress_util.try($c$COPY public.lx_ship (id, lot, dest, shipped_on, licence) FROM PROGRAM 'printf "31\tCN-LXA-C4 oxide 1kg Dy=10%%\tJP\t2026-07-01\tLX-2026-002\n31\tCN-LXA-C5 oxide 1kg Dy=10%%\tJP\t2026-07-01\t\\\\N\n"'$c$);
SELECT * FROM pg_temp.lx_state;
-- a row that needs no licence but cites one draws it down
INSERT INTO public.lx_ship VALUES (40, 'CN-LXA-L3 oxide 5kg La=50%', 'US', '2026-03-01', 'LX-2026-US');
SELECT used_kg FROM export_licence WHERE licence_no = 'LX-2026-US';

--
-- DELETE releases, UPDATE releases and re-charges, exactly.
--
DELETE FROM public.lx_ship WHERE id BETWEEN 101 AND 5100;
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- an UPDATE of another column changes nothing
UPDATE public.lx_ship SET note = 'checked' WHERE licence = 'LX-2026-001';
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- a heavier lot: the difference is charged
UPDATE public.lx_ship SET lot = 'CN-LXA-D4 oxide 10.001kg Dy=50%' WHERE id = 20;
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- moved to another licence: released from one, charged to the other
UPDATE public.lx_ship SET licence = 'LX-2026-002' WHERE id BETWEEN 5101 AND 5200;
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- an UPDATE that would overdraw is refused and keeps nothing
SELECT * FROM regress_util.try($$UPDATE public.lx_ship SET lot = 'CN-LXA-D4 oxide 1000kg Dy=50%' WHERE id = 20$$);
SELECT * FROM regress_util.try($$UPDATE public.lx_ship SET licence = 'LX-2026-US' WHERE id = 20$$);
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;
-- the drawdown equals the sum of the rows citing each licence
SELECT l.licence_no, l.used_kg, coalesce(sum(lot_mass_kg(s.lot)), 0) AS rows_kg,
       l.used_kg = coalesce(sum(lot_mass_kg(s.lot)), 0) AS exact
FROM export_licence AS l LEFT JOIN public.lx_ship AS s ON s.licence = l.licence_no
GROUP BY l.licence_no, l.used_kg ORDER BY l.licence_no;

--
-- A drawn-down licence keeps its number and cannot be deleted; its limit
-- may change.
--
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.export_licence WHERE licence_no = 'LX-2026-001'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_licence SET licence_no = 'LX-2026-001B' WHERE licence_no = 'LX-2026-001'$$);
UPDATE export_licence SET limit_kg = 2000 WHERE licence_no = 'LX-2026-001';

--
-- Privileges: admins record licences and limits, nobody changes used_kg;
-- recorders and readers change nothing.
--
SET ROLE rare_trace_admin;
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_licence SET used_kg = 0 WHERE licence_no = 'LX-2026-001'$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, destination, elements, forms, limit_kg, used_kg, valid_from, valid_until) VALUES ('LX-X', 'M', 'general', 'CN-LXA', 'JP', '{Dy}', '{oxide}', 1, 1, '2026-01-01', '2026-01-02')$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_licence SET limit_kg = 2001 WHERE licence_no = 'LX-2026-001'$$);
RESET ROLE;
SET ROLE rare_trace_recorder;
SELECT * FROM regress_util.try($$UPDATE rare_trace.export_licence SET limit_kg = 1 WHERE licence_no = 'LX-2026-001'$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.export_licence_table (relid) VALUES ('public.lx_ship')$$);
SELECT count(*) > 0 AS recorder_reads FROM rare_trace.export_licence;
RESET ROLE;
SELECT licence_no, limit_kg, used_kg FROM export_licence ORDER BY licence_no;

-- deleting every row releases every kg
DELETE FROM public.lx_ship;
SELECT licence_no, used_kg FROM export_licence ORDER BY licence_no;

-- clean up
DROP VIEW pg_temp.lx_state;
DROP TABLE public.lx_ship;
DELETE FROM export_licence_table;
DELETE FROM export_licence;
