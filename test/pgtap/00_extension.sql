--
-- 00_extension.sql: control-file facts, the schema, and the exact inventory
-- of objects the extension owns.
--
-- The harness has already run CREATE EXTENSION pgtap and rare_trace.  The
-- inventory below is exhaustive on purpose: adding an object to the install
-- script without listing it here (and giving it the tests in the other
-- files) makes this file fail.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(16);

--
-- The extension and its control file
--
SELECT has_extension('rare_trace', 'rare_trace',
    'extension rare_trace is installed in schema rare_trace');

SELECT is(
    (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'rare_trace'),
    '0.1.0',
    'installed extension version is 0.1.0');

SELECT is(
    (SELECT default_version FROM pg_catalog.pg_available_extensions
      WHERE name = 'rare_trace'),
    '0.1.0',
    'control file: default_version is 0.1.0');

SELECT is(
    (SELECT extrelocatable FROM pg_catalog.pg_extension WHERE extname = 'rare_trace'),
    false,
    'pg_extension.extrelocatable is false (relocatable = false)');

SELECT results_eq(
    $$SELECT superuser, trusted, relocatable, schema::text COLLATE "default",
             requires::text[] COLLATE "default"
        FROM pg_catalog.pg_available_extension_versions
       WHERE name = 'rare_trace' AND version = '0.1.0'$$,
    $$VALUES (true, false, false, 'rare_trace'::text, NULL::text[])$$,
    'control file 0.1.0: superuser-only, not trusted, not relocatable, schema rare_trace, no requires');

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
        'table rare_trace.element'
    ],
    'the extension owns exactly these 44 objects (type, 29 functions, 6 operators, 2 opclasses + families, 3 casts, 1 table)');

SELECT * FROM finish();
ROLLBACK;
