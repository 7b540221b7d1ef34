#!/usr/bin/env bash
#
# test/upgrade/dump_compare.sh - the schema of rare_trace installed fresh at
# the default version equals, in a pg_dump, the schema reached by installing
# the oldest released version and updating step by step.
#
# pg_dump --binary-upgrade is the one mode that dumps every member object of
# an extension (with its ALTER EXTENSION ... ADD); the lines that differ by
# construction (OIDs, xids, LSNs, pg_dump's random \restrict key) are dropped
# before the comparison.  sql/upgrade.sql makes the member-by-member and the
# data-survival checks; this one catches anything a catalog query there
# does not look at (defaults, storage, dependencies, grants, ordering of
# enum labels, ...).
#
# Connects with the PG* environment; needs psql and pg_dump on PATH (the
# server's own, as scripts/test arranges).  Prints one TAP line per check
# and exits non-zero on a difference.
set -euo pipefail

fresh=rt_upgrade_fresh
chain=rt_upgrade_chain
work=$(mktemp -d /tmp/rt_upgrade.XXXXXX)
cleanup() {
	psql -X -q -c "DROP DATABASE IF EXISTS $fresh" -c "DROP DATABASE IF EXISTS $chain" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

q() { psql -X -v ON_ERROR_STOP=1 -q -At "$@"; }

q -c "DROP DATABASE IF EXISTS $fresh" -c "DROP DATABASE IF EXISTS $chain" 2>/dev/null
q -c "CREATE DATABASE $fresh" -c "CREATE DATABASE $chain"

# The default version, the oldest installable one, and the update path
# between them as PostgreSQL itself finds it from the scripts.
default=$(q -c "SELECT default_version FROM pg_available_extensions WHERE name = 'rare_trace'")
oldest=$(q -c "SELECT version FROM pg_available_extension_versions WHERE name = 'rare_trace'
               ORDER BY string_to_array(version, '.')::int[] LIMIT 1")
path=$(q -c "SELECT path FROM pg_extension_update_paths('rare_trace')
             WHERE source = '$oldest' AND target = '$default'")
if [[ -z $path ]]; then
	echo "not ok 1 - no update path from $oldest to $default"
	exit 1
fi

q -d "$fresh" -c "CREATE EXTENSION rare_trace"
q -d "$chain" -c "CREATE EXTENSION rare_trace VERSION '$oldest'"
IFS=- read -r -a steps <<<"${path//--/-}"
for v in "${steps[@]:1}"; do
	q -d "$chain" -c "ALTER EXTENSION rare_trace UPDATE TO '$v'"
done

norm() {
	pg_dump --schema-only --binary-upgrade -d "$1" 2>/dev/null |
		sed -E '/^\\(un)?restrict |binary_upgrade|relfrozenxid|^WHERE oid = /d'
}
norm "$fresh" >"$work/fresh.sql"
norm "$chain" >"$work/chain.sql"

members=$(grep -c '^ALTER EXTENSION rare_trace ADD ' "$work/fresh.sql" || true)
if [[ $members -lt 50 ]]; then
	echo "not ok 1 - the fresh dump lists only $members extension members (pg_dump output not understood)"
	exit 1
fi
if diff -u "$work/fresh.sql" "$work/chain.sql" >"$work/diff"; then
	echo "ok 1 - pg_dump of a fresh $default install equals $path ($members members)"
else
	echo "not ok 1 - pg_dump of a fresh $default install differs from $path"
	sed 's/^/# /' "$work/diff"
	exit 1
fi
