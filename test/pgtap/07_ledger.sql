--
-- 07_ledger.sql: the 0.3.0 flow ledger as a catalog contract -- tables
-- flow and flow_chain, view flow_current, functions flow_canonical,
-- verify_ledger, flow_append and flow_reject, the triggers, the role
-- rare_trace_recorder, the registration for pg_dump (extconfig) -- and who
-- may do what with it.
--
-- The policy (rare_trace--0.2.0--0.3.0.sql, doc/ledger.md): readers read
-- flow, flow_current and flow_chain; recorders (and admins, who are
-- recorders) append to flow, giving only enterprise, parent, child, kg,
-- kind, docs and corrects; nobody writes seq, hash, recorded_at or
-- flow_chain but the ledger trigger, and nobody (the superuser included,
-- as long as the triggers are on) updates, deletes or truncates flow.
-- flow_append is not SECURITY DEFINER: it switches to the owner of
-- rare_trace.flow only around its own statements on flow_chain.
--
-- Comments on member objects and columns and parallel safety are checked
-- by the catch-all in 09_catalog_completeness.sql; the role's comment is
-- checked here.  Four roles are created inside the transaction (ROLLBACK
-- removes them): a recorder, a reader, an admin and a role with no
-- rare_trace role.  Permission errors are SQLSTATE 42501; the ledger's own
-- are RTL01 (append-only) and RTL02 (invalid correction).
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(144);

CREATE ROLE regress_lg_recorder NOLOGIN IN ROLE rare_trace_recorder;
CREATE ROLE regress_lg_reader NOLOGIN IN ROLE rare_trace_reader;
CREATE ROLE regress_lg_admin NOLOGIN IN ROLE rare_trace_admin;
CREATE ROLE regress_lg_nobody NOLOGIN;

--
-- Relations and columns
--
SELECT has_table('rare_trace', 'flow', 'table rare_trace.flow exists');
SELECT has_table('rare_trace', 'flow_chain', 'table rare_trace.flow_chain exists');
SELECT has_view('rare_trace', 'flow_current', 'view rare_trace.flow_current exists');
SELECT has_sequence('rare_trace', 'flow_id_seq', 'sequence rare_trace.flow_id_seq exists');
SELECT is(pg_catalog.pg_get_serial_sequence('rare_trace.flow', 'id'), 'rare_trace.flow_id_seq',
          'flow_id_seq is the identity sequence of flow.id');
SELECT is((SELECT attidentity::text FROM pg_catalog.pg_attribute
            WHERE attrelid = 'rare_trace.flow'::regclass AND attname = 'id'), 'a',
          'flow.id is GENERATED ALWAYS AS IDENTITY');

SELECT columns_are('rare_trace', 'flow',
    ARRAY['id', 'recorded_at', 'enterprise', 'parent', 'child', 'kg', 'kind', 'docs', 'corrects', 'seq', 'hash',
          'happened_on', 'shipment', 'consignee', 'cut'],
    'flow has exactly its 15 columns (0.6.0: happened_on, shipment, consignee, cut at the end)');
SELECT col_type_is('rare_trace', 'flow', c, ts, t, 'flow.' || c || ' is ' || ts || '.' || t)
  FROM (VALUES (1, 'id', 'pg_catalog', 'bigint'), (2, 'recorded_at', 'pg_catalog', 'timestamp with time zone'),
               (3, 'enterprise', 'pg_catalog', 'text'), (4, 'parent', 'rare_trace', 'rare_lot'),
               (5, 'child', 'rare_trace', 'rare_lot'), (6, 'kg', 'pg_catalog', 'numeric'),
               (7, 'kind', 'pg_catalog', 'text'), (8, 'docs', 'pg_catalog', 'jsonb'),
               (9, 'corrects', 'pg_catalog', 'bigint'), (10, 'seq', 'pg_catalog', 'bigint'),
               (11, 'hash', 'pg_catalog', 'bytea'), (12, 'happened_on', 'pg_catalog', 'date'),
               (13, 'shipment', 'pg_catalog', 'text'), (14, 'consignee', 'pg_catalog', 'text'),
               (15, 'cut', 'pg_catalog', 'jsonb')) AS x(n, c, ts, t)
 ORDER BY n;
SELECT results_eq(
    $$SELECT a.attname::text COLLATE "default", a.attnotnull
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.flow'::regclass AND a.attnum > 0 ORDER BY a.attnum$$,
    $$VALUES ('id', true), ('recorded_at', true), ('enterprise', true), ('parent', true), ('child', true),
             ('kg', true), ('kind', true), ('docs', true), ('corrects', false), ('seq', true), ('hash', true),
             ('happened_on', false), ('shipment', false), ('consignee', false), ('cut', false)$$,
    'every column of flow but corrects and the 0.6.0 ones is NOT NULL (entries made before 0.6.0 have NULL there)');
SELECT col_default_is('rare_trace', 'flow', 'docs', '{}'::jsonb, 'flow.docs defaults to {}');
SELECT is_empty(
    $$SELECT a.attname FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.flow'::regclass AND a.atthasdef
         AND a.attname IN ('recorded_at', 'seq', 'hash')$$,
    'recorded_at, seq and hash have no default: the trigger sets them');

SELECT columns_are('rare_trace', 'flow_chain', ARRAY['enterprise', 'seq', 'head'],
    'flow_chain has exactly enterprise, seq, head');
SELECT col_type_is('rare_trace', 'flow_chain', c, t, 'flow_chain.' || c || ' is ' || t)
  FROM (VALUES (1, 'enterprise', 'text'), (2, 'seq', 'bigint'), (3, 'head', 'bytea')) AS x(n, c, t)
 ORDER BY n;
SELECT col_is_pk('rare_trace', 'flow_chain', 'enterprise', 'flow_chain is keyed by enterprise');

SELECT columns_are('rare_trace', 'flow_current',
    ARRAY['id', 'recorded_at', 'enterprise', 'seq', 'kind', 'parent', 'child', 'parent_code', 'child_code',
          'kg', 'docs', 'corrects', 'happened_on', 'shipment', 'consignee', 'cut'],
    'flow_current has its 16 columns');
SELECT col_type_is('rare_trace', 'flow_current', c, 'text', 'flow_current.' || c || ' is plain text for BI tools')
  FROM unnest(ARRAY['parent_code', 'child_code']) WITH ORDINALITY AS x(c, n) ORDER BY n;

--
-- Constraints and indexes
--
SELECT col_is_pk('rare_trace', 'flow', 'id', 'flow is keyed by id');
SELECT col_is_unique('rare_trace', 'flow', ARRAY['enterprise', 'seq'], 'one entry per (enterprise, seq)');
SELECT fk_ok('rare_trace', 'flow', 'corrects', 'rare_trace', 'flow', 'id', 'flow.corrects references flow.id');
SELECT results_eq(
    $$SELECT conname::text COLLATE "default" FROM pg_catalog.pg_constraint
       WHERE conrelid = 'rare_trace.flow'::regclass AND contype = 'c' ORDER BY conname$$,
    $$VALUES ('flow_consignee_check'), ('flow_cut_check'), ('flow_docs_check'), ('flow_enterprise_check'),
             ('flow_happened_on_check'), ('flow_hash_check'), ('flow_kg_check'),
             ('flow_kg_grams_check'), ('flow_kind_check'), ('flow_seq_check'), ('flow_shipment_check')$$,
    'flow has its eleven CHECK constraints (kg in whole grams, as provenance needs; 0.6.0: happened_on, shipment, consignee, cut)');
SELECT is(
    (SELECT pg_catalog.pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i
      WHERE i.indexrelid = 'rare_trace.flow_corrects_key'::regclass),
    'CREATE UNIQUE INDEX flow_corrects_key ON rare_trace.flow USING btree (corrects) WHERE (corrects IS NOT NULL)',
    'an entry is corrected at most once (partial unique index on corrects)');
SELECT set_eq(
    $$SELECT c.relname::text FROM pg_catalog.pg_class c
       WHERE c.oid = ANY ((SELECT extconfig FROM pg_catalog.pg_extension WHERE extname = 'rare_trace')::oid[])
         AND c.relname IN ('flow', 'flow_id_seq', 'flow_chain')$$,
    ARRAY['flow', 'flow_id_seq', 'flow_chain'],
    'flow, its identity sequence and flow_chain are dumped by pg_dump (pg_extension_config_dump)');

-- the constraints as the superuser sees them
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-TAP', 'EE-TAP-A1 ore 1kg', 'EE-TAP-B1 ore 1kg', 1, 'shipping')$$,
    '23514', NULL, 'kind must be one of the six kinds');
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs) VALUES ('EE-TAP', 'EE-TAP-A1 ore 1kg', 'EE-TAP-B1 ore 1kg', 1, 'ship', '[]')$$,
    '23514', NULL, 'docs must be a jsonb object');
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-TAP', 'EE-TAP-A1 ore 1kg', 'EE-TAP-B1 ore 1kg', 0, 'ship')$$,
    '23514', NULL, 'kg = 0 only in a correction');
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-TAP', 'EE-TAP-A1 ore 1kg', 'EE-TAP-B1 ore 1kg', 'NaN', 'ship')$$,
    '23514', NULL, 'kg must be finite');
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-tap', 'EE-TAP-A1 ore 1kg', 'EE-TAP-B1 ore 1kg', 1, 'ship')$$,
    '23514', NULL, 'the enterprise must be CC-ENTERPRISE');

--
-- Functions
--
SELECT has_function('rare_trace', 'flow_canonical', ARRAY['flow'], 'flow_canonical(flow) exists');
SELECT function_returns('rare_trace', 'flow_canonical', ARRAY['flow'], 'bytea', 'flow_canonical returns bytea');
SELECT function_lang_is('rare_trace', 'flow_canonical', ARRAY['flow'], 'c', 'flow_canonical is C');
SELECT volatility_is('rare_trace', 'flow_canonical', ARRAY['flow'], 'immutable', 'flow_canonical is IMMUTABLE');
SELECT is_strict('rare_trace', 'flow_canonical', ARRAY['flow'], 'flow_canonical is STRICT');

SELECT has_function('rare_trace', 'verify_ledger', ARRAY['text'], 'verify_ledger(text) exists');
SELECT is(pg_catalog.pg_get_function_result('rare_trace.verify_ledger(text)'::regprocedure),
          'TABLE(enterprise text, id bigint, seq bigint, problem text)',
          'verify_ledger returns TABLE(enterprise text, id bigint, seq bigint, problem text)');
SELECT is(pg_catalog.pg_get_function_arguments('rare_trace.verify_ledger(text)'::regprocedure),
          'enterprise text DEFAULT NULL::text', 'verify_ledger''s enterprise defaults to NULL (every chain)');
SELECT volatility_is('rare_trace', 'verify_ledger', ARRAY['text'], 'stable', 'verify_ledger is STABLE');
SELECT isnt_strict('rare_trace', 'verify_ledger', ARRAY['text'], 'verify_ledger is not STRICT: NULL means every chain');

SELECT has_function('rare_trace', 'flow_append', ARRAY[]::text[], 'flow_append() exists');
SELECT function_returns('rare_trace', 'flow_append', ARRAY[]::text[], 'trigger', 'flow_append is a trigger function');
SELECT function_lang_is('rare_trace', 'flow_append', ARRAY[]::text[], 'c', 'flow_append is C');
SELECT volatility_is('rare_trace', 'flow_append', ARRAY[]::text[], 'volatile', 'flow_append is VOLATILE');
SELECT has_function('rare_trace', 'flow_reject', ARRAY[]::text[], 'flow_reject() exists');
SELECT function_returns('rare_trace', 'flow_reject', ARRAY[]::text[], 'trigger', 'flow_reject is a trigger function');
SELECT volatility_is('rare_trace', 'flow_reject', ARRAY[]::text[], 'volatile', 'flow_reject is VOLATILE');
SELECT has_function('rare_trace', 'flow_write_head', ARRAY[]::text[], 'flow_write_head() exists');
SELECT function_returns('rare_trace', 'flow_write_head', ARRAY[]::text[], 'trigger', 'flow_write_head is a trigger function');
SELECT has_function('rare_trace', 'flow_head_pending', ARRAY['text', 'bigint'], 'flow_head_pending(text, bigint) exists');
SELECT function_returns('rare_trace', 'flow_head_pending', ARRAY['text', 'bigint'], 'boolean', 'flow_head_pending returns boolean');
SELECT volatility_is('rare_trace', 'flow_head_pending', ARRAY['text', 'bigint'], 'volatile', 'flow_head_pending is VOLATILE (it reads the transaction''s state)');

SELECT results_eq(
    $$SELECT p.proname::text COLLATE "default", p.proparallel::text COLLATE "default", p.prosecdef,
             p.proconfig::text COLLATE "default"
        FROM pg_catalog.pg_proc p
       WHERE p.oid IN ('rare_trace.flow_canonical(rare_trace.flow)'::regprocedure,
                       'rare_trace.verify_ledger(text)'::regprocedure,
                       'rare_trace.flow_append()'::regprocedure,
                       'rare_trace.flow_reject()'::regprocedure,
                       'rare_trace.flow_write_head()'::regprocedure,
                       'rare_trace.flow_head_pending(text, bigint)'::regprocedure)
       ORDER BY p.proname$$,
    $$VALUES ('flow_append', 'u', false, NULL),
             ('flow_canonical', 's', false, NULL),
             ('flow_head_pending', 'u', false, NULL),
             ('flow_reject', 'u', false, '{"search_path=pg_catalog, pg_temp"}'),
             ('flow_write_head', 'u', false, '{"search_path=pg_catalog, pg_temp"}'),
             ('verify_ledger', 's', false, '{"search_path=pg_catalog, pg_temp"}')$$,
    'parallel safety, SECURITY and SET clauses of the ledger functions: none is SECURITY DEFINER; flow_append pins no search_path (all its SQL is qualified)');

--
-- Triggers
--
SELECT triggers_are('rare_trace', 'flow', ARRAY['flow_hash', 'flow_append_only', 'flow_no_truncate', 'flow_write_head'],
    'flow has exactly its four triggers');
SELECT trigger_is('rare_trace', 'flow', t, 'rare_trace', f, 'trigger ' || t || ' calls ' || f || '()')
  FROM (VALUES (1, 'flow_hash', 'flow_append'), (2, 'flow_append_only', 'flow_reject'),
               (3, 'flow_no_truncate', 'flow_reject'), (4, 'flow_write_head', 'flow_write_head')) AS x(n, t, f)
 ORDER BY n;
-- tgtype bits: 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE
SELECT results_eq(
    $$SELECT tgname::text COLLATE "default", tgtype::int, tgenabled::text
        FROM pg_catalog.pg_trigger WHERE tgrelid = 'rare_trace.flow'::regclass AND NOT tgisinternal
       ORDER BY tgname$$,
    $$VALUES ('flow_append_only', 1 + 2 + 8 + 16, 'O'), ('flow_hash', 1 + 2 + 4, 'O'),
             ('flow_no_truncate', 2 + 32, 'O'), ('flow_write_head', 1 + 4, 'O')$$,
    'flow_hash fires BEFORE INSERT FOR EACH ROW; flow_append_only BEFORE UPDATE OR DELETE FOR EACH ROW; flow_no_truncate BEFORE TRUNCATE; flow_write_head AFTER INSERT FOR EACH ROW; all enabled');
SELECT results_eq(
    $$SELECT t.tgdeferrable, t.tginitdeferred, c.contype::text, c.conname::text COLLATE "default",
             pg_catalog.pg_get_triggerdef(t.oid) LIKE '% WHEN (%flow_head_pending(new.enterprise, new.seq)) EXECUTE %'
        FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_constraint c ON c.oid = t.tgconstraint
       WHERE t.tgrelid = 'rare_trace.flow'::regclass AND t.tgname = 'flow_write_head'$$,
    $$VALUES (true, true, 't', 'flow_write_head', true)$$,
    'flow_write_head is a constraint trigger, DEFERRABLE INITIALLY DEFERRED, WHEN flow_head_pending(NEW.enterprise, NEW.seq)');
SELECT is_empty(
    $$SELECT tgname FROM pg_catalog.pg_trigger WHERE tgrelid = 'rare_trace.flow_chain'::regclass$$,
    'flow_chain has no trigger');

--
-- Roles
--
SELECT has_role('rare_trace_recorder', 'role rare_trace_recorder exists');
SELECT is((SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = 'rare_trace_recorder'), false,
          'rare_trace_recorder cannot log in');
SELECT is_member_of('rare_trace_reader', 'rare_trace_recorder', 'a recorder is a reader');
SELECT is_member_of('rare_trace_recorder', 'rare_trace_admin', 'an admin is a recorder');
SELECT isnt(pg_catalog.shobj_description(
                (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'rare_trace_recorder'), 'pg_authid'),
            NULL, 'rare_trace_recorder has a comment');

--
-- Privileges as declared
--
SELECT table_privs_are('rare_trace', t, 'public', ARRAY[]::text[], 'PUBLIC has no privilege on rare_trace.' || t)
  FROM unnest(ARRAY['flow', 'flow_chain', 'flow_current']) WITH ORDINALITY AS x(t, n) ORDER BY n;
SELECT table_privs_are('rare_trace', t, 'rare_trace_reader', ARRAY['SELECT'],
                       'rare_trace_reader has SELECT and nothing else on rare_trace.' || t)
  FROM unnest(ARRAY['flow', 'flow_chain', 'flow_current']) WITH ORDINALITY AS x(t, n) ORDER BY n;
SELECT table_privs_are('rare_trace', t, 'rare_trace_recorder', ARRAY['SELECT'],
                       'rare_trace_recorder has SELECT (as a reader) and no other table-level privilege on rare_trace.' || t)
  FROM unnest(ARRAY['flow', 'flow_chain', 'flow_current']) WITH ORDINALITY AS x(t, n) ORDER BY n;
SELECT results_eq(
    $$SELECT a.attname::text COLLATE "default",
             pg_catalog.has_column_privilege('rare_trace_recorder', a.attrelid, a.attnum, 'INSERT'),
             pg_catalog.has_column_privilege('rare_trace_recorder', a.attrelid, a.attnum, 'UPDATE'),
             pg_catalog.has_column_privilege('rare_trace_recorder', a.attrelid, a.attnum, 'SELECT')
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.flow'::regclass AND a.attnum > 0
       ORDER BY a.attnum$$,
    $$VALUES ('id', false, false, true), ('recorded_at', false, false, true), ('enterprise', true, false, true),
             ('parent', true, false, true), ('child', true, false, true), ('kg', true, false, true),
             ('kind', true, false, true), ('docs', true, false, true), ('corrects', true, false, true),
             ('seq', false, false, true), ('hash', false, false, true), ('happened_on', true, false, true),
             ('shipment', true, false, true), ('consignee', true, false, true), ('cut', true, false, true)$$,
    'a recorder may INSERT enterprise, parent, child, kg, kind, docs, corrects, happened_on, shipment, consignee, cut; never id, recorded_at, seq, hash; UPDATE nothing');
SELECT is_empty(
    $$SELECT r || ' ' || p || ' on ' || c::text
        FROM unnest(ARRAY['rare_trace_reader', 'rare_trace_recorder', 'rare_trace_admin']) AS r,
             unnest(ARRAY['rare_trace.flow', 'rare_trace.flow_chain']::regclass[]) AS c,
             unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p
       WHERE pg_catalog.has_table_privilege(r, c, p)
          OR (p IN ('UPDATE', 'REFERENCES') AND pg_catalog.has_any_column_privilege(r, c, p))$$,
    'no rare_trace role may UPDATE, DELETE, TRUNCATE, reference or put a trigger on flow or flow_chain');
SELECT is_empty(
    $$SELECT r FROM unnest(ARRAY['rare_trace_reader', 'rare_trace_recorder', 'rare_trace_admin']) AS r
       WHERE pg_catalog.has_table_privilege(r, 'rare_trace.flow_chain', 'INSERT')
          OR pg_catalog.has_any_column_privilege(r, 'rare_trace.flow_chain', 'INSERT')$$,
    'no rare_trace role may INSERT into flow_chain');
SELECT is_empty(
    $$SELECT r || ' ' || p
        FROM unnest(ARRAY['rare_trace_reader', 'rare_trace_recorder', 'rare_trace_admin']) AS r,
             unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) AS p
       WHERE pg_catalog.has_sequence_privilege(r, 'rare_trace.flow_id_seq', p)$$,
    'no rare_trace role may use, read or set flow_id_seq (the identity needs none)');
SELECT function_privs_are('rare_trace', f, ARRAY[]::text[], r, ARRAY[]::text[],
                          r || ' may not EXECUTE ' || f || '() (triggers fire without it)')
  FROM (VALUES (1, 'flow_append', 'public'), (2, 'flow_append', 'rare_trace_recorder'),
               (3, 'flow_append', 'rare_trace_admin'), (4, 'flow_reject', 'public'),
               (5, 'flow_reject', 'rare_trace_recorder'), (6, 'flow_reject', 'rare_trace_admin'),
               (7, 'flow_write_head', 'public'), (8, 'flow_write_head', 'rare_trace_recorder'),
               (9, 'flow_write_head', 'rare_trace_admin')) AS x(n, f, r)
 ORDER BY n;
SELECT ok(pg_catalog.has_function_privilege('rare_trace_recorder', 'rare_trace.flow_head_pending(text, bigint)', 'EXECUTE'),
          'rare_trace_recorder may EXECUTE flow_head_pending (the WHEN condition is evaluated as the inserting role)');

--
-- The recorder
--
SET ROLE regress_lg_recorder;
SELECT lives_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, docs)
      VALUES ('EE-TAPREC', 'EE-TAPREC-A1 ore 1t Nd=1%', 'EE-TAPREC-B1 concentrate 100kg Nd=10%', 1000, 'transform',
              '{"invoice": "INV-7"}')$$,
    'recorder: may append to a new chain (the ledger creates its head row)');
SELECT lives_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects)
      SELECT 'EE-TAPREC', parent, child, 990, kind, id FROM rare_trace.flow WHERE enterprise = 'EE-TAPREC' AND seq = 1$$,
    'recorder: may record a correction');
SELECT results_eq(
    $$SELECT seq, kg FROM rare_trace.flow WHERE enterprise = 'EE-TAPREC' ORDER BY seq$$,
    $$VALUES (1::bigint, 1000::numeric), (2, 990)$$,
    'recorder: the entries are seq 1 and 2');
SELECT results_eq(
    $$SELECT kg FROM rare_trace.flow_current WHERE enterprise = 'EE-TAPREC'$$,
    $$VALUES (990::numeric)$$,
    'recorder: reads flow_current, where the correction is in force');
SELECT results_eq($$SELECT problem FROM rare_trace.verify_ledger('EE-TAPREC')$$,
    $$VALUES ('chain head mismatch')$$,
    'recorder: may run verify_ledger; inside the appending transaction flow_chain still holds the head it started from (seq 0: it is written at commit)');
SELECT throws_ok(s, '42501', NULL, 'recorder: ' || d || ' is denied (42501)')
  FROM (VALUES
          (1, $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, seq) VALUES ('EE-TAPREC', 'EE-TAPREC-A1 ore 1t', 'EE-TAPREC-B1 ore 1t', 1, 'ship', 3)$$,
              'giving seq'),
          (2, $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, hash) VALUES ('EE-TAPREC', 'EE-TAPREC-A1 ore 1t', 'EE-TAPREC-B1 ore 1t', 1, 'ship', sha256('x'))$$,
              'giving hash'),
          (3, $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, recorded_at) VALUES ('EE-TAPREC', 'EE-TAPREC-A1 ore 1t', 'EE-TAPREC-B1 ore 1t', 1, 'ship', '2000-01-01')$$,
              'giving recorded_at'),
          (4, $$INSERT INTO rare_trace.flow (id, enterprise, parent, child, kg, kind) OVERRIDING SYSTEM VALUE VALUES (1, 'EE-TAPREC', 'EE-TAPREC-A1 ore 1t', 'EE-TAPREC-B1 ore 1t', 1, 'ship')$$,
              'giving id'),
          (5, $$UPDATE rare_trace.flow SET kg = 1 WHERE enterprise = 'EE-TAPREC'$$, 'UPDATE of flow'),
          (6, $$DELETE FROM rare_trace.flow WHERE enterprise = 'EE-TAPREC'$$, 'DELETE from flow'),
          (7, $$TRUNCATE rare_trace.flow$$, 'TRUNCATE of flow'),
          (8, $$INSERT INTO rare_trace.flow_chain VALUES ('EE-TAPFORGE', 1, sha256('x'))$$, 'INSERT into flow_chain'),
          (9, $$UPDATE rare_trace.flow_chain SET seq = 0 WHERE enterprise = 'EE-TAPREC'$$, 'UPDATE of flow_chain'),
          (10, $$DELETE FROM rare_trace.flow_chain WHERE enterprise = 'EE-TAPREC'$$, 'DELETE from flow_chain'),
          (11, $$SELECT * FROM rare_trace.flow_chain WHERE enterprise = 'EE-TAPREC' FOR UPDATE$$, 'locking flow_chain rows'),
          (12, $$ALTER TABLE rare_trace.flow DISABLE TRIGGER flow_hash$$, 'disabling the ledger trigger'),
          (13, $$CREATE TRIGGER tap_hijack BEFORE INSERT ON rare_trace.flow FOR EACH ROW EXECUTE FUNCTION rare_trace.flow_append()$$,
               'adding a trigger to flow'),
          (14, $$SET session_replication_role = replica$$, 'turning triggers off for the session')
       ) AS x(n, s, d)
 ORDER BY n;
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) VALUES ('EE-TAPOTHER', 'EE-TAPREC-A1 ore 1t', 'EE-TAPREC-B1 ore 1t', 1, 'ship', (SELECT min(id) FROM rare_trace.flow WHERE enterprise = 'EE-TAPREC'))$$,
    'RTL02', NULL, 'recorder: may not correct another chain''s entry (RTL02)');
RESET ROLE;

--
-- The admin is a recorder
--
SET ROLE regress_lg_admin;
SELECT lives_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind)
      VALUES ('EE-TAPREC', 'EE-TAPREC-B1 concentrate 100kg Nd=10%', 'EE-TAPREC-C1 oxide 10kg Nd=99%', 100, 'transform')$$,
    'admin: may append (an admin is a recorder)');
SELECT throws_ok($$UPDATE rare_trace.flow SET kg = 1$$, '42501', NULL, 'admin: UPDATE of flow is denied (42501)');
SELECT throws_ok($$UPDATE rare_trace.flow_chain SET seq = 0$$, '42501', NULL, 'admin: UPDATE of flow_chain is denied (42501)');
RESET ROLE;

--
-- The reader reads, and only reads
--
SET ROLE regress_lg_reader;
SELECT lives_ok($$SELECT * FROM rare_trace.flow$$, 'reader: may read flow');
SELECT lives_ok($$SELECT * FROM rare_trace.flow_current$$, 'reader: may read flow_current');
SELECT lives_ok($$SELECT * FROM rare_trace.flow_chain$$, 'reader: may read flow_chain');
SELECT lives_ok($$SELECT * FROM rare_trace.verify_ledger()$$, 'reader: may run verify_ledger');
SELECT lives_ok($$SELECT rare_trace.flow_canonical(f) FROM rare_trace.flow AS f$$, 'reader: may run flow_canonical');
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-TAPRD', 'EE-TAPRD-A1 ore 1t', 'EE-TAPRD-B1 ore 1t', 1, 'ship')$$,
    '42501', NULL, 'reader: may not append (42501)');
SELECT throws_ok($$DELETE FROM rare_trace.flow$$, '42501', NULL, 'reader: may not delete (42501)');
RESET ROLE;

--
-- A role without a rare_trace role sees nothing
--
SET ROLE regress_lg_nobody;
SELECT throws_ok($$SELECT * FROM rare_trace.flow$$, '42501', NULL, 'nobody: may not read flow (42501)');
SELECT throws_ok($$SELECT * FROM rare_trace.flow_chain$$, '42501', NULL, 'nobody: may not read flow_chain (42501)');
SELECT throws_ok($$SELECT * FROM rare_trace.flow_current$$, '42501', NULL, 'nobody: may not read flow_current (42501)');
SELECT throws_ok($$SELECT * FROM rare_trace.verify_ledger()$$, '42501', NULL, 'nobody: verify_ledger reads flow as its caller (42501)');
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind) VALUES ('EE-TAPNB', 'EE-TAPNB-A1 ore 1t', 'EE-TAPNB-B1 ore 1t', 1, 'ship')$$,
    '42501', NULL, 'nobody: may not append (42501)');
RESET ROLE;

--
-- Not even the superuser changes the ledger while the triggers are on
--
SELECT throws_ok($$UPDATE rare_trace.flow SET kg = 1 WHERE enterprise = 'EE-TAPREC'$$, 'RTL01', NULL,
                 'superuser: UPDATE of flow is rejected (RTL01)');
SELECT throws_ok($$DELETE FROM rare_trace.flow WHERE enterprise = 'EE-TAPREC'$$, 'RTL01', NULL,
                 'superuser: DELETE from flow is rejected (RTL01)');
-- this transaction appended: its head writes are pending, deferred to the
-- commit, and PostgreSQL refuses a TRUNCATE before the trigger can
SELECT throws_ok($$TRUNCATE rare_trace.flow$$, '55006', NULL,
                 'superuser: TRUNCATE of flow with head writes pending is rejected (55006)');
SET CONSTRAINTS rare_trace.flow_write_head IMMEDIATE;
SELECT throws_ok($$TRUNCATE rare_trace.flow$$, 'RTL01', NULL, 'superuser: TRUNCATE of flow is rejected (RTL01)');
SELECT throws_ok(
    $$INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind, corrects) VALUES ('EE-TAPREC', 'EE-TAPREC-A1 ore 1t', 'EE-TAPREC-B1 ore 1t', 1, 'ship', (SELECT min(id) FROM rare_trace.flow WHERE enterprise = 'EE-TAPREC'))$$,
    'RTL02', NULL, 'superuser: may not correct an entry corrected already (RTL02)');
SELECT results_eq(
    $$SELECT seq FROM rare_trace.flow WHERE enterprise = 'EE-TAPREC' ORDER BY seq$$,
    $$VALUES (1::bigint), (2), (3)$$,
    'the chain EE-TAPREC holds seq 1, 2, 3: nothing rejected left a trace');

SELECT * FROM finish();
ROLLBACK;
