--
-- quota_registry: the 0.2.0 registry of approved enterprises and quotas,
-- its constraints, the parent-cycle guard, quota resolution
-- (enterprise_chain, applicable_quotas, approval_problem) and privileges.
-- Everything created here is named CN-QR* / regress_rare_trace_qr_* and
-- removed at the end.
--
SET search_path = rare_trace, public;

-- errors as rows: regress_util.try() (sql/00_setup.sql)
--
-- The roles the upgrade creates; admin is a member of reader.
--
SELECT rolname, rolcanlogin FROM pg_roles
WHERE rolname IN ('rare_trace_reader', 'rare_trace_admin') ORDER BY rolname;
SELECT pg_has_role('rare_trace_admin', 'rare_trace_reader', 'MEMBER') AS admin_reads;

--
-- Enterprises: a national group, a group below it and a member, so that
-- groups nest two deep.
--
INSERT INTO enterprise (code, name, parent, activities, approved_from, approved_until) VALUES
    ('CN-QRTOP', 'QR national group', NULL, '{mining,separation}', '2020-01-01', NULL),
    ('CN-QRGRP', 'QR group', 'CN-QRTOP', '{mining,separation}', '2020-01-01', NULL),
    ('CN-QRMEM', 'QR member mine', 'CN-QRGRP', '{mining}', '2024-03-01', '2024-10-31');
SELECT code, name, parent, activities, approved_from, approved_until
FROM enterprise WHERE code LIKE 'CN-QR%' ORDER BY code;

-- the chain above an enterprise, nearest first
SELECT * FROM enterprise_chain('CN-QRMEM');
SELECT * FROM enterprise_chain('CN-QRTOP');
SELECT count(*) AS unknown FROM enterprise_chain('CN-QRNONE');
SELECT count(*) AS null_arg FROM enterprise_chain(NULL);

--
-- Column constraints.
--
-- code must be CC-ENTERPRISE: upper case, 2 letters, 2..16 of A-Z 0-9
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('cn-qrlow', 'x', '2024-01-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-Q', 'x', '2024-01-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-QR_X', 'x', '2024-01-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-QRX-B1', 'x', '2024-01-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-QR345678901234567', 'x', '2024-01-01')$$);
-- 16 characters after the country are fine
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-QR34567890123456', 'x', '2024-01-01')$$);
-- the approval may not end before it starts; one day is fine
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from, approved_until) VALUES ('CN-QRDAY', 'x', '2024-05-02', '2024-05-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from, approved_until) VALUES ('CN-QRDAY', 'x', '2024-05-01', '2024-05-01')$$);
-- approved_from and name are required; activities default to none
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name) VALUES ('CN-QRNOFROM', 'x')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, approved_from) VALUES ('CN-QRNONAME', '2024-01-01')$$);
SELECT code, activities FROM enterprise WHERE code IN ('CN-QR34567890123456', 'CN-QRDAY') ORDER BY code;
-- activities are checked one by one against the seven activities
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, activities, approved_from) VALUES ('CN-QRACT', 'x', '{mining,smelting}', '2024-01-01')$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, activities, approved_from) VALUES ('CN-QRACT', 'x', '{mining,separation,refining,melting,magnet,recycling,trading}', '2024-01-01')$$);
SELECT 'Mining'::activity;
SELECT 'trading'::activity, pg_typeof('trading'::activity);
-- the parent must exist
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, parent, approved_from) VALUES ('CN-QRORPHAN', 'x', 'CN-QRNONE', '2024-01-01')$$);
DELETE FROM enterprise WHERE code IN ('CN-QR34567890123456', 'CN-QRDAY', 'CN-QRACT');

--
-- Groups never form a cycle (checked by a trigger before the row is
-- written, so it also catches a parent equal to the code).
--
-- an enterprise as its own group
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, parent, approved_from) VALUES ('CN-QRSELF', 'x', 'CN-QRSELF', '2024-01-01')$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET parent = 'CN-QRGRP' WHERE code = 'CN-QRGRP'$$);
-- a group below its own member (two and three links)
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET parent = 'CN-QRGRP' WHERE code = 'CN-QRTOP'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET parent = 'CN-QRMEM' WHERE code = 'CN-QRTOP'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.enterprise SET parent = 'CN-QRMEM' WHERE code = 'CN-QRGRP'$$);
-- nothing changed
SELECT code, parent FROM enterprise WHERE code LIKE 'CN-QR%' ORDER BY code;
-- moving a member to another group, or to the top, is fine
UPDATE enterprise SET parent = 'CN-QRTOP' WHERE code = 'CN-QRMEM';
SELECT * FROM enterprise_chain('CN-QRMEM');
UPDATE enterprise SET parent = NULL WHERE code = 'CN-QRMEM';
SELECT * FROM enterprise_chain('CN-QRMEM');
UPDATE enterprise SET parent = 'CN-QRGRP' WHERE code = 'CN-QRMEM';
SELECT * FROM enterprise_chain('CN-QRMEM');

--
-- Quotas.
--
INSERT INTO quota (holder, year, activity, category, limit_t) VALUES
    ('CN-QRTOP', 2024, 'mining', NULL, 500),
    ('CN-QRGRP', 2024, 'mining', NULL, 100),
    ('CN-QRGRP', 2024, 'mining', 'rock', 60),
    ('CN-QRGRP', 2024, 'mining', 'ion_adsorption', 40),
    ('CN-QRGRP', 2024, 'separation', NULL, 0),
    ('CN-QRGRP', 2025, 'mining', NULL, 1.5),
    ('CN-QRMEM', 2024, 'mining', 'rock', 94580.123456789012345678);
-- used_t starts at 0; limits are kept exactly
SELECT holder, year, activity, category, limit_t, used_t, pg_typeof(limit_t) AS type
FROM quota WHERE holder LIKE 'CN-QR%' ORDER BY holder, year, activity, category NULLS FIRST;

-- quota_key: one quota per holder, year, activity and category, and NULL
-- (any category) counts as one value, not as always distinct
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES ('CN-QRGRP', 2024, 'mining', NULL, 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES ('CN-QRGRP', 2024, 'mining', 'rock', 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES ('CN-QRTOP', 2024, 'mining', NULL, 1), ('CN-QRTOP', 2024, 'mining', NULL, 2)$$);
-- ... but another year, activity, category or holder is another quota
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES ('CN-QRTOP', 2023, 'mining', NULL, 1), ('CN-QRTOP', 2024, 'separation', NULL, 1), ('CN-QRTOP', 2024, 'mining', 'rock', 1), ('CN-QRMEM', 2024, 'mining', NULL, 1)$$);
-- other constraints
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QRNONE', 2024, 'mining', 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QRGRP', 1899, 'mining', 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QRGRP', 10000, 'mining', 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QRGRP', 2026, 'smelting', 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QRGRP', 2026, 'mining', -0.000001)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-QRGRP', 2026, 'mining', NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES ('CN-QRGRP', 2026, 'mining', 'Rock', 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES ('CN-QRGRP', 2026, 'mining', 'ion-adsorption', 1)$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES ('CN-QRGRP', 2026, 'mining', '', 1)$$);
-- the id is generated, never given
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (id, holder, year, activity, limit_t) VALUES (1, 'CN-QRGRP', 2026, 'mining', 1)$$);
-- a holder with quotas cannot be deleted
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.enterprise WHERE code = 'CN-QRMEM'$$);
DELETE FROM quota WHERE holder = 'CN-QRTOP' AND (year, activity, category) IS DISTINCT FROM (2024, 'mining', NULL);
DELETE FROM quota WHERE holder = 'CN-QRMEM' AND category IS NULL;

--
-- Renaming an enterprise cascades to its members and its quotas (the
-- cycle trigger fires on the code change and lets it through).
--
UPDATE enterprise SET code = 'CN-QRGROUP' WHERE code = 'CN-QRGRP';
SELECT code, parent FROM enterprise WHERE code LIKE 'CN-QR%' ORDER BY code;
SELECT holder, count(*) FROM quota WHERE holder LIKE 'CN-QR%' GROUP BY holder ORDER BY holder;
UPDATE enterprise SET code = 'CN-QRGRP' WHERE code = 'CN-QRGROUP';
SELECT * FROM enterprise_chain('CN-QRMEM');

--
-- Which quotas a production charges: the enterprise's own and every group's
-- above it, of that year and activity, whose category is NULL or the
-- production's.  A production without a category charges only NULL-category
-- quotas.
--
SELECT holder, year, activity, category, limit_t
FROM applicable_quotas('CN-QRMEM', 2024, 'mining', 'rock');
SELECT holder, year, activity, category, limit_t
FROM applicable_quotas('CN-QRMEM', 2024, 'mining', 'ion_adsorption');
SELECT holder, year, activity, category, limit_t
FROM applicable_quotas('CN-QRMEM', 2024, 'mining', NULL);
SELECT holder, year, activity, category, limit_t
FROM applicable_quotas('CN-QRMEM', 2024, 'mining', 'monazite');
SELECT holder, year, activity, category, limit_t
FROM applicable_quotas('CN-QRGRP', 2025, 'mining', 'rock');
SELECT holder, year, activity, category, limit_t
FROM applicable_quotas('CN-QRTOP', 2024, 'mining', 'rock');
SELECT count(*) AS none FROM applicable_quotas('CN-QRMEM', 2023, 'mining', 'rock');
SELECT count(*) AS none FROM applicable_quotas('CN-QRMEM', 2024, 'refining', NULL);
SELECT count(*) AS none FROM applicable_quotas('CN-QRNONE', 2024, 'mining', NULL);

--
-- Approval: registered, approved for the activity, and on every day of the
-- range (CN-QRMEM: mining from 2024-03-01 until 2024-10-31; CN-QRGRP: open).
--
SELECT d, approval_problem('CN-QRMEM', 'mining', d::date, d::date) AS problem
FROM unnest(ARRAY['2024-02-29', '2024-03-01', '2024-07-15', '2024-10-31', '2024-11-01']) AS d;
SELECT approval_problem('CN-QRMEM', 'mining', '2024-03-01', '2024-10-31') AS whole_window,
       approval_problem('CN-QRMEM', 'mining', '2024-02-29', '2024-11-01') AS wider,
       approval_problem('CN-QRMEM', 'mining', '2024-06-01', '2024-11-01') AS ends_late;
SELECT approval_problem('CN-QRMEM', 'separation', '2024-05-01', '2024-05-01') AS other_activity;
SELECT approval_problem('CN-QRGRP', 'mining', '2019-12-31', '2019-12-31') AS before_open,
       approval_problem('CN-QRGRP', 'mining', '2020-01-01', '9999-12-31') AS open_ended,
       approval_problem('CN-QRGRP', 'refining', '2024-01-01', '2024-01-01') AS not_approved;
SELECT approval_problem('CN-QRNONE', 'mining', '2024-05-01', '2024-05-01') AS unknown;
INSERT INTO enterprise (code, name, activities, approved_from) VALUES ('CN-QRIDLE', 'QR idle', '{}', '2024-01-01');
SELECT approval_problem('CN-QRIDLE', 'mining', '2024-05-01', '2024-05-01') AS approved_for_nothing;
DELETE FROM enterprise WHERE code = 'CN-QRIDLE';

--
-- Privileges: PUBLIC sees nothing, readers read, admins change enterprises
-- and limits but never used_t.
--
CREATE ROLE regress_rare_trace_qr_admin IN ROLE rare_trace_admin;
CREATE ROLE regress_rare_trace_qr_reader IN ROLE rare_trace_reader;
CREATE ROLE regress_rare_trace_qr_nobody;

SET ROLE regress_rare_trace_qr_nobody;
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.enterprise$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.quota$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.quota_status$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.quota_table$$);
SELECT * FROM regress_util.try($$SELECT count(*) FROM rare_trace.quota_reconcile()$$);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('pg_class', 'a', 'b', 'mining')$$);
RESET ROLE;

SET ROLE regress_rare_trace_qr_reader;
SELECT count(*) AS enterprises FROM enterprise WHERE code LIKE 'CN-QR%';
SELECT count(*) AS quotas FROM quota_status WHERE holder LIKE 'CN-QR%';
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-QRREAD', 'x', '2024-01-01')$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET limit_t = 1 WHERE holder = 'CN-QRGRP'$$);
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota_table (relid) VALUES ('pg_class')$$);
RESET ROLE;

SET ROLE regress_rare_trace_qr_admin;
INSERT INTO enterprise (code, name, parent, activities, approved_from)
VALUES ('CN-QRADM', 'QR by admin', 'CN-QRGRP', '{trading}', '2024-01-01');
UPDATE enterprise SET activities = '{trading,recycling}' WHERE code = 'CN-QRADM';
INSERT INTO quota (holder, year, activity, limit_t) VALUES ('CN-QRADM', 2024, 'trading', 7);
UPDATE quota SET limit_t = 8 WHERE holder = 'CN-QRADM';
SELECT holder, activity, limit_t, used_t FROM quota WHERE holder = 'CN-QRADM';
-- used_t is rare_trace's alone
SELECT * FROM regress_util.try($$INSERT INTO rare_trace.quota (holder, year, activity, limit_t, used_t) VALUES ('CN-QRADM', 2025, 'trading', 7, 0)$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET used_t = 0 WHERE holder = 'CN-QRADM'$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET year = 2025 WHERE holder = 'CN-QRADM'$$);
DELETE FROM quota WHERE holder = 'CN-QRADM';
DELETE FROM enterprise WHERE code = 'CN-QRADM';
RESET ROLE;

DROP ROLE regress_rare_trace_qr_admin;
DROP ROLE regress_rare_trace_qr_reader;
DROP ROLE regress_rare_trace_qr_nobody;

--
-- Clean up.
--
DELETE FROM quota WHERE holder LIKE 'CN-QR%';
DELETE FROM enterprise WHERE code LIKE 'CN-QR%';
SELECT count(*) AS left_over FROM enterprise WHERE code LIKE 'CN-QR%';
