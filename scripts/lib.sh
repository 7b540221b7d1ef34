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
#   * puts PostgreSQL 15's bin directory first on PATH,
#   * installs EXIT/INT/TERM traps that run every cleanup registered with
#     rt_on_exit (most recent first), then call rt_after_cleanup if the
#     caller defined such a function.
#
# Functions:
#   rt_install_packages  install the Debian packages we need (no-op if present)
#   rt_build_install     make (with -Werror) and make install
#   rt_start_cluster     reuse $PGHOST/$PGPORT/$PGDATABASE or start a throwaway
#                        cluster that is stopped and deleted on exit
#   rt_psql              psql -X -v ON_ERROR_STOP=1 -q "$@"
#   rt_on_exit CMD       run CMD (a string, eval'ed) when the script exits
#   rt_cleanup           run the registered cleanups now (idempotent)
#
# Environment knobs:
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

RT_PG_BIN="${RT_PG_BIN:-/usr/lib/postgresql/15/bin}"
RT_PG_CONFIG="$RT_PG_BIN/pg_config"

# Put PG 15's own binaries (psql, pg_isready, initdb, pg_ctl) ahead of
# Debian's version-guessing wrappers in /usr/bin; pg_prove runs `psql` too.
export PATH="$RT_PG_BIN:$PATH"

# Warnings that must stay errors.  The -Wno-* entries switch off -Wextra
# checks that PostgreSQL's own coding style (unused fcinfo, int/uint
# comparisons, partial struct initialisers) trips all the time.
RT_PG_CFLAGS="-Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers"

# Packages needed to build and test.  postgresql-contrib-15 is added at
# install time only if it is a real package (on Debian 12 it is a virtual
# package provided by postgresql-15).
RT_PACKAGES=(
	build-essential
	clang
	libclang-rt-14-dev                      # libFuzzer runtime
	postgresql-15
	postgresql-server-dev-15
	postgresql-15-pgtap
	libtap-parser-sourcehandler-pgtap-perl  # pg_prove
	libipc-run-perl
	git
	ca-certificates
	procps
)

rt_log() { printf '==> %s\n' "$*" >&2; }
rt_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

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

# Tell postgresql-common not to create (and start) the default "15 main"
# cluster when postgresql-15 gets installed; we never use it.
rt_no_main_cluster() {
	local conf=/etc/postgresql-common/createcluster.conf
	rt_as_root mkdir -p "$(dirname "$conf")"
	if [[ -f $conf ]] && grep -Eq '^[[:space:]]*#?[[:space:]]*create_main_cluster' "$conf"; then
		rt_as_root sed -i -E 's/^[[:space:]]*#?[[:space:]]*create_main_cluster.*/create_main_cluster = false/' "$conf"
	else
		echo 'create_main_cluster = false' | rt_as_root tee -a "$conf" >/dev/null
	fi
}

rt_install_packages() {
	local pkg missing=()
	for pkg in "${RT_PACKAGES[@]}"; do
		rt_pkg_installed "$pkg" || missing+=("$pkg")
	done
	if [[ ${#missing[@]} -eq 0 ]]; then
		rt_log "packages: all present"
		return 0
	fi

	rt_log "packages: installing ${missing[*]}"
	if ! rt_pkg_installed postgresql-15; then
		rt_no_main_cluster
	fi

	# UCF_FORCE_CONFFOLD: postgresql-common installs createcluster.conf
	# through ucf; keep the one rt_no_main_cluster wrote, without asking.
	local apt=(env DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 apt-get -y -q)
	rt_as_root "${apt[@]}" update || rt_die "apt-get update failed"
	if apt-cache show postgresql-contrib-15 2>/dev/null | grep -q '^Package: postgresql-contrib-15$'; then
		missing+=(postgresql-contrib-15)
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
	export PG_CONFIG="$RT_PG_CONFIG"
	if [[ ! -x $PG_CONFIG ]]; then
		echo "error: $PG_CONFIG not found (is postgresql-server-dev-15 installed?)" >&2
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

# Stop and delete the cluster we created (registered with rt_on_exit).
rt_stop_cluster() {
	[[ -n $RT_CLUSTER_DIR ]] || return 0
	if [[ -f $RT_CLUSTER_DIR/data/postmaster.pid ]]; then
		rt_as_server_user "$RT_PG_BIN/pg_ctl" stop -D "$RT_CLUSTER_DIR/data" \
			-m fast -w -t 60 >/dev/null 2>&1 ||
		rt_as_server_user "$RT_PG_BIN/pg_ctl" stop -D "$RT_CLUSTER_DIR/data" \
			-m immediate -w >/dev/null 2>&1 ||
		echo "warning: could not stop the cluster in $RT_CLUSTER_DIR" >&2
	fi
	rm -rf -- "$RT_CLUSTER_DIR"
	RT_CLUSTER_DIR=""
}

rt_start_cluster() {
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

	local locale=C
	if locale -a 2>/dev/null | grep -Eqix 'c\.utf-?8'; then
		locale=C.UTF-8
	fi

	rt_log "cluster: initdb in $dir (user $RT_SERVER_USER, locale $locale)"
	rt_as_server_user "$RT_PG_BIN/initdb" -D "$dir/data" -U postgres \
		--auth=trust -E UTF8 --locale="$locale" --no-instructions \
		>"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		rt_die "initdb failed"
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
${RT_EXTRA_CONF:-}"
	printf '%s\n' "$conf" |
		rt_as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null ||
		rt_die "could not write postgresql.conf"

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
