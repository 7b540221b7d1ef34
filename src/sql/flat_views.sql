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
       f.corrects,
       f.happened_on,
       f.shipment,
       f.consignee,
       f.cut::pg_catalog.text AS cut
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
COMMENT ON COLUMN @extschema@.flat_flow.happened_on IS 'the day the flow happened (entries made before 0.6.0: the UTC date of recorded_at)';
COMMENT ON COLUMN @extschema@.flat_flow.shipment IS 'shipment reference matching the shipper''s and the receiver''s side; NULL: one-sided';
COMMENT ON COLUMN @extschema@.flat_flow.consignee IS 'ship and export: enterprise code of the receiver the shipper names';
COMMENT ON COLUMN @extschema@.flat_flow.cut IS 'element-resolved part of the parent the flow carries, the jsonb object as text; NULL: pro rata';

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
