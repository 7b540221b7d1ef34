#!/usr/bin/env bash
#
# test/stress/quota_stress.sh - pgbench with many clients inserting against a
# tight quota.  Passes when, at the end, used_t <= limit_t, used_t equals
# the exact sum over the accepted rows, and every accepted row fits.
#
# Needs a running server (PGHOST/PGPORT/PGUSER) and rare_trace installed.
# Usage: test/stress/quota_stress.sh [clients] [transactions per client]
# Prints the figures; exit status 0 on success, 1 on a violated invariant.

set -euo pipefail

clients="${1:-8}"
xacts="${2:-150}"
db=rare_trace_stress
script="$(mktemp /tmp/rare_trace_stress.XXXXXX.sql)"
trap 'rm -f "$script"; dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
psql_db <<'SQL'
CREATE EXTENSION rare_trace;
INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from) VALUES
    ('CN-STRG', 'Stress group', NULL, ARRAY['separation'], '2024-01-01'),
    ('CN-STRA', 'Stress member A', 'CN-STRG', ARRAY['separation'], '2024-01-01'),
    ('CN-STRB', 'Stress member B', 'CN-STRG', ARRAY['separation'], '2024-01-01');
-- the group's 100 t binds: 85 lots of 1.1664 t fit, the 86th does not
INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t) VALUES
    ('CN-STRG', 2024, 'separation', NULL, 100),
    ('CN-STRA', 2024, 'separation', NULL, 80),
    ('CN-STRB', 2024, 'separation', NULL, 80);
CREATE TABLE prod (id bigserial PRIMARY KEY, lot rare_trace.rare_lot, made_on date);
CREATE TABLE rejected (id bigserial PRIMARY KEY);
SELECT rare_trace.attach_quota('prod', 'lot', 'made_on', 'separation') \gset
-- pgbench aborts a client on any error, so refusals are caught and counted
CREATE FUNCTION stress_insert(n bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO prod (lot, made_on) VALUES (
        (CASE WHEN n % 2 = 0 THEN 'CN-STRA-' ELSE 'CN-STRB-' END || n
         || ' oxide 1000kg Nd=100%')::rare_trace.rare_lot, '2024-06-01');
EXCEPTION WHEN SQLSTATE 'RTQ01' THEN
    INSERT INTO rejected DEFAULT VALUES;
END
$$;
SQL

cat >"$script" <<'EOF2'
\set n random(1, 1000000000)
SELECT stress_insert(:n);
EOF2

echo "quota stress: $clients clients x $xacts inserts against a 100 t group quota"
pgbench -n -d "$db" -c "$clients" -j "$clients" -t "$xacts" -f "$script" 2>&1 |
	grep -E 'number of (transactions|failed)|tps' || true

result=$(psql_db -At -F ' ' <<'SQL'
WITH rows AS (SELECT lot FROM prod),
     s AS (SELECT count(*) AS accepted,
                  coalesce(sum(rare_trace.reo_kg(lot)) / 1000, 0) AS sum_t,
                  count(*) FILTER (WHERE rare_trace.lot_enterprise(lot) = 'CN-STRA') AS a_rows
           FROM rows),
     q AS (SELECT holder, limit_t, used_t FROM rare_trace.quota)
SELECT CASE WHEN bool_and(q.used_t <= q.limit_t)
             AND (SELECT used_t FROM q WHERE holder = 'CN-STRG') = s.sum_t
             AND (SELECT used_t FROM q WHERE holder = 'CN-STRA') = s.a_rows * 1.1664
             AND (SELECT used_t FROM q WHERE holder = 'CN-STRB') = (s.accepted - s.a_rows) * 1.1664
             AND s.accepted = 85
             AND NOT EXISTS (SELECT FROM rare_trace.quota_reconcile())
            THEN 'ok' ELSE 'FAILED' END,
       'accepted', s.accepted, 'rejected', (SELECT count(*) FROM rejected),
       'group used_t', (SELECT used_t FROM q WHERE holder = 'CN-STRG'), 'of', 100,
       'sum over rows', trim_scale(s.sum_t)
FROM s CROSS JOIN q
GROUP BY s.accepted, s.sum_t, s.a_rows;
SQL
)
echo "quota stress: $result"
[[ $result == ok* ]]
