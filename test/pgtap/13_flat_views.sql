--
-- 13_flat_views.sql: the catalog contract of the flat views of 0.5.0
-- (src/sql/flat_views.sql, doc/bi_views.md), which BI tools and the
-- real-client tests read:
--
--   * the five views flat_lot, flat_flow, flat_provenance, flat_quota and
--     flat_export_licence and the row types flat_reexport_check_row and
--     flat_origin_check_row have exactly these columns, in this order, of
--     these types -- names and types are what drivers report, so they are
--     stable;
--   * every column is of a plain type: text, integer, bigint, date,
--     timestamp with time zone, boolean or numeric with a declared
--     precision and scale (never unconstrained numeric, never a rare_trace
--     type, never an array or jsonb);
--   * privileges as quota_status: rare_trace_reader (and so recorders and
--     admins) may SELECT and nothing else, PUBLIC nothing;
--   * each view's COMMENT asks the question it answers;
--   * the shipped views run as their owner (no security_invoker), as
--     quota_status does; the function catalog contract is in
--     01_functions.sql, comments in 09_catalog_completeness.sql.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(22);

CREATE TEMP TABLE rt_flat (relname text, attnum int, attname text, type text);
INSERT INTO rt_flat VALUES
    ('flat_export_licence', 1, 'id', 'bigint'),
    ('flat_export_licence', 2, 'licence_no', 'text'),
    ('flat_export_licence', 3, 'authority', 'text'),
    ('flat_export_licence', 4, 'kind', 'text'),
    ('flat_export_licence', 5, 'exporter', 'text'),
    ('flat_export_licence', 6, 'consignee', 'text'),
    ('flat_export_licence', 7, 'destination', 'text'),
    ('flat_export_licence', 8, 'elements', 'text'),
    ('flat_export_licence', 9, 'forms', 'text'),
    ('flat_export_licence', 10, 'limit_kg', 'numeric(18,3)'),
    ('flat_export_licence', 11, 'used_kg', 'numeric(18,3)'),
    ('flat_export_licence', 12, 'remaining_kg', 'numeric(18,3)'),
    ('flat_export_licence', 13, 'valid_from', 'date'),
    ('flat_export_licence', 14, 'valid_until', 'date'),
    ('flat_export_licence', 15, 'status', 'text'),
    ('flat_flow', 1, 'id', 'bigint'),
    ('flat_flow', 2, 'recorded_at', 'timestamp with time zone'),
    ('flat_flow', 3, 'enterprise', 'text'),
    ('flat_flow', 4, 'seq', 'bigint'),
    ('flat_flow', 5, 'kind', 'text'),
    ('flat_flow', 6, 'kg', 'numeric(16,3)'),
    ('flat_flow', 7, 'parent', 'text'),
    ('flat_flow', 8, 'parent_code', 'text'),
    ('flat_flow', 9, 'parent_country', 'text'),
    ('flat_flow', 10, 'parent_enterprise', 'text'),
    ('flat_flow', 11, 'parent_lot_number', 'text'),
    ('flat_flow', 12, 'parent_form', 'text'),
    ('flat_flow', 13, 'parent_stage', 'text'),
    ('flat_flow', 14, 'parent_mass_kg', 'numeric(16,3)'),
    ('flat_flow', 15, 'parent_reo_kg', 'numeric(26,13)'),
    ('flat_flow', 16, 'child', 'text'),
    ('flat_flow', 17, 'child_code', 'text'),
    ('flat_flow', 18, 'child_country', 'text'),
    ('flat_flow', 19, 'child_enterprise', 'text'),
    ('flat_flow', 20, 'child_lot_number', 'text'),
    ('flat_flow', 21, 'child_form', 'text'),
    ('flat_flow', 22, 'child_stage', 'text'),
    ('flat_flow', 23, 'child_mass_kg', 'numeric(16,3)'),
    ('flat_flow', 24, 'child_reo_kg', 'numeric(26,13)'),
    ('flat_flow', 25, 'invoice', 'text'),
    ('flat_flow', 26, 'bill_of_lading', 'text'),
    ('flat_flow', 27, 'licence', 'text'),
    ('flat_flow', 28, 'import_permit', 'text'),
    ('flat_flow', 29, 'delivery_note', 'text'),
    ('flat_flow', 30, 'work_order', 'text'),
    ('flat_flow', 31, 'docs', 'text'),
    ('flat_flow', 32, 'corrects', 'bigint'),
    ('flat_flow', 33, 'happened_on', 'date'),
    ('flat_flow', 34, 'shipment', 'text'),
    ('flat_flow', 35, 'consignee', 'text'),
    ('flat_flow', 36, 'cut', 'text'),
    ('flat_lot', 1, 'code', 'text'),
    ('flat_lot', 2, 'country', 'text'),
    ('flat_lot', 3, 'enterprise', 'text'),
    ('flat_lot', 4, 'lot_number', 'text'),
    ('flat_lot', 5, 'form', 'text'),
    ('flat_lot', 6, 'stage', 'text'),
    ('flat_lot', 7, 'mass_kg', 'numeric(16,3)'),
    ('flat_lot', 8, 'reo_kg', 'numeric(26,13)'),
    ('flat_lot', 9, 'sc_kg', 'numeric(22,9)'),
    ('flat_lot', 10, 'y_kg', 'numeric(22,9)'),
    ('flat_lot', 11, 'la_kg', 'numeric(22,9)'),
    ('flat_lot', 12, 'ce_kg', 'numeric(22,9)'),
    ('flat_lot', 13, 'pr_kg', 'numeric(22,9)'),
    ('flat_lot', 14, 'nd_kg', 'numeric(22,9)'),
    ('flat_lot', 15, 'pm_kg', 'numeric(22,9)'),
    ('flat_lot', 16, 'sm_kg', 'numeric(22,9)'),
    ('flat_lot', 17, 'eu_kg', 'numeric(22,9)'),
    ('flat_lot', 18, 'gd_kg', 'numeric(22,9)'),
    ('flat_lot', 19, 'tb_kg', 'numeric(22,9)'),
    ('flat_lot', 20, 'dy_kg', 'numeric(22,9)'),
    ('flat_lot', 21, 'ho_kg', 'numeric(22,9)'),
    ('flat_lot', 22, 'er_kg', 'numeric(22,9)'),
    ('flat_lot', 23, 'tm_kg', 'numeric(22,9)'),
    ('flat_lot', 24, 'yb_kg', 'numeric(22,9)'),
    ('flat_lot', 25, 'lu_kg', 'numeric(22,9)'),
    ('flat_lot', 26, 'lot', 'text'),
    ('flat_lot', 27, 'versions', 'integer'),
    ('flat_origin_check_row', 1, 'sink', 'text'),
    ('flat_origin_check_row', 2, 'rule', 'text'),
    ('flat_origin_check_row', 3, 'element', 'text'),
    ('flat_origin_check_row', 4, 'view', 'text'),
    ('flat_origin_check_row', 5, 'country', 'text'),
    ('flat_origin_check_row', 6, 'kg', 'numeric(22,9)'),
    ('flat_origin_check_row', 7, 'share', 'numeric(7,6)'),
    ('flat_origin_check_row', 8, 'pass', 'boolean'),
    ('flat_origin_check_row', 9, 'reason', 'text'),
    ('flat_provenance', 1, 'sink_code', 'text'),
    ('flat_provenance', 2, 'element', 'text'),
    ('flat_provenance', 3, 'view', 'text'),
    ('flat_provenance', 4, 'country', 'text'),
    ('flat_provenance', 5, 'kg', 'numeric(22,9)'),
    ('flat_provenance', 6, 'share', 'numeric(7,6)'),
    ('flat_quota', 1, 'id', 'bigint'),
    ('flat_quota', 2, 'holder', 'text'),
    ('flat_quota', 3, 'holder_name', 'text'),
    ('flat_quota', 4, 'parent', 'text'),
    ('flat_quota', 5, 'year', 'integer'),
    ('flat_quota', 6, 'activity', 'text'),
    ('flat_quota', 7, 'category', 'text'),
    ('flat_quota', 8, 'limit_t', 'numeric(28,16)'),
    ('flat_quota', 9, 'used_t', 'numeric(28,16)'),
    ('flat_quota', 10, 'remaining_t', 'numeric(28,16)'),
    ('flat_quota', 11, 'used_pct', 'numeric(32,2)'),
    ('flat_quota', 12, 'approved_from', 'date'),
    ('flat_quota', 13, 'approved_until', 'date'),
    ('flat_quota', 14, 'approved_for_activity', 'boolean'),
    ('flat_reexport_check_row', 1, 'sink_code', 'text'),
    ('flat_reexport_check_row', 2, 'reference', 'text'),
    ('flat_reexport_check_row', 3, 'control_code', 'text'),
    ('flat_reexport_check_row', 4, 'element', 'text'),
    ('flat_reexport_check_row', 5, 'view', 'text'),
    ('flat_reexport_check_row', 6, 'country', 'text'),
    ('flat_reexport_check_row', 7, 'kg', 'numeric(22,9)'),
    ('flat_reexport_check_row', 8, 'share', 'numeric(7,6)'),
    ('flat_reexport_check_row', 9, 'in_force', 'boolean'),
    ('flat_reexport_check_row', 10, 'suspended', 'boolean'),
    ('flat_reexport_check_row', 11, 'licence_required', 'boolean'),
    ('flat_reexport_check_row', 12, 'result', 'text'),
    ('flat_reexport_check_row', 13, 'reason', 'text');

SELECT has_view('rare_trace', v, 'view rare_trace.' || v || ' exists')
  FROM unnest(ARRAY['flat_lot', 'flat_flow', 'flat_provenance', 'flat_quota', 'flat_export_licence'])
       WITH ORDINALITY AS x(v, n) ORDER BY n;

SELECT results_eq(
    format($$SELECT a.attnum::int, a.attname::text COLLATE "default",
                     pg_catalog.format_type(a.atttypid, a.atttypmod) COLLATE "default"
                FROM pg_catalog.pg_attribute a
               WHERE a.attrelid = 'rare_trace.%I'::regclass AND a.attnum > 0 AND NOT a.attisdropped
               ORDER BY a.attnum$$, r),
    format($$SELECT attnum, attname, type FROM rt_flat WHERE relname = %L ORDER BY attnum$$, r),
    r || ' has exactly its ' || (SELECT count(*) FROM rt_flat f WHERE f.relname = r) || ' columns, in order, of their types')
  FROM unnest(ARRAY['flat_lot', 'flat_flow', 'flat_provenance', 'flat_quota', 'flat_export_licence',
                    'flat_reexport_check_row', 'flat_origin_check_row']) WITH ORDINALITY AS x(r, n)
 ORDER BY n;

SELECT is_empty(
    $$SELECT c.relname || '.' || a.attname || ' is ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relnamespace = 'rare_trace'::regnamespace AND c.relname LIKE 'flat\_%'
         AND NOT (a.atttypid IN ('text'::regtype, 'integer'::regtype, 'bigint'::regtype, 'date'::regtype,
                                 'timestamptz'::regtype, 'boolean'::regtype)
                  OR (a.atttypid = 'numeric'::regtype AND a.atttypmod <> -1))$$,
    'every column of the flat views and check rows is text, integer, bigint, date, timestamptz, boolean or numeric(p,s)');

SELECT is(
    (SELECT count(*)::int FROM pg_catalog.pg_class c
      WHERE c.relnamespace = 'rare_trace'::regnamespace AND c.relname LIKE 'flat\_%'),
    7,
    'the flat relations are the five views and the two check row types');

SELECT table_privs_are('rare_trace', v, 'rare_trace_reader', ARRAY['SELECT'],
                       'rare_trace_reader may only SELECT from ' || v)
  FROM unnest(ARRAY['flat_lot', 'flat_flow', 'flat_provenance', 'flat_quota', 'flat_export_licence'])
       WITH ORDINALITY AS x(v, n) ORDER BY n;

SELECT is_empty(
    $$SELECT c.relname || ': ' || p.privilege_type
        FROM pg_catalog.pg_class c,
             LATERAL (SELECT (pg_catalog.aclexplode(c.relacl)).*) AS p
       WHERE c.relnamespace = 'rare_trace'::regnamespace AND c.relname LIKE 'flat\_%' AND c.relkind = 'v'
         AND p.grantee = 0$$,
    'PUBLIC has no privilege on the flat views');

SELECT is_empty(
    $$SELECT c.relname FROM pg_catalog.pg_class c
       WHERE c.relnamespace = 'rare_trace'::regnamespace AND c.relname LIKE 'flat\_%' AND c.relkind = 'v'
         AND c.reloptions IS NOT NULL$$,
    'the shipped flat views have no options (not security_invoker: they read as their owner, like quota_status)');

SELECT is_empty(
    $$SELECT c.relname FROM pg_catalog.pg_class c
       WHERE c.relnamespace = 'rare_trace'::regnamespace AND c.relname LIKE 'flat\_%' AND c.relkind = 'v'
         AND pg_catalog.obj_description(c.oid, 'pg_class') NOT LIKE '%?%'$$,
    'the COMMENT of every flat view says the question it answers');

SELECT * FROM finish();
ROLLBACK;
