--
-- 12_export_licence.sql: the catalog contract of the export-licence objects
-- of 0.4.0 (src/sql/export_licence.sql):
--
--   * the tables export_licence (licence number unique, used_kg defaulting
--     to 0) and export_licence_table, both configuration tables dumped
--     whole, their guard triggers;
--   * enforce_export_licence: C, VOLATILE, PARALLEL UNSAFE, SECURITY
--     DEFINER with the quota trigger's search_path (it is the only way
--     used_kg changes); export_licence_guard C, not SECURITY DEFINER;
--     attach_export_licence plpgsql VOLATILE; licence_columns C STABLE; all
--     with search_path pinned;
--   * privileges: readers and recorders read and change nothing; admins
--     record licences and change their limits and dates, but not used_kg
--     (nor id); nobody but the trigger moves used_kg; PUBLIC cannot attach
--     or call the trigger functions;
--   * a COMMENT on every object and column.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(74);

--
-- Tables
--
SELECT has_table('rare_trace', t, 'table rare_trace.' || t || ' exists')
  FROM unnest(ARRAY['export_licence', 'export_licence_table']) WITH ORDINALITY AS x(t, n) ORDER BY n;
SELECT columns_are('rare_trace', 'export_licence',
    ARRAY['id', 'licence_no', 'authority', 'kind', 'exporter', 'consignee', 'destination', 'elements',
          'forms', 'limit_kg', 'used_kg', 'valid_from', 'valid_until'],
    'export_licence has its 13 columns');
SELECT col_type_is('rare_trace', 'export_licence', c, t, 'export_licence.' || c || ' is ' || t)
  FROM (VALUES (1, 'id', 'bigint'), (2, 'elements', 'text[]'), (3, 'forms', 'text[]'),
               (4, 'limit_kg', 'numeric'), (5, 'used_kg', 'numeric'),
               (6, 'valid_from', 'date'), (7, 'valid_until', 'date')) AS x(n, c, t)
 ORDER BY n;
SELECT col_is_pk('rare_trace', 'export_licence', 'id', 'export_licence is keyed by id (the lock order)');
SELECT col_is_unique('rare_trace', 'export_licence', 'licence_no', 'a licence number is unique');
SELECT col_default_is('rare_trace', 'export_licence', 'used_kg', '0', 'used_kg starts at 0');
SELECT col_not_null('rare_trace', 'export_licence', c, 'export_licence.' || c || ' is NOT NULL')
  FROM unnest(ARRAY['licence_no', 'exporter', 'destination', 'elements', 'forms', 'limit_kg', 'used_kg',
                    'valid_from', 'valid_until']) WITH ORDINALITY AS x(c, n) ORDER BY n;
SELECT col_is_pk('rare_trace', 'export_licence_table', 'relid', 'export_licence_table is keyed by relid');
SELECT results_eq(
    $$SELECT c.relname::text COLLATE "default", x.cond COLLATE "default"
        FROM pg_catalog.pg_extension e,
             unnest(e.extconfig, e.extcondition) AS x(oid, cond)
        JOIN pg_catalog.pg_class c ON c.oid = x.oid
       WHERE e.extname = 'rare_trace' AND c.relname LIKE 'export_licence%'
       ORDER BY 1$$,
    $$VALUES ('export_licence', ''), ('export_licence_id_seq', ''), ('export_licence_table', '')$$,
    'pg_dump dumps the licences (with used_kg), their id sequence and the registered tables');
SELECT results_eq(
    $$SELECT t.tgrelid::regclass::text, t.tgname::text COLLATE "default", p.proname::text COLLATE "default",
             (t.tgtype & 2) <> 0 AS before, (t.tgtype & 1) <> 0 AS per_row,
             (t.tgtype & 4) <> 0 AS ins, (t.tgtype & 8) <> 0 AS del, (t.tgtype & 16) <> 0 AS upd
        FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
       WHERE t.tgrelid IN ('rare_trace.export_licence'::regclass, 'rare_trace.export_licence_table'::regclass)
         AND NOT t.tgisinternal ORDER BY 2$$,
    $$VALUES ('export_licence', 'export_licence_guard', 'export_licence_guard', true, true, true, true, true),
             ('export_licence_table', 'export_licence_table_check', 'quota_table_check', true, true, true, false, true)$$,
    'the guard fires BEFORE every write of export_licence; registration uses the quota tables'' owner rule');

--
-- Functions
--
CREATE TEMP TABLE el_fn (sig text PRIMARY KEY, lang text, vol char, strict bool, par char,
                         definer bool, path text);
INSERT INTO el_fn VALUES
    ('export_licence_guard()', 'c', 'v', false, 'u', false, 'search_path=pg_catalog, pg_temp'),
    ('enforce_export_licence()', 'c', 'v', false, 'u', true, 'search_path=rare_trace, pg_catalog, pg_temp'),
    ('licence_columns(regclass,text,text,text,text)', 'c', 's', false, 's', false, 'search_path=pg_catalog, pg_temp'),
    ('attach_export_licence(regclass,text,text,text,text)', 'plpgsql', 'v', false, 'u', false, 'search_path=pg_catalog, pg_temp');
SELECT has_function('rare_trace', split_part(sig, '(', 1),
                    COALESCE(string_to_array(NULLIF(rtrim(split_part(sig, '(', 2), ')'), ''), ','), ARRAY[]::text[]), sig || ' exists')
  FROM el_fn ORDER BY sig;
SELECT results_eq(
    $$SELECT p.oid::regprocedure::text, l.lanname::text COLLATE "default", p.provolatile::char, p.proisstrict,
             p.proparallel::char, p.prosecdef, array_to_string(p.proconfig, ';') COLLATE "default"
        FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
       WHERE p.oid::regprocedure::text IN (SELECT sig FROM el_fn) ORDER BY 1$$,
    $$SELECT sig, lang, vol, strict, par, definer, path FROM el_fn ORDER BY 1$$,
    'each function''s language, volatility, STRICT, PARALLEL, SECURITY DEFINER and search_path');
SELECT function_returns('rare_trace', f, ARRAY[]::text[], 'trigger', f || ' is a trigger function')
  FROM unnest(ARRAY['export_licence_guard', 'enforce_export_licence']) WITH ORDINALITY AS x(f, n) ORDER BY n;
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.attach_export_licence(regclass,text,text,text,text)'::regprocedure),
          'tab regclass, lot_column text, destination_column text, date_column text, licence_column text',
          'attach_export_licence(tab, lot_column, destination_column, date_column, licence_column)');
SELECT results_eq(
    $$SELECT p.oid::regprocedure::text, p.prosrc COLLATE "default" FROM pg_catalog.pg_proc p
       WHERE p.oid::regprocedure::text IN (SELECT sig FROM el_fn WHERE lang = 'c') ORDER BY 1$$,
    $$VALUES ('enforce_export_licence()', 'rare_trace_enforce_export_licence'),
             ('export_licence_guard()', 'rare_trace_export_licence_guard'),
             ('licence_columns(regclass,text,text,text,text)', 'rare_trace_licence_columns')$$,
    'the C functions and their symbols (src/export_licence.c)');

--
-- Privileges
--
SELECT table_privs_are('rare_trace', t, 'public', ARRAY[]::text[], 'PUBLIC cannot read or write ' || t)
  FROM unnest(ARRAY['export_licence', 'export_licence_table']) WITH ORDINALITY AS x(t, n) ORDER BY n;
SELECT table_privs_are('rare_trace', t, r, ARRAY['SELECT'], r || ' may only read ' || t)
  FROM unnest(ARRAY['export_licence', 'export_licence_table']) WITH ORDINALITY AS x(t, n),
       unnest(ARRAY['rare_trace_reader', 'rare_trace_recorder']) WITH ORDINALITY AS y(r, m)
 ORDER BY n, m;
SELECT table_privs_are('rare_trace', 'export_licence', 'rare_trace_admin', ARRAY['SELECT', 'DELETE'],
                       'rare_trace_admin may read and delete licences (INSERT and UPDATE by column)');
SELECT column_privs_are('rare_trace', 'export_licence', c, 'rare_trace_admin', ARRAY['INSERT', 'SELECT', 'UPDATE'],
                        'rare_trace_admin may record and change export_licence.' || c)
  FROM unnest(ARRAY['licence_no', 'exporter', 'destination', 'elements', 'forms', 'limit_kg',
                    'valid_from', 'valid_until']) WITH ORDINALITY AS x(c, n) ORDER BY n;
SELECT column_privs_are('rare_trace', 'export_licence', c, 'rare_trace_admin', ARRAY['SELECT'],
                        'rare_trace_admin cannot write export_licence.' || c)
  FROM unnest(ARRAY['id', 'used_kg']) WITH ORDINALITY AS x(c, n) ORDER BY n;
SELECT function_privs_are('rare_trace', f, a, 'public', ARRAY[]::text[], 'PUBLIC cannot call ' || f)
  FROM (VALUES (1, 'export_licence_guard', ARRAY[]::text[]), (2, 'enforce_export_licence', ARRAY[]::text[]),
               (3, 'attach_export_licence', ARRAY['regclass', 'text', 'text', 'text', 'text']),
               (4, 'licence_reconcile', ARRAY['boolean'])) AS x(n, f, a)
 ORDER BY n;
SELECT function_privs_are('rare_trace', f, a, 'rare_trace_reader', ARRAY[]::text[], 'rare_trace_reader cannot call ' || f)
  FROM (VALUES (1, 'licence_reconcile', ARRAY['boolean'])) AS x(n, f, a)
 ORDER BY n;
SELECT function_privs_are('rare_trace', f, a, 'rare_trace_admin', ARRAY['EXECUTE'], 'rare_trace_admin may call ' || f)
  FROM (VALUES (1, 'enforce_export_licence', ARRAY[]::text[]),
               (2, 'attach_export_licence', ARRAY['regclass', 'text', 'text', 'text', 'text']),
               (3, 'licence_reconcile', ARRAY['boolean'])) AS x(n, f, a)
 ORDER BY n;
-- 0.5.0: the argument parser is callable by anyone (it reads no table)
SELECT function_privs_are('rare_trace', 'enforce_export_licence_args', ARRAY['regclass', 'bytea'], 'public',
                          ARRAY['EXECUTE'], 'PUBLIC may call enforce_export_licence_args');

-- as the roles: recorders cannot change limits or used kg; admins change
-- limits, never used kg
INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, destination, elements, forms,
                                       limit_kg, valid_from, valid_until)
VALUES ('TAP-1', 'MOFCOM', 'general', 'CN-TAP', 'JP', '{Dy}', '{oxide}', 10, '2026-01-01', '2026-12-31');
CREATE ROLE tap_el_recorder NOLOGIN IN ROLE rare_trace_recorder;
CREATE ROLE tap_el_admin NOLOGIN IN ROLE rare_trace_admin;
SET ROLE tap_el_recorder;
SELECT throws_ok($$UPDATE rare_trace.export_licence SET limit_kg = 1000000$$, '42501', NULL,
                 'a recorder cannot raise a licence''s limit');
SELECT throws_ok($$UPDATE rare_trace.export_licence SET used_kg = 0$$, '42501', NULL,
                 'a recorder cannot change used_kg');
SELECT throws_ok($$INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, destination, elements, forms, limit_kg, valid_from, valid_until) VALUES ('TAP-2', 'M', 'general', 'CN-TAP', 'JP', '{Dy}', '{oxide}', 1, '2026-01-01', '2026-01-02')$$,
                 '42501', NULL, 'a recorder cannot record a licence');
SET ROLE tap_el_admin;
SELECT lives_ok($$UPDATE rare_trace.export_licence SET limit_kg = 20 WHERE licence_no = 'TAP-1'$$,
                'an admin may change a licence''s limit');
SELECT throws_ok($$UPDATE rare_trace.export_licence SET used_kg = 5 WHERE licence_no = 'TAP-1'$$, '42501', NULL,
                 'an admin cannot change used_kg');
RESET ROLE;
SELECT results_eq($$SELECT limit_kg, used_kg FROM rare_trace.export_licence WHERE licence_no = 'TAP-1'$$,
                  $$VALUES (20::numeric, 0::numeric)$$, 'the limit changed, used_kg did not');

--
-- Comments
--
SELECT isnt(pg_catalog.obj_description(('rare_trace.' || t)::regclass, 'pg_class'), NULL,
            'table ' || t || ' has a COMMENT')
  FROM unnest(ARRAY['export_licence', 'export_licence_table']) WITH ORDINALITY AS x(t, n) ORDER BY n;
SELECT is_empty(
    $$SELECT a.attrelid::regclass::text || '.' || a.attname
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid IN ('rare_trace.export_licence'::regclass, 'rare_trace.export_licence_table'::regclass)
         AND a.attnum > 0 AND NOT a.attisdropped
         AND pg_catalog.col_description(a.attrelid, a.attnum) IS NULL$$,
    'every column of the two tables has a COMMENT');
SELECT isnt(pg_catalog.obj_description(('rare_trace.' || sig)::regprocedure, 'pg_proc'), NULL, sig || ' has a COMMENT')
  FROM el_fn ORDER BY sig;
SELECT is_empty(
    $$SELECT t.tgname FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid IN ('rare_trace.export_licence'::regclass, 'rare_trace.export_licence_table'::regclass)
         AND NOT t.tgisinternal
         AND pg_catalog.obj_description(t.oid, 'pg_trigger') IS NULL$$,
    'both triggers have a COMMENT');

SELECT * FROM finish();
ROLLBACK;
