#!/usr/bin/env bash
#
# test/bench/licence_bench.sh - cost of export-licence enforcement, side by
# side in one run (needs a running server in PGHOST/PGPORT, a superuser, and
# rare_trace >= 0.4.0 installed).
#
# COPY of RT_BENCH_ROWS export rows (default 1,000,000) into:
#   (a) a table without a trigger,
#   (b) a table with rare_trace.enforce_export_licence (attach_export_licence),
#   (c) a table with the best PL/pgSQL equivalent: an AFTER ... FOR EACH
#       STATEMENT trigger with a transition table that checks every row
#       against licence_required() and the cited licence (exists, valid on
#       the date, exporter, destination, controlled elements from
#       export_check(), form), sums the kg per licence and updates each
#       licence row once, in descending id order;
#   (d) for reference, the floor of any statement-level design: a trigger
#       with a transition table that does nothing.
# Every lot belongs to one of 20 Chinese exporters, each with a general
# licence to JP; 9 rows in 10 are Dy/Tb oxide citing their exporter's
# licence (No. 18 requires one), 1 in 10 is La oxide citing none.
#
# Figures, not pass/fail.  Environment: RT_BENCH_ROWS, RT_BENCH_RUNS (3).

set -euo pipefail

ROWS="${RT_BENCH_ROWS:-1000000}"
RUNS="${RT_BENCH_RUNS:-3}"
DB=rt_licence_bench
TMP="$(mktemp -d /tmp/rt_lbench.XXXXXX)"
chmod 0755 "$TMP"
trap 'rm -rf -- "$TMP"; dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT

q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

dropdb --if-exists "$DB" >/dev/null 2>&1 || true
createdb "$DB"
q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION rare_trace;
INSERT INTO rare_trace.export_licence (licence_no, authority, kind, exporter, destination,
    elements, forms, limit_kg, valid_from, valid_until)
SELECT format('BENCH-%s', lpad(i::text, 2, '0')), 'MOFCOM', 'general',
       format('CN-BX%s', lpad(i::text, 2, '0')), 'JP', '{Tb,Dy}', '{oxide,metal}', 1e12,
       '2026-01-01', '2026-12-31'
FROM generate_series(1, 20) AS i;

CREATE TABLE ship_a (lot rare_trace.rare_lot, dest text, shipped_on date, licence text);
CREATE TABLE ship_b (LIKE ship_a);
CREATE TABLE ship_c (LIKE ship_a);
CREATE TABLE ship_d (LIKE ship_a);
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE TRIGGER noop AFTER INSERT ON ship_d
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION noop();
SELECT rare_trace.attach_export_licence('ship_b', 'lot', 'dest', 'shipped_on', 'licence') \gset

-- (c): what a careful PL/pgSQL author writes: one set-based check of every
-- row, then one conditional UPDATE per licence in a fixed order
CREATE FUNCTION plpgsql_licence() RETURNS trigger LANGUAGE plpgsql AS \$fn\$
DECLARE
    r record;
BEGIN
    SELECT n.lot, n.licence INTO r
    FROM new_rows AS n
    LEFT JOIN rare_trace.export_licence AS l ON l.licence_no = n.licence
    CROSS JOIN LATERAL (SELECT rare_trace.licence_required(n.lot, rare_trace.lot_country(n.lot),
                                                           n.dest, n.shipped_on) AS need) AS d
    WHERE n.lot IS NOT NULL
      AND CASE WHEN n.licence IS NULL THEN d.need IS NOT FALSE
               ELSE l.id IS NULL
                    OR n.shipped_on NOT BETWEEN l.valid_from AND l.valid_until
                    OR l.exporter <> rare_trace.lot_enterprise(n.lot)
                    OR l.destination <> upper(n.dest)
                    OR NOT (rare_trace.lot_form(n.lot) = ANY (l.forms))
                    OR (d.need IS NOT FALSE AND NOT (
                        ARRAY(SELECT x.element FROM rare_trace.export_check(n.lot, rare_trace.lot_country(n.lot),
                                                                            n.dest, n.shipped_on) AS x
                              WHERE x.licence_required IS NOT FALSE AND x.element IS NOT NULL) <@ l.elements))
          END
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'lot % refused (licence %)', r.lot, r.licence;
    END IF;
    FOR r IN
        SELECT l.id, sum(rare_trace.lot_mass_kg(n.lot)) AS kg
        FROM new_rows AS n JOIN rare_trace.export_licence AS l ON l.licence_no = n.licence
        WHERE n.lot IS NOT NULL
        GROUP BY l.id ORDER BY l.id DESC
    LOOP
        UPDATE rare_trace.export_licence SET used_kg = used_kg + r.kg
        WHERE id = r.id AND used_kg + r.kg <= limit_kg;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'licence % has no room', r.id;
        END IF;
    END LOOP;
    RETURN NULL;
END
\$fn\$;
CREATE TRIGGER plpgsql_licence AFTER INSERT ON ship_c
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plpgsql_licence();

-- the data, once (written by psql: the directory is not the server's)
\\copy (SELECT CASE WHEN i % 10 = 0 THEN format('CN-BX%s-L%s oxide %skg La=%s%%', lpad((1 + i % 20)::text, 2, '0'), i, 100 + (i % 900), (60 + i % 25)::text) ELSE format('CN-BX%s-D%s oxide %s.%skg Dy=%s%% Tb=%s%%', lpad((1 + i % 20)::text, 2, '0'), i, 10 + (i % 500), lpad((i % 1000)::text, 3, '0'), (40 + i % 50)::text, (1 + i % 9)::text) END, 'JP', date '2026-01-01' + (i % 365), CASE WHEN i % 10 = 0 THEN NULL ELSE format('BENCH-%s', lpad((1 + i % 20)::text, 2, '0')) END FROM generate_series(1, $ROWS) AS i) TO '$TMP/ship.tsv'
SQL

# timed COPY into one table: "wall_ms cpu_ms", the server's wall-clock time
# (commit included) and the backend's own CPU time (/proc/self/stat, 10 ms
# ticks), which other load on the machine disturbs less
copy_ms() {
	local t=$1
	q -c "TRUNCATE $t" -c "UPDATE rare_trace.export_licence SET used_kg = 0" -c "VACUUM $t" \
		-c "VACUUM rare_trace.export_licence" -c "CHECKPOINT"
	q -At -F ' ' <<SQL
CREATE TEMP VIEW cpu AS SELECT (split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint) * 10 AS ms
    FROM pg_read_file('/proc/self/stat') AS s;
SELECT clock_timestamp() AS t0, (SELECT ms FROM cpu) AS c0 \gset
COPY $t FROM '$TMP/ship.tsv';
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1), (SELECT ms FROM cpu) - :c0;
SQL
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

echo
echo "== export-licence enforcement: COPY of $ROWS rows (median of $RUNS, interleaved)"
copy_ms ship_a >/dev/null    # warm-up
declare -A wall cpu
for ((i = 1; i <= RUNS; i++)); do
	for t in ship_a ship_b ship_c ship_d; do
		read -r ms cms < <(copy_ms "$t")
		wall[$t]+="$ms "
		cpu[$t]+="$cms "
		printf '  run %d %-7s %10s ms wall %8s ms CPU\n' "$i" "$t" "$ms" "$cms"
	done
done
med() { echo "$1" | tr ' ' '\n' | grep . | median; }
# the last load was ship_c's; load ship_b again to check its drawdown
copy_ms ship_b >/dev/null
check=$(q -At -c "SELECT bool_and(l.used_kg = coalesce(s.kg, 0)) FROM rare_trace.export_licence AS l
                  LEFT JOIN (SELECT licence, sum(rare_trace.lot_mass_kg(lot)) AS kg FROM ship_b GROUP BY 1) AS s
                  ON s.licence = l.licence_no")
for kind in wall cpu; do
	declare -n m=$kind
	awk -v k="$kind" -v a="$(med "${m[ship_a]}")" -v b="$(med "${m[ship_b]}")" -v c="$(med "${m[ship_c]}")" \
		-v d="$(med "${m[ship_d]}")" 'BEGIN {
		printf "  %s time:\n", (k == "wall" ? "wall-clock" : "backend CPU")
		printf "    (a) no trigger             %10.1f ms\n", a
		printf "    (b) enforce_export_licence %10.1f ms   (b)/(a) = %.2f   target <= 1.3: %s\n", b, b / a, (b / a <= 1.3 ? "met" : "not met")
		printf "    (c) PL/pgSQL statement     %10.1f ms   (c)/(a) = %.2f\n", c, c / a
		printf "    (d) transition table only  %10.1f ms   (d)/(a) = %.2f   (the floor of (b) and (c))\n", d, d / a
		printf "    cost over (a): (b) %.1f ms, (c) %.1f ms, ratio %.2f   target <= 0.5: %s\n", b - a, c - a, (b - a) / (c - a), ((b - a) / (c - a) <= 0.5 ? "met" : "not met")
	}'
	unset -n m
done
echo "  each licence's used_kg equals the exact sum of its rows after (b)'s load: $check"
