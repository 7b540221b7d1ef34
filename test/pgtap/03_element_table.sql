--
-- 03_element_table.sql: the element catalog table rare_trace.element, its
-- columns, constraints, contents and privileges.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(37);

--
-- Table and columns
--
SELECT has_table('rare_trace', 'element', 'table rare_trace.element exists');

SELECT columns_are('rare_trace', 'element',
    ARRAY['z', 'symbol', 'name', 'group_2way', 'group_3way', 'oxide', 'oxide_factor'],
    'rare_trace.element has exactly columns z, symbol, name, group_2way, group_3way, oxide, oxide_factor');

SELECT results_eq(
    $$SELECT a.attname::text COLLATE "default"
        FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.element'::regclass
         AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum$$,
    ARRAY['z', 'symbol', 'name', 'group_2way', 'group_3way', 'oxide', 'oxide_factor'],
    'rare_trace.element columns are in this order');

SELECT col_type_is('rare_trace', 'element', c.col, c.typ,
                   'element.' || c.col || ' is ' || c.typ)
  FROM (VALUES (1, 'z', 'integer'), (2, 'symbol', 'text'), (3, 'name', 'text'),
               (4, 'group_2way', 'text'), (5, 'group_3way', 'text'),
               (6, 'oxide', 'text'), (7, 'oxide_factor', 'numeric(5,4)'))
       AS c(n, col, typ)
 ORDER BY c.n;

SELECT col_not_null('rare_trace', 'element', c.col, 'element.' || c.col || ' is NOT NULL')
  FROM (VALUES (1, 'z'), (2, 'symbol'), (3, 'name'), (4, 'group_2way')) AS c(n, col)
 ORDER BY c.n;

SELECT col_is_null('rare_trace', 'element', c.col,
                   'element.' || c.col || ' is nullable (' || c.why || ')')
  FROM (VALUES (1, 'group_3way', 'NULL for Sc and Pm'), (2, 'oxide', 'NULL for Pm'),
               (3, 'oxide_factor', 'NULL for Pm')) AS c(n, col, why)
 ORDER BY c.n;

SELECT has_pk('rare_trace', 'element', 'rare_trace.element has a primary key');
SELECT col_is_pk('rare_trace', 'element', 'z', 'the primary key of rare_trace.element is (z)');
SELECT col_is_unique('rare_trace', 'element', 'symbol', 'element.symbol is UNIQUE');

SELECT is(
    (SELECT count(*)::int FROM pg_catalog.pg_constraint
      WHERE conrelid = 'rare_trace.element'::regclass AND contype = 'c'),
    4,
    'rare_trace.element has 4 CHECK constraints (z, group_2way, group_3way, oxide_factor)');

--
-- Contents
--
SELECT is((SELECT count(*)::int FROM rare_trace.element), 17,
          'rare_trace.element holds the 17 rare earths');

SELECT set_eq(
    $$SELECT symbol FROM rare_trace.element$$,
    ARRAY['Sc', 'Y', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy',
          'Ho', 'Er', 'Tm', 'Yb', 'Lu'],
    'rare_trace.element symbols are Sc, Y and La-Lu');

SELECT set_eq(
    $$SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor
        FROM rare_trace.element$$,
    $$SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor
        FROM rare_trace.element_catalog()$$,
    'rare_trace.element equals element_catalog() (the compiled-in table)');

--
-- Privileges: PUBLIC (and so any fresh role) may only SELECT
--
SELECT table_privs_are('rare_trace', 'element', 'public', ARRAY['SELECT'],
                       'PUBLIC has SELECT and nothing else on rare_trace.element');

CREATE ROLE rt_tap_fresh_role NOLOGIN;

SELECT table_privs_are('rare_trace', 'element', 'rt_tap_fresh_role', ARRAY['SELECT'],
                       'a fresh role has SELECT and nothing else on rare_trace.element');

SELECT ok(pg_catalog.has_table_privilege('rt_tap_fresh_role', 'rare_trace.element', p)
          = (p = 'SELECT'),
          'a fresh role ' || CASE WHEN p = 'SELECT' THEN 'has ' ELSE 'lacks ' END
          || p || ' on rare_trace.element')
  FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',
                    'TRIGGER']) WITH ORDINALITY AS x(p, n)
 ORDER BY n;

SELECT schema_privs_are('rare_trace', 'rt_tap_fresh_role', ARRAY['USAGE'],
                        'a fresh role has USAGE (not CREATE) on schema rare_trace');

SELECT is_empty(
    $$SELECT a.attname FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.element'::regclass AND a.attacl IS NOT NULL$$,
    'rare_trace.element has no column-level grants');

--
-- Comments
--
SELECT isnt(pg_catalog.obj_description('rare_trace.element'::regclass, 'pg_class'), NULL,
            'table rare_trace.element has a COMMENT');

SELECT is_empty(
    $$SELECT a.attname FROM pg_catalog.pg_attribute a
       WHERE a.attrelid = 'rare_trace.element'::regclass
         AND a.attnum > 0 AND NOT a.attisdropped
         AND pg_catalog.col_description(a.attrelid, a.attnum) IS NULL$$,
    'every column of rare_trace.element has a COMMENT');

SELECT * FROM finish();
ROLLBACK;
