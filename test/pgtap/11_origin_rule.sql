--
-- 11_origin_rule.sql: the catalog contract of the 0.4.0 origin rules
-- (src/sql/origin_rule.sql, rare_trace--0.3.1--0.4.0.sql) -- tables
-- origin_rule and origin_rule_view, their keys, triggers and registration
-- for pg_dump (shipped rows filtered out), the functions origin_check,
-- lot_origin_check, country_assigned and the validation helpers -- and who
-- may do what with them.
--
-- The policy (doc/origin_rules.md): readers (and so recorders) read the
-- rules; admins add, change and delete rules of their own but never write
-- the shipped column; nobody, the superuser included while the triggers
-- are on, changes or deletes a shipped row.  The checks read the tables
-- with the caller's rights, so they are STABLE with a pinned search_path.
--
-- Comments on member objects and columns, parallel safety and search_path
-- are also checked by the catch-all in 09_catalog_completeness.sql.
-- Roles are created inside the transaction (ROLLBACK removes them).
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(54);

CREATE ROLE regress_or_reader NOLOGIN IN ROLE rare_trace_reader;
CREATE ROLE regress_or_recorder NOLOGIN IN ROLE rare_trace_recorder;
CREATE ROLE regress_or_admin NOLOGIN IN ROLE rare_trace_admin;
CREATE ROLE regress_or_nobody NOLOGIN;

--
-- Tables and columns
--
SELECT has_table('rare_trace', 'origin_rule', 'table rare_trace.origin_rule exists');
SELECT has_table('rare_trace', 'origin_rule_view', 'table rare_trace.origin_rule_view exists');
SELECT columns_are('rare_trace', 'origin_rule',
    ARRAY['rule', 'kind', 'authority', 'reference', 'source', 'countries', 'elements', 'forms',
          'min_mass_kg', 'max_share', 'recycled_passes', 'effective_from', 'effective_until', 'note', 'shipped'],
    'origin_rule has exactly its 15 columns');
SELECT columns_are('rare_trace', 'origin_rule_view',
    ARRAY['rule', 'word', 'view', 'effective_from', 'effective_until', 'reading', 'shipped'],
    'origin_rule_view has exactly its 7 columns');
SELECT results_eq(
    $$SELECT a.attname::text COLLATE "default", pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.origin_rule'::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum$$,
    $$VALUES ('rule', 'text', true), ('kind', 'text', true), ('authority', 'text', true),
             ('reference', 'text', true), ('source', 'text', true), ('countries', 'text[]', false),
             ('elements', 'text[]', false), ('forms', 'text[]', false), ('min_mass_kg', 'numeric', false),
             ('max_share', 'numeric', false), ('recycled_passes', 'boolean', true), ('effective_from', 'date', false),
             ('effective_until', 'date', false), ('note', 'text', true), ('shipped', 'boolean', true)$$,
    'origin_rule column types and NOT NULL: numbers are numeric (exact), dates are date');
SELECT results_eq(
    $$SELECT a.attname::text COLLATE "default", pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.origin_rule_view'::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum$$,
    $$VALUES ('rule', 'text', true), ('word', 'text', true), ('view', 'text', true),
             ('effective_from', 'date', false), ('effective_until', 'date', false),
             ('reading', 'text', true), ('shipped', 'boolean', true)$$,
    'origin_rule_view column types and NOT NULL');
SELECT col_default_is('rare_trace', 'origin_rule', 'shipped', 'false', 'a user''s rule is not shipped by default');
SELECT col_default_is('rare_trace', 'origin_rule', 'recycled_passes', 'false', 'recycled does not pass unless a rule says so');
SELECT col_default_is('rare_trace', 'origin_rule_view', 'shipped', 'false', 'a user''s mapping is not shipped by default');
SELECT col_is_pk('rare_trace', 'origin_rule', 'rule', 'origin_rule is keyed by its name');
SELECT results_eq(
    $$SELECT k.conname::text COLLATE "default", pg_catalog.pg_get_constraintdef(k.oid)
        FROM pg_catalog.pg_constraint k
       WHERE k.conrelid = 'rare_trace.origin_rule_view'::regclass AND k.contype IN ('u', 'f')
       ORDER BY k.conname$$,
    $$VALUES ('origin_rule_view_key', 'UNIQUE NULLS NOT DISTINCT (rule, word, view, effective_from)'),
             ('origin_rule_view_rule_fkey',
              'FOREIGN KEY (rule) REFERENCES origin_rule(rule) ON UPDATE CASCADE ON DELETE CASCADE')$$,
    'origin_rule_view: one mapping per rule, word, view and start; it belongs to its rule (cascades)');

--
-- Triggers: one guard on each table, before every write, per row
--
SELECT results_eq(
    $$SELECT t.tgrelid::regclass::text, t.tgname::text COLLATE "default", t.tgfoid::regproc::text, t.tgtype::int, t.tgenabled::text
        FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid IN ('rare_trace.origin_rule'::regclass, 'rare_trace.origin_rule_view'::regclass)
         AND NOT t.tgisinternal
       ORDER BY 1, 2$$,
    $$VALUES ('origin_rule', 'origin_rule_guard', 'origin_rule_guard', 31, 'O'),
             ('origin_rule_view', 'origin_rule_view_guard', 'origin_rule_guard', 31, 'O')$$,
    'origin_rule_guard fires BEFORE INSERT, UPDATE and DELETE FOR EACH ROW on both tables (tgtype 31), enabled');

--
-- pg_dump: the users' rows only (the shipped ones come from CREATE EXTENSION)
--
SELECT set_eq(
    $$SELECT x.cfg::regclass::text, x.cond COLLATE "default"
        FROM pg_catalog.pg_extension e,
             unnest(e.extconfig, e.extcondition) AS x(cfg, cond)
       WHERE e.extname = 'rare_trace' AND x.cfg::regclass::text LIKE 'origin_rule%'$$,
    $$VALUES ('origin_rule', 'WHERE NOT shipped'), ('origin_rule_view', 'WHERE NOT shipped')$$,
    'origin_rule and origin_rule_view are configuration tables dumped WHERE NOT shipped');

--
-- The shipped data
--
SELECT results_eq(
    $$SELECT rule, kind, shipped FROM rare_trace.origin_rule ORDER BY rule$$,
    $$VALUES ('eu_crma_65pct', 'country_concentration', true),
             ('eu_crma_art29_recycled', 'recycled_share', true),
             ('us_dfars_magnet', 'covered_nations', true)$$,
    'three shipped rules: US DFARS magnets, EU CRMA Art. 29, CRMA 65 %');
SELECT is((SELECT count(*)::int FROM rare_trace.origin_rule_view WHERE shipped), 11,
          'eleven shipped word-to-view mappings');
SELECT is_empty(
    $$SELECT rule FROM rare_trace.origin_rule WHERE btrim(source) = '' OR btrim(reference) = '' OR btrim(note) = ''$$,
    'every shipped rule cites its reference and source and states its reading in note');
SELECT ok((SELECT reading LIKE 'READING, not a source%' FROM rare_trace.origin_rule_view
            WHERE rule = 'us_dfars_magnet' AND word = 'refined'),
          'the mapping of DFARS "refined" says it is a reading, not a source');

--
-- Functions: signature, language, volatility, strictness, parallel safety,
-- search_path
--
SELECT results_eq(
    $$SELECT p.oid::regprocedure::text COLLATE "default", l.lanname::text COLLATE "default", p.provolatile::text COLLATE "default", p.proisstrict,
             p.proparallel::text COLLATE "default", p.prosecdef, p.proretset,
             COALESCE(p.proconfig::text, '') COLLATE "default"
        FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND (p.proname LIKE 'origin%' OR p.proname IN ('lot_origin_check', 'country_assigned'))
       ORDER BY 1$$,
    $$VALUES
        ('country_assigned(text)', 'c', 'i', true, 's', false, false, ''),
        ('lot_origin_check(text,text,date)', 'sql', 's', true, 's', false, true, '{"search_path=pg_catalog, pg_temp"}'),
        ('origin_check(provenance,text,date)', 'sql', 's', true, 's', false, true, '{"search_path=pg_catalog, pg_temp"}'),
        ('origin_rule_check_dates(text,date,date)', 'plpgsql', 'i', false, 's', false, false, '{"search_path=pg_catalog, pg_temp"}'),
        ('origin_rule_check_list(text,text,text[])', 'plpgsql', 'i', false, 's', false, false, '{"search_path=pg_catalog, pg_temp"}'),
        ('origin_rule_guard()', 'plpgsql', 'v', false, 'u', false, false, '{"search_path=pg_catalog, pg_temp"}'),
        ('origin_rule_lookup(text,date)', 'plpgsql', 's', true, 's', false, false, '{"search_path=pg_catalog, pg_temp"}'),
        ('origin_rule_validate(origin_rule)', 'plpgsql', 's', false, 's', false, false, '{"search_path=pg_catalog, pg_temp"}'),
        ('origin_rule_view_validate(origin_rule_view)', 'plpgsql', 'i', false, 's', false, false, '{"search_path=pg_catalog, pg_temp"}')
    $$,
    'origin rule functions: the checks STABLE STRICT PARALLEL SAFE (they read tables), the table-free helpers IMMUTABLE, the trigger VOLATILE; none SECURITY DEFINER; all but the C one pin search_path');
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.origin_check(rare_trace.provenance,text,date)'::regprocedure),
    'p provenance, rule text, on_date date, OUT sink text, OUT rule text, OUT element text, OUT view text, OUT country text, OUT kg numeric, OUT share numeric, OUT pass boolean, OUT reason text',
    'origin_check(p, rule, on_date) returns (sink, rule, element, view, country, kg numeric, share numeric, pass, reason)');
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.lot_origin_check(text,text,date)'::regprocedure),
    'code text, rule text, on_date date, OUT sink text, OUT rule text, OUT element text, OUT view text, OUT country text, OUT kg numeric, OUT share numeric, OUT pass boolean, OUT reason text',
    'lot_origin_check(code, rule, on_date) returns the same columns as origin_check');
SELECT ok((SELECT p.prosrc LIKE '%rare_trace.origin_check(rare_trace.ledger_provenance($1), $2, $3)%'
             FROM pg_catalog.pg_proc p WHERE p.oid = 'rare_trace.lot_origin_check(text,text,date)'::regprocedure),
          'lot_origin_check calls origin_check on ledger_provenance (one implementation)');
SELECT is((SELECT p.prorows::int FROM pg_catalog.pg_proc p
            WHERE p.oid = 'rare_trace.origin_check(rare_trace.provenance,text,date)'::regprocedure), 100,
          'origin_check estimates ROWS 100');

-- every object of this file has a COMMENT
SELECT is_empty(
    $$SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND (p.proname LIKE 'origin%' OR p.proname IN ('lot_origin_check', 'country_assigned'))
         AND pg_catalog.obj_description(p.oid, 'pg_proc') IS NULL$$,
    'every origin rule function has a COMMENT');
SELECT is_empty(
    $$SELECT c.relname || '.' || a.attname FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.oid IN ('rare_trace.origin_rule'::regclass, 'rare_trace.origin_rule_view'::regclass)
         AND pg_catalog.col_description(c.oid, a.attnum) IS NULL$$,
    'every column of origin_rule and origin_rule_view has a COMMENT');
SELECT isnt(pg_catalog.obj_description('rare_trace.origin_rule'::regclass, 'pg_class'), NULL, 'origin_rule has a COMMENT');
SELECT isnt(pg_catalog.obj_description('rare_trace.origin_rule_view'::regclass, 'pg_class'), NULL, 'origin_rule_view has a COMMENT');

--
-- Privileges
--
SELECT table_privs_are('rare_trace', 'origin_rule', 'public', ARRAY[]::text[], 'PUBLIC has no privilege on origin_rule');
SELECT table_privs_are('rare_trace', 'origin_rule_view', 'public', ARRAY[]::text[], 'PUBLIC has no privilege on origin_rule_view');
SELECT table_privs_are('rare_trace', 'origin_rule', 'rare_trace_reader', ARRAY['SELECT'], 'readers SELECT origin_rule, nothing else');
SELECT table_privs_are('rare_trace', 'origin_rule_view', 'rare_trace_reader', ARRAY['SELECT'], 'readers SELECT origin_rule_view, nothing else');
SELECT table_privs_are('rare_trace', 'origin_rule', 'rare_trace_admin', ARRAY['DELETE', 'SELECT'],
                       'admins have DELETE (and SELECT, as readers) on origin_rule at table level; INSERT and UPDATE by column');
SELECT is_empty(
    $$SELECT r || ' ' || c || ' ' || p
        FROM unnest(ARRAY['regress_or_reader', 'regress_or_recorder', 'regress_or_nobody']) AS r,
             unnest(ARRAY['rare_trace.origin_rule', 'rare_trace.origin_rule_view']) AS c,
             unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p
       WHERE pg_catalog.has_table_privilege(r, c, p)
          OR (p IN ('INSERT', 'UPDATE', 'REFERENCES') AND pg_catalog.has_any_column_privilege(r, c, p))$$,
    'readers, recorders and others cannot change rules or mappings (no write privilege on any column)');
SELECT results_eq(
    $$SELECT a.attname::text COLLATE "default",
             pg_catalog.has_column_privilege('regress_or_admin', a.attrelid, a.attnum, 'INSERT'),
             pg_catalog.has_column_privilege('regress_or_admin', a.attrelid, a.attnum, 'UPDATE')
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.origin_rule'::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum$$,
    $$VALUES ('rule', true, true), ('kind', true, true), ('authority', true, true), ('reference', true, true),
             ('source', true, true), ('countries', true, true), ('elements', true, true), ('forms', true, true),
             ('min_mass_kg', true, true), ('max_share', true, true), ('recycled_passes', true, true),
             ('effective_from', true, true),
             ('effective_until', true, true), ('note', true, true), ('shipped', false, false)$$,
    'admins INSERT and UPDATE every column of origin_rule but shipped');
SELECT results_eq(
    $$SELECT a.attname::text COLLATE "default",
             pg_catalog.has_column_privilege('regress_or_admin', a.attrelid, a.attnum, 'INSERT'),
             pg_catalog.has_column_privilege('regress_or_admin', a.attrelid, a.attnum, 'UPDATE')
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.origin_rule_view'::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum$$,
    $$VALUES ('rule', true, true), ('word', true, true), ('view', true, true), ('effective_from', true, true),
             ('effective_until', true, true), ('reading', true, true), ('shipped', false, false)$$,
    'admins INSERT and UPDATE every column of origin_rule_view but shipped');
SELECT function_privs_are('rare_trace', 'origin_rule_guard', ARRAY[]::text[], 'public', ARRAY[]::text[],
                          'PUBLIC cannot EXECUTE the trigger function origin_rule_guard');
SELECT ok(pg_catalog.has_function_privilege('regress_or_nobody', 'rare_trace.origin_check(rare_trace.provenance,text,date)', 'EXECUTE')
          AND pg_catalog.has_function_privilege('regress_or_nobody', 'rare_trace.lot_origin_check(text,text,date)', 'EXECUTE'),
          'anyone may EXECUTE origin_check and lot_origin_check (they read the rules with the caller''s rights)');

-- what the privileges mean, as the roles
SET ROLE regress_or_reader;
SELECT is((SELECT count(*)::int FROM rare_trace.origin_rule), 3, 'a reader reads the rules');
SELECT throws_ok($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
                   VALUES ('t_reader', 'covered_nations', 'a', 'r', 's', '{CN}')$$,
                 '42501', NULL, 'a reader cannot add a rule');
SELECT throws_ok($$UPDATE rare_trace.origin_rule SET note = 'x' WHERE rule = 'us_dfars_magnet'$$,
                 '42501', NULL, 'a reader cannot change a rule');
SELECT throws_ok($$DELETE FROM rare_trace.origin_rule_view WHERE rule = 'us_dfars_magnet'$$,
                 '42501', NULL, 'a reader cannot delete a mapping');
SELECT is((SELECT count(*)::int
             FROM (SELECT rare_trace.provenance(f.parent::rare_trace.rare_lot, f.child::rare_trace.rare_lot, f.kg) AS p
                     FROM (VALUES ('CN-MM-C1 concentrate 1000kg Nd=10%', 'CN-SS-X1 oxide 100kg Nd=100%', 1000),
                                  ('CN-SS-X1 oxide 100kg Nd=100%', 'CN-RR-M1 metal 100kg Nd=100%', 100),
                                  ('CN-RR-M1 metal 100kg Nd=100%', 'CN-AA-A1 alloy 300kg Nd=30%', 100),
                                  ('CN-AA-A1 alloy 300kg Nd=30%', 'JP-MM-N1 magnet 300kg Nd=30%', 300))
                          AS f(parent, child, kg)) AS a,
                  rare_trace.origin_check(a.p, 'us_dfars_magnet', '2027-01-01') AS c
            WHERE NOT c.pass), 5,
          'a reader runs origin_check (origin, mining, separation, refining, melting in CN fail on 2027-01-01)');
RESET ROLE;
SET ROLE regress_or_recorder;
SELECT throws_ok($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries)
                   VALUES ('t_recorder', 'covered_nations', 'a', 'r', 's', '{CN}')$$,
                 '42501', NULL, 'a recorder cannot add a rule');
SELECT throws_ok($$UPDATE rare_trace.origin_rule_view SET reading = 'x' WHERE rule = 'us_dfars_magnet'$$,
                 '42501', NULL, 'a recorder cannot change a mapping');
RESET ROLE;
SET ROLE regress_or_nobody;
SELECT throws_ok($$SELECT * FROM rare_trace.origin_rule$$, '42501', NULL,
                 'a role without rare_trace_reader cannot read the rules');
SELECT throws_ok($$SELECT * FROM rare_trace.lot_origin_check('JP-MM-N1', 'us_dfars_magnet', '2027-01-01')$$, '42501', NULL,
                 'nor check against them (the check reads them as its caller)');
RESET ROLE;
SET ROLE regress_or_admin;
SELECT lives_ok($$WITH r AS (INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, forms)
                             VALUES ('t_admin', 'covered_nations', 'a', 'r', 's', '{CN}', '{magnet}') RETURNING rule)
                  INSERT INTO rare_trace.origin_rule_view (rule, word, view, reading)
                  SELECT rule, 'separated', 'separation', 'x' FROM r$$,
                'an admin adds a rule with its mapping in one statement');
SELECT lives_ok($$UPDATE rare_trace.origin_rule SET note = 'changed' WHERE rule = 't_admin'$$,
                'an admin changes a rule of their own');
SELECT throws_ok($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, shipped)
                   VALUES ('t_admin2', 'covered_nations', 'a', 'r', 's', '{CN}', true)$$,
                 '42501', NULL, 'an admin cannot write the shipped column');
SELECT throws_ok($$UPDATE rare_trace.origin_rule SET note = 'x' WHERE rule = 'eu_crma_65pct'$$,
                 '42501', 'origin rule eu_crma_65pct is shipped with rare_trace and cannot be changed',
                 'an admin cannot change a shipped rule');
SELECT throws_ok($$DELETE FROM rare_trace.origin_rule WHERE rule = 'us_dfars_magnet'$$,
                 '42501', 'origin rule us_dfars_magnet is shipped with rare_trace and cannot be changed',
                 'an admin cannot delete a shipped rule');
SELECT lives_ok($$DELETE FROM rare_trace.origin_rule WHERE rule = 't_admin'$$,
                'an admin deletes a rule of their own (its mappings go with it)');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM rare_trace.origin_rule_view WHERE rule = 't_admin'), 0,
          'the deleted rule''s mappings are gone');

-- the superuser is bound by the guard too
SELECT throws_ok($$UPDATE rare_trace.origin_rule_view SET reading = 'x' WHERE rule = 'us_dfars_magnet' AND word = 'refined'$$,
                 '42501', NULL, 'the superuser cannot change a shipped mapping either');
SELECT throws_ok($$INSERT INTO rare_trace.origin_rule (rule, kind, authority, reference, source, countries, shipped)
                   VALUES ('t_su', 'covered_nations', 'a', 'r', 's', '{CN}', true)$$,
                 '42501', 'origin rule t_su: only rare_trace ships rules (shipped = true)',
                 'the superuser cannot add a shipped row (it would not be dumped)');

SELECT * FROM finish();
ROLLBACK;
