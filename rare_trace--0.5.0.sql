/* rare_trace--0.5.0.sql: full install script of rare_trace 0.5.0, built by make from src/sql/ (do not edit) */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION rare_trace" to load this file. \quit

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

/*
 * src/sql/quota.sql: roles, enterprise registry, quotas, the enforcement trigger and reports.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

--
-- Roles.  Roles are cluster-wide: create them only where missing (a second
-- database installing rare_trace reuses them); they are not members of the
-- extension and outlive DROP EXTENSION.
--
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rare_trace_reader') THEN
        CREATE ROLE rare_trace_reader NOLOGIN;
        COMMENT ON ROLE rare_trace_reader IS 'rare_trace: may read enterprises, quotas and quota reports';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rare_trace_admin') THEN
        CREATE ROLE rare_trace_admin NOLOGIN;
        COMMENT ON ROLE rare_trace_admin IS 'rare_trace: may change enterprises, quota limits and enforced tables';
    END IF;
    IF NOT pg_catalog.pg_has_role('rare_trace_admin', 'rare_trace_reader', 'MEMBER') THEN
        GRANT rare_trace_reader TO rare_trace_admin;
    END IF;
END
$roles$;

--
-- Activities an enterprise can be approved for and quotas are set for.
-- The list is kept once, in C (src/quota_registry.c): the domain, the
-- trigger and the messages all read it.
--
CREATE FUNCTION @extschema@.activities()
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'rare_trace_activities'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.activities() IS
    'the activities enterprises are approved for and quotas are kept for, in order';

CREATE DOMAIN @extschema@.activity AS pg_catalog.text
    CONSTRAINT activity_check CHECK (VALUE OPERATOR(pg_catalog.=) ANY (@extschema@.activities()));
COMMENT ON DOMAIN @extschema@.activity IS
    'an activity: one of rare_trace.activities()';

--
-- Registry of enterprises and groups.
--
CREATE TABLE @extschema@.enterprise (
    code pg_catalog.text PRIMARY KEY
        CONSTRAINT enterprise_code_check
        CHECK (code OPERATOR(pg_catalog.~) '^[A-Z]{2}-[A-Z0-9]{2,16}$'),
    name pg_catalog.text NOT NULL,
    parent pg_catalog.text REFERENCES @extschema@.enterprise (code) ON UPDATE CASCADE,
    activities @extschema@.activity[] NOT NULL DEFAULT '{}',
    approved_from pg_catalog.date NOT NULL,
    approved_until pg_catalog.date,
    CONSTRAINT enterprise_dates_check
        CHECK (approved_until IS NULL OR approved_until OPERATOR(pg_catalog.>=) approved_from),
    CONSTRAINT enterprise_parent_check CHECK (parent OPERATOR(pg_catalog.<>) code),
    -- a NULL element would approve nothing and only break the readers
    CONSTRAINT enterprise_activities_check
        CHECK (pg_catalog.array_ndims(activities) IS NULL
               OR (pg_catalog.array_ndims(activities) OPERATOR(pg_catalog.=) 1
                   AND pg_catalog.array_position(activities, NULL) IS NULL))
);
CREATE INDEX enterprise_parent_idx ON @extschema@.enterprise (parent);
COMMENT ON TABLE @extschema@.enterprise IS
    'approved enterprises and enterprise groups; code is the CC-ENTERPRISE prefix of their lot codes';
COMMENT ON COLUMN @extschema@.enterprise.code IS 'CC-ENTERPRISE, as returned by lot_enterprise()';
COMMENT ON COLUMN @extschema@.enterprise.name IS 'name of the enterprise or group';
COMMENT ON COLUMN @extschema@.enterprise.parent IS 'group this enterprise belongs to (groups nest, at most 64 groups above an enterprise); NULL at the top';
COMMENT ON COLUMN @extschema@.enterprise.activities IS 'activities the enterprise is approved for (a list without NULLs)';
COMMENT ON COLUMN @extschema@.enterprise.approved_from IS 'first day of the approval';
COMMENT ON COLUMN @extschema@.enterprise.approved_until IS 'last day of the approval; NULL = open';

--
-- Quotas in tonnes of rare-earth oxide (REO) per holder, year and activity.
--
CREATE TABLE @extschema@.quota (
    id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    holder pg_catalog.text NOT NULL
        REFERENCES @extschema@.enterprise (code) ON UPDATE CASCADE,
    year pg_catalog.int4 NOT NULL
        CONSTRAINT quota_year_check CHECK (year OPERATOR(pg_catalog.>=) 1900 AND year OPERATOR(pg_catalog.<=) 9999),
    activity @extschema@.activity NOT NULL,
    category pg_catalog.text
        CONSTRAINT quota_category_check
        CHECK (category OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
    limit_t pg_catalog.numeric NOT NULL
        CONSTRAINT quota_limit_check CHECK (limit_t OPERATOR(pg_catalog.>=) 0)
        -- NaN and Infinity pass ">= 0" and would make the quota unlimited
        CONSTRAINT quota_limit_finite CHECK (limit_t OPERATOR(pg_catalog.<) 'Infinity'::pg_catalog.numeric),
    used_t pg_catalog.numeric NOT NULL DEFAULT 0
        CONSTRAINT quota_used_check CHECK (used_t OPERATOR(pg_catalog.>=) 0)
        CONSTRAINT quota_used_finite CHECK (used_t OPERATOR(pg_catalog.<) 'Infinity'::pg_catalog.numeric),
    CONSTRAINT quota_key UNIQUE NULLS NOT DISTINCT (holder, year, activity, category)
);
COMMENT ON TABLE @extschema@.quota IS
    'quotas in tonnes REO; used_t is maintained by rare_trace.enforce_quota only';
COMMENT ON COLUMN @extschema@.quota.id IS 'surrogate key; enforcement locks quota rows in descending id order';
COMMENT ON COLUMN @extschema@.quota.holder IS 'enterprise or group holding the quota';
COMMENT ON COLUMN @extschema@.quota.year IS 'calendar year the quota covers';
COMMENT ON COLUMN @extschema@.quota.activity IS 'activity the quota covers';
COMMENT ON COLUMN @extschema@.quota.category IS 'category (e.g. rock, ion_adsorption); NULL = any category';
COMMENT ON COLUMN @extschema@.quota.limit_t IS 'limit in tonnes REO (exact, finite)';
COMMENT ON COLUMN @extschema@.quota.used_t IS 'tonnes REO charged by enforced rows (exact, finite; maintained by rare_trace)';

--
-- Tables whose rows are charged to quotas.  Only tables listed here may
-- fire enforce_quota: otherwise anyone able to create a table could attach
-- the trigger to it and move used_t.
--
CREATE TABLE @extschema@.quota_table (
    relid pg_catalog.regclass PRIMARY KEY,
    registered_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
    registered_by pg_catalog.name NOT NULL DEFAULT CURRENT_USER
);
COMMENT ON TABLE @extschema@.quota_table IS
    'production tables enforced by rare_trace.enforce_quota (registered by rare_trace_admin)';
COMMENT ON COLUMN @extschema@.quota_table.relid IS 'the production table';
COMMENT ON COLUMN @extschema@.quota_table.registered_at IS 'when it was registered';
COMMENT ON COLUMN @extschema@.quota_table.registered_by IS 'who registered it';

--
-- The owner of an enforced table can disable its triggers: only tables
-- owned by a role trusted with quotas may be registered, however they are.
--
CREATE FUNCTION @extschema@.quota_table_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    owner regrole;
BEGIN
    SELECT c.relowner::regrole INTO owner FROM pg_class AS c
    WHERE c.oid = NEW.relid AND c.relkind IN ('r', 'p');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation % is not a table', NEW.relid
            USING ERRCODE = 'wrong_object_type';
    END IF;
    IF NOT pg_has_role(owner, 'rare_trace_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'table % is owned by %, which is not a member of rare_trace_admin', NEW.relid, owner
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The owner of an enforced table can disable its triggers, so it must be trusted with quotas.',
                  HINT = 'ALTER TABLE ... OWNER TO a member of rare_trace_admin, then attach again.';
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION @extschema@.quota_table_check() IS
    'trigger function: registers only tables owned by members of rare_trace_admin';

CREATE TRIGGER quota_table_check
    BEFORE INSERT OR UPDATE ON @extschema@.quota_table
    FOR EACH ROW EXECUTE FUNCTION @extschema@.quota_table_check();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.enterprise', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.quota', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.quota_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.quota_table', '');

--
-- Groups nest, never in a circle and at most 64 groups above an
-- enterprise (C, src/quota_registry.c: the limit and the walk up the
-- groups are kept there once, for this check and every other walk).
--
CREATE FUNCTION @extschema@.enterprise_check_parent()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_enterprise_check_parent'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enterprise_check_parent() IS
    'trigger function: rejects enterprise parent links that would form a cycle or nest more than 64 groups deep';

CREATE TRIGGER enterprise_check_parent
    BEFORE INSERT OR UPDATE OF parent, code ON @extschema@.enterprise
    FOR EACH ROW EXECUTE FUNCTION @extschema@.enterprise_check_parent();

--
-- A quota with charges cannot be deleted: re-creating it would reset
-- used_t, which only rare_trace may change.
--
CREATE FUNCTION @extschema@.quota_check_delete()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF OLD.used_t <> 0 THEN
        RAISE EXCEPTION 'quota % of % for % % still has % t charged', OLD.id, OLD.holder,
            OLD.activity, OLD.year, OLD.used_t
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'Delete or move the production rows charged to it first; rare_trace.quota_reconcile() shows what is charged.';
    END IF;
    RETURN OLD;
END
$fn$;
COMMENT ON FUNCTION @extschema@.quota_check_delete() IS
    'trigger function: refuses to delete a quota whose used_t is not zero';

CREATE TRIGGER quota_check_delete
    BEFORE DELETE ON @extschema@.quota
    FOR EACH ROW EXECUTE FUNCTION @extschema@.quota_check_delete();

--
-- Quota resolution.  enterprise_chain(), approval_problem(),
-- applicable_quotas() and production_year() are C (src/quota_registry.c,
-- src/quota_resolve.c, src/quota_trigger.c), the same code the trigger
-- runs, so what the check functions say and what the trigger does cannot
-- drift apart.
--

CREATE FUNCTION @extschema@.enterprise_chain(enterprise pg_catalog.text,
    OUT code pg_catalog.text, OUT depth pg_catalog.int4)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'rare_trace_enterprise_chain'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enterprise_chain(pg_catalog.text) IS
    'the enterprise and every group above it, nearest first (at most 64 groups; a deeper registry is an error)';

CREATE FUNCTION @extschema@.production_year(lot @extschema@.rare_lot, on_date pg_catalog.date)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'rare_trace_production_year'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.production_year(@extschema@.rare_lot, pg_catalog.date) IS
    'calendar year whose quotas a production of the lot on that date charges; a date that is not finite is an error (22008)';

CREATE FUNCTION @extschema@.approval_problem(enterprise pg_catalog.text,
    activity pg_catalog.text, first_day pg_catalog.date, last_day pg_catalog.date)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_trace_approval_problem'
LANGUAGE C STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.approval_problem(pg_catalog.text, pg_catalog.text, pg_catalog.date, pg_catalog.date) IS
    'why the enterprise may not perform the activity on every day from first_day to last_day; NULL if it may';

CREATE FUNCTION @extschema@.applicable_quotas(enterprise pg_catalog.text,
    year pg_catalog.int4, activity pg_catalog.text, category pg_catalog.text)
RETURNS SETOF @extschema@.quota
AS 'MODULE_PATHNAME', 'rare_trace_applicable_quotas'
LANGUAGE C STABLE PARALLEL SAFE ROWS 3
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.applicable_quotas(pg_catalog.text, pg_catalog.int4, pg_catalog.text, pg_catalog.text) IS
    'quotas a production by the enterprise in that year, activity and category charges: its own and its groups'', any or that category';

--
-- Enforcement trigger (C).  SECURITY DEFINER: it updates quota.used_t,
-- which the roles inserting production rows may not touch.
--
CREATE FUNCTION @extschema@.enforce_quota()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_enforce_quota'
LANGUAGE C SECURITY DEFINER
SET search_path = @extschema@, pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enforce_quota() IS
    'AFTER ... FOR EACH STATEMENT trigger with transition tables: charges rare_lot REO to quotas; arguments lot=, date=, activity= or activity_column=, category= or category_column=';

CREATE FUNCTION @extschema@.enforce_quota_args(tab pg_catalog.regclass, tgargs pg_catalog.bytea,
    OUT lot_column pg_catalog.text, OUT date_column pg_catalog.text,
    OUT activity pg_catalog.text, OUT activity_column pg_catalog.text,
    OUT category pg_catalog.text, OUT category_column pg_catalog.text)
RETURNS record
AS 'MODULE_PATHNAME', 'rare_trace_enforce_quota_args'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enforce_quota_args(pg_catalog.regclass, pg_catalog.bytea) IS
    'the arguments (pg_trigger.tgargs) of an enforce_quota trigger on the table, parsed as the trigger parses them; absent ones are NULL';

CREATE FUNCTION @extschema@.enforced_columns(tab pg_catalog.regclass,
    lot_column pg_catalog.text, date_column pg_catalog.text,
    activity_column pg_catalog.text, category_column pg_catalog.text)
RETURNS void
AS 'MODULE_PATHNAME', 'rare_trace_enforced_columns'
LANGUAGE C STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enforced_columns(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
    'raises an error unless the named columns exist with the types enforce_quota reads (NULL names are skipped; the trigger''s own rule)';

CREATE FUNCTION @extschema@.attach_quota(tab pg_catalog.regclass, lot_column pg_catalog.text,
    date_column pg_catalog.text, activity pg_catalog.text, category pg_catalog.text DEFAULT NULL,
    activity_is_column pg_catalog.bool DEFAULT false, category_is_column pg_catalog.bool DEFAULT false)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    args text;
BEGIN
    IF tab IS NULL OR lot_column IS NULL OR date_column IS NULL OR activity IS NULL THEN
        RAISE EXCEPTION 'attach_quota needs a table, a lot column, a date column and an activity'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.enforced_columns(tab, lot_column, date_column,
        CASE WHEN activity_is_column THEN activity END,
        CASE WHEN category_is_column THEN category END);
    args := format('%L, %L, %L', 'lot=' || lot_column, 'date=' || date_column,
                   CASE WHEN activity_is_column THEN 'activity_column=' ELSE 'activity=' END || activity);
    IF category IS NOT NULL THEN
        args := args || format(', %L',
                   CASE WHEN category_is_column THEN 'category_column=' ELSE 'category=' END || category);
    END IF;
    INSERT INTO @extschema@.quota_table (relid) VALUES (tab);
    EXECUTE format('CREATE TRIGGER rare_trace_quota_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS rare_trace_new FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.enforce_quota(%s)', tab, args);
    EXECUTE format('CREATE TRIGGER rare_trace_quota_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS rare_trace_old NEW TABLE AS rare_trace_new FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.enforce_quota(%s)', tab, args);
    EXECUTE format('CREATE TRIGGER rare_trace_quota_del AFTER DELETE ON %s REFERENCING OLD TABLE AS rare_trace_old FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.enforce_quota(%s)', tab, args);
END
$fn$;
COMMENT ON FUNCTION @extschema@.attach_quota(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.bool, pg_catalog.bool) IS
    'register a production table and create its three enforce_quota triggers (needs rare_trace_admin and TRIGGER on the table)';

--
-- Questions people and BI tools ask.
--
CREATE FUNCTION @extschema@.quota_check_detail(lot @extschema@.rare_lot, on_date pg_catalog.date,
    activity pg_catalog.text, category pg_catalog.text DEFAULT NULL,
    OUT holder pg_catalog.text, OUT limit_t pg_catalog.numeric, OUT used_t pg_catalog.numeric,
    OUT requested_t pg_catalog.numeric, OUT ok pg_catalog.bool, OUT reason pg_catalog.text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    ent text := @extschema@.lot_enterprise(lot);
    yr int4;
    problem text;
    found_any bool := false;
    q record;
BEGIN
    IF lot IS NULL OR on_date IS NULL OR activity IS NULL THEN
        RAISE EXCEPTION 'quota_check_detail needs a lot, a date and an activity'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- the trigger's rule and error for the date, checked first as there
    yr := @extschema@.production_year(lot, on_date);
    requested_t := pg_catalog.trim_scale(@extschema@.reo_kg(lot) * 0.001);
    IF requested_t IS NULL THEN
        holder := ent; ok := false;
        reason := 'the lot declares promethium, which has no oxide factor';
        RETURN NEXT;
        RETURN;
    END IF;
    problem := @extschema@.approval_problem(ent, activity, on_date, on_date);
    IF problem IS NOT NULL THEN
        holder := ent; ok := false; reason := problem;
        RETURN NEXT;
        RETURN;
    END IF;
    FOR q IN SELECT * FROM @extschema@.applicable_quotas(ent, yr, activity, category)
    LOOP
        found_any := true;
        holder := q.holder; limit_t := q.limit_t; used_t := q.used_t;
        ok := q.used_t + requested_t <= q.limit_t;
        reason := CASE WHEN ok THEN 'ok'
                       ELSE format('quota exceeded: %s t left', trim_scale(q.limit_t - q.used_t)) END;
        RETURN NEXT;
    END LOOP;
    IF NOT found_any THEN
        holder := ent; ok := false;
        reason := format('no %s quota for %s in %s%s', activity, ent, yr,
                         CASE WHEN category IS NULL THEN '' ELSE ' (category ' || category || ')' END);
        RETURN NEXT;
    END IF;
END
$fn$;
COMMENT ON FUNCTION @extschema@.quota_check_detail(@extschema@.rare_lot, pg_catalog.date, pg_catalog.text, pg_catalog.text) IS
    'one row per quota the lot would charge (or one row saying why none can), with room left; no side effect';

CREATE FUNCTION @extschema@.quota_check(lot @extschema@.rare_lot, on_date pg_catalog.date,
    activity pg_catalog.text, category pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.bool
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT bool_and(d.ok) FROM @extschema@.quota_check_detail($1, $2, $3, $4) AS d
$fn$;
COMMENT ON FUNCTION @extschema@.quota_check(@extschema@.rare_lot, pg_catalog.date, pg_catalog.text, pg_catalog.text) IS
    'would this lot be accepted now (no side effect)';

CREATE FUNCTION @extschema@.quota_remaining(holder pg_catalog.text, year pg_catalog.int4,
    activity pg_catalog.text, category pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.numeric
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT min(q.limit_t - q.used_t) FROM @extschema@.applicable_quotas($1, $2, $3, $4) AS q
$fn$;
COMMENT ON FUNCTION @extschema@.quota_remaining(pg_catalog.text, pg_catalog.int4, pg_catalog.text, pg_catalog.text) IS
    'tonnes REO the holder may still produce: the least room among the quotas it would charge (NULL if none)';

CREATE VIEW @extschema@.quota_status AS
SELECT q.holder,
       e.parent,
       q.year,
       q.activity::pg_catalog.text AS activity,
       q.category,
       q.limit_t,
       q.used_t,
       q.limit_t OPERATOR(pg_catalog.-) q.used_t AS remaining_t,
       CASE WHEN q.limit_t OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(100 OPERATOR(pg_catalog.*) q.used_t OPERATOR(pg_catalog./) q.limit_t, 2)
       END AS used_pct
FROM @extschema@.quota AS q
JOIN @extschema@.enterprise AS e ON e.code OPERATOR(pg_catalog.=) q.holder;
COMMENT ON VIEW @extschema@.quota_status IS 'quotas with room left, plain column types for BI tools';
COMMENT ON COLUMN @extschema@.quota_status.holder IS 'enterprise or group holding the quota';
COMMENT ON COLUMN @extschema@.quota_status.parent IS 'group above the holder; NULL at the top';
COMMENT ON COLUMN @extschema@.quota_status.year IS 'calendar year';
COMMENT ON COLUMN @extschema@.quota_status.activity IS 'activity the quota covers';
COMMENT ON COLUMN @extschema@.quota_status.category IS 'category; NULL = any category';
COMMENT ON COLUMN @extschema@.quota_status.limit_t IS 'limit in tonnes REO';
COMMENT ON COLUMN @extschema@.quota_status.used_t IS 'tonnes REO charged';
COMMENT ON COLUMN @extschema@.quota_status.remaining_t IS 'limit_t - used_t';
COMMENT ON COLUMN @extschema@.quota_status.used_pct IS 'used_t as a percentage of limit_t, 2 decimals; NULL when the limit is 0';

--
-- Drift detection and repair.
--
CREATE FUNCTION @extschema@.quota_reconcile(repair pg_catalog.bool DEFAULT false,
    OUT quota_id pg_catalog.int8, OUT holder pg_catalog.text, OUT year pg_catalog.int4,
    OUT activity pg_catalog.text, OUT category pg_catalog.text,
    OUT used_t pg_catalog.numeric, OUT actual_t pg_catalog.numeric, OUT drift_t pg_catalog.numeric)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    t record;
    a record;
    parts text[] := '{}';
BEGIN
    -- one SELECT per enforced table, from its trigger arguments, parsed by
    -- the trigger's own parser
    FOR t IN
        SELECT DISTINCT ON (tr.tgrelid) tr.tgrelid::regclass AS rel, tr.tgargs
        FROM pg_trigger AS tr
        JOIN @extschema@.quota_table AS qt ON qt.relid = tr.tgrelid
        WHERE tr.tgfoid = '@extschema@.enforce_quota()'::regprocedure
        ORDER BY tr.tgrelid, tr.tgname
    LOOP
        a := @extschema@.enforce_quota_args(t.rel, t.tgargs);
        -- only built-in and rare_trace code may run on the rows: check the
        -- column types, so no user-defined type or cast is involved
        PERFORM @extschema@.enforced_columns(t.rel, a.lot_column, a.date_column,
                                             a.activity_column, a.category_column);
        parts := parts || format(
            'SELECT @extschema@.lot_enterprise(%1$s) AS ent, @extschema@.production_year(%1$s, %2$s) AS yr, '
            '%3$s AS act, %4$s AS cat, @extschema@.reo_kg(%1$s) * 0.001 AS t FROM %5$s WHERE %1$s IS NOT NULL',
            quote_ident(a.lot_column), quote_ident(a.date_column),
            coalesce(quote_literal(a.activity), quote_ident(a.activity_column) || '::text'),
            coalesce(quote_literal(a.category), quote_ident(a.category_column) || '::text', 'NULL::text'),
            t.rel);
    END LOOP;

    RETURN QUERY EXECUTE format($q$
        WITH rows AS (%s),
        charged AS (
            SELECT q.id, pg_catalog.trim_scale(sum(r.t)) AS t
            FROM rows AS r
            CROSS JOIN LATERAL @extschema@.applicable_quotas(r.ent, r.yr, r.act, r.cat) AS q
            GROUP BY q.id)
        SELECT q.id, q.holder, q.year, q.activity::text, q.category, q.used_t,
               trim_scale(coalesce(c.t, 0)), trim_scale(q.used_t - coalesce(c.t, 0))
        FROM @extschema@.quota AS q LEFT JOIN charged AS c ON c.id = q.id
        WHERE q.used_t <> coalesce(c.t, 0)
        ORDER BY q.id$q$,
        CASE WHEN cardinality(parts) = 0
             THEN 'SELECT NULL::text AS ent, NULL::int4 AS yr, NULL::text AS act, NULL::text AS cat, NULL::numeric AS t WHERE false'
             ELSE array_to_string(parts, ' UNION ALL ') END);

    IF repair THEN
        -- lock every quota row in the trigger's order (descending id), then
        -- recompute under the locks
        PERFORM 1 FROM @extschema@.quota ORDER BY id DESC FOR UPDATE;
        UPDATE @extschema@.quota AS q SET used_t = s.actual
        FROM (SELECT r.quota_id, r.actual_t AS actual
              FROM @extschema@.quota_reconcile(false) AS r) AS s
        WHERE q.id = s.quota_id;
    END IF;
END
$fn$;
COMMENT ON FUNCTION @extschema@.quota_reconcile(pg_catalog.bool) IS
    'recompute used_t from the enforced tables; returns the quotas that drifted and repairs them when repair is true';

--
-- Privileges: readers read, admins change enterprises and limits, nobody
-- but rare_trace itself changes used_t.
--
REVOKE ALL ON TABLE @extschema@.enterprise, @extschema@.quota, @extschema@.quota_table,
    @extschema@.quota_status FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.enterprise, @extschema@.quota, @extschema@.quota_table,
    @extschema@.quota_status TO rare_trace_reader;
GRANT INSERT, UPDATE, DELETE ON TABLE @extschema@.enterprise TO rare_trace_admin;
GRANT INSERT (holder, year, activity, category, limit_t), UPDATE (limit_t), DELETE
    ON TABLE @extschema@.quota TO rare_trace_admin;
GRANT INSERT (relid), DELETE ON TABLE @extschema@.quota_table TO rare_trace_admin;
-- triggers fire without EXECUTE; attaching one needs it
REVOKE ALL ON FUNCTION @extschema@.enforce_quota() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.enforce_quota() TO rare_trace_admin;
REVOKE ALL ON FUNCTION @extschema@.attach_quota(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.bool, pg_catalog.bool) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.attach_quota(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.bool, pg_catalog.bool) TO rare_trace_admin;
REVOKE ALL ON FUNCTION @extschema@.quota_reconcile(pg_catalog.bool) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.quota_reconcile(pg_catalog.bool) TO rare_trace_admin;

/*
 * src/sql/provenance.sql: the provenance type and aggregate, rows and issues for BI tools.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

--
-- Provenance: the provenance type, the aggregate, and rows for BI tools.
--
CREATE TYPE @extschema@.provenance;

CREATE FUNCTION @extschema@.provenance_in(pg_catalog.cstring)
RETURNS @extschema@.provenance
AS 'MODULE_PATHNAME', 'rare_trace_provenance_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.provenance_out(@extschema@.provenance)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'rare_trace_provenance_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.provenance_recv(pg_catalog.internal)
RETURNS @extschema@.provenance
AS 'MODULE_PATHNAME', 'rare_trace_provenance_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.provenance_send(@extschema@.provenance)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'rare_trace_provenance_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.provenance (
    INPUT = @extschema@.provenance_in,
    OUTPUT = @extschema@.provenance_out,
    RECEIVE = @extschema@.provenance_recv,
    SEND = @extschema@.provenance_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.provenance IS
    'result of the provenance aggregate: per sink lot and element, origin and stage countries, plus the issues found (jsonb inside)';
COMMENT ON FUNCTION @extschema@.provenance_in(pg_catalog.cstring) IS 'I/O';
COMMENT ON FUNCTION @extschema@.provenance_out(@extschema@.provenance) IS 'I/O';
COMMENT ON FUNCTION @extschema@.provenance_recv(pg_catalog.internal) IS 'I/O';
COMMENT ON FUNCTION @extschema@.provenance_send(@extschema@.provenance) IS 'I/O';

-- same representation as jsonb
CREATE CAST (@extschema@.provenance AS pg_catalog.jsonb) WITHOUT FUNCTION AS ASSIGNMENT;
COMMENT ON CAST (@extschema@.provenance AS pg_catalog.jsonb) IS 'the provenance result as jsonb';

CREATE FUNCTION @extschema@.provenance_accum(pg_catalog.internal, @extschema@.rare_lot,
    @extschema@.rare_lot, pg_catalog.numeric)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'rare_trace_provenance_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.provenance_accum(pg_catalog.internal, @extschema@.rare_lot, @extschema@.rare_lot, pg_catalog.numeric) IS
    'provenance aggregate: transition function';

CREATE FUNCTION @extschema@.provenance_combine(pg_catalog.internal, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'rare_trace_provenance_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.provenance_combine(pg_catalog.internal, pg_catalog.internal) IS
    'provenance aggregate: combine function';

CREATE FUNCTION @extschema@.provenance_serialize(pg_catalog.internal)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'rare_trace_provenance_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.provenance_serialize(pg_catalog.internal) IS
    'provenance aggregate: serialize function';

CREATE FUNCTION @extschema@.provenance_deserialize(pg_catalog.bytea, pg_catalog.internal)
RETURNS pg_catalog.internal
AS 'MODULE_PATHNAME', 'rare_trace_provenance_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.provenance_deserialize(pg_catalog.bytea, pg_catalog.internal) IS
    'provenance aggregate: deserialize function (validates its input)';

CREATE FUNCTION @extschema@.provenance_final(pg_catalog.internal)
RETURNS @extschema@.provenance
AS 'MODULE_PATHNAME', 'rare_trace_provenance_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.provenance_final(pg_catalog.internal) IS
    'provenance aggregate: final function (topological propagation over the flows)';

CREATE AGGREGATE @extschema@.provenance(parent @extschema@.rare_lot, child @extschema@.rare_lot,
    kg pg_catalog.numeric) (
    SFUNC = @extschema@.provenance_accum,
    STYPE = pg_catalog.internal,
    FINALFUNC = @extschema@.provenance_final,
    COMBINEFUNC = @extschema@.provenance_combine,
    SERIALFUNC = @extschema@.provenance_serialize,
    DESERIALFUNC = @extschema@.provenance_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.provenance(@extschema@.rare_lot, @extschema@.rare_lot, pg_catalog.numeric) IS
    'over flows (parent, child, kg): where each element of every sink lot was mined and processed, and the issues in the record';

CREATE FUNCTION @extschema@.provenance_rows(p @extschema@.provenance,
    OUT sink_code pg_catalog.text, OUT element pg_catalog.text, OUT view pg_catalog.text,
    OUT country pg_catalog.text, OUT kg pg_catalog.numeric, OUT share pg_catalog.numeric)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'rare_trace_provenance_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION @extschema@.provenance_rows(@extschema@.provenance) IS
    'a provenance result as rows (sink_code, element, view origin|stage, country, kg, share) for BI tools';

CREATE FUNCTION @extschema@.provenance_issues(p @extschema@.provenance,
    OUT kind pg_catalog.text, OUT lot_code pg_catalog.text, OUT element pg_catalog.text,
    OUT kg pg_catalog.numeric, OUT detail pg_catalog.text)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT i.value ->> 'kind', i.value ->> 'lot', i.value ->> 'element',
           (i.value ->> 'kg')::numeric, i.value ->> 'detail'
    FROM jsonb_array_elements(p::jsonb -> 'issues') WITH ORDINALITY AS i(value, n)
    ORDER BY i.n
$fn$;
COMMENT ON FUNCTION @extschema@.provenance_issues(@extschema@.provenance) IS
    'the issues found with a provenance result: double_counting, unexplained_material, transshipment, conflicting_lot';

--
-- Pictures of the supply chain as Graphviz DOT text (0.5.0,
-- src/provenance_dot.c): the aggregate provenance_dot(parent, child, kg)
-- draws the flows (the provenance aggregate's state, another final
-- function), provenance_dot(provenance) what a result holds (sinks, their
-- views, issues).
--
CREATE FUNCTION @extschema@.provenance_dot_final(pg_catalog.internal)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_trace_provenance_dot_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.provenance_dot_final(pg_catalog.internal) IS
    'aggregate support: final function of provenance_dot(parent, child, kg), the flows as DOT text';

CREATE AGGREGATE @extschema@.provenance_dot(parent @extschema@.rare_lot, child @extschema@.rare_lot,
    kg pg_catalog.numeric) (
    SFUNC = @extschema@.provenance_accum,
    STYPE = pg_catalog.internal,
    FINALFUNC = @extschema@.provenance_dot_final,
    COMBINEFUNC = @extschema@.provenance_combine,
    SERIALFUNC = @extschema@.provenance_serialize,
    DESERIALFUNC = @extschema@.provenance_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.provenance_dot(@extschema@.rare_lot, @extschema@.rare_lot, pg_catalog.numeric) IS
    'over flows (parent, child, kg): Graphviz DOT of the lots (code, country, form, mass; sinks outlined, recycled inputs dashed, issues in red) and flows (kg)';

CREATE FUNCTION @extschema@.provenance_dot(p @extschema@.provenance)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'rare_trace_provenance_dot'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.provenance_dot(@extschema@.provenance) IS
    'Graphviz DOT of a provenance result: each sink with a node per view and country, the kg of each element, the issues on their lots';

/*
 * src/sql/ledger.sql: the tamper-evident flow ledger.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

-- ======================================================================
-- Flow ledger (tamper-evident, append-only).  Everything from here to the
-- "end of the flow ledger" line belongs to it; see doc/ledger.md for the
-- canonical byte layout and the SQLSTATEs RTL01-RTL03.
-- ======================================================================

--
-- Role.  Created only where missing, like the 0.2.0 roles.
--
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rare_trace_recorder') THEN
        CREATE ROLE rare_trace_recorder NOLOGIN;
        COMMENT ON ROLE rare_trace_recorder IS 'rare_trace: may append flows to the ledger (rare_trace.flow) and read it';
    END IF;
    IF NOT pg_catalog.pg_has_role('rare_trace_recorder', 'rare_trace_reader', 'MEMBER') THEN
        GRANT rare_trace_reader TO rare_trace_recorder;
    END IF;
    IF NOT pg_catalog.pg_has_role('rare_trace_admin', 'rare_trace_recorder', 'MEMBER') THEN
        GRANT rare_trace_recorder TO rare_trace_admin;
    END IF;
END
$roles$;

--
-- The ledger.  One hash chain per recording enterprise: seq numbers its
-- entries 1, 2, 3, ... and hash = SHA-256(hash of the previous entry of
-- the chain, or 32 zero bytes, || flow_canonical(entry)).  seq, hash and
-- recorded_at are set by the trigger flow_hash.
--
CREATE TABLE @extschema@.flow (
    id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at pg_catalog.timestamptz NOT NULL,
    enterprise pg_catalog.text NOT NULL
        CONSTRAINT flow_enterprise_check
        CHECK (enterprise OPERATOR(pg_catalog.~) '^[A-Z]{2}-[A-Z0-9]{2,16}$'),
    parent @extschema@.rare_lot NOT NULL,
    child @extschema@.rare_lot NOT NULL,
    kg pg_catalog.numeric NOT NULL,
    kind pg_catalog.text NOT NULL
        CONSTRAINT flow_kind_check CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY[
            'transform', 'ship', 'receive', 'export', 'import', 'recycle']::pg_catalog.text[])),
    docs pg_catalog.jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT flow_docs_check CHECK (pg_catalog.jsonb_typeof(docs) OPERATOR(pg_catalog.=) 'object'),
    corrects pg_catalog.int8
        CONSTRAINT flow_corrects_fkey REFERENCES @extschema@.flow (id),
    seq pg_catalog.int8 NOT NULL
        CONSTRAINT flow_seq_check CHECK (seq OPERATOR(pg_catalog.>=) 1),
    hash pg_catalog.bytea NOT NULL
        CONSTRAINT flow_hash_check CHECK (pg_catalog.octet_length(hash) OPERATOR(pg_catalog.=) 32),
    -- kg > 0 (and finite: NaN and Infinity sort above every number); 0 only
    -- in a correction, where it means "this flow did not happen"
    CONSTRAINT flow_kg_check CHECK (
        (kg OPERATOR(pg_catalog.>) 0 AND kg OPERATOR(pg_catalog.<=) 1000000000000)
        OR (kg OPERATOR(pg_catalog.=) 0 AND corrects IS NOT NULL)),
    -- whole grams, as lot masses: provenance adds flows up exactly in grams
    CONSTRAINT flow_kg_grams_check CHECK (
        kg OPERATOR(pg_catalog.=) pg_catalog.round(kg, 3)),
    CONSTRAINT flow_chain_position UNIQUE (enterprise, seq)
);
-- an entry is corrected at most once, so corrections form simple chains
-- (the trigger checks it with a clear message; this is the backstop)
CREATE UNIQUE INDEX flow_corrects_key ON @extschema@.flow (corrects) WHERE corrects IS NOT NULL;
COMMENT ON INDEX @extschema@.flow_corrects_key IS
    'an entry is corrected at most once; also serves flow_current';

COMMENT ON TABLE @extschema@.flow IS
    'the flow ledger: append-only, one SHA-256 hash chain per recording enterprise (see rare_trace.verify_ledger)';
COMMENT ON COLUMN @extschema@.flow.id IS 'entry id, global over all chains (covered by the hash)';
COMMENT ON COLUMN @extschema@.flow.recorded_at IS 'start of the recording transaction, set by the ledger trigger';
COMMENT ON COLUMN @extschema@.flow.enterprise IS 'recording enterprise CC-ENTERPRISE, whose chain the entry joins (need not be in rare_trace.enterprise)';
COMMENT ON COLUMN @extschema@.flow.parent IS 'lot the material came from';
COMMENT ON COLUMN @extschema@.flow.child IS 'lot the material went to';
COMMENT ON COLUMN @extschema@.flow.kg IS 'kg moved from parent to child (> 0; 0 only in a correction: the corrected flow did not happen)';
COMMENT ON COLUMN @extschema@.flow.kind IS 'transform, ship, receive, export, import or recycle';
COMMENT ON COLUMN @extschema@.flow.docs IS 'document references as a jsonb object (invoice, bill of lading, licence number, ...)';
COMMENT ON COLUMN @extschema@.flow.corrects IS 'id of the entry of the same chain this entry replaces; NULL for an original entry';
COMMENT ON COLUMN @extschema@.flow.seq IS 'position in the enterprise''s chain: 1, 2, 3, ... (set by the ledger trigger)';
COMMENT ON COLUMN @extschema@.flow.hash IS 'SHA-256(hash of entry seq - 1, or 32 zero bytes, || flow_canonical(entry)) (set by the ledger trigger)';

--
-- Head of every chain: the last entry's seq and hash.  Its row is the lock
-- that serialises appends to one chain; it also anchors the chain, so that
-- losing the last entries is detected.  The ledger writes it as the
-- appending transaction commits.  (No CHECK constraints: only the ledger
-- writes it, and verify_ledger compares it with the entries.)
--
CREATE TABLE @extschema@.flow_chain (
    enterprise pg_catalog.text PRIMARY KEY,
    seq pg_catalog.int8 NOT NULL,
    head pg_catalog.bytea NOT NULL
);
COMMENT ON TABLE @extschema@.flow_chain IS
    'head of each enterprise''s ledger chain; maintained by the ledger trigger only';
COMMENT ON COLUMN @extschema@.flow_chain.enterprise IS 'recording enterprise CC-ENTERPRISE';
COMMENT ON COLUMN @extschema@.flow_chain.seq IS 'seq of the chain''s last entry (0: none yet)';
COMMENT ON COLUMN @extschema@.flow_chain.head IS 'hash of the chain''s last entry (32 zero bytes: none yet)';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.flow', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.flow_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.flow_chain', '');

--
-- Canonical bytes of an entry (C; the one implementation the trigger and
-- verify_ledger share).  Layout in doc/ledger.md.
--
CREATE FUNCTION @extschema@.flow_canonical(entry @extschema@.flow)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'rare_trace_flow_canonical'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.flow_canonical(@extschema@.flow) IS
    'canonical bytes of a ledger entry, which its hash covers: "rare_trace.flow.v1", then seq, id, enterprise, recorded_at, parent, child, kg, kind, docs, corrects, each as a 4-byte big-endian length and UTF-8 text';

--
-- The ledger trigger (C, src/ledger_trigger.c).  It assigns seq,
-- recorded_at and hash, keeping each chain's head in memory for the
-- transaction (src/ledger_chain.c); the deferred constraint trigger
-- flow_write_head writes each changed head to flow_chain once, as the
-- transaction commits.
-- Not SECURITY DEFINER: it runs its own statements on flow_chain as the
-- owner of rare_trace.flow and only those, as PostgreSQL's foreign-key
-- triggers do.  No SET search_path: on a row trigger a SET clause is paid
-- for every row (measured: about 5 us per row, a 100,000-row INSERT ...
-- SELECT taking 2.00 s -> 2.56 s of backend CPU), and the function depends
-- on no setting: every name and operator in its SQL is schema-qualified,
-- and the canonical bytes ignore TimeZone, DateStyle and the like.
--
CREATE FUNCTION @extschema@.flow_append()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_flow_append'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.flow_append() IS
    'BEFORE INSERT FOR EACH ROW trigger of rare_trace.flow: assigns seq, recorded_at and hash (flow_write_head writes the chain heads at commit)';

CREATE TRIGGER flow_hash
    BEFORE INSERT ON @extschema@.flow
    FOR EACH ROW EXECUTE FUNCTION @extschema@.flow_append();
COMMENT ON TRIGGER flow_hash ON @extschema@.flow IS 'assigns seq, recorded_at and hash';

--
-- Writing the heads at commit: a deferred constraint trigger, fired by
-- PostgreSQL with the other deferred triggers as the transaction commits
-- (before the point after which no user code runs).  Its WHEN condition
-- holds for one entry per chain and transaction (the one that made the
-- head dirty), so one event is queued per chain, not per row.  The WHEN
-- function only reads the session's own transaction state (PARALLEL
-- UNSAFE: a worker has none); inserting roles need EXECUTE on it, so it
-- keeps PostgreSQL's default grant; no SET search_path (it runs no SQL,
-- and a SET clause would be paid on every row, as for flow_append).
--
CREATE FUNCTION @extschema@.flow_head_pending(enterprise pg_catalog.text, seq pg_catalog.int8)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_trace_flow_head_pending'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.flow_head_pending(pg_catalog.text, pg_catalog.int8) IS
    'WHEN condition of the trigger flow_write_head: true for the entry of this transaction whose event writes the chain''s head';

CREATE FUNCTION @extschema@.flow_write_head()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_flow_write_head'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.flow_write_head() IS
    'deferred AFTER INSERT FOR EACH ROW constraint trigger of rare_trace.flow: writes the head of the entry''s chain to flow_chain at commit';

CREATE CONSTRAINT TRIGGER flow_write_head
    AFTER INSERT ON @extschema@.flow
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (@extschema@.flow_head_pending(NEW.enterprise, NEW.seq))
    EXECUTE FUNCTION @extschema@.flow_write_head();
COMMENT ON TRIGGER flow_write_head ON @extschema@.flow IS
    'writes each chain head the transaction changed to flow_chain, once, at commit';

CREATE FUNCTION @extschema@.flow_reject()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_flow_reject'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.flow_reject() IS
    'trigger function: rejects UPDATE, DELETE and TRUNCATE of the append-only rare_trace.flow (SQLSTATE RTL01)';

CREATE TRIGGER flow_append_only
    BEFORE UPDATE OR DELETE ON @extschema@.flow
    FOR EACH ROW EXECUTE FUNCTION @extschema@.flow_reject();
CREATE TRIGGER flow_no_truncate
    BEFORE TRUNCATE ON @extschema@.flow
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.flow_reject();
COMMENT ON TRIGGER flow_append_only ON @extschema@.flow IS 'rejects UPDATE and DELETE: record a correction instead';
COMMENT ON TRIGGER flow_no_truncate ON @extschema@.flow IS 'rejects TRUNCATE';

--
-- The corrected view.  Every entry is corrected at most once, so the
-- corrections of an entry form a chain and its last link is the one in
-- force: an entry counts unless a later entry corrects it, and an entry
-- with kg = 0 (a correction saying the flow did not happen) never counts.
--
CREATE VIEW @extschema@.flow_current AS
SELECT f.id,
       f.recorded_at,
       f.enterprise,
       f.seq,
       f.kind,
       f.parent,
       f.child,
       @extschema@.lot_code(f.parent) AS parent_code,
       @extschema@.lot_code(f.child) AS child_code,
       f.kg,
       f.docs,
       f.corrects
FROM @extschema@.flow AS f
WHERE f.kg OPERATOR(pg_catalog.<>) 0
  AND NOT EXISTS (SELECT FROM @extschema@.flow AS c WHERE c.corrects OPERATOR(pg_catalog.=) f.id);
COMMENT ON VIEW @extschema@.flow_current IS
    'flows in force: ledger entries not corrected by a later entry, without kg = 0 cancellations';
COMMENT ON COLUMN @extschema@.flow_current.id IS 'entry id (the last correction in force, or the original entry)';
COMMENT ON COLUMN @extschema@.flow_current.recorded_at IS 'when the entry was recorded';
COMMENT ON COLUMN @extschema@.flow_current.enterprise IS 'recording enterprise';
COMMENT ON COLUMN @extschema@.flow_current.seq IS 'position in the enterprise''s chain';
COMMENT ON COLUMN @extschema@.flow_current.kind IS 'transform, ship, receive, export, import or recycle';
COMMENT ON COLUMN @extschema@.flow_current.parent IS 'lot the material came from';
COMMENT ON COLUMN @extschema@.flow_current.child IS 'lot the material went to';
COMMENT ON COLUMN @extschema@.flow_current.parent_code IS 'code of the parent lot, as text for BI tools';
COMMENT ON COLUMN @extschema@.flow_current.child_code IS 'code of the child lot, as text for BI tools';
COMMENT ON COLUMN @extschema@.flow_current.kg IS 'kg moved from parent to child (> 0)';
COMMENT ON COLUMN @extschema@.flow_current.docs IS 'document references';
COMMENT ON COLUMN @extschema@.flow_current.corrects IS 'id of the entry this one replaced; NULL for an original entry';

--
-- Verification: every entry's hash against its predecessor's stored hash
-- (set-based: each link is checked on its own), the seq numbering, and
-- the head in flow_chain against the chain's last entry.
--
CREATE FUNCTION @extschema@.verify_ledger(enterprise pg_catalog.text DEFAULT NULL)
RETURNS TABLE (enterprise pg_catalog.text, id pg_catalog.int8, seq pg_catalog.int8, problem pg_catalog.text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH entry AS (
        SELECT f.enterprise, f.id, f.seq, f.hash,
               f.seq OPERATOR(pg_catalog.<>)
                   (COALESCE(pg_catalog.lag(f.seq) OVER w, 0) OPERATOR(pg_catalog.+) 1) AS gap,
               f.hash OPERATOR(pg_catalog.<>) pg_catalog.sha256(
                   COALESCE(pg_catalog.lag(f.hash) OVER w,
                            pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'))
                   OPERATOR(pg_catalog.||) @extschema@.flow_canonical(f)) AS bad,
               pg_catalog.lead(f.seq) OVER w IS NULL AS last
        FROM @extschema@.flow AS f
        WHERE $1 IS NULL OR f.enterprise OPERATOR(pg_catalog.=) $1
        WINDOW w AS (PARTITION BY f.enterprise ORDER BY f.seq)
    ), problem AS (
        SELECT e.enterprise, e.id, e.seq,
               CASE WHEN e.gap THEN 'sequence gap' ELSE 'hash mismatch' END AS problem, 0 AS rank
        FROM entry AS e
        WHERE e.gap OR e.bad
        UNION ALL
        SELECT COALESCE(l.enterprise, c.enterprise), l.id, l.seq,
               CASE WHEN c.enterprise IS NULL THEN 'chain head missing' ELSE 'chain head mismatch' END, 1
        FROM (SELECT * FROM entry WHERE entry.last) AS l
        FULL JOIN (SELECT * FROM @extschema@.flow_chain AS h
                   WHERE $1 IS NULL OR h.enterprise OPERATOR(pg_catalog.=) $1) AS c
               ON c.enterprise OPERATOR(pg_catalog.=) l.enterprise
        WHERE c.enterprise IS NULL
           OR (l.enterprise IS NULL
               AND (c.seq OPERATOR(pg_catalog.<>) 0
                    OR c.head OPERATOR(pg_catalog.<>) pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex')))
           OR (l.enterprise IS NOT NULL
               AND (c.seq OPERATOR(pg_catalog.<>) l.seq OR c.head OPERATOR(pg_catalog.<>) l.hash))
    )
    SELECT DISTINCT ON (p.enterprise COLLATE pg_catalog."C") p.enterprise, p.id, p.seq, p.problem
    FROM problem AS p
    ORDER BY p.enterprise COLLATE pg_catalog."C", p.rank, p.seq
$fn$;
COMMENT ON FUNCTION @extschema@.verify_ledger(pg_catalog.text) IS
    'the first broken link of every ledger chain (or of the one named): sequence gap, hash mismatch, chain head mismatch or chain head missing; no row when every chain holds';

--
-- Privileges: readers read; recorders append, giving only the columns a
-- flow is made of; nobody writes seq, hash, recorded_at or flow_chain but
-- the ledger trigger.
--
REVOKE ALL ON TABLE @extschema@.flow, @extschema@.flow_chain, @extschema@.flow_current FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.flow, @extschema@.flow_chain, @extschema@.flow_current TO rare_trace_reader;
GRANT INSERT (enterprise, parent, child, kg, kind, docs, corrects) ON TABLE @extschema@.flow TO rare_trace_recorder;
-- triggers fire without EXECUTE
REVOKE ALL ON FUNCTION @extschema@.flow_append() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.flow_reject() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.flow_write_head() FROM PUBLIC;

-- ======================================================================
-- End of the flow ledger.
-- ======================================================================

/*
 * src/sql/ledger_provenance.sql: provenance of one lot from the ledger.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

--
-- Provenance of one lot from the ledger: the flows into the lot and into
-- each of its ancestors, gathered as a set (UNION: each lot once, however
-- many paths lead to it), then the provenance aggregate over them.
--
CREATE INDEX flow_child_code_idx ON @extschema@.flow (@extschema@.lot_code(child));
COMMENT ON INDEX @extschema@.flow_child_code_idx IS 'finds the flows into a lot, for ledger_provenance()';

CREATE FUNCTION @extschema@.ledger_provenance(lot_code pg_catalog.text)
RETURNS @extschema@.provenance
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH RECURSIVE lots(code) AS (
        SELECT upper(lot_code COLLATE "C")
        UNION
        SELECT f.parent_code
        FROM @extschema@.flow_current AS f JOIN lots ON f.child_code = lots.code)
    SELECT @extschema@.provenance(f.parent, f.child, f.kg)
    FROM @extschema@.flow_current AS f
    WHERE f.child_code IN (SELECT code FROM lots)
$fn$;
COMMENT ON FUNCTION @extschema@.ledger_provenance(pg_catalog.text) IS
    'provenance of one lot from the corrected ledger (rare_trace.flow_current): its flows and all its ancestors'' flows';

CREATE FUNCTION @extschema@.lot_provenance(lot_code pg_catalog.text,
    OUT sink_code pg_catalog.text, OUT element pg_catalog.text, OUT view pg_catalog.text,
    OUT country pg_catalog.text, OUT kg pg_catalog.numeric, OUT share pg_catalog.numeric)
RETURNS SETOF record
LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 100
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT r.* FROM @extschema@.provenance_rows(@extschema@.ledger_provenance(lot_code)) AS r
$fn$;
COMMENT ON FUNCTION @extschema@.lot_provenance(pg_catalog.text) IS
    'rows of ledger_provenance(lot_code): origin and stage countries of each element of the lot, for BI tools';

--
-- A picture of one lot's supply chain from the ledger (0.5.0): the flows
-- ledger_provenance() reads, drawn by the aggregate provenance_dot.
--
CREATE FUNCTION @extschema@.provenance_dot(code pg_catalog.text)
RETURNS pg_catalog.text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH RECURSIVE lots(code) AS (
        SELECT upper(code COLLATE "C")
        UNION
        SELECT f.parent_code
        FROM @extschema@.flow_current AS f JOIN lots ON f.child_code = lots.code)
    SELECT @extschema@.provenance_dot(f.parent, f.child, f.kg)
    FROM @extschema@.flow_current AS f
    WHERE f.child_code IN (SELECT code FROM lots)
$fn$;
COMMENT ON FUNCTION @extschema@.provenance_dot(pg_catalog.text) IS
    'Graphviz DOT of one lot''s supply chain from the corrected ledger (the flows ledger_provenance reads); NULL if no flow goes into the lot';

/*
 * src/sql/export_control.sql: export-control rules as dated data, the export and re-export checks, declaration checks.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script (0.4.0:
 * the section "Export controls and declarations" of
 * rare_trace--0.3.1--0.4.0.sql holds this file's statements verbatim).
 */

-- ======================================================================
-- Export controls and declarations (0.4.0).  Reference: doc/export_controls.md.
-- Dates: effective_from / suspended_from are the first day, effective_until /
-- suspended_until the LAST day (inclusive); NULL until = no end.
-- ======================================================================

--
-- The rules.  One row per announcement (or per part of one); the rows
-- rare_trace ships have shipped = true, are re-created by CREATE EXTENSION
-- and cannot be changed (record a suspension or a new rule instead); rows
-- users add are dumped by pg_dump (config-dump filter WHERE NOT shipped).
--
CREATE TABLE @extschema@.export_control (
    reference pg_catalog.text PRIMARY KEY
        CHECK (reference OPERATOR(pg_catalog.<>) ''),
    authority pg_catalog.text NOT NULL CHECK (authority OPERATOR(pg_catalog.<>) ''),
    scope pg_catalog.text NOT NULL
        CHECK (scope OPERATOR(pg_catalog.=) ANY (ARRAY['export', 're-export'])),
    elements pg_catalog.text[] NOT NULL,
    forms pg_catalog.text[] NOT NULL,
    control_codes pg_catalog.jsonb,
    min_content_pct pg_catalog.numeric
        CHECK (min_content_pct OPERATOR(pg_catalog.>) 0 AND min_content_pct OPERATOR(pg_catalog.<=) 100),
    min_value_share_pct pg_catalog.numeric
        CHECK (min_value_share_pct OPERATOR(pg_catalog.>) 0 AND min_value_share_pct OPERATOR(pg_catalog.<=) 100),
    countries pg_catalog.text[] NOT NULL,
    destinations pg_catalog.text[],
    stages pg_catalog.text[],
    effective_from pg_catalog.date NOT NULL,
    effective_until pg_catalog.date,
    source pg_catalog.text NOT NULL CHECK (source OPERATOR(pg_catalog.<>) ''),
    note pg_catalog.text,
    shipped pg_catalog.bool NOT NULL DEFAULT false,
    CONSTRAINT export_control_dates_check
        CHECK (effective_until IS NULL OR effective_from OPERATOR(pg_catalog.<=) effective_until),
    CONSTRAINT export_control_stages_check
        CHECK (CASE WHEN scope OPERATOR(pg_catalog.=) 're-export'
                    THEN stages IS NOT NULL AND min_content_pct IS NULL
                    ELSE stages IS NULL END)
);
COMMENT ON TABLE @extschema@.export_control IS
    'export-control rules as dated data (e.g. MOFCOM/GAC Announcement No. 18 (2025)); see doc/export_controls.md';
COMMENT ON COLUMN @extschema@.export_control.reference IS 'the announcement, e.g. MOFCOM/GAC Announcement No. 18 (2025); the key';
COMMENT ON COLUMN @extschema@.export_control.authority IS 'who issued it, e.g. MOFCOM/GAC';
COMMENT ON COLUMN @extschema@.export_control.scope IS 'export: governs shipments from countries; re-export: governs shipments from any other country of material processed in countries (stages)';
COMMENT ON COLUMN @extschema@.export_control.elements IS 'the controlled rare earths (symbols, stored in atomic-number order)';
COMMENT ON COLUMN @extschema@.export_control.forms IS 'the lot forms the rule covers (rare_lot forms, stored in value-chain order)';
COMMENT ON COLUMN @extschema@.export_control.control_codes IS 'published control codes by element, e.g. {"Sm": "1C902"}; NULL or missing key = none published';
COMMENT ON COLUMN @extschema@.export_control.min_content_pct IS 'the rule covers a lot only if its summed content of the rule''s elements is at least this percent of its mass; NULL = any declared content';
COMMENT ON COLUMN @extschema@.export_control.min_value_share_pct IS 'value test: controlled content worth at least this percent of the item''s value; without a value the answer is undetermined';
COMMENT ON COLUMN @extschema@.export_control.countries IS 'export: the exporting countries governed; re-export: the controlling countries (ISO 3166-1 alpha-2)';
COMMENT ON COLUMN @extschema@.export_control.destinations IS 'destination countries governed; NULL = all';
COMMENT ON COLUMN @extschema@.export_control.stages IS 're-export only: the provenance views (e.g. separation, refining) that make material the controlling country''s';
COMMENT ON COLUMN @extschema@.export_control.effective_from IS 'first day in force';
COMMENT ON COLUMN @extschema@.export_control.effective_until IS 'last day in force (inclusive); NULL = no end';
COMMENT ON COLUMN @extschema@.export_control.source IS 'citation of the text the row was taken from';
COMMENT ON COLUMN @extschema@.export_control.note IS 'how the row reads the text, where it is a reading';
COMMENT ON COLUMN @extschema@.export_control.shipped IS 'true for the rows rare_trace ships (re-created by CREATE EXTENSION, not dumped, read-only)';

CREATE TABLE @extschema@.export_control_suspension (
    reference pg_catalog.text NOT NULL CHECK (reference OPERATOR(pg_catalog.<>) ''),
    authority pg_catalog.text NOT NULL CHECK (authority OPERATOR(pg_catalog.<>) ''),
    control_reference pg_catalog.text NOT NULL
        REFERENCES @extschema@.export_control (reference),
    suspended_from pg_catalog.date NOT NULL,
    suspended_until pg_catalog.date,
    source pg_catalog.text NOT NULL CHECK (source OPERATOR(pg_catalog.<>) ''),
    shipped pg_catalog.bool NOT NULL DEFAULT false,
    PRIMARY KEY (reference, control_reference),
    CONSTRAINT export_control_suspension_dates_check
        CHECK (suspended_until IS NULL OR suspended_from OPERATOR(pg_catalog.<=) suspended_until)
);
COMMENT ON TABLE @extschema@.export_control_suspension IS
    'suspension periods of export-control rules, each with its own reference (e.g. MOFCOM/GAC Announcement No. 70 (2025))';
COMMENT ON COLUMN @extschema@.export_control_suspension.reference IS 'the suspending announcement';
COMMENT ON COLUMN @extschema@.export_control_suspension.authority IS 'who issued it';
COMMENT ON COLUMN @extschema@.export_control_suspension.control_reference IS 'the suspended rule (export_control.reference)';
COMMENT ON COLUMN @extschema@.export_control_suspension.suspended_from IS 'first day suspended';
COMMENT ON COLUMN @extschema@.export_control_suspension.suspended_until IS 'last day suspended (inclusive); NULL = until further notice';
COMMENT ON COLUMN @extschema@.export_control_suspension.source IS 'citation of the text the row was taken from';
COMMENT ON COLUMN @extschema@.export_control_suspension.shipped IS 'true for the rows rare_trace ships (re-created by CREATE EXTENSION, not dumped, read-only)';

-- validation (elements, forms, countries, stages, codes, no NaN, finite
-- dates, normalised spelling) and protection of the shipped rows, in C
CREATE FUNCTION @extschema@.export_control_guard()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_export_control_guard'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.export_control_guard() IS
    'BEFORE row trigger of export_control and export_control_suspension: validates and normalises a row; shipped rows are read-only';

CREATE TRIGGER export_control_guard
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.export_control
    FOR EACH ROW EXECUTE FUNCTION @extschema@.export_control_guard();
COMMENT ON TRIGGER export_control_guard ON @extschema@.export_control IS
    'validates rules; shipped rules are read-only';
CREATE TRIGGER export_control_suspension_guard
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.export_control_suspension
    FOR EACH ROW EXECUTE FUNCTION @extschema@.export_control_guard();
COMMENT ON TRIGGER export_control_suspension_guard ON @extschema@.export_control_suspension IS
    'validates suspensions; shipped suspensions are read-only';

--
-- The shipped rules, as of 2026-12-02.  Sources as cited in the rows (the
-- project's domain notes, ../shared/domain.md section 3).  The forms are
-- rare_trace's reading of each announcement's item list against the
-- rare_lot forms (ore, concentrate, compound, oxide, metal, alloy, magnet,
-- scrap).
--
INSERT INTO @extschema@.export_control (reference, authority, scope, elements, forms,
    control_codes, min_content_pct, min_value_share_pct, countries, destinations, stages,
    effective_from, effective_until, source, note, shipped) VALUES
    ('MOFCOM/GAC Announcement No. 18 (2025)', 'MOFCOM/GAC', 'export',
     '{Sm,Gd,Tb,Dy,Lu,Sc,Y}', '{compound,oxide,metal,alloy,magnet}',
     '{"Sm": "1C902", "Gd": "1C903", "Tb": "1C904"}', NULL, NULL, '{CN}', NULL, NULL,
     '2025-04-04', NULL,
     'MOFCOM/GAC Announcement No. 18 (2025), 4 Apr 2025, effective on issue (translations: osencmagnet.com, hymagnetics.com, hklaw.com; control codes 1C902-1C904 from the Chinese text at gtic.007swz.com)',
     'Per element: .a metal, alloys, targets, products (SmCo and Tb/Dy-containing NdFeB magnet materials named); .b oxides and mixtures; .c compounds and mixtures: read as forms compound, oxide, metal, alloy, magnet. No value or content threshold. Codes of Dy, Lu, Sc, Y (presumably 1C905-1C908) not verified, so not shipped. Not suspended by No. 70.',
     true),
    ('MOFCOM/GAC Announcement No. 57 (2025)', 'MOFCOM/GAC', 'export',
     '{Eu,Ho,Er,Tm,Yb}', '{compound,oxide,metal,alloy}',
     NULL, NULL, NULL, '{CN}', NULL, NULL,
     '2025-11-08', NULL,
     'MOFCOM/GAC Announcement No. 57 (2025), 9 Oct 2025, effective 8 Nov 2025 (chemradar.com; siliconexpert.com; vbw.com; sscollege.cn translations)',
     'Items: metals, ingots, bars, powders, alloys, optical materials, targets, oxides, compounds: read as forms compound, oxide, metal, alloy. Control codes and HS codes not retrieved.',
     true),
    ('MOFCOM Announcement No. 61 (2025)', 'MOFCOM', 're-export',
     '{Sc,Y,Eu,Gd,Tb,Dy,Ho,Er,Tm,Yb,Lu,Sm}', '{compound,oxide,metal,alloy,magnet}',
     NULL, NULL, 0.1, '{CN}', NULL, '{separation,refining}',
     '2025-12-01', NULL,
     'MOFCOM Announcement No. 61 (2025), 9 Oct 2025, part (1) from 1 Dec 2025: foreign-made items containing China-origin controlled items worth >= 0.1 % of the item''s value need a MOFCOM licence (chemradar.com; siliconexpert.com; vbw.com; sscollege.cn translations)',
     'rare_trace''s reading: the controlled items are the elements of Nos. 18 and 57 in the forms of No. 18; material is China-origin where the provenance record has it separated or refined in CN. The test is on value: without the value share the answer is undetermined.',
     true);

INSERT INTO @extschema@.export_control_suspension (reference, authority, control_reference,
    suspended_from, suspended_until, source, shipped) VALUES
    ('MOFCOM/GAC Announcement No. 70 (2025)', 'MOFCOM/GAC', 'MOFCOM/GAC Announcement No. 57 (2025)',
     '2025-11-07', '2026-11-10',
     'MOFCOM/GAC Announcement No. 70 (2025), 7 Nov 2025: suspends Nos. 55, 56, 57, 58, 61, 62 from issue until 10 Nov 2026 (chemradar.com; uniteddaily.my); read as 10 Nov 2026 the last day suspended',
     true),
    ('MOFCOM/GAC Announcement No. 70 (2025)', 'MOFCOM/GAC', 'MOFCOM Announcement No. 61 (2025)',
     '2025-11-07', '2026-11-10',
     'MOFCOM/GAC Announcement No. 70 (2025), 7 Nov 2025: suspends Nos. 55, 56, 57, 58, 61, 62 from issue until 10 Nov 2026 (chemradar.com; uniteddaily.my); read as 10 Nov 2026 the last day suspended',
     true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.export_control', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.export_control_suspension', 'WHERE NOT shipped');

--
-- The export check: one implementation in C (src/export_rules.c) behind
-- both functions; the rules are read once per statement.  No SET
-- search_path on these two (a SET clause costs microseconds per call, more
-- than the check): their SPI queries qualify every table, function and
-- operator.
--
CREATE FUNCTION @extschema@.export_check(lot @extschema@.rare_lot, from_country pg_catalog.text,
    destination pg_catalog.text, ship_date pg_catalog.date,
    OUT reference pg_catalog.text, OUT control_code pg_catalog.text, OUT element pg_catalog.text,
    OUT form pg_catalog.text, OUT in_force pg_catalog.bool, OUT suspended pg_catalog.bool,
    OUT licence_required pg_catalog.bool, OUT reason pg_catalog.text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'rare_trace_export_check'
LANGUAGE C STABLE PARALLEL SAFE ROWS 6;
COMMENT ON FUNCTION @extschema@.export_check(@extschema@.rare_lot, pg_catalog.text, pg_catalog.text, pg_catalog.date) IS
    'every export-scope rule against one shipment of a lot: a row per controlled element the lot declares (or one with element NULL), whether it is in force, suspended, needs a licence (NULL = undetermined), and why';

CREATE FUNCTION @extschema@.licence_required(lot @extschema@.rare_lot, from_country pg_catalog.text,
    destination pg_catalog.text, ship_date pg_catalog.date)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_trace_licence_required'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.licence_required(@extschema@.rare_lot, pg_catalog.text, pg_catalog.text, pg_catalog.date) IS
    'true if some row of export_check(...) needs a licence; NULL if none does but one is undetermined; else false';

CREATE FUNCTION @extschema@.reexport_check(p @extschema@.provenance, from_country pg_catalog.text,
    destination pg_catalog.text, ship_date pg_catalog.date,
    value_share_pct pg_catalog.numeric DEFAULT NULL,
    OUT sink_code pg_catalog.text, OUT reference pg_catalog.text, OUT control_code pg_catalog.text,
    OUT element pg_catalog.text, OUT view pg_catalog.text, OUT country pg_catalog.text,
    OUT kg pg_catalog.numeric, OUT share pg_catalog.numeric,
    OUT in_force pg_catalog.bool, OUT suspended pg_catalog.bool,
    OUT licence_required pg_catalog.bool, OUT result pg_catalog.text, OUT reason pg_catalog.text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'rare_trace_reexport_check'
LANGUAGE C STABLE PARALLEL SAFE ROWS 12
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.reexport_check(@extschema@.provenance, pg_catalog.text, pg_catalog.text, pg_catalog.date, pg_catalog.numeric) IS
    're-export-scope rules (No. 61''s kind) against the sinks of a provenance result: controlled elements processed in a controlling country (or unknown) shipped from elsewhere, with kg and share; result licence_required, no_licence or undetermined';

CREATE FUNCTION @extschema@.lot_reexport_check(code pg_catalog.text, from_country pg_catalog.text,
    destination pg_catalog.text, ship_date pg_catalog.date,
    value_share_pct pg_catalog.numeric DEFAULT NULL,
    OUT sink_code pg_catalog.text, OUT reference pg_catalog.text, OUT control_code pg_catalog.text,
    OUT element pg_catalog.text, OUT view pg_catalog.text, OUT country pg_catalog.text,
    OUT kg pg_catalog.numeric, OUT share pg_catalog.numeric,
    OUT in_force pg_catalog.bool, OUT suspended pg_catalog.bool,
    OUT licence_required pg_catalog.bool, OUT result pg_catalog.text, OUT reason pg_catalog.text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 12
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    p @extschema@.provenance;
BEGIN
    IF code IS NULL THEN
        RAISE EXCEPTION 'lot code must not be NULL' USING ERRCODE = '22004';
    END IF;
    p := @extschema@.ledger_provenance(code);
    IF p IS NULL THEN
        RAISE EXCEPTION 'no flow in force goes into lot "%"', code
            USING ERRCODE = '22023',
                  DETAIL = 'The ledger (rare_trace.flow_current) has no provenance for this code, so nothing can be checked.',
                  HINT = 'Record the flows into the lot, or call reexport_check() on a provenance result.';
    END IF;
    RETURN QUERY SELECT * FROM @extschema@.reexport_check(p, from_country, destination, ship_date, value_share_pct);
END
$fn$;
COMMENT ON FUNCTION @extschema@.lot_reexport_check(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.date, pg_catalog.numeric) IS
    'reexport_check() on ledger_provenance(code); a code without flows in force is an error';

--
-- Declarations checked against the record.  The declared parts are
-- validated by the rare_lot constructor (one implementation of what a
-- valid form, mass and composition are); the assay tolerance is relative,
-- 1 % of the lot's content, as in provenance (declared x 100 < actual x 99
-- is understated; exactly 1 % below passes).
--
CREATE FUNCTION @extschema@.declaration_issues(lot @extschema@.rare_lot, declared_form pg_catalog.text,
    declared_mass_kg pg_catalog.numeric, declared_composition pg_catalog.jsonb,
    OUT kind pg_catalog.text, OUT element pg_catalog.text, OUT declared pg_catalog.text,
    OUT actual pg_catalog.text, OUT detail pg_catalog.text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 4
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    d @extschema@.rare_lot;
    actual_kg numeric;
BEGIN
    IF lot IS NULL OR declared_form IS NULL OR declared_mass_kg IS NULL OR declared_composition IS NULL THEN
        RAISE EXCEPTION 'declaration_issues: no argument may be NULL'
            USING ERRCODE = '22004',
                  DETAIL = 'A declaration with a missing part cannot be checked; declare {} for no rare earths.';
    END IF;
    -- the declared lot: same code, declared form, mass and composition
    -- (refuses unknown forms and elements, NaN, Infinity, bad percentages)
    d := @extschema@.rare_lot(@extschema@.lot_code(lot), declared_form, declared_mass_kg,
                              declared_composition);

    IF @extschema@.lot_form(d) OPERATOR(pg_catalog.<>) @extschema@.lot_form(lot) THEN
        kind := 'form_mismatch'; element := NULL;
        declared := @extschema@.lot_form(d); actual := @extschema@.lot_form(lot);
        detail := format('declared as %s, recorded as %s', declared, actual);
        RETURN NEXT;
    END IF;

    -- the mass at the precision it is declared in: 1000 kg matches 1000.4 kg,
    -- 1000.0 kg does not
    actual_kg := @extschema@.lot_mass_kg(lot);
    IF round(actual_kg, scale(declared_mass_kg)) OPERATOR(pg_catalog.<>) declared_mass_kg THEN
        kind := 'mass_mismatch'; element := NULL;
        declared := declared_mass_kg::text; actual := actual_kg::text;
        detail := format('declared %s kg, recorded %s kg', declared, actual);
        RETURN NEXT;
    END IF;

    -- elements: a controlled element (named by any export_control rule,
    -- whatever its dates) that the declaration omits, and any element
    -- declared below the recorded content beyond the tolerance
    RETURN QUERY
    SELECT CASE WHEN dp.pct IS NULL THEN 'missing_controlled_element' ELSE 'content_understated' END,
           e.symbol,
           dp.pct::text,
           ap.pct::text,
           CASE WHEN dp.pct IS NULL
                THEN format('%s (%s %% of the lot, %s kg) is controlled by %s and not declared',
                            e.symbol, ap.pct, @extschema@.element_kg(lot, e.symbol), ctl.refs)
                ELSE format('%s declared at %s %%, recorded at %s %%: more than the assay tolerance of 1 %% (relative) below',
                            e.symbol, dp.pct, ap.pct) END
    FROM @extschema@.element AS e
    CROSS JOIN LATERAL (SELECT @extschema@.element_pct(lot, e.symbol) AS pct) AS ap
    CROSS JOIN LATERAL (SELECT @extschema@.element_pct(d, e.symbol) AS pct) AS dp0
    CROSS JOIN LATERAL (SELECT NULLIF(dp0.pct, 0) AS pct) AS dp
    CROSS JOIN LATERAL (SELECT string_agg(c.reference, ', ' ORDER BY c.effective_from, c.reference) AS refs
                        FROM @extschema@.export_control AS c
                        WHERE e.symbol OPERATOR(pg_catalog.=) ANY (c.elements)) AS ctl
    WHERE ap.pct OPERATOR(pg_catalog.>) 0
      AND ((dp.pct IS NULL AND ctl.refs IS NOT NULL)
           OR (dp.pct OPERATOR(pg_catalog.*) 100) OPERATOR(pg_catalog.<) (ap.pct OPERATOR(pg_catalog.*) 99))
    ORDER BY e.z;
END
$fn$;
COMMENT ON FUNCTION @extschema@.declaration_issues(@extschema@.rare_lot, pg_catalog.text, pg_catalog.numeric, pg_catalog.jsonb) IS
    'a declaration against the recorded lot: form_mismatch, mass_mismatch, missing_controlled_element, content_understated (assay tolerance 1 % relative)';

CREATE FUNCTION @extschema@.lot_declaration_issues(code pg_catalog.text, declared_form pg_catalog.text,
    declared_mass_kg pg_catalog.numeric, declared_composition pg_catalog.jsonb,
    OUT kind pg_catalog.text, OUT element pg_catalog.text, OUT declared pg_catalog.text,
    OUT actual pg_catalog.text, OUT detail pg_catalog.text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 4
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    l @extschema@.rare_lot;
BEGIN
    IF code IS NULL THEN
        RAISE EXCEPTION 'lot code must not be NULL' USING ERRCODE = '22004';
    END IF;
    SELECT x.lot INTO l
    FROM (SELECT f.child AS lot FROM @extschema@.flow_current AS f
          WHERE f.child_code OPERATOR(pg_catalog.=) upper(code COLLATE "C")
          UNION ALL
          SELECT f.parent FROM @extschema@.flow_current AS f
          WHERE f.parent_code OPERATOR(pg_catalog.=) upper(code COLLATE "C")
          LIMIT 1) AS x;
    IF l IS NULL THEN
        RAISE EXCEPTION 'lot "%" is not in the ledger', code
            USING ERRCODE = '22023',
                  DETAIL = 'No flow in force (rare_trace.flow_current) has this code as parent or child.',
                  HINT = 'Check the code, or call declaration_issues() with the lot itself.';
    END IF;
    RETURN QUERY SELECT * FROM @extschema@.declaration_issues(l, declared_form, declared_mass_kg,
                                                              declared_composition);
END
$fn$;
COMMENT ON FUNCTION @extschema@.lot_declaration_issues(pg_catalog.text, pg_catalog.text, pg_catalog.numeric, pg_catalog.jsonb) IS
    'declaration_issues() for a lot known to the ledger, by code (the lot as flow_current records it)';

--
-- Where declaration_guard(..., 'log') writes what it found.
--
CREATE TABLE @extschema@.declaration_log (
    id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    logged_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
    logged_by pg_catalog.text NOT NULL DEFAULT pg_catalog."session_user"(),
    relation pg_catalog.text NOT NULL,
    lot_code pg_catalog.text NOT NULL,
    kind pg_catalog.text NOT NULL,
    element pg_catalog.text,
    declared pg_catalog.text,
    actual pg_catalog.text,
    detail pg_catalog.text NOT NULL
);
COMMENT ON TABLE @extschema@.declaration_log IS
    'false declarations accepted and logged by declaration_guard(..., ''log'')';
COMMENT ON COLUMN @extschema@.declaration_log.id IS 'order of logging';
COMMENT ON COLUMN @extschema@.declaration_log.logged_at IS 'transaction time of the declaration';
COMMENT ON COLUMN @extschema@.declaration_log.logged_by IS 'session user who wrote the declaration';
COMMENT ON COLUMN @extschema@.declaration_log.relation IS 'the declaration table';
COMMENT ON COLUMN @extschema@.declaration_log.lot_code IS 'code of the declared lot';
COMMENT ON COLUMN @extschema@.declaration_log.kind IS 'as declaration_issues().kind';
COMMENT ON COLUMN @extschema@.declaration_log.element IS 'as declaration_issues().element';
COMMENT ON COLUMN @extschema@.declaration_log.declared IS 'as declaration_issues().declared';
COMMENT ON COLUMN @extschema@.declaration_log.actual IS 'as declaration_issues().actual';
COMMENT ON COLUMN @extschema@.declaration_log.detail IS 'as declaration_issues().detail';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.declaration_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.declaration_log_id_seq', '');

--
-- Trigger function for a user's declaration table:
--   CREATE TRIGGER t BEFORE INSERT OR UPDATE ON my_declaration FOR EACH ROW
--     EXECUTE FUNCTION rare_trace.declaration_guard('lot', 'form', 'mass_kg', 'composition', 'refuse');
-- arguments: the columns holding the lot (rare_lot), the declared form
-- (text), mass (numeric, kg) and composition (jsonb), then refuse or log.
-- SECURITY DEFINER so that 'log' can write declaration_log.
--
CREATE FUNCTION @extschema@.declaration_guard()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    l @extschema@.rare_lot;
    f text;
    m numeric;
    c jsonb;
    i record;
    n integer := 0;
    first_issue text;
    first_detail text;
BEGIN
    IF TG_WHEN OPERATOR(pg_catalog.<>) 'BEFORE' OR TG_LEVEL OPERATOR(pg_catalog.<>) 'ROW'
       OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'declaration_guard must be a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger'
            USING ERRCODE = '39P01';
    END IF;
    IF TG_NARGS OPERATOR(pg_catalog.<>) 5 OR TG_ARGV[4] NOT IN ('refuse', 'log') THEN
        RAISE EXCEPTION 'declaration_guard needs five arguments: lot, form, mass and composition columns, then refuse or log'
            USING ERRCODE = '22023',
                  HINT = 'EXECUTE FUNCTION rare_trace.declaration_guard(''lot'', ''form'', ''mass_kg'', ''composition'', ''refuse'')';
    END IF;
    EXECUTE format('SELECT ($1).%I::@extschema@.rare_lot, ($1).%I::text, ($1).%I::numeric, ($1).%I::jsonb',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[3])
        INTO l, f, m, c USING NEW;
    FOR i IN SELECT * FROM @extschema@.declaration_issues(l, f, m, c) LOOP
        n := n OPERATOR(pg_catalog.+) 1;
        IF n OPERATOR(pg_catalog.=) 1 THEN
            first_issue := i.kind || coalesce(' ' || i.element, '');
            first_detail := i.detail;
        END IF;
        IF TG_ARGV[4] OPERATOR(pg_catalog.=) 'log' THEN
            INSERT INTO @extschema@.declaration_log (relation, lot_code, kind, element, declared, actual, detail)
            VALUES (format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), @extschema@.lot_code(l),
                    i.kind, i.element, i.declared, i.actual, i.detail);
        END IF;
    END LOOP;
    IF n OPERATOR(pg_catalog.>) 0 AND TG_ARGV[4] OPERATOR(pg_catalog.=) 'refuse' THEN
        RAISE EXCEPTION 'false declaration of lot %: % (% issue(s))', @extschema@.lot_code(l), first_issue, n
            USING ERRCODE = 'RTD01', DETAIL = first_detail,
                  HINT = 'SELECT * FROM rare_trace.declaration_issues(...) lists every issue.';
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION @extschema@.declaration_guard() IS
    'BEFORE INSERT OR UPDATE row trigger for a declaration table: refuses (RTD01) or logs (declaration_log) false declarations';

REVOKE ALL ON TABLE @extschema@.export_control, @extschema@.export_control_suspension,
    @extschema@.declaration_log FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.export_control, @extschema@.export_control_suspension TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON TABLE @extschema@.export_control,
    @extschema@.export_control_suspension TO rare_trace_admin;
GRANT SELECT ON TABLE @extschema@.declaration_log TO rare_trace_reader;
REVOKE ALL ON FUNCTION @extschema@.export_control_guard() FROM PUBLIC;

/*
 * src/sql/export_licence.sql: export licences and the trigger that draws them down exactly.
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script (0.4.0:
 * the section "Export licences" of rare_trace--0.3.1--0.4.0.sql holds this
 * file's statements verbatim; 0.5.0 added the section "Drift of the
 * licences", in rare_trace--0.4.0--0.5.0.sql).
 */

-- ======================================================================
-- Export licences (0.4.0).  Reference: doc/export_licences.md.
-- A licence is valid from valid_from through valid_until (both included);
-- used_kg is maintained by rare_trace.enforce_export_licence only.
-- ======================================================================

CREATE TABLE @extschema@.export_licence (
    id pg_catalog.int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    licence_no pg_catalog.text NOT NULL
        CONSTRAINT export_licence_no_key UNIQUE
        CONSTRAINT export_licence_no_check
        CHECK (licence_no OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9/._-]{0,63}$'),
    authority pg_catalog.text NOT NULL
        CONSTRAINT export_licence_authority_check CHECK (authority OPERATOR(pg_catalog.<>) ''),
    kind pg_catalog.text NOT NULL
        CONSTRAINT export_licence_kind_check
        CHECK (kind OPERATOR(pg_catalog.=) ANY (ARRAY['individual', 'general'])),
    exporter pg_catalog.text NOT NULL
        CONSTRAINT export_licence_exporter_check
        CHECK (exporter OPERATOR(pg_catalog.~) '^[A-Z]{2}-[A-Z0-9]{2,16}$'),
    consignee pg_catalog.text
        CONSTRAINT export_licence_consignee_check CHECK (consignee OPERATOR(pg_catalog.<>) ''),
    destination pg_catalog.text NOT NULL,
    elements pg_catalog.text[] NOT NULL,
    forms pg_catalog.text[] NOT NULL,
    limit_kg pg_catalog.numeric NOT NULL
        CONSTRAINT export_licence_limit_check CHECK (limit_kg OPERATOR(pg_catalog.>=) 0)
        -- NaN and Infinity pass ">= 0" and would make the licence unlimited
        CONSTRAINT export_licence_limit_finite CHECK (limit_kg OPERATOR(pg_catalog.<) 'Infinity'::pg_catalog.numeric),
    used_kg pg_catalog.numeric NOT NULL DEFAULT 0
        CONSTRAINT export_licence_used_check CHECK (used_kg OPERATOR(pg_catalog.>=) 0)
        CONSTRAINT export_licence_used_finite CHECK (used_kg OPERATOR(pg_catalog.<) 'Infinity'::pg_catalog.numeric),
    valid_from pg_catalog.date NOT NULL,
    valid_until pg_catalog.date NOT NULL,
    CONSTRAINT export_licence_dates_check CHECK (valid_from OPERATOR(pg_catalog.<=) valid_until),
    CONSTRAINT export_licence_consignee_kind
        CHECK (kind OPERATOR(pg_catalog.=) 'general' OR consignee IS NOT NULL)
);
COMMENT ON TABLE @extschema@.export_licence IS
    'export licences in kg of goods; used_kg is maintained by rare_trace.enforce_export_licence only (doc/export_licences.md)';
COMMENT ON COLUMN @extschema@.export_licence.id IS 'surrogate key; enforcement locks licence rows in descending id order';
COMMENT ON COLUMN @extschema@.export_licence.licence_no IS 'the licence number as issued (1-64 of A-Z a-z 0-9 / . _ -); export rows cite it';
COMMENT ON COLUMN @extschema@.export_licence.authority IS 'who issued it, e.g. MOFCOM';
COMMENT ON COLUMN @extschema@.export_licence.kind IS 'individual (one consignee) or general';
COMMENT ON COLUMN @extschema@.export_licence.exporter IS 'enterprise code CC-ENTERPRISE of the exporter, as lot_enterprise() gives it';
COMMENT ON COLUMN @extschema@.export_licence.consignee IS 'the consignee; required for individual licences';
COMMENT ON COLUMN @extschema@.export_licence.destination IS 'destination country (ISO 3166-1 alpha-2, stored upper case)';
COMMENT ON COLUMN @extschema@.export_licence.elements IS 'the controlled elements covered (symbols, stored in atomic-number order)';
COMMENT ON COLUMN @extschema@.export_licence.forms IS 'the lot forms covered (stored in value-chain order)';
COMMENT ON COLUMN @extschema@.export_licence.limit_kg IS 'quantity limit in kg of goods (exact, finite)';
COMMENT ON COLUMN @extschema@.export_licence.used_kg IS 'kg of goods drawn down by enforced export rows (exact, finite; maintained by rare_trace)';
COMMENT ON COLUMN @extschema@.export_licence.valid_from IS 'first day valid';
COMMENT ON COLUMN @extschema@.export_licence.valid_until IS 'last day valid (inclusive)';

-- validation (elements, forms, destination, no NaN or Infinity, finite
-- dates, canonical spelling) and protection of drawn-down licences, in C
CREATE FUNCTION @extschema@.export_licence_guard()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_export_licence_guard'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.export_licence_guard() IS
    'BEFORE row trigger of export_licence: validates and normalises a licence; one with kg drawn down cannot be deleted or renumbered';

CREATE TRIGGER export_licence_guard
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.export_licence
    FOR EACH ROW EXECUTE FUNCTION @extschema@.export_licence_guard();
COMMENT ON TRIGGER export_licence_guard ON @extschema@.export_licence IS
    'validates licences; drawn-down licences keep their number and row';

--
-- Tables whose rows draw licences down.  Only tables listed here may fire
-- enforce_export_licence: otherwise anyone able to create a table could
-- attach the trigger to it and move used_kg.  The owner rule is the quota
-- tables' (quota_table_check).
--
CREATE TABLE @extschema@.export_licence_table (
    relid pg_catalog.regclass PRIMARY KEY,
    registered_at pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
    registered_by pg_catalog.name NOT NULL DEFAULT CURRENT_USER
);
COMMENT ON TABLE @extschema@.export_licence_table IS
    'export tables enforced by rare_trace.enforce_export_licence (registered by rare_trace_admin)';
COMMENT ON COLUMN @extschema@.export_licence_table.relid IS 'the export table';
COMMENT ON COLUMN @extschema@.export_licence_table.registered_at IS 'when it was registered';
COMMENT ON COLUMN @extschema@.export_licence_table.registered_by IS 'who registered it';

CREATE TRIGGER export_licence_table_check
    BEFORE INSERT OR UPDATE ON @extschema@.export_licence_table
    FOR EACH ROW EXECUTE FUNCTION @extschema@.quota_table_check();
COMMENT ON TRIGGER export_licence_table_check ON @extschema@.export_licence_table IS
    'registers only tables owned by members of rare_trace_admin';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.export_licence', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.export_licence_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.export_licence_table', '');

--
-- Enforcement trigger (C, src/export_licence.c, on the quota trigger's
-- machinery).  SECURITY DEFINER: it updates export_licence.used_kg, which
-- the roles inserting export rows may not touch.
--
CREATE FUNCTION @extschema@.enforce_export_licence()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_enforce_export_licence'
LANGUAGE C SECURITY DEFINER
SET search_path = @extschema@, pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enforce_export_licence() IS
    'AFTER ... FOR EACH STATEMENT trigger with transition tables: a row needing a licence must cite one that covers it; draws cited licences down by the lots'' kg; arguments lot=, destination=, date=, licence=';

CREATE FUNCTION @extschema@.licence_columns(tab pg_catalog.regclass,
    lot_column pg_catalog.text, destination_column pg_catalog.text,
    date_column pg_catalog.text, licence_column pg_catalog.text)
RETURNS void
AS 'MODULE_PATHNAME', 'rare_trace_licence_columns'
LANGUAGE C STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.licence_columns(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
    'raises an error unless the named columns exist with the types enforce_export_licence reads (the trigger''s own rule)';

CREATE FUNCTION @extschema@.attach_export_licence(tab pg_catalog.regclass,
    lot_column pg_catalog.text, destination_column pg_catalog.text,
    date_column pg_catalog.text, licence_column pg_catalog.text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    args text;
BEGIN
    IF tab IS NULL THEN
        RAISE EXCEPTION 'attach_export_licence needs a table'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.licence_columns(tab, lot_column, destination_column, date_column, licence_column);
    args := format('%L, %L, %L, %L', 'lot=' || lot_column, 'destination=' || destination_column,
                   'date=' || date_column, 'licence=' || licence_column);
    INSERT INTO @extschema@.export_licence_table (relid) VALUES (tab);
    EXECUTE format('CREATE TRIGGER rare_trace_licence_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS rare_trace_new FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.enforce_export_licence(%s)', tab, args);
    EXECUTE format('CREATE TRIGGER rare_trace_licence_upd AFTER UPDATE ON %s REFERENCING OLD TABLE AS rare_trace_old NEW TABLE AS rare_trace_new FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.enforce_export_licence(%s)', tab, args);
    EXECUTE format('CREATE TRIGGER rare_trace_licence_del AFTER DELETE ON %s REFERENCING OLD TABLE AS rare_trace_old FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.enforce_export_licence(%s)', tab, args);
END
$fn$;
COMMENT ON FUNCTION @extschema@.attach_export_licence(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
    'register an export table and create its three enforce_export_licence triggers (needs rare_trace_admin and TRIGGER on the table)';

--
-- Drift of the licences (0.5.0): what each licence's used_kg should be,
-- from the rows of the registered export tables, and a repair.
--
CREATE FUNCTION @extschema@.enforce_export_licence_args(tab pg_catalog.regclass,
    tgargs pg_catalog.bytea,
    OUT lot_column pg_catalog.text, OUT destination_column pg_catalog.text,
    OUT date_column pg_catalog.text, OUT licence_column pg_catalog.text)
RETURNS record
AS 'MODULE_PATHNAME', 'rare_trace_enforce_export_licence_args'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enforce_export_licence_args(pg_catalog.regclass, pg_catalog.bytea) IS
    'the arguments (pg_trigger.tgargs) of an enforce_export_licence trigger on the table, parsed as the trigger parses them';

CREATE FUNCTION @extschema@.licence_reconcile(repair pg_catalog.bool DEFAULT false,
    OUT licence_id pg_catalog.int8, OUT licence_no pg_catalog.text,
    OUT used_kg pg_catalog.numeric, OUT actual_kg pg_catalog.numeric,
    OUT drift_kg pg_catalog.numeric)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    t record;
    a record;
    parts text[] := '{}';
BEGIN
    -- one SELECT per registered table, from its trigger's arguments, parsed
    -- by the trigger's own parser; a row draws down the licence it cites by
    -- its lot's mass whether or not it needs one (enforce_export_licence)
    FOR t IN
        SELECT DISTINCT ON (tr.tgrelid) tr.tgrelid::regclass AS rel, tr.tgargs
        FROM pg_trigger AS tr
        JOIN @extschema@.export_licence_table AS lt ON lt.relid = tr.tgrelid
        WHERE tr.tgfoid = '@extschema@.enforce_export_licence()'::regprocedure
        ORDER BY tr.tgrelid, tr.tgname
    LOOP
        a := @extschema@.enforce_export_licence_args(t.rel, t.tgargs);
        -- only built-in and rare_trace code may run on the rows: check the
        -- column types, so no user-defined type or cast is involved
        PERFORM @extschema@.licence_columns(t.rel, a.lot_column, a.destination_column,
                                            a.date_column, a.licence_column);
        parts := parts || format(
            'SELECT %2$s::text AS no, @extschema@.lot_mass_kg(%1$s) AS kg FROM %3$s'
            ' WHERE %1$s IS NOT NULL AND %2$s IS NOT NULL',
            quote_ident(a.lot_column), quote_ident(a.licence_column), t.rel);
    END LOOP;

    RETURN QUERY EXECUTE format($q$
        WITH rows AS (%s),
        drawn AS (SELECT r.no, trim_scale(sum(r.kg)) AS kg FROM rows AS r GROUP BY r.no)
        SELECT l.id, l.licence_no, l.used_kg, trim_scale(coalesce(d.kg, 0)),
               trim_scale(l.used_kg - coalesce(d.kg, 0))
        FROM @extschema@.export_licence AS l LEFT JOIN drawn AS d ON d.no = l.licence_no
        WHERE l.used_kg <> coalesce(d.kg, 0)
        ORDER BY l.id$q$,
        CASE WHEN cardinality(parts) = 0
             THEN 'SELECT NULL::text AS no, NULL::numeric AS kg WHERE false'
             ELSE array_to_string(parts, ' UNION ALL ') END);

    IF repair THEN
        -- lock every licence row in the trigger's order (descending id),
        -- then recompute under the locks
        PERFORM 1 FROM @extschema@.export_licence ORDER BY id DESC FOR UPDATE;
        UPDATE @extschema@.export_licence AS l SET used_kg = s.actual
        FROM (SELECT r.licence_id, r.actual_kg AS actual
              FROM @extschema@.licence_reconcile(false) AS r) AS s
        WHERE l.id = s.licence_id;
    END IF;
END
$fn$;
COMMENT ON FUNCTION @extschema@.licence_reconcile(pg_catalog.bool) IS
    'recompute used_kg from the registered export tables; returns the licences that drifted and repairs them when repair is true';

--
-- Privileges: readers read, admins record licences and their limits,
-- nobody but rare_trace itself changes used_kg.
--
REVOKE ALL ON TABLE @extschema@.export_licence, @extschema@.export_licence_table FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.export_licence, @extschema@.export_licence_table TO rare_trace_reader;
GRANT INSERT (licence_no, authority, kind, exporter, consignee, destination, elements, forms,
              limit_kg, valid_from, valid_until),
      UPDATE (licence_no, authority, kind, exporter, consignee, destination, elements, forms,
              limit_kg, valid_from, valid_until),
      DELETE
    ON TABLE @extschema@.export_licence TO rare_trace_admin;
GRANT INSERT (relid), DELETE ON TABLE @extschema@.export_licence_table TO rare_trace_admin;
REVOKE ALL ON FUNCTION @extschema@.export_licence_guard() FROM PUBLIC;
-- triggers fire without EXECUTE; attaching one needs it
REVOKE ALL ON FUNCTION @extschema@.enforce_export_licence() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.enforce_export_licence() TO rare_trace_admin;
REVOKE ALL ON FUNCTION @extschema@.attach_export_licence(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.attach_export_licence(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) TO rare_trace_admin;
REVOKE ALL ON FUNCTION @extschema@.licence_reconcile(pg_catalog.bool) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.licence_reconcile(pg_catalog.bool) TO rare_trace_admin;

/*
 * src/sql/origin_rule.sql: origin rules over provenance (US magnet rule, EU CRMA).
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script.
 */

--
-- Origin rules (0.4.0).  A rule is a row of rare_trace.origin_rule; the
-- mapping from its words ("melted", "separated", ...) to provenance views
-- is data too, in rare_trace.origin_rule_view, each mapping dated and with
-- the reading it rests on.  origin_check() applies a rule to a provenance
-- result on a date; lot_origin_check() to a lot of the ledger.  Reference:
-- doc/origin_rules.md; the facts and their sources: ../shared/domain.md §4,
-- cited in the source column of every shipped row.
--
-- Shipped rows (shipped = true) come from CREATE EXTENSION and are not
-- dumped (the dump filter is WHERE NOT shipped); the rows users add are.
-- The validation triggers refuse to change or delete a shipped row and
-- to write one, so that no change is silently lost in a dump: a later
-- release's upgrade script that changes shipped rows disables the trigger
-- around its own statements, as this script inserts them before creating it.
--

-- an assigned ISO 3166-1 alpha-2 code as written (C: the lot parser's table)
CREATE FUNCTION @extschema@.country_assigned(code pg_catalog.text)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'rare_trace_country_assigned'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.country_assigned(pg_catalog.text) IS
    'is the text an assigned ISO 3166-1 alpha-2 code in upper case (the table lot codes are checked against)?';

-- the rules: one row per rule, with its scope, thresholds and dates
CREATE TABLE @extschema@.origin_rule (
    rule pg_catalog.text PRIMARY KEY,
    kind pg_catalog.text NOT NULL,
    authority pg_catalog.text NOT NULL,
    reference pg_catalog.text NOT NULL,
    source pg_catalog.text NOT NULL,
    countries pg_catalog.text[],
    elements pg_catalog.text[],
    forms pg_catalog.text[],
    min_mass_kg pg_catalog.numeric,
    max_share pg_catalog.numeric,
    recycled_passes pg_catalog.bool NOT NULL DEFAULT false,
    effective_from pg_catalog.date,
    effective_until pg_catalog.date,
    note pg_catalog.text NOT NULL DEFAULT '',
    shipped pg_catalog.bool NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.origin_rule IS
    'origin rules applied to provenance by origin_check(); shipped rows come with the extension, users add their own';
COMMENT ON COLUMN @extschema@.origin_rule.rule IS 'name of the rule: a lower-case identifier (a-z, 0-9, _), at most 63 characters';
COMMENT ON COLUMN @extschema@.origin_rule.kind IS
    'covered_nations (no covered stage in a listed country), recycled_share (disclosure of the recycled share) or country_concentration (share of a single third country over many lots)';
COMMENT ON COLUMN @extschema@.origin_rule.authority IS 'who issued the rule (US DoD, EU, ...)';
COMMENT ON COLUMN @extschema@.origin_rule.reference IS 'the legal reference of the rule';
COMMENT ON COLUMN @extschema@.origin_rule.source IS 'where the facts in the row come from';
COMMENT ON COLUMN @extschema@.origin_rule.countries IS
    'covered_nations: the covered nations; country_concentration: the countries that are not third countries (the member states); recycled_share: NULL';
COMMENT ON COLUMN @extschema@.origin_rule.elements IS 'element symbols the rule applies to; NULL = every rare earth the lot declares';
COMMENT ON COLUMN @extschema@.origin_rule.forms IS 'lot forms the rule covers (the sink lot''s form); NULL = every form';
COMMENT ON COLUMN @extschema@.origin_rule.min_mass_kg IS 'the rule applies to lots of more than this mass in kg; NULL = any mass';
COMMENT ON COLUMN @extschema@.origin_rule.max_share IS 'country_concentration: a third country''s share above this fails (0 < max_share <= 1); NULL for the other kinds';
COMMENT ON COLUMN @extschema@.origin_rule.recycled_passes IS
    'covered_nations, country_concentration: does the recycled label (a scrap lot with no recorded inputs) pass? false for recycled_share';
COMMENT ON COLUMN @extschema@.origin_rule.effective_from IS 'first day the rule is in force; NULL = no start recorded';
COMMENT ON COLUMN @extschema@.origin_rule.effective_until IS 'last day the rule is in force; NULL = open';
COMMENT ON COLUMN @extschema@.origin_rule.note IS 'the reading the row rests on, and what the check leaves to the user (exceptions, scope)';
COMMENT ON COLUMN @extschema@.origin_rule.shipped IS 'true for the rows rare_trace ships (not dumped, not changeable); false for users'' rows';

-- the reading of each rule: which views its words cover, from when to when
CREATE TABLE @extschema@.origin_rule_view (
    rule pg_catalog.text NOT NULL
        REFERENCES @extschema@.origin_rule (rule) ON UPDATE CASCADE ON DELETE CASCADE,
    word pg_catalog.text NOT NULL,
    view pg_catalog.text NOT NULL,
    effective_from pg_catalog.date,
    effective_until pg_catalog.date,
    reading pg_catalog.text NOT NULL,
    shipped pg_catalog.bool NOT NULL DEFAULT false,
    CONSTRAINT origin_rule_view_key UNIQUE NULLS NOT DISTINCT (rule, word, view, effective_from)
);
COMMENT ON TABLE @extschema@.origin_rule_view IS
    'which provenance views a rule''s words cover, from when to when: the reading of each rule, as data';
COMMENT ON COLUMN @extschema@.origin_rule_view.rule IS 'the rule';
COMMENT ON COLUMN @extschema@.origin_rule_view.word IS 'the rule''s word, as the text has it ("melted", "separated", ...)';
COMMENT ON COLUMN @extschema@.origin_rule_view.view IS 'the provenance view the word is read as: origin, mining, separation, refining, melting or magnet';
COMMENT ON COLUMN @extschema@.origin_rule_view.effective_from IS 'first day the word covers the view; NULL = as long as the rule';
COMMENT ON COLUMN @extschema@.origin_rule_view.effective_until IS 'last day the word covers the view; NULL = open';
COMMENT ON COLUMN @extschema@.origin_rule_view.reading IS 'why the word is read as the view, and whether a source says so or it is a reading';
COMMENT ON COLUMN @extschema@.origin_rule_view.shipped IS 'true for the rows rare_trace ships (not dumped, not changeable); false for users'' rows';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.origin_rule', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.origin_rule_view', 'WHERE NOT shipped');

--
-- Validation of one rule or mapping, raising the error of the first bad
-- part: what the triggers run on every write, and this script on the
-- shipped rows.
--
-- a list of a rule: one dimension, no NULL element, not empty
CREATE FUNCTION @extschema@.origin_rule_check_list(rule pg_catalog.text, list pg_catalog.text,
    vals pg_catalog.text[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF array_ndims(vals) > 1 THEN
        RAISE EXCEPTION 'origin rule %: % has more than one dimension', rule, list
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s %s: a list is one-dimensional.', list, vals);
    END IF;
    IF array_position(vals, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'origin rule %: % holds NULL', rule, list
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = format('%s %s: no element of the list may be NULL.', list, vals);
    END IF;
    IF cardinality(vals) = 0 THEN
        RAISE EXCEPTION 'origin rule %: % is empty', rule, list
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s is NULL or names at least one value.', list);
    END IF;
END
$fn$;
COMMENT ON FUNCTION @extschema@.origin_rule_check_list(pg_catalog.text, pg_catalog.text, pg_catalog.text[]) IS
    'raises an error for a list of an origin rule that has more than one dimension, holds NULL or is empty';

-- a whole rule: name, kind, citations, lists, numbers, what each kind needs, dates
CREATE FUNCTION @extschema@.origin_rule_validate(r @extschema@.origin_rule)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    bad text;
BEGIN
    IF r.rule !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid origin rule name "%"', r.rule
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A rule name is a lower-case letter, then up to 62 lower-case letters, digits or underscores.';
    END IF;
    IF r.kind <> ALL (ARRAY['covered_nations', 'recycled_share', 'country_concentration']) THEN
        RAISE EXCEPTION 'origin rule %: invalid kind "%"', r.rule, r.kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The kind is covered_nations, recycled_share or country_concentration.';
    END IF;
    IF btrim(r.authority) = '' OR btrim(r.reference) = '' OR btrim(r.source) = '' THEN
        RAISE EXCEPTION 'origin rule %: authority, reference and source must not be empty', r.rule
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Every rule cites who issued it, its legal reference and the source of its facts.';
    END IF;
    -- lists: one dimension, no NULL element, not empty, each value valid
    PERFORM @extschema@.origin_rule_check_list(r.rule, 'countries', r.countries);
    PERFORM @extschema@.origin_rule_check_list(r.rule, 'elements', r.elements);
    PERFORM @extschema@.origin_rule_check_list(r.rule, 'forms', r.forms);
    SELECT c INTO bad FROM unnest(r.countries) AS c WHERE NOT @extschema@.country_assigned(c) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'origin rule %: invalid country "%"', r.rule, bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Countries are assigned ISO 3166-1 alpha-2 codes in upper case, as in lot codes.';
    END IF;
    SELECT e INTO bad FROM unnest(r.elements) AS e
    WHERE NOT EXISTS (SELECT FROM @extschema@.element AS x WHERE x.symbol = e) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'origin rule %: invalid element "%"', r.rule, bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Elements are the symbols of rare_trace.element (Sc, Y, La to Lu), as written there.';
    END IF;
    SELECT f INTO bad FROM unnest(r.forms) AS f
    WHERE f <> ALL (ARRAY['ore', 'concentrate', 'compound', 'oxide', 'metal', 'alloy', 'magnet', 'scrap']) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'origin rule %: invalid form "%"', r.rule, bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Forms are ore, concentrate, compound, oxide, metal, alloy, magnet or scrap.';
    END IF;
    -- numbers: finite, in range (NaN and Infinity compare above every number)
    IF r.min_mass_kg IS NOT NULL AND (r.min_mass_kg IN ('NaN', 'Infinity', '-Infinity') OR r.min_mass_kg < 0) THEN
        RAISE EXCEPTION 'origin rule %: invalid min_mass_kg %', r.rule, r.min_mass_kg
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'min_mass_kg is a finite number of kg, 0 or more, or NULL.';
    END IF;
    IF r.max_share IS NOT NULL AND (r.max_share IN ('NaN', 'Infinity', '-Infinity')
                                    OR r.max_share <= 0 OR r.max_share > 1) THEN
        RAISE EXCEPTION 'origin rule %: invalid max_share %', r.rule, r.max_share
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'max_share is a finite share above 0 and at most 1.';
    END IF;
    -- what each kind needs
    IF (r.kind = 'recycled_share') <> (r.countries IS NULL) THEN
        RAISE EXCEPTION 'origin rule %: a % rule %', r.rule, r.kind,
            CASE WHEN r.countries IS NULL THEN 'needs countries' ELSE 'takes no countries' END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'covered_nations: the covered nations; country_concentration: the countries that are not third countries; recycled_share: NULL.';
    END IF;
    IF (r.kind = 'country_concentration') <> (r.max_share IS NOT NULL) THEN
        RAISE EXCEPTION 'origin rule %: a % rule %', r.rule, r.kind,
            CASE WHEN r.max_share IS NULL THEN 'needs max_share' ELSE 'takes no max_share' END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'max_share is the country_concentration benchmark (0.65 for the CRMA); NULL for the other kinds.';
    END IF;
    IF r.kind = 'recycled_share' AND r.recycled_passes THEN
        RAISE EXCEPTION 'origin rule %: a recycled_share rule takes no recycled_passes', r.rule
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A recycled_share rule discloses the recycled share; nothing passes or fails.';
    END IF;
    PERFORM @extschema@.origin_rule_check_dates(r.rule, r.effective_from, r.effective_until);
END
$fn$;
COMMENT ON FUNCTION @extschema@.origin_rule_validate(@extschema@.origin_rule) IS
    'raises the error of the first invalid part of an origin rule (run by the trigger on every write)';

-- a period: finite days, the end not before the start (both included)
CREATE FUNCTION @extschema@.origin_rule_check_dates(what pg_catalog.text,
    effective_from pg_catalog.date, effective_until pg_catalog.date)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NOT isfinite(effective_from) OR NOT isfinite(effective_until) THEN
        RAISE EXCEPTION 'origin rule %: % is %', what,
            CASE WHEN NOT isfinite(effective_from) THEN 'effective_from' ELSE 'effective_until' END,
            CASE WHEN NOT isfinite(effective_from) THEN effective_from ELSE effective_until END
            USING ERRCODE = 'datetime_field_overflow',
                  DETAIL = 'Dates are calendar days; an open start or end is NULL, not infinity.';
    END IF;
    IF effective_until < effective_from THEN
        RAISE EXCEPTION 'origin rule %: effective_until % is before effective_from %', what,
            to_char(effective_until, 'YYYY-MM-DD'), to_char(effective_from, 'YYYY-MM-DD')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Both days are included; a period of one day has effective_until = effective_from.';
    END IF;
END
$fn$;
COMMENT ON FUNCTION @extschema@.origin_rule_check_dates(pg_catalog.text, pg_catalog.date, pg_catalog.date) IS
    'raises an error for an infinite date or a period that ends before it starts (origin rules and their views)';

-- a word-to-view mapping: a provenance view, a word and a reading, a period
CREATE FUNCTION @extschema@.origin_rule_view_validate(v @extschema@.origin_rule_view)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF v.view <> ALL (ARRAY['origin', 'mining', 'separation', 'refining', 'melting', 'magnet']) THEN
        RAISE EXCEPTION 'origin rule %: invalid view "%" for "%"', v.rule, v.view, v.word
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Views are those of provenance_rows(): origin, mining, separation, refining, melting or magnet.';
    END IF;
    IF btrim(v.word) = '' OR btrim(v.reading) = '' THEN
        RAISE EXCEPTION 'origin rule %: word and reading must not be empty', v.rule
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Each mapping names the rule''s word and says why it is read as the view.';
    END IF;
    PERFORM @extschema@.origin_rule_check_dates(v.rule, v.effective_from, v.effective_until);
END
$fn$;
COMMENT ON FUNCTION @extschema@.origin_rule_view_validate(@extschema@.origin_rule_view) IS
    'raises the error of the first invalid part of a word-to-view mapping (run by the trigger on every write)';

--
-- The rules rare_trace ships, as of 2026-12-02 (sources: ../shared/domain.md §4).
--
INSERT INTO @extschema@.origin_rule (rule, kind, authority, reference, source, countries, elements, forms,
    min_mass_kg, max_share, recycled_passes, effective_from, effective_until, note, shipped) VALUES
-- US: 10 U.S.C. 4872 / DFARS 225.7018.  Covered materials are SmCo and
-- NdFeB magnets (tantalum and tungsten are no rare earths): the magnet
-- form; covered nations KP, CN, RU, IR.  No start date is recorded (the
-- restriction predates the data; 10 U.S.C. 2533c, FY2019 NDAA §871).
('us_dfars_magnet', 'covered_nations', 'US Department of Defense',
 '10 U.S.C. 4872 (ex-2533c); DFARS 225.7018, clause 252.225-7052; final rule 89 FR 46816 (30 May 2024, DFARS Case 2021-D015)',
 'civic-source us-code-tracker §4872; magneticsmag.com; crowell.com 2024-06-21; frtracker.app/fr/2024-11513',
 ARRAY['KP', 'CN', 'RU', 'IR'], NULL, ARRAY['magnet'], NULL, NULL, false, NULL, NULL,
 'SmCo and NdFeB magnets bought for the US DoD: not "melted or produced" in a covered nation until 2026-12-31, not "mined, refined, separated, melted or produced" there from 2027-01-01. Every rare earth of the magnet is checked. Word-to-view mapping: a reading (see origin_rule_view). Recycled material does not pass by itself (recycled_passes false): where it was first mined is not on the record, and the statute exempts recycled NdFeB only if milled and sintered in the US. Exceptions (COTS, non-availability waiver, use outside the US, electronic devices, that recycled NdFeB) are the user''s to apply.',
 true),
-- EU: CRMA Art. 29.  Disclosure of the share of Nd, Dy, Pr, Tb, B, Sm, Ni,
-- Co recovered from post-consumer waste, for products of the Art. 28(1)
-- groups with magnets over 0.2 kg; from the later of 2027-05-24 and two
-- years after the delegated act.  B, Ni, Co are no rare earths.
('eu_crma_art29_recycled', 'recycled_share', 'European Union',
 'Regulation (EU) 2024/1252 (Critical Raw Materials Act), Art. 29 with Art. 28(1)',
 'gesetze.legal/eu/vo_eu_2024_1252/28, /29',
 NULL, ARRAY['Nd', 'Dy', 'Pr', 'Tb', 'Sm'], ARRAY['magnet'], 0.2, NULL, false, '2027-05-24', NULL,
 'A disclosure, not a threshold: the share of each element recovered from post-consumer waste (the recycled label of the origin view). Applies from the later of 2027-05-24 and two years after the delegated act (the earliest date is recorded), to magnets over 0.2 kg in total in products of the Art. 28(1) groups (MRI, wind generators, industrial robots, motor vehicles, LMT, cold generators, heat pumps, electric motors, washers, dryers, microwaves, vacuums, dishwashers): the product group is not in a lot and is the user''s to apply; the 0.2 kg is compared with the magnet lot''s mass. B, Ni and Co are not rare earths and not in a lot.',
 true),
-- EU: CRMA Union benchmark for 2030: no single third country above 65 % of
-- the Union's consumption at any relevant processing stage.  A Union
-- objective over many lots, not a cap on a company; countries = the 27
-- member states (not third countries).
('eu_crma_65pct', 'country_concentration', 'European Union',
 'Regulation (EU) 2024/1252 (Critical Raw Materials Act): Union benchmark for 2030, no single third country above 65 % of Union consumption at any relevant stage of processing',
 'eumonitor COM(2023)160; chemycal.com; nicola-bernard.de (strategic list: RE elements for permanent magnets Nd, Pr, Tb, Dy, Gd, Sm, Ce); in force 23 May 2024',
 ARRAY['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT',
       'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
 ARRAY['Nd', 'Pr', 'Tb', 'Dy', 'Gd', 'Sm', 'Ce'], NULL, NULL, 0.65, true, '2024-05-23', NULL,
 'A Union-level objective for 2030, not a cap on a company: apply it to a provenance result over many lots (the lots consumed in the Union). For each element and stage, each country''s share of the element''s kg over those lots; a third country (not one of the 27 member states listed) above 0.65 fails, exactly 0.65 passes. Recycled material passes (recycled_passes true, a reading: recovered from waste, not extracted in a third country). Which stages are "relevant stages of processing" is a reading (see origin_rule_view).',
 true);

-- their words, read as views (readings labelled as such in reading)
INSERT INTO @extschema@.origin_rule_view (rule, word, view, effective_from, effective_until, reading, shipped) VALUES
('us_dfars_magnet', 'melted', 'melting', NULL, NULL,
 'where the alloy was melted: the melting view (alloy lots); for magnets "melted" is where the alloy is melted (magneticsmag.com)', true),
('us_dfars_magnet', 'produced', 'magnet', NULL, NULL,
 'where the magnet was produced (sintered or bonded): the magnet view (magnet lots); a reading of "produced" for a magnet', true),
('us_dfars_magnet', 'mined', 'origin', '2027-01-01', NULL,
 'where the ore was extracted: the origin view', true),
('us_dfars_magnet', 'mined', 'mining', '2027-01-01', NULL,
 'where the mining stage was performed, concentrating included: the mining view; a reading (a concentrator is not named by the text)', true),
('us_dfars_magnet', 'separated', 'separation', '2027-01-01', NULL,
 'where the rare earths were separated into oxides or compounds: the separation view', true),
('us_dfars_magnet', 'refined', 'refining', '2027-01-01', NULL,
 'READING, not a source: no source found defines which step "refined" names (the statute lists it before "separated"); read as the reduction to metal, the refining view (metal lots)', true),
('eu_crma_art29_recycled', 'recovered from post-consumer waste', 'origin', NULL, NULL,
 'the recycled label of the origin view: a scrap lot with no recorded inputs; a reading that holds if post-consumer scrap is recorded as a root and manufacturing scrap with a flow from the lot it came from', true),
('eu_crma_65pct', 'extraction', 'origin', NULL, NULL,
 'where the ore was extracted: the origin view; a reading of "relevant stage"', true),
('eu_crma_65pct', 'extraction', 'mining', NULL, NULL,
 'where the mining stage was performed, concentrating included: the mining view; a reading of "relevant stage"', true),
('eu_crma_65pct', 'processing', 'separation', NULL, NULL,
 'separation into oxides or compounds: the separation view; a reading of "relevant stage of processing"', true),
('eu_crma_65pct', 'processing', 'refining', NULL, NULL,
 'reduction to metal: the refining view; a reading of "relevant stage of processing" (alloying and magnet making are read as manufacturing, not processing of the raw material)', true);

SELECT @extschema@.origin_rule_validate(r) FROM @extschema@.origin_rule AS r;
SELECT @extschema@.origin_rule_view_validate(v) FROM @extschema@.origin_rule_view AS v;

--
-- The triggers: shipped rows stay as shipped; every other write is
-- validated.
--
-- trigger function of both tables: shipped rows are not written, changed or
-- deleted; every other row written is validated
CREATE FUNCTION @extschema@.origin_rule_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.shipped THEN
        RAISE EXCEPTION 'origin rule % is shipped with rare_trace and cannot be changed', OLD.rule
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('%s of a shipped row of %s: shipped rows come with CREATE EXTENSION and are not dumped, so a change would be lost.',
                                  TG_OP, TG_TABLE_NAME),
                  HINT = 'Add a rule (or a word-to-view mapping) of your own: see doc/origin_rules.md.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.shipped THEN
        RAISE EXCEPTION 'origin rule %: only rare_trace ships rules (shipped = true)', NEW.rule
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Rows with shipped = true are not dumped; a user''s row must be dumped.';
    END IF;
    IF TG_TABLE_NAME = 'origin_rule' THEN
        PERFORM @extschema@.origin_rule_validate(NEW);
    ELSE
        PERFORM @extschema@.origin_rule_view_validate(NEW);
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION @extschema@.origin_rule_guard() IS
    'trigger function: refuses changes to shipped origin rules and mappings, validates every other write';

CREATE TRIGGER origin_rule_guard
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.origin_rule
    FOR EACH ROW EXECUTE FUNCTION @extschema@.origin_rule_guard();
CREATE TRIGGER origin_rule_view_guard
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.origin_rule_view
    FOR EACH ROW EXECUTE FUNCTION @extschema@.origin_rule_guard();

REVOKE ALL ON TABLE @extschema@.origin_rule, @extschema@.origin_rule_view FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.origin_rule, @extschema@.origin_rule_view TO rare_trace_reader;
GRANT INSERT (rule, kind, authority, reference, source, countries, elements, forms, min_mass_kg, max_share,
              recycled_passes, effective_from, effective_until, note),
      UPDATE (rule, kind, authority, reference, source, countries, elements, forms, min_mass_kg, max_share,
              recycled_passes, effective_from, effective_until, note),
      DELETE ON TABLE @extschema@.origin_rule TO rare_trace_admin;
GRANT INSERT (rule, word, view, effective_from, effective_until, reading),
      UPDATE (rule, word, view, effective_from, effective_until, reading),
      DELETE ON TABLE @extschema@.origin_rule_view TO rare_trace_admin;
REVOKE ALL ON FUNCTION @extschema@.origin_rule_guard() FROM PUBLIC;

--
-- The check.  One implementation: lot_origin_check() calls it.
--
-- the rule of that name, or the error for an unknown name or an infinite date
CREATE FUNCTION @extschema@.origin_rule_lookup(rule pg_catalog.text, on_date pg_catalog.date)
RETURNS @extschema@.origin_rule
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r @extschema@.origin_rule;
BEGIN
    IF NOT isfinite(on_date) THEN
        RAISE EXCEPTION 'invalid date % for origin rule %', on_date, rule
            USING ERRCODE = 'datetime_field_overflow',
                  DETAIL = 'An origin rule is checked on a calendar day, not on infinity.';
    END IF;
    SELECT * INTO r FROM @extschema@.origin_rule AS o WHERE o.rule = origin_rule_lookup.rule;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown origin rule "%"', rule
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The rules are the rows of rare_trace.origin_rule: %s.',
                                  (SELECT string_agg(o.rule, ', ' ORDER BY o.rule) FROM @extschema@.origin_rule AS o));
    END IF;
    RETURN r;
END
$fn$;
COMMENT ON FUNCTION @extschema@.origin_rule_lookup(pg_catalog.text, pg_catalog.date) IS
    'the origin rule of that name, checked on a finite date; an error for an unknown rule or an infinite date';

-- the rule on the date applied to every sink of a provenance result: rows
-- per sink, element, view and label (covered_nations, recycled_share), or
-- per element, view and label over all the sinks (country_concentration);
-- one row for each sink the rule does not apply to
CREATE FUNCTION @extschema@.origin_check(p @extschema@.provenance, rule pg_catalog.text,
    on_date pg_catalog.date,
    OUT sink pg_catalog.text, OUT rule pg_catalog.text, OUT element pg_catalog.text,
    OUT view pg_catalog.text, OUT country pg_catalog.text, OUT kg pg_catalog.numeric,
    OUT share pg_catalog.numeric, OUT pass pg_catalog.bool, OUT reason pg_catalog.text)
RETURNS SETOF record
LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 100
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH
    r AS MATERIALIZED (SELECT * FROM @extschema@.origin_rule_lookup($2, $3)),
    -- the views the rule covers on the date, with the words read as them
    v AS (
        SELECT w.view, string_agg(format('"%s"', w.word), ', ' ORDER BY w.word) AS words
        FROM @extschema@.origin_rule_view AS w JOIN r ON w.rule = r.rule
        WHERE (w.effective_from IS NULL OR w.effective_from <= $3)
          AND (w.effective_until IS NULL OR w.effective_until >= $3)
        GROUP BY w.view),
    -- each sink, and why the rule does not apply to it (NULL: it does)
    s AS (
        SELECT x ->> 'code' AS code, t.n,
               CASE
               WHEN (r.effective_from IS NOT NULL AND $3 < r.effective_from)
                    OR (r.effective_until IS NOT NULL AND $3 > r.effective_until) THEN
                   format('%s is not in force on %s (in force %s)', r.rule, to_char($3, 'YYYY-MM-DD'),
                          concat_ws(' ', 'from ' || to_char(r.effective_from, 'YYYY-MM-DD'),
                                    'until ' || to_char(r.effective_until, 'YYYY-MM-DD')))
               WHEN r.forms IS NOT NULL AND (x ->> 'form') <> ALL (r.forms) THEN
                   format('%s covers %s lots; this lot is %s', r.rule,
                          array_to_string(r.forms, ', '), x ->> 'form')
               WHEN r.min_mass_kg IS NOT NULL AND (x ->> 'mass_kg')::numeric <= r.min_mass_kg THEN
                   format('%s applies to lots of more than %s kg; this lot has %s kg', r.rule,
                          r.min_mass_kg, x ->> 'mass_kg')
               WHEN NOT EXISTS (SELECT FROM v) THEN
                   format('no stage of %s is in force on %s', r.rule, to_char($3, 'YYYY-MM-DD'))
               WHEN NOT EXISTS (SELECT FROM jsonb_array_elements(x -> 'elements') AS e
                                WHERE r.elements IS NULL OR (e ->> 'element') = ANY (r.elements)) THEN
                   format('%s applies to %s; this lot declares none of them', r.rule,
                          coalesce(array_to_string(r.elements, ', '), 'the rare earths'))
               END AS na
        FROM r, jsonb_array_elements($1::jsonb -> 'sinks') WITH ORDINALITY AS t(x, n)),
    -- the provenance rows the rule looks at, in provenance_rows() order
    pr AS (
        SELECT q.sink_code, q.element, q.view, q.country, q.kg, q.share, q.n, v.words, s.n AS sn
        FROM r, @extschema@.provenance_rows($1) WITH ORDINALITY
                AS q(sink_code, element, view, country, kg, share, n)
        JOIN v ON v.view = q.view
        JOIN s ON s.code = q.sink_code AND s.na IS NULL
        WHERE r.elements IS NULL OR q.element = ANY (r.elements)),
    -- sinks the rule does not apply to
    na AS (
        SELECT s.code, NULL::text AS element, NULL::text AS view, NULL::text AS country,
               NULL::numeric AS kg, NULL::numeric AS share, NULL::bool AS pass, s.na AS reason,
               s.n, 0::int8 AS m
        FROM s WHERE s.na IS NOT NULL),
    -- covered_nations: one row per element, view and label
    cn AS (
        SELECT pr.sink_code, pr.element, pr.view, pr.country, pr.kg, pr.share,
               CASE WHEN pr.country = 'unknown' THEN false
                    WHEN pr.country = 'recycled' THEN r.recycled_passes
                    ELSE pr.country <> ALL (r.countries) END,
               CASE WHEN pr.country = 'unknown' THEN
                        format('%s: the record stops short of the %s stage for %s kg of %s; not shown to be outside %s',
                               pr.words, pr.view, pr.kg, pr.element, array_to_string(r.countries, ', '))
                    WHEN pr.country = 'recycled' AND r.recycled_passes THEN
                        format('%s: recycled (a scrap lot with no recorded inputs), which %s lets pass',
                               pr.words, r.rule)
                    WHEN pr.country = 'recycled' THEN
                        format('%s: recycled (a scrap lot with no recorded inputs) for %s kg of %s: where it was first mined is not on the record; not shown to be outside %s',
                               pr.words, pr.kg, pr.element, array_to_string(r.countries, ', '))
                    WHEN pr.country = ANY (r.countries) THEN
                        format('%s: %s in %s, a covered nation (%s)', pr.words, pr.view, pr.country,
                               array_to_string(r.countries, ', '))
                    ELSE format('%s: %s in %s, not a covered nation', pr.words, pr.view, pr.country) END,
               pr.sn, pr.n
        FROM r, pr
        WHERE r.kind = 'covered_nations'),
    -- recycled_share: per element and view, the recycled kg and share (a
    -- disclosure: pass NULL), and the unknown kg (the record stops short)
    rs AS (
        SELECT g.sink_code, g.element, g.view, g.label, g.kg, g.share,
               CASE WHEN g.label = 'unknown' THEN false END,
               CASE WHEN g.label = 'unknown' THEN
                        format('%s: the record stops short of the %s of %s kg of %s; the share disclosed is a lower bound',
                               g.words, g.view, g.kg, g.element)
                    ELSE format('disclosure, %s: %s of %s (%s kg) recovered from post-consumer waste (recycled)',
                                g.words, g.share, g.element, g.kg) END,
               g.sn, g.m
        FROM (SELECT pr.sink_code, pr.element, pr.view, l.label, min(pr.words) AS words,
                     coalesce(sum(pr.kg) FILTER (WHERE pr.country = l.label), 0) AS kg,
                     coalesce(sum(pr.share) FILTER (WHERE pr.country = l.label), 0) AS share,
                     min(pr.sn) AS sn, min(pr.n) AS m
              FROM r, pr CROSS JOIN (VALUES ('recycled'), ('unknown')) AS l(label)
              WHERE r.kind = 'recycled_share'
              GROUP BY pr.sink_code, pr.element, pr.view, l.label) AS g
        WHERE g.label = 'recycled' OR g.kg > 0),
    -- country_concentration: per element, view and label, over all the
    -- sinks the rule applies to; the test on exact kg, the share rounded
    -- half up to 6 decimals as provenance_rows() rounds
    lots AS (
        SELECT pr.element, pr.view, count(DISTINCT pr.sink_code) AS lots FROM pr GROUP BY pr.element, pr.view),
    tot AS (
        SELECT pr.element, pr.view, pr.country, min(pr.words) AS words, sum(pr.kg) AS kg,
               sum(sum(pr.kg)) OVER (PARTITION BY pr.element, pr.view) AS total,
               min(min(pr.n)) OVER (PARTITION BY pr.element, pr.view) AS m
        FROM r, pr
        WHERE r.kind = 'country_concentration'
        GROUP BY pr.element, pr.view, pr.country),
    cc AS (
        SELECT NULL::text, t.element, t.view, t.country, t.kg, t.share,
               CASE WHEN t.country = 'unknown' THEN false
                    WHEN t.country = 'recycled' THEN r.recycled_passes
                    WHEN t.country = ANY (r.countries) THEN true
                    ELSE t.kg <= t.total * r.max_share END,
               CASE WHEN t.country = 'unknown' THEN
                        format('%s: the record stops short of the %s stage for %s kg of %s over %s; not attributed to a country',
                               t.words, t.view, t.kg, t.element, t.lots_text)
                    WHEN t.country = 'recycled' AND r.recycled_passes THEN
                        format('%s: recycled (scrap lots with no recorded inputs), not a third country', t.words)
                    WHEN t.country = 'recycled' THEN
                        format('%s: recycled (scrap lots with no recorded inputs) for %s kg of %s over %s: where it was first extracted is not on the record',
                               t.words, t.kg, t.element, t.lots_text)
                    WHEN t.country = ANY (r.countries) THEN
                        format('%s: %s is not a third country', t.words, t.country)
                    ELSE format('%s: %s holds %s of the %s kg of %s in the %s view over %s, %s the benchmark of %s for a single third country',
                                t.words, t.country, t.share, trim_scale(t.total), t.element, t.view, t.lots_text,
                                CASE WHEN t.kg <= t.total * r.max_share THEN 'within' ELSE 'above' END,
                                r.max_share) END,
               (SELECT count(*) FROM s) + 1, t.m
        FROM r, (SELECT tot.*, lots.lots || CASE WHEN lots.lots = 1 THEN ' lot' ELSE ' lots' END AS lots_text,
                        CASE WHEN tot.total = 0 THEN 0
                             ELSE trim_scale(div(tot.kg * 2000000 + tot.total, tot.total * 2) / 1000000) END AS share
                 FROM tot JOIN lots USING (element, view)) AS t)
    SELECT u.code, r.rule, u.element, u.view, u.country, u.kg, u.share, u.pass, u.reason
    FROM r, (SELECT * FROM na
             UNION ALL SELECT * FROM cn
             UNION ALL SELECT * FROM rs
             UNION ALL SELECT * FROM cc) AS u(code, element, view, country, kg, share, pass, reason, n, m)
    ORDER BY u.n, u.m, u.country = 'unknown', u.kg DESC, u.country
$fn$;
COMMENT ON FUNCTION @extschema@.origin_check(@extschema@.provenance, pg_catalog.text, pg_catalog.date) IS
    'applies an origin rule of rare_trace.origin_rule on a date to a provenance result: rows (sink, rule, element, view, country, kg, share, pass, reason)';

-- origin_check() of one lot of the ledger
CREATE FUNCTION @extschema@.lot_origin_check(code pg_catalog.text, rule pg_catalog.text,
    on_date pg_catalog.date,
    OUT sink pg_catalog.text, OUT rule pg_catalog.text, OUT element pg_catalog.text,
    OUT view pg_catalog.text, OUT country pg_catalog.text, OUT kg pg_catalog.numeric,
    OUT share pg_catalog.numeric, OUT pass pg_catalog.bool, OUT reason pg_catalog.text)
RETURNS SETOF record
LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 100
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT c.* FROM @extschema@.origin_check(@extschema@.ledger_provenance($1), $2, $3) AS c
$fn$;
COMMENT ON FUNCTION @extschema@.lot_origin_check(pg_catalog.text, pg_catalog.text, pg_catalog.date) IS
    'origin_check() of one lot of the ledger: origin_check(ledger_provenance(code), rule, on_date)';

/*
 * src/sql/flat_views.sql: flat views and functions for BI tools and drivers (0.5.0).
 *
 * One concern of the current version's full install script, which the
 * Makefile builds from the files in src/sql, in the order of SQL_SOURCES.
 * Released scripts (rare_trace--X.Y.Z.sql, rare_trace--A--B.sql) are frozen;
 * a change here needs the same change in the next upgrade script (0.5.0:
 * the section "Flat views" of rare_trace--0.4.0--0.5.0.sql holds this
 * file's statements verbatim).  Reference: doc/bi_views.md.
 *
 * Every column is text, numeric(p,s), integer, bigint, date, timestamptz
 * or boolean.  Each numeric(p,s) holds every value it can receive exactly
 * (doc/bi_views.md, "Precision and scale"):
 *   - a lot's mass: int64 grams, at most 10^15 g    -> kg numeric(16,3)
 *   - an element's mass: grams x ppm / 10^9 kg,
 *     at most 10^12 kg                              -> kg numeric(22,9)
 *   - REO: grams x sum(ppm x factor) / 10^13 kg,
 *     factor at most 1.5338 (Sc2O3)                 -> kg numeric(26,13)
 *   - a flow's kg: whole grams, at most 10^12 kg    -> numeric(16,3)
 *   - provenance kg (micrograms / 10^9) of one sink -> numeric(22,9);
 *     shares, rounded half up to 6 decimals, <= 1   -> numeric(7,6)
 *   - quota tonnes: REO kg x 0.001, 16 decimals     -> numeric(28,16)
 *   - licence kg: sums of lot masses, 3 decimals    -> numeric(18,3)
 * Limits are typed in by an admin with any number of decimals: the views
 * pass them through flat_numeric(), which refuses (22003) a value with
 * more decimals than its column rather than let the cast round it; a value
 * too large for its column is the cast's own error (22003).  Nothing is
 * ever rounded.
 */

-- ======================================================================
-- Flat views (0.5.0).  Reference: doc/bi_views.md.
-- ======================================================================

--
-- The views' guard against rounding.
--
CREATE FUNCTION @extschema@.flat_numeric(value pg_catalog.numeric, scale pg_catalog.int4)
RETURNS pg_catalog.numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF value <> trunc(value, scale) THEN
        RAISE EXCEPTION 'value % has more than % decimals', value, scale
            USING ERRCODE = 'numeric_value_out_of_range',
                  DETAIL = format('A flat view column of scale %s shows it exactly or not at all; it is never rounded.', scale),
                  HINT = 'Give the limit at most that many decimals (see "Precision and scale" in doc/bi_views.md).';
    END IF;
    RETURN value;
END
$fn$;
COMMENT ON FUNCTION @extschema@.flat_numeric(pg_catalog.numeric, pg_catalog.int4) IS
    'the value unchanged if it has at most scale decimals, else error 22003: the flat views'' guard against rounding';

--
-- Every lot of the flows in force, one row per code.  The ledger may hold
-- different lots under one code (provenance reports them as
-- conflicting_lot): the row shows the one of the latest entry, and
-- versions counts them.
--
CREATE VIEW @extschema@.flat_lot AS
SELECT @extschema@.lot_code(l.lot) AS code,
       @extschema@.lot_country(l.lot) AS country,
       @extschema@.lot_enterprise(l.lot) AS enterprise,
       @extschema@.lot_number(l.lot) AS lot_number,
       @extschema@.lot_form(l.lot) AS form,
       @extschema@.lot_stage(l.lot) AS stage,
       @extschema@.lot_mass_kg(l.lot)::pg_catalog.numeric(16, 3) AS mass_kg,
       @extschema@.reo_kg(l.lot)::pg_catalog.numeric(26, 13) AS reo_kg,
       @extschema@.element_kg(l.lot, 'Sc')::pg_catalog.numeric(22, 9) AS sc_kg,
       @extschema@.element_kg(l.lot, 'Y')::pg_catalog.numeric(22, 9) AS y_kg,
       @extschema@.element_kg(l.lot, 'La')::pg_catalog.numeric(22, 9) AS la_kg,
       @extschema@.element_kg(l.lot, 'Ce')::pg_catalog.numeric(22, 9) AS ce_kg,
       @extschema@.element_kg(l.lot, 'Pr')::pg_catalog.numeric(22, 9) AS pr_kg,
       @extschema@.element_kg(l.lot, 'Nd')::pg_catalog.numeric(22, 9) AS nd_kg,
       @extschema@.element_kg(l.lot, 'Pm')::pg_catalog.numeric(22, 9) AS pm_kg,
       @extschema@.element_kg(l.lot, 'Sm')::pg_catalog.numeric(22, 9) AS sm_kg,
       @extschema@.element_kg(l.lot, 'Eu')::pg_catalog.numeric(22, 9) AS eu_kg,
       @extschema@.element_kg(l.lot, 'Gd')::pg_catalog.numeric(22, 9) AS gd_kg,
       @extschema@.element_kg(l.lot, 'Tb')::pg_catalog.numeric(22, 9) AS tb_kg,
       @extschema@.element_kg(l.lot, 'Dy')::pg_catalog.numeric(22, 9) AS dy_kg,
       @extschema@.element_kg(l.lot, 'Ho')::pg_catalog.numeric(22, 9) AS ho_kg,
       @extschema@.element_kg(l.lot, 'Er')::pg_catalog.numeric(22, 9) AS er_kg,
       @extschema@.element_kg(l.lot, 'Tm')::pg_catalog.numeric(22, 9) AS tm_kg,
       @extschema@.element_kg(l.lot, 'Yb')::pg_catalog.numeric(22, 9) AS yb_kg,
       @extschema@.element_kg(l.lot, 'Lu')::pg_catalog.numeric(22, 9) AS lu_kg,
       l.lot::pg_catalog.text AS lot,
       l.versions
FROM (SELECT DISTINCT ON (m.code) m.code, m.lot,
             (pg_catalog.count(*) OVER (PARTITION BY m.code))::pg_catalog.int4 AS versions
      FROM (SELECT x.code, x.lot, pg_catalog.max(x.id) AS last_id
            FROM (SELECT f.id, f.parent_code AS code, f.parent AS lot FROM @extschema@.flow_current AS f
                  UNION ALL
                  SELECT f.id, f.child_code, f.child FROM @extschema@.flow_current AS f) AS x
            GROUP BY x.code, x.lot) AS m
      ORDER BY m.code, m.last_id DESC) AS l;
COMMENT ON VIEW @extschema@.flat_lot IS
    'which lots does the ledger know, and what is in each? One row per lot code of the flows in force, every part and element mass as a plain column';
COMMENT ON COLUMN @extschema@.flat_lot.code IS 'code CC-ENTERPRISE-LOT of the lot';
COMMENT ON COLUMN @extschema@.flat_lot.country IS 'ISO 3166-1 alpha-2 country where the lot was produced';
COMMENT ON COLUMN @extschema@.flat_lot.enterprise IS 'enterprise code CC-ENTERPRISE of the lot';
COMMENT ON COLUMN @extschema@.flat_lot.lot_number IS 'lot number (last part of the code) of the lot';
COMMENT ON COLUMN @extschema@.flat_lot.form IS 'form of the lot: ore, concentrate, compound, oxide, metal, alloy, magnet or scrap';
COMMENT ON COLUMN @extschema@.flat_lot.stage IS 'value-chain stage of the lot''s form';
COMMENT ON COLUMN @extschema@.flat_lot.mass_kg IS 'net mass of the lot in kg, exact: numeric(16,3) (whole grams, at most 10^12 kg)';
COMMENT ON COLUMN @extschema@.flat_lot.reo_kg IS 'rare-earth-oxide equivalent of the lot in kg, exact: numeric(26,13); NULL if it declares Pm';
COMMENT ON COLUMN @extschema@.flat_lot.sc_kg IS 'kg of Sc in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.y_kg IS 'kg of Y in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.la_kg IS 'kg of La in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.ce_kg IS 'kg of Ce in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.pr_kg IS 'kg of Pr in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.nd_kg IS 'kg of Nd in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.pm_kg IS 'kg of Pm in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.sm_kg IS 'kg of Sm in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.eu_kg IS 'kg of Eu in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.gd_kg IS 'kg of Gd in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.tb_kg IS 'kg of Tb in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.dy_kg IS 'kg of Dy in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.ho_kg IS 'kg of Ho in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.er_kg IS 'kg of Er in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.tm_kg IS 'kg of Tm in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.yb_kg IS 'kg of Yb in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.lu_kg IS 'kg of Lu in the lot, exact: numeric(22,9) (0 if absent)';
COMMENT ON COLUMN @extschema@.flat_lot.lot IS 'the lot in its canonical text form (the rare_lot as text)';
COMMENT ON COLUMN @extschema@.flat_lot.versions IS 'how many different lots the flows in force record under this code (1 unless the record conflicts; the row shows the latest)';

--
-- The flows in force, the parent's and child's parts as columns, the
-- usual document references as text.
--
CREATE VIEW @extschema@.flat_flow AS
SELECT f.id,
       f.recorded_at,
       f.enterprise,
       f.seq,
       f.kind,
       f.kg::pg_catalog.numeric(16, 3) AS kg,
       f.parent::pg_catalog.text AS parent,
       @extschema@.lot_code(f.parent) AS parent_code,
       @extschema@.lot_country(f.parent) AS parent_country,
       @extschema@.lot_enterprise(f.parent) AS parent_enterprise,
       @extschema@.lot_number(f.parent) AS parent_lot_number,
       @extschema@.lot_form(f.parent) AS parent_form,
       @extschema@.lot_stage(f.parent) AS parent_stage,
       @extschema@.lot_mass_kg(f.parent)::pg_catalog.numeric(16, 3) AS parent_mass_kg,
       @extschema@.reo_kg(f.parent)::pg_catalog.numeric(26, 13) AS parent_reo_kg,
       f.child::pg_catalog.text AS child,
       @extschema@.lot_code(f.child) AS child_code,
       @extschema@.lot_country(f.child) AS child_country,
       @extschema@.lot_enterprise(f.child) AS child_enterprise,
       @extschema@.lot_number(f.child) AS child_lot_number,
       @extschema@.lot_form(f.child) AS child_form,
       @extschema@.lot_stage(f.child) AS child_stage,
       @extschema@.lot_mass_kg(f.child)::pg_catalog.numeric(16, 3) AS child_mass_kg,
       @extschema@.reo_kg(f.child)::pg_catalog.numeric(26, 13) AS child_reo_kg,
       f.docs OPERATOR(pg_catalog.->>) 'invoice' AS invoice,
       f.docs OPERATOR(pg_catalog.->>) 'bill_of_lading' AS bill_of_lading,
       COALESCE(f.docs OPERATOR(pg_catalog.->>) 'licence',
                f.docs OPERATOR(pg_catalog.->>) 'export_licence') AS licence,
       f.docs OPERATOR(pg_catalog.->>) 'import_permit' AS import_permit,
       f.docs OPERATOR(pg_catalog.->>) 'delivery_note' AS delivery_note,
       f.docs OPERATOR(pg_catalog.->>) 'work_order' AS work_order,
       f.docs::pg_catalog.text AS docs,
       f.corrects
FROM @extschema@.flow_current AS f;
COMMENT ON VIEW @extschema@.flat_flow IS
    'which material moved from which lot to which, and under which documents? The ledger''s flows in force, every lot part and document reference as a plain column';
COMMENT ON COLUMN @extschema@.flat_flow.id IS 'entry id (the last correction in force, or the original entry)';
COMMENT ON COLUMN @extschema@.flat_flow.recorded_at IS 'when the entry was recorded';
COMMENT ON COLUMN @extschema@.flat_flow.enterprise IS 'recording enterprise CC-ENTERPRISE';
COMMENT ON COLUMN @extschema@.flat_flow.seq IS 'position in the enterprise''s chain';
COMMENT ON COLUMN @extschema@.flat_flow.kind IS 'transform, ship, receive, export, import or recycle';
COMMENT ON COLUMN @extschema@.flat_flow.kg IS 'kg moved from parent to child, exact: numeric(16,3) (whole grams, at most 10^12 kg)';
COMMENT ON COLUMN @extschema@.flat_flow.parent IS 'the parent lot (the material came from it) in its canonical text form';
COMMENT ON COLUMN @extschema@.flat_flow.child IS 'the child lot (the material went to it) in its canonical text form';
COMMENT ON COLUMN @extschema@.flat_flow.parent_code IS 'code CC-ENTERPRISE-LOT of the parent lot';
COMMENT ON COLUMN @extschema@.flat_flow.parent_country IS 'ISO 3166-1 alpha-2 country where the parent lot was produced';
COMMENT ON COLUMN @extschema@.flat_flow.parent_enterprise IS 'enterprise code CC-ENTERPRISE of the parent lot';
COMMENT ON COLUMN @extschema@.flat_flow.parent_lot_number IS 'lot number (last part of the code) of the parent lot';
COMMENT ON COLUMN @extschema@.flat_flow.parent_form IS 'form of the parent lot: ore, concentrate, compound, oxide, metal, alloy, magnet or scrap';
COMMENT ON COLUMN @extschema@.flat_flow.parent_stage IS 'value-chain stage of the parent lot''s form';
COMMENT ON COLUMN @extschema@.flat_flow.parent_mass_kg IS 'net mass of the parent lot in kg, exact: numeric(16,3) (whole grams, at most 10^12 kg)';
COMMENT ON COLUMN @extschema@.flat_flow.parent_reo_kg IS 'rare-earth-oxide equivalent of the parent lot in kg, exact: numeric(26,13); NULL if it declares Pm';
COMMENT ON COLUMN @extschema@.flat_flow.child_code IS 'code CC-ENTERPRISE-LOT of the child lot';
COMMENT ON COLUMN @extschema@.flat_flow.child_country IS 'ISO 3166-1 alpha-2 country where the child lot was produced';
COMMENT ON COLUMN @extschema@.flat_flow.child_enterprise IS 'enterprise code CC-ENTERPRISE of the child lot';
COMMENT ON COLUMN @extschema@.flat_flow.child_lot_number IS 'lot number (last part of the code) of the child lot';
COMMENT ON COLUMN @extschema@.flat_flow.child_form IS 'form of the child lot: ore, concentrate, compound, oxide, metal, alloy, magnet or scrap';
COMMENT ON COLUMN @extschema@.flat_flow.child_stage IS 'value-chain stage of the child lot''s form';
COMMENT ON COLUMN @extschema@.flat_flow.child_mass_kg IS 'net mass of the child lot in kg, exact: numeric(16,3) (whole grams, at most 10^12 kg)';
COMMENT ON COLUMN @extschema@.flat_flow.child_reo_kg IS 'rare-earth-oxide equivalent of the child lot in kg, exact: numeric(26,13); NULL if it declares Pm';
COMMENT ON COLUMN @extschema@.flat_flow.invoice IS 'document reference docs->>''invoice'' (NULL if none)';
COMMENT ON COLUMN @extschema@.flat_flow.bill_of_lading IS 'document reference docs->>''bill_of_lading'' (NULL if none)';
COMMENT ON COLUMN @extschema@.flat_flow.licence IS 'the licence number: docs->>''licence'', else docs->>''export_licence'' (NULL if neither)';
COMMENT ON COLUMN @extschema@.flat_flow.import_permit IS 'document reference docs->>''import_permit'' (NULL if none)';
COMMENT ON COLUMN @extschema@.flat_flow.delivery_note IS 'document reference docs->>''delivery_note'' (NULL if none)';
COMMENT ON COLUMN @extschema@.flat_flow.work_order IS 'document reference docs->>''work_order'' (NULL if none)';
COMMENT ON COLUMN @extschema@.flat_flow.docs IS 'every document reference, the jsonb object as text';
COMMENT ON COLUMN @extschema@.flat_flow.corrects IS 'id of the entry this one replaced; NULL for an original entry';

--
-- Provenance of every sink of the ledger: one provenance aggregate over
-- the flows in force (linear in the flows), as rows.
--
CREATE VIEW @extschema@.flat_provenance AS
SELECT r.sink_code,
       r.element,
       r.view,
       r.country,
       r.kg::pg_catalog.numeric(22, 9) AS kg,
       r.share::pg_catalog.numeric(7, 6) AS share
FROM (SELECT @extschema@.provenance(f.parent, f.child, f.kg) AS p
      FROM @extschema@.flow_current AS f) AS a
CROSS JOIN LATERAL @extschema@.provenance_rows(a.p) AS r;
COMMENT ON VIEW @extschema@.flat_provenance IS
    'where was each element of every end product mined and processed? provenance_rows() of every sink lot of the flows in force (lots no flow in force takes material from)';
COMMENT ON COLUMN @extschema@.flat_provenance.sink_code IS 'code of the sink lot';
COMMENT ON COLUMN @extschema@.flat_provenance.element IS 'element symbol';
COMMENT ON COLUMN @extschema@.flat_provenance.view IS 'origin, or the stage: mining, separation, refining, melting, magnet';
COMMENT ON COLUMN @extschema@.flat_provenance.country IS 'ISO country code, or unknown (the record stops short) or recycled (scrap with no recorded inputs)';
COMMENT ON COLUMN @extschema@.flat_provenance.kg IS 'kg of the element of the sink attributed to the country, exact: numeric(22,9) (micrograms)';
COMMENT ON COLUMN @extschema@.flat_provenance.share IS 'kg as a share of the element in the sink, rounded half up to 6 decimals: numeric(7,6)';

--
-- Quotas with room left and the holder's approval.
--
CREATE VIEW @extschema@.flat_quota AS
SELECT q.id,
       q.holder,
       e.name AS holder_name,
       e.parent,
       q.year,
       q.activity::pg_catalog.text AS activity,
       q.category,
       @extschema@.flat_numeric(q.limit_t, 16)::pg_catalog.numeric(28, 16) AS limit_t,
       @extschema@.flat_numeric(q.used_t, 16)::pg_catalog.numeric(28, 16) AS used_t,
       @extschema@.flat_numeric(q.limit_t OPERATOR(pg_catalog.-) q.used_t, 16)::pg_catalog.numeric(28, 16) AS remaining_t,
       (CASE WHEN q.limit_t OPERATOR(pg_catalog.>) 0
             THEN pg_catalog.round(100 OPERATOR(pg_catalog.*) q.used_t OPERATOR(pg_catalog./) q.limit_t, 2)
        END)::pg_catalog.numeric(32, 2) AS used_pct,
       e.approved_from,
       e.approved_until,
       q.activity::pg_catalog.text OPERATOR(pg_catalog.=) ANY (e.activities::pg_catalog.text[]) AS approved_for_activity
FROM @extschema@.quota AS q
JOIN @extschema@.enterprise AS e ON e.code OPERATOR(pg_catalog.=) q.holder;
COMMENT ON VIEW @extschema@.flat_quota IS
    'how much of each quota is used and left, and is its holder approved? quota_status with the holder''s name and approval, exact numeric(p,s) columns';
COMMENT ON COLUMN @extschema@.flat_quota.id IS 'quota id (rare_trace.quota.id)';
COMMENT ON COLUMN @extschema@.flat_quota.holder IS 'enterprise or group holding the quota';
COMMENT ON COLUMN @extschema@.flat_quota.holder_name IS 'name of the holder';
COMMENT ON COLUMN @extschema@.flat_quota.parent IS 'group above the holder; NULL at the top';
COMMENT ON COLUMN @extschema@.flat_quota.year IS 'calendar year';
COMMENT ON COLUMN @extschema@.flat_quota.activity IS 'activity the quota covers';
COMMENT ON COLUMN @extschema@.flat_quota.category IS 'category; NULL = any category';
COMMENT ON COLUMN @extschema@.flat_quota.limit_t IS 'limit in tonnes REO, exact: numeric(28,16) (a limit with more decimals is an error, never rounded)';
COMMENT ON COLUMN @extschema@.flat_quota.used_t IS 'tonnes REO charged, exact: numeric(28,16) (REO kg x 0.001)';
COMMENT ON COLUMN @extschema@.flat_quota.remaining_t IS 'limit_t - used_t, exact: numeric(28,16)';
COMMENT ON COLUMN @extschema@.flat_quota.used_pct IS 'used_t as a percentage of limit_t, rounded to 2 decimals as in quota_status: numeric(32,2); NULL when the limit is 0';
COMMENT ON COLUMN @extschema@.flat_quota.approved_from IS 'first day of the holder''s approval';
COMMENT ON COLUMN @extschema@.flat_quota.approved_until IS 'last day of the holder''s approval; NULL = open';
COMMENT ON COLUMN @extschema@.flat_quota.approved_for_activity IS 'whether the holder is approved for the quota''s activity';

--
-- Export licences with the kg left and their status today.
--
CREATE VIEW @extschema@.flat_export_licence AS
SELECT l.id,
       l.licence_no,
       l.authority,
       l.kind,
       l.exporter,
       l.consignee,
       l.destination,
       pg_catalog.array_to_string(l.elements, ', ') AS elements,
       pg_catalog.array_to_string(l.forms, ', ') AS forms,
       @extschema@.flat_numeric(l.limit_kg, 3)::pg_catalog.numeric(18, 3) AS limit_kg,
       @extschema@.flat_numeric(l.used_kg, 3)::pg_catalog.numeric(18, 3) AS used_kg,
       @extschema@.flat_numeric(l.limit_kg OPERATOR(pg_catalog.-) l.used_kg, 3)::pg_catalog.numeric(18, 3) AS remaining_kg,
       l.valid_from,
       l.valid_until,
       CASE WHEN CURRENT_DATE OPERATOR(pg_catalog.<) l.valid_from THEN 'not_yet_valid'
            WHEN CURRENT_DATE OPERATOR(pg_catalog.>) l.valid_until THEN 'expired'
            WHEN l.used_kg OPERATOR(pg_catalog.>=) l.limit_kg THEN 'used_up'
            ELSE 'valid' END AS status
FROM @extschema@.export_licence AS l;
COMMENT ON VIEW @extschema@.flat_export_licence IS
    'how many kg may each export licence still cover, and is it valid today? export_licence with remaining_kg and a status, plain columns';
COMMENT ON COLUMN @extschema@.flat_export_licence.id IS 'licence id (rare_trace.export_licence.id)';
COMMENT ON COLUMN @extschema@.flat_export_licence.licence_no IS 'the licence number as issued';
COMMENT ON COLUMN @extschema@.flat_export_licence.authority IS 'who issued it';
COMMENT ON COLUMN @extschema@.flat_export_licence.kind IS 'individual or general';
COMMENT ON COLUMN @extschema@.flat_export_licence.exporter IS 'enterprise code CC-ENTERPRISE of the exporter';
COMMENT ON COLUMN @extschema@.flat_export_licence.consignee IS 'the consignee; NULL for a general licence without one';
COMMENT ON COLUMN @extschema@.flat_export_licence.destination IS 'destination country (ISO 3166-1 alpha-2)';
COMMENT ON COLUMN @extschema@.flat_export_licence.elements IS 'the controlled elements covered, in atomic-number order, separated by '', ''';
COMMENT ON COLUMN @extschema@.flat_export_licence.forms IS 'the lot forms covered, in value-chain order, separated by '', ''';
COMMENT ON COLUMN @extschema@.flat_export_licence.limit_kg IS 'quantity limit in kg of goods, exact: numeric(18,3) (a limit with more decimals is an error, never rounded)';
COMMENT ON COLUMN @extschema@.flat_export_licence.used_kg IS 'kg of goods drawn down (lot masses), exact: numeric(18,3)';
COMMENT ON COLUMN @extschema@.flat_export_licence.remaining_kg IS 'limit_kg - used_kg, exact: numeric(18,3)';
COMMENT ON COLUMN @extschema@.flat_export_licence.valid_from IS 'first day valid';
COMMENT ON COLUMN @extschema@.flat_export_licence.valid_until IS 'last day valid (inclusive)';
COMMENT ON COLUMN @extschema@.flat_export_licence.status IS 'today (CURRENT_DATE): not_yet_valid, expired, used_up (no kg left) or valid';

--
-- The checks as rows for a BI tool's custom SQL: the same rules, called,
-- not re-implemented; numeric columns with their exact precision and
-- scale (a function's own result columns cannot carry a typmod, a row
-- type's can).
--

-- export_check() of a lot given in its text form
CREATE FUNCTION @extschema@.flat_export_check(lot pg_catalog.text, from_country pg_catalog.text,
    destination pg_catalog.text, ship_date pg_catalog.date,
    OUT lot_code pg_catalog.text, OUT reference pg_catalog.text, OUT control_code pg_catalog.text,
    OUT element pg_catalog.text, OUT form pg_catalog.text, OUT in_force pg_catalog.bool,
    OUT suspended pg_catalog.bool, OUT licence_required pg_catalog.bool, OUT reason pg_catalog.text)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE ROWS 6
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT @extschema@.lot_code($1::@extschema@.rare_lot), c.reference, c.control_code, c.element,
           c.form, c.in_force, c.suspended, c.licence_required, c.reason
    FROM @extschema@.export_check($1::@extschema@.rare_lot, $2, $3, $4) AS c
$fn$;
COMMENT ON FUNCTION @extschema@.flat_export_check(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.date) IS
    'export_check() of a lot in its text form (e.g. flat_lot.lot), with the lot''s code: plain columns for BI tools';

CREATE TYPE @extschema@.flat_reexport_check_row AS (
    sink_code pg_catalog.text,
    reference pg_catalog.text,
    control_code pg_catalog.text,
    element pg_catalog.text,
    view pg_catalog.text,
    country pg_catalog.text,
    kg pg_catalog.numeric(22, 9),
    share pg_catalog.numeric(7, 6),
    in_force pg_catalog.bool,
    suspended pg_catalog.bool,
    licence_required pg_catalog.bool,
    result pg_catalog.text,
    reason pg_catalog.text
);
COMMENT ON TYPE @extschema@.flat_reexport_check_row IS 'a row of flat_reexport_check(): reexport_check() with exact numeric(p,s) columns';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.sink_code IS 'code of the lot checked';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.reference IS 'the rule (announcement) applied';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.control_code IS 'the rule''s control code';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.element IS 'controlled element';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.view IS 'the provenance view (stage) the rule looks at';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.country IS 'country of that stage, or unknown';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.kg IS 'kg of the element from that country, exact: numeric(22,9)';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.share IS 'share of the element, 6 decimals: numeric(7,6)';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.in_force IS 'whether the rule is in force on the shipping date';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.suspended IS 'whether the rule is suspended on the shipping date';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.licence_required IS 'whether a licence is needed (NULL = undetermined)';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.result IS 'licence_required, no_licence or undetermined';
COMMENT ON COLUMN @extschema@.flat_reexport_check_row.reason IS 'why';

-- lot_reexport_check() of a lot of the ledger
CREATE FUNCTION @extschema@.flat_reexport_check(code pg_catalog.text, from_country pg_catalog.text,
    destination pg_catalog.text, ship_date pg_catalog.date,
    value_share_pct pg_catalog.numeric DEFAULT NULL)
RETURNS SETOF @extschema@.flat_reexport_check_row
LANGUAGE sql STABLE PARALLEL SAFE ROWS 12
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT c.sink_code, c.reference, c.control_code, c.element, c.view, c.country,
           c.kg::pg_catalog.numeric(22, 9), c.share::pg_catalog.numeric(7, 6),
           c.in_force, c.suspended, c.licence_required, c.result, c.reason
    FROM @extschema@.lot_reexport_check($1, $2, $3, $4, $5) AS c
$fn$;
COMMENT ON FUNCTION @extschema@.flat_reexport_check(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.date, pg_catalog.numeric) IS
    'lot_reexport_check() of a lot of the ledger, by code: kg numeric(22,9), share numeric(7,6), for BI tools';

CREATE TYPE @extschema@.flat_origin_check_row AS (
    sink pg_catalog.text,
    rule pg_catalog.text,
    element pg_catalog.text,
    view pg_catalog.text,
    country pg_catalog.text,
    kg pg_catalog.numeric(22, 9),
    share pg_catalog.numeric(7, 6),
    pass pg_catalog.bool,
    reason pg_catalog.text
);
COMMENT ON TYPE @extschema@.flat_origin_check_row IS 'a row of flat_origin_check(): origin_check() with exact numeric(p,s) columns';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.sink IS 'code of the lot checked (NULL on a country_concentration row)';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.rule IS 'the origin rule applied';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.element IS 'element symbol (NULL if the rule does not apply)';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.view IS 'provenance view (origin or stage)';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.country IS 'country, unknown or recycled';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.kg IS 'kg of the element, exact: numeric(22,9)';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.share IS 'share of the element, 6 decimals: numeric(7,6)';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.pass IS 'whether the row passes the rule (NULL for a disclosure or a rule that does not apply)';
COMMENT ON COLUMN @extschema@.flat_origin_check_row.reason IS 'why';

-- lot_origin_check() of a lot of the ledger
CREATE FUNCTION @extschema@.flat_origin_check(code pg_catalog.text, rule pg_catalog.text,
    on_date pg_catalog.date)
RETURNS SETOF @extschema@.flat_origin_check_row
LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 100
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT c.sink, c.rule, c.element, c.view, c.country,
           c.kg::pg_catalog.numeric(22, 9), c.share::pg_catalog.numeric(7, 6), c.pass, c.reason
    FROM @extschema@.lot_origin_check($1, $2, $3) AS c
$fn$;
COMMENT ON FUNCTION @extschema@.flat_origin_check(pg_catalog.text, pg_catalog.text, pg_catalog.date) IS
    'lot_origin_check() of a lot of the ledger, by code: kg numeric(22,9), share numeric(7,6), for BI tools';

--
-- A flat view over a user's own table: its columns kept, a rare_lot
-- column replaced by its text form and its parts, named as in flat_lot
-- with the column's name and "_" in front.  SECURITY INVOKER; the view
-- is made with security_invoker = true, so it shows a reader no more than
-- the table does.  create_flat_view() takes the caller's creation schema
-- (current_schema(), before any SET clause applies) for an unqualified
-- view name and hands it to create_flat_view_in(), which does the work
-- with a pinned search_path (an unqualified view of a temporary table
-- goes to pg_temp, as CREATE VIEW would put it).
--
CREATE FUNCTION @extschema@.create_flat_view_in(creation_schema pg_catalog.name,
    tab pg_catalog.regclass, lot_column pg_catalog.text, view_name pg_catalog.text)
RETURNS pg_catalog.regclass
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    rel record;
    col record;
    el record;
    parts text[];
    sch text;
    vname text;
    typ oid;
    p text;
    c text;
    found_lot bool := false;
    items text[] := '{}';
    names text[] := '{}';
    dup text;
    v regclass;
BEGIN
    IF tab IS NULL OR lot_column IS NULL OR view_name IS NULL THEN
        RAISE EXCEPTION 'create_flat_view needs a table, a lot column and a view name'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT r.relname, n.nspname, r.relkind, r.relpersistence INTO rel
    FROM pg_class AS r JOIN pg_namespace AS n ON n.oid = r.relnamespace
    WHERE r.oid = tab;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', tab::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF rel.relkind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION '% is not a table, view, materialized view or foreign table', tab
            USING ERRCODE = 'wrong_object_type';
    END IF;

    -- the view's name, as SQL would read it
    BEGIN
        parts := parse_ident(view_name);
    EXCEPTION WHEN invalid_parameter_value THEN
        RAISE EXCEPTION 'invalid view name "%"', view_name
            USING ERRCODE = 'invalid_name',
                  DETAIL = 'The view name is read as SQL reads a name: name or schema.name, double-quoted where needed (''"My View"'').';
    END;
    IF cardinality(parts) = 1 THEN
        -- a view of a temporary table is temporary, as CREATE VIEW makes it
        sch := CASE WHEN rel.relpersistence = 't' THEN 'pg_temp' ELSE creation_schema END;
        vname := parts[1];
    ELSIF cardinality(parts) = 2 THEN
        sch := parts[1];
        vname := parts[2];
    ELSE
        RAISE EXCEPTION 'invalid view name "%": too many dotted names', view_name
            USING ERRCODE = 'invalid_name',
                  DETAIL = 'Give name or schema.name.';
    END IF;
    IF sch IS NULL THEN
        RAISE EXCEPTION 'no schema has been selected to create in'
            USING ERRCODE = 'invalid_schema_name',
                  HINT = 'Qualify the view name with a schema, or put an existing schema first on search_path.';
    END IF;
    IF sch <> 'pg_temp' AND NOT EXISTS (SELECT FROM pg_namespace AS n WHERE n.nspname = sch) THEN
        RAISE EXCEPTION 'schema "%" does not exist', sch
            USING ERRCODE = 'invalid_schema_name';
    END IF;
    IF octet_length(vname) > 63 THEN
        RAISE EXCEPTION 'view name "%" is longer than 63 bytes', vname
            USING ERRCODE = 'name_too_long';
    END IF;

    -- the columns, the lot column expanded where it stands
    FOR col IN
        SELECT a.attname::text AS attname, a.atttypid
        FROM pg_attribute AS a
        WHERE a.attrelid = tab AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
    LOOP
        IF col.attname <> lot_column THEN
            items := items || format('t.%I', col.attname);
            names := names || col.attname;
            CONTINUE;
        END IF;
        typ := col.atttypid;
        WHILE (SELECT t.typtype FROM pg_type AS t WHERE t.oid = typ) = 'd' LOOP
            typ := (SELECT t.typbasetype FROM pg_type AS t WHERE t.oid = typ);
        END LOOP;
        IF typ <> '@extschema@.rare_lot'::regtype THEN
            RAISE EXCEPTION 'column "%" of % is of type %, not rare_trace.rare_lot', lot_column, tab,
                format_type(col.atttypid, NULL)
                USING ERRCODE = 'datatype_mismatch';
        END IF;
        found_lot := true;
        c := format('t.%I', col.attname);
        p := col.attname || '_';
        items := items || ARRAY[
            format('%s::pg_catalog.text AS %I', c, col.attname),
            format('@extschema@.lot_code(%s) AS %I', c, p || 'code'),
            format('@extschema@.lot_country(%s) AS %I', c, p || 'country'),
            format('@extschema@.lot_enterprise(%s) AS %I', c, p || 'enterprise'),
            format('@extschema@.lot_number(%s) AS %I', c, p || 'lot_number'),
            format('@extschema@.lot_form(%s) AS %I', c, p || 'form'),
            format('@extschema@.lot_stage(%s) AS %I', c, p || 'stage'),
            format('@extschema@.lot_mass_kg(%s)::pg_catalog.numeric(16, 3) AS %I', c, p || 'mass_kg'),
            format('@extschema@.reo_kg(%s)::pg_catalog.numeric(26, 13) AS %I', c, p || 'reo_kg')];
        names := names || ARRAY[col.attname, p || 'code', p || 'country', p || 'enterprise',
                                p || 'lot_number', p || 'form', p || 'stage', p || 'mass_kg', p || 'reo_kg'];
        FOR el IN SELECT e.symbol FROM @extschema@.element_catalog() AS e ORDER BY e.z LOOP
            items := items || format('@extschema@.element_kg(%s, %L)::pg_catalog.numeric(22, 9) AS %I',
                                     c, el.symbol, p || lower(el.symbol) || '_kg');
            names := names || (p || lower(el.symbol) || '_kg');
        END LOOP;
    END LOOP;
    IF NOT found_lot THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', lot_column, tab
            USING ERRCODE = 'undefined_column',
                  HINT = 'Give the column''s name as it is stored (case-sensitive, without quotes).';
    END IF;
    SELECT n INTO dup FROM unnest(names) AS n WHERE octet_length(n) > 63 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'column name "%" of the flat view would be longer than 63 bytes', dup
            USING ERRCODE = 'name_too_long',
                  HINT = 'Flatten a view that gives the lot column a shorter name.';
    END IF;
    SELECT n INTO dup FROM unnest(names) AS n GROUP BY n HAVING count(*) > 1 ORDER BY n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the flat view of % would have two columns named "%"', tab, dup
            USING ERRCODE = 'duplicate_column',
                  HINT = 'Flatten a view that renames one of them.';
    END IF;

    EXECUTE format('CREATE %sVIEW %I.%I WITH (security_invoker = true) AS SELECT %s FROM %I.%I AS t',
                   CASE WHEN sch = 'pg_temp' THEN 'TEMP ' ELSE '' END,
                   sch, vname, array_to_string(items, ', '), rel.nspname, rel.relname);
    v := format('%I.%I', sch, vname)::regclass;
    EXECUTE format('COMMENT ON VIEW %s IS %L', v,
                   format('flat view of %I.%I made by rare_trace.create_flat_view: column %I as text and its parts',
                          rel.nspname, rel.relname, lot_column));
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION @extschema@.create_flat_view_in(pg_catalog.name, pg_catalog.regclass, pg_catalog.text, pg_catalog.text) IS
    'create_flat_view() with the schema for an unqualified view name given: creates the flat view, returns it';

CREATE FUNCTION @extschema@.create_flat_view(tab pg_catalog.regclass, lot_column pg_catalog.text,
    view_name pg_catalog.text)
RETURNS pg_catalog.regclass
LANGUAGE sql VOLATILE
AS $fn$
    SELECT @extschema@.create_flat_view_in(pg_catalog.current_schema(), $1, $2, $3)
$fn$;
COMMENT ON FUNCTION @extschema@.create_flat_view(pg_catalog.regclass, pg_catalog.text, pg_catalog.text) IS
    'create a view of the table with the rare_lot column as text and its parts as plain columns (view_name: name or schema.name; unqualified: the caller''s creation schema); returns the view';

--
-- Privileges: the views are read like quota_status, by rare_trace_reader;
-- the functions keep PostgreSQL's default EXECUTE for PUBLIC (they run
-- as the caller, on what the caller may read and create).
--
REVOKE ALL ON TABLE @extschema@.flat_lot, @extschema@.flat_flow, @extschema@.flat_provenance,
    @extschema@.flat_quota, @extschema@.flat_export_licence FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.flat_lot, @extschema@.flat_flow, @extschema@.flat_provenance,
    @extschema@.flat_quota, @extschema@.flat_export_licence TO rare_trace_reader;

-- ======================================================================
-- End of the flat views.
-- ======================================================================
