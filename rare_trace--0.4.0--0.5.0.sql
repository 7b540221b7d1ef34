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

--
-- min(rare_lot) and max(rare_lot) (src/sql/rare_lot.sql): BI tools fingerprint columns
-- with them.  The btree order, through rare_lot_smaller/_larger (one
-- comparison in C, src/lot_ops.c).  The state is a rare_lot, so a partial
-- aggregate needs no serialization; the transition function is the
-- combine function.  SORTOP lets the planner answer them from a btree
-- index.
--
CREATE FUNCTION @extschema@.rare_lot_smaller(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS @extschema@.rare_lot
AS 'MODULE_PATHNAME', 'rare_lot_smaller'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_smaller(@extschema@.rare_lot, @extschema@.rare_lot) IS
    'the smaller of two lots in the btree order; support of min(rare_lot)';

CREATE FUNCTION @extschema@.rare_lot_larger(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS @extschema@.rare_lot
AS 'MODULE_PATHNAME', 'rare_lot_larger'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_larger(@extschema@.rare_lot, @extschema@.rare_lot) IS
    'the larger of two lots in the btree order; support of max(rare_lot)';

CREATE AGGREGATE @extschema@.min(@extschema@.rare_lot) (
    SFUNC = @extschema@.rare_lot_smaller,
    STYPE = @extschema@.rare_lot,
    COMBINEFUNC = @extschema@.rare_lot_smaller,
    SORTOP = OPERATOR(@extschema@.<),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.rare_lot) IS
    'smallest lot in the btree order (country, enterprise, lot number, form, mass, composition); NULL for no non-NULL rows';

CREATE AGGREGATE @extschema@.max(@extschema@.rare_lot) (
    SFUNC = @extschema@.rare_lot_larger,
    STYPE = @extschema@.rare_lot,
    COMBINEFUNC = @extschema@.rare_lot_larger,
    SORTOP = OPERATOR(@extschema@.>),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.rare_lot) IS
    'largest lot in the btree order (country, enterprise, lot number, form, mass, composition); NULL for no non-NULL rows';
