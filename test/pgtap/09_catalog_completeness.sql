--
-- 09_catalog_completeness.sql: catch-all rules over every object the
-- extension owns, found through pg_depend (deptype 'e' on rare_trace's
-- pg_extension row) rather than listed by hand, so that an object added to
-- a future install or update script is covered without touching this file:
--
--   * every member object (function, operator, operator class, cast, table,
--     type, ... of any kind) has a COMMENT;
--   * every column of a member table (or view) has a COMMENT;
--   * every member function is PARALLEL SAFE.
--
-- Exempt are only objects PostgreSQL creates implicitly along with another
-- one: the operator family of CREATE OPERATOR CLASS (same name and access
-- method as the class, containing it) and the sequence of a serial or
-- identity column (owned by that column).  An explicitly created family or
-- sequence still needs a comment.  Columns are those of tables, views,
-- materialized views, foreign tables and composite types.
--
-- The last part checks the checks: inside this (rolled back) transaction it
-- adds an uncommented, parallel-unsafe function, an uncommented column, an
-- uncommented explicit operator family and sequence to the extension and
-- expects the catch-all queries to name them (whatever else they report),
-- but not the implicit families or a serial column's sequence.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(11);

-- Members of the extension, with a readable description.
CREATE TEMP VIEW rt_member AS
SELECT d.classid, d.objid,
       pg_catalog.pg_describe_object(d.classid, d.objid, 0) AS what
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
   AND e.extname = 'rare_trace'
   AND d.deptype = 'e'
   AND d.objsubid = 0;

-- Members without a comment (implicit families and owned sequences exempt).
CREATE TEMP VIEW rt_member_without_comment AS
SELECT m.what
  FROM rt_member m
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_description c
                    WHERE c.classoid = m.classid AND c.objoid = m.objid
                      AND c.objsubid = 0)
   AND NOT (m.classid = 'pg_catalog.pg_opfamily'::regclass
            AND EXISTS (SELECT 1
                          FROM pg_catalog.pg_opfamily f
                          JOIN pg_catalog.pg_opclass oc
                            ON oc.opcfamily = f.oid
                           AND oc.opcname = f.opfname
                           AND oc.opcnamespace = f.opfnamespace
                           AND oc.opcmethod = f.opfmethod
                         WHERE f.oid = m.objid))
   AND NOT (m.classid = 'pg_catalog.pg_class'::regclass
            AND EXISTS (SELECT 1
                          FROM pg_catalog.pg_class s
                          JOIN pg_catalog.pg_depend o
                            ON o.classid = 'pg_catalog.pg_class'::regclass
                           AND o.objid = s.oid
                           AND o.refclassid = 'pg_catalog.pg_class'::regclass
                           AND o.refobjsubid > 0
                           AND o.deptype IN ('a', 'i')
                         WHERE s.oid = m.objid AND s.relkind = 'S'));

-- Columns of member relations without a comment.
CREATE TEMP VIEW rt_column_without_comment AS
SELECT (a.attrelid::regclass::text || '.' || a.attname) COLLATE "default" AS what
  FROM rt_member m
  JOIN pg_catalog.pg_class r ON r.oid = m.objid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid
 WHERE m.classid = 'pg_catalog.pg_class'::regclass
   AND r.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
   AND a.attnum > 0 AND NOT a.attisdropped
   AND pg_catalog.col_description(a.attrelid, a.attnum) IS NULL;

-- Member functions that are not PARALLEL SAFE.
CREATE TEMP VIEW rt_function_not_parallel_safe AS
SELECT m.what || ' is PARALLEL ' ||
       CASE p.proparallel WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END AS what
  FROM rt_member m
  JOIN pg_catalog.pg_proc p ON p.oid = m.objid
 WHERE m.classid = 'pg_catalog.pg_proc'::regclass
   AND p.proparallel <> 's';

--
-- The rules
--
SELECT ok((SELECT count(*) FROM rt_member) > 0,
          'the catch-all finds the extension''s members through pg_depend (not vacuous)');

SELECT is_empty($$SELECT what FROM rt_member_without_comment$$,
    'every object owned by rare_trace (functions, operators, opclasses, casts, tables, types, ...) has a COMMENT');

SELECT is_empty($$SELECT what FROM rt_column_without_comment$$,
    'every column of every table (or view) owned by rare_trace has a COMMENT');

SELECT is_empty($$SELECT what FROM rt_function_not_parallel_safe$$,
    'every function owned by rare_trace is PARALLEL SAFE');

--
-- Check the checks: make the extension own offending objects (rolled back)
--
CREATE FUNCTION rare_trace.rt_tap_probe() RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL UNSAFE AS 'SELECT 1';
ALTER EXTENSION rare_trace ADD FUNCTION rare_trace.rt_tap_probe();
ALTER TABLE rare_trace.element ADD COLUMN rt_tap_probe int;

SELECT set_has($$SELECT what FROM rt_member_without_comment$$,
    $$VALUES ('function rt_tap_probe()')$$,
    'self-test: an uncommented function added to the extension is reported');

SELECT set_has($$SELECT what FROM rt_function_not_parallel_safe$$,
    $$VALUES ('function rt_tap_probe() is PARALLEL UNSAFE')$$,
    'self-test: a PARALLEL UNSAFE function added to the extension is reported');

SELECT set_has($$SELECT what FROM rt_column_without_comment$$,
    $$VALUES ('element.rt_tap_probe')$$,
    'self-test: an uncommented column of an extension table is reported');

CREATE OPERATOR FAMILY rare_trace.rt_tap_probe_family USING btree;
ALTER EXTENSION rare_trace ADD OPERATOR FAMILY rare_trace.rt_tap_probe_family USING btree;

SELECT set_has($$SELECT what FROM rt_member_without_comment$$,
    $$VALUES ('operator family rt_tap_probe_family for access method btree')$$,
    'self-test: an explicit operator family without a comment is reported');

SELECT is_empty(
    $$SELECT what FROM rt_member_without_comment
       WHERE what LIKE 'operator family rare_lot%'$$,
    'self-test: the implicit families of rare_lot_ops and rare_lot_hash_ops are exempt');

ALTER TABLE rare_trace.element ADD COLUMN rt_tap_owned serial;
COMMENT ON COLUMN rare_trace.element.rt_tap_owned IS 'probe';
ALTER EXTENSION rare_trace ADD SEQUENCE rare_trace.element_rt_tap_owned_seq;
CREATE SEQUENCE rare_trace.rt_tap_free_seq;
ALTER EXTENSION rare_trace ADD SEQUENCE rare_trace.rt_tap_free_seq;

SELECT results_eq(
    $$SELECT what FROM rt_member_without_comment WHERE what LIKE 'sequence %'$$,
    $$VALUES ('sequence rt_tap_free_seq')$$,
    'self-test: a free-standing sequence without a comment is reported, a serial column''s is not');

COMMENT ON SEQUENCE rare_trace.rt_tap_free_seq IS 'probe';
COMMENT ON FUNCTION rare_trace.rt_tap_probe() IS 'probe';
COMMENT ON COLUMN rare_trace.element.rt_tap_probe IS 'probe';
COMMENT ON OPERATOR FAMILY rare_trace.rt_tap_probe_family USING btree IS 'probe';

SELECT is_empty(
    $$SELECT what FROM rt_member_without_comment WHERE what LIKE '%rt_tap%'
      UNION ALL
      SELECT what FROM rt_column_without_comment WHERE what LIKE '%rt_tap%'$$,
    'self-test: once commented, the probes are no longer reported');

SELECT * FROM finish();
ROLLBACK;
