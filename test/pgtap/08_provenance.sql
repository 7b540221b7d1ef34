--
-- 08_provenance.sql: the catalog contract of the provenance objects of
-- 0.3.0 (rare_trace--0.2.0--0.3.0.sql):
--
--   * type provenance: a varlena base type with jsonb's physical layout
--     (so that the cast to jsonb can be WITHOUT FUNCTION), its four I/O
--     functions LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
--   * the cast provenance -> jsonb: binary coercible, AS ASSIGNMENT, and
--     no other cast involving provenance;
--   * the aggregate provenance(parent rare_lot, child rare_lot, kg numeric):
--     a plain aggregate (aggkind n) over an internal state, with combine,
--     serialize and deserialize functions, a read-only final function, no
--     moving-aggregate support, PARALLEL SAFE;
--   * its support functions: C, IMMUTABLE, PARALLEL SAFE; the transition,
--     combine and final functions not STRICT (they handle NULL states and
--     skip NULL rows themselves), serialize and deserialize STRICT;
--   * provenance_rows (LANGUAGE C, ROWS 100; being IMMUTABLE C it reads no
--     table and needs no SET search_path) and provenance_issues (LANGUAGE
--     sql, search_path pinned to pg_catalog, pg_temp): IMMUTABLE STRICT
--     PARALLEL SAFE set-returning functions, and their OUT columns.
-- Every object has a COMMENT; nothing is SECURITY DEFINER.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(141);

--
-- The type
--
SELECT has_type('rare_trace', 'provenance', 'type rare_trace.provenance exists');
SELECT has_type('rare_trace', '_provenance', 'array type rare_trace._provenance exists');

SELECT results_eq(
    $$SELECT t.typtype::text, t.typlen::int, t.typbyval, t.typalign::text, t.typstorage::text,
             t.typinput::regproc::text, t.typoutput::regproc::text,
             t.typreceive::regproc::text, t.typsend::regproc::text,
             t.typmodin::oid::int, t.typanalyze::oid::int, t.typcategory::text
        FROM pg_catalog.pg_type t
       WHERE t.oid = 'rare_trace.provenance'::regtype$$,
    $$VALUES ('b', -1, false, 'i', 'x', 'provenance_in', 'provenance_out',
              'provenance_recv', 'provenance_send', 0, 0, 'U')$$,
    'provenance is a base type: varlena, int4 alignment, storage extended, provenance_in/out/recv/send, no typmod, default analyze');

SELECT results_eq(
    $$SELECT t.typlen::int, t.typbyval, t.typalign::text, t.typstorage::text
        FROM pg_catalog.pg_type t WHERE t.oid = 'rare_trace.provenance'::regtype$$,
    $$SELECT t.typlen::int, t.typbyval, t.typalign::text, t.typstorage::text
        FROM pg_catalog.pg_type t WHERE t.oid = 'pg_catalog.jsonb'::regtype$$,
    'provenance has jsonb''s length, passing, alignment and storage (its values are jsonb values)');

SELECT isnt(pg_catalog.obj_description('rare_trace.provenance'::regtype, 'pg_type'), NULL,
            'type provenance has a COMMENT');

SELECT is_empty(
    $$SELECT o.oid::regoperator::text FROM pg_catalog.pg_operator o
       WHERE 'rare_trace.provenance'::regtype IN (o.oprleft, o.oprright)$$,
    'no operator takes provenance (compare values as jsonb)');

--
-- I/O functions: 4 x 10 assertions
--
CREATE TEMP TABLE rt_pio (ord int PRIMARY KEY, name name, args name[], returns text, symbol text);
INSERT INTO rt_pio VALUES
    (1, 'provenance_in',   '{cstring}',    'provenance', 'rare_trace_provenance_in'),
    (2, 'provenance_out',  '{provenance}', 'cstring',    'rare_trace_provenance_out'),
    (3, 'provenance_recv', '{internal}',   'provenance', 'rare_trace_provenance_recv'),
    (4, 'provenance_send', '{provenance}', 'bytea',      'rare_trace_provenance_send');
CREATE TEMP VIEW rt_pio_sig AS
SELECT f.*, name || '(' || array_to_string(args, ',') || ')' AS sig,
       pg_catalog.to_regprocedure('rare_trace.' || name || '(' || array_to_string(args, ',') || ')') AS oid
  FROM rt_pio f;

SELECT has_function('rare_trace', name, args, sig || ' exists') FROM rt_pio_sig ORDER BY ord;
SELECT function_returns('rare_trace', name, args, returns, sig || ' returns ' || returns)
  FROM rt_pio_sig ORDER BY ord;
SELECT function_lang_is('rare_trace', name, args, 'c', sig || ' is LANGUAGE c') FROM rt_pio_sig ORDER BY ord;
SELECT volatility_is('rare_trace', name, args, 'immutable', sig || ' is IMMUTABLE') FROM rt_pio_sig ORDER BY ord;
SELECT is_strict('rare_trace', name, args, sig || ' is STRICT') FROM rt_pio_sig ORDER BY ord;
SELECT is((SELECT p.proparallel FROM pg_catalog.pg_proc p WHERE p.oid = f.oid), 's'::"char",
          f.sig || ' is PARALLEL SAFE')
  FROM rt_pio_sig f ORDER BY ord;
SELECT isnt_definer('rare_trace', name, args, sig || ' is SECURITY INVOKER') FROM rt_pio_sig ORDER BY ord;
SELECT is((SELECT p.probin || ':' || p.prosrc FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          '$libdir/rare_trace:' || f.symbol,
          f.sig || ' is ' || f.symbol || ' in $libdir/rare_trace')
  FROM rt_pio_sig f ORDER BY ord;
SELECT is((SELECT p.proconfig FROM pg_catalog.pg_proc p WHERE p.oid = f.oid), NULL,
          f.sig || ' has no SET clause')
  FROM rt_pio_sig f ORDER BY ord;
SELECT isnt(pg_catalog.obj_description(f.oid, 'pg_proc'), NULL, f.sig || ' has a COMMENT')
  FROM rt_pio_sig f ORDER BY ord;

--
-- The cast to jsonb
--
SELECT has_cast('provenance', 'jsonb', 'cast provenance -> jsonb exists');
SELECT cast_context_is('provenance', 'jsonb', 'assignment', 'cast provenance -> jsonb is AS ASSIGNMENT');
SELECT set_eq(
    $$SELECT c.castsource::regtype::text, c.casttarget::regtype::text,
             c.castmethod::text, c.castcontext::text, c.castfunc::int
        FROM pg_catalog.pg_cast c
       WHERE 'rare_trace.provenance'::regtype IN (c.castsource, c.casttarget)$$,
    $$VALUES ('provenance', 'jsonb', 'b', 'a', 0)$$,
    'the only cast involving provenance: to jsonb, binary coercible (WITHOUT FUNCTION), AS ASSIGNMENT');
SELECT isnt(
    (SELECT pg_catalog.obj_description(c.oid, 'pg_cast') FROM pg_catalog.pg_cast c
      WHERE c.castsource = 'rare_trace.provenance'::regtype AND c.casttarget = 'pg_catalog.jsonb'::regtype),
    NULL, 'cast provenance -> jsonb has a COMMENT');

--
-- The aggregate
--
SELECT has_function('rare_trace', 'provenance', ARRAY['rare_lot', 'rare_lot', 'numeric'],
                    'provenance(rare_lot,rare_lot,numeric) exists');
SELECT is_aggregate('rare_trace', 'provenance', ARRAY['rare_lot', 'rare_lot', 'numeric'],
                    'provenance(rare_lot,rare_lot,numeric) is an aggregate');
SELECT function_returns('rare_trace', 'provenance', ARRAY['rare_lot', 'rare_lot', 'numeric'], 'provenance',
                        'provenance(rare_lot,rare_lot,numeric) returns provenance');
SELECT is(
    (SELECT p.proparallel FROM pg_catalog.pg_proc p
      WHERE p.oid = 'rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure),
    's'::"char", 'aggregate provenance is PARALLEL SAFE');
SELECT is(
    (SELECT p.provolatile FROM pg_catalog.pg_proc p
      WHERE p.oid = 'rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure),
    'i'::"char", 'aggregate provenance''s pg_proc row says IMMUTABLE (as for every aggregate; its support functions are checked below)');
SELECT is(
    (SELECT p.proargnames::text[] FROM pg_catalog.pg_proc p
      WHERE p.oid = 'rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure),
    ARRAY['parent', 'child', 'kg'],
    'aggregate provenance''s arguments are named parent, child, kg');
SELECT isnt(pg_catalog.obj_description('rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure, 'pg_proc'),
            NULL, 'aggregate provenance has a COMMENT');
SELECT is_empty(
    $$SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace AND p.proname = 'provenance'
         AND p.oid <> 'rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure$$,
    'provenance has no other overload');

SELECT results_eq(
    $$SELECT a.aggkind::text, a.aggnumdirectargs::int,
             a.aggtransfn::regprocedure::text, a.aggfinalfn::regprocedure::text,
             a.aggcombinefn::regprocedure::text, a.aggserialfn::regprocedure::text,
             a.aggdeserialfn::regprocedure::text,
             a.aggtranstype::regtype::text, a.agginitval,
             a.aggfinalextra, a.aggfinalmodify::text, a.aggsortop::int
        FROM pg_catalog.pg_aggregate a
       WHERE a.aggfnoid = 'rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure$$,
    $$VALUES ('n', 0,
              'provenance_accum(internal,rare_lot,rare_lot,numeric)', 'provenance_final(internal)',
              'provenance_combine(internal,internal)', 'provenance_serialize(internal)',
              'provenance_deserialize(bytea,internal)',
              'internal', NULL::text, false, 'r', 0)$$,
    'pg_aggregate: a normal aggregate over an internal state, SFUNC provenance_accum, FINALFUNC provenance_final (READ_ONLY, no extra args), COMBINEFUNC, SERIALFUNC, DESERIALFUNC, no INITCOND, no sort operator');

SELECT results_eq(
    $$SELECT a.aggmtransfn::int, a.aggminvtransfn::int, a.aggmfinalfn::int, a.aggmtranstype::int
        FROM pg_catalog.pg_aggregate a
       WHERE a.aggfnoid = 'rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure$$,
    $$VALUES (0, 0, 0, 0)$$,
    'aggregate provenance has no moving-aggregate mode');

-- the partial-aggregation chain is complete (PostgreSQL needs all three
-- for an internal state to be parallel) and type-correct
SELECT ok(
    (SELECT a.aggcombinefn <> 0 AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0
       FROM pg_catalog.pg_aggregate a
      WHERE a.aggfnoid = 'rare_trace.provenance(rare_lot,rare_lot,numeric)'::regprocedure),
    'aggregate provenance has combine, serialize and deserialize functions (partial aggregation)');

--
-- The aggregate's support functions: 5 x 10 assertions
--
CREATE TEMP TABLE rt_pagg (ord int PRIMARY KEY, name name, args name[], returns text, strict bool, symbol text);
INSERT INTO rt_pagg VALUES
    (1, 'provenance_accum',       '{internal,rare_lot,rare_lot,numeric}', 'internal',   false, 'rare_trace_provenance_accum'),
    (2, 'provenance_combine',     '{internal,internal}',                  'internal',   false, 'rare_trace_provenance_combine'),
    (3, 'provenance_serialize',   '{internal}',                           'bytea',      true,  'rare_trace_provenance_serialize'),
    (4, 'provenance_deserialize', '{bytea,internal}',                     'internal',   true,  'rare_trace_provenance_deserialize'),
    (5, 'provenance_final',       '{internal}',                           'provenance', false, 'rare_trace_provenance_final');
CREATE TEMP VIEW rt_pagg_sig AS
SELECT f.*, name || '(' || array_to_string(args, ',') || ')' AS sig,
       pg_catalog.to_regprocedure('rare_trace.' || name || '(' || array_to_string(args, ',') || ')') AS oid
  FROM rt_pagg f;

SELECT has_function('rare_trace', name, args, sig || ' exists') FROM rt_pagg_sig ORDER BY ord;
SELECT function_returns('rare_trace', name, args, returns, sig || ' returns ' || returns)
  FROM rt_pagg_sig ORDER BY ord;
SELECT function_lang_is('rare_trace', name, args, 'c', sig || ' is LANGUAGE c') FROM rt_pagg_sig ORDER BY ord;
SELECT volatility_is('rare_trace', name, args, 'immutable', sig || ' is IMMUTABLE') FROM rt_pagg_sig ORDER BY ord;
SELECT CASE WHEN strict THEN is_strict('rare_trace', name, args, sig || ' is STRICT')
            ELSE isnt_strict('rare_trace', name, args, sig || ' is not STRICT') END
  FROM rt_pagg_sig ORDER BY ord;
SELECT is((SELECT p.proparallel FROM pg_catalog.pg_proc p WHERE p.oid = f.oid), 's'::"char",
          f.sig || ' is PARALLEL SAFE')
  FROM rt_pagg_sig f ORDER BY ord;
SELECT isnt_definer('rare_trace', name, args, sig || ' is SECURITY INVOKER') FROM rt_pagg_sig ORDER BY ord;
SELECT is((SELECT p.probin || ':' || p.prosrc FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          '$libdir/rare_trace:' || f.symbol,
          f.sig || ' is ' || f.symbol || ' in $libdir/rare_trace')
  FROM rt_pagg_sig f ORDER BY ord;
SELECT is((SELECT p.proconfig FROM pg_catalog.pg_proc p WHERE p.oid = f.oid), NULL,
          f.sig || ' has no SET clause')
  FROM rt_pagg_sig f ORDER BY ord;
SELECT isnt(pg_catalog.obj_description(f.oid, 'pg_proc'), NULL, f.sig || ' has a COMMENT')
  FROM rt_pagg_sig f ORDER BY ord;

--
-- provenance_rows and provenance_issues: 2 x 12 assertions
--
CREATE TEMP TABLE rt_prow (ord int PRIMARY KEY, name name, lang name, config text[], src text,
                           prorows int, outs text[]);
INSERT INTO rt_prow VALUES
    (1, 'provenance_rows', 'c', NULL, '$libdir/rare_trace:rare_trace_provenance_rows', 100,
     '{sink_code text,element text,view text,country text,kg numeric,share numeric}'),
    (2, 'provenance_issues', 'sql', '{"search_path=pg_catalog, pg_temp"}', NULL, 1000,
     '{kind text,lot_code text,element text,kg numeric,detail text}');
CREATE TEMP VIEW rt_prow_sig AS
SELECT f.*, name || '(provenance)' AS sig,
       pg_catalog.to_regprocedure('rare_trace.' || name || '(rare_trace.provenance)') AS oid
  FROM rt_prow f;

SELECT has_function('rare_trace', name, ARRAY['provenance'], sig || ' exists') FROM rt_prow_sig ORDER BY ord;
SELECT function_returns('rare_trace', name, ARRAY['provenance'], 'setof record', sig || ' returns setof record')
  FROM rt_prow_sig ORDER BY ord;
SELECT function_lang_is('rare_trace', name, ARRAY['provenance'], lang, sig || ' is LANGUAGE ' || lang)
  FROM rt_prow_sig ORDER BY ord;
SELECT is((SELECT CASE WHEN p.probin IS NULL THEN NULL ELSE p.probin || ':' || p.prosrc END || ' ROWS ' || p.prorows
             FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          f.src || ' ROWS ' || f.prorows,
          f.sig || CASE WHEN f.src IS NULL THEN ' has its body in SQL' ELSE ' is ' || f.src END
                || ', ROWS ' || f.prorows)
  FROM rt_prow_sig f WHERE f.lang = 'c'
UNION ALL
SELECT is((SELECT p.probin IS NULL AND p.prorows = f.prorows FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          true, f.sig || ' has its body in SQL, ROWS ' || f.prorows)
  FROM rt_prow_sig f WHERE f.lang = 'sql';
SELECT volatility_is('rare_trace', name, ARRAY['provenance'], 'immutable', sig || ' is IMMUTABLE')
  FROM rt_prow_sig ORDER BY ord;
SELECT is_strict('rare_trace', name, ARRAY['provenance'], sig || ' is STRICT') FROM rt_prow_sig ORDER BY ord;
SELECT is((SELECT p.proparallel FROM pg_catalog.pg_proc p WHERE p.oid = f.oid), 's'::"char",
          f.sig || ' is PARALLEL SAFE')
  FROM rt_prow_sig f ORDER BY ord;
SELECT isnt_definer('rare_trace', name, ARRAY['provenance'], sig || ' is SECURITY INVOKER')
  FROM rt_prow_sig ORDER BY ord;
SELECT is((SELECT p.proconfig FROM pg_catalog.pg_proc p WHERE p.oid = f.oid), f.config,
          f.sig || CASE WHEN f.config IS NULL THEN ' has no SET clause (IMMUTABLE C)'
                        ELSE ' pins ' || array_to_string(f.config, '; ') END)
  FROM rt_prow_sig f ORDER BY ord;
SELECT is((SELECT array_agg(a.name || ' ' || a.type::regtype::text ORDER BY a.n)
             FROM pg_catalog.pg_proc p,
                  unnest(p.proargnames, p.proallargtypes, p.proargmodes) WITH ORDINALITY AS a(name, type, mode, n)
            WHERE p.oid = f.oid AND a.mode = 'o'),
          f.outs,
          f.sig || ' has the OUT columns ' || array_to_string(f.outs, ', '))
  FROM rt_prow_sig f ORDER BY ord;
SELECT is((SELECT p.proargnames[1] || ' ' || p.proargmodes[1]::text FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          'p i', f.sig || ' takes one IN argument named p')
  FROM rt_prow_sig f ORDER BY ord;
SELECT isnt(pg_catalog.obj_description(f.oid, 'pg_proc'), NULL, f.sig || ' has a COMMENT')
  FROM rt_prow_sig f ORDER BY ord;

--
-- Everything named provenance* in the schema is listed above
--
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace AND p.proname LIKE 'provenance%'$$,
    $$SELECT sig FROM rt_pio_sig UNION ALL SELECT sig FROM rt_pagg_sig UNION ALL SELECT sig FROM rt_prow_sig
      UNION ALL SELECT 'provenance(rare_lot,rare_lot,numeric)'
      -- 0.5.0: the DOT pictures (their contract is in 01_functions.sql)
      UNION ALL SELECT unnest(ARRAY['provenance_dot_final(internal)', 'provenance_dot(rare_lot,rare_lot,numeric)',
                                    'provenance_dot(provenance)', 'provenance_dot(text)'])$$,
    'the functions named provenance* are exactly the 4 I/O, 5 support, 2 row functions and the aggregate, and 0.5.0''s provenance_dot final function, aggregate and two functions');

SELECT set_eq(
    $$SELECT i.type || ' ' || i.identity
        FROM pg_catalog.pg_depend d
        JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid,
             LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, d.objsubid) AS i
       WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
         AND e.extname = 'rare_trace' AND d.deptype = 'e'
         AND i.identity ~ '^\(?rare_trace\.provenance'$$,
    ARRAY[
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
        -- 0.5.0: the DOT pictures
        'function rare_trace.provenance_dot_final(pg_catalog.internal)',
        'aggregate rare_trace.provenance_dot(rare_trace.rare_lot,rare_trace.rare_lot,numeric)',
        'function rare_trace.provenance_dot(rare_trace.provenance)',
        'function rare_trace.provenance_dot(pg_catalog.text)'
    ] || CASE WHEN pg_catalog.current_setting('server_version_num')::int >= 170000
              -- 17+ records the implicit array type as a member too (see 00_extension.sql)
              THEN ARRAY['type rare_trace.provenance[]'] ELSE ARRAY[]::text[] END,
    'the extension owns these 14 provenance objects (type, 4 I/O functions, cast, aggregate, 5 support functions, 2 row functions) and 0.5.0''s 4 provenance_dot objects (final function, aggregate, 2 functions), on PostgreSQL 17+ also the array type provenance[]');

--
-- Working as declared
--
SELECT results_eq(
    $$SELECT r.view, r.country, r.kg, r.share
        FROM provenance_rows((SELECT provenance(p::rare_lot, c::rare_lot, kg)
                                FROM (VALUES ('AU-LYNAS-T1 ore 1000kg Nd=10%', 'MY-LYNAS-T2 oxide 100kg Nd=100%', 1000::numeric))
                                     AS v(p, c, kg))) r$$,
    $$VALUES ('origin'::text, 'AU'::text, 100::numeric, 1::numeric),
             ('mining', 'AU', 100, 1), ('separation', 'MY', 100, 1)$$,
    'AU ore -> MY oxide: origin and mining AU, separation MY, 100 kg Nd each');

SELECT is(
    (SELECT pg_catalog.pg_typeof(provenance(p::rare_lot, c::rare_lot, kg))::text
       FROM (VALUES ('AU-LYNAS-T1 ore 1000kg Nd=10%', 'MY-LYNAS-T2 oxide 100kg Nd=100%', 1000::numeric)) AS v(p, c, kg)),
    'provenance', 'the aggregate returns a provenance value');

SELECT lives_ok(
    $$CREATE TEMP TABLE rt_pj AS SELECT NULL::jsonb AS j;
      INSERT INTO rt_pj SELECT provenance(p::rare_lot, c::rare_lot, kg)
        FROM (VALUES ('AU-LYNAS-T1 ore 1000kg Nd=10%', 'MY-LYNAS-T2 oxide 100kg Nd=100%', 1000::numeric)) AS v(p, c, kg)$$,
    'a provenance value goes into a jsonb column (assignment cast)');

SELECT throws_ok($$SELECT '{"sinks": []}'::rare_trace.provenance$$, '22P02', 'invalid provenance value',
                 'provenance_in rejects a value without an "issues" array (22P02)');

SELECT * FROM finish();
ROLLBACK;
