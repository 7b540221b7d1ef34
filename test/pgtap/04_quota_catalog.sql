--
-- 04_quota_catalog.sql: the 0.2.0 quota registry as a catalog contract --
-- tables enterprise, quota and quota_table, the view quota_status, the
-- domain activity, their constraints, triggers and indexes, the
-- registration of the data tables for pg_dump (extconfig, which since 0.3.0
-- also lists the flow ledger's tables), and the roles rare_trace_admin and
-- rare_trace_reader.
--
-- Privileges are in 05_quota_privileges.sql; comments on every member object
-- and column are checked by the catch-all in 09_catalog_completeness.sql
-- (roles are not members, so their comments are checked here).
--
-- Constraint behaviour is exercised as the superuser running the suite,
-- with no enforced table, so no enforce_quota trigger is involved (used_t
-- is set by hand where a test needs charges).  The two triggers of the
-- registry are tested here too, and they bind the superuser as well:
-- enterprise_check_parent (no cycle of groups, at most 64 groups above an
-- enterprise; a transaction-level advisory lock in the two-key space,
-- keyed by the OID of rare_trace.enterprise, serialises re-parentings) and
-- quota_check_delete (a quota with used_t <> 0 cannot be deleted: deleting
-- and re-creating it would reset used_t).  Everything is rolled back.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(90);

--
-- Relations
--
SELECT has_table('rare_trace', 'enterprise', 'table rare_trace.enterprise exists');
SELECT has_table('rare_trace', 'quota', 'table rare_trace.quota exists');
SELECT has_table('rare_trace', 'quota_table', 'table rare_trace.quota_table exists');
SELECT has_view('rare_trace', 'quota_status', 'view rare_trace.quota_status exists');
SELECT has_sequence('rare_trace', 'quota_id_seq', 'sequence rare_trace.quota_id_seq exists');

SELECT is(
    (SELECT pg_catalog.pg_get_serial_sequence('rare_trace.quota', 'id')),
    'rare_trace.quota_id_seq',
    'quota_id_seq is the identity sequence of quota.id');

--
-- Columns: names, order, types, NOT NULL, defaults, identity
--
SELECT columns_are('rare_trace', 'enterprise',
    ARRAY['code', 'name', 'parent', 'activities', 'approved_from', 'approved_until'],
    'rare_trace.enterprise has exactly columns code, name, parent, activities, approved_from, approved_until');
SELECT columns_are('rare_trace', 'quota',
    ARRAY['id', 'holder', 'year', 'activity', 'category', 'limit_t', 'used_t'],
    'rare_trace.quota has exactly columns id, holder, year, activity, category, limit_t, used_t');
SELECT columns_are('rare_trace', 'quota_table',
    ARRAY['relid', 'registered_at', 'registered_by'],
    'rare_trace.quota_table has exactly columns relid, registered_at, registered_by');
SELECT columns_are('rare_trace', 'quota_status',
    ARRAY['holder', 'parent', 'year', 'activity', 'category', 'limit_t', 'used_t',
          'remaining_t', 'used_pct'],
    'rare_trace.quota_status has exactly columns holder, parent, year, activity, category, limit_t, used_t, remaining_t, used_pct');

-- (name, type, NOT NULL, default, identity) in column order
CREATE TEMP VIEW rt_col AS
SELECT a.attrelid, a.attnum,
       a.attname::text COLLATE "default" AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) COLLATE "default" AS type,
       a.attnotnull AS not_null,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) COLLATE "default" AS dflt,
       a.attidentity::text COLLATE "default" AS ident
  FROM pg_catalog.pg_attribute a
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped;

SELECT results_eq(
    $$SELECT name, type, not_null, dflt, ident FROM rt_col
       WHERE attrelid = 'rare_trace.enterprise'::regclass ORDER BY attnum$$,
    $$VALUES ('code', 'text', true, NULL, ''),
             ('name', 'text', true, NULL, ''),
             ('parent', 'text', false, NULL, ''),
             ('activities', 'activity[]', true, '''{}''::activity[]', ''),
             ('approved_from', 'date', true, NULL, ''),
             ('approved_until', 'date', false, NULL, '')$$,
    'enterprise columns: code text, name text, parent text NULL, activities activity[] DEFAULT ''{}'', approved_from date, approved_until date NULL');

SELECT results_eq(
    $$SELECT name, type, not_null, dflt, ident FROM rt_col
       WHERE attrelid = 'rare_trace.quota'::regclass ORDER BY attnum$$,
    $$VALUES ('id', 'bigint', true, NULL, 'a'),
             ('holder', 'text', true, NULL, ''),
             ('year', 'integer', true, NULL, ''),
             ('activity', 'activity', true, NULL, ''),
             ('category', 'text', false, NULL, ''),
             ('limit_t', 'numeric', true, NULL, ''),
             ('used_t', 'numeric', true, '0', '')$$,
    'quota columns: id bigint GENERATED ALWAYS AS IDENTITY, holder text, year integer, activity activity, category text NULL, limit_t numeric, used_t numeric DEFAULT 0 (unconstrained numeric: exact tonnes)');

SELECT results_eq(
    $$SELECT name, type, not_null, dflt, ident FROM rt_col
       WHERE attrelid = 'rare_trace.quota_table'::regclass ORDER BY attnum$$,
    $$VALUES ('relid', 'regclass', true, NULL, ''),
             ('registered_at', 'timestamp with time zone', true, 'now()', ''),
             ('registered_by', 'name', true, 'CURRENT_USER', '')$$,
    'quota_table columns: relid regclass, registered_at timestamptz DEFAULT now(), registered_by name DEFAULT CURRENT_USER');

--
-- The view: plain column types only (BI tools must not meet domains or
-- extension types)
--
SELECT results_eq(
    $$SELECT name, type FROM rt_col
       WHERE attrelid = 'rare_trace.quota_status'::regclass ORDER BY attnum$$,
    $$VALUES ('holder', 'text'), ('parent', 'text'), ('year', 'integer'),
             ('activity', 'text'), ('category', 'text'), ('limit_t', 'numeric'),
             ('used_t', 'numeric'), ('remaining_t', 'numeric'), ('used_pct', 'numeric')$$,
    'quota_status columns in order: holder, parent text; year integer; activity, category text; limit_t, used_t, remaining_t, used_pct numeric');

SELECT is_empty(
    $$SELECT a.attname || ': ' || a.atttypid::regtype::text
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = 'rare_trace.quota_status'::regclass
         AND a.attnum > 0 AND NOT a.attisdropped
         AND (t.typtype <> 'b' OR t.typnamespace <> 'pg_catalog'::regnamespace
              OR t.typcategory = 'A')$$,
    'every quota_status column has a plain built-in scalar type (no domain, array, composite or rare_trace type)');

SELECT is(
    (SELECT c.relkind::text FROM pg_catalog.pg_class c
      WHERE c.oid = 'rare_trace.quota_status'::regclass),
    'v',
    'quota_status is a plain view (not materialized: it is always current)');

--
-- The domain activity
--
SELECT has_domain('rare_trace', 'activity', 'domain rare_trace.activity exists');
SELECT domain_type_is('rare_trace', 'activity', 'text', 'domain activity is over text');

SELECT results_eq(
    $$SELECT c.conname::text COLLATE "default", pg_catalog.pg_get_constraintdef(c.oid) COLLATE "default"
        FROM pg_catalog.pg_constraint c
       WHERE c.contypid = 'rare_trace.activity'::regtype$$,
    $$VALUES ('activity_check', 'CHECK ((VALUE = ANY (activities())))')$$,
    'domain activity has one constraint, activity_check, against the one list rare_trace.activities()');
SELECT is(rare_trace.activities(),
    '{mining,separation,refining,melting,magnet,recycling,trading}'::text[],
    'activities() lists exactly the seven activities, in order');

SELECT is(
    ARRAY['mining', 'separation', 'refining', 'melting', 'magnet', 'recycling',
          'trading']::rare_trace.activity[]::text[],
    ARRAY['mining', 'separation', 'refining', 'melting', 'magnet', 'recycling', 'trading'],
    'the seven activities are valid');

SELECT throws_ok($$SELECT 'smelting'::rare_trace.activity$$, '23514', NULL,
                 'activity ''smelting'' is rejected (23514)');
SELECT throws_ok($$SELECT 'Mining'::rare_trace.activity$$, '23514', NULL,
                 'activity is case-sensitive: ''Mining'' is rejected');
SELECT throws_ok($$SELECT ''::rare_trace.activity$$, '23514', NULL,
                 'the empty activity is rejected');

--
-- Keys, constraints, indexes and triggers
--
SELECT col_is_pk('rare_trace', 'enterprise', 'code', 'the primary key of enterprise is (code)');
SELECT col_is_pk('rare_trace', 'quota', 'id', 'the primary key of quota is (id)');
SELECT col_is_pk('rare_trace', 'quota_table', 'relid', 'the primary key of quota_table is (relid)');

SELECT fk_ok('rare_trace', 'enterprise', 'parent', 'rare_trace', 'enterprise', 'code',
             'enterprise.parent references enterprise(code)');
SELECT fk_ok('rare_trace', 'quota', 'holder', 'rare_trace', 'enterprise', 'code',
             'quota.holder references enterprise(code)');

-- Every constraint of the three tables, exactly.  PostgreSQL 18 and later
-- also store each NOT NULL as a pg_constraint row (contype 'n', named
-- TABLE_COLUMN_not_null, the primary keys' columns included); 15 to 17 keep
-- it in pg_attribute.attnotnull only.
SELECT set_eq(
    $$SELECT c.conrelid::regclass::text, c.conname::text COLLATE "default",
             pg_catalog.pg_get_constraintdef(c.oid) COLLATE "default"
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid IN ('rare_trace.enterprise'::regclass, 'rare_trace.quota'::regclass,
                            'rare_trace.quota_table'::regclass)$$,
    $$VALUES
      ('enterprise', 'enterprise_pkey', 'PRIMARY KEY (code)'),
      ('enterprise', 'enterprise_code_check', 'CHECK ((code ~ ''^[A-Z]{2}-[A-Z0-9]{2,16}$''::text))'),
      ('enterprise', 'enterprise_dates_check', 'CHECK (((approved_until IS NULL) OR (approved_until >= approved_from)))'),
      ('enterprise', 'enterprise_parent_check', 'CHECK ((parent <> code))'),
      ('enterprise', 'enterprise_activities_check', 'CHECK (((array_ndims(activities) IS NULL) OR ((array_ndims(activities) = 1) AND (array_position(activities, (NULL::text)::activity) IS NULL))))'),
      ('enterprise', 'enterprise_parent_fkey', 'FOREIGN KEY (parent) REFERENCES enterprise(code) ON UPDATE CASCADE'),
      ('quota', 'quota_pkey', 'PRIMARY KEY (id)'),
      ('quota', 'quota_holder_fkey', 'FOREIGN KEY (holder) REFERENCES enterprise(code) ON UPDATE CASCADE'),
      ('quota', 'quota_year_check', 'CHECK (((year >= 1900) AND (year <= 9999)))'),
      ('quota', 'quota_category_check', 'CHECK ((category ~ ''^[a-z][a-z0-9_]{0,62}$''::text))'),
      ('quota', 'quota_limit_check', 'CHECK ((limit_t >= (0)::numeric))'),
      ('quota', 'quota_used_check', 'CHECK ((used_t >= (0)::numeric))'),
      ('quota', 'quota_limit_finite', 'CHECK ((limit_t < ''Infinity''::numeric))'),
      ('quota', 'quota_used_finite', 'CHECK ((used_t < ''Infinity''::numeric))'),
      ('quota', 'quota_key', 'UNIQUE NULLS NOT DISTINCT (holder, year, activity, category)'),
      ('quota_table', 'quota_table_pkey', 'PRIMARY KEY (relid)')
      UNION ALL
      SELECT * FROM (VALUES
        ('enterprise', 'enterprise_code_not_null', 'NOT NULL code'),
        ('enterprise', 'enterprise_name_not_null', 'NOT NULL name'),
        ('enterprise', 'enterprise_activities_not_null', 'NOT NULL activities'),
        ('enterprise', 'enterprise_approved_from_not_null', 'NOT NULL approved_from'),
        ('quota', 'quota_id_not_null', 'NOT NULL id'),
        ('quota', 'quota_holder_not_null', 'NOT NULL holder'),
        ('quota', 'quota_year_not_null', 'NOT NULL year'),
        ('quota', 'quota_activity_not_null', 'NOT NULL activity'),
        ('quota', 'quota_limit_t_not_null', 'NOT NULL limit_t'),
        ('quota', 'quota_used_t_not_null', 'NOT NULL used_t'),
        ('quota_table', 'quota_table_relid_not_null', 'NOT NULL relid'),
        ('quota_table', 'quota_table_registered_by_not_null', 'NOT NULL registered_by'),
        ('quota_table', 'quota_table_registered_at_not_null', 'NOT NULL registered_at')) AS n
       WHERE pg_catalog.current_setting('server_version_num')::int >= 180000$$,
    'enterprise, quota and quota_table have exactly these constraints (keys, foreign keys, checks; on PostgreSQL 18+ also the NOT NULLs)');

SELECT results_eq(
    $$SELECT c.conname::text COLLATE "default", c.confupdtype::text, c.confdeltype::text,
             c.condeferrable
        FROM pg_catalog.pg_constraint c
       WHERE c.contype = 'f'
         AND c.conrelid IN ('rare_trace.enterprise'::regclass, 'rare_trace.quota'::regclass)
       ORDER BY 1$$,
    $$VALUES ('enterprise_parent_fkey', 'c', 'a', false),
             ('quota_holder_fkey', 'c', 'a', false)$$,
    'both foreign keys: ON UPDATE CASCADE, ON DELETE NO ACTION, not deferrable');

SELECT is(
    (SELECT i.indnullsnotdistinct FROM pg_catalog.pg_index i
      WHERE i.indexrelid = 'rare_trace.quota_key'::regclass),
    true,
    'the quota_key index treats NULLs as not distinct (one quota per holder, year, activity and "any category")');

SELECT index_is_unique('rare_trace', 'quota', 'quota_key', 'quota_key is a unique index');

SELECT has_index('rare_trace', 'enterprise', 'enterprise_parent_idx', ARRAY['parent'],
                 'enterprise_parent_idx indexes enterprise(parent) (group lookups, FK checks)');

SELECT set_eq(
    $$SELECT i.indexrelid::regclass::text
        FROM pg_catalog.pg_index i
       WHERE i.indrelid IN ('rare_trace.enterprise'::regclass, 'rare_trace.quota'::regclass,
                            'rare_trace.quota_table'::regclass)$$,
    ARRAY['enterprise_pkey', 'enterprise_parent_idx', 'quota_pkey', 'quota_key',
          'quota_table_pkey'],
    'the three tables have exactly these indexes');

SELECT set_eq(
    $$SELECT t.tgrelid::regclass::text, pg_catalog.pg_get_triggerdef(t.oid) COLLATE "default"
        FROM pg_catalog.pg_trigger t
       WHERE NOT t.tgisinternal
         AND t.tgrelid IN ('rare_trace.enterprise'::regclass, 'rare_trace.quota'::regclass,
                           'rare_trace.quota_table'::regclass)$$,
    $$VALUES ('enterprise', 'CREATE TRIGGER enterprise_check_parent BEFORE INSERT OR UPDATE OF parent, code ON rare_trace.enterprise FOR EACH ROW EXECUTE FUNCTION enterprise_check_parent()'),
             ('quota', 'CREATE TRIGGER quota_check_delete BEFORE DELETE ON rare_trace.quota FOR EACH ROW EXECUTE FUNCTION quota_check_delete()'),
             ('quota_table', 'CREATE TRIGGER quota_table_check BEFORE INSERT OR UPDATE ON rare_trace.quota_table FOR EACH ROW EXECUTE FUNCTION quota_table_check()')$$,
    'the user triggers on the three tables are exactly enterprise_check_parent, quota_check_delete and quota_table_check');

SELECT is_empty(
    $$SELECT t.tgname FROM pg_catalog.pg_trigger t
       WHERE NOT t.tgisinternal AND t.tgenabled <> 'O'
         AND t.tgrelid IN ('rare_trace.enterprise'::regclass, 'rare_trace.quota'::regclass)$$,
    'both registry triggers are enabled (origin and local mode)');

--
-- Constraint behaviour
--

-- The re-parenting advisory lock this transaction holds (locks taken in
-- a subtransaction that succeeds, like lives_ok's, stay until ROLLBACK).
CREATE TEMP VIEW rt_enterprise_lock AS
SELECT l.mode::text COLLATE "default" AS mode
  FROM pg_catalog.pg_locks l
 WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'advisory'
   AND l.classid = 'rare_trace.enterprise'::regclass::oid AND l.objid = 1 AND l.objsubid = 2
   AND l.granted;

SELECT lives_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from)
      VALUES ('CN-TAPTOP', 'Tap top-level', NULL, '{}', '2024-01-01')$$,
    'a top-level enterprise (no group) can be registered');

SELECT is_empty(
    $$SELECT mode FROM rt_enterprise_lock WHERE mode = 'ExclusiveLock'$$,
    'enterprise_check_parent takes no lock for an enterprise without a group (only re-parenting is serialised)');

SELECT lives_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from, approved_until)
      VALUES ('CN-TAPGRP', 'Tap Group', NULL, '{mining,separation}', '2024-01-01', NULL),
             ('CN-TAPMINE', 'Tap Mine', 'CN-TAPGRP', '{mining}', '2024-01-01', '2026-12-31'),
             ('CN-TAPSUB', 'Tap Sub', 'CN-TAPMINE', '{}', '2024-01-01', NULL)$$,
    'a group, a member and a member of the member can be registered');

SELECT set_has(
    $$SELECT mode FROM rt_enterprise_lock$$,
    $$VALUES ('ExclusiveLock')$$,
    'registering a member of a group takes the re-parenting advisory lock (self-conflicting: two re-parentings cannot both pass the cycle check)');

SELECT is(
    (SELECT activities::text[] FROM rare_trace.enterprise WHERE code = 'CN-TAPSUB'),
    '{}'::text[],
    'activities may be empty (registered, approved for nothing)');

SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('cn-lower', 'x', '2024-01-01')$$,
    '23514', NULL, 'enterprise code must be upper case CC-ENTERPRISE (23514)');
SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-X', 'x', '2024-01-01')$$,
    '23514', NULL, 'enterprise part of the code has at least 2 characters');
SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-ABCDEFGHIJKLMNOPQ', 'x', '2024-01-01')$$,
    '23514', NULL, 'enterprise part of the code has at most 16 characters');
SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, activities, approved_from)
      VALUES ('CN-BADACT', 'x', '{mining,smelting}', '2024-01-01')$$,
    '23514', NULL, 'enterprise activities are checked by the domain');
SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, approved_from, approved_until)
      VALUES ('CN-BADDATE', 'x', '2024-02-01', '2024-01-31')$$,
    '23514', NULL, 'approved_until before approved_from is rejected');
SELECT lives_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, approved_from, approved_until)
      VALUES ('CN-ONEDAY', 'x', '2024-02-01', '2024-02-01')$$,
    'an approval of a single day (approved_until = approved_from) is accepted');
SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, approved_from) VALUES ('CN-NOSTART', 'x', NULL)$$,
    '23502', NULL, 'approved_from is required');
SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, parent, approved_from)
      VALUES ('CN-ORPHAN', 'x', 'CN-NOSUCH', '2024-01-01')$$,
    '23503', NULL, 'parent must be a registered enterprise (23503)');
SELECT throws_ok(
    $$INSERT INTO rare_trace.enterprise (code, name, parent, approved_from)
      VALUES ('CN-SELF', 'x', 'CN-SELF', '2024-01-01')$$,
    '23000', 'enterprise CN-SELF cannot belong to group CN-SELF: the groups would form a cycle',
    'an enterprise cannot be its own group (the cycle trigger fires before enterprise_parent_check)');
SELECT throws_ok(
    $$UPDATE rare_trace.enterprise SET parent = 'CN-TAPSUB' WHERE code = 'CN-TAPGRP'$$,
    '23000', 'enterprise CN-TAPGRP cannot belong to group CN-TAPSUB: the groups would form a cycle',
    'a group cannot be put below one of its (indirect) members');
SELECT lives_ok(
    $$UPDATE rare_trace.enterprise SET parent = 'CN-TAPGRP' WHERE code = 'CN-TAPSUB'$$,
    'moving a member to another group above it is fine');

SELECT lives_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t)
      VALUES ('CN-TAPGRP', 2025, 'mining', NULL, 100),
             ('CN-TAPGRP', 2025, 'mining', 'rock', 60),
             ('CN-TAPMINE', 2025, 'mining', NULL, 0)$$,
    'quotas for any category and for one category can coexist; a limit of 0 is allowed');
SELECT is(
    (SELECT pg_catalog.array_agg(used_t ORDER BY id) FROM rare_trace.quota
      WHERE holder IN ('CN-TAPGRP', 'CN-TAPMINE')),
    ARRAY[0, 0, 0]::numeric[],
    'used_t starts at 0');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t)
      VALUES ('CN-TAPGRP', 2025, 'mining', NULL, 1)$$,
    '23505', NULL, 'a second any-category quota for the same holder, year and activity is rejected (NULLS NOT DISTINCT)');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t)
      VALUES ('CN-TAPGRP', 2025, 'mining', 'rock', 1)$$,
    '23505', NULL, 'a second quota for the same holder, year, activity and category is rejected');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-NOSUCH', 2025, 'mining', 1)$$,
    '23503', NULL, 'a quota holder must be a registered enterprise');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-TAPGRP', 1899, 'mining', 1)$$,
    '23514', NULL, 'quota year before 1900 is rejected');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-TAPGRP', 10000, 'mining', 1)$$,
    '23514', NULL, 'quota year after 9999 is rejected');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-TAPGRP', 2030, 'smelting', 1)$$,
    '23514', NULL, 'quota activity is checked by the domain');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t)
      VALUES ('CN-TAPGRP', 2030, 'mining', 'Rock', 1)$$,
    '23514', NULL, 'quota category must be a lower-case identifier');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, limit_t) VALUES ('CN-TAPGRP', 2030, 'mining', -0.001)$$,
    '23514', NULL, 'a negative limit is rejected');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (holder, year, activity, limit_t, used_t) VALUES ('CN-TAPGRP', 2030, 'mining', 1, -0.001)$$,
    '23514', 'new row for relation "quota" violates check constraint "quota_used_check"',
    'a negative used_t is rejected on INSERT (quota_used_check)');
SELECT throws_ok(
    $$UPDATE rare_trace.quota SET used_t = used_t - 0.001 WHERE holder = 'CN-TAPGRP' AND category IS NULL$$,
    '23514', 'new row for relation "quota" violates check constraint "quota_used_check"',
    'used_t cannot be brought below 0 by UPDATE (quota_used_check), not even by the superuser');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota (id, holder, year, activity, limit_t) VALUES (999999, 'CN-TAPGRP', 2030, 'mining', 1)$$,
    '428C9', NULL, 'quota.id is GENERATED ALWAYS: it cannot be given');

SELECT throws_ok(
    $$DELETE FROM rare_trace.enterprise WHERE code = 'CN-TAPMINE'$$,
    '23503', NULL, 'an enterprise holding a quota cannot be deleted (ON DELETE NO ACTION)');

SELECT lives_ok(
    $$UPDATE rare_trace.enterprise SET code = 'CN-TAPGROUP' WHERE code = 'CN-TAPGRP'$$,
    'an enterprise code can be changed');
SELECT results_eq(
    $$SELECT (SELECT pg_catalog.array_agg(DISTINCT holder) FROM rare_trace.quota
               WHERE holder LIKE 'CN-TAPGR%'),
             (SELECT pg_catalog.array_agg(code ORDER BY code) FROM rare_trace.enterprise
               WHERE parent = 'CN-TAPGROUP')$$,
    $$VALUES (ARRAY['CN-TAPGROUP'], ARRAY['CN-TAPMINE', 'CN-TAPSUB'])$$,
    'the new code cascades to quota.holder and to the members'' parent');

CREATE TEMP TABLE rt_tap_registered (id int);
SELECT lives_ok(
    $$INSERT INTO rare_trace.quota_table (relid) VALUES ('rt_tap_registered')$$,
    'a table can be registered in quota_table');
SELECT results_eq(
    $$SELECT registered_by::text COLLATE "default", registered_at = pg_catalog.now()
        FROM rare_trace.quota_table WHERE relid = 'rt_tap_registered'::regclass$$,
    $$VALUES (current_user::text COLLATE "default", true)$$,
    'quota_table.registered_by and registered_at default to the current user and time');
SELECT throws_ok(
    $$INSERT INTO rare_trace.quota_table (relid) VALUES ('rt_tap_registered')$$,
    '23505', NULL, 'a table is registered at most once');

--
-- The view's contents
--
UPDATE rare_trace.quota SET used_t = 25.5
 WHERE holder = 'CN-TAPGROUP' AND category IS NULL;

SELECT results_eq(
    $$SELECT holder, parent, year, activity, category, limit_t, used_t, remaining_t, used_pct
        FROM rare_trace.quota_status
       WHERE holder IN ('CN-TAPGROUP', 'CN-TAPMINE')
       ORDER BY holder, category NULLS FIRST$$,
    $$VALUES ('CN-TAPGROUP'::text, NULL::text, 2025, 'mining'::text, NULL::text,
              100::numeric, 25.5::numeric, 74.5::numeric, 25.50::numeric),
             ('CN-TAPGROUP', NULL, 2025, 'mining', 'rock', 60, 0, 60, 0.00),
             ('CN-TAPMINE', 'CN-TAPGROUP', 2025, 'mining', NULL, 0, 0, 0, NULL)$$,
    'quota_status: remaining_t = limit_t - used_t, used_pct to 2 decimals, NULL for a zero limit; parent from enterprise');

SELECT is(
    (SELECT used_pct::text FROM rare_trace.quota_status
      WHERE holder = 'CN-TAPGROUP' AND category = 'rock'),
    '0.00',
    'used_pct keeps 2 decimals (0.00, not 0)');

--
-- quota_check_delete: a quota with charges cannot be deleted (re-creating
-- it would reset used_t), not even by the superuser; one without can
--
SELECT throws_ok(
    $$DELETE FROM rare_trace.quota WHERE holder = 'CN-TAPGROUP' AND category IS NULL$$,
    '23000',
    (SELECT pg_catalog.format('quota %s of CN-TAPGROUP for mining 2025 still has 25.5 t charged', id)
       FROM rare_trace.quota WHERE holder = 'CN-TAPGROUP' AND category IS NULL),
    'a quota with used_t <> 0 cannot be deleted (23000, naming the quota and its charge)');
SELECT throws_ok(
    $$DELETE FROM rare_trace.quota WHERE holder = 'CN-TAPGROUP'$$,
    '23000', NULL,
    'a DELETE of a charged and an uncharged quota fails as a whole');
SELECT results_eq(
    $$SELECT category, used_t FROM rare_trace.quota WHERE holder = 'CN-TAPGROUP'
       ORDER BY category NULLS FIRST$$,
    $$VALUES (NULL::text, 25.5::numeric), ('rock', 0)$$,
    'the refused deletes removed no quota and changed no used_t');
SELECT lives_ok(
    $$DELETE FROM rare_trace.quota WHERE holder = 'CN-TAPGROUP' AND category = 'rock'$$,
    'a quota with used_t = 0 can be deleted');
SELECT lives_ok(
    $$UPDATE rare_trace.quota SET used_t = 0 WHERE holder = 'CN-TAPGROUP';
      DELETE FROM rare_trace.quota WHERE holder = 'CN-TAPGROUP'$$,
    'once its used_t is back to 0, a quota can be deleted');
SELECT is_empty(
    $$SELECT id FROM rare_trace.quota WHERE holder = 'CN-TAPGROUP'$$,
    'the group''s quotas are gone');

--
-- applicable_quotas() lists a quota once, even when the chain of groups
-- reaches its holder many times.  enterprise_check_parent prevents cycles;
-- with it disabled (superuser, rolled back) a cycle of two is walked until
-- a group repeats.
--
ALTER TABLE rare_trace.enterprise DISABLE TRIGGER enterprise_check_parent;
INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from)
VALUES ('CN-TAPCYA', 'Tap cycle A', NULL, '{mining}', '2024-01-01'),
       ('CN-TAPCYB', 'Tap cycle B', 'CN-TAPCYA', '{mining}', '2024-01-01');
UPDATE rare_trace.enterprise SET parent = 'CN-TAPCYB' WHERE code = 'CN-TAPCYA';
ALTER TABLE rare_trace.enterprise ENABLE TRIGGER enterprise_check_parent;
INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t)
VALUES ('CN-TAPCYA', 2025, 'mining', NULL, 10),
       ('CN-TAPCYB', 2025, 'mining', NULL, 20),
       ('CN-TAPCYB', 2025, 'mining', 'rock', 5);

SELECT is(
    (SELECT count(*)::int FROM rare_trace.enterprise_chain('CN-TAPCYA')),
    2,
    'the walk up a cycle of groups stops where a group repeats (each group once)');
SELECT results_eq(
    $$SELECT holder, category, limit_t
        FROM rare_trace.applicable_quotas('CN-TAPCYA', 2025, 'mining', 'rock')$$,
    $$VALUES ('CN-TAPCYA'::text, NULL::text, 10::numeric),
             ('CN-TAPCYB', NULL, 20), ('CN-TAPCYB', 'rock', 5)$$,
    'applicable_quotas() returns each quota once, in id order, however often the chain reaches its holder');
SELECT results_eq(
    $$SELECT holder, limit_t, ok
        FROM rare_trace.quota_check_detail('CN-TAPCYA-1 oxide 1000kg La=100%', '2025-03-01', 'mining', 'rock')$$,
    $$VALUES ('CN-TAPCYA'::text, 10::numeric, true), ('CN-TAPCYB', 20, true), ('CN-TAPCYB', 5, true)$$,
    'quota_check_detail() lists each quota once');

--
-- pg_dump: the registry's tables and the identity sequence are
-- configuration tables (dumped with their rows); element is not (it is
-- rebuilt from the compiled catalog).  extconfig is extension-wide, so it
-- also lists the 0.3.0 flow ledger: flow, its identity sequence flow_id_seq
-- and flow_chain (see 07_ledger.sql and doc/ledger.md, "Dump and restore").
--
SELECT set_eq(
    $$SELECT x.cfg::regclass::text, x.cond COLLATE "default"
        FROM pg_catalog.pg_extension e,
             unnest(e.extconfig, e.extcondition) AS x(cfg, cond)
       WHERE e.extname = 'rare_trace'$$,
    $$VALUES ('enterprise', ''), ('quota', ''), ('quota_id_seq', ''), ('quota_table', ''),
             ('flow', ''), ('flow_id_seq', ''), ('flow_chain', ''),
             ('export_control', 'WHERE NOT shipped'), ('export_control_suspension', 'WHERE NOT shipped'),
             ('declaration_log', ''), ('declaration_log_id_seq', ''),
             ('origin_rule', 'WHERE NOT shipped'), ('origin_rule_view', 'WHERE NOT shipped'),
             ('export_licence', ''), ('export_licence_id_seq', ''), ('export_licence_table', '')$$,
    'pg_extension.extconfig is enterprise, quota, quota_id_seq, quota_table (0.2.0), flow, flow_id_seq, flow_chain (0.3.0), all rows, and (0.4.0) the users'' export-control rows (WHERE NOT shipped) and declaration_log (see 10_export_control.sql), the users'' origin rules (WHERE NOT shipped; 11_origin_rule.sql), and the export licences with their tables (12_export_licence.sql)');

--
-- Roles (cluster-wide, created by the 0.1.0--0.2.0 script where missing)
--
SELECT has_role('rare_trace_admin', 'role rare_trace_admin exists');
SELECT has_role('rare_trace_reader', 'role rare_trace_reader exists');

SELECT results_eq(
    $$SELECT r.rolname::text COLLATE "default", r.rolcanlogin, r.rolsuper, r.rolcreaterole,
             r.rolcreatedb, r.rolreplication, r.rolbypassrls, r.rolinherit
        FROM pg_catalog.pg_roles r
       WHERE r.rolname IN ('rare_trace_admin', 'rare_trace_reader')
       ORDER BY 1$$,
    $$VALUES ('rare_trace_admin', false, false, false, false, false, false, true),
             ('rare_trace_reader', false, false, false, false, false, false, true)$$,
    'both roles are NOLOGIN group roles without SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS');

SELECT is_member_of('rare_trace_reader', 'rare_trace_admin',
                    'rare_trace_admin is a member of rare_trace_reader (admins read)');

SELECT ok(NOT pg_catalog.pg_has_role('rare_trace_reader', 'rare_trace_admin', 'MEMBER'),
          'rare_trace_reader is not a member of rare_trace_admin');

SELECT results_eq(
    $$SELECT r.rolname::text COLLATE "default",
             pg_catalog.shobj_description(r.oid, 'pg_authid') COLLATE "default"
        FROM pg_catalog.pg_roles r
       WHERE r.rolname IN ('rare_trace_admin', 'rare_trace_reader')
       ORDER BY 1$$,
    $$VALUES ('rare_trace_admin', 'rare_trace: may change enterprises, quota limits and enforced tables'),
             ('rare_trace_reader', 'rare_trace: may read enterprises, quotas and quota reports')$$,
    'both roles have the COMMENT the update script gives them');

SELECT * FROM finish();
ROLLBACK;
