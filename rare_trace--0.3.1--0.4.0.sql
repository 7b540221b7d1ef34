/* rare_trace--0.3.1--0.4.0.sql: compliance as date-effective data (export controls, licences, declarations, origin rules) */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.4.0'" to load this file. \quit

-- Export controls and declarations
-- (the statements of src/sql/export_control.sql, verbatim)

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
-- The export check: one implementation in C (src/export_check.c) behind
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

-- end of Export controls and declarations

-- Export licences
-- (the statements of src/sql/export_licence.sql, verbatim)

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

-- end of Export licences

-- ======================================================================
-- Origin rules (src/sql/origin_rule.sql; keep the two the same)
-- ======================================================================

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

-- end of Origin rules
