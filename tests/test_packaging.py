"""The addons build as wheels offline, and a wheel-installed addon installs in Odoo.

The wheels go into a separate site directory (``pip install --no-deps --target``) that
is put on PYTHONPATH, exactly as they would sit in the Odoo virtualenv's
site-packages (``odoo/addons/<name>``); the repository's addons folder is left out of
``addons_path``, so Odoo can only find the addons through the wheels.
"""

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ADDONS = (
    "cs_base",
    "cs_feedback",
    "cs_debt_handoff",
    "cs_public_reviews",
    "cs_debt_handoff_helpdesk",
)


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the suite with `make test`")
    return value


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheels")
    for addon in ADDONS:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps"]
            + ["--no-build-isolation", "--no-index", "-w", str(out)]
            + [str(REPO / "addons" / addon)],
            check=True,
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
        ]
        + ["--no-index", "-w", str(out), str(REPO / "setup" / "_metapackage")],
        check=True,
    )
    return out


def test_wheels_are_named_and_laid_out_like_oca_addons(wheels):
    for addon in ADDONS:
        found = list(wheels.glob(f"odoo_addon_{addon}-18.0.*-py3-none-any.whl"))
        assert len(found) == 1, f"no wheel for {addon} in {sorted(wheels.iterdir())}"
        names = zipfile.ZipFile(found[0]).namelist()
        assert f"odoo/addons/{addon}/__manifest__.py" in names
        assert f"odoo/addons/{addon}/static/description/icon.png" in names
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        text = zipfile.ZipFile(found[0]).read(metadata).decode()
        assert "Requires-Dist: odoo==18.0.*" in text
    bundle = list(wheels.glob("odoo_addons_cs_customer_service-*.whl"))
    assert bundle, "no bundle wheel"
    meta = zipfile.ZipFile(bundle[0]).read(
        next(n for n in zipfile.ZipFile(bundle[0]).namelist() if n.endswith("METADATA"))
    )
    for addon in ADDONS:
        assert f"odoo-addon-{addon}".encode() in meta


def test_wheel_installed_addons_install_in_odoo(wheels, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
        + ["--target", str(site)]
        + [str(w) for w in wheels.glob("odoo_addon_cs_*.whl")],
        check=True,
    )
    assert (site / "odoo" / "addons" / "cs_feedback" / "__manifest__.py").exists()
    assert not (site / "odoo" / "__init__.py").exists(), "odoo must stay a namespace"

    parser = configparser.ConfigParser()
    parser.read(_env("CS_ODOO_CONFIG"))
    options = parser["options"]
    repo_addons = str(REPO / "addons")
    addons_path = [p for p in options["addons_path"].split(",") if p != repo_addons]
    db = f"{_env('CS_TEST_DB')}_wheel"
    options["addons_path"] = ",".join(addons_path)
    options["db_name"] = db
    options["dbfilter"] = f"^{db}$"
    conf = tmp_path / "odoo.conf"
    with conf.open("w") as handle:
        parser.write(handle)
    env = dict(os.environ, PYTHONPATH=str(site))
    python, odoo_bin = _env("CS_ODOO_PYTHON"), _env("CS_ODOO_BIN")
    try:
        run = subprocess.run(
            [python, odoo_bin, "-c", str(conf), "-d", db, "-i", ",".join(ADDONS)]
            + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        assert " ERROR " not in run.stderr, run.stderr[-3000:]
        probe = subprocess.run(
            [python, "-c", PROBE, str(conf), db],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        lines = dict(line.split("=", 1) for line in probe.stdout.split() if "=" in line)
        for addon in ADDONS:
            assert lines[f"{addon}.state"] == "installed", probe.stdout
            assert lines[f"{addon}.path"].startswith(
                str(site)
            ), f"{addon} was loaded from {lines[f'{addon}.path']}, not from the wheel"
    finally:
        dropped = subprocess.run(
            [python, "-c", DROP, str(conf), db],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    assert dropped.returncode == 0, f"{db} was not dropped: {dropped.stderr[-2000:]}"


PROBE = """
import sys
import odoo
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry
odoo.tools.config.parse_config(["-c", sys.argv[1], "--log-level=warn"])
odoo.modules.module.initialize_sys_path()
with Registry(sys.argv[2]).cursor() as cr:
    for name in ("cs_base", "cs_feedback", "cs_debt_handoff", "cs_public_reviews",
                 "cs_debt_handoff_helpdesk"):
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [name])
        print(f"{name}.state={cr.fetchone()[0]}")
        print(f"{name}.path={get_module_path(name)}")
"""

DROP = """
import sys
import odoo
from odoo.sql_db import db_connect
odoo.tools.config.parse_config(["-c", sys.argv[1], "--log-level=warn"])
with db_connect("postgres").cursor() as cr:
    cr._cnx.autocommit = True
    cr.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % sys.argv[2])
    cr.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [sys.argv[2]])
    assert cr.fetchone()[0] == 0, "database still there"
"""
