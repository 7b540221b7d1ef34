#!/usr/bin/env bash
#
# test/bench/ledger_bench.sh - cost of appending to the flow ledger, side by
# side in one run (called by scripts/bench; needs a running server in
# PGHOST/PGPORT, a superuser, and rare_trace >= 0.3.0 installed).
#
# Two tables with the same columns, defaults, constraints and indexes:
#   (a) flow_plain: a copy of rare_trace.flow (LIKE ... INCLUDING ALL, plus
#       the corrects foreign key) without the ledger triggers; seq comes
#       from a sequence, hash is 32 zero bytes, recorded_at is now();
#   (b) rare_trace.flow itself: seq, recorded_at and SHA-256 hash chained
#       per enterprise by the ledger trigger.
# Measured:
#   1. one INSERT ... SELECT of RT_BENCH_ROWS rows (default 100,000), spread
#      over 20 enterprises, into each: server time, commit included, and
#      (when the server runs on this machine) the CPU time of the backend,
#      which other load on the machine hardly changes; medians of
#      RT_BENCH_RUNS interleaved runs;
#   2. single-row INSERTs with pgbench at 1 client, one transaction each,
#      with the server's synchronous_commit and with synchronous_commit =
#      off (which leaves the server's work, not the wait for the WAL flush);
#   3. rare_trace.verify_ledger() over the ledger of step 1;
#   4. many single-row statements in one transaction (10,000 and 20,000):
#      the time per statement must not grow with their number.
# Targets: (b)/(a) <= 1.3 for 1 and 2.  Figures, not pass/fail.
# Environment: RT_BENCH_ROWS, RT_BENCH_RUNS (3), RT_BENCH_SECONDS (pgbench
# seconds per run, default 10).

set -euo pipefail

ROWS="${RT_BENCH_ROWS:-100000}"
RUNS="${RT_BENCH_RUNS:-3}"
SECONDS_PER_RUN="${RT_BENCH_SECONDS:-10}"
DB=rt_ledger_bench
TMP="$(mktemp -d /tmp/rt_lbench.XXXXXX)"
trap 'rm -rf -- "$TMP"; dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT

q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

dropdb --if-exists "$DB" >/dev/null 2>&1 || true
createdb "$DB"
q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION rare_trace;

-- (a): the same table without the ledger triggers
CREATE TABLE flow_plain (LIKE rare_trace.flow INCLUDING ALL);
ALTER TABLE flow_plain ADD FOREIGN KEY (corrects) REFERENCES flow_plain (id);
CREATE SEQUENCE flow_plain_seq;
ALTER TABLE flow_plain
    ALTER recorded_at SET DEFAULT now(),
    ALTER seq SET DEFAULT nextval('flow_plain_seq'),
    ALTER hash SET DEFAULT decode(repeat('00', 32), 'hex');

-- the rows, once, typed as the tables want them
CREATE TABLE src AS
SELECT format('CN-LB%s', lpad((1 + i % 20)::text, 2, '0')) AS enterprise,
       format('CN-LB%s-B%s oxide %skg Nd=%s%% Pr=%s%%', lpad((1 + i % 20)::text, 2, '0'), i,
              100 + i % 900, 60 + i % 25, 5 + i % 10)::rare_trace.rare_lot AS parent,
       format('CN-LB%s-M%s metal %skg Nd=%s%%', lpad((1 + i % 20)::text, 2, '0'), i,
              50 + i % 800, 90 + i % 9)::rare_trace.rare_lot AS child,
       ((1 + i % 5000) / 10.0)::numeric(10, 1) AS kg,
       (ARRAY['transform', 'ship', 'receive', 'export', 'import', 'recycle'])[1 + i % 6] AS kind,
       jsonb_build_object('invoice', 'INV-' || i, 'bl', 'BL' || (i / 7)) AS docs
FROM generate_series(1, $ROWS) AS i;
VACUUM ANALYZE src;
SQL

# CPU time (user + system, ms) of backend $PID, or -1 if it is not local
cat >"$TMP/cpu.sh" <<'SH'
#!/bin/sh
if [ -r "/proc/$PID/stat" ]; then
	awk -v tick="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / tick}' "/proc/$PID/stat"
else
	echo -1
fi
SH
chmod +x "$TMP/cpu.sh"

# empty both tables (the ledger's triggers do not fire for a replica session)
reset_tables() {
	q -c "SET session_replication_role = replica" \
	  -c "TRUNCATE flow_plain, rare_trace.flow, rare_trace.flow_chain" \
	  -c "VACUUM flow_plain" -c "VACUUM rare_trace.flow" -c "VACUUM rare_trace.flow_chain" -c "CHECKPOINT"
}

# timed INSERT ... SELECT into one table: "wall_ms cpu_ms" of the server,
# commit included (cpu_ms -1 when the server is not local)
insert_ms() {
	local t=$1 ms
	reset_tables
	ms=$(q -At <<SQL
SELECT pg_backend_pid() AS pid \gset
\setenv PID :pid
\! $TMP/cpu.sh >$TMP/cpu0
SELECT clock_timestamp() AS t0 \gset
INSERT INTO $t (enterprise, parent, child, kg, kind, docs) SELECT * FROM src;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1);
\! $TMP/cpu.sh >$TMP/cpu1
SQL
)
	echo "$ms $(awk 'NR == FNR {c0 = $1; next} {print (c0 < 0 ? -1 : $1 - c0)}' "$TMP/cpu0" "$TMP/cpu1")"
}

echo
echo "== flow ledger: one INSERT ... SELECT of $ROWS rows over 20 enterprises (median of $RUNS, interleaved)"
insert_ms flow_plain >/dev/null    # warm-up
declare -A runs cpus
for ((i = 1; i <= RUNS; i++)); do
	for t in flow_plain rare_trace.flow; do
		read -r ms cpu < <(insert_ms "$t")
		runs[$t]+="$ms "
		cpus[$t]+="$cpu "
		printf '  run %d %-16s %10s ms   backend CPU %8s ms\n' "$i" "$t" "$ms" "$cpu"
	done
done
a=$(echo "${runs[flow_plain]}" | tr ' ' '\n' | grep . | median)
b=$(echo "${runs[rare_trace.flow]}" | tr ' ' '\n' | grep . | median)
ca=$(echo "${cpus[flow_plain]}" | tr ' ' '\n' | grep . | median)
cb=$(echo "${cpus[rare_trace.flow]}" | tr ' ' '\n' | grep . | median)
awk -v a="$a" -v b="$b" -v ca="$ca" -v cb="$cb" -v n="$ROWS" 'BEGIN {
	printf "  (a) plain table     %10.1f ms  (%.2f us/row)\n", a, a * 1000 / n
	printf "  (b) rare_trace.flow %10.1f ms  (%.2f us/row)   (b)/(a) = %.2f   target <= 1.3: %s\n", b, b * 1000 / n, b / a, (b / a <= 1.3 ? "met" : "not met")
	if (ca > 0)
		printf "  backend CPU (a) %.0f ms, (b) %.0f ms, (b)/(a) = %.2f   target <= 1.3: %s\n", ca, cb, cb / ca, (cb / ca <= 1.3 ? "met" : "not met")
}'
vms=$(q -At <<SQL
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS broken FROM rare_trace.verify_ledger() \gset
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1) || ' ms, ' || :broken || ' broken chain(s)';
SQL
)
echo "  verify_ledger() over the $ROWS entries: $vms"

echo
echo "== single-row INSERT with pgbench, 1 client, ${SECONDS_PER_RUN}s per run (median of $RUNS, interleaved)"
for t in flow_plain rare_trace.flow; do
	cat >"$TMP/ins_${t#rare_trace.}.sql" <<SQL
\set i random(1, 1000000000)
INSERT INTO $t (enterprise, parent, child, kg, kind, docs) VALUES ('CN-LBPG', ('CN-LBPG-S' || :i || ' oxide 250kg Nd=70% Pr=8%')::rare_trace.rare_lot, ('CN-LBPG-T' || :i || ' metal 200kg Nd=99%')::rare_trace.rare_lot, 200, 'transform', jsonb_build_object('invoice', 'INV-' || :i));
SQL
done
reset_tables
for mode in server off; do
	if [ "$mode" = off ]; then
		opts="-c synchronous_commit=off"
		label="synchronous_commit = off"
	else
		opts=""
		label="synchronous_commit = $(q -At -c 'SHOW synchronous_commit')"
	fi
	lat_flow_plain=""
	lat_flow=""
	for ((i = 1; i <= RUNS; i++)); do
		for t in flow_plain flow; do
			l=$(PGOPTIONS="$opts" pgbench -n -d "$DB" -c 1 -j 1 -T "$SECONDS_PER_RUN" -f "$TMP/ins_$t.sql" 2>&1 |
				awk '/latency average/ {print $4}')
			eval "lat_$t+=\"$l \""
		done
	done
	la=$(echo "$lat_flow_plain" | tr ' ' '\n' | grep . | median)
	lb=$(echo "$lat_flow" | tr ' ' '\n' | grep . | median)
	awk -v m="$label" -v a="$la" -v b="$lb" 'BEGIN {
		printf "  %-26s latency (a) %.3f ms, (b) %.3f ms, (b)/(a) = %.2f   target <= 1.3: %s\n", m, a, b, b / a, (b / a <= 1.3 ? "met" : "not met")
	}'
done
broken=$(q -At -c "SELECT count(*) FROM rare_trace.verify_ledger()")
echo "  chains broken after the pgbench runs: $broken"

echo
echo "== many single-row INSERT statements in one transaction (flow_chain is written once, at commit)"
for n in 10000 20000; do
	reset_tables
	ms=$(q -At <<SQL
SELECT clock_timestamp() AS t0 \gset
DO \$\$
BEGIN
    FOR i IN 1 .. $n LOOP
        INSERT INTO rare_trace.flow (enterprise, parent, child, kg, kind)
        VALUES ('CN-LBTX', 'CN-LBTX-A1 oxide 1000kg Nd=70%', 'CN-LBTX-B1 metal 700kg Nd=99%', i, 'transform');
    END LOOP;
END
\$\$;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1);
SQL
)
	awk -v n="$n" -v ms="$ms" 'BEGIN { printf "  %6d statements: %9.1f ms  (%.1f us/statement)\n", n, ms, ms * 1000 / n }'
done
broken=$(q -At -c "SELECT count(*) FROM rare_trace.verify_ledger()")
echo "  chains broken: $broken"
