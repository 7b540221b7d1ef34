#!/usr/bin/env bash
#
# test/bench/provenance_bench.sh - the provenance aggregate against a plain
# SQL recursive CTE that multiplies shares along paths, side by side in one
# run (called by scripts/bench; needs a running server in PGHOST/PGPORT,
# a superuser, and rare_trace >= 0.3.0 installed).  Own database
# rt_prov_bench, created and dropped.
#
# For each size (RT_PROV_SIZES, default "10000 100000 1000000" flows):
#   1. generates a deterministic 5-layer supply-chain DAG of exactly that
#      many flows (test/bench/provenance_generate.sql: mines -> 12
#      separator oxide lots -> NdPr metal -> alloy -> magnet lots, 5 x 5 x 4
#      inputs per magnet, alloy and metal lots feeding ~2 children, so a
#      magnet reaches every separator input through ~8 paths; masses and
#      assays consistent, so the aggregate reports no issue) into a ledger
#      rt_pb.flow (parent rare_lot, child rare_lot, kg numeric, codes);
#   2. RT_BENCH_RUNS rounds (default 3) after one warm-up round, interleaved
#      (test/bench/provenance_run.sql):
#        gather_one    agg_one's input alone (the floor of a one-magnet query)
#        agg_one       ancestor lots of one magnet (recursive CTE, UNION),
#                      their flows into rare_trace.provenance, then
#                      provenance_rows (origin, Nd)
#        cte_one       the baseline for that magnet: per-flow Nd shares
#                      computed once, then a recursive CTE (UNION ALL) over
#                      every root-to-magnet path multiplying them, summed
#                      per root country
#        agg_all       rare_trace.provenance over the whole table
#        agg_rows_all  the same plus provenance_rows (origin, Nd)
#        cte_all       the baseline from every magnet (not in the warm-up)
#      each timed in the server (clock_timestamp() deltas, planning
#      included) with the backend's CPU time (/proc/self/stat; a parallel
#      plan's workers are not counted).  The CTE runs under
#      statement_timeout = RT_PROV_TIMEOUT s (default 300); a cancelled
#      CTE variant is reported as "> N" (its ratio is then a lower bound)
#      and skipped for the remaining runs and sizes;
#   3. untimed: the number of root-to-magnet paths (a counting DP, no
#      enumeration), checks that the aggregate and the CTE give the same
#      Nd origin shares (within 1e-9), the issues found, the plan, and the
#      aggregate's peak memory in a fresh backend (/proc/self/status).
# Then prints the figures: medians, ratios, growth between sizes, and the
# issue's targets (>= 20x faster than the CTE at 100k flows; 10x flows <=
# 12x time).
#
# Figures, not pass/fail: the exit status is 0 whatever the figures.
# Environment:
#   RT_PROV_SIZES     flow counts, e.g. "10000 100000" for a quick run
#   RT_BENCH_RUNS     timed rounds per size (default 3; the median is used)
#   RT_PROV_TIMEOUT   statement_timeout of every timed statement, s (300)
#   RT_PROV_CTE_TYPE  float8 (default: the faster baseline) or numeric
#                     for the CTE's shares
#   RT_PROV_WORK_MEM  work_mem of the timed session (default 256MB, so the
#                     CTE's sorts and hashes do not spill)
#   RT_PROV_JIT       jit in the timed session (default off: compiling
#                     costs 0.1-1 s a query whenever the planner's estimate
#                     passes jit_above_cost, whatever the method; or on)
#   RT_PROV_FANIN     inputs per magnet, alloy and metal lot (default
#                     "5 5 4"); paths per ancestor flow of one magnet grow
#                     with their product (about product / 12)

set -euo pipefail

SIZES="${RT_PROV_SIZES:-10000 100000 1000000}"
RUNS="${RT_BENCH_RUNS:-3}"
TIMEOUT_S="${RT_PROV_TIMEOUT:-300}"
CTE_TYPE="${RT_PROV_CTE_TYPE:-float8}"
WORK_MEM="${RT_PROV_WORK_MEM:-256MB}"
FANIN="${RT_PROV_FANIN:-5 5 4}"
JIT="${RT_PROV_JIT:-off}"
DB=rt_prov_bench
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "provenance_bench: $*" >&2; exit 1; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RT_BENCH_RUNS must be a positive integer, not '$RUNS'"
[[ $TIMEOUT_S =~ ^[1-9][0-9]*$ ]] || die "RT_PROV_TIMEOUT must be a positive integer (seconds), not '$TIMEOUT_S'"
[[ $CTE_TYPE == float8 || $CTE_TYPE == numeric ]] || die "RT_PROV_CTE_TYPE must be float8 or numeric"
[[ $WORK_MEM =~ ^[1-9][0-9]*(kB|MB|GB)$ ]] || die "RT_PROV_WORK_MEM must look like 256MB"
[[ $JIT == on || $JIT == off ]] || die "RT_PROV_JIT must be on or off"
read -r dg da dt extra <<<"$FANIN"
if ! [[ $dg =~ ^[1-9][0-9]?$ && $da =~ ^[1-9][0-9]?$ && $dt =~ ^[1-9][0-9]?$ && -z ${extra:-} ]] || ((dt > 12)); then
	die "RT_PROV_FANIN must be three inputs per lot 'magnet alloy metal', e.g. '5 5 4' (metal at most 12)"
fi
read -r -a sizes <<<"$SIZES"
((${#sizes[@]} > 0)) || die "RT_PROV_SIZES is empty"
for s in "${sizes[@]}"; do
	if ! [[ $s =~ ^[1-9][0-9]*$ ]] || ((s < 1000)); then
		die "RT_PROV_SIZES: '$s' is not a flow count >= 1000"
	fi
done
mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -n -u)

trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT

q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

dropdb --if-exists "$DB" >/dev/null 2>&1 || true
createdb "$DB"
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION rare_trace"
if [[ $(q -At -c "SELECT to_regprocedure('rare_trace.provenance(rare_trace.rare_lot, rare_trace.rare_lot, numeric)') IS NOT NULL") != t ]]; then
	die "rare_trace $(q -At -c "SELECT extversion FROM pg_extension WHERE extname = 'rare_trace'") has no provenance aggregate (0.3.0 or later needed)"
fi
q -f "$HERE/provenance_setup.sql"

echo
echo "== provenance: aggregate vs path-multiplying recursive CTE, flows: ${sizes[*]}"
echo "   (median of $RUNS interleaved runs; CTE cancelled after $TIMEOUT_S s; progress on stderr)"
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

for size in "${sizes[@]}"; do
	echo "  $size flows: generating" >&2
	t0=$(date +%s.%N)
	q -v flows="$size" -v dg="$dg" -v da="$da" -v dt="$dt" -f "$HERE/provenance_generate.sql"
	gen_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
	one=$(q -At -c "SELECT one_magnet FROM rt_pb.info")
	echo "  $size flows: generated in $gen_s s; timing (magnet $one)" >&2
	{
		echo "SET client_min_messages = warning;"
		echo "SET work_mem = '$WORK_MEM';"
		echo "SET jit = $JIT;"
		echo "SET statement_timeout = '${TIMEOUT_S}s';"
		echo "SET temp_file_limit = '40GB';"
		echo "\\set size $size"
		echo "\\set one_magnet '$one'"
		echo "\\set cte_type $CTE_TYPE"
		for ((r = 0; r <= RUNS; r++)); do
			echo "\\set run $r"
			echo "\\i '$HERE/provenance_run.sql'"
		done
		echo "\\set gen_s $gen_s"
		echo "\\i '$HERE/provenance_stats.sql'"
	} | q
	echo "  $size flows: memory and issues (fresh backend)" >&2
	q -v size="$size" -v jit="$JIT" -f "$HERE/provenance_mem.sql"
done

load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
root="$(cd "$HERE/../.." && pwd)"
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain -- src 2>/dev/null) ]]; then
	rev="$rev, src/ modified"
fi
q -At -F ' ' <<SQL
SELECT '  server:  PostgreSQL ' || current_setting('server_version')
    || ', shared_buffers=' || current_setting('shared_buffers')
    || ', max_parallel_workers_per_gather=' || current_setting('max_parallel_workers_per_gather')
    || '; timed session: work_mem=$WORK_MEM, jit=$JIT, statement_timeout=${TIMEOUT_S}s';
SELECT '  machine: $(nproc 2>/dev/null || echo '?') CPUs, load average $load0 at start, $load1 at end';
SELECT '  rare_trace ' || extversion || ' (checkout $rev; the installed build is what ran); DAG fan-in magnet <- $dg alloy <- $da metal <- $dt oxide lots; CTE shares as $CTE_TYPE'
FROM pg_extension WHERE extname = 'rare_trace';
SQL
q -v timeout_s="$TIMEOUT_S" -f "$HERE/provenance_report.sql"
exit 0
