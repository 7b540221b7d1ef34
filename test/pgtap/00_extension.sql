--
-- 00_extension.sql: control-file facts, the schema, and the exact inventory
-- of objects the extension owns.
--
-- The harness has already run CREATE EXTENSION pgtap and rare_trace.  The
-- inventory below is exhaustive on purpose: adding an object to the install
-- script without listing it here (and giving it the tests in the other
-- files) makes this file fail.
--
-- 0.6.0 is installed by its full script rare_trace--0.6.0.sql, which make
-- builds from src/sql/; the released versions update to it step by step.
-- The cluster-wide roles rare_trace_admin and rare_trace_reader (0.2.0) and
-- rare_trace_recorder (0.3.0) it creates are not members (see
-- 04_quota_catalog.sql and 07_ledger.sql).  Indexes and triggers are not
-- members either: they belong to their tables (pg_depend lists none).
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(19);

--
-- The extension and its control file
--
SELECT has_extension('rare_trace', 'rare_trace',
    'extension rare_trace is installed in schema rare_trace');

SELECT is(
    (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'rare_trace'),
    '0.6.0',
    'installed extension version is 0.6.0');

SELECT is(
    (SELECT default_version FROM pg_catalog.pg_available_extensions
      WHERE name = 'rare_trace'),
    '0.6.0',
    'control file: default_version is 0.6.0');

SELECT is(
    (SELECT extrelocatable FROM pg_catalog.pg_extension WHERE extname = 'rare_trace'),
    false,
    'pg_extension.extrelocatable is false (relocatable = false)');

SELECT results_eq(
    $$SELECT version COLLATE "default", superuser, trusted, relocatable,
             schema::text COLLATE "default", requires::text[] COLLATE "default"
        FROM pg_catalog.pg_available_extension_versions
       WHERE name = 'rare_trace'
       ORDER BY version$$,
    $$VALUES ('0.1.0'::text, true, false, false, 'rare_trace'::text, NULL::text[]),
             ('0.2.0'::text, true, false, false, 'rare_trace'::text, NULL::text[]),
             ('0.3.0'::text, true, false, false, 'rare_trace'::text, NULL::text[]),
             ('0.3.1'::text, true, false, false, 'rare_trace'::text, NULL::text[]),
             ('0.4.0'::text, true, false, false, 'rare_trace'::text, NULL::text[]),
             ('0.5.0'::text, true, false, false, 'rare_trace'::text, NULL::text[]),
             ('0.6.0'::text, true, false, false, 'rare_trace'::text, NULL::text[])$$,
    'versions 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 0.5.0 and 0.6.0 (no other): superuser-only, not trusted, not relocatable, schema rare_trace, no requires');

-- Each update script is one step (there is no rare_trace--0.1.0--0.3.0.sql),
-- so 0.1.0 reaches 0.6.0 through 0.2.0, 0.3.0, 0.3.1, 0.4.0 and 0.5.0.
SELECT results_eq(
    $$SELECT source COLLATE "default", target COLLATE "default", path COLLATE "default"
        FROM pg_catalog.pg_extension_update_paths('rare_trace')
       WHERE path IS NOT NULL
       ORDER BY source, target$$,
    $$VALUES ('0.1.0'::text, '0.2.0'::text, '0.1.0--0.2.0'::text),
             ('0.1.0', '0.3.0', '0.1.0--0.2.0--0.3.0'),
             ('0.1.0', '0.3.1', '0.1.0--0.2.0--0.3.0--0.3.1'),
             ('0.1.0', '0.4.0', '0.1.0--0.2.0--0.3.0--0.3.1--0.4.0'),
             ('0.1.0', '0.5.0', '0.1.0--0.2.0--0.3.0--0.3.1--0.4.0--0.5.0'),
             ('0.1.0', '0.6.0', '0.1.0--0.2.0--0.3.0--0.3.1--0.4.0--0.5.0--0.6.0'),
             ('0.2.0', '0.3.0', '0.2.0--0.3.0'),
             ('0.2.0', '0.3.1', '0.2.0--0.3.0--0.3.1'),
             ('0.2.0', '0.4.0', '0.2.0--0.3.0--0.3.1--0.4.0'),
             ('0.2.0', '0.5.0', '0.2.0--0.3.0--0.3.1--0.4.0--0.5.0'),
             ('0.2.0', '0.6.0', '0.2.0--0.3.0--0.3.1--0.4.0--0.5.0--0.6.0'),
             ('0.3.0', '0.3.1', '0.3.0--0.3.1'),
             ('0.3.0', '0.4.0', '0.3.0--0.3.1--0.4.0'),
             ('0.3.0', '0.5.0', '0.3.0--0.3.1--0.4.0--0.5.0'),
             ('0.3.0', '0.6.0', '0.3.0--0.3.1--0.4.0--0.5.0--0.6.0'),
             ('0.3.1', '0.4.0', '0.3.1--0.4.0'),
             ('0.3.1', '0.5.0', '0.3.1--0.4.0--0.5.0'),
             ('0.3.1', '0.6.0', '0.3.1--0.4.0--0.5.0--0.6.0'),
             ('0.4.0', '0.5.0', '0.4.0--0.5.0'),
             ('0.4.0', '0.6.0', '0.4.0--0.5.0--0.6.0'),
             ('0.5.0', '0.6.0', '0.5.0--0.6.0')$$,
    'the update paths are one step each, 0.1.0 -> 0.2.0 -> 0.3.0 -> 0.3.1 -> 0.4.0 -> 0.5.0 -> 0.6.0, and their chains');

SELECT is(
    (SELECT count(*)::int FROM pg_catalog.pg_extension_update_paths('rare_trace')
      WHERE source = '0.2.0' AND target = '0.1.0' AND path IS NOT NULL),
    0,
    'no downgrade path from 0.2.0');

SELECT is(
    (SELECT count(*)::int FROM pg_catalog.pg_extension_update_paths('rare_trace')
      WHERE source = '0.6.0' AND path IS NOT NULL),
    0,
    'no downgrade path from 0.6.0');

SELECT is(
    (SELECT pg_catalog.obj_description(oid, 'pg_extension')
       FROM pg_catalog.pg_extension WHERE extname = 'rare_trace'),
    'Rare-earth lots, quotas and provenance chains',
    'control file comment is the extension''s comment');

--
-- The schema
--
SELECT has_schema('rare_trace', 'schema rare_trace exists');

SELECT is(
    (SELECT extnamespace::regnamespace::text FROM pg_catalog.pg_extension
      WHERE extname = 'rare_trace'),
    'rare_trace',
    'extension namespace is rare_trace');

SELECT ok(
    pg_catalog.has_schema_privilege('public', 'rare_trace', 'USAGE'),
    'PUBLIC has USAGE on schema rare_trace');

SELECT ok(
    NOT pg_catalog.has_schema_privilege('public', 'rare_trace', 'CREATE'),
    'PUBLIC does not have CREATE on schema rare_trace');

SELECT is_empty(
    $$SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
        FROM pg_catalog.pg_depend d
        JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
       WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
         AND e.extname = 'rare_trace'
         AND d.deptype = 'e'
         AND COALESCE(
               (SELECT (pg_catalog.pg_identify_object(d.classid, d.objid, 0)).schema),
               'rare_trace') <> 'rare_trace'$$,
    'every schema-qualified object of the extension lives in schema rare_trace');

--
-- The type
--
SELECT has_type('rare_trace', 'rare_lot', 'type rare_trace.rare_lot exists');

SELECT results_eq(
    $$SELECT t.typtype::text, t.typlen::int, t.typalign::text, t.typstorage::text,
             t.typinput::regproc::text, t.typoutput::regproc::text,
             t.typreceive::regproc::text, t.typsend::regproc::text
        FROM pg_catalog.pg_type t
       WHERE t.oid = 'rare_trace.rare_lot'::regtype$$,
    $$VALUES ('b', -1, 'i', 'm',
              'rare_lot_in', 'rare_lot_out', 'rare_lot_recv', 'rare_lot_send')$$,
    'rare_lot is a base type: varlena, int4 alignment, storage main, rare_lot_in/out/recv/send');

SELECT isnt(
    pg_catalog.obj_description('rare_trace.rare_lot'::regtype, 'pg_type'),
    NULL,
    'type rare_lot has a comment');

SELECT has_type('rare_trace', '_rare_lot', 'array type rare_trace._rare_lot exists');

--
-- Exact inventory of the extension's members (pg_depend deptype 'e').
-- pg_identify_object() gives fully qualified, search_path-independent names
-- (types that are SQL keywords, like numeric and bigint, stay unqualified).
--
-- PostgreSQL 17 and later also record the types PostgreSQL makes along with
-- a member as members of their own (PostgreSQL commit e5bc9454): the array
-- type of every member type and domain, and the row type of every member
-- table and view with its array type.  15 and 16 record none of them.  The
-- list of those below must then name exactly the implicit types of the
-- objects above.
--
SELECT set_eq(
    $$SELECT i.type || ' ' || i.identity
        FROM pg_catalog.pg_depend d
        JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid,
             LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, d.objsubid) AS i
       WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
         AND e.extname = 'rare_trace'
         AND d.deptype = 'e'$$,
    ARRAY[
        'type rare_trace.rare_lot',
        'function rare_trace.rare_lot_in(pg_catalog.cstring)',
        'function rare_trace.rare_lot_out(rare_trace.rare_lot)',
        'function rare_trace.rare_lot_recv(pg_catalog.internal)',
        'function rare_trace.rare_lot_send(rare_trace.rare_lot)',
        'function rare_trace.rare_lot_cmp(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_lt(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_le(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_eq(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_ne(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_ge(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_gt(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_hash(rare_trace.rare_lot)',
        'function rare_trace.rare_lot_hash_extended(rare_trace.rare_lot,bigint)',
        'function rare_trace.rare_lot(pg_catalog.text,pg_catalog.text,numeric,pg_catalog.jsonb)',
        'function rare_trace.lot_code(rare_trace.rare_lot)',
        'function rare_trace.lot_country(rare_trace.rare_lot)',
        'function rare_trace.lot_enterprise(rare_trace.rare_lot)',
        'function rare_trace.lot_number(rare_trace.rare_lot)',
        'function rare_trace.lot_form(rare_trace.rare_lot)',
        'function rare_trace.lot_stage(rare_trace.rare_lot)',
        'function rare_trace.lot_mass_kg(rare_trace.rare_lot)',
        'function rare_trace.element_kg(rare_trace.rare_lot,pg_catalog.text)',
        'function rare_trace.element_pct(rare_trace.rare_lot,pg_catalog.text)',
        'function rare_trace.elements(rare_trace.rare_lot)',
        'function rare_trace.composition(rare_trace.rare_lot)',
        'function rare_trace.reo_kg(rare_trace.rare_lot)',
        'function rare_trace.reo_kg(rare_trace.rare_lot,pg_catalog.text)',
        'function rare_trace.rare_lot_jsonb(rare_trace.rare_lot)',
        'function rare_trace.element_catalog()',
        'operator rare_trace.<(rare_trace.rare_lot,rare_trace.rare_lot)',
        'operator rare_trace.<=(rare_trace.rare_lot,rare_trace.rare_lot)',
        'operator rare_trace.=(rare_trace.rare_lot,rare_trace.rare_lot)',
        'operator rare_trace.<>(rare_trace.rare_lot,rare_trace.rare_lot)',
        'operator rare_trace.>=(rare_trace.rare_lot,rare_trace.rare_lot)',
        'operator rare_trace.>(rare_trace.rare_lot,rare_trace.rare_lot)',
        'operator class rare_trace.rare_lot_ops USING btree',
        'operator class rare_trace.rare_lot_hash_ops USING hash',
        'operator family rare_trace.rare_lot_ops USING btree',
        'operator family rare_trace.rare_lot_hash_ops USING hash',
        'cast (rare_trace.rare_lot AS pg_catalog.jsonb)',
        'cast (rare_trace.rare_lot AS pg_catalog.text)',
        'cast (pg_catalog.text AS rare_trace.rare_lot)',
        -- 0.5.0: drivers' string parameters (02_operators_casts.sql)
        'cast (character varying AS rare_trace.rare_lot)',
        'table rare_trace.element',
        -- 0.2.0: enterprises, quotas and their enforcement
        'type rare_trace.activity',
        'table rare_trace.enterprise',
        'table rare_trace.quota',
        'sequence rare_trace.quota_id_seq',
        'table rare_trace.quota_table',
        'view rare_trace.quota_status',
        'function rare_trace.enterprise_check_parent()',
        'function rare_trace.enterprise_chain(pg_catalog.text)',
        'function rare_trace.approval_problem(pg_catalog.text,pg_catalog.text,pg_catalog.date,pg_catalog.date)',
        'function rare_trace.applicable_quotas(pg_catalog.text,integer,pg_catalog.text,pg_catalog.text)',
        'function rare_trace.enforce_quota()',
        'function rare_trace.attach_quota(pg_catalog.regclass,pg_catalog.text,pg_catalog.text,pg_catalog.text,pg_catalog.text,boolean,boolean)',
        'function rare_trace.quota_check_detail(rare_trace.rare_lot,pg_catalog.date,pg_catalog.text,pg_catalog.text)',
        'function rare_trace.quota_check(rare_trace.rare_lot,pg_catalog.date,pg_catalog.text,pg_catalog.text)',
        'function rare_trace.quota_remaining(pg_catalog.text,integer,pg_catalog.text,pg_catalog.text)',
        'function rare_trace.quota_reconcile(boolean)',
        -- 0.2.0 hardening: column checks, no deleting charged quotas
        'function rare_trace.enforced_columns(pg_catalog.regclass,pg_catalog.text,pg_catalog.text,pg_catalog.text,pg_catalog.text)',
        'function rare_trace.quota_check_delete()',
        'function rare_trace.quota_table_check()',
        -- 0.3.0: provenance (type, I/O, cast to jsonb, aggregate and its
        -- support functions, rows for BI tools)
        'type rare_trace.provenance',
        'function rare_trace.provenance_in(pg_catalog.cstring)',
        'function rare_trace.provenance_out(rare_trace.provenance)',
        'function rare_trace.provenance_recv(pg_catalog.internal)',
        'function rare_trace.provenance_send(rare_trace.provenance)',
        'cast (rare_trace.provenance AS pg_catalog.jsonb)',
        'function rare_trace.provenance_accum(pg_catalog.internal,rare_trace.rare_lot,rare_trace.rare_lot,numeric)',
        'function rare_trace.provenance_combine(pg_catalog.internal,pg_catalog.internal)',
        'function rare_trace.provenance_serialize(pg_catalog.internal)',
        'function rare_trace.provenance_deserialize(pg_catalog.bytea,pg_catalog.internal)',
        'function rare_trace.provenance_final(pg_catalog.internal)',
        'aggregate rare_trace.provenance(rare_trace.rare_lot,rare_trace.rare_lot,numeric)',
        'function rare_trace.provenance_rows(rare_trace.provenance)',
        'function rare_trace.provenance_issues(rare_trace.provenance)',
        -- 0.3.0: the flow ledger (its indexes and triggers are the tables')
        'table rare_trace.flow',
        'sequence rare_trace.flow_id_seq',
        'table rare_trace.flow_chain',
        'view rare_trace.flow_current',
        'function rare_trace.flow_canonical(rare_trace.flow)',
        'function rare_trace.flow_append()',
        'function rare_trace.flow_reject()',
        'function rare_trace.verify_ledger(pg_catalog.text)',
        -- 0.3.0: provenance of one lot from the ledger
        'function rare_trace.ledger_provenance(pg_catalog.text)',
        'function rare_trace.lot_provenance(pg_catalog.text)',
        -- 0.3.1: the ledger writes the chain heads by a deferred trigger
        'function rare_trace.flow_head_pending(pg_catalog.text,bigint)',
        'function rare_trace.flow_write_head()',
        -- 0.3.1: the quota side's rules, once in C, callable from SQL
        'function rare_trace.activities()',
        'function rare_trace.production_year(rare_trace.rare_lot,pg_catalog.date)',
        'function rare_trace.enforce_quota_args(pg_catalog.regclass,pg_catalog.bytea)',
        -- 0.4.0: export controls and declarations
        'table rare_trace.export_control',
        'table rare_trace.export_control_suspension',
        'table rare_trace.declaration_log',
        'sequence rare_trace.declaration_log_id_seq',
        'function rare_trace.export_control_guard()',
        'function rare_trace.export_check(rare_trace.rare_lot,pg_catalog.text,pg_catalog.text,pg_catalog.date)',
        'function rare_trace.licence_required(rare_trace.rare_lot,pg_catalog.text,pg_catalog.text,pg_catalog.date)',
        'function rare_trace.reexport_check(rare_trace.provenance,pg_catalog.text,pg_catalog.text,pg_catalog.date,numeric)',
        'function rare_trace.lot_reexport_check(pg_catalog.text,pg_catalog.text,pg_catalog.text,pg_catalog.date,numeric)',
        'function rare_trace.declaration_issues(rare_trace.rare_lot,pg_catalog.text,numeric,pg_catalog.jsonb)',
        'function rare_trace.lot_declaration_issues(pg_catalog.text,pg_catalog.text,numeric,pg_catalog.jsonb)',
        'function rare_trace.declaration_guard()'
    ] || ARRAY[
        -- 0.4.0: origin rules (11_origin_rule.sql)
        'function rare_trace.country_assigned(pg_catalog.text)',
        'table rare_trace.origin_rule',
        'table rare_trace.origin_rule_view',
        'function rare_trace.origin_rule_check_list(pg_catalog.text,pg_catalog.text,pg_catalog.text[])',
        'function rare_trace.origin_rule_validate(rare_trace.origin_rule)',
        'function rare_trace.origin_rule_check_dates(pg_catalog.text,pg_catalog.date,pg_catalog.date)',
        'function rare_trace.origin_rule_view_validate(rare_trace.origin_rule_view)',
        'function rare_trace.origin_rule_guard()',
        'function rare_trace.origin_rule_lookup(pg_catalog.text,pg_catalog.date)',
        'function rare_trace.origin_check(rare_trace.provenance,pg_catalog.text,pg_catalog.date)',
        'function rare_trace.lot_origin_check(pg_catalog.text,pg_catalog.text,pg_catalog.date)'
    ] || ARRAY[
        -- 0.4.0: export licences (12_export_licence.sql)
        'table rare_trace.export_licence',
        'sequence rare_trace.export_licence_id_seq',
        'table rare_trace.export_licence_table',
        'function rare_trace.export_licence_guard()',
        'function rare_trace.enforce_export_licence()',
        'function rare_trace.licence_columns(pg_catalog.regclass,pg_catalog.text,pg_catalog.text,pg_catalog.text,pg_catalog.text)',
        'function rare_trace.attach_export_licence(pg_catalog.regclass,pg_catalog.text,pg_catalog.text,pg_catalog.text,pg_catalog.text)'
    ] || ARRAY[
        -- 0.5.0: min and max of rare_lot (01_functions.sql)
        'function rare_trace.rare_lot_smaller(rare_trace.rare_lot,rare_trace.rare_lot)',
        'function rare_trace.rare_lot_larger(rare_trace.rare_lot,rare_trace.rare_lot)',
        'aggregate rare_trace.min(rare_trace.rare_lot)',
        'aggregate rare_trace.max(rare_trace.rare_lot)',
        -- 0.5.0: pictures of the supply chain (Graphviz DOT)
        'function rare_trace.provenance_dot_final(pg_catalog.internal)',
        'aggregate rare_trace.provenance_dot(rare_trace.rare_lot,rare_trace.rare_lot,numeric)',
        'function rare_trace.provenance_dot(rare_trace.provenance)',
        'function rare_trace.provenance_dot(pg_catalog.text)'
    ] || ARRAY[
        -- 0.5.0: flat views for BI tools (13_flat_views.sql)
        'function rare_trace.flat_numeric(numeric,integer)',
        'view rare_trace.flat_lot',
        'view rare_trace.flat_flow',
        'view rare_trace.flat_provenance',
        'view rare_trace.flat_quota',
        'view rare_trace.flat_export_licence',
        'function rare_trace.flat_export_check(pg_catalog.text,pg_catalog.text,pg_catalog.text,pg_catalog.date)',
        'type rare_trace.flat_reexport_check_row',
        'function rare_trace.flat_reexport_check(pg_catalog.text,pg_catalog.text,pg_catalog.text,pg_catalog.date,numeric)',
        'type rare_trace.flat_origin_check_row',
        'function rare_trace.flat_origin_check(pg_catalog.text,pg_catalog.text,pg_catalog.date)',
        'function rare_trace.create_flat_view_in(pg_catalog.name,pg_catalog.regclass,pg_catalog.text,pg_catalog.text)',
        'function rare_trace.create_flat_view(pg_catalog.regclass,pg_catalog.text,pg_catalog.text)',
        -- 0.5.0: licence drift (01_functions.sql, sql/licence_reconcile.sql)
        'function rare_trace.enforce_export_licence_args(pg_catalog.regclass,pg_catalog.bytea)',
        'function rare_trace.licence_reconcile(boolean)',
        -- 0.6.0: the flow ledger's new columns (07_ledger.sql)
        'function rare_trace.flow_cut_valid(pg_catalog.jsonb,numeric)'
    ] || CASE WHEN pg_catalog.current_setting('server_version_num')::int >= 170000 THEN ARRAY[
        -- 17+: array types of the types and the domain
        'type rare_trace.rare_lot[]',
        'type rare_trace.provenance[]',
        'type rare_trace.activity[]',
        -- 17+: row types of the tables and views, and their array types
        'type rare_trace.element', 'type rare_trace.element[]',
        'type rare_trace.enterprise', 'type rare_trace.enterprise[]',
        'type rare_trace.quota', 'type rare_trace.quota[]',
        'type rare_trace.quota_table', 'type rare_trace.quota_table[]',
        'type rare_trace.quota_status', 'type rare_trace.quota_status[]',
        'type rare_trace.flow', 'type rare_trace.flow[]',
        'type rare_trace.flow_chain', 'type rare_trace.flow_chain[]',
        'type rare_trace.flow_current', 'type rare_trace.flow_current[]',
        'type rare_trace.export_control', 'type rare_trace.export_control[]',
        'type rare_trace.export_control_suspension', 'type rare_trace.export_control_suspension[]',
        'type rare_trace.declaration_log', 'type rare_trace.declaration_log[]',
        'type rare_trace.origin_rule', 'type rare_trace.origin_rule[]',
        'type rare_trace.origin_rule_view', 'type rare_trace.origin_rule_view[]',
        'type rare_trace.export_licence', 'type rare_trace.export_licence[]',
        'type rare_trace.export_licence_table', 'type rare_trace.export_licence_table[]',
        -- 0.5.0: the flat views' row types, the check row types' arrays
        'type rare_trace.flat_lot', 'type rare_trace.flat_lot[]',
        'type rare_trace.flat_flow', 'type rare_trace.flat_flow[]',
        'type rare_trace.flat_provenance', 'type rare_trace.flat_provenance[]',
        'type rare_trace.flat_quota', 'type rare_trace.flat_quota[]',
        'type rare_trace.flat_export_licence', 'type rare_trace.flat_export_licence[]',
        'type rare_trace.flat_reexport_check_row[]', 'type rare_trace.flat_origin_check_row[]'
    ] ELSE ARRAY[]::text[] END,
    'the extension owns exactly these 105 objects (types rare_lot and provenance, domain activity, 72 functions, 1 aggregate, 6 operators, 2 opclasses + families, 5 casts (0.5.0: varchar -> rare_lot), 9 tables, 2 views, 3 sequences), the 11 of the 0.4.0 origin rules (2 tables, 9 functions), the 7 of the export licences (2 tables, 1 sequence, 4 functions), the 8 of 0.5.0''s min, max and provenance_dot (5 functions, 3 aggregates), the 13 of the 0.5.0 flat views (5 views, 2 row types, 6 functions), its 2 licence-drift functions, 0.6.0''s flow_cut_valid, on PostgreSQL 17+ also their 25 + 4 + 4 + 12 implicit array and row types');

SELECT * FROM finish();
ROLLBACK;
