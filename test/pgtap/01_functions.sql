--
-- 01_functions.sql: the contract of every function in schema rare_trace.
--
-- Data-driven: rt_fn lists each function once (name, argument types, return
-- type); every row gets the same seven assertions, and a set comparison
-- checks that the list and the schema agree both ways, so a new function
-- fails here until it is listed (and thus tested).
--
-- Argument and return types are spelled as regtype prints them with
-- search_path = rare_trace, public (e.g. bigint, not int8): pgTAP's
-- function_returns/volatility_is/is_strict compare those strings literally.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(212);

CREATE TEMP TABLE rt_fn (
    ord         int PRIMARY KEY,
    name        name NOT NULL,
    args        name[] NOT NULL,
    returns     text NOT NULL
);

INSERT INTO rt_fn VALUES
    -- type I/O
    ( 1, 'rare_lot_in',            '{cstring}',                 'rare_lot'),
    ( 2, 'rare_lot_out',           '{rare_lot}',                'cstring'),
    ( 3, 'rare_lot_recv',          '{internal}',                'rare_lot'),
    ( 4, 'rare_lot_send',          '{rare_lot}',                'bytea'),
    -- comparison and hashing (operator and opclass support)
    ( 5, 'rare_lot_cmp',           '{rare_lot,rare_lot}',       'integer'),
    ( 6, 'rare_lot_lt',            '{rare_lot,rare_lot}',       'boolean'),
    ( 7, 'rare_lot_le',            '{rare_lot,rare_lot}',       'boolean'),
    ( 8, 'rare_lot_eq',            '{rare_lot,rare_lot}',       'boolean'),
    ( 9, 'rare_lot_ne',            '{rare_lot,rare_lot}',       'boolean'),
    (10, 'rare_lot_ge',            '{rare_lot,rare_lot}',       'boolean'),
    (11, 'rare_lot_gt',            '{rare_lot,rare_lot}',       'boolean'),
    (12, 'rare_lot_hash',          '{rare_lot}',                'integer'),
    (13, 'rare_lot_hash_extended', '{rare_lot,bigint}',         'bigint'),
    -- constructor and accessors
    (14, 'rare_lot',               '{text,text,numeric,jsonb}', 'rare_lot'),
    (15, 'lot_code',               '{rare_lot}',                'text'),
    (16, 'lot_country',            '{rare_lot}',                'text'),
    (17, 'lot_enterprise',         '{rare_lot}',                'text'),
    (18, 'lot_number',             '{rare_lot}',                'text'),
    (19, 'lot_form',               '{rare_lot}',                'text'),
    (20, 'lot_stage',              '{rare_lot}',                'text'),
    (21, 'lot_mass_kg',            '{rare_lot}',                'numeric'),
    (22, 'element_kg',             '{rare_lot,text}',           'numeric'),
    (23, 'element_pct',            '{rare_lot,text}',           'numeric'),
    (24, 'elements',               '{rare_lot}',                'text[]'),
    (25, 'composition',            '{rare_lot}',                'jsonb'),
    (26, 'reo_kg',                 '{rare_lot}',                'numeric'),
    (27, 'reo_kg',                 '{rare_lot,text}',           'numeric'),
    -- cast function and element catalog
    (28, 'rare_lot_jsonb',         '{rare_lot}',                'jsonb'),
    (29, 'element_catalog',        '{}',                        'setof record');

-- "name(arg,arg)" for descriptions and to_regprocedure()
CREATE TEMP VIEW rt_fn_sig AS
SELECT ord, name, args, returns,
       name || '(' || array_to_string(args, ',') || ')' AS sig,
       pg_catalog.to_regprocedure(
           'rare_trace.' || name || '(' || array_to_string(args, ',') || ')') AS oid
  FROM rt_fn;

--
-- The list is exactly the set of functions in schema rare_trace.
--
SELECT is((SELECT count(*)::int FROM rt_fn), 29, 'the expectation list has 29 functions');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace$$,
    $$SELECT sig FROM rt_fn_sig$$,
    'functions in schema rare_trace are exactly the listed signatures (no extra, none missing)');

--
-- Seven assertions per function
--
SELECT has_function('rare_trace', name, args, sig || ' exists')
  FROM rt_fn_sig ORDER BY ord;

SELECT function_returns('rare_trace', name, args, returns, sig || ' returns ' || returns)
  FROM rt_fn_sig ORDER BY ord;

SELECT function_lang_is('rare_trace', name, args, 'c', sig || ' is LANGUAGE C')
  FROM rt_fn_sig ORDER BY ord;

SELECT volatility_is('rare_trace', name, args, 'immutable', sig || ' is IMMUTABLE')
  FROM rt_fn_sig ORDER BY ord;

SELECT is_strict('rare_trace', name, args, sig || ' is STRICT')
  FROM rt_fn_sig ORDER BY ord;

-- pgTAP 1.2 has no parallel-safety assertion: read pg_proc.proparallel.
SELECT is((SELECT p.proparallel::text FROM pg_catalog.pg_proc p WHERE p.oid = f.oid),
          's', f.sig || ' is PARALLEL SAFE')
  FROM rt_fn_sig f ORDER BY ord;

SELECT isnt(pg_catalog.obj_description(f.oid, 'pg_proc'), NULL,
            f.sig || ' has a COMMENT')
  FROM rt_fn_sig f ORDER BY ord;

--
-- Signature details that callers rely on
--
SELECT is(
    (SELECT proargnames::text[] FROM pg_catalog.pg_proc
      WHERE oid = 'rare_trace.rare_lot(text,text,numeric,jsonb)'::regprocedure),
    ARRAY['code', 'form', 'mass_kg', 'composition'],
    'rare_lot() parameters are named code, form, mass_kg, composition');

SELECT is(
    (SELECT pronargdefaults::int || ':' || pg_catalog.pg_get_expr(proargdefaults, 0)
       FROM pg_catalog.pg_proc
      WHERE oid = 'rare_trace.rare_lot(text,text,numeric,jsonb)'::regprocedure),
    '1:''{}''::jsonb',
    'rare_lot() composition defaults to ''{}''::jsonb');

SELECT set_eq(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND p.proargnames = ARRAY['', 'element']$$,
    ARRAY['element_kg(rare_lot,text)', 'element_pct(rare_lot,text)',
          'reo_kg(rare_lot,text)'],
    'element_kg, element_pct and reo_kg(rare_lot, text) name their second parameter "element"');

SELECT results_eq(
    $$SELECT a.name COLLATE "default", a.type::text
        FROM pg_catalog.pg_proc p,
             unnest(p.proargnames, p.proallargtypes::regtype[], p.proargmodes)
               WITH ORDINALITY AS a(name, type, mode, n)
       WHERE p.oid = 'rare_trace.element_catalog()'::regprocedure
         AND a.mode = 'o'
       ORDER BY a.n$$,
    $$VALUES ('z', 'integer'), ('symbol', 'text'), ('name', 'text'),
             ('group_2way', 'text'), ('group_3way', 'text'), ('oxide', 'text'),
             ('oxide_factor', 'numeric')$$,
    'element_catalog() OUT columns: z, symbol, name, group_2way, group_3way, oxide, oxide_factor');

SELECT is(
    (SELECT prorows::int FROM pg_catalog.pg_proc
      WHERE oid = 'rare_trace.element_catalog()'::regprocedure),
    17,
    'element_catalog() is declared ROWS 17');

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND (p.prosecdef OR p.prokind <> 'f' OR p.proleakproof)$$,
    'no function in rare_trace is SECURITY DEFINER, LEAKPROOF, an aggregate or a procedure');

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text
        FROM pg_catalog.pg_proc p
       WHERE p.pronamespace = 'rare_trace'::regnamespace
         AND p.probin IS DISTINCT FROM '$libdir/rare_trace'$$,
    'every function in rare_trace is loaded from $libdir/rare_trace (MODULE_PATHNAME)');

SELECT * FROM finish();
ROLLBACK;
