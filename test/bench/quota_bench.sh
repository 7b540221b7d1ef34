#!/usr/bin/env bash
#
# test/bench/quota_bench.sh - cost of quota enforcement, side by side in one
# run (called by scripts/bench; needs a running server in PGHOST/PGPORT,
# a superuser, and rare_trace >= 0.2.0 installed).
#
# COPY of RT_BENCH_ROWS production rows (default 1,000,000) into:
#   (a) a table without a trigger,
#   (b) a table with rare_trace.enforce_quota (attach_quota),
#   (c) a table with the best PL/pgSQL equivalent: an AFTER ... FOR EACH
#       STATEMENT trigger with a transition table that checks approvals,
#       sums REO per quota and updates each quota row once, in id order.
# Then single-row INSERTs with pgbench at 1, 4 and 8 clients, interleaved, into
#   (a) a table without a trigger,
#   (b) a table with rare_trace.enforce_quota,
#   (c) a table with the naive PL/pgSQL AFTER ... FOR EACH ROW trigger: one
#       conditional UPDATE of the member's quota and one of its group's
#       (found through enterprise.parent), raising when either finds no row.
# Every lot belongs to one of 20 members of one group, so each statement
# charges the member's quota and the group's.  (c) charges refining quotas
# of the same enterprises, so quota_reconcile() can check (b)'s separation
# quotas for drift afterwards.
#
# Figures, not pass/fail.  Environment: RT_BENCH_ROWS, RT_BENCH_RUNS (3),
# RT_BENCH_SECONDS (pgbench seconds per run, default 10), RT_BENCH_CLIENTS
# (default "1 4 8"), RT_BENCH_MODE (pgbench -M: simple, the default, or
# prepared), RT_BENCH_COPY (0 = skip the COPY part).

set -euo pipefail

ROWS="${RT_BENCH_ROWS:-1000000}"
RUNS="${RT_BENCH_RUNS:-3}"
SECONDS_PER_RUN="${RT_BENCH_SECONDS:-10}"
CLIENTS="${RT_BENCH_CLIENTS:-1 4 8}"
MODE="${RT_BENCH_MODE:-simple}"
COPY_PART="${RT_BENCH_COPY:-1}"
DB=rt_quota_bench
TMP="$(mktemp -d /tmp/rt_qbench.XXXXXX)"
chmod 0755 "$TMP"
trap 'rm -rf -- "$TMP"; dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT

q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

dropdb --if-exists "$DB" >/dev/null 2>&1 || true
createdb "$DB"
q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION rare_trace;
INSERT INTO rare_trace.enterprise (code, name, parent, activities, approved_from)
SELECT 'CN-QG', 'Bench group', NULL, ARRAY['separation', 'refining'], date '2020-01-01'
UNION ALL
SELECT format('CN-QM%s', lpad(i::text, 2, '0')), format('Bench member %s', i), 'CN-QG',
       ARRAY['separation', 'refining'], '2020-01-01'
FROM generate_series(1, 20) AS i;
INSERT INTO rare_trace.quota (holder, year, activity, category, limit_t)
SELECT e.code, 2024, a.act, NULL, 1e12
FROM rare_trace.enterprise AS e CROSS JOIN (VALUES ('separation'), ('refining')) AS a(act)
ORDER BY a.act DESC, e.code;

CREATE TABLE prod_a (lot rare_trace.rare_lot, made_on date);
CREATE TABLE prod_b (lot rare_trace.rare_lot, made_on date);
CREATE TABLE prod_c (lot rare_trace.rare_lot, made_on date);
SELECT rare_trace.attach_quota('prod_b', 'lot', 'made_on', 'separation') \gset

-- (c): what a careful PL/pgSQL author writes (see ../shared/notes.md)
CREATE FUNCTION plpgsql_quota() RETURNS trigger LANGUAGE plpgsql AS \$fn\$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT k.ent, rare_trace.approval_problem(k.ent, 'separation', k.first_day, k.last_day) AS problem
        FROM (SELECT rare_trace.lot_enterprise(lot) AS ent, min(made_on) AS first_day,
                     max(made_on) AS last_day
              FROM new_rows GROUP BY 1) AS k
    LOOP
        IF r.problem IS NOT NULL THEN
            RAISE EXCEPTION '%', r.problem;
        END IF;
    END LOOP;
    FOR r IN
        WITH keyed AS (
            SELECT rare_trace.lot_enterprise(lot) AS ent, extract(year FROM made_on)::int AS yr,
                   sum(rare_trace.reo_kg(lot)) / 1000 AS t
            FROM new_rows GROUP BY 1, 2)
        SELECT qq.id, sum(k.t) AS t
        FROM keyed AS k
        CROSS JOIN LATERAL rare_trace.applicable_quotas(k.ent, k.yr, 'separation', NULL) AS qq
        GROUP BY qq.id ORDER BY qq.id
    LOOP
        UPDATE rare_trace.quota SET used_t = used_t + r.t
        WHERE id = r.id AND used_t + r.t <= limit_t;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'quota % exceeded', r.id;
        END IF;
    END LOOP;
    RETURN NULL;
END
\$fn\$;
CREATE TRIGGER plpgsql_quota AFTER INSERT ON prod_c
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plpgsql_quota();

-- (c) of the single-row INSERTs: the naive row trigger, one conditional
-- UPDATE per quota (the member's, then its group's: descending id, the
-- order enforce_quota locks in), on refining quotas
CREATE TABLE prod_r (lot rare_trace.rare_lot, made_on date);
CREATE FUNCTION plpgsql_row_quota() RETURNS trigger LANGUAGE plpgsql AS \$fn\$
DECLARE
    ent text := rare_trace.lot_enterprise(NEW.lot);
    yr int4 := extract(year FROM NEW.made_on)::int4;
    t numeric := rare_trace.reo_kg(NEW.lot) / 1000;
BEGIN
    UPDATE rare_trace.quota SET used_t = used_t + t
    WHERE holder = ent AND year = yr AND activity = 'refining' AND category IS NULL
      AND used_t + t <= limit_t;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no room in the quota of %', ent;
    END IF;
    UPDATE rare_trace.quota SET used_t = used_t + t
    WHERE holder = (SELECT e.parent FROM rare_trace.enterprise AS e WHERE e.code = ent)
      AND year = yr AND activity = 'refining' AND category IS NULL
      AND used_t + t <= limit_t;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no room in the group quota of %', ent;
    END IF;
    RETURN NULL;
END
\$fn\$;
CREATE TRIGGER plpgsql_row_quota AFTER INSERT ON prod_r
    FOR EACH ROW EXECUTE FUNCTION plpgsql_row_quota();
SQL

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

if [[ $COPY_PART != 0 ]]; then
q <<SQL
-- the data, once (written by psql: the directory is not the server's)
\\copy (SELECT format('CN-QM%s-B%s oxide %skg Nd=%s%% Pr=%s%%', lpad((1 + i % 20)::text, 2, '0'), i, 100 + (i % 900), (60 + i % 25)::text, (5 + i % 10)::text), date '2024-01-01' + (i % 365) FROM generate_series(1, $ROWS) AS i) TO '$TMP/prod.tsv'
SQL

# timed COPY into one table: milliseconds of server time, commit included
copy_ms() {
	local t=$1
	q -c "TRUNCATE $t" -c "UPDATE rare_trace.quota SET used_t = 0" -c "VACUUM $t" -c "VACUUM rare_trace.quota" -c "CHECKPOINT"
	q -At <<SQL
SELECT clock_timestamp() AS t0 \gset
COPY $t FROM '$TMP/prod.tsv';
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1);
SQL
}

echo
echo "== quota enforcement: COPY of $ROWS rows (median of $RUNS, interleaved)"
copy_ms prod_a >/dev/null    # warm-up
declare -A runs
for ((i = 1; i <= RUNS; i++)); do
	for t in prod_a prod_b prod_c; do
		ms=$(copy_ms "$t")
		runs[$t]+="$ms "
		printf '  run %d %-7s %10s ms\n' "$i" "$t" "$ms"
	done
done
a=$(echo "${runs[prod_a]}" | tr ' ' '\n' | grep . | median)
b=$(echo "${runs[prod_b]}" | tr ' ' '\n' | grep . | median)
c=$(echo "${runs[prod_c]}" | tr ' ' '\n' | grep . | median)
check=$(q -At -c "SELECT (SELECT used_t FROM rare_trace.quota WHERE holder = 'CN-QG' AND activity = 'separation') = (SELECT sum(rare_trace.reo_kg(lot)) / 1000 FROM prod_c)")
awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN {
	printf "  (a) no trigger          %10.1f ms\n", a
	printf "  (b) enforce_quota       %10.1f ms   (b)/(a) = %.2f   target <= 1.3: %s\n", b, b / a, (b / a <= 1.3 ? "met" : "not met")
	printf "  (c) PL/pgSQL statement  %10.1f ms   (c)/(a) = %.2f\n", c, c / a
	printf "  cost over (a): (b) %.1f ms, (c) %.1f ms, ratio %.2f   target <= 0.5: %s\n", b - a, c - a, (b - a) / (c - a), ((b - a) / (c - a) <= 0.5 ? "met" : "not met")
}'
echo "  group used_t equals the exact sum over the last load: $check"
fi

echo
echo "== single-row INSERT with pgbench -M $MODE, ${SECONDS_PER_RUN}s per run (median of $RUNS, interleaved)"
for t in a b r; do
	cat >"$TMP/ins_$t.sql" <<SQL
\set i random(1, 1000000000)
\set m random(1, 20)
INSERT INTO prod_$t VALUES (('CN-QM' || lpad(:m::text, 2, '0') || '-S' || :i || ' oxide 250kg Nd=70% Pr=8%')::rare_trace.rare_lot, '2024-07-01');
SQL
done
q -c "TRUNCATE prod_a, prod_b, prod_r" -c "UPDATE rare_trace.quota SET used_t = 0" -c "VACUUM ANALYZE rare_trace.quota"
pgbench -n -d "$DB" -M "$MODE" -c 1 -T 2 -f "$TMP/ins_b.sql" >/dev/null 2>&1 || true # warm-up
for clients in $CLIENTS; do
	declare -A lat=()
	for ((i = 1; i <= RUNS; i++)); do
		for t in a b r; do
			l=$(pgbench -n -d "$DB" -M "$MODE" -c "$clients" -j "$clients" -T "$SECONDS_PER_RUN" -f "$TMP/ins_$t.sql" 2>&1 |
				awk '/latency average/ {print $4}')
			lat[$t]+="${l:-NaN} "
		done
	done
	a=$(echo "${lat[a]}" | tr ' ' '\n' | grep . | median)
	b=$(echo "${lat[b]}" | tr ' ' '\n' | grep . | median)
	c=$(echo "${lat[r]}" | tr ' ' '\n' | grep . | median)
	awk -v n="$clients" -v a="$a" -v b="$b" -v c="$c" -v ra="${lat[a]}" -v rb="${lat[b]}" -v rc="${lat[r]}" 'BEGIN {
		printf "  %d client(s), latency ms: (a) %.3f  (b) %.3f  (c) %.3f   (b)/(a) = %.2f (target <= 1.3: %s)   (b)/(c) = %.2f (target <= 1: %s)\n",
			n, a, b, c, b / a, (b / a <= 1.3 ? "met" : "not met"), b / c, (b / c <= 1 ? "met" : "not met")
		printf "      runs (a) %s/ (b) %s/ (c) %s\n", ra, rb, rc
	}'
done
drift=$(q -At -c "SELECT count(*) FROM rare_trace.quota_reconcile() WHERE activity = 'separation'")
echo "  separation quotas (b) that quota_reconcile() finds drifted after the pgbench runs: $drift"
