#!/usr/bin/env bash
# `make lint`: the pre-commit hooks of .pre-commit-config.yaml (all `repo: local`)
# with the tools of the project virtualenv.  `make lint FIX=1` lets ruff fix and format.
source "$(dirname "$0")/lib.sh"
ensure_venv
export PATH="$VENV/bin:$PATH"
export PRE_COMMIT_HOME="$CS_CACHE_DIR/pre-commit"
cd "$REPO_DIR"
if [ "${FIX:-0}" = 1 ]; then
    ruff format . && { ruff check --fix . || true; }
fi
git rev-parse --git-dir >/dev/null 2>&1 || die "make lint runs in a git checkout (pre-commit checks the tracked files)."
log "lint: ruff, pylint-odoo, OCA module checks"
if ! pre-commit run --all-files --show-diff-on-failure --color=never; then
    die "lint failed (above). 'make lint FIX=1' fixes what ruff can; commit or 'git add' new files first."
fi
