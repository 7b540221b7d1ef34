--
-- element_catalog: the table rare_trace.element, its agreement with the C
-- table (rare_trace.element_catalog()), and its privileges.
--
SET search_path = rare_trace, public;

-- The 17 rare earths: Sc, Y and La to Lu.  Oxide factors (4 decimals) as in
-- the specification: Sc 1.5338, Y 1.2699, La 1.1728, Ce 1.2284 (CeO2),
-- Pr 1.2082, Nd 1.1664, Pm none, Sm 1.1596, Eu 1.1579, Gd 1.1526,
-- Tb 1.1762, Dy 1.1477, Ho 1.1455, Er 1.1435, Tm 1.1421, Yb 1.1387,
-- Lu 1.1372.
SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor
FROM element ORDER BY z;

SELECT count(*) AS elements,
       count(oxide_factor) AS with_factor,
       count(*) FILTER (WHERE group_2way = 'light') AS light_2way,
       count(*) FILTER (WHERE group_2way = 'heavy') AS heavy_2way,
       count(group_3way) AS in_3way_group
FROM element;

-- The factors, checked one by one against the specification.
SELECT s.symbol, s.factor AS spec_factor, e.oxide_factor,
       e.oxide_factor IS NOT DISTINCT FROM s.factor AS same
FROM (VALUES ('Sc', 1.5338), ('Y', 1.2699), ('La', 1.1728), ('Ce', 1.2284),
             ('Pr', 1.2082), ('Nd', 1.1664), ('Pm', NULL), ('Sm', 1.1596),
             ('Eu', 1.1579), ('Gd', 1.1526), ('Tb', 1.1762), ('Dy', 1.1477),
             ('Ho', 1.1455), ('Er', 1.1435), ('Tm', 1.1421), ('Yb', 1.1387),
             ('Lu', 1.1372)) AS s(symbol, factor)
FULL JOIN element e ON e.symbol = s.symbol
ORDER BY e.z;

-- The table equals the C table row for row, both ways.
SELECT count(*) AS c_rows FROM element_catalog();
SELECT 'only in table' AS side, * FROM (
    SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor FROM element
    EXCEPT
    SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor FROM element_catalog()
) AS a
UNION ALL
SELECT 'only in C', * FROM (
    SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor FROM element_catalog()
    EXCEPT
    SELECT z, symbol, name, group_2way, group_3way, oxide, oxide_factor FROM element
) AS b;

-- The parser knows exactly the catalog's symbols: every one of them makes a
-- valid lot, in any letter case, and comes back in its catalog spelling.
SELECT count(*) AS symbols,
       count(*) FILTER (WHERE elements(('CN-CAT-1 oxide 1kg ' || lower(symbol) || '=1%')::rare_lot)
                              = ARRAY[symbol]) AS lower_ok,
       count(*) FILTER (WHERE elements(('CN-CAT-1 oxide 1kg ' || upper(symbol) || '=1%')::rare_lot)
                              = ARRAY[symbol]) AS upper_ok
FROM element;

-- Privileges: everybody may read, nobody but the owner may write.
SELECT grantee, privilege_type
FROM information_schema.role_table_grants
WHERE table_schema = 'rare_trace' AND table_name = 'element' AND grantee = 'PUBLIC'
ORDER BY privilege_type;

CREATE ROLE regress_rare_trace_reader;
SELECT p AS privilege, has_table_privilege('regress_rare_trace_reader', 'rare_trace.element', p) AS granted
FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'])
         WITH ORDINALITY AS t(p, n)
ORDER BY n;

SET ROLE regress_rare_trace_reader;
SELECT count(*) AS readable FROM rare_trace.element;
SELECT symbol, oxide_factor FROM rare_trace.element_catalog() WHERE z = 60;
INSERT INTO rare_trace.element VALUES (72, 'Hf', 'Hafnium', 'heavy', NULL, 'HfO2', 1.1793);
UPDATE rare_trace.element SET oxide_factor = 1.5 WHERE symbol = 'Nd';
DELETE FROM rare_trace.element WHERE symbol = 'Pm';
TRUNCATE rare_trace.element;
-- and the type itself is usable by the plain role
SELECT reo_kg('CN-NRE-B1 oxide 1000kg Nd=1%'::rare_trace.rare_lot) AS reo_as_reader;
RESET ROLE;

-- nothing changed
SELECT count(*) AS elements, sum(oxide_factor) AS factor_sum FROM element;

DROP ROLE regress_rare_trace_reader;
