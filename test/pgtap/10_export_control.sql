--
-- 10_export_control.sql: the catalog contract of the export-control and
-- declaration objects of 0.4.0 (src/sql/export_control.sql):
--
--   * the tables export_control, export_control_suspension (configuration
--     tables dumped WHERE NOT shipped) and declaration_log (dumped whole),
--     their keys, the shipped rows, the guard triggers;
--   * export_check and licence_required: C, STABLE, not STRICT (NULL
--     arguments are errors, not silence), PARALLEL SAFE, no SET clause
--     (hot path, every name qualified); reexport_check the same but with
--     search_path pinned; the plpgsql variants and declaration_issues
--     STABLE, not STRICT, PARALLEL SAFE, search_path pinned;
--   * the trigger functions: export_control_guard (C, not callable by
--     PUBLIC) and declaration_guard (SECURITY DEFINER, search_path ending
--     in pg_temp), both PARALLEL UNSAFE;
--   * privileges: everyone reads the rules, only rare_trace_admin (and the
--     owner) changes them; readers and recorders cannot; nobody but the
--     trigger writes declaration_log;
--   * a COMMENT on every object and column.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(79);

--
-- Tables
--
SELECT has_table('rare_trace', t, 'table rare_trace.' || t || ' exists')
  FROM unnest(ARRAY['export_control', 'export_control_suspension', 'declaration_log']) WITH ORDINALITY AS x(t, n)
 ORDER BY n;
SELECT columns_are('rare_trace', 'export_control',
    ARRAY['reference', 'authority', 'scope', 'elements', 'forms', 'control_codes', 'min_content_pct',
          'min_value_share_pct', 'countries', 'destinations', 'stages', 'effective_from',
          'effective_until', 'source', 'note', 'shipped'],
    'export_control has its 16 columns');
SELECT col_type_is('rare_trace', 'export_control', c, t, 'export_control.' || c || ' is ' || t)
  FROM (VALUES (1, 'elements', 'text[]'), (2, 'forms', 'text[]'), (3, 'countries', 'text[]'),
               (4, 'min_content_pct', 'numeric'), (5, 'min_value_share_pct', 'numeric'),
               (6, 'effective_from', 'date'), (7, 'effective_until', 'date'),
               (8, 'control_codes', 'jsonb'), (9, 'shipped', 'boolean')) AS x(n, c, t)
 ORDER BY n;
SELECT col_is_pk('rare_trace', 'export_control', 'reference', 'export_control is keyed by reference');
SELECT columns_are('rare_trace', 'export_control_suspension',
    ARRAY['reference', 'authority', 'control_reference', 'suspended_from', 'suspended_until', 'source', 'shipped'],
    'export_control_suspension has its 7 columns');
SELECT col_is_pk('rare_trace', 'export_control_suspension', ARRAY['reference', 'control_reference'],
    'a suspension is keyed by (reference, control_reference)');
SELECT fk_ok('rare_trace', 'export_control_suspension', 'control_reference',
             'rare_trace', 'export_control', 'reference',
             'export_control_suspension.control_reference references export_control.reference');
SELECT results_eq(
    $$SELECT c.relname::text COLLATE "default", x.cond COLLATE "default"
        FROM pg_catalog.pg_extension e,
             unnest(e.extconfig, e.extcondition) AS x(oid, cond)
        JOIN pg_catalog.pg_class c ON c.oid = x.oid
       WHERE e.extname = 'rare_trace'
         AND c.relname IN ('export_control', 'export_control_suspension', 'declaration_log', 'declaration_log_id_seq')
       ORDER BY 1$$,
    $$VALUES ('declaration_log', ''), ('declaration_log_id_seq', ''),
             ('export_control', 'WHERE NOT shipped'), ('export_control_suspension', 'WHERE NOT shipped')$$,
    'pg_dump dumps the users'' rules and suspensions (WHERE NOT shipped) and the whole declaration log');
SELECT results_eq(
    $$SELECT reference, effective_from FROM rare_trace.export_control WHERE shipped ORDER BY effective_from$$,
    $$VALUES ('MOFCOM/GAC Announcement No. 18 (2025)', date '2025-04-04'),
             ('MOFCOM/GAC Announcement No. 57 (2025)', date '2025-11-08'),
             ('MOFCOM Announcement No. 61 (2025)', date '2025-12-01')$$,
    'the shipped rules: Nos. 18, 57, 61 with their dates');
SELECT results_eq(
    $$SELECT control_reference, suspended_from, suspended_until FROM rare_trace.export_control_suspension
       WHERE shipped ORDER BY control_reference$$,
    $$VALUES ('MOFCOM Announcement No. 61 (2025)', date '2025-11-07', date '2026-11-10'),
             ('MOFCOM/GAC Announcement No. 57 (2025)', date '2025-11-07', date '2026-11-10')$$,
    'the shipped suspension: No. 70 suspends Nos. 57 and 61 from 2025-11-07 until 2026-11-10');
SELECT has_trigger('rare_trace', 'export_control', 'export_control_guard', 'export_control has its guard');
SELECT has_trigger('rare_trace', 'export_control_suspension', 'export_control_suspension_guard',
                   'export_control_suspension has its guard');
SELECT results_eq(
    $$SELECT t.tgname::text COLLATE "default", (t.tgtype & 2) <> 0 AS before, (t.tgtype & 1) <> 0 AS per_row,
             (t.tgtype & 4) <> 0 AS ins, (t.tgtype & 8) <> 0 AS del, (t.tgtype & 16) <> 0 AS upd
        FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid IN ('rare_trace.export_control'::regclass, 'rare_trace.export_control_suspension'::regclass)
         AND NOT t.tgisinternal ORDER BY 1$$,
    $$VALUES ('export_control_guard', true, true, true, true, true),
             ('export_control_suspension_guard', true, true, true, true, true)$$,
    'the guards fire BEFORE INSERT, UPDATE and DELETE, FOR EACH ROW');

--
-- Functions: language, volatility, STRICT, PARALLEL, SECURITY, search_path
--
CREATE TEMP TABLE ec_fn (sig text PRIMARY KEY, lang text, vol char, strict bool, par char,
                         definer bool, path text);
INSERT INTO ec_fn VALUES
    ('export_check(rare_lot,text,text,date)', 'c', 's', false, 's', false, NULL),
    ('licence_required(rare_lot,text,text,date)', 'c', 's', false, 's', false, NULL),
    ('reexport_check(provenance,text,text,date,numeric)', 'c', 's', false, 's', false, 'search_path=pg_catalog, pg_temp'),
    ('lot_reexport_check(text,text,text,date,numeric)', 'plpgsql', 's', false, 's', false, 'search_path=pg_catalog, pg_temp'),
    ('declaration_issues(rare_lot,text,numeric,jsonb)', 'plpgsql', 's', false, 's', false, 'search_path=pg_catalog, pg_temp'),
    ('lot_declaration_issues(text,text,numeric,jsonb)', 'plpgsql', 's', false, 's', false, 'search_path=pg_catalog, pg_temp'),
    ('export_control_guard()', 'c', 'v', false, 'u', false, 'search_path=pg_catalog, pg_temp'),
    ('declaration_guard()', 'plpgsql', 'v', false, 'u', true, 'search_path=pg_catalog, pg_temp');
SELECT has_function('rare_trace', split_part(sig, '(', 1),
                    string_to_array(rtrim(split_part(sig, '(', 2), ')'), ','), sig || ' exists')
  FROM ec_fn ORDER BY sig;
SELECT results_eq(
    $$SELECT p.oid::regprocedure::text, l.lanname::text COLLATE "default", p.provolatile::char, p.proisstrict,
             p.proparallel::char, p.prosecdef, array_to_string(p.proconfig, ';') COLLATE "default"
        FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
       WHERE p.oid::regprocedure::text IN (SELECT sig FROM ec_fn) ORDER BY 1$$,
    $$SELECT sig, lang, vol, strict, par, definer, path FROM ec_fn ORDER BY 1$$,
    'each function''s language, volatility, STRICT, PARALLEL, SECURITY DEFINER and search_path');
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.export_check(rare_lot,text,text,date)'::regprocedure),
          'lot rare_lot, from_country text, destination text, ship_date date, OUT reference text, OUT control_code text, OUT element text, OUT form text, OUT in_force boolean, OUT suspended boolean, OUT licence_required boolean, OUT reason text',
          'export_check(lot, from_country, destination, ship_date) returns (reference, control_code, element, form, in_force, suspended, licence_required, reason)');
SELECT function_returns('rare_trace', 'licence_required', ARRAY['rare_lot', 'text', 'text', 'date'], 'boolean',
                        'licence_required returns boolean');
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.licence_required(rare_lot,text,text,date)'::regprocedure),
          'lot rare_lot, from_country text, destination text, ship_date date',
          'licence_required has export_check''s four arguments');
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.reexport_check(provenance,text,text,date,numeric)'::regprocedure),
          'p provenance, from_country text, destination text, ship_date date, value_share_pct numeric DEFAULT NULL::numeric, OUT sink_code text, OUT reference text, OUT control_code text, OUT element text, OUT view text, OUT country text, OUT kg numeric, OUT share numeric, OUT in_force boolean, OUT suspended boolean, OUT licence_required boolean, OUT result text, OUT reason text',
          'reexport_check(p, from_country, destination, ship_date, value_share_pct DEFAULT NULL) returns the controlled material with kg, share and the result');
SELECT is(regexp_replace(pg_catalog.pg_get_function_arguments('rare_trace.lot_reexport_check(text,text,text,date,numeric)'::regprocedure), '^code text', ''),
          regexp_replace(pg_catalog.pg_get_function_arguments('rare_trace.reexport_check(provenance,text,text,date,numeric)'::regprocedure), '^p provenance', ''),
          'lot_reexport_check takes a code where reexport_check takes a provenance, and returns the same');
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.declaration_issues(rare_lot,text,numeric,jsonb)'::regprocedure),
          'lot rare_lot, declared_form text, declared_mass_kg numeric, declared_composition jsonb, OUT kind text, OUT element text, OUT declared text, OUT actual text, OUT detail text',
          'declaration_issues(lot, declared_form, declared_mass_kg, declared_composition) returns (kind, element, declared, actual, detail)');
SELECT is(regexp_replace(pg_catalog.pg_get_function_arguments('rare_trace.lot_declaration_issues(text,text,numeric,jsonb)'::regprocedure), '^code text', ''),
          regexp_replace(pg_catalog.pg_get_function_arguments('rare_trace.declaration_issues(rare_lot,text,numeric,jsonb)'::regprocedure), '^lot rare_lot', ''),
          'lot_declaration_issues takes a code where declaration_issues takes a lot, and returns the same');
SELECT is(pg_catalog.pg_get_function_result(sig::regprocedure), 'SETOF record', sig || ' returns a set of rows')
  FROM unnest(ARRAY['rare_trace.export_check(rare_lot,text,text,date)', 'rare_trace.reexport_check(provenance,text,text,date,numeric)',
                    'rare_trace.declaration_issues(rare_lot,text,numeric,jsonb)']) WITH ORDINALITY AS x(sig, n) ORDER BY n;
SELECT function_returns('rare_trace', f, ARRAY[]::text[], 'trigger', f || ' is a trigger function')
  FROM unnest(ARRAY['export_control_guard', 'declaration_guard']) WITH ORDINALITY AS x(f, n) ORDER BY n;
-- one implementation: both checks are the same C file's
SELECT results_eq(
    $$SELECT probin COLLATE "default" FROM pg_catalog.pg_proc
       WHERE oid IN ('rare_trace.export_check(rare_lot,text,text,date)'::regprocedure,
                     'rare_trace.licence_required(rare_lot,text,text,date)'::regprocedure,
                     'rare_trace.reexport_check(provenance,text,text,date,numeric)'::regprocedure)
       GROUP BY probin$$,
    $$VALUES ('$libdir/rare_trace'::text)$$,
    'export_check, licence_required and reexport_check are C in the rare_trace library');

--
-- Privileges
--
SELECT table_privs_are('rare_trace', 'export_control', 'public', ARRAY['SELECT'],
                       'everyone may read the rules');
SELECT table_privs_are('rare_trace', 'export_control_suspension', 'public', ARRAY['SELECT'],
                       'everyone may read the suspensions');
SELECT table_privs_are('rare_trace', t, 'rare_trace_admin', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
                       'rare_trace_admin may read, add, change and delete rows of ' || t)
  FROM unnest(ARRAY['export_control', 'export_control_suspension']) WITH ORDINALITY AS x(t, n) ORDER BY n;
SELECT table_privs_are('rare_trace', t, r, ARRAY['SELECT'], r || ' may only read ' || t)
  FROM unnest(ARRAY['export_control', 'export_control_suspension']) WITH ORDINALITY AS x(t, n),
       unnest(ARRAY['rare_trace_reader', 'rare_trace_recorder']) WITH ORDINALITY AS y(r, m)
 ORDER BY n, m;
SELECT table_privs_are('rare_trace', 'declaration_log', 'rare_trace_reader', ARRAY['SELECT'],
                       'rare_trace_reader may read the declaration log');
SELECT table_privs_are('rare_trace', 'declaration_log', 'public', ARRAY[]::text[],
                       'PUBLIC can neither read nor write the declaration log');
SELECT table_privs_are('rare_trace', 'declaration_log', 'rare_trace_admin', ARRAY['SELECT'],
                       'rare_trace_admin may read the declaration log (as a reader), not write it');
SELECT function_privs_are('rare_trace', 'export_control_guard', ARRAY[]::text[], 'public', ARRAY[]::text[],
                          'PUBLIC cannot call export_control_guard (only the tables'' triggers use it)');
SELECT function_privs_are('rare_trace', f, ARRAY['rare_lot', 'text', 'text', 'date'], 'public', ARRAY['EXECUTE'],
                          'everyone may call ' || f)
  FROM unnest(ARRAY['export_check', 'licence_required']) WITH ORDINALITY AS x(f, n) ORDER BY n;

-- as the roles: recorders and readers cannot change rules; admins can,
-- but not the shipped ones
CREATE ROLE tap_ec_recorder NOLOGIN IN ROLE rare_trace_recorder;
CREATE ROLE tap_ec_admin NOLOGIN IN ROLE rare_trace_admin;
SET ROLE tap_ec_recorder;
SELECT throws_ok($$UPDATE rare_trace.export_control SET effective_until = '2026-01-01'$$, '42501', NULL,
                 'a recorder cannot change a rule');
SELECT throws_ok($$INSERT INTO rare_trace.export_control_suspension (reference, authority, control_reference, suspended_from, source) VALUES ('X', 'X', 'MOFCOM/GAC Announcement No. 18 (2025)', '2026-01-01', 'x')$$,
                 '42501', NULL, 'a recorder cannot suspend a rule');
SELECT lives_ok($$SELECT rare_trace.licence_required('CN-TAP-1 oxide 1t Dy=1%', 'CN', 'US', '2026-01-01')$$,
                'a recorder may check a shipment');
SET ROLE tap_ec_admin;
SELECT lives_ok($$INSERT INTO rare_trace.export_control (reference, authority, scope, elements, forms, countries, effective_from, source) VALUES ('TAP rule', 'TAP', 'export', '{Dy}', '{oxide}', '{JP}', '2026-01-01', 'tap')$$,
                'an admin may add a rule');
SELECT throws_ok($$DELETE FROM rare_trace.export_control WHERE shipped$$, '42501', NULL,
                 'an admin cannot delete a shipped rule');
SELECT throws_ok($$INSERT INTO rare_trace.declaration_log (relation, lot_code, kind, detail) VALUES ('x', 'y', 'z', 'w')$$,
                 '42501', NULL, 'an admin cannot write the declaration log');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM rare_trace.export_control WHERE shipped), 3, 'the shipped rules are all there');

--
-- Comments
--
SELECT isnt(pg_catalog.obj_description(('rare_trace.' || t)::regclass, 'pg_class'), NULL,
            'table ' || t || ' has a COMMENT')
  FROM unnest(ARRAY['export_control', 'export_control_suspension', 'declaration_log']) WITH ORDINALITY AS x(t, n)
 ORDER BY n;
SELECT is_empty(
    $$SELECT a.attrelid::regclass::text || '.' || a.attname
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid IN ('rare_trace.export_control'::regclass, 'rare_trace.export_control_suspension'::regclass,
                            'rare_trace.declaration_log'::regclass)
         AND a.attnum > 0 AND NOT a.attisdropped
         AND pg_catalog.col_description(a.attrelid, a.attnum) IS NULL$$,
    'every column of the three tables has a COMMENT');
SELECT isnt(pg_catalog.obj_description(sig::regprocedure, 'pg_proc'), NULL, sig || ' has a COMMENT')
  FROM ec_fn ORDER BY sig;
SELECT is_empty(
    $$SELECT t.tgname FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid IN ('rare_trace.export_control'::regclass, 'rare_trace.export_control_suspension'::regclass)
         AND NOT t.tgisinternal
         AND pg_catalog.obj_description(t.oid, 'pg_trigger') IS NULL$$,
    'both guard triggers have a COMMENT');

SELECT * FROM finish();
ROLLBACK;
