# Two commands do all the setup on a fresh machine (see README.md):
#   make run    demo Odoo with the three addons and demo data on 127.0.0.1:8069
#   make test   the whole suite on a throwaway database
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run stop test lint wheels bench screenshots clean-cache

help:
	@echo "make run     - demo Odoo on 127.0.0.1:\$${CS_HTTP_PORT:-8069} (set ODOO_SRC the first time)"
	@echo "make stop    - stop the demo Odoo"
	@echo "make test    - lint + addon tests (pytest-odoo, browser) + XML-RPC suite"
	@echo "make lint    - ruff, pylint-odoo, OCA checks (FIX=1 to let ruff fix)"
	@echo "make wheels  - build the odoo_addon_cs_* wheels into dist/"
	@echo "make bench   - run the benchmarks in bench/"
	@echo "make screenshots - README screenshots from the running demo (make run first)"

run:
	@scripts/run.sh start

stop:
	@scripts/run.sh stop

test:
	@scripts/test.sh

lint:
	@scripts/lint.sh

wheels:
	@scripts/wheels.sh dist

bench:
	@scripts/bench.sh

screenshots:
	@source scripts/lib.sh && "$$PY" scripts/screenshots.py "http://127.0.0.1:$${CS_HTTP_PORT:-8069}" "$${CS_DEMO_DB:-cs_demo}"

clean-cache:
	@scripts/run.sh stop; source scripts/lib.sh; echo "remove $$CS_CACHE_DIR by hand if you really want to"
