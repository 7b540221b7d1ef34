/*
 * test/clients/odbc_check.c - rare_trace as psqlODBC (Debian's
 * odbc-postgresql, its Unicode driver psqlodbcw.so) sees it through
 * unixODBC: the "clients" suite of scripts/test compiles this and runs it
 * against the demo data, over TCP, with a DSN of its own (ODBCSYSINI and
 * ODBCINI name the suite's odbcinst.ini and odbc.ini).
 *
 *     cc -o odbc_check odbc_check.c -lodbc
 *     ./odbc_check "DSN=rare_trace" DATABASE
 *
 * Prints TAP: "ok N - ..." / "not ok N - ..." with "# " lines saying what was
 * expected and what the driver reported, then the plan "1..N".  Each
 * assertion is one test.  The catalog facts it compares with come from the
 * schema "clients" (test/clients/setup.sql); what psqlODBC reports for each
 * column type is written down in expected_meta() and in doc/clients.md.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sql.h>
#include <sqlext.h>

#define LOT_IN "DE-ODBC-CLIENT.1 magnet 12.5kg Pr=6.9% Nd=23.1% Dy=4.1%"
#define DEMO_LOT "CN-NATL-2024E concentrate 369546054.554kg La=18.7% Ce=30.02% Pr=3.1% Nd=9.01%"
/* A lot of the demo's ledger (flat_lot): its code, text and reo_kg. */
#define FLAT_LOT_CODE "JP-DEMOMAGNET-N2606.DEMO"
#define FLAT_LOT "JP-DEMOMAGNET-N2606.DEMO magnet 970kg Pr=6.19% Nd=22.665% Gd=0.64% Dy=1.745%"
#define FLAT_LOT_REO_KG "355.5594606500000"
/* A flat_quota row of the demo and its used_t. */
#define QUOTA_HOLDER "CN-DEMOCREGSEP"
#define QUOTA_USED_T "2999.9982042"
#define QUOTA_QUERY "SELECT used_t, used_t::text FROM rare_trace.flat_quota WHERE holder = ? AND activity = ?"
#define MAX_COLS 200
/*
 * The first and last lot of demo.lot in the type's order (ORDER BY works
 * without rare_trace on the search_path: it uses the default btree class).
 */
#define MIN_MAX_EXPECTED "SELECT (SELECT lot::text FROM demo.lot ORDER BY lot LIMIT 1) || ' / ' ||" \
	" (SELECT lot::text FROM demo.lot ORDER BY lot DESC LIMIT 1)"

static int	tests = 0;
static int	failures = 0;
static SQLHENV env = SQL_NULL_HENV;
static SQLHDBC dbc = SQL_NULL_HDBC;
static const char *conn_str;
static const char *db_name;

/* One TAP test: ok, or not ok with the expected and reported values. */
static bool
check(bool ok, const char *expected, const char *got, const char *fmt,...)
{
	va_list		ap;

	tests++;
	printf("%s %d - odbc: ", ok ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
	{
		failures++;
		printf("#   expected: %s\n#   reported: %s\n", expected ? expected : "(null)",
			   got ? got : "(null)");
	}
	fflush(stdout);
	return ok;
}

/* A test that two strings (either may be NULL) are equal. */
static bool
same(const char *expected, const char *got, const char *what)
{
	bool		ok;

	ok = (expected == NULL && got == NULL) ||
		(expected != NULL && got != NULL && strcmp(expected, got) == 0);
	return check(ok, expected, got, "%s", what);
}

/* The SQLSTATE and first message of the last error on handle h, in buf. */
static const char *
diag(SQLSMALLINT type, SQLHANDLE h, char *buf, size_t len)
{
	SQLCHAR		state[6] = "";
	SQLCHAR		msg[512] = "";
	SQLINTEGER	native;
	SQLSMALLINT mlen;

	if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof(msg), &mlen)))
		snprintf(buf, len, "(no diagnostic)");
	else
		snprintf(buf, len, "%s %s", (char *) state, (char *) msg);
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return buf;
}

/* Abort on a failed call we do not test: the rest cannot run. */
static void
must(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char *what)
{
	char		buf[700];

	if (SQL_SUCCEEDED(rc))
		return;
	check(false, "success", diag(type, h, buf, sizeof(buf)), "%s", what);
	printf("1..%d\n", tests);
	exit(1);
}

/* A new statement handle on the connection. */
static SQLHSTMT
new_stmt(SQLHDBC c)
{
	SQLHSTMT	st;

	must(SQLAllocHandle(SQL_HANDLE_STMT, c, &st), SQL_HANDLE_DBC, c, "SQLAllocHandle(STMT)");
	return st;
}

/* Column i of the current row as a malloc'ed C string (NULL for SQL NULL). */
static char *
get_text(SQLHSTMT st, SQLUSMALLINT i)
{
	size_t		cap = 256,
				len = 0;
	char	   *s = malloc(cap);

	for (;;)
	{
		SQLLEN		ind;
		SQLRETURN	rc = SQLGetData(st, i, SQL_C_CHAR, s + len, cap - len, &ind);

		if (rc == SQL_NO_DATA)
			break;
		must(rc, SQL_HANDLE_STMT, st, "SQLGetData(SQL_C_CHAR)");
		if (ind == SQL_NULL_DATA)
		{
			free(s);
			return NULL;
		}
		if (rc == SQL_SUCCESS)
			break;
		/* truncated: keep what we got (less its NUL) and read on */
		len = cap - 1;
		cap *= 2;
		s = realloc(s, cap);
	}
	return s;
}

/*
 * Column i of the current row in the canonical text of the schema "clients"
 * (clients.canonical_text): read as the C type an application would use for
 * the column's SQL type, then written out without losing anything.
 */
static char *
get_canonical(SQLHSTMT st, SQLUSMALLINT i, const char *typname)
{
	char		buf[64];
	SQLLEN		ind;

	if (strcmp(typname, "timestamptz") == 0)
	{
		SQL_TIMESTAMP_STRUCT ts;

		must(SQLGetData(st, i, SQL_C_TYPE_TIMESTAMP, &ts, sizeof(ts), &ind),
			 SQL_HANDLE_STMT, st, "SQLGetData(SQL_C_TYPE_TIMESTAMP)");
		if (ind == SQL_NULL_DATA)
			return NULL;
		snprintf(buf, sizeof(buf), "%04d-%02u-%02u %02u:%02u:%02u.%06lu",
				 ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second,
				 (unsigned long) ts.fraction / 1000);
		return strdup(buf);
	}
	if (strcmp(typname, "date") == 0)
	{
		SQL_DATE_STRUCT d;

		must(SQLGetData(st, i, SQL_C_TYPE_DATE, &d, sizeof(d), &ind),
			 SQL_HANDLE_STMT, st, "SQLGetData(SQL_C_TYPE_DATE)");
		if (ind == SQL_NULL_DATA)
			return NULL;
		snprintf(buf, sizeof(buf), "%04d-%02u-%02u", d.year, d.month, d.day);
		return strdup(buf);
	}
	if (strcmp(typname, "bool") == 0)
	{
		unsigned char b;

		must(SQLGetData(st, i, SQL_C_BIT, &b, sizeof(b), &ind),
			 SQL_HANDLE_STMT, st, "SQLGetData(SQL_C_BIT)");
		if (ind == SQL_NULL_DATA)
			return NULL;
		return strdup(b ? "true" : "false");
	}
	return get_text(st, i);
}

/* Name of an ODBC SQL type code. */
static const char *
sql_type_name(SQLSMALLINT t)
{
	static char buf[32];

	switch (t)
	{
		case SQL_CHAR: return "SQL_CHAR";
		case SQL_VARCHAR: return "SQL_VARCHAR";
		case SQL_LONGVARCHAR: return "SQL_LONGVARCHAR";
		case SQL_WCHAR: return "SQL_WCHAR";
		case SQL_WVARCHAR: return "SQL_WVARCHAR";
		case SQL_WLONGVARCHAR: return "SQL_WLONGVARCHAR";
		case SQL_NUMERIC: return "SQL_NUMERIC";
		case SQL_DECIMAL: return "SQL_DECIMAL";
		case SQL_INTEGER: return "SQL_INTEGER";
		case SQL_SMALLINT: return "SQL_SMALLINT";
		case SQL_BIGINT: return "SQL_BIGINT";
		case SQL_BIT: return "SQL_BIT";
		case SQL_DOUBLE: return "SQL_DOUBLE";
		case SQL_TYPE_DATE: return "SQL_TYPE_DATE";
		case SQL_TYPE_TIMESTAMP: return "SQL_TYPE_TIMESTAMP";
		default:
			snprintf(buf, sizeof(buf), "%d", t);
			return buf;
	}
}

/*
 * What psqlODBC (Unicode driver, default DSN options) reports for a column
 * of base type typname with declared numeric precision/scale (-1 when not
 * declared): "SQLDescribeCol type size/digits, SQLColAttribute type name
 * precision/scale", as reported_meta() writes it.  For an unconstrained
 * numeric, SQL_DESC_SCALE is the largest scale among the rows fetched
 * (data_scale).  The same table is in doc/clients.md.
 */
static void
expected_meta(char *buf, size_t len, const char *typname, int precision, int scale, int data_scale)
{
	if (strcmp(typname, "text") == 0)
		snprintf(buf, len, "SQL_LONGVARCHAR 8190/0 text 0/0");
	else if (strcmp(typname, "int4") == 0)
		snprintf(buf, len, "SQL_INTEGER 10/0 int4 0/0");
	else if (strcmp(typname, "int8") == 0)
		snprintf(buf, len, "SQL_BIGINT 19/0 int8 0/0");
	else if (strcmp(typname, "int2") == 0)
		snprintf(buf, len, "SQL_SMALLINT 5/0 int2 0/0");
	else if (strcmp(typname, "bool") == 0)
		snprintf(buf, len, "SQL_VARCHAR 5/0 bool 0/0");
	else if (strcmp(typname, "date") == 0)
		snprintf(buf, len, "SQL_TYPE_DATE 10/0 date 0/0");
	else if (strcmp(typname, "timestamptz") == 0)
		snprintf(buf, len, "SQL_TYPE_TIMESTAMP 26/6 timestamptz 6/0");
	else if (strcmp(typname, "numeric") == 0 && precision < 0)
		snprintf(buf, len, "SQL_NUMERIC 28/6 numeric 28/%d", data_scale);
	else if (strcmp(typname, "numeric") == 0)
		snprintf(buf, len, "SQL_NUMERIC %d/%d numeric %d/%d", precision, scale, precision, scale);
	else
		snprintf(buf, len, "(not a plain type: %s)", typname);
}

/* What the driver reports for column i of a prepared or executed statement. */
static void
reported_meta(char *buf, size_t len, SQLHSTMT st, SQLUSMALLINT i, char *name, size_t namelen)
{
	SQLSMALLINT nlen,
				type,
				digits,
				nullable;
	SQLULEN		size;
	SQLCHAR		tname[128] = "";
	SQLLEN		prec = 0,
				scale = 0;

	must(SQLDescribeCol(st, i, (SQLCHAR *) name, namelen, &nlen, &type, &size, &digits, &nullable),
		 SQL_HANDLE_STMT, st, "SQLDescribeCol");
	must(SQLColAttribute(st, i, SQL_DESC_TYPE_NAME, tname, sizeof(tname), NULL, NULL),
		 SQL_HANDLE_STMT, st, "SQLColAttribute(SQL_DESC_TYPE_NAME)");
	must(SQLColAttribute(st, i, SQL_DESC_PRECISION, NULL, 0, NULL, &prec),
		 SQL_HANDLE_STMT, st, "SQLColAttribute(SQL_DESC_PRECISION)");
	must(SQLColAttribute(st, i, SQL_DESC_SCALE, NULL, 0, NULL, &scale),
		 SQL_HANDLE_STMT, st, "SQLColAttribute(SQL_DESC_SCALE)");
	snprintf(buf, len, "%s %lu/%d %s %ld/%ld", sql_type_name(type), (unsigned long) size,
			 digits, (char *) tname, (long) prec, (long) scale);
}

/* Run a statement without parameters and without a result we look at. */
static void
exec_direct(SQLHDBC c, const char *sql)
{
	SQLHSTMT	st = new_stmt(c);

	must(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS), SQL_HANDLE_STMT, st, sql);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* The first column of every row of sql, as strings; *n gets the count. */
static char **
strings(SQLHDBC c, const char *sql, int *n)
{
	SQLHSTMT	st = new_stmt(c);
	char	  **v = NULL;

	*n = 0;
	must(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS), SQL_HANDLE_STMT, st, sql);
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		v = realloc(v, sizeof(char *) * (*n + 1));
		v[(*n)++] = get_text(st, 1);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return v;
}

/* The first row of sql (columns joined with " / "), or its error, malloc'ed. */
static char *
first_row(SQLHDBC c, const char *sql)
{
	SQLHSTMT	st = new_stmt(c);
	SQLSMALLINT n = 0;
	char	   *s = NULL;
	char		buf[700];

	if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS)))
		s = strdup(diag(SQL_HANDLE_STMT, st, buf, sizeof(buf)));
	else if (SQL_SUCCEEDED(SQLNumResultCols(st, &n)) && SQL_SUCCEEDED(SQLFetch(st)))
	{
		size_t		len = 1;

		s = calloc(1, len);
		for (SQLSMALLINT i = 1; i <= n; i++)
		{
			char	   *v = get_text(st, i);

			len += (v ? strlen(v) : 6) + 3;
			s = realloc(s, len);
			if (i > 1)
				strcat(s, " / ");
			strcat(s, v ? v : "(null)");
			free(v);
		}
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return s;
}

/* A string list joined with commas, for a message. */
static char *
joined(char **v, int n)
{
	size_t		len = 1;
	char	   *s;

	for (int i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	s = calloc(1, len);
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			strcat(s, ",");
		strcat(s, v[i]);
	}
	return s;
}

/* Bind a string parameter the way applications do (SQL_C_CHAR, SQL_VARCHAR). */
static void
bind_string(SQLHSTMT st, SQLUSMALLINT i, const char *value, SQLLEN *ind)
{
	*ind = SQL_NTS;
	must(SQLBindParameter(st, i, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
						  strlen(value) > 0 ? strlen(value) : 1, 0, (SQLPOINTER) value, 0, ind),
		 SQL_HANDLE_STMT, st, "SQLBindParameter");
}

/* One column of a shipped view, from clients.view_column. */
typedef struct Column
{
	char	   *name;
	char	   *typname;
	char	   *type;
	int			precision;		/* -1: not declared */
	int			scale;
	int			data_scale;		/* largest scale of its values (numeric) */
} Column;

/*
 * A flat view (qualified: its name to select from): every column's metadata
 * as psqlODBC reports it against the catalog, and every value as the driver
 * returns it against the server's text of it.  In an exact view, every
 * numeric column must be reported with its declared precision and scale.
 */
static void
check_flat_view(const char *view, const char *qualified, bool exact)
{
	Column		cols[MAX_COLS];
	int			ncols = 0;
	SQLHSTMT	st = new_stmt(dbc);
	SQLLEN		ind;
	SQLSMALLINT n;
	char		sql[512],
				want[256],
				got[256],
				name[256],
				what[512];
	char	   *q;
	int			rows = 0;
	int			bad[MAX_COLS] = {0};
	char	   *first_bad[MAX_COLS] = {0};

	/* the catalog's columns */
	must(SQLPrepare(st, (SQLCHAR *) "SELECT column_name, typname, type, coalesce(precision, -1),"
					" coalesce(scale, -1) FROM clients.view_column WHERE view_name = ? ORDER BY attnum",
					SQL_NTS), SQL_HANDLE_STMT, st, "SQLPrepare(view_column)");
	bind_string(st, 1, view, &ind);
	must(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute(view_column)");
	while (SQL_SUCCEEDED(SQLFetch(st)) && ncols < MAX_COLS)
	{
		char	   *p,
				   *s;

		cols[ncols].name = get_text(st, 1);
		cols[ncols].typname = get_text(st, 2);
		cols[ncols].type = get_text(st, 3);
		p = get_text(st, 4);
		s = get_text(st, 5);
		cols[ncols].precision = atoi(p);
		cols[ncols].scale = atoi(s);
		free(p);
		free(s);
		cols[ncols].data_scale = 0;
		ncols++;
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	/* the largest scale of the values of each unconstrained numeric */
	for (int i = 0; i < ncols; i++)
	{
		int			nv;
		char	  **v;

		if (strcmp(cols[i].typname, "numeric") != 0 || cols[i].precision >= 0)
			continue;
		snprintf(sql, sizeof(sql), "SELECT coalesce(max(pg_catalog.scale(\"%s\")), 0) FROM %s",
				 cols[i].name, qualified);
		v = strings(dbc, sql, &nv);
		cols[i].data_scale = nv == 1 ? atoi(v[0]) : -1;
		free(v[0]);
		free(v);
	}

	/* metadata of SELECT * */
	st = new_stmt(dbc);
	snprintf(sql, sizeof(sql), "SELECT * FROM %s", qualified);
	must(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS), SQL_HANDLE_STMT, st, sql);
	must(SQLNumResultCols(st, &n), SQL_HANDLE_STMT, st, "SQLNumResultCols");
	snprintf(want, sizeof(want), "%d", ncols);
	snprintf(got, sizeof(got), "%d", n);
	snprintf(what, sizeof(what), "%s: column count", view);
	same(want, got, what);
	for (int i = 0; i < ncols && i < n; i++)
	{
		char		w[600],
					g[600];

		expected_meta(want, sizeof(want), cols[i].typname, cols[i].precision, cols[i].scale,
					  cols[i].data_scale);
		reported_meta(got, sizeof(got), st, i + 1, name, sizeof(name));
		snprintf(w, sizeof(w), "%s %s", cols[i].name, want);
		snprintf(g, sizeof(g), "%s %s", name, got);
		snprintf(what, sizeof(what), "%s.%s (%s) metadata", view, cols[i].name, cols[i].type);
		same(w, g, what);
	}
	if (exact)
	{
		char		undeclared[1024] = "";

		for (int i = 0; i < ncols && i < n; i++)
		{
			SQLSMALLINT nlen,
						type,
						digits,
						nullable;
			SQLULEN		size;
			size_t		used = strlen(undeclared);

			must(SQLDescribeCol(st, i + 1, (SQLCHAR *) name, sizeof(name), &nlen, &type, &size, &digits,
								&nullable), SQL_HANDLE_STMT, st, "SQLDescribeCol");
			if (type == SQL_NUMERIC &&
				(cols[i].precision < 0 || (int) size != cols[i].precision || digits != cols[i].scale))
				snprintf(undeclared + used, sizeof(undeclared) - used, "%s%s", used ? "," : "", name);
		}
		snprintf(what, sizeof(what), "%s: every numeric column reports a declared precision and scale", view);
		same("", undeclared, what);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	/* the values against the server's text */
	st = new_stmt(dbc);
	must(SQLPrepare(st, (SQLCHAR *) "SELECT clients.text_query(?)", SQL_NTS),
		 SQL_HANDLE_STMT, st, "SQLPrepare(text_query)");
	bind_string(st, 1, view, &ind);
	must(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute(text_query)");
	must(SQLFetch(st), SQL_HANDLE_STMT, st, "SQLFetch(text_query)");
	q = get_text(st, 1);
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	st = new_stmt(dbc);
	must(SQLExecDirect(st, (SQLCHAR *) q, SQL_NTS), SQL_HANDLE_STMT, st, q);
	while (SQL_SUCCEEDED(SQLFetch(st)))
	{
		char	   *row[MAX_COLS];

		rows++;
		/* SQLGetData goes left to right: the native values first */
		for (int i = 0; i < ncols; i++)
			row[i] = get_canonical(st, i + 1, cols[i].typname);
		for (int i = 0; i < ncols; i++)
		{
			char	   *w = get_text(st, ncols + i + 1);
			bool		eq = (w == NULL && row[i] == NULL) ||
				(w != NULL && row[i] != NULL && strcmp(w, row[i]) == 0);

			if (!eq && bad[i]++ == 0)
			{
				char		b[700];

				snprintf(b, sizeof(b), "row %d: server %s, psqlODBC %s", rows,
						 w ? w : "(null)", row[i] ? row[i] : "(null)");
				first_bad[i] = strdup(b);
			}
			free(w);
			free(row[i]);
		}
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	free(q);

	snprintf(got, sizeof(got), "%d", rows);
	check(rows > 0, "> 0", got, "%s: has rows in the demo data", view);
	for (int i = 0; i < ncols; i++)
	{
		snprintf(got, sizeof(got), "%d differ, first %s", bad[i], first_bad[i] ? first_bad[i] : "");
		check(bad[i] == 0, "no difference", got,
			  "%s.%s: %d values through SQLGetData equal the server's text", view, cols[i].name, rows);
		free(first_bad[i]);
		free(cols[i].name);
		free(cols[i].typname);
		free(cols[i].type);
	}
}

/* Run sql with string parameters; "success" or "SQLSTATE message" in buf. */
static const char *
outcome(SQLHDBC c, const char *sql, const char *p1, const char *p2, char *buf, size_t len)
{
	SQLHSTMT	st = new_stmt(c);
	SQLLEN		ind1,
				ind2;
	SQLRETURN	rc;

	rc = SQLPrepare(st, (SQLCHAR *) sql, SQL_NTS);
	if (SQL_SUCCEEDED(rc) && p1)
		bind_string(st, 1, p1, &ind1);
	if (SQL_SUCCEEDED(rc) && p2)
		bind_string(st, 2, p2, &ind2);
	if (SQL_SUCCEEDED(rc))
		rc = SQLExecute(st);
	if (SQL_SUCCEEDED(rc))
		snprintf(buf, len, "success");
	else
		diag(SQL_HANDLE_STMT, st, buf, len);
	SQLFreeHandle(SQL_HANDLE_STMT, st);
	return buf;
}

/* A new connection with a connection string (the suite's DSN, and more). */
static SQLHDBC
connect_with(const char *str)
{
	SQLHDBC		c;
	SQLCHAR		out[1024];
	SQLSMALLINT outlen;

	must(SQLAllocHandle(SQL_HANDLE_DBC, env, &c), SQL_HANDLE_ENV, env, "SQLAllocHandle(DBC)");
	must(SQLDriverConnect(c, NULL, (SQLCHAR *) str, SQL_NTS, out, sizeof(out), &outlen,
						  SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, c, "SQLDriverConnect");
	return c;
}

/* A new connection with the suite's DSN. */
static SQLHDBC
connect_dsn(void)
{
	return connect_with(conn_str);
}

int
main(int argc, char **argv)
{
	char		driver[128] = "",
				version[64] = "",
				buf[700],
				want[700],
				got[700];
	char	  **expected,
			  **shipped,
			  **flat,
			  **exact;
	int			nexp,
				nship,
				nflat,
				nexact;
	char	   *e,
			   *s,
			   *first_last;
	SQLHSTMT	st;
	SQLLEN		ind;
	SQLSMALLINT len;

	if (argc != 3)
	{
		fprintf(stderr, "usage: %s CONNECTION-STRING DATABASE\n", argv[0]);
		return 2;
	}
	conn_str = argv[1];
	db_name = argv[2];

	must(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env), SQL_HANDLE_ENV, env, "SQLAllocHandle(ENV)");
	must(SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0),
		 SQL_HANDLE_ENV, env, "SQL_ATTR_ODBC_VERSION");
	dbc = connect_dsn();
	SQLGetInfo(dbc, SQL_DRIVER_NAME, driver, sizeof(driver), &len);
	SQLGetInfo(dbc, SQL_DRIVER_VER, version, sizeof(version), &len);
	check(true, NULL, NULL, "connected with %s %s", driver, version);
	/* timestamps come as SQL_TIMESTAMP_STRUCTs in the session's time zone */
	exec_direct(dbc, "SET TimeZone = 'UTC'");

	/* --- the shipped views: the expected list, and every flat one read --- */
	expected = strings(dbc, "SELECT name FROM clients.expected_view ORDER BY name COLLATE \"C\"", &nexp);
	shipped = strings(dbc, "SELECT name FROM clients.shipped_view ORDER BY name COLLATE \"C\"", &nship);
	e = joined(expected, nexp);
	s = joined(shipped, nship);
	same(e, s, "the shipped views are the expected ones");
	free(e);
	free(s);
	flat = strings(dbc, "SELECT name FROM clients.expected_view WHERE flat ORDER BY name COLLATE \"C\"", &nflat);
	exact = strings(dbc, "SELECT name FROM clients.expected_view WHERE exact ORDER BY name COLLATE \"C\"", &nexact);
	for (int i = 0; i < nflat; i++)
	{
		bool		found = false;

		for (int j = 0; j < nship; j++)
			found = found || strcmp(flat[i], shipped[j]) == 0;
		if (check(found, "shipped", "missing", "flat view %s is shipped", flat[i]))
		{
			char		q[300];

			bool		is_exact = false;

			for (int j = 0; j < nexact; j++)
				is_exact = is_exact || strcmp(flat[i], exact[j]) == 0;
			snprintf(q, sizeof(q), "rare_trace.%s", flat[i]);
			check_flat_view(flat[i], q, is_exact);
		}
	}
	/*
	 * one column of each plain type, whichever the shipped views use, and the
	 * checks as rows, called as a BI tool's custom SQL would
	 */
	{
		int			nx,
					nq,
					ne;
		char	  **xname = strings(dbc, "SELECT name FROM clients.checked_view WHERE extra ORDER BY name", &nx),
				  **xqual = strings(dbc, "SELECT qualified FROM clients.checked_view WHERE extra ORDER BY name", &nq),
				  **xexact = strings(dbc, "SELECT exact::text FROM clients.checked_view WHERE extra ORDER BY name", &ne);

		for (int i = 0; i < nx && i < nq && i < ne; i++)
		{
			check_flat_view(xname[i], xqual[i], strcmp(xexact[i], "true") == 0);
			free(xname[i]);
			free(xqual[i]);
			free(xexact[i]);
		}
		free(xname);
		free(xqual);
		free(xexact);
	}

	/* --- a rare_lot column: an unknown type to the driver, read as text --- */
	st = new_stmt(dbc);
	must(SQLExecDirect(st, (SQLCHAR *) "SELECT lot, lot::text FROM demo.lot ORDER BY id", SQL_NTS),
		 SQL_HANDLE_STMT, st, "SELECT lot FROM demo.lot");
	{
		char		name[64];
		int			rows = 0,
					bad = 0;

		reported_meta(got, sizeof(got), st, 1, name, sizeof(name));
		same("SQL_VARCHAR 255/0 unknown 0/0", got, "demo.lot.lot (rare_lot) metadata");
		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			char	   *a = get_text(st, 1),
					   *b = get_text(st, 2);

			rows++;
			if (!a || !b || strcmp(a, b) != 0)
				bad++;
			free(a);
			free(b);
		}
		snprintf(got, sizeof(got), "%d differ", bad);
		check(rows > 0 && bad == 0, "no difference", got,
			  "demo.lot.lot: %d lots through SQLGetData(SQL_C_CHAR) equal lot::text", rows);
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	/*
	 * --- a numeric column with its scale: flat_quota.used_t, filtered by two
	 * text columns with string parameters ---
	 */
	{
		SQLLEN		ind2;
		int			rows = 0;
		char	   *v = NULL,
				   *text = NULL;
		SQL_NUMERIC_STRUCT num;
		SQLSMALLINT type,
					digits = -1,
					nullable,
					nl;
		SQLULEN		size = 0;
		SQLCHAR		name[64];
		SQLHDESC	ard;
		unsigned __int128 mant = 0;
		char		digits_buf[64],
				   *d;
		const char *point;

		st = new_stmt(dbc);
		must(SQLPrepare(st, (SQLCHAR *) QUOTA_QUERY, SQL_NTS), SQL_HANDLE_STMT, st, "SQLPrepare(flat_quota)");
		bind_string(st, 1, QUOTA_HOLDER, &ind);
		bind_string(st, 2, "separation", &ind2);
		must(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute(flat_quota)");
		must(SQLDescribeCol(st, 1, name, sizeof(name), &nl, &type, &size, &digits, &nullable),
			 SQL_HANDLE_STMT, st, "SQLDescribeCol");
		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			rows++;
			free(v);
			free(text);
			v = get_text(st, 1);
			text = get_text(st, 2);
		}
		snprintf(got, sizeof(got), "%d", rows);
		same("1", got, "flat_quota filtered by holder and activity (string parameters): rows");
		same(text, v, "flat_quota.used_t of " QUOTA_HOLDER " as SQL_C_CHAR is the server's text");
		snprintf(got, sizeof(got), "%s", v ? v : "(null)");
		while (strchr(got, '.') && got[strlen(got) - 1] == '0')
			got[strlen(got) - 1] = '\0';
		same(QUOTA_USED_T, got, "flat_quota.used_t is " QUOTA_USED_T " (trailing zeros aside)");
		point = text ? strchr(text, '.') : NULL;
		snprintf(want, sizeof(want), "%d", point ? (int) strlen(point + 1) : 0);
		snprintf(got, sizeof(got), "%d", digits);
		same(want, got, "flat_quota.used_t: the reported decimal digits are the value's scale");
		SQLFreeHandle(SQL_HANDLE_STMT, st);

		/* as SQL_C_NUMERIC, through the ARD at the reported precision and scale */
		st = new_stmt(dbc);
		must(SQLPrepare(st, (SQLCHAR *) QUOTA_QUERY, SQL_NTS), SQL_HANDLE_STMT, st, "SQLPrepare(flat_quota)");
		bind_string(st, 1, QUOTA_HOLDER, &ind);
		bind_string(st, 2, "separation", &ind2);
		must(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute(flat_quota)");
		must(SQLFetch(st), SQL_HANDLE_STMT, st, "SQLFetch(flat_quota)");
		SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL);
		SQLSetDescField(ard, 1, SQL_DESC_TYPE, (SQLPOINTER) SQL_C_NUMERIC, 0);
		SQLSetDescField(ard, 1, SQL_DESC_PRECISION, (SQLPOINTER) (SQLLEN) size, 0);
		SQLSetDescField(ard, 1, SQL_DESC_SCALE, (SQLPOINTER) (SQLLEN) digits, 0);
		SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, &num, 0);
		memset(&num, 0, sizeof(num));
		must(SQLGetData(st, 1, SQL_ARD_TYPE, &num, sizeof(num), &ind),
			 SQL_HANDLE_STMT, st, "SQLGetData(SQL_ARD_TYPE numeric)");
		for (int k = 15; k >= 0; k--)
			mant = mant * 256 + num.val[k];
		/* the 128-bit mantissa in decimal */
		d = digits_buf + sizeof(digits_buf) - 1;
		*d = '\0';
		do
		{
			*--d = (char) ('0' + (int) (mant % 10));
			mant /= 10;
		} while (mant > 0);
		snprintf(got, sizeof(got), "%s%s scale %d", num.sign ? "" : "-", d, num.scale);
		/* expected: the server's text without its point, at its own scale */
		{
			size_t		j = 0;
			const char *p = text ? text : "";

			while (*p == '0' || *p == '.')
				p++;
			for (; *p && j < sizeof(want) - 32; p++)
				if (*p != '.')
					want[j++] = *p;
			want[j] = '\0';
			snprintf(want + j, sizeof(want) - j, " scale %d", point ? (int) strlen(point + 1) : 0);
		}
		same(want, got, "flat_quota.used_t as SQL_C_NUMERIC at the reported precision and scale: exact");
		SQLFreeHandle(SQL_HANDLE_STMT, st);
		free(v);
		free(text);
	}

	/* --- filtering a flat view by a text column: flat_lot by code --- */
	st = new_stmt(dbc);
	must(SQLPrepare(st, (SQLCHAR *) "SELECT lot, reo_kg FROM rare_trace.flat_lot WHERE code = ?", SQL_NTS),
		 SQL_HANDLE_STMT, st, "SQLPrepare(flat_lot)");
	bind_string(st, 1, FLAT_LOT_CODE, &ind);
	must(SQLExecute(st), SQL_HANDLE_STMT, st, "SQLExecute(flat_lot)");
	{
		SQLSMALLINT type,
					digits = -1,
					nullable,
					nl;
		SQLULEN		size;
		SQLCHAR		name[64];

		must(SQLDescribeCol(st, 2, name, sizeof(name), &nl, &type, &size, &digits, &nullable),
			 SQL_HANDLE_STMT, st, "SQLDescribeCol");
		got[0] = '\0';
		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			char	   *lot = get_text(st, 1),
					   *reo = get_text(st, 2);
			size_t		used = strlen(got);

			snprintf(got + used, sizeof(got) - used, "%s%s | %s (scale %d)", used ? "; " : "",
					 lot ? lot : "(null)", reo ? reo : "(null)", digits);
			free(lot);
			free(reo);
		}
		snprintf(want, sizeof(want), "%s | %s (scale %d)", FLAT_LOT, FLAT_LOT_REO_KG,
				 (int) strlen(strchr(FLAT_LOT_REO_KG, '.') + 1));
		same(want, got, "flat_lot WHERE code = ? (string parameter): the lot as text, its reo_kg at the reported scale");
	}
	SQLFreeHandle(SQL_HANDLE_STMT, st);

	/*
	 * --- INSERT of a lot with a plain string parameter: psqlODBC sends it
	 * untyped, so this works without an assignment cast ---
	 */
	{
		outcome(dbc, "INSERT INTO clients.lot_in (client, lot) VALUES (?, ?)", "odbc", LOT_IN, buf, sizeof(buf));
		same("success", buf, "INSERT of a lot with SQL_C_CHAR/SQL_VARCHAR parameters succeeds");
		st = new_stmt(dbc);
		must(SQLExecDirect(st, (SQLCHAR *) "SELECT lot::text FROM clients.lot_in WHERE client = 'odbc'", SQL_NTS),
			 SQL_HANDLE_STMT, st, "SELECT lot_in");
		{
			char	   *v = SQL_SUCCEEDED(SQLFetch(st)) ? get_text(st, 1) : NULL;

			same(LOT_IN, v, "the inserted lot reads back");
			free(v);
		}
		SQLFreeHandle(SQL_HANDLE_STMT, st);
	}

	/* --- comparisons on a rare_lot column without rare_trace on search_path --- */
	outcome(dbc, "SELECT count(*) FROM demo.lot WHERE lot = ?", DEMO_LOT, NULL, buf, sizeof(buf));
	check(strncmp(buf, "42883", 5) == 0, "42883", buf,
		  "WHERE lot = ? with the default search_path fails with 42883");

	/* --- a boolean read as SQL_C_CHAR (BoolsAsChar): 1 and 0 --- */
	s = first_row(dbc, "SELECT true, false");
	same("1 / 0", s, "true and false as SQL_C_CHAR");
	free(s);

	/* --- min(lot) / max(lot), as BI tools fingerprint a column --- */
	first_last = first_row(dbc, MIN_MAX_EXPECTED);
	s = first_row(dbc, "SELECT min(lot), max(lot) FROM demo.lot");
	check(strncmp(s, "42883", 5) == 0, "42883", s, "min(lot) with the default search_path fails with 42883");
	free(s);
	s = first_row(dbc, "SELECT rare_trace.min(lot), rare_trace.max(lot) FROM demo.lot");
	same(first_last, s, "rare_trace.min(lot), rare_trace.max(lot): the first and last lot in ORDER BY lot");
	free(s);

	/* --- the DBA's answer: ALTER DATABASE ... SET search_path --- */
	snprintf(buf, sizeof(buf), "ALTER DATABASE %s SET search_path = \"$user\", public, rare_trace", db_name);
	exec_direct(dbc, buf);
	{
		SQLHDBC		c2 = connect_dsn();
		int			n;
		char	  **v = strings(c2, "SHOW search_path", &n);

		same("\"$user\", public, rare_trace", n == 1 ? v[0] : NULL,
			 "after ALTER DATABASE ... SET search_path, a new connection's search_path");
		outcome(c2, "SELECT count(*) FROM demo.lot WHERE lot = ?", DEMO_LOT, NULL, buf, sizeof(buf));
		same("success", buf, "then WHERE lot = ? works");
		s = first_row(c2, "SELECT min(lot), max(lot) FROM demo.lot");
		same(first_last, s, "and min(lot), max(lot) are the first and last lot in ORDER BY lot");
		free(s);
		SQLDisconnect(c2);
		SQLFreeHandle(SQL_HANDLE_DBC, c2);
	}
	snprintf(buf, sizeof(buf), "ALTER DATABASE %s RESET search_path", db_name);
	exec_direct(dbc, buf);
	free(first_last);

	/* --- one connection's search_path: psqlODBC's ConnSettings --- */
	{
		SQLHDBC		c3;

		snprintf(buf, sizeof(buf), "%s;ConnSettings=SET search_path = public, rare_trace", conn_str);
		c3 = connect_with(buf);
		outcome(c3, "SELECT count(*) FROM demo.lot WHERE lot = ?", DEMO_LOT, NULL, buf, sizeof(buf));
		same("success", buf, "with ConnSettings=SET search_path = public, rare_trace, WHERE lot = ? works");
		SQLDisconnect(c3);
		SQLFreeHandle(SQL_HANDLE_DBC, c3);
	}

	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	printf("1..%d\n", tests);
	return failures == 0 ? 0 : 1;
}
