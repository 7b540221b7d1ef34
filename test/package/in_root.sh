#!/bin/bash
#
# test/package/in_root.sh - run by test/package/run inside a fresh Debian
# root, from a directory holding debs/*.deb (postgresql-NN-rare-trace) and
# apt/ (the building machine's apt sources).  For each package: apt installs
# it (pulling in postgresql-NN), a cluster of that major is created,
# CREATE EXTENSION rare_trace and one query run, the extension is dropped,
# the cluster removed, the package purged, and its files must be gone.
# Prints one line per package and "N passed, M failed" last.
set -u
export DEBIAN_FRONTEND=noninteractive
PORT=5539
passed=0
failed=0

say() { printf '%s\n' "$*"; }

# The .debs were built against this machine's archive (security updates
# included): use the same apt sources.
if [ -d apt ]; then
	cp apt/sources.list /etc/apt/sources.list 2>/dev/null || true
	for f in apt/*.sources; do [ -f "$f" ] && cp "$f" /etc/apt/sources.list.d/; done
fi
# No default "NN main" cluster (and no server started) on install.
mkdir -p /etc/postgresql-common
echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
apt-get -q update >/dev/null || { say "apt-get update failed"; say "0 passed, 1 failed"; exit 1; }

# test_one DEB: the whole round trip for one package; non-zero on failure.
test_one() {
	local deb=$1 pkg major out want
	pkg=$(dpkg-deb -f "$deb" Package)
	major=${pkg#postgresql-}
	major=${major%-rare-trace}
	apt-get -y -q install --no-install-recommends -o Dpkg::Options::=--force-confold "./$deb" ||
		{ say "$pkg: apt-get install failed"; return 1; }
	pg_createcluster "$major" rt_pkg_test -p "$PORT" -- --auth=trust >/dev/null ||
		{ say "$pkg: pg_createcluster failed"; return 1; }
	echo "listen_addresses = ''" >>"/etc/postgresql/$major/rt_pkg_test/postgresql.conf"
	pg_ctlcluster "$major" rt_pkg_test start || { say "$pkg: the cluster did not start"; return 1; }
	want='350.56 CN-AB-1 ore 2000kg La=5% Nd=10%'
	out=$(runuser -u postgres -- psql -X -At -p "$PORT" -v ON_ERROR_STOP=1 \
		-c 'CREATE EXTENSION rare_trace CASCADE' \
		-c "SELECT rare_trace.reo_kg(l)::text || ' ' || l::text
		      FROM (SELECT 'cn-ab-1 ORE 2t nd=10% la=5%'::rare_trace.rare_lot AS l) AS s" \
		-c 'DROP EXTENSION rare_trace') || { say "$pkg: psql failed: $out"; return 1; }
	out=$(printf '%s\n' "$out" | grep -v -e '^CREATE EXTENSION$' -e '^DROP EXTENSION$')
	[ "$out" = "$want" ] || { say "$pkg: the query gave '$out', not '$want'"; return 1; }
	say "$pkg: CREATE EXTENSION rare_trace on PostgreSQL $(runuser -u postgres -- psql -X -At -p "$PORT" -c 'SHOW server_version'): $out"
	pg_dropcluster --stop "$major" rt_pkg_test || { say "$pkg: pg_dropcluster failed"; return 1; }
	apt-get -y -q purge "$pkg" || { say "$pkg: apt-get purge failed"; return 1; }
	if dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^i'; then
		say "$pkg: still installed after purge"; return 1
	fi
	for f in "/usr/lib/postgresql/$major/lib/rare_trace.so" \
		"/usr/share/postgresql/$major/extension/rare_trace.control"; do
		[ ! -e "$f" ] || { say "$pkg: $f is left after purge"; return 1; }
	done
	say "$pkg: installed, extension created and queried, removed"
}

for deb in debs/*.deb; do
	[ -f "$deb" ] || { say "no debs/*.deb"; failed=$((failed + 1)); break; }
	if test_one "$deb"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
