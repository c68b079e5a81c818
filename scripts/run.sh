#!/usr/bin/env bash
# `make run`: a demo Odoo with the three addons and their demo data, serving on
# 127.0.0.1:$CS_HTTP_PORT (default 8069) in the background.  A second run reuses the
# virtualenv, the PostgreSQL cluster and the database; it updates the addons only when
# their files changed.  `make stop` stops the server.
source "$(dirname "$0")/lib.sh"

DB="${CS_DEMO_DB:-cs_demo}"
PORT="${CS_HTTP_PORT:-8069}"
RUN_DIR="$CS_CACHE_DIR/run"
CONF="$RUN_DIR/odoo-$DB.conf"
PIDFILE="$RUN_DIR/odoo-$PORT.pid"
LOGFILE="$RUN_DIR/odoo-$DB.log"
URL="http://127.0.0.1:$PORT"

print_logins() {
    printf '\n  Odoo 18 with cs_feedback, cs_debt_handoff, cs_public_reviews (demo data)\n'
    printf '  URL:       %s/web/login   (database %s)\n' "$URL" "$DB"
    printf '  Language:  Russian (ru_RU), Europe/Moscow: the demo company, users and customers are Russian\n'
    printf '  Log:       %s\n  Stop:      make stop\n\n' "$LOGFILE"
    printf '  %-18s %-18s %s\n' "LOGIN" "PASSWORD" "ROLE"
    local login addon role password
    while IFS=$'\t' read -r login addon role; do
        case "$login" in "#"* | "") continue ;; esac
        password="$login"
        [ "$login" = admin ] && password=admin
        printf '  %-18s %-18s %s\n' "$login" "$password" "$role${addon:+ [$addon]}"
    done <"$REPO_DIR/scripts/demo_logins.tsv"
    printf '\n'
}

addons_hash() {
    (cd "$REPO_DIR" && find addons -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 |
        sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

case "${1:-start}" in
stop)
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        kill "$(cat "$PIDFILE")"
        for _ in $(seq 1 40); do kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.25; done
        rm -f "$PIDFILE"
        log "stopped the demo Odoo on port $PORT"
    else
        log "no demo Odoo is running on port $PORT"
    fi
    exit 0
    ;;
start) ;;
*) die "usage: run.sh [start|stop]" ;;
esac

mkdir -p "$RUN_DIR"
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    if [ "$(cat "$RUN_DIR/addons.hash" 2>/dev/null)" = "$(addons_hash)" ] && curl -fs -o /dev/null "$URL/web/login"; then
        log "the demo Odoo is already running (pid $(cat "$PIDFILE"))"
        print_logins
        exit 0
    fi
    log "restarting the demo Odoo (addons changed or not answering)"
    "$0" stop
fi
ensure_venv
if port_in_use "$PORT"; then
    holder="$( (command -v ss >/dev/null && ss -ltnpH "sport = :$PORT" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\).*/\1/p' | head -1) || true)"
    die "port $PORT on 127.0.0.1 is already in use${holder:+ by $holder}.
    Stop that program, or choose another port:  CS_HTTP_PORT=8070 make run"
fi
ensure_pg
write_config "$CONF" "$DB" "$PORT" "logfile = $LOGFILE" "proxy_mode = False"

installed="$(pg_sql -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'")"
if [ "$installed" = 1 ]; then
    installed="$(PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" psql -X -d "$DB" -Atc \
        "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ('cs_feedback', 'cs_debt_handoff', 'cs_public_reviews')" 2>/dev/null || echo 0)"
else
    log "creating the demo database $DB"
    pg_sql -c "CREATE DATABASE \"$DB\" ENCODING 'UTF8' TEMPLATE template0"
    PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" \
        psql -X -q -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" 2>/dev/null || true
    installed=0
fi
hash="$(addons_hash)"
if [ "$installed" != 3 ]; then
    log "installing $CS_ADDONS with demo data into $DB (a few minutes, once)"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$CS_ADDONS" --load-language=ru_RU,en_US --stop-after-init ||
        die "the install failed; see $LOGFILE"
elif [ "$(cat "$RUN_DIR/addons.hash" 2>/dev/null)" != "$hash" ]; then
    log "the addons changed since the last run: updating them in $DB"
    "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -u "$CS_ADDONS" --load-language=ru_RU,en_US --stop-after-init ||
        die "the update failed; see $LOGFILE"
fi
echo "$hash" >"$RUN_DIR/addons.hash"

log "starting Odoo on $URL"
nohup "$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" >>"$RUN_DIR/odoo-$DB.stdout" 2>&1 &
echo $! >"$PIDFILE"
if ! wait_http "$URL/web/login" 90 "$(cat "$PIDFILE")"; then
    tail -20 "$LOGFILE" >&2 || true
    die "Odoo did not answer on $URL/web/login (log: $LOGFILE)"
fi
print_logins
