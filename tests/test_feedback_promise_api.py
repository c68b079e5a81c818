"""cs_feedback "Are our promises kept?" over XML-RPC: a supervisor reads the
promise records and the Promises Kept report (``search_read``/``read_group``);
operators and portal users are refused (AccessError, fault 4); nobody creates
or writes promise records."""

import xmlrpc.client

import pytest
from odoo_client import FAULT_ACCESS_ERROR, fault_code

OUTCOMES = {"open", "kept", "missed", "moved_before_due", "moved_after_due"}


@pytest.fixture(scope="module")
def supervisor(connect):
    return connect("cs_supervisor")


def test_supervisor_reads_kept_share_per_responsible(supervisor):
    groups = supervisor.call(
        "cs.feedback.promise.report",
        "read_group",
        [],
        ["promise_count:sum", "kept_pct:avg", "median_slip_hours:avg"],
        ["responsible_id"],
        orderby="kept_pct asc",
        lazy=False,
    )
    by_name = {g["responsible_id"][1]: g for g in groups if g["responsible_id"]}
    # the demo tells the story: Anna keeps her promises, Dmitry moves them late
    anna, dmitry = by_name["Анна Смирнова"], by_name["Дмитрий Козлов"]
    assert anna["promise_count"] > 0 and dmitry["promise_count"] > 0
    assert anna["kept_pct"] > dmitry["kept_pct"]
    decided = [g for g in groups if g["kept_pct"] is not False]
    assert [g["kept_pct"] for g in decided] == sorted(g["kept_pct"] for g in decided)


def test_supervisor_search_reads_promises(supervisor):
    rows = supervisor.search_read(
        "cs.feedback.promise",
        [],
        ["ticket_id", "kind", "outcome", "promised_date", "slip_hours"],
    )
    assert rows
    assert {row["outcome"] for row in rows} <= OUTCOMES
    assert {row["kind"] for row in rows} == {"first", "change"}
    groups = supervisor.call(
        "cs.feedback.promise",
        "read_group",
        [],
        ["slip_hours:avg"],
        ["responsible_id", "outcome"],
        lazy=False,
    )
    assert {g["outcome"] for g in groups} <= OUTCOMES
    assert sum(g["__count"] for g in groups) == len(rows)


@pytest.mark.parametrize("login", ["cs_operator", "cs_legal", "agency_api"])
@pytest.mark.parametrize("model", ["cs.feedback.promise", "cs.feedback.promise.report"])
def test_other_roles_refused(connect, login, model):
    client = connect(login)
    with pytest.raises(xmlrpc.client.Fault) as caught:
        client.call(model, "search_read", [], ["outcome"])
    assert fault_code(caught) == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as caught:
        client.call(model, "read_group", [], ["__count"], ["outcome"])
    assert fault_code(caught) == FAULT_ACCESS_ERROR


@pytest.mark.parametrize("login", ["cs_supervisor", "admin"])
def test_nobody_writes_promises(connect, login):
    client = connect(login)
    promise = connect("cs_supervisor").search_read(
        "cs.feedback.promise", [], ["ticket_id", "company_id"], limit=1
    )[0]
    with pytest.raises(xmlrpc.client.Fault) as caught:
        client.call(
            "cs.feedback.promise",
            "create",
            {
                "ticket_id": promise["ticket_id"][0],
                "company_id": promise["company_id"][0],
                "kind": "first",
                "promised_date": "2026-01-01 00:00:00",
                "made_at": "2026-01-01 00:00:00",
            },
        )
    assert fault_code(caught) == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as caught:
        client.call(
            "cs.feedback.promise", "write", [promise["id"]], {"outcome": "kept"}
        )
    assert fault_code(caught) == FAULT_ACCESS_ERROR
