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
