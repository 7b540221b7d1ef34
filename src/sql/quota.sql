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
