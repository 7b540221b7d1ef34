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
