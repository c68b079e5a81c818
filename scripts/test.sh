#!/usr/bin/env bash
# `make test`: lint, then the whole suite on a throwaway database.
#   1. install the three addons with demo data (ERROR anywhere, or WARNING about our
#      addons, fails the run);
#   2. every addon test with pytest-odoo (--odoo-http: HttpCase and tours run in
#      Chromium);
#   3. the external suite in tests/ against a live Odoo (--workers=2) over XML-RPC;
#   4. drop the database, stop what was started; print "N passed, M failed".
# Options (environment): CS_TEST_KEEP_DB=1 keeps the database, CS_SKIP_LINT=1,
# CS_PYTEST_ARGS="-k 'expr'" narrows the pytest runs, CS_TEST_ONLY=addons|external
# runs one of the two.
source "$(dirname "$0")/lib.sh"

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cs-test.XXXXXX")"
DB="cs_test_$(date +%s)_$$"
CONF="$RUN_DIR/odoo.conf"
PG_STARTED_HERE=0
DB_CREATED=0

cleanup() {
    local rc=$?
    set +e
    if [ "$DB_CREATED" = 1 ] && [ "${CS_TEST_KEEP_DB:-0}" != 1 ]; then
        for db in "$DB" "${DB}_wheel"; do  # _wheel: tests/test_packaging.py
            pg_sql -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
            rm -rf "$CS_CACHE_DIR/filestore/filestore/$db"
        done
    fi
    if [ "$PG_STARTED_HERE" = 1 ]; then
        _as_pg_owner "$(_pg_bindir)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
    fi
    rm -rf "$RUN_DIR"
    exit "$rc"
}
trap cleanup EXIT

ensure_browser() {
    local chrome
    chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
    if [ -z "$chrome" ] && apt_install "Chromium, for the browser tests" chromium chromium-driver; then
        chrome="$(command -v chromium || true)"
    fi
    [ -n "$chrome" ] || die "no Chromium found: the browser tests (Odoo tours, HttpCase) need it and are never skipped.
    Install it: apt-get install chromium   (Debian/Ubuntu), then run make test again."
    log "browser: $("$chrome" --version 2>/dev/null | head -1)"
}

if [ "${CS_SKIP_LINT:-0}" != 1 ] && ! "$REPO_DIR/scripts/lint.sh"; then
    echo "0 passed, 1 failed (lint)"
    exit 1
fi
ensure_venv
ensure_browser
if ! _pg_existing; then
    bindir="$(_pg_bindir)" || true
    if [ -z "${bindir:-}" ] || ! _as_pg_owner "$bindir/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
        PG_STARTED_HERE=1
    fi
fi
ensure_pg

# 1. install ---------------------------------------------------------------------
write_config "$CONF" "$DB" 8069
log "installing $CS_ADDONS with demo data into $DB"
pg_sql -c "CREATE DATABASE \"$DB\" ENCODING 'UTF8' TEMPLATE template0" >/dev/null
DB_CREATED=1
pg_sql -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null 2>&1 || true
INSTALL_LOG="$RUN_DIR/install.log"
if ! "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$CS_ADDONS" --load-language=ru_RU,en_US --stop-after-init --log-level=info \
    --logfile="$INSTALL_LOG"; then
    tail -40 "$INSTALL_LOG" >&2
    die "installing the addons failed (see above)."
fi
# ERROR/CRITICAL from anywhere, WARNING that concerns our addons.
bad="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$INSTALL_LOG" || true)"
bad+="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ WARNING ' "$INSTALL_LOG" |
    grep -E 'odoo\.addons\.cs_|cs_feedback|cs_debt_handoff|cs_public_reviews|cs\.[a-z]' || true)"
if [ -n "$bad" ]; then
    printf '%s\n' "$bad" >&2
    die "the install logged the errors/warnings above; fix them (full log kept as $INSTALL_LOG)."
fi
log "install clean ($(grep -c ' INFO ' "$INSTALL_LOG") info lines, no warnings from our addons)"

# 2. addon tests with pytest-odoo ----------------------------------------------------
eval "extra=(${CS_PYTEST_ARGS:-})"
reports=()
set +e
rc_addons=0
rc_external=0
if [ "${CS_TEST_ONLY:-addons}" = addons ]; then
reports+=("$RUN_DIR/addons.xml")
(cd "$REPO_DIR" && "$PY" -m pytest -p no:cacheprovider -q \
    --odoo-config="$CONF" --odoo-database="$DB" --odoo-http --odoo-log-level=warn --odoo-extra=test-enable \
    --junitxml="$RUN_DIR/addons.xml" "${extra[@]}" \
    addons/cs_base/tests addons/cs_feedback/tests addons/cs_debt_handoff/tests addons/cs_public_reviews/tests \
    addons/cs_debt_handoff_helpdesk/tests)
rc_addons=$?
fi

# 3. external suite over XML-RPC ----------------------------------------------------
if [ "${CS_TEST_ONLY:-external}" = external ]; then
reports+=("$RUN_DIR/external.xml")
(cd "$REPO_DIR" && CS_ODOO_CONFIG="$CONF" CS_TEST_DB="$DB" CS_ODOO_PYTHON="$PY" CS_ODOO_BIN="$ODOO_BIN" \
    CS_RUN_DIR="$RUN_DIR" "$PY" -m pytest -p no:cacheprovider -p no:odoo -q \
    --junitxml="$RUN_DIR/external.xml" "${extra[@]}" tests)
rc_external=$?
fi
set -e

# 4. summary ------------------------------------------------------------------------
"$PY" "$REPO_DIR/scripts/summarize.py" "${reports[@]}"
rc_summary=$?
if [ "$rc_addons" != 0 ] || [ "$rc_external" != 0 ] || [ "$rc_summary" != 0 ]; then
    exit 1
fi
