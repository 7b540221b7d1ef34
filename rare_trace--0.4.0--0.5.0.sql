/* rare_trace--0.4.0--0.5.0.sql: what BI tools and drivers see (flat views, driver-friendly casts and aggregates, supply-chain pictures) */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.5.0'" to load this file. \quit

--
-- Driver-friendly casts: text and varchar -> rare_lot become assignment
-- casts (src/sql/rare_lot.sql).  PostgreSQL has no ALTER CAST, and nothing
-- but the extension itself depends on a cast (a view's text::rare_lot is a
-- CoerceViaIO node that records the types, not the cast), so the explicit
-- 0.1.0 cast is dropped and made again, with its comment.
--
DROP CAST (pg_catalog.text AS @extschema@.rare_lot);
CREATE CAST (pg_catalog.text AS @extschema@.rare_lot) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.text AS @extschema@.rare_lot) IS 'parse the text form, as rare_lot input does';

CREATE CAST (pg_catalog.varchar AS @extschema@.rare_lot) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.varchar AS @extschema@.rare_lot) IS 'parse the text form, as rare_lot input does';
