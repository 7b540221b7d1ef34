--
-- quota_enforce: what rare_trace.enforce_quota charges and refuses.  The
-- hierarchy of quotas (the tighter one binds, both ways), categories,
-- activity from a column, approval dates, UPDATE and DELETE releases,
-- rollback and savepoints, COPY, statements summing exactly to a limit, NULL
-- lots and dates, promethium, and the errors with their SQLSTATEs.
-- Everything created here is named CN-QE* / public.qe_* and removed at the
-- end.
--
-- REO of the lots used below (oxide factor La 1.1728; t = kg / 1000):
--   ore 1t La=10%    1,000,000 g x 10 % x 1.1728 = 117.28 kg  = 0.11728 t
--   ore 4t La=10%                                             = 0.46912 t
--   ore 8t La=10%                                             = 0.93824 t
--   ore 12t La=10%                                            = 1.40736 t
--   metal 1t La=100%                                          = 1.1728 t
--   metal 1000.001kg La=100%  1.1728 t + 1 g x 1.1728         = 1.1728011728 t
--   metal 1g La=100%                                          = 0.0000011728 t
--
SET search_path = rare_trace, public;

-- errors as rows: regress_util.try() (sql/00_setup.sql)
SELECT f AS lot, reo_kg(f::rare_lot) / 1000 = t AS reo_t_as_above
FROM (VALUES ('CN-QE-X ore 1t La=10%', 0.11728), ('CN-QE-X ore 4t La=10%', 0.46912),
             ('CN-QE-X ore 8t La=10%', 0.93824), ('CN-QE-X ore 12t La=10%', 1.40736),
             ('CN-QE-X metal 1t La=100%', 1.1728),
             ('CN-QE-X metal 1000.001kg La=100%', 1.1728011728),
             ('CN-QE-X metal 1g La=100%', 0.0000011728)) AS v(f, t);

--
-- A national group over a group over two members; a lone enterprise
-- without any quota; one for exact sums.
--
INSERT INTO enterprise (code, name, parent, activities, approved_from, approved_until) VALUES
    ('CN-QETOP', 'QE national group', NULL, '{mining}', '2020-01-01', NULL),
    ('CN-QEGRP', 'QE group', 'CN-QETOP', '{mining,separation}', '2020-01-01', NULL),
    ('CN-QEMINE', 'QE rock mine', 'CN-QEGRP', '{mining}', '2024-03-01', '2024-10-31'),
    ('CN-QEMIX', 'QE mine and separator', 'CN-QEGRP', '{mining,separation}', '2024-01-01', NULL),
    ('CN-QELONE', 'QE without quota', NULL, '{mining}', '2024-01-01', NULL),
    ('CN-QEEX', 'QE exact', NULL, '{mining}', '2024-01-01', NULL);
INSERT INTO quota (holder, year, activity, category, limit_t) VALUES
    ('CN-QETOP', 2024, 'mining', NULL, 100),
    ('CN-QEGRP', 2024, 'mining', NULL, 1),
    ('CN-QEGRP', 2025, 'mining', NULL, 1),
    ('CN-QEMINE', 2024, 'mining', 'rock', 0.5),
    ('CN-QEMIX', 2024, 'mining', NULL, 2),
    ('CN-QEMIX', 2024, 'separation', NULL, 1),
    ('CN-QEEX', 2024, 'mining', NULL, 3.5184);

-- every quota of this file with its use
CREATE VIEW pg_temp.qe_used AS
SELECT holder, year, activity, coalesce(category, '(any)') AS category, limit_t, used_t
FROM rare_trace.quota WHERE holder LIKE 'CN-QE%'
ORDER BY holder, year, activity, category NULLS FIRST;

-- production: activity mining, category from a column
CREATE TABLE public.qe_prod (id int PRIMARY KEY, lot rare_lot, made_on date, cat text, note text);
SELECT attach_quota('public.qe_prod', 'lot', 'made_on', 'mining', 'cat', category_is_column => true);
-- activity from a column, no category
CREATE TABLE public.qe_flow (id int PRIMARY KEY, lot rare_lot, day date, act varchar(20));
SELECT attach_quota('public.qe_flow', 'lot', 'day', 'act', activity_is_column => true);
-- activity mining, category rock for every row
CREATE TABLE public.qe_rock (lot rare_lot, day date);
SELECT attach_quota('public.qe_rock', 'lot', 'day', 'mining', 'rock');

--
-- Hierarchy.  A rock lot of CN-QEMINE charges its own rock quota and the
-- NULL-category quotas of both groups above it.
--
INSERT INTO public.qe_prod VALUES (1, 'CN-QEMINE-A1 ore 1t La=10%', '2024-05-01', 'rock');
SELECT * FROM pg_temp.qe_used;

-- The member's quota binds: 0.46912 t does not fit in the 0.38272 t left of
-- CN-QEMINE's rock quota, although the groups have room.  The groups'
-- quotas (lower ids, updated first) are not kept either.
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (2, 'CN-QEMINE-A2 ore 4t La=10%', '2024-05-02', 'rock')$$);
-- The group's quota binds: 0.93824 t fits in CN-QEMIX's own 2 t, not in the
-- 0.88272 t left of CN-QEGRP's.
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (3, 'CN-QEMIX-B1 ore 8t La=10%', '2024-05-03', NULL)$$);
SELECT * FROM pg_temp.qe_used;
SELECT count(*) AS rows FROM public.qe_prod;
-- the same error as a client sees it
INSERT INTO public.qe_prod VALUES (3, 'CN-QEMIX-B1 ore 8t La=10%', '2024-05-03', NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- 0.46912 t fits everywhere
INSERT INTO public.qe_prod VALUES (3, 'CN-QEMIX-B1 ore 4t La=10%', '2024-05-03', NULL);
SELECT * FROM pg_temp.qe_used;
-- the group's limit is raised
UPDATE quota SET limit_t = 10 WHERE holder = 'CN-QEGRP' AND year = 2024;

--
-- Categories.
--
-- an ion-adsorption lot of CN-QEMINE: its rock quota is not charged, the
-- groups' any-category quotas are
INSERT INTO public.qe_prod VALUES (4, 'CN-QEMINE-A3 ore 1t La=10%', '2024-05-04', 'ion_adsorption');
-- a lot without a category charges only any-category quotas
INSERT INTO public.qe_prod VALUES (5, 'CN-QEMINE-A4 ore 1t La=10%', '2024-05-05', NULL);
SELECT * FROM pg_temp.qe_used;
-- a constant category (every row of qe_rock is rock)
INSERT INTO public.qe_rock VALUES ('CN-QEMINE-R1 ore 1t La=10%', '2024-06-01');
-- two categories in one statement
INSERT INTO public.qe_prod VALUES
    (6, 'CN-QEMINE-A5 ore 1t La=10%', '2024-05-06', 'rock'),
    (7, 'CN-QEMINE-A6 ore 1t La=10%', '2024-05-07', 'ion_adsorption');
SELECT * FROM pg_temp.qe_used;
-- no quota, no production: CN-QELONE and its (absent) groups hold none
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (8, 'CN-QELONE-C1 ore 1t La=10%', '2024-05-08', 'rock')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (8, 'CN-QELONE-C1 ore 1t La=10%', '2024-05-08', NULL)$$);
-- nor for a year without quotas, or an activity without one
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (8, 'CN-QEMIX-C1 ore 1t La=10%', '2026-03-01', NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_flow VALUES (8, 'CN-QEGRP-C1 oxide 1t La=10%', '2024-05-08', 'separation')$$);
-- (approval is checked first: CN-QEMIX is approved from 2024-01-01 only)
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (8, 'CN-QEMIX-C1 ore 1t La=10%', '2023-12-31', NULL)$$);
SELECT * FROM pg_temp.qe_used;

--
-- Activity from a column: one statement may charge several activities.
--
INSERT INTO public.qe_flow VALUES
    (1, 'CN-QEMIX-F1 ore 1t La=10%', '2024-06-01', 'mining'),
    (2, 'CN-QEMIX-F2 oxide 1t La=10%', '2024-06-01', 'separation');
SELECT * FROM pg_temp.qe_used;
-- an activity that does not exist, even next to a good row; none at all
SELECT * FROM regress_util.try($$INSERT INTO public.qe_flow VALUES (3, 'CN-QEMIX-F3 ore 1t La=10%', '2024-06-02', 'mining'), (4, 'CN-QEMIX-F4 ore 1t La=10%', '2024-06-02', 'smelting')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_flow VALUES (3, 'CN-QEMIX-F3 ore 1t La=10%', '2024-06-02', 'Mining')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_flow VALUES (3, 'CN-QEMIX-F3 ore 1t La=10%', '2024-06-02', '')$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_flow VALUES (3, 'CN-QEMIX-F3 ore 1t La=10%', '2024-06-02', NULL)$$);
-- an activity the enterprise is not approved for
SELECT * FROM regress_util.try($$INSERT INTO public.qe_flow VALUES (3, 'CN-QEMINE-F3 oxide 1t La=10%', '2024-06-02', 'separation')$$);
SELECT count(*) AS rows FROM public.qe_flow;

--
-- Approval dates: CN-QEMINE may mine from 2024-03-01 until 2024-10-31,
-- both days included.
--
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (10, 'CN-QEMINE-D1 ore 1t La=10%', '2024-02-29', NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (10, 'CN-QEMINE-D1 ore 1t La=10%', '2024-03-01', NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (11, 'CN-QEMINE-D2 ore 1t La=10%', '2024-10-31', NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (12, 'CN-QEMINE-D3 ore 1t La=10%', '2024-11-01', NULL)$$);
-- one row outside the window spoils the statement; the message names it
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (12, 'CN-QEMINE-D3 ore 1t La=10%', '2024-07-01', NULL), (13, 'CN-QEMINE-D4 ore 1t La=10%', '2024-11-01', NULL), (14, 'CN-QEMINE-D5 ore 1t La=10%', '2024-08-01', NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (12, 'CN-QEMINE-D3 ore 1t La=10%', '2024-02-01', NULL), (13, 'CN-QEMINE-D4 ore 1t La=10%', '2024-11-01', NULL)$$);
-- an enterprise that is not registered
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (12, 'CN-QEGHOST-1 ore 1t La=10%', '2024-05-01', 'rock')$$);
-- the same error as a client sees it
INSERT INTO public.qe_prod VALUES (12, 'CN-QEMINE-D3 ore 1t La=10%', '2024-11-01', NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id, lot_code(lot), made_on FROM public.qe_prod WHERE id >= 10 ORDER BY id;
SELECT * FROM pg_temp.qe_used;

--
-- DELETE releases; UPDATE releases the old row and charges the new one.
--
-- delete the lot of row 5 (CN-QEMINE, no category)
DELETE FROM public.qe_prod WHERE id = 5;
-- row 1 moves from CN-QEMINE to CN-QEMIX (still rock: CN-QEMIX's
-- any-category quota takes it; the groups' use does not change)
UPDATE public.qe_prod SET lot = 'CN-QEMIX-A1 ore 1t La=10%' WHERE id = 1;
SELECT * FROM pg_temp.qe_used;
-- row 3 (CN-QEMIX, 0.46912 t) moves to 2025: only CN-QEGRP holds a 2025 quota
UPDATE public.qe_prod SET made_on = '2025-01-15' WHERE id = 3;
SELECT * FROM pg_temp.qe_used;
-- and not to 2026, where nobody holds one
SELECT * FROM regress_util.try($$UPDATE public.qe_prod SET made_on = '2026-01-15' WHERE id = 3$$);
-- growing a lot charges the difference only: 1.40736 - 0.46912 = 0.93824 t
-- does not fit in the 0.53088 t left in 2025 ...
SELECT * FROM regress_util.try($$UPDATE public.qe_prod SET lot = 'CN-QEMIX-B1 ore 12t La=10%' WHERE id = 3$$);
-- ... 0.93824 - 0.46912 = 0.46912 t does
UPDATE public.qe_prod SET lot = 'CN-QEMIX-B1 ore 8t La=10%' WHERE id = 3;
SELECT * FROM pg_temp.qe_used;
-- an UPDATE that leaves the lot alone nets to zero, even on a quota whose
-- limit has since been cut below its use
UPDATE quota SET limit_t = 0.5 WHERE holder = 'CN-QEGRP' AND year = 2025;
UPDATE public.qe_prod SET note = 'checked' WHERE id = 3;
-- ... but nothing more fits there
SELECT * FROM regress_util.try($$UPDATE public.qe_prod SET lot = 'CN-QEMIX-B1 ore 8001kg La=10%' WHERE id = 3$$);
-- shrinking is always possible
UPDATE public.qe_prod SET lot = 'CN-QEMIX-B1 ore 4t La=10%' WHERE id = 3;
-- a lot set to NULL is released
UPDATE public.qe_prod SET lot = NULL WHERE id = 7;
SELECT id, lot_code(lot), made_on, cat, note FROM public.qe_prod ORDER BY id;
SELECT * FROM pg_temp.qe_used;

--
-- INSERT ... ON CONFLICT DO UPDATE fires the INSERT and the UPDATE triggers:
-- a new lot for row 4 charges only the difference.
--
INSERT INTO public.qe_prod VALUES
    (4, 'CN-QEMINE-A3 ore 2t La=10%', '2024-05-04', 'ion_adsorption'),
    (20, 'CN-QEMIX-U1 ore 1t La=10%', '2024-05-20', NULL)
ON CONFLICT (id) DO UPDATE SET lot = excluded.lot;
SELECT * FROM pg_temp.qe_used;

--
-- A rolled back transaction leaves no trace; nor does a statement rolled
-- back to a savepoint.
--
BEGIN;
INSERT INTO public.qe_prod VALUES (30, 'CN-QEMIX-T1 ore 8t La=10%', '2024-07-01', NULL);
SELECT holder, used_t FROM quota WHERE holder = 'CN-QEMIX' AND activity = 'mining';
ROLLBACK;
SELECT holder, used_t FROM quota WHERE holder = 'CN-QEMIX' AND activity = 'mining';
BEGIN;
INSERT INTO public.qe_prod VALUES (30, 'CN-QEMIX-T1 ore 1t La=10%', '2024-07-01', NULL);
SAVEPOINT s1;
INSERT INTO public.qe_prod VALUES (31, 'CN-QEMIX-T2 ore 8t La=10%', '2024-07-02', NULL);
SELECT holder, used_t FROM quota WHERE holder = 'CN-QEMIX' AND activity = 'mining';
ROLLBACK TO s1;
-- a refused statement inside a transaction, rolled back to a savepoint
SAVEPOINT s2;
INSERT INTO public.qe_prod VALUES (31, 'CN-QEMIX-T2 ore 100t La=10%', '2024-07-02', NULL);
ROLLBACK TO s2;
DELETE FROM public.qe_prod WHERE id = 20;
COMMIT;
SELECT id, lot_code(lot) FROM public.qe_prod WHERE id >= 20 ORDER BY id;
SELECT * FROM pg_temp.qe_used;

--
-- COPY charges like a multi-row INSERT; one bad row and nothing is kept.
--
COPY public.qe_prod (id, lot, made_on, cat) FROM stdin;
40	CN-QEMIX-K1 ore 1t La=10%	2024-08-01	\N
41	CN-QEMIX-K2 ore 1t La=10%	2024-08-02	rock
42	\N	\N	\N
43	CN-QEMINE-K3 ore 1t La=10%	2024-08-03	rock
\.
SELECT * FROM pg_temp.qe_used;
-- an unregistered enterprise on the last row
COPY public.qe_prod (id, lot, made_on, cat) FROM stdin;
44	CN-QEMIX-K4 ore 1t La=10%	2024-08-04	\N
45	CN-QEMINE-K5 ore 1t La=10%	2024-08-05	rock
46	CN-QEGHOST-K6 ore 1t La=10%	2024-08-06	\N
\.
-- rows that together exceed CN-QEMINE's rock quota (0.5 - 0.35184 = 0.14816 t
-- left; two rows of 0.11728 t)
COPY public.qe_prod (id, lot, made_on, cat) FROM stdin;
44	CN-QEMINE-K4 ore 1t La=10%	2024-08-04	rock
45	CN-QEMINE-K5 ore 1t La=10%	2024-08-05	rock
\.
-- (psql does not set LAST_ERROR_SQLSTATE after COPY: show the code alone)
\set VERBOSITY sqlstate
COPY public.qe_prod (id, lot, made_on, cat) FROM stdin;
44	CN-QEMINE-K4 ore 1t La=10%	2024-08-04	rock
45	CN-QEMINE-K5 ore 1t La=10%	2024-08-05	rock
\.
COPY public.qe_prod (id, lot, made_on, cat) FROM stdin;
44	CN-QEMIX-K4 ore 1t La=10%	2024-08-04	\N
45	CN-QEMINE-K5 ore 1t La=10%	2024-08-05	rock
46	CN-QEGHOST-K6 ore 1t La=10%	2024-08-06	\N
\.
COPY public.qe_prod (id, lot, made_on, cat) FROM stdin;
44	CN-QEMIX-K4 ore 1t La=10%	\N	\N
\.
\set VERBOSITY default
SELECT count(*) AS rows, count(*) FILTER (WHERE id >= 44) AS from_bad_copies FROM public.qe_prod;
SELECT * FROM pg_temp.qe_used;

--
-- Rows of one statement are summed per quota and the sum is checked once:
-- CN-QEEX may mine 3.5184 t, three times 1.1728 t.
--
-- one gram too much over three rows, each of which would fit alone
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (50, 'CN-QEEX-E1 metal 1t La=100%', '2024-09-01', NULL), (51, 'CN-QEEX-E2 metal 1t La=100%', '2024-09-01', NULL), (52, 'CN-QEEX-E3 metal 1000.001kg La=100%', '2024-09-01', NULL)$$);
-- exactly the limit
INSERT INTO public.qe_prod VALUES
    (50, 'CN-QEEX-E1 metal 1t La=100%', '2024-09-01', NULL),
    (51, 'CN-QEEX-E2 metal 1t La=100%', '2024-09-01', NULL),
    (52, 'CN-QEEX-E3 metal 1t La=100%', '2024-09-01', NULL);
SELECT holder, limit_t, used_t, limit_t - used_t AS left_t FROM quota WHERE holder = 'CN-QEEX';
-- not one gram more
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (53, 'CN-QEEX-E4 metal 1g La=100%', '2024-09-02', NULL)$$);
-- a lot without rare earths charges nothing and passes
INSERT INTO public.qe_prod VALUES (53, 'CN-QEEX-E4 ore 1t', '2024-09-02', NULL);
-- one gram less in one row, one gram more in another: the UPDATE nets to 0
UPDATE public.qe_prod
SET lot = CASE id WHEN 50 THEN 'CN-QEEX-E1 metal 999.999kg La=100%'::rare_lot
                  ELSE 'CN-QEEX-E2 metal 1000.001kg La=100%' END
WHERE id IN (50, 51);
SELECT holder, limit_t, used_t FROM quota WHERE holder = 'CN-QEEX';
DELETE FROM public.qe_prod WHERE id = 52;
SELECT holder, limit_t, used_t FROM quota WHERE holder = 'CN-QEEX';

--
-- Rows without a lot are ignored; a lot without a date, with a date that is
-- not finite, or with promethium (no oxide factor) is an error.
--
INSERT INTO public.qe_prod VALUES (60, NULL, NULL, NULL), (61, NULL, '2024-05-01', 'rock');
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (62, 'CN-QEMIX-N1 ore 1t La=10%', NULL, NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (62, 'CN-QEMIX-N1 ore 1t La=10%', 'infinity', NULL)$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (62, 'CN-QEMIX-N1 ore 1t La=10% Pm=0.0001%', '2024-05-01', NULL)$$);
SELECT * FROM regress_util.try($$UPDATE public.qe_prod SET made_on = NULL WHERE id = 40$$);
SELECT count(*) AS rows, count(lot) AS with_lot FROM public.qe_prod;

--
-- A producer needs no right on rare_trace's tables: the trigger runs as its
-- owner.
--
CREATE ROLE regress_rare_trace_qe_producer;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.qe_prod TO regress_rare_trace_qe_producer;
SET ROLE regress_rare_trace_qe_producer;
INSERT INTO public.qe_prod VALUES (70, 'CN-QEMIX-P1 ore 1t La=10%', '2024-10-01', NULL);
SELECT * FROM regress_util.try($$SELECT used_t FROM rare_trace.quota$$);
SELECT * FROM regress_util.try($$UPDATE rare_trace.quota SET used_t = 0$$);
SELECT * FROM regress_util.try($$INSERT INTO public.qe_prod VALUES (71, 'CN-QEMIX-P2 ore 100t La=10%', '2024-10-01', NULL)$$);
RESET ROLE;
SELECT holder, used_t FROM quota WHERE holder = 'CN-QEMIX' AND activity = 'mining';
SET ROLE regress_rare_trace_qe_producer;
DELETE FROM public.qe_prod WHERE id = 70;
RESET ROLE;
SELECT holder, used_t FROM quota WHERE holder = 'CN-QEMIX' AND activity = 'mining';
REVOKE ALL ON public.qe_prod FROM regress_rare_trace_qe_producer;
DROP ROLE regress_rare_trace_qe_producer;

--
-- Changing the category or the activity of a row moves its charge.
--
SELECT * FROM pg_temp.qe_used;
-- row 6 (CN-QEMINE, 0.11728 t) from rock to ion-adsorption: out of the rock quota
UPDATE public.qe_prod SET cat = 'ion_adsorption' WHERE id = 6;
-- qe_flow row 1 (CN-QEMIX, 0.11728 t) from mining to separation
UPDATE public.qe_flow SET act = 'separation' WHERE id = 1;
SELECT * FROM pg_temp.qe_used;
-- row 4 (CN-QEMINE, 0.23456 t) from ion-adsorption to rock: 0.46912 of 0.5 t
UPDATE public.qe_prod SET cat = 'rock' WHERE id = 4;
-- rows 10 and 11 (0.23456 t), or row 10 alone (0.11728 t), no longer fit in
-- the 0.03088 t left
SELECT * FROM regress_util.try($$UPDATE public.qe_prod SET cat = 'rock' WHERE id IN (10, 11)$$);
SELECT * FROM regress_util.try($$UPDATE public.qe_prod SET cat = 'rock' WHERE id = 10$$);
SELECT * FROM pg_temp.qe_used;

--
-- Deleting every row releases everything: back to zero.
--
DELETE FROM public.qe_prod;
DELETE FROM public.qe_flow;
DELETE FROM public.qe_rock;
SELECT * FROM pg_temp.qe_used;

--
-- Clean up.
--
DELETE FROM quota_table WHERE relid IN ('public.qe_prod'::regclass, 'public.qe_flow'::regclass,
                                        'public.qe_rock'::regclass);
DROP TABLE public.qe_prod, public.qe_flow, public.qe_rock;
DELETE FROM quota WHERE holder LIKE 'CN-QE%';
DELETE FROM enterprise WHERE code LIKE 'CN-QE%';
SELECT count(*) AS left_over FROM enterprise WHERE code LIKE 'CN-QE%';
