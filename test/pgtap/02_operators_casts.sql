--
-- 02_operators_casts.sql: comparison operators, the btree and hash operator
-- classes, and the four casts of rare_lot.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(26);

--
-- Operators: existence, then the full catalog row of each
--
SELECT has_operator('rare_lot', 'rare_trace', op, 'rare_lot', 'boolean',
                    'operator rare_lot ' || op || ' rare_lot returning boolean exists')
  FROM unnest(ARRAY['<', '<=', '=', '<>', '>=', '>']) WITH ORDINALITY AS o(op, n)
 ORDER BY n;

SELECT set_eq(
    $$SELECT o.oprname::text, o.oprkind::text, o.oprcode::regproc::text,
             o.oprcom::regoperator::text, o.oprnegate::regoperator::text,
             o.oprrest::regproc::text, o.oprjoin::regproc::text,
             o.oprcanhash, o.oprcanmerge
        FROM pg_catalog.pg_operator o
       WHERE o.oprnamespace = 'rare_trace'::regnamespace$$,
    $$VALUES
      ('<',  'b', 'rare_lot_lt', '>(rare_lot,rare_lot)',  '>=(rare_lot,rare_lot)', 'scalarltsel', 'scalarltjoinsel', false, false),
      ('<=', 'b', 'rare_lot_le', '>=(rare_lot,rare_lot)', '>(rare_lot,rare_lot)',  'scalarlesel', 'scalarlejoinsel', false, false),
      ('=',  'b', 'rare_lot_eq', '=(rare_lot,rare_lot)',  '<>(rare_lot,rare_lot)', 'eqsel',       'eqjoinsel',       true,  true),
      ('<>', 'b', 'rare_lot_ne', '<>(rare_lot,rare_lot)', '=(rare_lot,rare_lot)',  'neqsel',      'neqjoinsel',      false, false),
      ('>=', 'b', 'rare_lot_ge', '<=(rare_lot,rare_lot)', '<(rare_lot,rare_lot)',  'scalargesel', 'scalargejoinsel', false, false),
      ('>',  'b', 'rare_lot_gt', '<(rare_lot,rare_lot)',  '<=(rare_lot,rare_lot)', 'scalargtsel', 'scalargtjoinsel', false, false)$$,
    'the six operators of rare_trace: functions, commutators, negators, estimators; only = HASHES and MERGES');

SELECT is_empty(
    $$SELECT o.oid::regoperator::text
        FROM pg_catalog.pg_operator o
       WHERE o.oprnamespace = 'rare_trace'::regnamespace
         AND pg_catalog.obj_description(o.oid, 'pg_operator') IS NULL$$,
    'every operator in rare_trace has a COMMENT');

--
-- Operator classes
--
SELECT has_opclass('rare_trace', 'rare_lot_ops', 'operator class rare_trace.rare_lot_ops exists');
SELECT has_opclass('rare_trace', 'rare_lot_hash_ops', 'operator class rare_trace.rare_lot_hash_ops exists');

SELECT set_eq(
    $$SELECT c.opcname::text, a.amname::text, c.opcintype::regtype::text, c.opcdefault,
             f.opfname::text
        FROM pg_catalog.pg_opclass c
        JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
        JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily
       WHERE c.opcnamespace = 'rare_trace'::regnamespace$$,
    $$VALUES ('rare_lot_ops', 'btree', 'rare_lot', true, 'rare_lot_ops'),
             ('rare_lot_hash_ops', 'hash', 'rare_lot', true, 'rare_lot_hash_ops')$$,
    'opclasses: rare_lot_ops (btree) and rare_lot_hash_ops (hash), both DEFAULT for rare_lot, each in its own family');

SELECT is(
    (SELECT c.opcname::text FROM pg_catalog.pg_opclass c
       JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
      WHERE a.amname = 'btree' AND c.opcintype = 'rare_lot'::regtype AND c.opcdefault),
    'rare_lot_ops',
    'the default btree opclass for rare_lot is rare_lot_ops');

SELECT is(
    (SELECT c.opcname::text FROM pg_catalog.pg_opclass c
       JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
      WHERE a.amname = 'hash' AND c.opcintype = 'rare_lot'::regtype AND c.opcdefault),
    'rare_lot_hash_ops',
    'the default hash opclass for rare_lot is rare_lot_hash_ops');

SELECT set_eq(
    $$SELECT f.opfname::text, o.amopstrategy::int, o.amopopr::regoperator::text
        FROM pg_catalog.pg_amop o
        JOIN pg_catalog.pg_opfamily f ON f.oid = o.amopfamily
       WHERE f.opfnamespace = 'rare_trace'::regnamespace$$,
    $$VALUES ('rare_lot_ops', 1, '<(rare_lot,rare_lot)'),
             ('rare_lot_ops', 2, '<=(rare_lot,rare_lot)'),
             ('rare_lot_ops', 3, '=(rare_lot,rare_lot)'),
             ('rare_lot_ops', 4, '>=(rare_lot,rare_lot)'),
             ('rare_lot_ops', 5, '>(rare_lot,rare_lot)'),
             ('rare_lot_hash_ops', 1, '=(rare_lot,rare_lot)')$$,
    'opclass strategies: btree 1-5 are < <= = >= >, hash 1 is =');

SELECT set_eq(
    $$SELECT f.opfname::text, p.amprocnum::int, p.amproc::regprocedure::text
        FROM pg_catalog.pg_amproc p
        JOIN pg_catalog.pg_opfamily f ON f.oid = p.amprocfamily
       WHERE f.opfnamespace = 'rare_trace'::regnamespace$$,
    $$VALUES ('rare_lot_ops', 1, 'rare_lot_cmp(rare_lot,rare_lot)'),
             ('rare_lot_ops', 4, 'btequalimage(oid)'),
             ('rare_lot_hash_ops', 1, 'rare_lot_hash(rare_lot)'),
             ('rare_lot_hash_ops', 2, 'rare_lot_hash_extended(rare_lot,bigint)')$$,
    'opclass support functions: btree 1 rare_lot_cmp, 4 btequalimage (deduplication: equal lots are bitwise equal); hash 1 rare_lot_hash, 2 rare_lot_hash_extended');

SELECT is_empty(
    $$SELECT c.opcname
        FROM pg_catalog.pg_opclass c
       WHERE c.opcnamespace = 'rare_trace'::regnamespace
         AND pg_catalog.obj_description(c.oid, 'pg_opclass') IS NULL$$,
    'every operator class in rare_trace has a COMMENT');

--
-- Casts
--
SELECT has_cast('rare_lot', 'text', 'cast rare_lot -> text exists');
SELECT has_cast('text', 'rare_lot', 'cast text -> rare_lot exists');
SELECT has_cast('character varying', 'rare_lot', 'cast varchar -> rare_lot exists');
SELECT has_cast('rare_lot', 'jsonb', 'rare_trace', 'rare_lot_jsonb',
                'cast rare_lot -> jsonb exists, WITH FUNCTION rare_trace.rare_lot_jsonb');

SELECT cast_context_is('rare_lot', 'text', 'assignment',
                       'cast rare_lot -> text is AS ASSIGNMENT');
-- 0.5.0: assignment, so drivers' string parameters INSERT (pgjdbc's
-- setString sends varchar); not implicit (doc/type.md, "Casts")
SELECT cast_context_is('text', 'rare_lot', 'assignment',
                       'cast text -> rare_lot is AS ASSIGNMENT');
SELECT cast_context_is('character varying', 'rare_lot', 'assignment',
                       'cast varchar -> rare_lot is AS ASSIGNMENT');
SELECT cast_context_is('rare_lot', 'jsonb', 'explicit',
                       'cast rare_lot -> jsonb is explicit only');

SELECT set_eq(
    $$SELECT c.castsource::regtype::text, c.casttarget::regtype::text,
             c.castmethod::text, c.castcontext::text,
             COALESCE(NULLIF(c.castfunc, 0)::regprocedure::text, '-')
        FROM pg_catalog.pg_cast c
       WHERE c.castsource = 'rare_lot'::regtype OR c.casttarget = 'rare_lot'::regtype$$,
    $$VALUES ('rare_lot', 'text',     'i', 'a', '-'),
             ('text',     'rare_lot', 'i', 'a', '-'),
             ('character varying', 'rare_lot', 'i', 'a', '-'),
             ('rare_lot', 'jsonb',    'f', 'e', 'rare_lot_jsonb(rare_lot)')$$,
    'the only casts involving rare_lot: to/from text and from varchar WITH INOUT AS ASSIGNMENT, to jsonb WITH FUNCTION (explicit); none implicit');

SELECT is_empty(
    $$SELECT c.castsource::regtype::text || ' -> ' || c.casttarget::regtype::text
        FROM pg_catalog.pg_cast c
       WHERE (c.castsource = 'rare_lot'::regtype OR c.casttarget = 'rare_lot'::regtype)
         AND pg_catalog.obj_description(c.oid, 'pg_cast') IS NULL$$,
    'every cast involving rare_lot has a COMMENT');

SELECT * FROM finish();
ROLLBACK;
