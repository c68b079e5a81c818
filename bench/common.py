"""Shared pieces of the benchmarks: a live Odoo server, XML-RPC clients, timing.

Benchmarks print figures and ratios against plain Odoo operations measured in the same
run; they never assert on wall time (tests pin query counts instead).  Run them with
``make bench`` (or ``BENCH=bench_x make bench``), which prepares a database with the
three addons and exports CS_ODOO_CONFIG, CS_BENCH_DB, CS_ODOO_PYTHON, CS_ODOO_BIN.
"""

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"{name} is not set: run benchmarks with `make bench`")
    return value


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(workers=0):
    """Start Odoo on a free loopback port; yield its URL; stop it."""
    port = free_port()
    log = Path(os.environ.get("CS_RUN_DIR", "/tmp")) / f"bench-odoo-{port}.log"
    cmd = [env("CS_ODOO_PYTHON"), env("CS_ODOO_BIN"), "-c", env("CS_ODOO_CONFIG")]
    cmd += ["-d", env("CS_BENCH_DB"), f"--http-port={port}", f"--workers={workers}"]
    cmd += [f"--gevent-port={free_port()}", "--max-cron-threads=0", "--log-level=warn"]
    cmd += [f"--logfile={log}", "--limit-time-real=3600", "--limit-time-cpu=3600"]
    proc = subprocess.Popen(cmd, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None:
                    sys.exit(f"Odoo exited; see {log}")
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


class Client:
    """XML-RPC as an integrator uses it (admin/admin unless told otherwise)."""

    def __init__(self, url, login="admin", password="admin"):
        self.db = env("CS_BENCH_DB")
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, login, password, {})
        self.password = password
        self.proxy = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=False
        )

    def call(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def summary(durations):
    """p50, p95 and total of a list of seconds, in milliseconds."""
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "n": len(ordered),
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": p95 * 1000,
        "total_s": sum(ordered),
    }


def report(title, ours, baseline, limit=None):
    """Print one comparison line: our operation vs the plain Odoo one."""
    ratio = ours / baseline if baseline else float("inf")
    verdict = ""
    if limit is not None:
        verdict = "  within target" if ratio <= limit else f"  OVER target {limit}"
    print(f"{title}: ours {ours:.3f}  plain {baseline:.3f}  ratio {ratio:.2f}{verdict}")
    return ratio
