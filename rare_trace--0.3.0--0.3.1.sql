/* rare_trace--0.3.0--0.3.1.sql: hardening release (defects found by attacking 0.3.0) */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION rare_trace UPDATE TO '0.3.1'" to load this file. \quit

-- Flow ledger
--
-- The chain heads are written at commit by a deferred constraint trigger
-- instead of an SPI UPDATE in the pre-commit callback (which runs after
-- the point where PostgreSQL stops running user code).  See
-- src/sql/ledger.sql.
COMMENT ON FUNCTION @extschema@.flow_append() IS
    'BEFORE INSERT FOR EACH ROW trigger of rare_trace.flow: assigns seq, recorded_at and hash (flow_write_head writes the chain heads at commit)';

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
REVOKE ALL ON FUNCTION @extschema@.flow_write_head() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER flow_write_head
    AFTER INSERT ON @extschema@.flow
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (@extschema@.flow_head_pending(NEW.enterprise, NEW.seq))
    EXECUTE FUNCTION @extschema@.flow_write_head();
COMMENT ON TRIGGER flow_write_head ON @extschema@.flow IS
    'writes each chain head the transaction changed to flow_chain, once, at commit';

--
-- Quotas and registry
--

-- Values 0.3.1 refuses must not be there: a NaN or infinite limit_t or
-- used_t has no meaning to keep (it made the quota unlimited), so the
-- update stops and names the quotas to fix.
DO $check$
DECLARE
    bad text;
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.format('%s (%s %s %s: limit_t %s, used_t %s)',
               q.id, q.holder, q.year, q.activity, q.limit_t, q.used_t), ', ' ORDER BY q.id)
    INTO bad
    FROM @extschema@.quota AS q
    WHERE q.limit_t OPERATOR(pg_catalog.>=) 'Infinity'::pg_catalog.numeric
       OR q.used_t OPERATOR(pg_catalog.>=) 'Infinity'::pg_catalog.numeric;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'rare_trace 0.3.1 refuses quotas whose limit_t or used_t is NaN or infinite: %', bad
            USING ERRCODE = 'check_violation',
                  HINT = 'Set a finite limit_t (and run rare_trace.quota_reconcile(true) for used_t), then update again.';
    END IF;
END
$check$;

-- the activity list is kept once, in C
CREATE FUNCTION @extschema@.activities()
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'rare_trace_activities'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.activities() IS
    'the activities enterprises are approved for and quotas are kept for, in order';

-- PostgreSQL cannot add a constraint to a domain that a column uses as an
-- array element: enterprise.activities is text[] while the constraint
-- changes (its values were checked against the same list), and NULL
-- elements, which approve nothing, are dropped on the way back
ALTER TABLE @extschema@.enterprise
    ALTER COLUMN activities DROP DEFAULT,
    ALTER COLUMN activities TYPE pg_catalog.text[];
ALTER DOMAIN @extschema@.activity DROP CONSTRAINT activity_check;
ALTER DOMAIN @extschema@.activity
    ADD CONSTRAINT activity_check CHECK (VALUE OPERATOR(pg_catalog.=) ANY (@extschema@.activities()));
COMMENT ON DOMAIN @extschema@.activity IS
    'an activity: one of rare_trace.activities()';
ALTER TABLE @extschema@.enterprise
    ALTER COLUMN activities TYPE @extschema@.activity[]
        USING pg_catalog.array_remove(activities, NULL)::@extschema@.activity[],
    ALTER COLUMN activities SET DEFAULT '{}';
-- and refused from now on
ALTER TABLE @extschema@.enterprise
    ADD CONSTRAINT enterprise_activities_check
        CHECK (pg_catalog.array_ndims(activities) IS NULL
               OR (pg_catalog.array_ndims(activities) OPERATOR(pg_catalog.=) 1
                   AND pg_catalog.array_position(activities, NULL) IS NULL));
ALTER TABLE @extschema@.quota
    ADD CONSTRAINT quota_limit_finite CHECK (limit_t OPERATOR(pg_catalog.<) 'Infinity'::pg_catalog.numeric),
    ADD CONSTRAINT quota_used_finite CHECK (used_t OPERATOR(pg_catalog.<) 'Infinity'::pg_catalog.numeric);
COMMENT ON COLUMN @extschema@.enterprise.parent IS 'group this enterprise belongs to (groups nest, at most 64 groups above an enterprise); NULL at the top';
COMMENT ON COLUMN @extschema@.enterprise.activities IS 'activities the enterprise is approved for (a list without NULLs)';
COMMENT ON COLUMN @extschema@.quota.limit_t IS 'limit in tonnes REO (exact, finite)';
COMMENT ON COLUMN @extschema@.quota.used_t IS 'tonnes REO charged by enforced rows (exact, finite; maintained by rare_trace)';

-- the depth limit and the walk up the groups, once, in C; the
-- re-parenting lock in the two-key advisory lock space
CREATE OR REPLACE FUNCTION @extschema@.enterprise_check_parent()
RETURNS trigger
AS 'MODULE_PATHNAME', 'rare_trace_enterprise_check_parent'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enterprise_check_parent() IS
    'trigger function: rejects enterprise parent links that would form a cycle or nest more than 64 groups deep';

CREATE OR REPLACE FUNCTION @extschema@.enterprise_chain(enterprise pg_catalog.text,
    OUT code pg_catalog.text, OUT depth pg_catalog.int4)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'rare_trace_enterprise_chain'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enterprise_chain(pg_catalog.text) IS
    'the enterprise and every group above it, nearest first (at most 64 groups; a deeper registry is an error)';

-- one rule for the production year (the trigger's), one parser of the
-- trigger arguments and one rule for the columns it reads
CREATE OR REPLACE FUNCTION @extschema@.enforced_columns(tab pg_catalog.regclass,
    lot_column pg_catalog.text, date_column pg_catalog.text,
    activity_column pg_catalog.text, category_column pg_catalog.text)
RETURNS void
AS 'MODULE_PATHNAME', 'rare_trace_enforced_columns'
LANGUAGE C STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.enforced_columns(pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
    'raises an error unless the named columns exist with the types enforce_quota reads (NULL names are skipped; the trigger''s own rule)';

CREATE FUNCTION @extschema@.production_year(lot @extschema@.rare_lot, on_date pg_catalog.date)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'rare_trace_production_year'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.production_year(@extschema@.rare_lot, pg_catalog.date) IS
    'calendar year whose quotas a production of the lot on that date charges; a date that is not finite is an error (22008)';

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

CREATE OR REPLACE FUNCTION @extschema@.quota_check_detail(lot @extschema@.rare_lot, on_date pg_catalog.date,
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

CREATE OR REPLACE FUNCTION @extschema@.quota_reconcile(repair pg_catalog.bool DEFAULT false,
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
