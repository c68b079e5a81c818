"""Two Odoo nodes, one database, one filestore: exactly-once holds across nodes.

Production sites run several Odoo nodes (prefork workers each) behind a proxy, all
sharing one PostgreSQL and one filestore, every node running scheduled actions. This
starts two servers on two loopback ports on the test database and configuration
(``--workers=2 --max-cron-threads=1`` each) and drives both at once:

- the same ``external_ref`` submitted to both: one ticket, every answer that ticket;
- the same review batch imported through both: each review stored once;
- agency status asked from both: the same answers;
- direct payments of handed-over debtors posted on both: one payment notice per
  payment, and after every scheduled action of ours was triggered on both nodes at the
  same moment, each agency told once per notice (the mails are counted);
- no ERROR in either server's log.
"""

import concurrent.futures
import os
import re
import signal
import subprocess
import uuid
import xmlrpc.client
from pathlib import Path

import pytest
from conftest import _env, _free_port, _wait_ready
from debt_records import new_handoff
from odoo_client import FAULT_USER_ERROR, OdooClient

THREADS_PER_NODE = 4
OUR_MODULES = ("cs_base", "cs_feedback", "cs_debt_handoff", "cs_public_reviews")
ERROR_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ (ERROR|CRITICAL) ", re.M)


LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ ", re.M)
# Odoo's optimistic concurrency: the losing transaction's query is logged, then the
# request is retried (odoo.service.model.retrying); the tests count the outcomes
RETRIED = "could not serialize access due to concurrent update"


class Node:
    def __init__(self, url, process, logfile):
        self.url, self.process, self.logfile = url, process, logfile

    def errors(self):
        """ERROR/CRITICAL log records, but the serialization failures Odoo retries."""
        text = Path(self.logfile).read_text(errors="replace")
        starts = [m.start() for m in LOG_RECORD.finditer(text)] + [len(text)]
        records = [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]
        return [
            record.splitlines()[0]
            for record in records
            if ERROR_LINE.match(record)
            and not ("odoo.sql_db: bad query" in record and RETRIED in record)
        ]


@pytest.fixture(scope="module")
def nodes(odoo_server):
    """Two more Odoo servers on the database the suite uses (same config, same
    filestore), each with two workers and a cron thread."""
    if os.environ.get("CS_TEST_URL"):
        pytest.skip("needs to start its own servers (CS_TEST_URL points at one)")
    conf, db = _env("CS_ODOO_CONFIG"), odoo_server.db
    python, odoo_bin = _env("CS_ODOO_PYTHON"), _env("CS_ODOO_BIN")
    run_dir = Path(os.environ.get("CS_RUN_DIR", "/tmp"))
    started = []
    try:
        for index in (1, 2):
            port = _free_port()
            logfile = run_dir / f"odoo-node{index}-{port}.log"
            cmd = [python, odoo_bin, "-c", conf, "-d", db, "--http-interface=127.0.0.1"]
            cmd += [f"--http-port={port}", f"--gevent-port={_free_port()}"]
            cmd += ["--workers=2", "--max-cron-threads=1", "--log-level=warn"]
            cmd += [f"--logfile={logfile}", "--limit-time-real=300"]
            cmd += ["--limit-time-cpu=300"]
            process = subprocess.Popen(cmd, start_new_session=True)
            started.append(Node(f"http://127.0.0.1:{port}", process, logfile))
        for node in started:
            if not _wait_ready(node.url, node.process):
                pytest.fail(f"node {node.url} did not start:\n{node.errors()}")
        yield started
    finally:
        for node in started:
            if node.process.poll() is None:
                os.killpg(node.process.pid, signal.SIGTERM)
                try:
                    node.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(node.process.pid, signal.SIGKILL)
                    node.process.wait()


def _client(node, db, login, api_keys):
    return OdooClient(node.url, db, login, api_keys[login])


def _on_both(nodes, db, login, api_keys, call):
    """Run ``call(client)`` THREADS_PER_NODE times on each node at once, each
    thread with its own connection; return the answers (or the faults)."""
    clients = [
        _client(node, db, login, api_keys)
        for node in nodes
        for _ in range(THREADS_PER_NODE)
    ]

    def run(client):
        try:
            return call(client)
        except xmlrpc.client.Fault as fault:
            return fault

    with concurrent.futures.ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(run, clients))


def _faults(answers):
    return [a for a in answers if isinstance(a, xmlrpc.client.Fault)]


def test_same_external_ref_on_both_nodes(nodes, odoo_server, api_keys, connect):
    ref = f"multinode-{uuid.uuid4().hex}"
    payload = {
        "kind": "complaint",
        "channel": "web",
        "description": "Интернет пропадает каждый вечер, прошу разобраться.",
        "customer": {"name": "Олег Сидоров", "email": "oleg.sidorov@example.ru"},
        "external_ref": ref,
    }
    answers = _on_both(
        nodes,
        odoo_server.db,
        "cs_operator",
        api_keys,
        lambda c: c.call("helpdesk.ticket", "cs_submit_feedback", payload),
    )
    assert not _faults(answers), _faults(answers)
    assert len({a["id"] for a in answers}) == 1
    assert sum(not a["duplicate"] for a in answers) == 1
    admin = connect("admin")
    assert admin.search_count("helpdesk.ticket", [("cs_external_ref", "=", ref)]) == 1


def test_same_review_batch_on_both_nodes(nodes, odoo_server, api_keys, connect):
    admin = connect("admin")
    [platform] = admin.search_read(
        "cs.review.platform", [], ["code"], limit=1, order="id"
    )
    key = uuid.uuid4().hex[:10]
    rows = [
        {
            "external_id": f"mn-{key}-{n}",
            "author_name": f"Автор {n}",
            "rating": 1 + n % 5,
            "body": f"Отзыв номер {n}: связь то есть, то нет.",
            "published_at": "2026-11-20 12:00:00",
        }
        for n in range(5)
    ]
    answers = _on_both(
        nodes,
        odoo_server.db,
        "review_import",
        api_keys,
        lambda c: c.call(
            "cs.public.review", "cs_import_reviews", platform["code"], rows
        ),
    )
    assert not _faults(answers), _faults(answers)
    for index in range(len(rows)):
        statuses = [a["results"][index]["status"] for a in answers]
        assert statuses.count("created") == 1, statuses
        assert set(statuses) <= {"created", "unchanged"}, statuses
        assert len({a["results"][index]["id"] for a in answers}) == 1
    stored = admin.search_count(
        "cs.public.review", [("external_id", "like", f"mn-{key}-")]
    )
    assert stored == len(rows)


def _our_crons(admin):
    xmlids = admin.search_read(
        "ir.model.data",
        [("model", "=", "ir.cron"), ("module", "in", list(OUR_MODULES))],
        ["res_id"],
    )
    return [x["res_id"] for x in xmlids]


def test_payments_and_crons_on_both_nodes(nodes, odoo_server, api_keys, connect):
    admin = connect("admin")
    debtors = []  # (debtor, handoff): 900 owed, 700 paid below on each
    for _n in range(2):
        handoff, debtor, _contract = new_handoff(admin, handed=True)
        debtors.append((debtor, handoff))

    # xmlrpc.client proxies are not thread-safe: one connection per job
    def admin_on(node):
        return _client(node, odoo_server.db, "admin", api_keys)

    payments = []  # (node, debtor, amount): two payments per debtor per node
    for debtor, _handoff in debtors:
        for node in nodes:
            for amount in (100.0, 250.0):
                payments.append((node, debtor, amount))

    def pay(job):
        node, debtor, amount = job
        client = admin_on(node)
        payment = client.call(
            "account.payment",
            "create",
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": debtor,
                "amount": amount,
            },
        )
        client.call("account.payment", "action_post", [payment])
        return payment

    with concurrent.futures.ThreadPoolExecutor(len(payments)) as pool:
        payment_ids = list(pool.map(pay, payments))
    handoff_ids = [handoff for _debtor, handoff in debtors]
    notices = admin.search_read(
        "cs.debt.payment.notice", [("handoff_id", "in", handoff_ids)], ["id"]
    )
    assert len(notices) == len(payment_ids), "one payment notice per payment"

    # every scheduled action of ours, triggered on both nodes at the same moment
    crons = _our_crons(admin)
    assert crons, "no scheduled action of ours found"
    jobs = [(node, cron) for cron in crons for node in nodes]

    def trigger(job):
        node, cron = job
        try:
            return admin_on(node).call("ir.cron", "method_direct_trigger", [cron])
        except xmlrpc.client.Fault as fault:
            # the other node holds the job: Odoo refuses the second run cleanly
            assert fault.faultCode == FAULT_USER_ERROR, fault.faultString
            return "busy"

    with concurrent.futures.ThreadPoolExecutor(len(jobs)) as pool:
        outcomes = list(pool.map(trigger, jobs))
    assert all(o in (True, "busy") for o in outcomes), outcomes
    # a second round after the first finished: nothing new to do, nothing twice
    for node in nodes:
        client = admin_on(node)
        for cron in crons:
            assert client.call("ir.cron", "method_direct_trigger", [cron]) is True

    notice_ids = [n["id"] for n in notices]
    states = admin.search_read(
        "cs.debt.payment.notice", [("id", "in", notice_ids)], ["state", "notified_at"]
    )
    assert all(s["state"] == "notified" and s["notified_at"] for s in states), states
    mails = admin.search_read(
        "mail.mail",
        [("model", "=", "cs.debt.payment.notice"), ("res_id", "in", notice_ids)],
        ["res_id"],
    )
    per_notice = sorted(m["res_id"] for m in mails)
    assert per_notice == sorted(notice_ids), "each agency told once per notice"


def test_agency_status_from_both_nodes(nodes, odoo_server, api_keys, connect):
    refs = [
        h["name"]
        for h in connect("admin").search_read(
            "cs.debt.handoff", [("state", "=", "handed_over")], ["name"]
        )
    ]
    answers = _on_both(
        nodes,
        odoo_server.db,
        "agency_api",
        api_keys,
        lambda c: c.call("cs.debt.handoff", "cs_payment_status", refs),
    )
    assert not _faults(answers), _faults(answers)
    assert all(a == answers[0] for a in answers)
    assert any("state" in row for row in answers[0])


def test_no_error_in_either_node_log(nodes):
    """Last: whatever the tests above did, neither node logged an error."""
    for node in nodes:
        assert not node.errors(), "\n".join(node.errors()[:20])
