/* rare_trace--0.5.0--0.6.0.sql: flows as the industry records them (both sides of a shipment, co-products, mass balance, monthly reporting) and provenance that scales */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.6.0'" to load this file. \quit

-- ======================================================================
-- Flow ledger: the day a flow happened, both sides of a shipment, cuts
-- (issue 11; src/sql/ledger.sql).  The columns go at the end of the
-- table, as in a fresh install; entries made before keep NULL in them and
-- so keep their hashes (canonical bytes version 1, doc/ledger.md).
-- ======================================================================

--
-- A flow's cut (0.6.0): the element-resolved part of the parent it
-- carries (src/provenance.h, ProvFlow.cut), a jsonb object element ->
-- kg (a number, whole grams) or "N%" (a string: that share of the flow's
-- kg).  Valid when it names at least one element, every key is an element
-- symbol, every value a kg >= 0 in whole grams or a percentage 0-100, and
-- the kg it claims in all add up to at most the flow's kg (a cut cannot
-- carry more of the elements than the flow moves).  The CHECK
-- flow_cut_check of rare_trace.flow calls it (only for a cut: it is STRICT,
-- so rows without one pay nothing for its SET clause).
--
CREATE FUNCTION @extschema@.flow_cut_valid(cut pg_catalog.jsonb, kg pg_catalog.numeric)
RETURNS pg_catalog.bool
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT pg_catalog.jsonb_typeof($1) OPERATOR(pg_catalog.=) 'object'
       AND $1 OPERATOR(pg_catalog.<>) '{}'::pg_catalog.jsonb
       AND (SELECT pg_catalog.bool_and(c.ok) AND pg_catalog.sum(c.claim) OPERATOR(pg_catalog.<=) $2
            FROM (SELECT e.key OPERATOR(pg_catalog.~) '^[A-Z][a-z]?$'
                         AND CASE pg_catalog.jsonb_typeof(e.value)
                             WHEN 'number' THEN
                                 (e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric OPERATOR(pg_catalog.>=) 0
                                 AND (e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric
                                     OPERATOR(pg_catalog.=) pg_catalog.round((e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric, 3)
                             WHEN 'string' THEN
                                 (e.value OPERATOR(pg_catalog.#>>) '{}') OPERATOR(pg_catalog.~) '^[0-9]{1,3}(\.[0-9]{1,12})?%$'
                                 AND pg_catalog.rtrim(e.value OPERATOR(pg_catalog.#>>) '{}', '%')::pg_catalog.numeric
                                     OPERATOR(pg_catalog.<=) 100
                             ELSE false END AS ok,
                         CASE pg_catalog.jsonb_typeof(e.value)
                             WHEN 'number' THEN (e.value OPERATOR(pg_catalog.#>>) '{}')::pg_catalog.numeric
                             WHEN 'string' THEN CASE WHEN (e.value OPERATOR(pg_catalog.#>>) '{}') OPERATOR(pg_catalog.~) '^[0-9]{1,3}(\.[0-9]{1,12})?%$'
                                 THEN $2 OPERATOR(pg_catalog.*) pg_catalog.rtrim(e.value OPERATOR(pg_catalog.#>>) '{}', '%')::pg_catalog.numeric
                                      OPERATOR(pg_catalog./) 100 END
                         END AS claim
                  FROM pg_catalog.jsonb_each($1) AS e) AS c)
$fn$;
COMMENT ON FUNCTION @extschema@.flow_cut_valid(pg_catalog.jsonb, pg_catalog.numeric) IS
    'is this a valid cut of a flow of kg: a non-empty jsonb object element -> kg (number >= 0, whole grams) or "N%" (string, 0-100), claiming at most kg in all';

ALTER TABLE @extschema@.flow
    ADD COLUMN happened_on pg_catalog.date,
    ADD COLUMN shipment pg_catalog.text
        CONSTRAINT flow_shipment_check CHECK (shipment IS NULL OR (
            kind OPERATOR(pg_catalog.=) ANY (ARRAY['ship', 'receive', 'export', 'import']::pg_catalog.text[])
            AND pg_catalog.length(shipment) OPERATOR(pg_catalog.<=) 100
            AND shipment OPERATOR(pg_catalog.~) '^[^[:space:][:cntrl:]]([^[:cntrl:]]*[^[:space:][:cntrl:]])?$')),
    ADD COLUMN consignee pg_catalog.text
        CONSTRAINT flow_consignee_check CHECK (consignee IS NULL OR (
            kind OPERATOR(pg_catalog.=) ANY (ARRAY['ship', 'export']::pg_catalog.text[])
            AND consignee OPERATOR(pg_catalog.~) '^[A-Z]{2}-[A-Z0-9]{2,16}$')),
    ADD COLUMN cut pg_catalog.jsonb
        CONSTRAINT flow_cut_check CHECK (@extschema@.flow_cut_valid(cut, kg)),
    -- Order No. 71 (domain.md section 2): entered after the flow happened
    ADD CONSTRAINT flow_happened_on_check CHECK (
        happened_on OPERATOR(pg_catalog.>=) '2000-01-01'::pg_catalog.date
        AND happened_on OPERATOR(pg_catalog.<=)
            (pg_catalog.date(pg_catalog.timezone('UTC', recorded_at)) OPERATOR(pg_catalog.+) 1));
COMMENT ON COLUMN @extschema@.flow.happened_on IS 'the day the flow happened; NULL given: the corrected entry''s day for a correction, else the UTC date of recorded_at (set by the ledger trigger); NULL only on entries made before 0.6.0';
COMMENT ON COLUMN @extschema@.flow.shipment IS 'shipment reference (waybill, bill of lading) matching the shipper''s side (ship, export) with the receiver''s (receive, import); NULL: one-sided';
COMMENT ON COLUMN @extschema@.flow.consignee IS 'ship and export only: enterprise code CC-ENTERPRISE of the receiver the shipper names';
COMMENT ON COLUMN @extschema@.flow.cut IS 'element-resolved part of the parent the flow carries: element -> kg or "N%" of the flow''s kg (rare_trace.flow_cut_valid); NULL: the parent''s composition pro rata';
COMMENT ON FUNCTION @extschema@.flow_canonical(@extschema@.flow) IS
    'canonical bytes of a ledger entry, which its hash covers: "rare_trace.flow.v1", then seq, id, enterprise, recorded_at, parent, child, kg, kind, docs, corrects, each as a 4-byte big-endian length and UTF-8 text; "rare_trace.flow.v2" and happened_on, shipment, consignee, cut after them when any of these is not NULL';
GRANT INSERT (happened_on, shipment, consignee, cut) ON TABLE @extschema@.flow TO rare_trace_recorder;

-- flow_current gains the columns at its end (its dependants keep theirs)
CREATE OR REPLACE VIEW @extschema@.flow_current AS
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
       f.corrects,
       COALESCE(f.happened_on, pg_catalog.date(pg_catalog.timezone('UTC', f.recorded_at))) AS happened_on,
       f.shipment,
       f.consignee,
       f.cut
FROM @extschema@.flow AS f
WHERE f.kg OPERATOR(pg_catalog.<>) 0
  AND NOT EXISTS (SELECT FROM @extschema@.flow AS c WHERE c.corrects OPERATOR(pg_catalog.=) f.id);
COMMENT ON COLUMN @extschema@.flow_current.happened_on IS 'the day the flow happened (for an entry made before 0.6.0: the UTC date of recorded_at)';
COMMENT ON COLUMN @extschema@.flow_current.shipment IS 'shipment reference matching the two sides of a shipment; NULL: one-sided';
COMMENT ON COLUMN @extschema@.flow_current.consignee IS 'ship and export: the receiving enterprise the shipper names';
COMMENT ON COLUMN @extschema@.flow_current.cut IS 'element-resolved part of the parent the flow carries; NULL: pro rata';

-- the flat view of the flows (src/sql/flat_views.sql) shows them too, at its end
CREATE OR REPLACE VIEW @extschema@.flat_flow AS
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
       f.corrects,
       f.happened_on,
       f.shipment,
       f.consignee,
       f.cut::pg_catalog.text AS cut
FROM @extschema@.flow_current AS f;
COMMENT ON COLUMN @extschema@.flat_flow.happened_on IS 'the day the flow happened (entries made before 0.6.0: the UTC date of recorded_at)';
COMMENT ON COLUMN @extschema@.flat_flow.shipment IS 'shipment reference matching the shipper''s and the receiver''s side; NULL: one-sided';
COMMENT ON COLUMN @extschema@.flat_flow.consignee IS 'ship and export: enterprise code of the receiver the shipper names';
COMMENT ON COLUMN @extschema@.flat_flow.cut IS 'element-resolved part of the parent the flow carries, the jsonb object as text; NULL: pro rata';
