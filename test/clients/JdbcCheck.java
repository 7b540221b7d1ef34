/*
 * test/clients/JdbcCheck.java - rare_trace as pgjdbc (Debian's
 * libpostgresql-jdbc-java) sees it: the "clients" suite of scripts/test
 * compiles this with javac and runs it against the demo data, over TCP.
 *
 *     java -cp /usr/share/java/postgresql.jar:DIR JdbcCheck JDBC-URL DATABASE
 *
 * Prints TAP: "ok N - ..." / "not ok N - ..." with "# " lines saying what was
 * expected and what pgjdbc reported, then the plan "1..N".  Each assertion is
 * one test.  The catalog facts it compares with come from the schema
 * "clients" (test/clients/setup.sql); what pgjdbc reports for each column
 * type is written down in expectedMeta() and in doc/clients.md.
 */

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

public final class JdbcCheck
{
	private static int tests = 0;
	private static int failures = 0;

	/* A lot of the demo (demo.lot, id 1). */
	static final String DEMO_LOT =
		"CN-NATL-2024E concentrate 369546054.554kg La=18.7% Ce=30.02% Pr=3.1% Nd=9.01%";

	/* A lot of the demo's ledger (flat_lot): its code, text and reo_kg. */
	static final String FLAT_LOT_CODE = "JP-DEMOMAGNET-N2606.DEMO";
	static final String FLAT_LOT =
		"JP-DEMOMAGNET-N2606.DEMO magnet 970kg Pr=6.19% Nd=22.665% Gd=0.64% Dy=1.745%";
	static final String FLAT_LOT_REO_KG = "355.5594606500000";

	/*
	 * The first and last lot of demo.lot in the type's order (ORDER BY works
	 * without rare_trace on the search_path: it uses the default btree
	 * class).
	 */
	static final String MIN_MAX_EXPECTED =
		"SELECT (SELECT lot::text FROM demo.lot ORDER BY lot LIMIT 1),"
		+ " (SELECT lot::text FROM demo.lot ORDER BY lot DESC LIMIT 1)";

	/* The lot this client inserts (already in the canonical form). */
	static final String LOT_IN = "DE-JDBC-CLIENT.1 magnet 12.5kg Pr=6.9% Nd=23.1% Dy=4.1%";

	/* A flat_quota row of the demo and its used_t. */
	static final String QUOTA_HOLDER = "CN-DEMOCREGSEP";
	static final BigDecimal QUOTA_USED_T = new BigDecimal("2999.9982042");

	private JdbcCheck()
	{
	}

	/* One TAP test: ok, or not ok with the expected and reported values. */
	static boolean check(boolean ok, String what, Object expected, Object got)
	{
		tests++;
		if (ok)
			System.out.println("ok " + tests + " - jdbc: " + what);
		else
		{
			failures++;
			System.out.println("not ok " + tests + " - jdbc: " + what);
			System.out.println("#   expected: " + expected);
			System.out.println("#   reported: " + got);
		}
		return ok;
	}

	/* A test that two values are equal. */
	static boolean same(String what, Object expected, Object got)
	{
		return check(Objects.equals(expected, got), what, expected, got);
	}

	/* SQLSTATE of an exception, or "success" when action ran without one. */
	interface SqlAction
	{
		void run() throws SQLException;
	}

	static String sqlstate(SqlAction action)
	{
		try
		{
			action.run();
			return "success";
		}
		catch (SQLException e)
		{
			return e.getSQLState() + " " + e.getMessage().split("\n")[0];
		}
	}

	/* Name of a java.sql.Types code. */
	static String typeName(int type)
	{
		for (java.lang.reflect.Field f : Types.class.getFields())
		{
			try
			{
				if (f.getInt(null) == type)
					return f.getName();
			}
			catch (IllegalAccessException e)
			{
				/* not a constant */
			}
		}
		return String.valueOf(type);
	}

	/*
	 * What pgjdbc reports for a column of base type typname (pg_type.typname)
	 * with declared numeric precision/scale (null when not declared), as
	 * "Types-name type-name precision/scale class".  The same table is in
	 * doc/clients.md.
	 */
	static String expectedMeta(String typname, Integer precision, Integer scale)
	{
		switch (typname)
		{
			case "text":
				return "VARCHAR text 2147483647/0 java.lang.String";
			case "int4":
				return "INTEGER int4 10/0 java.lang.Integer";
			case "int8":
				return "BIGINT int8 19/0 java.lang.Long";
			case "int2":
				return "SMALLINT int2 5/0 java.lang.Integer";
			case "bool":
				return "BIT bool 1/0 java.lang.Boolean";
			case "date":
				return "DATE date 13/0 java.sql.Date";
			case "timestamptz":
				return "TIMESTAMP timestamptz 35/6 java.sql.Timestamp";
			case "numeric":
				if (precision == null)
					return "NUMERIC numeric 0/0 java.math.BigDecimal";
				return "NUMERIC numeric " + precision + "/" + scale + " java.math.BigDecimal";
			default:
				return "(not a plain type: " + typname + ")";
		}
	}

	/* What pgjdbc reports for column i of a result, in expectedMeta's form. */
	static String reportedMeta(ResultSetMetaData md, int i) throws SQLException
	{
		return typeName(md.getColumnType(i)) + " " + md.getColumnTypeName(i) + " "
			+ md.getPrecision(i) + "/" + md.getScale(i) + " " + md.getColumnClassName(i);
	}

	/*
	 * The value of column i as the canonical text of the schema "clients"
	 * (clients.canonical_text): what an application gets from getObject(),
	 * written out without losing anything.
	 */
	static String canonical(ResultSet rs, int i, String typname) throws SQLException
	{
		Object o = rs.getObject(i);

		if (o == null)
			return null;
		switch (typname)
		{
			case "numeric":
				return ((BigDecimal) o).toPlainString();
			case "timestamptz":
				return rs.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)
					.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
			case "date":
				return rs.getObject(i, java.time.LocalDate.class).toString();
			default:
				return o.toString();
		}
	}

	/* One column of a shipped view, from clients.view_column. */
	static final class Column
	{
		String name;
		String typname;
		String type;
		Integer precision;
		Integer scale;
	}

	static List<Column> columns(Connection c, String view) throws SQLException
	{
		List<Column> cols = new ArrayList<>();

		try (PreparedStatement ps = c.prepareStatement(
				"SELECT column_name, typname, type, precision, scale FROM clients.view_column"
				+ " WHERE view_name = ? ORDER BY attnum"))
		{
			ps.setString(1, view);
			try (ResultSet rs = ps.executeQuery())
			{
				while (rs.next())
				{
					Column col = new Column();

					col.name = rs.getString(1);
					col.typname = rs.getString(2);
					col.type = rs.getString(3);
					col.precision = (Integer) rs.getObject(4);
					col.scale = (Integer) rs.getObject(5);
					cols.add(col);
				}
			}
		}
		return cols;
	}

	/* The first row of query q (without parameters), its columns as strings. */
	static List<String> row(Connection c, String q) throws SQLException
	{
		List<String> r = new ArrayList<>();

		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q))
		{
			if (rs.next())
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++)
					r.add(rs.getString(i));
		}
		return r;
	}

	/* The names of query q's only column. */
	static TreeSet<String> names(Connection c, String q) throws SQLException
	{
		TreeSet<String> s = new TreeSet<>();

		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q))
		{
			while (rs.next())
				s.add(rs.getString(1));
		}
		return s;
	}

	/*
	 * A flat view (qualified: its name to select from): every column's
	 * metadata as pgjdbc reports it against the catalog, and every value as
	 * pgjdbc returns it against the server's text of it.
	 */
	static void checkFlatView(Connection c, String view, String qualified, boolean exact) throws SQLException
	{
		List<Column> cols = columns(c, view);

		try (Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery("SELECT * FROM " + qualified))
		{
			ResultSetMetaData md = rs.getMetaData();

			same(view + ": column count", cols.size(), md.getColumnCount());
			for (int i = 1; i <= Math.min(cols.size(), md.getColumnCount()); i++)
			{
				Column col = cols.get(i - 1);

				same(view + "." + col.name + " (" + col.type + ") metadata",
					 col.name + " " + expectedMeta(col.typname, col.precision, col.scale),
					 md.getColumnLabel(i) + " " + reportedMeta(md, i));
			}
			if (exact)
			{
				List<String> undeclared = new ArrayList<>();

				for (int i = 1; i <= md.getColumnCount(); i++)
					if (md.getColumnType(i) == Types.NUMERIC && md.getPrecision(i) == 0)
						undeclared.add(md.getColumnLabel(i));
				same(view + ": every numeric column reports a declared precision and scale",
					 List.of(), undeclared);
			}
		}

		String q;

		try (PreparedStatement ps = c.prepareStatement("SELECT clients.text_query(?)"))
		{
			ps.setString(1, view);
			try (ResultSet rs = ps.executeQuery())
			{
				rs.next();
				q = rs.getString(1);
			}
		}
		int n = cols.size();
		int rows = 0;
		int[] bad = new int[n];
		String[] firstBad = new String[n];

		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q))
		{
			while (rs.next())
			{
				rows++;
				for (int i = 1; i <= n; i++)
				{
					String got = canonical(rs, i, cols.get(i - 1).typname);
					String want = rs.getString(n + i);

					if (!Objects.equals(got, want))
					{
						if (bad[i - 1]++ == 0)
							firstBad[i - 1] = "row " + rows + ": server " + want + ", pgjdbc " + got;
					}
				}
			}
		}
		check(rows > 0, view + ": has rows in the demo data", "> 0", rows);
		for (int i = 0; i < n; i++)
			check(bad[i] == 0, view + "." + cols.get(i).name + ": " + rows
				  + " values through getObject() equal the server's text",
				  "no difference", bad[i] + " differ, first " + firstBad[i]);
	}

	public static void main(String[] args) throws Exception
	{
		String url = args[0];
		String db = args[1];

		try (Connection c = DriverManager.getConnection(url))
		{
			check(true, "connected with " + c.getMetaData().getDriverName() + " "
				  + c.getMetaData().getDriverVersion(), null, null);
			run(c, url, db);
		}
		catch (SQLException e)
		{
			check(false, "no SQL exception escapes the checks", "none", e.getSQLState() + " " + e.getMessage());
		}
		System.out.println("1.." + tests);
		System.exit(failures == 0 ? 0 : 1);
	}

	static void run(Connection c, String url, String db) throws SQLException
	{
		/* --- the shipped views: the expected list, and every flat one read --- */
		TreeSet<String> expected = names(c, "SELECT name FROM clients.expected_view");
		TreeSet<String> shipped = names(c, "SELECT name FROM clients.shipped_view");

		same("the shipped views are the expected ones", expected, shipped);
		TreeSet<String> exact = names(c, "SELECT name FROM clients.expected_view WHERE exact");

		for (String view : names(c, "SELECT name FROM clients.expected_view WHERE flat"))
		{
			if (check(shipped.contains(view), "flat view " + view + " is shipped", "shipped", "missing"))
				checkFlatView(c, view, "rare_trace." + view, exact.contains(view));
		}
		/*
		 * one column of each plain type, whichever the shipped views use, and
		 * the checks as rows, called as a BI tool's custom SQL would
		 */
		try (Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery(
				 "SELECT name, qualified, exact FROM clients.checked_view WHERE extra ORDER BY name"))
		{
			List<String[]> extra = new ArrayList<>();

			while (rs.next())
				extra.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
			for (String[] e : extra)
				checkFlatView(c, e[0], e[1], e[2].equals("t"));
		}

		/* --- a rare_lot column: OTHER, read as text with getString() --- */
		try (Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery("SELECT lot, lot::text FROM demo.lot ORDER BY id"))
		{
			ResultSetMetaData md = rs.getMetaData();
			int rows = 0;
			int bad = 0;
			String cls = null;

			same("demo.lot.lot (rare_lot) metadata",
				 "OTHER \"rare_trace\".\"rare_lot\" 2147483647/0 java.lang.String",
				 reportedMeta(md, 1));
			while (rs.next())
			{
				rows++;
				if (!Objects.equals(rs.getString(1), rs.getString(2)))
					bad++;
				cls = rs.getObject(1).getClass().getName();
			}
			check(rows > 0 && bad == 0, "demo.lot.lot: " + rows + " lots through getString() equal lot::text",
				  "no difference", bad + " differ");
			same("demo.lot.lot: getObject() returns", "org.postgresql.util.PGobject", cls);
		}

		/*
		 * --- a numeric column with its scale: flat_quota.used_t, filtered by
		 * two text columns with setString() ---
		 */
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT used_t, used_t::text FROM rare_trace.flat_quota WHERE holder = ? AND activity = ?"))
		{
			ps.setString(1, QUOTA_HOLDER);
			ps.setString(2, "separation");
			try (ResultSet rs = ps.executeQuery())
			{
				ResultSetMetaData md = rs.getMetaData();
				int rows = 0;
				BigDecimal v = null;
				String text = null;

				while (rs.next())
				{
					rows++;
					v = rs.getBigDecimal(1);
					text = rs.getString(2);
				}
				same("flat_quota filtered by holder and activity (setString): rows", 1, rows);
				check(v != null && v.compareTo(QUOTA_USED_T) == 0, "flat_quota.used_t of " + QUOTA_HOLDER
					  + " as BigDecimal", QUOTA_USED_T, v);
				check(v != null && md.getPrecision(1) > 0 && v.scale() == md.getScale(1),
					  "flat_quota.used_t: a declared precision, and the BigDecimal's scale is the reported scale",
					  md.getPrecision(1) + "/" + md.getScale(1), v == null ? null : v.precision() + "/" + v.scale());
				same("flat_quota.used_t: toPlainString() is the server's text", text,
					 v == null ? null : v.toPlainString());
			}
		}

		/* --- filtering a flat view by a text column: flat_lot by code --- */
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT lot, reo_kg FROM rare_trace.flat_lot WHERE code = ?"))
		{
			ps.setString(1, FLAT_LOT_CODE);
			try (ResultSet rs = ps.executeQuery())
			{
				ResultSetMetaData md = rs.getMetaData();
				List<String> got = new ArrayList<>();

				while (rs.next())
					got.add(rs.getString(1) + " | " + rs.getBigDecimal(2).toPlainString()
							+ " (scale " + rs.getBigDecimal(2).scale() + ")");
				same("flat_lot WHERE code = ? (setString): the lot as text, its reo_kg at the reported scale",
					 List.of(FLAT_LOT + " | " + FLAT_LOT_REO_KG + " (scale " + md.getScale(2) + ")"), got);
			}
		}

		/*
		 * --- INSERT of a lot with a plain string parameter: setString() sends
		 * varchar, which the assignment cast varchar -> rare_lot (0.5.0) turns
		 * into a lot (0.4.0: 42804) ---
		 */
		try (Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery("SELECT clients.has_string_cast('pg_catalog.varchar')"))
		{
			same("varchar -> rare_lot is an assignment (or implicit) cast", true, rs.next() && rs.getBoolean(1));
		}
		String outcome = sqlstate(() -> {
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO clients.lot_in (client, lot) VALUES (?, ?)"))
			{
				ps.setString(1, "jdbc");
				ps.setString(2, LOT_IN);
				ps.executeUpdate();
			}
		});
		same("INSERT of a lot with setString() succeeds", "success", outcome);
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT lot::text FROM clients.lot_in WHERE client = ?"))
		{
			ps.setString(1, "jdbc");
			try (ResultSet rs = ps.executeQuery())
			{
				same("the inserted lot reads back", LOT_IN, rs.next() ? rs.getString(1) : null);
			}
		}

		/* --- comparisons on a rare_lot column without rare_trace on search_path --- */
		outcome = sqlstate(() -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM demo.lot WHERE lot = ?"))
			{
				ps.setString(1, DEMO_LOT);
				ps.executeQuery().close();
			}
		});
		check(outcome.startsWith("42883 "), "WHERE lot = ? with the default search_path fails with 42883",
			  "42883", outcome);

		/* --- min(lot) / max(lot), as BI tools fingerprint a column --- */
		List<String> firstLast = row(c, MIN_MAX_EXPECTED);

		outcome = sqlstate(() -> row(c, "SELECT min(lot), max(lot) FROM demo.lot"));
		check(outcome.startsWith("42883 "), "min(lot) with the default search_path fails with 42883",
			  "42883", outcome);
		same("rare_trace.min(lot), rare_trace.max(lot): the first and last lot in ORDER BY lot", firstLast,
			 row(c, "SELECT rare_trace.min(lot), rare_trace.max(lot) FROM demo.lot"));

		/* --- the DBA's answer: ALTER DATABASE ... SET search_path --- */
		try (Statement st = c.createStatement())
		{
			st.execute("ALTER DATABASE " + db + " SET search_path = \"$user\", public, rare_trace");
		}
		try (Connection c2 = DriverManager.getConnection(url))
		{
			try (Statement st = c2.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path"))
			{
				same("after ALTER DATABASE ... SET search_path, a new connection's search_path",
					 "\"$user\", public, rare_trace", rs.next() ? rs.getString(1) : null);
			}
			outcome = sqlstate(() -> {
				try (PreparedStatement ps = c2.prepareStatement(
						"SELECT count(*) FROM demo.lot WHERE lot = CAST(? AS rare_lot)"))
				{
					ps.setString(1, DEMO_LOT);
					try (ResultSet rs = ps.executeQuery())
					{
						rs.next();
						if (rs.getInt(1) != 1)
							throw new SQLException("count " + rs.getInt(1), "XXXXX");
					}
				}
			});
			same("then WHERE lot = CAST(? AS rare_lot) finds the lot", "success", outcome);
			same("and min(lot), max(lot) are the first and last lot in ORDER BY lot", firstLast,
				 row(c2, "SELECT min(lot), max(lot) FROM demo.lot"));
			outcome = sqlstate(() -> {
				try (PreparedStatement ps = c2.prepareStatement("SELECT count(*) FROM demo.lot WHERE lot = ?"))
				{
					ps.setString(1, DEMO_LOT);
					ps.executeQuery().close();
				}
			});
			check(outcome.startsWith("42883 "),
				  "but WHERE lot = ? with setString() still fails with 42883 (no operator rare_lot = varchar)",
				  "42883", outcome);
		}
		/* one connection's search_path: the currentSchema URL parameter */
		try (Connection c4 = DriverManager.getConnection(url + "&currentSchema=public,rare_trace");
			 PreparedStatement ps = c4.prepareStatement("SELECT count(*) FROM demo.lot WHERE lot = CAST(? AS rare_lot)"))
		{
			ps.setString(1, DEMO_LOT);
			try (ResultSet rs = ps.executeQuery())
			{
				same("with currentSchema=public,rare_trace, WHERE lot = CAST(? AS rare_lot) finds the lot",
					 1, rs.next() ? rs.getInt(1) : null);
			}
		}
		/* stringtype=unspecified: pgjdbc sends setString() untyped, as psycopg and psqlODBC do */
		try (Connection c3 = DriverManager.getConnection(url + "&stringtype=unspecified");
			 PreparedStatement ps = c3.prepareStatement("SELECT count(*) FROM demo.lot WHERE lot = ?"))
		{
			ps.setString(1, DEMO_LOT);
			try (ResultSet rs = ps.executeQuery())
			{
				same("with stringtype=unspecified, WHERE lot = ? with setString() finds the lot",
					 1, rs.next() ? rs.getInt(1) : null);
			}
		}
		finally
		{
			try (Statement st = c.createStatement())
			{
				st.execute("ALTER DATABASE " + db + " RESET search_path");
			}
		}
	}
}
