"""pytest-odoo: warm Odoo's table of static folders once, before any browser test.

CPython 3.11 (3.11.7 here) can fail with a spurious "SystemError: AST constructor
recursion depth mismatch" when threads parse source at the same moment (see
python/cpython gh-106905).  The first
requests of a browser test arrive in parallel HTTP threads, and the first of them to
serve a static file reads every addon manifest (``odoo.http.root.statics``) with
``ast.literal_eval``: computing it here, in the main thread, takes that race away.
"""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _cs_warm_static_folders():
    try:
        from odoo import http  # noqa: PLC0415 - only once pytest-odoo set Odoo up
    except ImportError:  # pragma: no cover - not an Odoo test run
        yield
        return
    # a lazy property: reading it fills it
    assert http.root.statics, "no addon with a static folder"
    yield
