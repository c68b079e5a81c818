"""The setup scripts fail with one clear message, never silently.

Each case runs the real script in a throwaway cache directory (or against a busy
port), as a newcomer would hit it.
"""

import os
import socket
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _bash(snippet, tmp_path, **env):
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "PG"))
    }
    full_env.update(CS_CACHE_DIR=str(tmp_path / "cache"), **env)
    return subprocess.run(
        ["bash", "-c", f"source {REPO}/scripts/lib.sh; {snippet}"],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_no_odoo_source_and_offline_says_how_to_provide_it(tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/odoo_18.0.latest.tar.gz"
    run = _bash("ensure_odoo_source", tmp_path, ODOO_DOWNLOAD_URL=url)
    assert run.returncode == 1
    assert "could not be downloaded" in run.stderr
    assert "ODOO_SRC=/path/to/odoo-18.0" in run.stderr
    assert not (tmp_path / "cache" / "odoo-src").exists(), "nothing half-installed"


def test_odoo_src_that_does_not_exist(tmp_path):
    run = _bash("ensure_odoo_source", tmp_path, ODOO_SRC=str(tmp_path / "nope"))
    assert run.returncode == 1
    assert f"ODOO_SRC={tmp_path / 'nope'} does not exist" in run.stderr


def test_odoo_src_of_another_version_is_refused(tmp_path):
    fake = tmp_path / "odoo17"
    (fake / "odoo").mkdir(parents=True)
    (fake / "odoo-bin").write_text("")
    (fake / "requirements.txt").write_text("")
    (fake / "odoo" / "release.py").write_text(
        "version_info = (17, 0, 0, FINAL, 0, '')\n"
    )
    run = _bash("ensure_odoo_source", tmp_path, ODOO_SRC=str(fake))
    assert run.returncode == 1
    assert "is Odoo 17.0, these addons need Odoo 18.0" in run.stderr


def test_postgresql_not_startable(tmp_path):
    cache = tmp_path / "cache"
    data = cache / "pg" / "data"
    data.mkdir(parents=True)
    (data / "PG_VERSION").write_text("15\n")  # a cluster directory that is not one
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "postgres:", str(cache / "pg")], check=True)
        os.chmod(tmp_path, 0o755)
        os.chmod(cache, 0o755)
    run = _bash(
        "ensure_pg", tmp_path, CS_PG_PRIVATE="1", CS_PG_PORT=str(_closed_port())
    )
    assert run.returncode == 1
    assert "PostgreSQL cannot be started" in run.stderr
    assert "server.log" in run.stderr


def test_run_refuses_a_busy_port(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, CS_HTTP_PORT=str(port))
        run = subprocess.run(
            ["bash", str(REPO / "scripts" / "run.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert run.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in run.stderr
    assert "CS_HTTP_PORT=" in run.stderr


COMPILERS = ("cc", "gcc", "c++", "g++", "x86_64-linux-gnu-gcc", "clang")


def test_dependency_step_needs_no_compiler(tmp_path):
    """Odoo's and our Python requirements install from wheels: no compiler, no
    -dev headers (python-ldap left out, psycopg2 as psycopg2-binary, …)."""
    shims = tmp_path / "bin"
    shims.mkdir()
    called = tmp_path / "compiler-called.log"
    for name in COMPILERS:
        shim = shims / name
        shim.write_text(f'#!/bin/sh\necho "$0 $*" >> {called}\nexit 1\n')
        shim.chmod(0o755)
    venv = tmp_path / "venv"
    subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "PG"))}
    env.update(
        PATH=f"{shims}:{env['PATH']}",
        CC=str(shims / "cc"),
        CXX=str(shims / "c++"),
        PIP_NO_CACHE_DIR="1",  # a cached wheel would hide a missing header
    )
    step = f"source {REPO}/scripts/lib.sh; install_python_deps {venv}/bin/python"
    run = subprocess.run(
        ["bash", "-c", step],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    assert not called.exists(), f"a compiler was called:\n{called.read_text()[:2000]}"
    probe = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import odoo.cli, psycopg2, geoip2.database, jsonschema; print('ok')"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert probe.stdout.strip() == "ok", probe.stderr[-2000:]


def test_system_packages_are_installed_only_as_root_with_apt(tmp_path):
    """Without apt-get (or without root) the scripts install nothing and say what
    is missing instead."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    for tool in ("bash", "id", "dirname", "cat", "sha256sum", "cut"):
        found = subprocess.run(["which", tool], capture_output=True, text=True)
        if found.returncode == 0:
            (empty / tool).symlink_to(found.stdout.strip())
    run = _bash(
        "apt_install 'a test' no-such-package && echo INSTALLED || echo REFUSED",
        tmp_path,
        PATH=str(empty),
    )
    assert run.stdout.strip() == "REFUSED"
    assert "installing Debian packages" not in run.stderr


def test_make_bench_discovers_benchmarks_only():
    """`make bench` runs every bench/bench_*.py and nothing else: shared helpers
    (common.py, debt_fixtures.py, scale_data.py) are not benchmarks."""
    run = subprocess.run(
        ["make", "-s", "bench"],
        cwd=REPO,
        env=dict(os.environ, CS_BENCH_DRY_RUN="1"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    listed = run.stdout.split()
    assert listed == sorted(p.stem for p in (REPO / "bench").glob("bench_*.py"))
    for name in listed:
        source = (REPO / "bench" / f"{name}.py").read_text(encoding="utf-8")
        assert 'if __name__ == "__main__":' in source, f"{name} is not runnable"
    helpers = {p.stem for p in (REPO / "bench").glob("*.py")} - set(listed)
    assert {"common", "debt_fixtures", "scale_data"} <= helpers
