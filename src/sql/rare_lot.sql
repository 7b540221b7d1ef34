/*
 * src/sql/rare_lot.sql: the rare_lot type: I/O, operators, operator classes, accessors, casts.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

--
-- Everyone may use the schema; each object says who may do what with it.
--
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;

--
-- The rare_lot type
--
CREATE TYPE @extschema@.rare_lot;

CREATE FUNCTION @extschema@.rare_lot_in(pg_catalog.cstring)
RETURNS @extschema@.rare_lot
AS 'MODULE_PATHNAME', 'rare_lot_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rare_lot_out(@extschema@.rare_lot)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'rare_lot_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rare_lot_recv(pg_catalog.internal)
RETURNS @extschema@.rare_lot
AS 'MODULE_PATHNAME', 'rare_lot_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rare_lot_send(@extschema@.rare_lot)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'rare_lot_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.rare_lot (
    INPUT = @extschema@.rare_lot_in,
    OUTPUT = @extschema@.rare_lot_out,
    RECEIVE = @extschema@.rare_lot_recv,
    SEND = @extschema@.rare_lot_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = main
);

COMMENT ON TYPE @extschema@.rare_lot IS
    'one lot of rare-earth material: code CC-ENTERPRISE-LOT, form, exact net mass, elemental composition';
COMMENT ON FUNCTION @extschema@.rare_lot_in(pg_catalog.cstring) IS 'I/O';
COMMENT ON FUNCTION @extschema@.rare_lot_out(@extschema@.rare_lot) IS 'I/O';
COMMENT ON FUNCTION @extschema@.rare_lot_recv(pg_catalog.internal) IS 'I/O';
COMMENT ON FUNCTION @extschema@.rare_lot_send(@extschema@.rare_lot) IS 'I/O';

--
-- Comparison operators and operator classes
--
CREATE FUNCTION @extschema@.rare_lot_cmp(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'rare_lot_cmp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_cmp(@extschema@.rare_lot, @extschema@.rare_lot) IS
    'btree support: compares country, enterprise, lot number, form, mass, composition';

CREATE FUNCTION @extschema@.rare_lot_lt(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_lot_lt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_lt(@extschema@.rare_lot, @extschema@.rare_lot) IS 'implementation of < operator';

CREATE FUNCTION @extschema@.rare_lot_le(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_lot_le'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_le(@extschema@.rare_lot, @extschema@.rare_lot) IS 'implementation of <= operator';

CREATE FUNCTION @extschema@.rare_lot_eq(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_lot_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_eq(@extschema@.rare_lot, @extschema@.rare_lot) IS 'implementation of = operator';

CREATE FUNCTION @extschema@.rare_lot_ne(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_lot_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_ne(@extschema@.rare_lot, @extschema@.rare_lot) IS 'implementation of <> operator';

CREATE FUNCTION @extschema@.rare_lot_ge(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_lot_ge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_ge(@extschema@.rare_lot, @extschema@.rare_lot) IS 'implementation of >= operator';

CREATE FUNCTION @extschema@.rare_lot_gt(@extschema@.rare_lot, @extschema@.rare_lot)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_lot_gt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_gt(@extschema@.rare_lot, @extschema@.rare_lot) IS 'implementation of > operator';

CREATE FUNCTION @extschema@.rare_lot_hash(@extschema@.rare_lot)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'rare_lot_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_hash(@extschema@.rare_lot) IS 'hash support: 32-bit hash';

CREATE FUNCTION @extschema@.rare_lot_hash_extended(@extschema@.rare_lot, pg_catalog.int8)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'rare_lot_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_hash_extended(@extschema@.rare_lot, pg_catalog.int8) IS 'hash support: seeded 64-bit hash';

CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.rare_lot, RIGHTARG = @extschema@.rare_lot,
    FUNCTION = @extschema@.rare_lot_lt,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.rare_lot, RIGHTARG = @extschema@.rare_lot,
    FUNCTION = @extschema@.rare_lot_le,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.rare_lot, RIGHTARG = @extschema@.rare_lot,
    FUNCTION = @extschema@.rare_lot_eq,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.rare_lot, RIGHTARG = @extschema@.rare_lot,
    FUNCTION = @extschema@.rare_lot_ne,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.rare_lot, RIGHTARG = @extschema@.rare_lot,
    FUNCTION = @extschema@.rare_lot_ge,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.rare_lot, RIGHTARG = @extschema@.rare_lot,
    FUNCTION = @extschema@.rare_lot_gt,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);

COMMENT ON OPERATOR @extschema@.< (@extschema@.rare_lot, @extschema@.rare_lot) IS 'less than';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.rare_lot, @extschema@.rare_lot) IS 'less than or equal';
COMMENT ON OPERATOR @extschema@.= (@extschema@.rare_lot, @extschema@.rare_lot) IS 'equal: same code, form, mass and composition';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.rare_lot, @extschema@.rare_lot) IS 'not equal';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.rare_lot, @extschema@.rare_lot) IS 'greater than or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.rare_lot, @extschema@.rare_lot) IS 'greater than';

CREATE OPERATOR CLASS @extschema@.rare_lot_ops
DEFAULT FOR TYPE @extschema@.rare_lot USING btree AS
    OPERATOR 1 @extschema@.< ,
    OPERATOR 2 @extschema@.<= ,
    OPERATOR 3 @extschema@.= ,
    OPERATOR 4 @extschema@.>= ,
    OPERATOR 5 @extschema@.> ,
    FUNCTION 1 @extschema@.rare_lot_cmp(@extschema@.rare_lot, @extschema@.rare_lot),
    FUNCTION 4 pg_catalog.btequalimage(pg_catalog.oid);
COMMENT ON OPERATOR CLASS @extschema@.rare_lot_ops USING btree IS
    'default btree operator class for rare_lot';

CREATE OPERATOR CLASS @extschema@.rare_lot_hash_ops
DEFAULT FOR TYPE @extschema@.rare_lot USING hash AS
    OPERATOR 1 @extschema@.= ,
    FUNCTION 1 @extschema@.rare_lot_hash(@extschema@.rare_lot),
    FUNCTION 2 @extschema@.rare_lot_hash_extended(@extschema@.rare_lot, pg_catalog.int8);
COMMENT ON OPERATOR CLASS @extschema@.rare_lot_hash_ops USING hash IS
    'default hash operator class for rare_lot';

--
-- min(rare_lot) and max(rare_lot) (0.5.0): BI tools fingerprint columns
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

--
-- Constructor, accessors and element arithmetic
--
CREATE FUNCTION @extschema@.rare_lot(code pg_catalog.text, form pg_catalog.text,
                                     mass_kg pg_catalog.numeric,
                                     composition pg_catalog.jsonb DEFAULT '{}')
RETURNS @extschema@.rare_lot
AS 'MODULE_PATHNAME', 'rare_lot_make'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot(pg_catalog.text, pg_catalog.text, pg_catalog.numeric, pg_catalog.jsonb) IS
    'build a lot from code, form, mass in kg and composition {"El": percent}';

CREATE FUNCTION @extschema@.lot_code(@extschema@.rare_lot)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_lot_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lot_code(@extschema@.rare_lot) IS 'lot code CC-ENTERPRISE-LOT';

CREATE FUNCTION @extschema@.lot_country(@extschema@.rare_lot)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_lot_country'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lot_country(@extschema@.rare_lot) IS 'ISO 3166-1 alpha-2 country where the lot was produced';

CREATE FUNCTION @extschema@.lot_enterprise(@extschema@.rare_lot)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_lot_enterprise_code'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lot_enterprise(@extschema@.rare_lot) IS 'enterprise code CC-ENTERPRISE (prefix of the lot code)';

CREATE FUNCTION @extschema@.lot_number(@extschema@.rare_lot)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_lot_lot_number'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lot_number(@extschema@.rare_lot) IS 'lot number (last part of the lot code)';

CREATE FUNCTION @extschema@.lot_form(@extschema@.rare_lot)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_lot_form'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lot_form(@extschema@.rare_lot) IS 'form: ore, concentrate, compound, oxide, metal, alloy, magnet or scrap';

CREATE FUNCTION @extschema@.lot_stage(@extschema@.rare_lot)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_lot_stage'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lot_stage(@extschema@.rare_lot) IS 'value-chain stage of the form: mining, separation, refining, melting, magnet or recycling';

CREATE FUNCTION @extschema@.lot_mass_kg(@extschema@.rare_lot)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'rare_lot_mass_kg'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lot_mass_kg(@extschema@.rare_lot) IS 'net mass in kg, exact to the gram';

CREATE FUNCTION @extschema@.element_kg(@extschema@.rare_lot, element pg_catalog.text)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'rare_lot_element_kg'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.element_kg(@extschema@.rare_lot, pg_catalog.text) IS 'kg of one rare earth in the lot, 0 if absent (exact)';

CREATE FUNCTION @extschema@.element_pct(@extschema@.rare_lot, element pg_catalog.text)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'rare_lot_element_pct'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.element_pct(@extschema@.rare_lot, pg_catalog.text) IS 'mass percentage of one rare earth in the lot, 0 if absent';

CREATE FUNCTION @extschema@.elements(@extschema@.rare_lot)
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'rare_lot_elements'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.elements(@extschema@.rare_lot) IS 'symbols of the declared rare earths, by atomic number';

CREATE FUNCTION @extschema@.composition(@extschema@.rare_lot)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'rare_lot_composition'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.composition(@extschema@.rare_lot) IS 'composition as jsonb {"El": percent}';

CREATE FUNCTION @extschema@.reo_kg(@extschema@.rare_lot)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'rare_lot_reo_kg'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.reo_kg(@extschema@.rare_lot) IS
    'rare-earth-oxide equivalent in kg (element mass x oxide factor, summed; exact); NULL if the lot declares Pm';

CREATE FUNCTION @extschema@.reo_kg(@extschema@.rare_lot, element pg_catalog.text)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'rare_lot_element_reo_kg'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.reo_kg(@extschema@.rare_lot, pg_catalog.text) IS
    'oxide equivalent in kg of one rare earth in the lot, 0 if absent; NULL for Pm';

--
-- Casts
--
CREATE FUNCTION @extschema@.rare_lot_jsonb(@extschema@.rare_lot)
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'rare_lot_to_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rare_lot_jsonb(@extschema@.rare_lot) IS
    'lot as jsonb: code, country, enterprise, lot, form, stage, mass_kg, composition, reo_kg';

CREATE CAST (@extschema@.rare_lot AS pg_catalog.jsonb)
    WITH FUNCTION @extschema@.rare_lot_jsonb(@extschema@.rare_lot);
COMMENT ON CAST (@extschema@.rare_lot AS pg_catalog.jsonb) IS 'lot as a jsonb object';

CREATE CAST (@extschema@.rare_lot AS pg_catalog.text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (@extschema@.rare_lot AS pg_catalog.text) IS 'canonical text form';

-- text and varchar -> rare_lot are assignment casts (0.5.0), so that an
-- INSERT or UPDATE of a string parameter works from drivers that type it
-- (pgjdbc's setString sends varchar).  Not implicit: operators and
-- functions would become ambiguous, and comparisons with text would parse
-- silently (doc/type.md, "Casts").
CREATE CAST (pg_catalog.text AS @extschema@.rare_lot) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.text AS @extschema@.rare_lot) IS 'parse the text form, as rare_lot input does';

CREATE CAST (pg_catalog.varchar AS @extschema@.rare_lot) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.varchar AS @extschema@.rare_lot) IS 'parse the text form, as rare_lot input does';
