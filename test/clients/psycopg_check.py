#!/usr/bin/python3
"""test/clients/psycopg_check.py - rare_trace as psycopg 3 (Debian's
python3-psycopg) sees it: the "clients" suite of scripts/test runs this with
the system's /usr/bin/python3 against the demo data, over TCP.

    /usr/bin/python3 psycopg_check.py CONNINFO DATABASE

Prints TAP: "ok N - ..." / "not ok N - ..." with "# " lines saying what was
expected and what psycopg reported, then the plan "1..N".  Each assertion is
one test.  The catalog facts it compares with come from the schema "clients"
(test/clients/setup.sql); what psycopg reports for each column type is
written down in expected_meta() and in doc/clients.md.
"""

import datetime
import decimal
import sys

import psycopg
from psycopg import sql

LOT_IN = "DE-PSYCOPG-CLIENT.1 magnet 12.5kg Pr=6.9% Nd=23.1% Dy=4.1%"
DEMO_LOT = "CN-NATL-2024E concentrate 369546054.554kg La=18.7% Ce=30.02% Pr=3.1% Nd=9.01%"
# A lot of the demo's ledger (flat_lot): its code, text and reo_kg.
FLAT_LOT_CODE = "JP-DEMOMAGNET-N2606.DEMO"
FLAT_LOT = "JP-DEMOMAGNET-N2606.DEMO magnet 970kg Pr=6.19% Nd=22.665% Gd=0.64% Dy=1.745%"
FLAT_LOT_REO_KG = "355.5594606500000"
# A flat_quota row of the demo and its used_t.
QUOTA_HOLDER = "CN-DEMOCREGSEP"
QUOTA_USED_T = decimal.Decimal("2999.9982042")
# The first and last lot of demo.lot in the type's order (ORDER BY works
# without rare_trace on the search_path: it uses the default btree class).
MIN_MAX_EXPECTED = ("SELECT (SELECT lot::text FROM demo.lot ORDER BY lot LIMIT 1),"
                    " (SELECT lot::text FROM demo.lot ORDER BY lot DESC LIMIT 1)")

tests = 0
failures = 0


def check(ok, what, expected=None, got=None):
    """One TAP test: ok, or not ok with the expected and reported values."""
    global tests, failures
    tests += 1
    if ok:
        print(f"ok {tests} - psycopg: {what}")
    else:
        failures += 1
        print(f"not ok {tests} - psycopg: {what}")
        print(f"#   expected: {expected}")
        print(f"#   reported: {got}")
    sys.stdout.flush()
    return ok


def same(what, expected, got):
    """A test that two values are equal."""
    return check(expected == got, what, expected, got)


def outcome(conn, query, params=()):
    """Run query; "success" or "SQLSTATE message" (the transaction is rolled back then)."""
    try:
        with conn.transaction():
            conn.execute(query, params)
        return "success"
    except psycopg.Error as e:
        return f"{e.sqlstate} {str(e).splitlines()[0]}"


# What psycopg reports for a column of base type typname with declared
# numeric precision/scale (None when not declared): cursor.description's
# "type_code internal_size precision/scale" and the Python class of a value.
# type_code is the type's oid, named here.  The same table is in doc/clients.md.
EXPECTED = {
    "text": "text None None/None str",
    "int4": "int4 4 None/None int",
    "int8": "int8 8 None/None int",
    "int2": "int2 2 None/None int",
    "bool": "bool 1 None/None bool",
    "date": "date 4 None/None date",
    "timestamptz": "timestamptz 8 None/None datetime",
}


def expected_meta(typname, precision, scale):
    """What psycopg is expected to report for a column (see EXPECTED)."""
    if typname == "numeric":
        if precision is None:
            return "numeric None None/None Decimal"
        return f"numeric None {precision}/{scale} Decimal"
    return EXPECTED.get(typname, f"(not a plain type: {typname})")


def reported_meta(conn, col, value_class):
    """What psycopg reports for a column of cursor.description."""
    t = psycopg.adapters.types.get(col.type_code)
    name = t.name if t else str(col.type_code)
    return f"{name} {col.internal_size} {col.precision}/{col.scale} {value_class}"


def canonical(value, typname):
    """A value as the canonical text of the schema "clients" (clients.canonical_text)."""
    if value is None:
        return None
    if typname == "numeric":
        return format(value, "f")
    if typname == "timestamptz":
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    if typname == "date":
        return value.isoformat()
    if typname == "bool":
        return "true" if value else "false"
    return str(value)


def check_flat_view(conn, view, qualified=None, exact=False):
    """A flat view: metadata against the catalog, values against the server's text.

    qualified: what to select from (default rare_trace.VIEW); exact: every
    numeric column must report a declared precision and scale.
    """
    cols = conn.execute(
        "SELECT column_name, typname, type, precision, scale FROM clients.view_column"
        " WHERE view_name = %s ORDER BY attnum", (view,)).fetchall()
    source = sql.SQL(qualified) if qualified else sql.SQL("rare_trace.{}").format(sql.Identifier(view))
    cur = conn.execute(sql.SQL("SELECT * FROM {}").format(source))
    rows = cur.fetchall()
    desc = cur.description
    same(f"{view}: column count", len(cols), len(desc))
    for i, (name, typname, type_, precision, scale) in enumerate(cols[:len(desc)]):
        want = expected_meta(typname, precision, scale)
        # the class of the values (a column of NULLs only has none: the expected one then)
        classes = {type(r[i]).__name__ for r in rows if r[i] is not None} or {want.split()[-1]}
        value_class = "/".join(sorted(classes))
        same(f"{view}.{name} ({type_}) metadata",
             f"{name} {want}",
             f"{desc[i].name} {reported_meta(conn, desc[i], value_class)}")

    if exact:
        numeric_oid = psycopg.adapters.types["numeric"].oid
        same(f"{view}: every numeric column reports a declared precision and scale", [],
             [d.name for d in desc if d.type_code == numeric_oid and d.precision is None])

    query = conn.execute("SELECT clients.text_query(%s)", (view,)).fetchone()[0]
    n = len(cols)
    bad = [0] * n
    first_bad = [None] * n
    rows = conn.execute(query).fetchall()
    for r, row in enumerate(rows, 1):
        for i in range(n):
            got = canonical(row[i], cols[i][1])
            want = row[n + i]
            if got != want:
                if bad[i] == 0:
                    first_bad[i] = f"row {r}: server {want}, psycopg {got}"
                bad[i] += 1
    check(len(rows) > 0, f"{view}: has rows in the demo data", "> 0", len(rows))
    for i in range(n):
        check(bad[i] == 0, f"{view}.{cols[i][0]}: {len(rows)} values as Python objects equal the server's text",
              "no difference", f"{bad[i]} differ, first {first_bad[i]}")


def run(conn, conninfo, db):
    """Every check, on connection conn (autocommit)."""
    # --- the shipped views: the expected list, and every flat one read ---
    expected = sorted(r[0] for r in conn.execute("SELECT name FROM clients.expected_view"))
    shipped = sorted(r[0] for r in conn.execute("SELECT name FROM clients.shipped_view"))
    same("the shipped views are the expected ones", expected, shipped)
    for view, exact in conn.execute("SELECT name, exact FROM clients.expected_view WHERE flat ORDER BY name").fetchall():
        if check(view in shipped, f"flat view {view} is shipped", "shipped", "missing"):
            check_flat_view(conn, view, exact=exact)
    # one column of each plain type, whichever the shipped views use, and the
    # checks as rows, called as a BI tool's custom SQL would
    for name, qualified, exact in conn.execute(
            "SELECT name, qualified, exact FROM clients.checked_view WHERE extra ORDER BY name").fetchall():
        check_flat_view(conn, name, qualified=qualified, exact=exact)

    # --- a rare_lot column: text in text mode, bytes in binary mode ---
    cur = conn.execute("SELECT lot, lot::text FROM demo.lot ORDER BY id")
    rows = cur.fetchall()
    rare_lot_oid = conn.execute("SELECT 'rare_trace.rare_lot'::regtype::oid").fetchone()[0]
    col = cur.description[0]
    same("demo.lot.lot (rare_lot) metadata",
         f"{rare_lot_oid} None None/None str",
         f"{col.type_code} {col.internal_size} {col.precision}/{col.scale} "
         + "/".join(sorted({type(r[0]).__name__ for r in rows})))
    check(len(rows) > 0 and all(r[0] == r[1] for r in rows),
          f"demo.lot.lot: {len(rows)} lots as str equal lot::text", "no difference",
          [r for r in rows if r[0] != r[1]][:1])
    with conn.cursor(binary=True) as bcur:
        v = bcur.execute("SELECT lot FROM demo.lot ORDER BY id LIMIT 1").fetchone()[0]
        same("demo.lot.lot in a binary cursor: raw bytes (no loader for rare_lot)", "bytes", type(v).__name__)

    # --- a numeric column with its scale: flat_quota.used_t, filtered by two text columns ---
    cur = conn.execute("SELECT used_t, used_t::text FROM rare_trace.flat_quota WHERE holder = %s AND activity = %s",
                       (QUOTA_HOLDER, "separation"))
    rows = cur.fetchall()
    same("flat_quota filtered by holder and activity (str parameters): rows", 1, len(rows))
    v, text = rows[0] if rows else (None, None)
    check(isinstance(v, decimal.Decimal) and v == QUOTA_USED_T,
          f"flat_quota.used_t of {QUOTA_HOLDER} as Decimal", QUOTA_USED_T, v)
    col = cur.description[0]
    check(v is not None and col.precision is not None and -v.as_tuple().exponent == col.scale,
          "flat_quota.used_t: a declared precision, and the Decimal's scale is the reported scale",
          f"{col.precision}/{col.scale}", None if v is None else -v.as_tuple().exponent)
    same("flat_quota.used_t: format(value, 'f') is the server's text", text,
         None if v is None else format(v, "f"))

    # --- filtering a flat view by a text column: flat_lot by code ---
    cur = conn.execute("SELECT lot, reo_kg FROM rare_trace.flat_lot WHERE code = %s", (FLAT_LOT_CODE,))
    scale = cur.description[1].scale
    same("flat_lot WHERE code = %s (str): the lot as text, its reo_kg at the reported scale",
         [(FLAT_LOT, FLAT_LOT_REO_KG, scale)],
         [(r[0], format(r[1], "f"), -r[1].as_tuple().exponent) for r in cur.fetchall()])

    # --- INSERT of a lot with a plain str parameter (sent untyped) ---
    same("INSERT of a lot with a str parameter succeeds", "success",
         outcome(conn, "INSERT INTO clients.lot_in (client, lot) VALUES (%s, %s)", ("psycopg", LOT_IN)))
    r = conn.execute("SELECT lot::text FROM clients.lot_in WHERE client = %s", ("psycopg",)).fetchone()
    same("the inserted lot reads back", LOT_IN, r[0] if r else None)

    # --- comparisons on a rare_lot column without rare_trace on search_path ---
    o = outcome(conn, "SELECT count(*) FROM demo.lot WHERE lot = %s", (DEMO_LOT,))
    check(o.startswith("42883 "), "WHERE lot = %s with the default search_path fails with 42883", "42883", o)
    r = conn.execute("SELECT count(*) FROM demo.lot WHERE lot OPERATOR(rare_trace.=) %s", (DEMO_LOT,)).fetchone()
    same("but WHERE lot OPERATOR(rare_trace.=) %s finds the lot", 1, r[0])

    # --- min(lot) / max(lot), as BI tools fingerprint a column ---
    first_last = conn.execute(MIN_MAX_EXPECTED).fetchone()
    o = outcome(conn, "SELECT min(lot), max(lot) FROM demo.lot")
    check(o.startswith("42883 "), "min(lot) with the default search_path fails with 42883", "42883", o)
    same("rare_trace.min(lot), rare_trace.max(lot): the first and last lot in ORDER BY lot", first_last,
         conn.execute("SELECT rare_trace.min(lot), rare_trace.max(lot) FROM demo.lot").fetchone())

    # --- the DBA's answer: ALTER DATABASE ... SET search_path ---
    conn.execute(sql.SQL('ALTER DATABASE {} SET search_path = "$user", public, rare_trace')
                 .format(sql.Identifier(db)))
    try:
        with psycopg.connect(conninfo, autocommit=True) as c2:
            same("after ALTER DATABASE ... SET search_path, a new connection's search_path",
                 '"$user", public, rare_trace', c2.execute("SHOW search_path").fetchone()[0])
            r = c2.execute("SELECT count(*) FROM demo.lot WHERE lot = %s", (DEMO_LOT,)).fetchone()
            same("then WHERE lot = %s finds the lot", 1, r[0])
            same("and min(lot), max(lot) are the first and last lot in ORDER BY lot", first_last,
                 c2.execute("SELECT min(lot), max(lot) FROM demo.lot").fetchone())
    finally:
        conn.execute(sql.SQL("ALTER DATABASE {} RESET search_path").format(sql.Identifier(db)))

    # --- one connection's search_path: libpq's options ---
    with psycopg.connect(conninfo, options="-c search_path=public,rare_trace", autocommit=True) as c3:
        r = c3.execute("SELECT count(*) FROM demo.lot WHERE lot = %s", (DEMO_LOT,)).fetchone()
        same("with options='-c search_path=public,rare_trace', WHERE lot = %s finds the lot", 1, r[0])


def main():
    """Connect, run the checks, print the plan."""
    conninfo, db = sys.argv[1], sys.argv[2]
    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            check(True, f"connected with psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, libpq "
                  f"{psycopg.pq.version()})")
            run(conn, conninfo, db)
    except psycopg.Error as e:
        check(False, "no database error escapes the checks", "none", f"{e.sqlstate} {e}")
    print(f"1..{tests}")
    sys.exit(0 if failures == 0 else 1)


if __name__ == "__main__":
    main()
