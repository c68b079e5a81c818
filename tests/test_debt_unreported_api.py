"""Issue 14 §4 over XML-RPC: contacts the debtor reports and the agency did not.

A collections user records what the debtor describes; the agency reports its own
contacts through ``cs_report_contacts``; the debtor's account is matched (same
handoff and channel, within the company's tolerance, 2 hours by default) or
unreported, judged by the conduct rules and counted on the agency scorecard.
"""

import uuid
import xmlrpc.client
from datetime import datetime, timedelta, timezone

import pytest
from debt_records import new_handoff
from odoo_client import FAULT_ACCESS_ERROR, FAULT_USER_ERROR, JsonRpcError, fault_code

HANDOFF = "cs.debt.handoff"
REPORTED = "cs.debt.reported.contact"
SCORECARD = "cs.debt.agency.scorecard"
FIELDS = ["match_state", "matched_contact_id", "violations", "agency_id"]


@pytest.fixture(scope="module")
def admin(connect):
    return connect("admin")


@pytest.fixture(scope="module")
def agency(connect):
    return connect("agency_api")


@pytest.fixture(scope="module")
def debt_user(connect):
    return connect("debt_user")


@pytest.fixture(scope="module")
def manager(connect):
    return connect("debt_manager")


@pytest.fixture(scope="module")
def handoff(admin):
    handoff_id, _debtor, _contract = new_handoff(admin, handed=True)
    [row] = admin.search_read(HANDOFF, [("id", "=", handoff_id)], ["name"])
    return handoff_id, row["name"]


def _day(days_ago, hhmm):
    day = datetime.now(timezone.utc).date() - timedelta(days=days_ago)
    return f"{day} {hhmm}:00"


def _unreported(manager, agency_id):
    manager.call(SCORECARD, "action_cs_refresh", [])
    rows = manager.search_read(
        SCORECARD, [("agency_id", "=", agency_id)], ["unreported_count"]
    )
    return sum(row["unreported_count"] for row in rows)


def test_one_matched_one_unreported_and_the_scorecard(
    agency, debt_user, manager, handoff
):
    handoff_id, ref = handoff
    key = uuid.uuid4().hex[:8]
    # the agency reports a call at 11:00 Moscow, ten days ago
    [result] = agency.call(
        HANDOFF,
        "cs_report_contacts",
        [
            {
                "ref": ref,
                "agency_contact_id": key,
                "channel": "call",
                "at": _day(10, "08:00"),
            }
        ],
    )
    assert result["status"] == "created"
    matched_id = debt_user.call(
        REPORTED,
        "create",
        {
            "handoff_id": handoff_id,
            "channel": "call",
            "at": _day(10, "08:40"),
            "described": "Звонил коллектор, требовал оплатить сегодня",
        },
    )
    [matched] = manager.call(REPORTED, "read", [matched_id], FIELDS)
    assert matched["match_state"] == "matched"
    assert matched["matched_contact_id"][0] == result["id"]
    assert not matched["violations"]
    agency_id = matched["agency_id"][0]
    before = _unreported(manager, agency_id)
    # a visit at 22:30 Moscow the agency never reported
    unreported_id = debt_user.call(
        REPORTED,
        "create",
        {
            "handoff_id": handoff_id,
            "channel": "visit",
            "at": _day(9, "19:30"),
            "described": "Пришли домой поздно вечером",
        },
    )
    [unreported] = manager.call(REPORTED, "read", [unreported_id], FIELDS)
    assert unreported["match_state"] == "unreported"
    assert unreported["matched_contact_id"] is False
    assert "quiet_hours" in unreported["violations"].split(",")
    assert _unreported(manager, agency_id) == before + 1
    # managers report over the records
    groups = manager.call(
        REPORTED,
        "read_group",
        [("handoff_id", "=", handoff_id)],
        ["match_state"],
        ["match_state"],
    )
    counts = {g["match_state"]: g["match_state_count"] for g in groups}
    assert counts == {"matched": 1, "unreported": 1}


def test_later_agency_report_turns_matched(agency, debt_user, manager, handoff):
    handoff_id, ref = handoff
    report_id = debt_user.call(
        REPORTED,
        "create",
        {"handoff_id": handoff_id, "channel": "message", "at": _day(20, "09:00")},
    )
    [row] = manager.call(REPORTED, "read", [report_id], FIELDS)
    assert row["match_state"] == "unreported"
    [result] = agency.call(
        HANDOFF,
        "cs_report_contacts",
        [
            {
                "ref": ref,
                "agency_contact_id": uuid.uuid4().hex[:8],
                "channel": "message",
                "at": _day(20, "10:30"),
            }
        ],
    )
    [row] = manager.call(REPORTED, "read", [report_id], FIELDS)
    assert row["match_state"] == "matched"
    assert row["matched_contact_id"][0] == result["id"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("handoff_id", 987654321),
        ("handoff_id", "DH/DEMO/0003"),
        ("channel", "pigeon"),
        ("at", "вчера вечером"),
        ("at", "2999-01-01 10:00:00"),
    ],
)
def test_bad_input_is_fault_2_naming_key(debt_user, handoff, key, value):
    handoff_id, _ref = handoff
    count = debt_user.search_count(REPORTED, [])
    vals = {"handoff_id": handoff_id, "channel": "call", "at": _day(3, "09:00")}
    vals[key] = value
    with pytest.raises(xmlrpc.client.Fault) as error:
        debt_user.call(REPORTED, "create", vals)
    assert fault_code(error) == FAULT_USER_ERROR
    assert key in error.value.faultString
    assert debt_user.search_count(REPORTED, []) == count


def test_bad_input_over_json_rpc(debt_user, handoff):
    handoff_id, _ref = handoff
    with pytest.raises(JsonRpcError) as error:
        debt_user.json_call(
            REPORTED,
            "create",
            {"handoff_id": handoff_id, "channel": "call", "at": "not a time"},
        )
    assert error.value.name == "odoo.exceptions.ValidationError"
    assert "at" in error.value.message


def test_agency_sees_and_records_nothing(agency, debt_user, handoff):
    handoff_id, _ref = handoff
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.search_read(REPORTED, [], ["described"])
    assert fault_code(error) == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.call(
            REPORTED,
            "create",
            {"handoff_id": handoff_id, "channel": "call", "at": _day(3, "09:00")},
        )
    assert fault_code(error) == FAULT_ACCESS_ERROR


def test_match_state_and_violations_only_by_our_code(debt_user, handoff):
    handoff_id, _ref = handoff
    vals = {"handoff_id": handoff_id, "channel": "call", "at": _day(4, "19:45")}
    for field, value in (("match_state", "matched"), ("violations", "")):
        if value:
            with pytest.raises(xmlrpc.client.Fault) as error:
                debt_user.call(REPORTED, "create", dict(vals, **{field: value}))
            assert fault_code(error) == FAULT_ACCESS_ERROR
    report_id = debt_user.call(REPORTED, "create", vals)
    for field, value in (("match_state", "matched"), ("violations", "")):
        with pytest.raises(xmlrpc.client.Fault) as error:
            debt_user.call(REPORTED, "write", [report_id], {field: value})
        assert fault_code(error) == FAULT_ACCESS_ERROR
    [row] = debt_user.call(REPORTED, "read", [report_id], ["match_state"])
    assert row["match_state"] == "unreported"
