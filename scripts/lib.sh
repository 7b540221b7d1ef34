# shellcheck shell=bash
#
# scripts/lib.sh - shared helpers for scripts/test and scripts/demo.
#
# Source it; do not run it:
#
#     source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sourcing it:
#   * switches on `set -euo pipefail`,
#   * cds to the repository root (so the caller's cwd does not matter),
#   * installs EXIT/INT/TERM traps that run every cleanup registered with
#     rt_on_exit (most recent first), then call rt_after_cleanup if the
#     caller defined such a function.
#
# Functions (the first three, and rt_start_cluster, choose the PostgreSQL
# major first, see "PostgreSQL major" below, and put its bin directory
# first on PATH):
#   rt_select_pg_major   choose the PostgreSQL major (RT_PG_MAJOR, RT_PG_BIN)
#   rt_install_packages  install the Debian packages we need (no-op if present)
#   rt_build_install     make (with -Werror) and make install
#   rt_start_cluster     reuse $PGHOST/$PGPORT/$PGDATABASE or start a throwaway
#                        cluster that is stopped and deleted on exit
#   rt_init_cluster DIR PORT [CONF]  initdb a throwaway cluster in DIR
#   rt_stop_server DIR [TIMEOUT]     stop the server of the cluster in DIR
#   rt_psql              psql -X -v ON_ERROR_STOP=1 -q "$@"
#   rt_load_demo [PSQL-ARGS]  CREATE EXTENSION rare_trace and scripts/demo.sql
#                        (the demo data set and its report on stdout) in the
#                        database the psql arguments or PG* variables name
#   rt_on_exit CMD       run CMD (a string, eval'ed) when the script exits
#   rt_cleanup           run the registered cleanups now (idempotent)
#
# Environment knobs:
#   RT_PG_MAJOR    PostgreSQL major to use (e.g. 17); default: the newest
#                  installed postgresql-server-dev-NN, else the one the
#                  distribution ships
#   RT_PG_BIN      a PostgreSQL bin directory to use instead (its pg_config
#                  gives the major), e.g. a private copy from pgsandbox
#   RT_PORT        port of the throwaway cluster (default 5499; it listens on
#                  a Unix socket in its own temp dir only, so clashes with
#                  other servers are not an issue)
#   RT_EXTRA_CONF  extra lines appended to the throwaway cluster's
#                  postgresql.conf (e.g. "shared_preload_libraries='x'")
#   RT_NO_CLEAN=1  skip `make clean` before building (faster, but objects
#                  built earlier without -Werror are then not re-checked)

set -euo pipefail

RT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$RT_ROOT"

rt_log() { printf '==> %s\n' "$*" >&2; }
rt_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# PostgreSQL major
# ---------------------------------------------------------------------------
#
# RT_PG_MAJOR is the major we build and test against, chosen in this order:
#   1. RT_PG_BIN is set (a bin directory, e.g. a private relocated copy from
#      /work/tools/pgsandbox): the major of its pg_config;
#   2. RT_PG_MAJOR is set: that one (e.g. RT_PG_MAJOR=17);
#   3. the newest major whose server headers are installed
#      (postgresql-server-dev-NN);
#   4. the major the distribution ships: the one its `postgresql'
#      metapackage depends on (apt-cache; rt_install_packages looks it up,
#      after an apt-get update when the package lists are empty).
# RT_PG_BIN then defaults to /usr/lib/postgresql/$RT_PG_MAJOR/bin.

# Major of the pg_config in bin directory $1 ("PostgreSQL 17.12 (...)" -> 17).
rt_pg_major_of_bin() {
	local v
	v="$("$1/pg_config" --version 2>/dev/null)" || return 1
	[[ $v =~ ^PostgreSQL\ ([0-9]+) ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

# Newest major with postgresql-server-dev-NN installed (its server headers).
rt_newest_installed_pg_major() {
	local d m best=""
	for d in /usr/include/postgresql/*/server/postgres.h; do
		[[ -f $d ]] || continue
		m="${d#/usr/include/postgresql/}"
		m="${m%%/*}"
		[[ $m =~ ^[0-9]+$ ]] || continue
		if [[ -z $best || $m -gt $best ]]; then best=$m; fi
	done
	[[ -n $best ]] && echo "$best"
}

# Major the distribution ships: the dependency of the `postgresql'
# metapackage (postgresql -> postgresql-17), from apt's package lists.
rt_distribution_pg_major() {
	apt-cache depends postgresql 2>/dev/null |
		sed -n -E 's/^ *Depends: postgresql-([0-9]+)$/\1/p' | sort -n | tail -n 1 | grep .
}

# Major of the installed clang (its libFuzzer runtime is libclang-rt-NN-dev),
# else of the clang the distribution ships (clang -> clang-19).
rt_clang_major() {
	local v
	if command -v clang >/dev/null 2>&1 && v="$(clang -dumpversion 2>/dev/null)"; then
		echo "${v%%.*}"
	else
		apt-cache depends clang 2>/dev/null |
			sed -n -E 's/^ *Depends: clang-([0-9]+)$/\1/p' | sort -n | tail -n 1 | grep .
	fi
}

# Make $1 the major in use: RT_PG_MAJOR, RT_PG_BIN, RT_PG_CONFIG, PATH.
rt_use_pg_major() {
	RT_PG_MAJOR=$1
	RT_PG_BIN="${RT_PG_BIN:-/usr/lib/postgresql/$RT_PG_MAJOR/bin}"
	RT_PG_CONFIG="$RT_PG_BIN/pg_config"
	# Put the major's own binaries (psql, pg_isready, initdb, pg_ctl) ahead of
	# Debian's version-guessing wrappers in /usr/bin; pg_prove runs `psql' too.
	export PATH="$RT_PG_BIN:$PATH"
}

RT_PG_CONFIG=""    # set once the major is chosen

# Choose the major (steps 1-3 above; step 4 only with the argument "apt",
# as rt_install_packages passes).  Idempotent; dies when nothing fits.
rt_select_pg_major() {
	local m
	[[ -z $RT_PG_CONFIG ]] || return 0
	if [[ -n ${RT_PG_BIN:-} ]]; then
		m="$(rt_pg_major_of_bin "$RT_PG_BIN")" ||
			rt_die "RT_PG_BIN=$RT_PG_BIN: no working pg_config there"
		if [[ -n ${RT_PG_MAJOR:-} && $RT_PG_MAJOR != "$m" ]]; then
			rt_die "RT_PG_MAJOR=$RT_PG_MAJOR, but RT_PG_BIN=$RT_PG_BIN is PostgreSQL $m"
		fi
	elif [[ -n ${RT_PG_MAJOR:-} ]]; then
		[[ $RT_PG_MAJOR =~ ^[1-9][0-9]*$ ]] ||
			rt_die "RT_PG_MAJOR must be a major version such as 17, not '$RT_PG_MAJOR'"
		m=$RT_PG_MAJOR
	elif m="$(rt_newest_installed_pg_major)"; then
		:
	elif [[ ${1:-} == apt ]]; then
		if ! m="$(rt_distribution_pg_major)"; then
			rt_apt_update
			m="$(rt_distribution_pg_major)" ||
				rt_die "apt knows no \`postgresql' package: cannot tell which PostgreSQL major to use (set RT_PG_MAJOR)"
		fi
	else
		rt_die "no PostgreSQL server headers installed (postgresql-server-dev-NN); run rt_install_packages first or set RT_PG_MAJOR or RT_PG_BIN"
	fi
	rt_use_pg_major "$m"
	rt_log "PostgreSQL $RT_PG_MAJOR ($RT_PG_BIN)"
}

# Warnings that must stay errors.  The -Wno-* entries switch off -Wextra
# checks that PostgreSQL's own coding style (unused fcinfo, int/uint
# comparisons, partial struct initialisers) trips all the time.
RT_PG_CFLAGS="-Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers"

# Packages needed to build and test.  In the names, @PG@ stands for the
# PostgreSQL major (RT_PG_MAJOR) and @CLANG@ for clang's major; both are
# filled in by rt_install_packages.  postgresql-contrib-@PG@ is added at
# install time only if it is a real package (on Debian 12 and later it is a
# virtual package provided by postgresql-@PG@).
RT_PACKAGES=(
	build-essential
	clang
	libclang-rt-@CLANG@-dev                 # libFuzzer runtime
	postgresql-@PG@
	postgresql-server-dev-@PG@
	postgresql-@PG@-pgtap
	libtap-parser-sourcehandler-pgtap-perl  # pg_prove
	libipc-run-perl
	git
	ca-certificates
	procps
	valgrind                                # scripts/test: valgrind suite
	sqlsmith                                # scripts/test: sqlsmith suite
	graphviz                                # dot: scripts/demo's pictures, scripts/test's graphviz suite
	# scripts/test: clients suite (test/clients/)
	unixodbc                                # unixODBC driver manager
	unixodbc-dev                            # sql.h, -lodbc for odbc_check.c
	odbc-postgresql                         # psqlODBC
	libpostgresql-jdbc-java                 # pgjdbc
	default-jdk-headless                    # javac, java
	python3-psycopg                         # psycopg 3
)

# Run a command as root: directly when we are root, else through sudo.
rt_as_root() {
	if [[ $EUID -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		rt_die "need root or sudo to run: $*"
	fi
}

# ---------------------------------------------------------------------------
# Cleanup machinery
# ---------------------------------------------------------------------------

RT_CLEANUPS=()

rt_on_exit() { RT_CLEANUPS+=("$1"); }

# Run registered cleanups, newest first.  Each one runs even if an earlier
# one failed; the list is emptied so a second call does nothing.
rt_cleanup() {
	local i
	for ((i = ${#RT_CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${RT_CLEANUPS[i]}" || true
	done
	RT_CLEANUPS=()
}

_rt_exit_trap() {
	local rc=$?
	set +e
	trap '' INT TERM    # a second Ctrl-C must not cut the cleanup short
	rt_cleanup
	if declare -F rt_after_cleanup >/dev/null; then
		rt_after_cleanup "$rc"
	fi
	exit "$rc"
}

trap _rt_exit_trap EXIT
# exit from a signal trap fires the EXIT trap, which does the cleanup.
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------

# True if a package is fully installed ("ii"), without touching the network.
rt_pkg_installed() {
	[[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" == ii* ]]
}

# Tell postgresql-common not to create (and start) the default "NN main"
# cluster when postgresql-NN gets installed; we never use it.
rt_no_main_cluster() {
	local conf=/etc/postgresql-common/createcluster.conf
	rt_as_root mkdir -p "$(dirname "$conf")"
	if [[ -f $conf ]] && grep -Eq '^[[:space:]]*#?[[:space:]]*create_main_cluster' "$conf"; then
		rt_as_root sed -i -E 's/^[[:space:]]*#?[[:space:]]*create_main_cluster.*/create_main_cluster = false/' "$conf"
	else
		echo 'create_main_cluster = false' | rt_as_root tee -a "$conf" >/dev/null
	fi
}

# apt-get update, once per run.  Its progress goes to stderr, with the
# other logs: stdout is some callers' result (scripts/package prints the
# .deb files it built there, and test/package/run reads them).
RT_APT_UPDATED=0
rt_apt_update() {
	[[ $RT_APT_UPDATED == 0 ]] || return 0
	rt_as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q update >&2 ||
		rt_die "apt-get update failed"
	RT_APT_UPDATED=1
}

# RT_PACKAGES with @PG@ (RT_PG_MAJOR) and @CLANG@ ($1) filled in, one a line.
rt_package_names() {
	local clang=$1 pkg
	for pkg in "${RT_PACKAGES[@]}"; do
		pkg="${pkg//@PG@/$RT_PG_MAJOR}"
		echo "${pkg//@CLANG@/$clang}"
	done
}

rt_install_packages() {
	local pkg clang missing=()
	rt_select_pg_major apt
	if ! clang="$(rt_clang_major)"; then
		rt_apt_update
		clang="$(rt_clang_major)" || rt_die "apt knows no \`clang' package"
	fi
	for pkg in $(rt_package_names "$clang"); do
		rt_pkg_installed "$pkg" || missing+=("$pkg")
	done
	if [[ ${#missing[@]} -eq 0 ]]; then
		rt_log "packages: all present"
		return 0
	fi

	rt_log "packages: installing ${missing[*]}"
	if ! rt_pkg_installed "postgresql-$RT_PG_MAJOR"; then
		rt_no_main_cluster
	fi

	# UCF_FORCE_CONFFOLD: postgresql-common installs createcluster.conf
	# through ucf; keep the one rt_no_main_cluster wrote, without asking.
	local apt=(env DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 apt-get -y -q)
	rt_apt_update
	pkg="postgresql-contrib-$RT_PG_MAJOR"
	if apt-cache show "$pkg" 2>/dev/null | grep -q "^Package: $pkg\$"; then
		missing+=("$pkg")
	fi
	# Never stop to ask about a changed configuration file.
	rt_as_root "${apt[@]}" install --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		"${missing[@]}" || rt_die "apt-get install failed"
}

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

rt_build_install() {
	rt_select_pg_major
	export PG_CONFIG="$RT_PG_CONFIG"
	if [[ ! -x $PG_CONFIG ]]; then
		echo "error: $PG_CONFIG not found (is postgresql-server-dev-$RT_PG_MAJOR installed?)" >&2
		return 1
	fi

	# A clean build makes sure every object really passes -Werror.
	# (Each step has its own `|| return`: callers may run this function
	# in an `if` or `||` context, where `set -e` is suspended.)
	if [[ ${RT_NO_CLEAN:-0} != 1 ]]; then
		make -s clean PG_CONFIG="$PG_CONFIG" || return 1
	fi
	rt_log "build: make (PG_CFLAGS=$RT_PG_CFLAGS)"
	make -j"$(nproc)" PG_CONFIG="$PG_CONFIG" PG_CFLAGS="$RT_PG_CFLAGS" || return 1
	rt_log "build: make install"
	rt_as_root make install PG_CONFIG="$PG_CONFIG" PG_CFLAGS="$RT_PG_CFLAGS" || return 1
}

# ---------------------------------------------------------------------------
# Database server
# ---------------------------------------------------------------------------

RT_CLUSTER_DIR=""   # temp dir of the cluster we created, if any
RT_SERVER_USER=""   # OS user that owns it

# Run a command as the server's OS user (ourselves when not root).
rt_as_server_user() {
	if [[ $EUID -eq 0 ]]; then
		runuser -u "$RT_SERVER_USER" -- "$@"
	else
		"$@"
	fi
}

# Pick (and if needed create) an unprivileged OS user to own the cluster.
rt_pick_server_user() {
	if [[ $EUID -ne 0 ]]; then
		RT_SERVER_USER="$(id -un)"
	elif id -u postgres >/dev/null 2>&1; then
		RT_SERVER_USER=postgres
	else
		if ! id -u rare_trace >/dev/null 2>&1; then
			rt_log "cluster: creating system user rare_trace"
			useradd --system --no-create-home --home-dir /nonexistent \
				--shell /usr/sbin/nologin rare_trace ||
				rt_die "could not create user rare_trace"
		fi
		RT_SERVER_USER=rare_trace
	fi
}

# Stop the server of the cluster in DIR (fast, else immediate), if running.
# The timeout is for the fast stop (a server under valgrind needs longer).
rt_stop_server() {	# dir [timeout-seconds]
	local dir=$1 timeout=${2:-60}
	[[ -f $dir/data/postmaster.pid ]] || return 0
	rt_as_server_user "$RT_PG_BIN/pg_ctl" stop -D "$dir/data" \
		-m fast -w -t "$timeout" >/dev/null 2>&1 ||
	rt_as_server_user "$RT_PG_BIN/pg_ctl" stop -D "$dir/data" \
		-m immediate -w >/dev/null 2>&1 ||
	echo "warning: could not stop the cluster in $dir" >&2
}

# Stop and delete the cluster we created (registered with rt_on_exit).
rt_stop_cluster() {
	[[ -n $RT_CLUSTER_DIR ]] || return 0
	rt_stop_server "$RT_CLUSTER_DIR"
	rm -rf -- "$RT_CLUSTER_DIR"
	RT_CLUSTER_DIR=""
}

# initdb a throwaway cluster in DIR/data (DIR exists, owned by the server
# user) that listens on port PORT of a Unix socket in DIR only; EXTRA is
# appended to its postgresql.conf.  Used for the main cluster and for the
# side clusters of scripts/test (valgrind, sqlsmith).
rt_init_cluster() {	# dir port [extra-conf]
	local dir=$1 port=$2 extra=${3:-}
	local locale=C
	if locale -a 2>/dev/null | grep -Eqix 'c\.utf-?8'; then
		locale=C.UTF-8
	fi

	rt_log "cluster: initdb in $dir (user $RT_SERVER_USER, locale $locale)"
	rt_as_server_user "$RT_PG_BIN/initdb" -D "$dir/data" -U postgres \
		--auth=trust -E UTF8 --locale="$locale" --no-instructions \
		>"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		echo "error: initdb failed" >&2
		return 1
	}

	# Settings for a throwaway test server: Unix socket in our own dir
	# only, no durability, room for parallel workers and 2PC tests.
	local conf
	conf="
# --- added by scripts/lib.sh (throwaway test cluster) ---
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 8
max_parallel_workers = 4
max_prepared_transactions = 10
$extra"
	printf '%s\n' "$conf" |
		rt_as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null ||
		{ echo "error: could not write postgresql.conf" >&2; return 1; }
}

rt_start_cluster() {
	rt_select_pg_major
	# Reuse a server the caller pointed us at, if it answers.
	if [[ -n ${PGHOST:-} && -n ${PGPORT:-} && -n ${PGDATABASE:-} ]] &&
		pg_isready -q -t 5; then
		rt_log "cluster: using existing server PGHOST=$PGHOST PGPORT=$PGPORT PGDATABASE=$PGDATABASE"
		return 0
	fi

	rt_pick_server_user
	local port="${RT_PORT:-5499}"
	local dir
	# Short path: a Unix socket path must stay under ~107 bytes.
	dir="$(mktemp -d /tmp/rare_trace.XXXXXX)" || rt_die "mktemp failed"
	RT_CLUSTER_DIR="$dir"
	rt_on_exit rt_stop_cluster
	if [[ $EUID -eq 0 ]]; then
		chown "$RT_SERVER_USER:" "$dir" || rt_die "chown $dir failed"
	fi

	rt_init_cluster "$dir" "$port" "${RT_EXTRA_CONF:-}" ||
		rt_die "could not create the cluster"

	rt_log "cluster: starting on $dir port $port"
	rt_as_server_user "$RT_PG_BIN/pg_ctl" start -D "$dir/data" -l "$dir/log" \
		-w -t 60 >/dev/null || {
		cat "$dir/log" >&2 || true
		rt_die "could not start the cluster"
	}

	export PGHOST="$dir" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
	pg_isready -q -t 10 || rt_die "cluster started but pg_isready fails"
}

rt_psql() {
	psql -X -v ON_ERROR_STOP=1 -q "$@"
}

# Load the demo data set: CREATE EXTENSION rare_trace (if not there), then
# scripts/demo.sql, whose report goes to stdout.  The arguments go to both
# psql runs (e.g. -h DIR -p PORT -U postgres -d DB); without them the PG*
# variables name the database.  Used by scripts/demo and by the sqlsmith
# and clients suites of scripts/test.
rt_load_demo() {
	rt_psql "$@" -c 'CREATE EXTENSION IF NOT EXISTS rare_trace CASCADE' &&
		rt_psql -P pager=off "$@" -f "$RT_ROOT/scripts/demo.sql"
}
