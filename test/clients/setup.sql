-- test/clients/setup.sql: what the client programs of the "clients" suite
-- (scripts/test) need besides the demo data, in a schema "clients" of the
-- database the suite loaded with scripts/demo.sql.
--
-- The three programs (odbc_check.c, JdbcCheck.java, psycopg_check.py) ask
-- this schema, through their own driver, what the catalog says, and compare
-- it with what their driver reports:
--
--   clients.expected_view   the views rare_trace ships, as this test expects
--                           them: a flat view (plain column types only) is
--                           read by every client; a missing or an unlisted
--                           view fails; in an exact one, every numeric must
--                           have a declared precision and scale
--   clients.shipped_view    the views the installed extension really ships
--                           (its member views in its schema)
--   clients.plain_types     one column of each plain type (and NULLs): read
--                           by every client as if it were a shipped flat view
--   clients.flat_demo_lot   create_flat_view() of demo.lot
--   clients.checked_view    the shipped views, clients.plain_types,
--                           clients.flat_demo_lot and calls of the checks as
--                           rows (flat_export_check() and the others), with
--                           what to select from; the extra ones (not shipped
--                           views) are read by every client too
--   clients.view_column     every column of every checked view: type name,
--                           declared precision and scale of a numeric
--   clients.text_query(v)   a query that returns every row of checked view v
--                           twice: its columns as they are, then each one as
--                           the canonical text the clients compare their
--                           values with
--   clients.lot_in          where each client inserts a lot with a plain
--                           string parameter
--   clients.has_string_cast(t)  whether a string parameter of type t (text,
--                           character varying) can be assigned to a rare_lot
--                           column
--
-- Everything is qualified: the clients connect with the default search_path,
-- on which rare_trace is not.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

DROP SCHEMA IF EXISTS clients CASCADE;
CREATE SCHEMA clients;

-- exact: every numeric column has a declared precision and scale (the flat
-- views of 0.5.0); quota_status (0.2.0) has plain types, but unconstrained
-- numerics.
CREATE TABLE clients.expected_view (
	name text PRIMARY KEY,
	flat boolean NOT NULL,
	exact boolean NOT NULL
);
COMMENT ON TABLE clients.expected_view IS
	'The views rare_trace is expected to ship; flat ones have plain column types only, exact ones declared numerics.';
INSERT INTO clients.expected_view (name, flat, exact) VALUES
	('quota_status', true, false),
	('flow_current', false, false),
	('flat_lot', true, true),
	('flat_flow', true, true),
	('flat_provenance', true, true),
	('flat_quota', true, true),
	('flat_export_licence', true, true);

CREATE VIEW clients.shipped_view AS
SELECT c.relname::text AS name, c.oid::pg_catalog.regclass AS view
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
JOIN pg_catalog.pg_class c ON c.oid = d.objid
WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
	AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
	AND d.deptype = 'e'
	AND e.extname = 'rare_trace'
	AND c.relkind = 'v'
	AND c.relnamespace = e.extnamespace;
COMMENT ON VIEW clients.shipped_view IS
	'The views the installed rare_trace ships (member views in its schema).';

-- One column of each plain type a flat view may have, with a NULL in each,
-- so that every row of the type table in doc/clients.md is asserted
-- whichever types the shipped views use.
CREATE VIEW clients.plain_types AS
SELECT t_text::text, t_integer::integer, t_bigint::bigint, t_smallint::smallint,
	t_boolean::boolean, t_boolean2::boolean, t_date::date, t_timestamptz::timestamptz,
	t_numeric_20_7::numeric(20,7), t_numeric_12_0::numeric(12,0),
	t_numeric_30_11::numeric(30,11), t_numeric::numeric
FROM (VALUES
	('Nd oxide', 7, 9007199254740993, 12, true, false,
	 '2024-02-29', '2024-02-29 12:34:56.789012+01',
	 2999.9982042, 42, 0.00000000001, 1234.5),
	('', -2147483648, -1, -32768, false, true,
	 '1999-12-31', '2026-12-02 00:00:00+00', 0, 0, -99.5, 0.0000001),
	(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
) AS t (t_text, t_integer, t_bigint, t_smallint, t_boolean, t_boolean2,
	t_date, t_timestamptz, t_numeric_20_7, t_numeric_12_0, t_numeric_30_11, t_numeric);
COMMENT ON VIEW clients.plain_types IS
	'One column of each plain type, read by every client like a shipped flat view.';

-- The checks as rows (0.5.0), called as a BI tool's custom SQL would, on
-- the demo's data.  The clients select from the calls themselves; these
-- views only give the catalog their column types (a view of a function keeps
-- the typmods of its row type's columns).
CREATE VIEW clients.call_export_check AS
SELECT * FROM rare_trace.flat_export_check('CN-DEMOBAOTOU-OX2602.DEMO oxide 2000kg Pr=20.6919% Nd=64.3004%',
	'CN', 'JP', '2026-12-02');
CREATE VIEW clients.call_reexport_check AS
SELECT * FROM rare_trace.flat_reexport_check('JP-DEMOMAGNET-N2606.DEMO', 'JP', 'US', '2026-12-02');
CREATE VIEW clients.call_origin_check AS
SELECT * FROM rare_trace.flat_origin_check('JP-DEMOMAGNET-N2606.DEMO', 'us_dfars_magnet', '2027-01-01');
COMMENT ON VIEW clients.call_export_check IS 'The column types of a flat_export_check() call.';
COMMENT ON VIEW clients.call_reexport_check IS 'The column types of a flat_reexport_check() call.';
COMMENT ON VIEW clients.call_origin_check IS 'The column types of a flat_origin_check() call.';

-- A flat view of a user's own table (demo.lot: id, lot, note), made by
-- create_flat_view (0.5.0).
SELECT rare_trace.create_flat_view('demo.lot', 'lot', 'clients.flat_demo_lot') AS created \gset

-- What the clients read as flat views: the shipped views, clients.plain_types
-- and the calls of the checks as rows.  qualified is what to select from
-- (the view's name, or the function call); exact: every numeric must have a
-- declared precision and scale.
CREATE VIEW clients.checked_view AS
SELECT s.name, s.view, s.view::text AS qualified, coalesce(e.exact, false) AS exact, false AS extra
FROM clients.shipped_view s LEFT JOIN clients.expected_view e USING (name)
UNION ALL
SELECT name, view::pg_catalog.regclass, qualified, exact, true
FROM (VALUES
	('plain_types', 'clients.plain_types', 'clients.plain_types', false),
	('flat_demo_lot', 'clients.flat_demo_lot', 'clients.flat_demo_lot', true),
	('flat_export_check()', 'clients.call_export_check',
	 $$rare_trace.flat_export_check('CN-DEMOBAOTOU-OX2602.DEMO oxide 2000kg Pr=20.6919% Nd=64.3004%', 'CN', 'JP', '2026-12-02')$$,
	 true),
	('flat_reexport_check()', 'clients.call_reexport_check',
	 $$rare_trace.flat_reexport_check('JP-DEMOMAGNET-N2606.DEMO', 'JP', 'US', '2026-12-02')$$, true),
	('flat_origin_check()', 'clients.call_origin_check',
	 $$rare_trace.flat_origin_check('JP-DEMOMAGNET-N2606.DEMO', 'us_dfars_magnet', '2027-01-01')$$, true)
) AS x (name, view, qualified, exact);
COMMENT ON VIEW clients.checked_view IS
	'What the clients read as flat views: shipped views, clients.plain_types, calls of the checks as rows.';

-- typname is the base type's name (numeric, text, int4, ...), precision and
-- scale those of a declared numeric(p,s) (NULL for an unconstrained numeric
-- and for other types).
CREATE VIEW clients.view_column AS
SELECT s.name AS view_name, a.attnum::integer AS attnum, a.attname::text AS column_name,
	t.typname::text AS typname,
	pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
	CASE WHEN a.atttypid = 'pg_catalog.numeric'::pg_catalog.regtype AND a.atttypmod >= 4
		THEN ((a.atttypmod - 4) >> 16) & 65535 END AS precision,
	CASE WHEN a.atttypid = 'pg_catalog.numeric'::pg_catalog.regtype AND a.atttypmod >= 4
		THEN (a.atttypmod - 4) & 65535 END AS scale,
	t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace AS builtin
FROM clients.checked_view s
JOIN pg_catalog.pg_attribute a ON a.attrelid = s.view
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
WHERE a.attnum > 0 AND NOT a.attisdropped;
COMMENT ON VIEW clients.view_column IS
	'Every column of every checked view, with the declared precision and scale of a numeric.';

-- Canonical text of a column's value, the same for every client: a
-- timestamptz in UTC with microseconds, a date as YYYY-MM-DD, everything else
-- its cast to text (boolean: true/false, numeric: with its scale).
CREATE FUNCTION clients.canonical_text(col text, typname text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE typname
		WHEN 'timestamptz' THEN
			'pg_catalog.to_char(pg_catalog.timezone(''UTC'', ' || col || '), ''YYYY-MM-DD HH24:MI:SS.US'')'
		WHEN 'date' THEN 'pg_catalog.to_char(' || col || ', ''YYYY-MM-DD'')'
		ELSE col || '::pg_catalog.text'
	END
$$;
COMMENT ON FUNCTION clients.canonical_text(text, text) IS
	'SQL expression for the canonical text of column expression col of type typname.';

-- SELECT v.*, <canonical text of each column> FROM view v ORDER BY every
-- column's text: the first N columns are the view's, the next N their text.
CREATE FUNCTION clients.text_query(v text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT 'SELECT v.*, '
		|| pg_catalog.string_agg(clients.canonical_text('v.' || pg_catalog.quote_ident(c.column_name), c.typname),
			', ' ORDER BY c.attnum)
		|| ' FROM ' || (SELECT qualified FROM clients.checked_view WHERE name = v) || ' v ORDER BY '
		|| pg_catalog.string_agg(('v.' || pg_catalog.quote_ident(c.column_name) || '::pg_catalog.text COLLATE "C"'),
			', ' ORDER BY c.attnum)
	FROM clients.view_column c
	WHERE c.view_name = v
$$;
COMMENT ON FUNCTION clients.text_query(text) IS
	'A query returning every row of shipped view v: its columns, then each as canonical text.';

CREATE FUNCTION clients.has_string_cast(source regtype) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (
		SELECT FROM pg_catalog.pg_cast
		WHERE castsource = source
			AND casttarget = 'rare_trace.rare_lot'::pg_catalog.regtype
			AND castcontext IN ('a', 'i'))
$$;
COMMENT ON FUNCTION clients.has_string_cast(regtype) IS
	'Whether a parameter of type source can be assigned to a rare_lot column.';

CREATE TABLE clients.lot_in (
	client text PRIMARY KEY,
	lot rare_trace.rare_lot NOT NULL
);
COMMENT ON TABLE clients.lot_in IS
	'One lot per client, inserted with a plain string parameter.';
