#!/usr/bin/env bash
# `make bench`: run the benchmarks in bench/ against a fresh database with the three
# addons installed (no demo data).  Figures are printed, never asserted on time.
#   BENCH=bench_feedback make bench     run one benchmark (file name without .py)
#   CS_BENCH_KEEP_DB=1 make bench       keep the database cs_bench_<pid> afterwards
#   CS_BENCH_DRY_RUN=1 make bench       list the benchmarks that would run, run none
# A benchmark is bench/bench_*.py; shared helpers have other names (common.py,
# debt_fixtures.py).
source "$(dirname "$0")/lib.sh"
benches=()
for bench in "$REPO_DIR"/bench/bench_*.py; do
    name="$(basename "$bench" .py)"
    [ -n "${BENCH:-}" ] && [ "$BENCH" != "$name" ] && continue
    benches+=("$name")
done
[ "${#benches[@]}" -gt 0 ] || die "no benchmark named ${BENCH:-bench_*} in bench/"
if [ "${CS_BENCH_DRY_RUN:-0}" = 1 ]; then
    printf '%s\n' "${benches[@]}"
    exit 0
fi
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cs-bench.XXXXXX")"
DB="cs_bench_$$"
CONF="$RUN_DIR/odoo.conf"
cleanup() {
    local rc=$?
    set +e
    if [ "${CS_BENCH_KEEP_DB:-0}" != 1 ]; then
        pg_sql -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1
        rm -rf "$CS_CACHE_DIR/filestore/filestore/$DB"
    fi
    rm -rf "$RUN_DIR"
    exit "$rc"
}
trap cleanup EXIT
ensure_venv
ensure_pg
write_config "$CONF" "$DB" 8069
pg_sql -c "CREATE DATABASE \"$DB\" ENCODING 'UTF8' TEMPLATE template0" >/dev/null
PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" \
    psql -X -q -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null 2>&1 || true
log "installing $CS_ADDONS (no demo data) into $DB"
"$PY" "$ODOO_BIN" -c "$CONF" -d "$DB" -i "$CS_ADDONS" --without-demo=all --stop-after-init \
    --log-level=warn --logfile="$RUN_DIR/install.log" || die "install failed ($RUN_DIR/install.log)"
cd "$REPO_DIR"
for name in "${benches[@]}"; do
    log "running $name"
    CS_ODOO_CONFIG="$CONF" CS_BENCH_DB="$DB" CS_ODOO_PYTHON="$PY" CS_ODOO_BIN="$ODOO_BIN" \
        CS_RUN_DIR="$RUN_DIR" "$PY" "bench/$name.py"
done
