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
