--
-- 06_enforced_columns.sql: the columns enforce_quota reads, and the checks
-- that keep user code away from them.
--
-- rare_trace.enforced_columns(tab, lot_column, date_column, activity_column,
-- category_column) raises an error unless every named column exists (42703
-- undefined_column) with the type enforce_quota reads (42804
-- datatype_mismatch): rare_trace.rare_lot for the lot, date for the date,
-- text or varchar for an activity or category column (a domain counts as
-- its base type, so rare_trace.activity is text).  A NULL name -- a literal
-- activity or category, or none -- is skipped; system and dropped columns
-- do not count.
--
--   * attach_quota() runs it before registering the table or creating a
--     trigger, so a table that enforce_quota could not read is refused up
--     front, and nothing is left behind.
--   * quota_reconcile() runs it on every registered table, with the names
--     from the table's trigger arguments, before reading any row: it runs
--     with the rights of the admin calling it, and a column of another type
--     can bring user code along (a cast).  The last part builds such tables
--     as the superuser (only a superuser could: attach_quota refuses them,
--     and EXECUTE on enforce_quota is rare_trace_admin's), checks that the
--     expression quota_reconcile would evaluate does run the user code, and
--     that quota_reconcile() refuses the table with 42804 instead.
--
-- Everything is rolled back.
--
BEGIN;
SET search_path = rare_trace, public;

SELECT plan(44);

CREATE ROLE regress_rt_cols_admin NOLOGIN IN ROLE rare_trace_admin;

CREATE SCHEMA regress_rt_cols;
GRANT USAGE ON SCHEMA regress_rt_cols TO regress_rt_cols_admin;

-- One column of each kind a production table might have.
CREATE TABLE regress_rt_cols.wide (
    lot        rare_trace.rare_lot,
    lot_text   text,
    made_on    date,
    made_at    timestamptz,
    "Made On"  date,
    gone       date,
    act        text,
    act_vc     varchar(16),
    act_dom    rare_trace.activity,
    act_bpchar char(10),
    act_name   name,
    act_int    int,
    cat        text,
    cat_vc     varchar
);
ALTER TABLE regress_rt_cols.wide DROP COLUMN gone;
GRANT TRIGGER, SELECT ON regress_rt_cols.wide TO regress_rt_cols_admin;

--
-- enforced_columns(): which columns it accepts and refuses
--
CREATE TEMP TABLE rt_col_case (
    ord      int PRIMARY KEY,
    lot      text,
    dt       text,
    act      text,
    cat      text,
    sqlstate text,          -- NULL: accepted
    message  text,
    what     text NOT NULL
);
INSERT INTO rt_col_case VALUES
    -- accepted
    ( 1, 'lot', 'made_on', NULL, NULL, NULL, NULL,
         'a rare_lot lot and a date date column (literal activity, no category: NULL names are skipped)'),
    ( 2, 'lot', 'made_on', 'act', 'cat', NULL, NULL,
         'text activity and category columns'),
    ( 3, 'lot', 'made_on', 'act_vc', 'cat_vc', NULL, NULL,
         'varchar activity and category columns (with or without a length)'),
    ( 4, 'lot', 'made_on', 'act_dom', 'act_dom', NULL, NULL,
         'activity and category columns of domain rare_trace.activity (a domain counts as its base type, text)'),
    ( 5, 'lot', 'Made On', NULL, NULL, NULL, NULL,
         'a column name that needs quoting ("Made On"), given as it is spelled'),
    ( 6, NULL, NULL, NULL, NULL, NULL, NULL,
         'no name at all (nothing to check)'),
    -- missing columns
    ( 7, 'nope', 'made_on', NULL, NULL, '42703',
         'column "nope" of table regress_rt_cols.wide does not exist',
         'a lot column that does not exist'),
    ( 8, 'lot', 'gone', NULL, NULL, '42703',
         'column "gone" of table regress_rt_cols.wide does not exist',
         'a dropped column'),
    ( 9, 'lot', 'ctid', NULL, NULL, '42703',
         'column "ctid" of table regress_rt_cols.wide does not exist',
         'a system column (ctid)'),
    (10, 'lot', 'made on', NULL, NULL, '42703',
         'column "made on" of table regress_rt_cols.wide does not exist',
         'a name in the wrong case ("made on" for "Made On": names are not folded)'),
    (11, 'lot', 'made_on', 'act', 'nope', '42703',
         'column "nope" of table regress_rt_cols.wide does not exist',
         'a category column that does not exist'),
    -- wrong types
    (12, 'lot_text', 'made_on', NULL, NULL, '42804',
         'the lot column "lot_text" of table regress_rt_cols.wide has type text, not rare_trace.rare_lot',
         'a text lot column (it would need a cast to rare_lot)'),
    (13, 'made_on', 'made_on', NULL, NULL, '42804',
         'the lot column "made_on" of table regress_rt_cols.wide has type date, not rare_trace.rare_lot',
         'a date as the lot column'),
    (14, 'lot', 'made_at', NULL, NULL, '42804',
         'the date column "made_at" of table regress_rt_cols.wide has type timestamp with time zone, not date',
         'a timestamptz date column'),
    (15, 'lot', 'lot', NULL, NULL, '42804',
         'the date column "lot" of table regress_rt_cols.wide has type rare_trace.rare_lot, not date',
         'a rare_lot as the date column'),
    (16, 'lot', 'made_on', 'act_bpchar', NULL, '42804',
         'the activity column "act_bpchar" of table regress_rt_cols.wide has type character, not text',
         'a char(n) activity column'),
    (17, 'lot', 'made_on', 'act_name', NULL, '42804',
         'the activity column "act_name" of table regress_rt_cols.wide has type name, not text',
         'a name activity column'),
    (18, 'lot', 'made_on', 'act_int', NULL, '42804',
         'the activity column "act_int" of table regress_rt_cols.wide has type integer, not text',
         'an integer activity column'),
    (19, 'lot', 'made_on', 'act', 'made_on', '42804',
         'the category column "made_on" of table regress_rt_cols.wide has type date, not text',
         'a date category column'),
    (20, 'lot_text', 'nope', NULL, NULL, '42804',
         'the lot column "lot_text" of table regress_rt_cols.wide has type text, not rare_trace.rare_lot',
         'two bad columns: the first (lot) is reported');

SELECT lives_ok(
    pg_catalog.format('SELECT rare_trace.enforced_columns(%L, %L, %L, %L, %L)',
                      'regress_rt_cols.wide', lot, dt, act, cat),
    'enforced_columns() accepts ' || what)
  FROM rt_col_case WHERE sqlstate IS NULL ORDER BY ord;

SELECT throws_ok(
    pg_catalog.format('SELECT rare_trace.enforced_columns(%L, %L, %L, %L, %L)',
                      'regress_rt_cols.wide', lot, dt, act, cat),
    sqlstate, message,
    'enforced_columns() refuses ' || what || ' (' || sqlstate || ')')
  FROM rt_col_case WHERE sqlstate IS NOT NULL ORDER BY ord;

--
-- attach_quota() checks the columns before registering anything
--
SET ROLE regress_rt_cols_admin;

SELECT throws_ok(call, e, m, 'attach_quota() refuses ' || what || ' (' || e || ')')
  FROM (VALUES
    (1, $$SELECT rare_trace.attach_quota('regress_rt_cols.wide', 'nope', 'made_on', 'mining')$$,
        '42703', 'column "nope" of table regress_rt_cols.wide does not exist',
        'a lot column that does not exist'),
    (2, $$SELECT rare_trace.attach_quota('regress_rt_cols.wide', 'lot_text', 'made_on', 'mining')$$,
        '42804', 'the lot column "lot_text" of table regress_rt_cols.wide has type text, not rare_trace.rare_lot',
        'a text lot column'),
    (3, $$SELECT rare_trace.attach_quota('regress_rt_cols.wide', 'lot', 'made_at', 'mining')$$,
        '42804', 'the date column "made_at" of table regress_rt_cols.wide has type timestamp with time zone, not date',
        'a timestamptz date column'),
    (4, $$SELECT rare_trace.attach_quota('regress_rt_cols.wide', 'lot', 'made_on', 'act_int',
                                        activity_is_column => true)$$,
        '42804', 'the activity column "act_int" of table regress_rt_cols.wide has type integer, not text',
        'an integer activity column'),
    (5, $$SELECT rare_trace.attach_quota('regress_rt_cols.wide', 'lot', 'made_on', 'mining', 'nope',
                                        category_is_column => true)$$,
        '42703', 'column "nope" of table regress_rt_cols.wide does not exist',
        'a category column that does not exist'),
    (6, $$SELECT rare_trace.attach_quota('regress_rt_cols.wide', 'lot', 'made_on', 'mining', 'act_name',
                                        category_is_column => true)$$,
        '42804', 'the category column "act_name" of table regress_rt_cols.wide has type name, not text',
        'a name category column')
  ) AS x(n, call, e, m, what)
 ORDER BY n;

RESET ROLE;

SELECT is_empty(
    $$SELECT 'registered' FROM rare_trace.quota_table
       WHERE relid = 'regress_rt_cols.wide'::regclass
      UNION ALL
      SELECT tgname FROM pg_catalog.pg_trigger
       WHERE tgrelid = 'regress_rt_cols.wide'::regclass$$,
    'the refused attach_quota() calls neither registered the table nor created a trigger');

SET ROLE regress_rt_cols_admin;

-- a literal activity or category is a name, not a column: it is not checked
SELECT lives_ok(
    $$SELECT rare_trace.attach_quota('regress_rt_cols.wide', 'lot', 'made_on', 'act_vc', 'rock',
                                    activity_is_column => true)$$,
    'attach_quota() accepts a varchar activity column and a literal category (''rock'' need not be a column)');

RESET ROLE;

SELECT results_eq(
    $$SELECT t.tgname::text COLLATE "default", pg_catalog.encode(t.tgargs, 'escape')
        FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid = 'regress_rt_cols.wide'::regclass
       ORDER BY t.tgname$$,
    $$VALUES ('rare_trace_quota_del'::text, 'lot=lot\000date=made_on\000activity_column=act_vc\000category=rock\000'::text),
             ('rare_trace_quota_ins', 'lot=lot\000date=made_on\000activity_column=act_vc\000category=rock\000'),
             ('rare_trace_quota_upd', 'lot=lot\000date=made_on\000activity_column=act_vc\000category=rock\000')$$,
    'attach_quota() created the three triggers with the checked columns as arguments');

SET ROLE regress_rt_cols_admin;

SELECT is_empty(
    $$SELECT * FROM rare_trace.quota_reconcile()$$,
    'quota_reconcile() accepts the registered table (varchar activity column): no false alarm');

RESET ROLE;

--
-- quota_reconcile() runs no user code.  Types whose casts run user code
-- (they raise SQLSTATE RTSPY, naming the role they run as), one table per
-- column enforce_quota reads, each with one row and an enforce_quota trigger
-- naming the bad column, attached by the superuser.
--
CREATE FUNCTION regress_rt_cols.spy() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'user code ran as %', current_user USING ERRCODE = 'RTSPY';
END
$$;

CREATE TYPE regress_rt_cols.spy_lot AS (code text);
CREATE FUNCTION regress_rt_cols.spy_lot_cast(regress_rt_cols.spy_lot) RETURNS rare_trace.rare_lot
LANGUAGE plpgsql AS $$BEGIN PERFORM regress_rt_cols.spy(); RETURN NULL; END$$;
CREATE CAST (regress_rt_cols.spy_lot AS rare_trace.rare_lot)
    WITH FUNCTION regress_rt_cols.spy_lot_cast(regress_rt_cols.spy_lot) AS IMPLICIT;

CREATE TYPE regress_rt_cols.spy_day AS (day date);
CREATE FUNCTION regress_rt_cols.spy_day_cast(regress_rt_cols.spy_day) RETURNS date
LANGUAGE plpgsql AS $$BEGIN PERFORM regress_rt_cols.spy(); RETURN NULL; END$$;
CREATE CAST (regress_rt_cols.spy_day AS date)
    WITH FUNCTION regress_rt_cols.spy_day_cast(regress_rt_cols.spy_day) AS IMPLICIT;

CREATE TYPE regress_rt_cols.spy_name AS (name text);
CREATE FUNCTION regress_rt_cols.spy_name_cast(regress_rt_cols.spy_name) RETURNS text
LANGUAGE plpgsql AS $$BEGIN PERFORM regress_rt_cols.spy(); RETURN NULL; END$$;
CREATE CAST (regress_rt_cols.spy_name AS text)
    WITH FUNCTION regress_rt_cols.spy_name_cast(regress_rt_cols.spy_name);

CREATE TABLE regress_rt_cols.spy_lot_tab (lot regress_rt_cols.spy_lot, made_on date);
INSERT INTO regress_rt_cols.spy_lot_tab VALUES (ROW('CN-RTCOL-1 oxide 1000kg La=100%'), '2025-03-01');
CREATE TABLE regress_rt_cols.spy_day_tab (lot rare_trace.rare_lot, made_on regress_rt_cols.spy_day);
INSERT INTO regress_rt_cols.spy_day_tab VALUES ('CN-RTCOL-1 oxide 1000kg La=100%', ROW('2025-03-01'));
CREATE TABLE regress_rt_cols.spy_act_tab (lot rare_trace.rare_lot, made_on date, act regress_rt_cols.spy_name);
INSERT INTO regress_rt_cols.spy_act_tab VALUES ('CN-RTCOL-1 oxide 1000kg La=100%', '2025-03-01', ROW('mining'));
CREATE TABLE regress_rt_cols.spy_cat_tab (lot rare_trace.rare_lot, made_on date, cat regress_rt_cols.spy_name);
INSERT INTO regress_rt_cols.spy_cat_tab VALUES ('CN-RTCOL-1 oxide 1000kg La=100%', '2025-03-01', ROW('rock'));
GRANT SELECT ON regress_rt_cols.spy_lot_tab, regress_rt_cols.spy_day_tab,
    regress_rt_cols.spy_act_tab, regress_rt_cols.spy_cat_tab TO regress_rt_cols_admin;

CREATE TEMP TABLE rt_spy_case (
    ord     int PRIMARY KEY,
    tab     text NOT NULL,
    args    text NOT NULL,   -- enforce_quota's trigger arguments
    expr    text NOT NULL,   -- what quota_reconcile() would evaluate for the column
    message text NOT NULL,   -- quota_reconcile()'s refusal
    what    text NOT NULL
);
INSERT INTO rt_spy_case VALUES
    (1, 'regress_rt_cols.spy_lot_tab', $$'lot=lot', 'date=made_on', 'activity=mining'$$,
        'rare_trace.lot_enterprise(lot)',
        'the lot column "lot" of table regress_rt_cols.spy_lot_tab has type regress_rt_cols.spy_lot, not rare_trace.rare_lot',
        'a lot column with an implicit cast to rare_lot'),
    (2, 'regress_rt_cols.spy_day_tab', $$'lot=lot', 'date=made_on', 'activity=mining'$$,
        'extract(year FROM made_on)',
        'the date column "made_on" of table regress_rt_cols.spy_day_tab has type regress_rt_cols.spy_day, not date',
        'a date column with an implicit cast to date'),
    (3, 'regress_rt_cols.spy_act_tab', $$'lot=lot', 'date=made_on', 'activity_column=act'$$,
        'act::text',
        'the activity column "act" of table regress_rt_cols.spy_act_tab has type regress_rt_cols.spy_name, not text',
        'an activity column with a cast to text'),
    (4, 'regress_rt_cols.spy_cat_tab', $$'lot=lot', 'date=made_on', 'activity=mining', 'category_column=cat'$$,
        'cat::text',
        'the category column "cat" of table regress_rt_cols.spy_cat_tab has type regress_rt_cols.spy_name, not text',
        'a category column with a cast to text');

GRANT SELECT ON rt_spy_case TO regress_rt_cols_admin;

-- the superuser attaches the triggers by hand
SELECT lives_ok(
    pg_catalog.format('CREATE TRIGGER spy_del AFTER DELETE ON %s REFERENCING OLD TABLE AS o '
                      'FOR EACH STATEMENT EXECUTE FUNCTION rare_trace.enforce_quota(%s)', tab, args),
    'superuser: attaches enforce_quota to ' || tab || ' (' || what || ')')
  FROM rt_spy_case ORDER BY ord;

SET ROLE regress_rt_cols_admin;

-- the tables are registered inside each statement (rare_trace_admin may
-- INSERT quota_table.relid), so that each is alone in the registry
SELECT throws_ok(
    pg_catalog.format('SELECT %s FROM %s', expr, tab),
    'RTSPY', 'user code ran as regress_rt_cols_admin',
    'not vacuous: ' || expr || ' on ' || tab || ' runs user code as the admin')
  FROM rt_spy_case ORDER BY ord;

SELECT throws_ok(
    pg_catalog.format('INSERT INTO rare_trace.quota_table (relid) VALUES (%L); '
                      'SELECT * FROM rare_trace.quota_reconcile()', tab),
    '42804', message,
    'quota_reconcile() refuses ' || what || ' (42804) instead of running it')
  FROM rt_spy_case ORDER BY ord;

SELECT throws_ok(
    pg_catalog.format('INSERT INTO rare_trace.quota_table (relid) VALUES (%L); '
                      'SELECT * FROM rare_trace.quota_reconcile(true)', tab),
    '42804', message,
    'quota_reconcile(true) refuses ' || what || ' too')
  FROM rt_spy_case WHERE ord = 1;

RESET ROLE;

SELECT is_empty(
    $$SELECT relid FROM rare_trace.quota_table WHERE relid::text LIKE 'regress_rt_cols.spy%'$$,
    'the spy tables are not registered (each registration was rolled back with its refusal)');

SELECT * FROM finish();
ROLLBACK;
