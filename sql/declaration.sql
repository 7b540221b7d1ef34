--
-- Declarations checked against the record (0.4.0): declaration_issues,
-- lot_declaration_issues and the declaration_guard trigger.
--
\set VERBOSITY terse

CREATE TABLE decl_lot (lot rare_trace.rare_lot);
INSERT INTO decl_lot VALUES ('CN-GANZHOU-OX42 oxide 1000.4kg La=10% Nd=60% Dy=20% Ho=5%');

-- a true declaration: no issue (the mass at the precision declared)
SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1000,
    '{"La": 10, "Nd": 60, "Dy": 20, "Ho": 5}');
SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'OXIDE', 1000.4,
    '{"la": 10, "Nd": 60.0, "Dy": 20, "Ho": 5}');

-- each issue: a form that differs, a mass that differs (1000.0 is declared
-- to 0.1 kg), controlled elements missing (Dy: No. 18 and 61, Ho: No. 57 and
-- 61; La is controlled by no rule: no issue), contents below
SELECT i.* FROM decl_lot, rare_trace.declaration_issues(lot, 'compound', 1000.0, '{"Nd": 60}') AS i;
SELECT i.* FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 999, '{"La": 10, "Nd": 60, "Dy": 20, "Ho": 5}') AS i;
SELECT i.* FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1001, '{"La": 10, "Nd": 60, "Dy": 20, "Ho": 5}') AS i;

-- the assay tolerance: 1 % relative.  Dy recorded 20 %: 19.8 % passes
-- (exactly 1 % below), 19.7999 % does not; declaring more than recorded
-- is not an issue
SELECT i.* FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1000,
    '{"La": 10, "Nd": 60, "Dy": 19.7999, "Ho": 5}') AS i;
SELECT d.dy, count(i.kind) AS issues
FROM decl_lot, (VALUES (19.8), (19.7999), (25)) AS d(dy)
LEFT JOIN LATERAL rare_trace.declaration_issues((SELECT lot FROM decl_lot), 'oxide', 1000,
         jsonb_build_object('La', 10, 'Nd', 60, 'Dy', d.dy, 'Ho', 5)) AS i ON true
GROUP BY d.dy ORDER BY d.dy;

-- a rule added by a user makes its elements controlled
INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms, countries,
    effective_from, source)
VALUES ('TEST Announcement No. 9 (2026)', 'TEST', 'export', '{La}', '{oxide}', '{CN}', '2027-01-01',
        'regression test');
SELECT i.* FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1000, '{"Nd": 60, "Dy": 20, "Ho": 5}') AS i;
DELETE FROM rare_trace.export_control WHERE reference = 'TEST Announcement No. 9 (2026)';

-- bad arguments: each a clear error
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.declaration_issues(NULL, 'oxide', 1, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, NULL, 1, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', NULL, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1, NULL)$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'powder', 1, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 'NaN', '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 'Infinity', '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', '-Infinity', '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', -5, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 0, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1000.0001, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1, '{"Fe": 5}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1, '{"Nd": "60"}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1, '{"Nd": 160}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1, '{"Nd": 60, "Dy": 60}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1, '{"Nd": 0.00001}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM decl_lot, rare_trace.declaration_issues(lot, 'oxide', 1, '[60]')$$);

-- by code, for a lot known to the ledger (as parent or child); rolled
-- back: the ledger is append-only and the ledger tests expect it empty
BEGIN;
INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES
    ('CN-GANZHOU', 'CN-GANZHOU-C42 concentrate 5t Nd=20% Dy=5%',
     'CN-GANZHOU-OX42 oxide 1000.4kg La=10% Nd=60% Dy=20% Ho=5%', 5000, 'transform');
SELECT * FROM rare_trace.lot_declaration_issues('cn-ganzhou-ox42', 'oxide', 1000, '{"Nd": 60, "La": 10}');
SELECT * FROM rare_trace.lot_declaration_issues('CN-GANZHOU-C42', 'concentrate', 5000, '{"Nd": 20, "Dy": 5}');
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.lot_declaration_issues('CN-GANZHOU-NOSUCH', 'oxide', 1, '{}')$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.lot_declaration_issues(NULL, 'oxide', 1, '{}')$$);
ROLLBACK;

--
-- The one-line trigger on a user's declaration table: refuse ...
--
CREATE TABLE my_declaration (
    id int PRIMARY KEY,
    lot rare_trace.rare_lot NOT NULL,
    form text NOT NULL,
    mass_kg numeric NOT NULL,
    composition jsonb NOT NULL
);
CREATE TRIGGER check_declaration BEFORE INSERT OR UPDATE ON my_declaration FOR EACH ROW EXECUTE FUNCTION rare_trace.declaration_guard('lot', 'form', 'mass_kg', 'composition', 'refuse');
INSERT INTO my_declaration SELECT 1, lot, 'oxide', 1000, '{"La": 10, "Nd": 60, "Dy": 20, "Ho": 5}' FROM decl_lot;
SELECT * FROM regress_util.try($$INSERT INTO my_declaration SELECT 2, lot, 'oxide', 1000, '{"La": 10, "Nd": 60, "Dy": 20}' FROM decl_lot$$);
SELECT * FROM regress_util.try($$UPDATE my_declaration SET composition = '{"Nd": 60}'$$);
-- COPY goes through the trigger too (Ho declared 4.9 %, recorded 5 %)
COPY my_declaration FROM stdin;
3	CN-GANZHOU-OX42 oxide 1000.4kg La=10% Nd=60% Dy=20% Ho=5%	oxide	1000	{"Nd": 60, "La": 10, "Dy": 20, "Ho": 4.9}
\.
SELECT * FROM regress_util.try($$INSERT INTO my_declaration SELECT 4, lot, 'oxide', 'NaN', '{}' FROM decl_lot$$);
-- nothing but the true declaration was stored, nothing logged
SELECT id, form, mass_kg, composition FROM my_declaration ORDER BY id;
SELECT count(*) AS logged FROM rare_trace.declaration_log;

-- ... or log
CREATE TABLE my_declaration_log_mode (LIKE my_declaration);
CREATE TRIGGER check_declaration BEFORE INSERT OR UPDATE ON my_declaration_log_mode FOR EACH ROW EXECUTE FUNCTION rare_trace.declaration_guard('lot', 'form', 'mass_kg', 'composition', 'log');
CREATE ROLE regress_decl_clerk NOLOGIN;
GRANT INSERT, SELECT ON my_declaration_log_mode TO regress_decl_clerk;
SET ROLE regress_decl_clerk;
INSERT INTO my_declaration_log_mode SELECT 1, 'CN-GANZHOU-OX42 oxide 1000.4kg La=10% Nd=60% Dy=20% Ho=5%', 'metal', 1000, '{"Nd": 50}';
-- the clerk can neither read nor write the log
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.declaration_log$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.declaration_log (relation, lot_code, kind, detail) VALUES ('x', 'y', 'z', 'w')$$);
RESET ROLE;
SELECT id, form FROM my_declaration_log_mode;
SELECT logged_by, relation, lot_code, kind, element, declared, actual, detail
FROM rare_trace.declaration_log ORDER BY id;

-- the trigger's arguments
CREATE TABLE my_declaration_bad (LIKE my_declaration);
CREATE TRIGGER t1 BEFORE INSERT ON my_declaration_bad FOR EACH ROW EXECUTE FUNCTION rare_trace.declaration_guard('lot', 'form', 'mass_kg', 'composition');
SELECT * FROM regress_util.try($$INSERT INTO my_declaration_bad SELECT 1, lot, 'oxide', 1000, '{}' FROM decl_lot$$);
DROP TRIGGER t1 ON my_declaration_bad;
CREATE TRIGGER t2 BEFORE INSERT ON my_declaration_bad FOR EACH ROW EXECUTE FUNCTION rare_trace.declaration_guard('lot', 'form', 'mass_kg', 'composition', 'warn');
SELECT * FROM regress_util.try($$INSERT INTO my_declaration_bad SELECT 1, lot, 'oxide', 1000, '{}' FROM decl_lot$$);
DROP TRIGGER t2 ON my_declaration_bad;
CREATE TRIGGER t3 BEFORE INSERT ON my_declaration_bad FOR EACH ROW EXECUTE FUNCTION rare_trace.declaration_guard('lot', 'form', 'weight', 'composition', 'refuse');
SELECT * FROM regress_util.try($$INSERT INTO my_declaration_bad SELECT 1, lot, 'oxide', 1000, '{}' FROM decl_lot$$);
DROP TRIGGER t3 ON my_declaration_bad;
CREATE TRIGGER t4 AFTER INSERT ON my_declaration_bad FOR EACH ROW EXECUTE FUNCTION rare_trace.declaration_guard('lot', 'form', 'mass_kg', 'composition', 'refuse');
SELECT * FROM regress_util.try($$INSERT INTO my_declaration_bad SELECT 1, lot, 'oxide', 1000, '{}' FROM decl_lot$$);
SELECT count(*) AS stored FROM my_declaration_bad;

DELETE FROM rare_trace.declaration_log;
DROP TABLE my_declaration, my_declaration_log_mode, my_declaration_bad, decl_lot;
DROP ROLE regress_decl_clerk;
