/*
 * src/sql/element.sql: the element catalog, filled from the C table.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

--
-- The element catalog, filled from the C table (one source of truth)
--
CREATE FUNCTION @extschema@.element_catalog(
    OUT z pg_catalog.int4, OUT symbol pg_catalog.text, OUT name pg_catalog.text,
    OUT group_2way pg_catalog.text, OUT group_3way pg_catalog.text,
    OUT oxide pg_catalog.text, OUT oxide_factor pg_catalog.numeric)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'rare_trace_element_catalog'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 17;
COMMENT ON FUNCTION @extschema@.element_catalog() IS
    'the element table compiled into rare_trace, which rare_trace.element must match';

CREATE TABLE @extschema@.element (
    z pg_catalog.int4 PRIMARY KEY CHECK (z BETWEEN 1 AND 118),
    symbol pg_catalog.text NOT NULL UNIQUE,
    name pg_catalog.text NOT NULL,
    group_2way pg_catalog.text NOT NULL CHECK (group_2way IN ('light', 'heavy')),
    group_3way pg_catalog.text CHECK (group_3way IN ('light', 'medium', 'heavy')),
    oxide pg_catalog.text,
    oxide_factor pg_catalog.numeric(5, 4) CHECK (oxide_factor > 1)
);
INSERT INTO @extschema@.element
SELECT c.z, c.symbol, c.name, c.group_2way, c.group_3way, c.oxide, c.oxide_factor
FROM @extschema@.element_catalog() AS c;

REVOKE ALL ON TABLE @extschema@.element FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.element TO PUBLIC;

COMMENT ON TABLE @extschema@.element IS
    'the 17 rare earths (Sc, Y, La-Lu); factors from IUPAC 2021 atomic weights (see README)';
COMMENT ON COLUMN @extschema@.element.z IS 'atomic number';
COMMENT ON COLUMN @extschema@.element.symbol IS 'chemical symbol';
COMMENT ON COLUMN @extschema@.element.name IS 'English name';
COMMENT ON COLUMN @extschema@.element.group_2way IS 'China two-way grouping: light or heavy';
COMMENT ON COLUMN @extschema@.element.group_3way IS 'China three-way grouping (P204 extraction): light, medium or heavy; NULL for Sc and Pm';
COMMENT ON COLUMN @extschema@.element.oxide IS 'oxide formula used for REO equivalents; NULL for Pm';
COMMENT ON COLUMN @extschema@.element.oxide_factor IS 'element to oxide mass factor, 4 decimals; NULL for Pm';
