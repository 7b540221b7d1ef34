--
-- quota_args: how rare_trace.enforce_quota may be attached.  The guard for
-- tables not registered in rare_trace.quota_table, attach_quota(), and
-- every bad trigger argument or trigger shape, rejected when the trigger
-- first fires.  Everything created here is named CN-QA* / public.qa_* and
-- removed at the end.
--
SET search_path = rare_trace, public;

INSERT INTO enterprise (code, name, activities, approved_from)
VALUES ('CN-QAENT', 'QA mine', '{mining,separation}', '2024-01-01');
INSERT INTO quota (holder, year, activity, limit_t) VALUES
    ('CN-QAENT', 2024, 'mining', 10),
    ('CN-QAENT', 2024, 'separation', 10);
CREATE VIEW pg_temp.qa_used AS
SELECT activity, used_t FROM rare_trace.quota WHERE holder = 'CN-QAENT' ORDER BY activity;

CREATE TABLE public.qa_prod (
    id int,
    lot rare_lot,
    made_on date,
    made_at timestamptz,
    code text,
    act text,
    act_v varchar(12),
    n int,
    cat text
);

-- one lot of 0.11728 t REO: 1 t x 10 % La x 1.1728
SELECT reo_kg('CN-QAENT-A1 ore 1t La=10%') AS reo_kg;

--
-- The guard: a table not in rare_trace.quota_table cannot fire the trigger,
-- whatever its arguments, so nobody can move used_t with a table of their
-- own.  Nothing of the statement is kept.
--
CREATE TRIGGER qa_t AFTER INSERT ON public.qa_prod REFERENCING NEW TABLE AS n
    FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_quota('lot=lot', 'date=made_on', 'activity=mining');
SELECT * FROM regress_util.try($$INSERT INTO public.qa_prod (id, lot, made_on) VALUES (1, 'CN-QAENT-A1 ore 1t La=10%', '2024-05-01')$$);
SELECT count(*) AS rows FROM public.qa_prod;
SELECT * FROM pg_temp.qa_used;
-- a statement that touches no row charges nothing and is let through
INSERT INTO public.qa_prod (id, lot, made_on) SELECT 1, lot, '2024-05-01' FROM public.qa_prod;
-- once registered, the same trigger charges
INSERT INTO quota_table (relid) VALUES ('public.qa_prod');
SELECT relid, registered_by = current_user AS by_me, registered_at <= now() AS before_now FROM quota_table
WHERE relid = 'public.qa_prod'::regclass;
INSERT INTO public.qa_prod (id, lot, made_on) VALUES (2, 'CN-QAENT-A1 ore 1t La=10%', '2024-05-01');
SELECT * FROM pg_temp.qa_used;
-- An INSERT trigger alone never releases, and a quota with charges cannot
-- be deleted (re-creating it would reset used_t): start again from empty
-- quotas by releasing the row through a DELETE trigger with the same
-- arguments.
DROP TRIGGER qa_t ON public.qa_prod;
SELECT * FROM regress_util.try($$DELETE FROM rare_trace.quota WHERE holder = 'CN-QAENT'$$);
CREATE TRIGGER qa_t AFTER DELETE ON public.qa_prod REFERENCING OLD TABLE AS o
    FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_quota('lot=lot', 'date=made_on', 'activity=mining');
DELETE FROM public.qa_prod;
DROP TRIGGER qa_t ON public.qa_prod;
SELECT * FROM pg_temp.qa_used;

--
-- Bad arguments, each rejected the first time the trigger fires, even by a
-- statement that touches no row.
--
-- create the INSERT trigger with these arguments, fire it with one row (or
-- with none), drop it again
CREATE FUNCTION pg_temp.args(args text, no_rows bool DEFAULT false) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER qa_t AFTER INSERT ON public.qa_prod REFERENCING NEW TABLE AS n '
                   'FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_quota(%s)', args);
    IF no_rows THEN
        RETURN QUERY SELECT * FROM regress_util.try($q$INSERT INTO public.qa_prod SELECT * FROM public.qa_prod WHERE false$q$);
    ELSE
        RETURN QUERY SELECT * FROM regress_util.try($q$INSERT INTO public.qa_prod (id, lot, made_on, made_at, code, act, act_v, n, cat)
                                 VALUES (3, 'CN-QAENT-A1 ore 1t La=10%', '2024-05-01', '2024-05-01 12:00+00',
                                         'CN-QAENT-A1', 'mining', 'separation', 7, 'rock')$q$);
    END IF;
    DROP TRIGGER qa_t ON public.qa_prod;
END
$$;

-- a column that does not exist
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_when', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_when', 'activity=mining'$$, no_rows => true);
SELECT * FROM pg_temp.args($$'lot=lot_code', 'date=made_on', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity_column=activity'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=mining', 'category_column=kind'$$);
-- system columns are not columns here
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity_column=tableoid'$$);
-- a column of the wrong type
SELECT * FROM pg_temp.args($$'lot=code', 'date=made_on', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_at', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity_column=n'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=mining', 'category_column=n'$$);
-- a required argument missing
SELECT * FROM pg_temp.args($$'date=made_on', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'date=made_on', 'activity=mining'$$, no_rows => true);
SELECT * FROM pg_temp.args($$'lot=lot', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'category=rock'$$);
SELECT * FROM pg_temp.args('');
-- an unknown key, or not key=value at all, or no value
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=mining', 'colour=red'$$);
-- each key at most once (0.5.0: the last one used to win silently)
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=mining', 'activity=separation'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=mining', 'Lot=lot'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=', 'activity=mining'$$);
-- an unknown activity (names are lower case)
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=smelting'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=smelting'$$, no_rows => true);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=Mining'$$);
-- both forms of activity, or of category
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=mining', 'activity_column=act'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity_column=act', 'activity=mining'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity=mining', 'category=rock', 'category_column=cat'$$);
-- nothing was kept by any of them
SELECT count(*) AS rows FROM public.qa_prod;
SELECT * FROM pg_temp.qa_used;

-- good arguments: a text or varchar activity column, in any order
SELECT * FROM pg_temp.args($$'activity_column=act', 'date=made_on', 'lot=lot'$$);
SELECT * FROM pg_temp.args($$'lot=lot', 'date=made_on', 'activity_column=act_v', 'category_column=cat'$$);
SELECT * FROM pg_temp.qa_used;
-- start again from empty quotas: release each row as it was charged, through
-- a DELETE trigger with its arguments (create it, run the statement, drop it)
CREATE FUNCTION pg_temp.release(args text, stmt text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER qa_t AFTER DELETE ON public.qa_prod REFERENCING OLD TABLE AS o '
                   'FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_quota(%s)', args);
    RETURN QUERY SELECT * FROM regress_util.try(stmt);
    DROP TRIGGER qa_t ON public.qa_prod;
END
$$;
-- read from act, both rows would release 0.23456 t of mining, which holds
-- only 0.11728 t: used_t may not go below 0, and nothing is kept
SELECT * FROM pg_temp.release($$'lot=lot', 'date=made_on', 'activity_column=act'$$,
                              $$DELETE FROM public.qa_prod$$);
SELECT count(*) AS rows FROM public.qa_prod;
SELECT * FROM pg_temp.qa_used;
-- one row as mining (act), the other as separation (act_v, category rock)
SELECT * FROM pg_temp.release($$'lot=lot', 'date=made_on', 'activity_column=act'$$,
                              $$DELETE FROM public.qa_prod WHERE ctid = (SELECT min(ctid) FROM public.qa_prod)$$);
SELECT * FROM pg_temp.release($$'lot=lot', 'date=made_on', 'activity_column=act_v', 'category_column=cat'$$,
                              $$DELETE FROM public.qa_prod$$);
SELECT count(*) AS rows FROM public.qa_prod;
SELECT * FROM pg_temp.qa_used;

--
-- The trigger must be AFTER ... FOR EACH STATEMENT, with the transition
-- tables its event needs, and never ON TRUNCATE.
--
CREATE FUNCTION pg_temp.shape(ddl text, dml text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE replace(ddl, 'ARGS', $a$rare_trace.enforce_quota('lot=lot', 'date=made_on', 'activity=mining')$a$);
    RETURN QUERY SELECT * FROM regress_util.try(dml);
    DROP TRIGGER qa_shape ON public.qa_prod;
END
$$;
INSERT INTO public.qa_prod (id) VALUES (10);
-- a row-level trigger, even with transition tables
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER INSERT ON public.qa_prod REFERENCING NEW TABLE AS n FOR EACH ROW EXECUTE FUNCTION ARGS',
    $$INSERT INTO public.qa_prod (id) VALUES (11)$$);
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER DELETE ON public.qa_prod FOR EACH ROW EXECUTE FUNCTION ARGS',
    $$DELETE FROM public.qa_prod WHERE id = 10$$);
-- BEFORE, row or statement
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape BEFORE INSERT ON public.qa_prod FOR EACH STATEMENT EXECUTE FUNCTION ARGS',
    $$INSERT INTO public.qa_prod (id) VALUES (11)$$);
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape BEFORE UPDATE ON public.qa_prod FOR EACH ROW EXECUTE FUNCTION ARGS',
    $$UPDATE public.qa_prod SET n = 1$$);
-- missing REFERENCING NEW TABLE (INSERT, UPDATE) or OLD TABLE (UPDATE, DELETE)
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER INSERT ON public.qa_prod FOR EACH STATEMENT EXECUTE FUNCTION ARGS',
    $$INSERT INTO public.qa_prod (id) VALUES (11)$$);
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER UPDATE ON public.qa_prod REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION ARGS',
    $$UPDATE public.qa_prod SET n = 1$$);
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER UPDATE ON public.qa_prod REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION ARGS',
    $$UPDATE public.qa_prod SET n = 1$$);
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER DELETE ON public.qa_prod FOR EACH STATEMENT EXECUTE FUNCTION ARGS',
    $$DELETE FROM public.qa_prod WHERE id = 10$$);
-- TRUNCATE
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER TRUNCATE ON public.qa_prod FOR EACH STATEMENT EXECUTE FUNCTION ARGS',
    $$TRUNCATE public.qa_prod$$);
-- the right shape
SELECT * FROM pg_temp.shape(
    'CREATE TRIGGER qa_shape AFTER DELETE ON public.qa_prod REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION ARGS',
    $$DELETE FROM public.qa_prod WHERE id = 10$$);
-- not as a trigger at all
SELECT * FROM regress_util.try($$SELECT rare_trace.enforce_quota()$$);
SELECT count(*) AS rows FROM public.qa_prod;
SELECT * FROM pg_temp.qa_used;

--
-- attach_quota: registers the table and creates the three triggers.
--
DELETE FROM public.qa_prod;
DELETE FROM quota_table WHERE relid = 'public.qa_prod'::regclass;
-- activity and category as constants
SELECT attach_quota('public.qa_prod', 'lot', 'made_on', 'mining', 'rock');
SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger
WHERE tgrelid = 'public.qa_prod'::regclass ORDER BY tgname;
SELECT count(*) AS registered FROM quota_table WHERE relid = 'public.qa_prod'::regclass;
-- a second time: already registered, nothing created
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qa_prod', 'lot', 'made_on', 'mining')$$);
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'public.qa_prod'::regclass;
-- activity and category from columns
CREATE TABLE public.qa_flow (lot rare_lot, day date, step varchar(20), kind text);
SELECT attach_quota('public.qa_flow', 'lot', 'day', 'step', 'kind', activity_is_column => true, category_is_column => true);
SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger
WHERE tgrelid = 'public.qa_flow'::regclass ORDER BY tgname;
-- no category at all
CREATE TABLE public.qa_plain (lot rare_lot, day date);
SELECT attach_quota('public.qa_plain', 'lot', 'day', 'separation');
SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger
WHERE tgrelid = 'public.qa_plain'::regclass ORDER BY tgname;
-- attach_quota checks the columns before it registers or creates anything
-- (quota_hardening has the other checks)
CREATE TABLE public.qa_typo (lot rare_lot, day date);
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qa_typo', 'lot', 'made_on', 'mining')$$);
SELECT count(*) AS registered FROM quota_table WHERE relid = 'public.qa_typo'::regclass;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'public.qa_typo'::regclass;
-- a table that does not exist
SELECT * FROM regress_util.try($$SELECT rare_trace.attach_quota('public.qa_none', 'lot', 'day', 'mining')$$);

-- the attached triggers work: 0.11728 t mining, then 0.11728 t separation
INSERT INTO public.qa_flow VALUES ('CN-QAENT-A1 ore 1t La=10%', '2024-05-01', 'mining', NULL);
INSERT INTO public.qa_plain VALUES ('CN-QAENT-B1 oxide 1t La=10%', '2024-05-01');
SELECT * FROM pg_temp.qa_used;

-- a table removed from the registry can neither charge nor release
DELETE FROM quota_table WHERE relid = 'public.qa_flow'::regclass;
SELECT * FROM regress_util.try($$INSERT INTO public.qa_flow VALUES ('CN-QAENT-A2 ore 1t La=10%', '2024-05-02', 'mining', NULL)$$);
SELECT * FROM regress_util.try($$DELETE FROM public.qa_flow$$);
SELECT * FROM regress_util.try($$UPDATE public.qa_flow SET kind = NULL$$);
SELECT count(*) AS rows FROM public.qa_flow;
SELECT * FROM pg_temp.qa_used;
INSERT INTO quota_table (relid) VALUES ('public.qa_flow');
DELETE FROM public.qa_flow;
DELETE FROM public.qa_plain;
SELECT * FROM pg_temp.qa_used;

--
-- One parser: quota_reconcile reads the trigger arguments with the
-- trigger's own parser, enforce_quota_args(), which gives the column names
-- and constants, and fails as the trigger does.  Column names need not be
-- ASCII (0.3.0's PL/pgSQL copy of the parser mangled them).
--
SELECT a.* FROM pg_trigger AS t, LATERAL enforce_quota_args(t.tgrelid::regclass, t.tgargs) AS a
WHERE t.tgrelid = 'public.qa_prod'::regclass ORDER BY t.tgname;
SELECT * FROM enforce_quota_args('public.qa_prod', decode('lot=l\000date=d\000activity_column=a\000category=rock\000', 'escape'));
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.enforce_quota_args('public.qa_prod', decode('lot=l\000date=d\000activity=smelting\000', 'escape'))$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.enforce_quota_args('public.qa_prod', decode('lot=l\000bogus\000', 'escape'))$$);
SELECT * FROM regress_util.try($$SELECT * FROM rare_trace.enforce_quota_args('public.qa_prod', ''::bytea)$$);
CREATE TABLE public.qa_umlaut ("Los_ü" rare_lot, "Datum_ä" date);
SELECT attach_quota('public.qa_umlaut', 'Los_ü', 'Datum_ä', 'mining');
INSERT INTO public.qa_umlaut VALUES ('CN-QAENT-U1 ore 1t La=10%', '2024-05-01');
SELECT activity, used_t FROM quota WHERE holder = 'CN-QAENT' ORDER BY activity;
SELECT count(*) AS drifted FROM quota_reconcile() WHERE holder = 'CN-QAENT';
DELETE FROM public.qa_umlaut;
-- the activity list the trigger, the domain and the messages use
SELECT activities();

--
-- Clean up.
--
DELETE FROM quota_table WHERE relid IN ('public.qa_prod'::regclass, 'public.qa_flow'::regclass,
                                        'public.qa_plain'::regclass, 'public.qa_typo'::regclass,
                                        'public.qa_umlaut'::regclass);
DROP TABLE public.qa_prod, public.qa_flow, public.qa_plain, public.qa_typo, public.qa_umlaut;
DELETE FROM quota WHERE holder = 'CN-QAENT';
DELETE FROM enterprise WHERE code = 'CN-QAENT';
SELECT count(*) AS left_over FROM quota_table;
