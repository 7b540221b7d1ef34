--
-- 09_catalog_completeness.sql: catch-all rules over every object the
-- extension owns, found through pg_depend (deptype 'e' on rare_trace's
-- pg_extension row) rather than listed by hand, so that an object added to
-- a future install or update script is covered without touching this file:
--
--   * every member object (function, operator, operator class, cast, table,
--     type, ... of any kind) has a COMMENT;
--   * every column of a member table (or view) has a COMMENT;
--   * every member function is PARALLEL SAFE, except those in the explicit,
--     justified exemption list rt_parallel_exempt below (trigger functions,
--     DDL, writes), and every exemption is still needed;
--   * exactly three member functions are SECURITY DEFINER: enforce_quota(),
--     declaration_guard() (0.4.0: it writes declaration_log) and
--     enforce_export_licence() (0.4.0: it writes export_licence.used_kg);
--   * every member function that may read tables -- every one not written
--     in C, every SECURITY DEFINER one, and every C function that is not
--     IMMUTABLE (an IMMUTABLE function may not read tables; the STABLE and
--     VOLATILE C ones query the registry or the ledger through SPI) -- pins
--     search_path with a SET clause, except those in the explicit, justified
--     exemption list rt_path_exempt below (each still needed).  Aggregates
--     (prokind 'a') are not functions of their own here: their pg_proc row
--     says LANGUAGE internal and runs nothing itself; their support
--     functions are members and are checked as functions;
--     a SECURITY DEFINER one's search_path ends in pg_temp, and every pinned
--     search_path names only pg_catalog, rare_trace and pg_temp (schemas no
--     unprivileged role can create objects in).
--
-- Exempt are only objects PostgreSQL creates implicitly along with another
-- one: the operator family of CREATE OPERATOR CLASS (same name and access
-- method as the class, containing it), the sequence of a serial or
-- identity column (owned by that column), and -- members on PostgreSQL 17
-- and later only -- the array type of a type and the row type of a table or
-- view (a composite type whose relation is not itself a composite type made
-- by CREATE TYPE ... AS).  An explicitly created family, sequence or
-- composite type still needs a comment.  Columns are those of tables, views,
-- materialized views, foreign tables and composite types.
--
-- The last part checks the checks: inside this (rolled back) transaction it
-- adds an uncommented, parallel-unsafe SQL function without a SET clause,
-- a STABLE C function without one, SECURITY DEFINER functions with a
-- missing and a pg_temp-first search_path, a function searching public, an
-- aggregate over a STABLE SQL transition function without a SET clause, an
-- uncommented column, an uncommented explicit operator family and sequence
-- to the extension and expects the catch-all queries to name them (whatever
-- else they report), but not the implicit families, a serial column's
-- sequence, the IMMUTABLE C functions, the aggregate itself or the
-- search_path exemption.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(29);

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
                         WHERE s.oid = m.objid AND s.relkind = 'S'))
   AND NOT (m.classid = 'pg_catalog.pg_type'::regclass
            AND EXISTS (SELECT 1
                          FROM pg_catalog.pg_type t
                         WHERE t.oid = m.objid
                           AND (EXISTS (SELECT 1 FROM pg_catalog.pg_type e
                                         WHERE e.typarray = t.oid)
                                OR EXISTS (SELECT 1 FROM pg_catalog.pg_class r
                                            WHERE r.oid = t.typrelid
                                              AND r.relkind <> 'c'))));

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
       CASE p.proparallel WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END AS what,
       p.oid::regprocedure::text AS sig, p.proparallel
  FROM rt_member m
  JOIN pg_catalog.pg_proc p ON p.oid = m.objid
 WHERE m.classid = 'pg_catalog.pg_proc'::regclass
   AND p.proparallel <> 's';

-- The only member functions allowed not to be PARALLEL SAFE, and why.  Each
-- must be PARALLEL UNSAFE (not RESTRICTED): it writes, or is a trigger.
CREATE TEMP TABLE rt_parallel_exempt (sig text PRIMARY KEY, reason text NOT NULL);
INSERT INTO rt_parallel_exempt VALUES
    ('enterprise_check_parent()',
     'trigger function: fires only inside an INSERT or UPDATE of rare_trace.enterprise (and LOCKs it)'),
    ('quota_check_delete()',
     'trigger function: fires only inside a DELETE from rare_trace.quota'),
    ('quota_table_check()',
     'trigger function: fires only inside an INSERT or UPDATE of rare_trace.quota_table'),
    ('enforce_quota()',
     'trigger function that writes: UPDATEs rare_trace.quota.used_t'),
    ('attach_quota(regclass,text,text,text,text,boolean,boolean)',
     'DDL and a write: CREATE TRIGGER and INSERT INTO rare_trace.quota_table'),
    ('quota_reconcile(boolean)',
     'writes: with repair => true it locks (FOR UPDATE) and UPDATEs rare_trace.quota'),
    ('licence_reconcile(boolean)',
     'writes (0.5.0): with repair => true it locks (FOR UPDATE) and UPDATEs rare_trace.export_licence'),
    -- 0.3.0: the flow ledger's triggers
    ('flow_append()',
     'trigger function that writes: fires only inside an INSERT into rare_trace.flow; locks (SELECT ... FOR UPDATE), creates (INSERT ... ON CONFLICT DO NOTHING) and, as the transaction commits, UPDATEs rare_trace.flow_chain rows'),
    ('flow_reject()',
     'trigger function: fires only inside an UPDATE, DELETE or TRUNCATE of rare_trace.flow, and only raises RTL01 (append-only)'),
    -- 0.3.1: the chain heads are written by a deferred constraint trigger
    ('flow_write_head()',
     'trigger function that writes: fires (deferred, at commit) only after an INSERT into rare_trace.flow; UPDATEs rare_trace.flow_chain rows'),
    ('flow_head_pending(text,bigint)',
     'WHEN condition of the trigger flow_write_head: reads the chain heads this backend keeps for its transaction, which a parallel worker does not have'),
    -- 0.4.0: export controls and declarations
    ('export_control_guard()',
     'trigger function: fires only inside a write of rare_trace.export_control or export_control_suspension'),
    ('declaration_guard()',
     'trigger function that writes: fires inside a write of a user''s declaration table and INSERTs into rare_trace.declaration_log'),
    -- 0.4.0: the origin rules' guard
    ('origin_rule_guard()',
     'trigger function: fires only inside an INSERT, UPDATE or DELETE of rare_trace.origin_rule or origin_rule_view'),
    -- 0.4.0: export licences
    ('export_licence_guard()',
     'trigger function: fires only inside a write of rare_trace.export_licence'),
    ('enforce_export_licence()',
     'trigger function that writes: UPDATEs rare_trace.export_licence.used_kg'),
    ('attach_export_licence(regclass,text,text,text,text)',
     'DDL and a write: CREATE TRIGGER and INSERT INTO rare_trace.export_licence_table'),
    -- 0.5.0: flat views over a user's table
    ('create_flat_view(regclass,text,text)',
     'DDL: CREATE VIEW and COMMENT ON VIEW (through create_flat_view_in)'),
    ('create_flat_view_in(name,regclass,text,text)',
     'DDL: CREATE VIEW and COMMENT ON VIEW');

-- Member functions that are not PARALLEL SAFE and not exempt.
CREATE TEMP VIEW rt_function_parallel_unjustified AS
SELECT n.what
  FROM rt_function_not_parallel_safe n
 WHERE NOT EXISTS (SELECT 1 FROM rt_parallel_exempt x WHERE x.sig = n.sig);

-- Member functions with their pinned search_path (NULL: no SET search_path),
-- as a list of schema names.
CREATE TEMP VIEW rt_function_path AS
SELECT m.what, p.oid::regprocedure::text AS sig, l.lanname, p.prosecdef,
       (SELECT pg_catalog.array_agg(pg_catalog.btrim(s, ' "') ORDER BY n)
          FROM pg_catalog.unnest(p.proconfig) AS c(setting),
               pg_catalog.unnest(pg_catalog.string_to_array(
                   pg_catalog.substr(c.setting, pg_catalog.length('search_path=') + 1), ','))
                 WITH ORDINALITY AS e(s, n)
         WHERE c.setting LIKE 'search\_path=%') AS path
  FROM rt_member m
  JOIN pg_catalog.pg_proc p ON p.oid = m.objid
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
 WHERE m.classid = 'pg_catalog.pg_proc'::regclass;

-- Functions that may read tables (not C, SECURITY DEFINER, or not
-- IMMUTABLE); aggregates are left to their support functions.
CREATE TEMP VIEW rt_function_reads AS
SELECT f.*
  FROM rt_function_path f
  JOIN pg_catalog.pg_proc p ON p.oid = f.sig::regprocedure
 WHERE p.prokind <> 'a'
   AND (f.lanname <> 'c' OR f.prosecdef OR p.provolatile <> 'i');

-- The only member functions that may read tables allowed to have no SET
-- search_path, and why.  Each must still need it: a member that may read
-- tables, not SECURITY DEFINER, without a SET clause.
CREATE TEMP TABLE rt_path_exempt (sig text PRIMARY KEY, reason text NOT NULL);
INSERT INTO rt_path_exempt VALUES
    ('flow_append()',
     'BEFORE INSERT FOR EACH ROW trigger of rare_trace.flow: a SET clause is applied on every row it fires '
     'for, about 5 us per row (100,000-row INSERT ... SELECT: 1.54 s -> 2.07 s of backend CPU, as the '
     'install script says; re-measured for this list at +4 to +5.6 us per row, about as much as the '
     'hashing). '
     'It needs none: its only SQL -- locking, creating and writing back the chain heads in '
     'rare_trace.flow_chain, and the correction lookup in rare_trace.flow -- names every table and '
     'operator with its schema and runs as the table owner only around those statements, like '
     'PostgreSQL''s foreign-key triggers; the canonical bytes it hashes ignore TimeZone, DateStyle and '
     'every other session setting.'),
    ('flow_head_pending(text,bigint)',
     'WHEN condition of the trigger flow_write_head, evaluated for every row inserted into rare_trace.flow: '
     'a SET clause would be paid on every row, as for flow_append(). It needs none: it runs no SQL and '
     'reads only the chain heads this backend keeps for its transaction.'),
    ('export_check(rare_lot,text,text,date)',
     'the per-lot export check (issue 9: at most 2x the cost of reading the lot''s text form): a SET clause '
     'costs microseconds per call, more than the check itself. It needs none: it reads the rules once per '
     'statement through SPI queries that name every table, function and operator with its schema.'),
    ('licence_required(rare_lot,text,text,date)',
     'the same implementation as export_check (src/export_check.c), called per lot: same reason'),
    ('create_flat_view(regclass,text,text)',
     'it reads the caller''s creation schema (current_schema(), the schema an unqualified CREATE VIEW '
     'would use), which a SET clause would replace before the body runs. It needs none: its one '
     'statement calls rare_trace.create_flat_view_in() and pg_catalog.current_schema() by their '
     'qualified names, and create_flat_view_in() (pinned search_path) does all the work.');

-- Functions that may read tables without SET search_path, and not exempt.
CREATE TEMP VIEW rt_function_path_missing AS
SELECT r.what FROM rt_function_reads r
 WHERE r.path IS NULL
   AND NOT EXISTS (SELECT 1 FROM rt_path_exempt x WHERE x.sig = r.sig);

-- SECURITY DEFINER functions whose search_path does not end in pg_temp.
CREATE TEMP VIEW rt_definer_path_not_temp_last AS
SELECT what FROM rt_function_path
 WHERE prosecdef
   AND (path IS NULL OR path[pg_catalog.cardinality(path)] <> 'pg_temp');

-- Pinned search paths naming a schema other than pg_catalog, rare_trace, pg_temp.
CREATE TEMP VIEW rt_function_path_foreign_schema AS
SELECT what || ' searches ' || s AS what
  FROM rt_function_path, pg_catalog.unnest(path) AS s
 WHERE s NOT IN ('pg_catalog', 'rare_trace', 'pg_temp');

--
-- The rules
--
SELECT ok((SELECT count(*) FROM rt_member) > 0,
          'the catch-all finds the extension''s members through pg_depend (not vacuous)');

SELECT is_empty($$SELECT what FROM rt_member_without_comment$$,
    'every object owned by rare_trace (functions, operators, opclasses, casts, tables, types, ...) has a COMMENT');

SELECT is_empty($$SELECT what FROM rt_column_without_comment$$,
    'every column of every table (or view) owned by rare_trace has a COMMENT');

SELECT is_empty($$SELECT what FROM rt_function_parallel_unjustified$$,
    'every function owned by rare_trace is PARALLEL SAFE, except the justified exemptions');

SELECT is_empty(
    $$SELECT x.sig || ' is exempt but ' ||
             COALESCE(CASE n.proparallel WHEN 'r' THEN 'PARALLEL RESTRICTED' END,
                      'PARALLEL SAFE or not a member')
        FROM rt_parallel_exempt x
        LEFT JOIN rt_function_not_parallel_safe n ON n.sig = x.sig
       WHERE n.proparallel IS DISTINCT FROM 'u'$$,
    'every parallel-safety exemption names a member function that is PARALLEL UNSAFE (the list does not rot)');

SELECT results_eq(
    $$SELECT sig FROM rt_function_path WHERE prosecdef ORDER BY sig$$,
    $$VALUES ('declaration_guard()'::text), ('enforce_export_licence()'), ('enforce_quota()')$$,
    'exactly three functions owned by rare_trace are SECURITY DEFINER: declaration_guard(), enforce_export_licence() and enforce_quota()');

SELECT set_has($$SELECT sig FROM rt_function_reads$$,
    $$VALUES ('enforce_quota()'), ('approval_problem(text,text,date,date)'),
             ('applicable_quotas(text,integer,text,text)'), ('quota_check_detail(rare_lot,date,text,text)'),
             ('quota_reconcile(boolean)'), ('enterprise_check_parent()'), ('quota_check_delete()'),
             ('quota_table_check()'), ('enforced_columns(regclass,text,text,text,text)'),
             ('provenance_issues(provenance)'), ('verify_ledger(text)'), ('flow_append()'),
             ('flow_reject()'), ('ledger_provenance(text)'), ('lot_provenance(text)'),
             ('flow_write_head()'), ('flow_head_pending(text,bigint)')$$,
    'the search_path rule sees the table-reading functions, C, SQL and PL/pgSQL (not vacuous)');

SELECT is_empty(
    $$SELECT sig FROM rt_function_reads
      WHERE sig IN ('provenance(rare_lot,rare_lot,numeric)', 'provenance_rows(provenance)',
                    'flow_canonical(flow)', 'provenance_final(internal)')$$,
    'the search_path rule leaves out the aggregate provenance (LANGUAGE internal) and IMMUTABLE C functions like its support functions, provenance_rows and flow_canonical');

SELECT is_empty($$SELECT what FROM rt_function_path_missing$$,
    'every function owned by rare_trace that may read tables (not C, SECURITY DEFINER, or not IMMUTABLE) has SET search_path, except the justified exemptions');

SELECT is_empty(
    $$SELECT x.sig || ' is exempt but ' ||
             CASE WHEN r.sig IS NULL THEN 'not a member that may read tables'
                  WHEN r.prosecdef THEN 'SECURITY DEFINER (it must pin search_path)'
                  ELSE 'has SET search_path' END
        FROM rt_path_exempt x
        LEFT JOIN rt_function_reads r ON r.sig = x.sig
       WHERE r.sig IS NULL OR r.prosecdef OR r.path IS NOT NULL$$,
    'every search_path exemption names a member function that may read tables, is not SECURITY DEFINER and has no SET search_path (the list does not rot)');

SELECT results_eq(
    $$SELECT sig FROM rt_path_exempt ORDER BY sig$$,
    $$VALUES ('create_flat_view(regclass,text,text)'::text), ('export_check(rare_lot,text,text,date)'), ('flow_append()'),
             ('flow_head_pending(text,bigint)'), ('licence_required(rare_lot,text,text,date)')$$,
    'the only functions exempt from SET search_path are flow_append() and flow_head_pending(), the ledger''s row trigger and the WHEN condition evaluated on every row, the per-lot export check (export_check, licence_required), and create_flat_view(), which reads the caller''s creation schema');

SELECT is_empty($$SELECT what FROM rt_definer_path_not_temp_last$$,
    'every SECURITY DEFINER function owned by rare_trace has a search_path ending in pg_temp');

SELECT is_empty($$SELECT what FROM rt_function_path_foreign_schema$$,
    'every pinned search_path names only pg_catalog, rare_trace and pg_temp');

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

SELECT set_has($$SELECT what FROM rt_function_parallel_unjustified$$,
    $$VALUES ('function rt_tap_probe() is PARALLEL UNSAFE')$$,
    'self-test: a PARALLEL UNSAFE function added to the extension is reported');

SELECT set_has($$SELECT what FROM rt_function_path_missing$$,
    $$VALUES ('function rt_tap_probe()')$$,
    'self-test: a SQL function without SET search_path is reported');

-- a STABLE C function (one that may query tables) without SET search_path
CREATE FUNCTION rare_trace.rt_tap_c_stable(text, text, date, date) RETURNS text
    LANGUAGE c STABLE STRICT AS '$libdir/rare_trace', 'rare_trace_approval_problem';
ALTER EXTENSION rare_trace ADD FUNCTION rare_trace.rt_tap_c_stable(text, text, date, date);

SELECT set_has($$SELECT what FROM rt_function_path_missing$$,
    $$VALUES ('function rt_tap_c_stable(text,text,date,date)')$$,
    'self-test: a STABLE C function without SET search_path is reported');

SELECT is_empty(
    $$SELECT what FROM rt_function_path_missing WHERE what NOT LIKE 'function rt\_tap%'$$,
    'self-test: IMMUTABLE C functions (the rare_lot and provenance ones), the aggregate provenance and the exempt flow_append(), flow_head_pending(), export_check and licence_required are not reported');

-- an aggregate over a STABLE SQL transition function without SET
-- search_path: the transition function is reported, the aggregate is not
CREATE FUNCTION rare_trace.rt_tap_agg_step(int, int) RETURNS int
    LANGUAGE sql STABLE AS 'SELECT $1 + $2';
CREATE AGGREGATE rare_trace.rt_tap_agg(int) (
    SFUNC = rare_trace.rt_tap_agg_step, STYPE = int, INITCOND = '0');
ALTER EXTENSION rare_trace ADD FUNCTION rare_trace.rt_tap_agg_step(int, int);
ALTER EXTENSION rare_trace ADD AGGREGATE rare_trace.rt_tap_agg(int);

SELECT results_eq(
    $$SELECT what FROM rt_function_path_missing WHERE what LIKE 'function rt\_tap\_agg%' ORDER BY 1$$,
    $$VALUES ('function rt_tap_agg_step(integer,integer)')$$,
    'self-test: an aggregate''s transition function without SET search_path is reported, the aggregate itself is not');

-- without its exemption, flow_append() would be reported
DELETE FROM rt_path_exempt WHERE sig = 'flow_append()';
SELECT set_has($$SELECT what FROM rt_function_path_missing$$,
    $$VALUES ('function flow_append()')$$,
    'self-test: flow_append() is reported once its exemption is removed (the exemption is what lets it pass)');
INSERT INTO rt_path_exempt VALUES ('flow_append()', 'restored after the self-test');

CREATE FUNCTION rare_trace.rt_tap_definer_nopath() RETURNS int
    LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
CREATE FUNCTION rare_trace.rt_tap_definer_temp_first() RETURNS int
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_temp, pg_catalog AS 'SELECT 1';
CREATE FUNCTION rare_trace.rt_tap_public_path() RETURNS int
    LANGUAGE sql SET search_path = public, pg_temp AS 'SELECT 1';
ALTER EXTENSION rare_trace ADD FUNCTION rare_trace.rt_tap_definer_nopath();
ALTER EXTENSION rare_trace ADD FUNCTION rare_trace.rt_tap_definer_temp_first();
ALTER EXTENSION rare_trace ADD FUNCTION rare_trace.rt_tap_public_path();

SELECT set_eq(
    $$SELECT sig FROM rt_function_path WHERE prosecdef$$,
    $$VALUES ('enforce_quota()'), ('declaration_guard()'), ('enforce_export_licence()'), ('rt_tap_definer_nopath()'), ('rt_tap_definer_temp_first()')$$,
    'self-test: SECURITY DEFINER functions added to the extension are seen');

SELECT set_eq(
    $$SELECT what FROM rt_definer_path_not_temp_last$$,
    $$VALUES ('function rt_tap_definer_nopath()'), ('function rt_tap_definer_temp_first()')$$,
    'self-test: SECURITY DEFINER without search_path, or with pg_temp not last, is reported');

SELECT set_eq(
    $$SELECT what FROM rt_function_path_foreign_schema$$,
    $$VALUES ('function rt_tap_public_path() searches public')$$,
    'self-test: a search_path naming public is reported');

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

-- an explicit composite type and a table, both without a comment: they
-- are reported, their array types and the table's row type (members on
-- PostgreSQL 17 and later) are not
CREATE TYPE rare_trace.rt_tap_probe_type AS (a int);
COMMENT ON COLUMN rare_trace.rt_tap_probe_type.a IS 'probe';
ALTER EXTENSION rare_trace ADD TYPE rare_trace.rt_tap_probe_type;
CREATE TABLE rare_trace.rt_tap_probe_table (a int);
COMMENT ON COLUMN rare_trace.rt_tap_probe_table.a IS 'probe';
ALTER EXTENSION rare_trace ADD TABLE rare_trace.rt_tap_probe_table;

SELECT results_eq(
    $$SELECT what FROM rt_member_without_comment WHERE what LIKE '%rt\_tap\_probe\_t%' ORDER BY 1$$,
    $$VALUES ('table rt_tap_probe_table'), ('type rt_tap_probe_type')$$,
    'self-test: an explicit composite type and a table without a comment are reported, their implicit array and row types (members on PostgreSQL 17+) are not');

COMMENT ON TYPE rare_trace.rt_tap_probe_type IS 'probe';
COMMENT ON TABLE rare_trace.rt_tap_probe_table IS 'probe';
COMMENT ON SEQUENCE rare_trace.rt_tap_free_seq IS 'probe';
COMMENT ON FUNCTION rare_trace.rt_tap_probe() IS 'probe';
COMMENT ON FUNCTION rare_trace.rt_tap_definer_nopath() IS 'probe';
COMMENT ON FUNCTION rare_trace.rt_tap_definer_temp_first() IS 'probe';
COMMENT ON FUNCTION rare_trace.rt_tap_public_path() IS 'probe';
COMMENT ON FUNCTION rare_trace.rt_tap_c_stable(text, text, date, date) IS 'probe';
COMMENT ON FUNCTION rare_trace.rt_tap_agg_step(int, int) IS 'probe';
COMMENT ON AGGREGATE rare_trace.rt_tap_agg(int) IS 'probe';
COMMENT ON COLUMN rare_trace.element.rt_tap_probe IS 'probe';
COMMENT ON OPERATOR FAMILY rare_trace.rt_tap_probe_family USING btree IS 'probe';

SELECT is_empty(
    $$SELECT what FROM rt_member_without_comment WHERE what LIKE '%rt_tap%'
      UNION ALL
      SELECT what FROM rt_column_without_comment WHERE what LIKE '%rt_tap%'$$,
    'self-test: once commented, the probes are no longer reported');

SELECT * FROM finish();
ROLLBACK;
