#!/usr/bin/env bash
# Build the odoo_addon_cs_* wheels and the bundle offline (no build isolation: whool
# and setuptools come from the project virtualenv).  Usage: wheels.sh OUTDIR
source "$(dirname "$0")/lib.sh"
OUT="${1:-dist}"
ensure_venv
mkdir -p "$OUT"
cd "$REPO_DIR"
for addon in addons/*/; do
    [ -f "$addon/pyproject.toml" ] || continue
    "$PY" -m pip wheel -q --no-deps --no-build-isolation --no-index -w "$OUT" "$addon" ||
        die "building the wheel of $addon failed"
done
"$PY" -m pip wheel -q --no-deps --no-build-isolation --no-index -w "$OUT" setup/_metapackage ||
    die "building the bundle wheel failed"
ls -1 "$OUT"/*.whl
