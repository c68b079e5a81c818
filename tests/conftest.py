"""Fixtures of the external suite: a live Odoo server and XML-RPC clients.

``make test`` exports the database and configuration to use (``CS_TEST_DB``,
``CS_ODOO_CONFIG``, ``CS_ODOO_PYTHON``, ``CS_ODOO_BIN``); the ``odoo_server`` fixture
starts Odoo on a free loopback port with ``--workers=2`` (prefork, as in production)
and stops it at the end of the session.  With ``CS_TEST_URL`` set, the tests run
against that already running server instead (e.g. the one ``make run`` started).
"""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from odoo_client import OdooClient

REPO = Path(__file__).resolve().parents[1]
DEMO_LOGINS_FILE = REPO / "scripts" / "demo_logins.tsv"


def demo_logins():
    """(login, addon, role) of every demo login ``make run`` prints."""
    rows = []
    for line in DEMO_LOGINS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            login, addon, role = line.split("\t")
            rows.append((login, addon, role))
    return rows


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(
            f"{name} is not set: the external suite runs from `make test`, which "
            "prepares the database (or set CS_TEST_URL and CS_TEST_DB to use a "
            "running server)."
        )
    return value


class LiveServer:
    def __init__(self, url, db, process=None, logfile=None):
        self.url = url
        self.db = db
        self.process = process
        self.logfile = logfile

    def log_tail(self, lines=40):
        if not self.logfile or not Path(self.logfile).exists():
            return ""
        return "\n".join(
            Path(self.logfile).read_text(errors="replace").splitlines()[-lines:]
        )


def _wait_ready(url, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=5) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    return False


@pytest.fixture(scope="session")
def odoo_server():
    if os.environ.get("CS_TEST_URL"):
        server = LiveServer(os.environ["CS_TEST_URL"].rstrip("/"), _env("CS_TEST_DB"))
        if not _wait_ready(server.url, None, timeout=10):
            pytest.fail(f"CS_TEST_URL={server.url} does not answer /web/login")
        yield server
        return
    conf, db = _env("CS_ODOO_CONFIG"), _env("CS_TEST_DB")
    python, odoo_bin = _env("CS_ODOO_PYTHON"), _env("CS_ODOO_BIN")
    port = _free_port()
    logfile = Path(os.environ.get("CS_RUN_DIR", "/tmp")) / f"odoo-live-{port}.log"
    cmd = [python, odoo_bin, "-c", conf, "-d", db, "--http-interface=127.0.0.1"]
    cmd += [f"--http-port={port}", f"--gevent-port={_free_port()}", "--workers=2"]
    cmd += ["--max-cron-threads=0", "--log-level=warn", f"--logfile={logfile}"]
    cmd += ["--limit-time-real=300", "--limit-time-cpu=300"]
    process = subprocess.Popen(cmd, start_new_session=True)
    server = LiveServer(f"http://127.0.0.1:{port}", db, process, logfile)
    try:
        if not _wait_ready(server.url, process):
            pytest.fail(f"Odoo did not start on {server.url}:\n{server.log_tail()}")
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def api_keys(odoo_server):
    """An API key for every demo login (created in the test database)."""
    logins = [login for login, _addon, _role in demo_logins()]
    if os.environ.get("CS_TEST_URL"):
        # a server we did not start: use the demo passwords (login == password)
        return {login: ("admin" if login == "admin" else login) for login in logins}
    output = subprocess.run(
        [
            _env("CS_ODOO_PYTHON"), str(REPO / "tests" / "make_api_keys.py"),
            _env("CS_ODOO_CONFIG"), odoo_server.db, *logins,
        ],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(output.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def connect(odoo_server, api_keys):
    """``connect(login)`` -> an OdooClient authenticated with that login's API key."""
    cache = {}

    def _connect(login):
        if login not in cache:
            cache[login] = OdooClient(
                odoo_server.url, odoo_server.db, login, api_keys[login]
            )
        return cache[login]

    return _connect
