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
