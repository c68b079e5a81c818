"""cs_debt_handoff over XML-RPC, as a collection agency's integration calls it.

The demo data hands DH/DEMO/0003 (paid 3000 after the handoff) and DH/DEMO/0005
(recalled) to ООО «Возврат-Профи», whose portal user is ``agency_api``;
DH/DEMO/0004 and DH/DEMO/0006 belong to another agency; DH/DEMO/0001 is a draft.
"""

import uuid
import xmlrpc.client
from datetime import datetime, timedelta, timezone

import pytest
from debt_records import new_handoff
from odoo_client import FAULT_ACCESS_ERROR, FAULT_USER_ERROR, fault_code

HANDOFF = "cs.debt.handoff"
OWN, RECALLED, DRAFT = "DH/DEMO/0003", "DH/DEMO/0005", "DH/DEMO/0001"
FOREIGN = "DH/DEMO/0006"


@pytest.fixture(scope="module")
def agency(connect):
    return connect("agency_api")


@pytest.fixture(scope="module")
def admin(connect):
    return connect("admin")


def _utc(**delta):
    moment = datetime.now(timezone.utc) - timedelta(**delta)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def test_status_of_own_handoff(agency):
    [row] = agency.call(HANDOFF, "cs_payment_status", [OWN])
    assert row["ref"] == OWN
    assert row["state"] == "handed_over"
    assert row["amount_handed"] == 8700.0
    assert row["amount_paid_since"] == 3000.0
    assert row["amount_remaining"] == 5700.0
    assert row["last_payment_date"]
    assert row["currency"]


def test_foreign_draft_and_unknown_refs_answer_not_found(agency):
    refs = [FOREIGN, "DH/NOPE/404", DRAFT, RECALLED]
    rows = agency.call(HANDOFF, "cs_payment_status", refs)
    assert [row["ref"] for row in rows] == refs
    for row in rows[:3]:
        assert row == {"ref": row["ref"], "error": "not found"}
    assert rows[3]["state"] == "recalled"


def test_more_than_1000_refs_refused(agency):
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.call(HANDOFF, "cs_payment_status", [f"R{i}" for i in range(1001)])
    assert fault_code(error) == FAULT_USER_ERROR
    assert "1001" in error.value.faultString


def test_agency_reads_nothing_but_the_api(agency, admin):
    """No access right on handoffs: status comes from cs_payment_status only."""
    [own] = admin.search_read(HANDOFF, [("name", "=", OWN)], ["partner_id"])
    debtor_id = own["partner_id"][0]
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.search_read(HANDOFF, [("name", "=", OWN)], ["state"])
    assert fault_code(error) == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.call(HANDOFF, "read", [own["id"]], ["partner_id"])
    assert fault_code(error) == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.call("res.partner", "read", [debtor_id], ["name", "phone"])
    assert fault_code(error) == FAULT_ACCESS_ERROR
    try:
        moves = agency.search_read(
            "account.move", [("partner_id", "=", debtor_id)], ["name"]
        )
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode == FAULT_ACCESS_ERROR
    else:
        assert moves == []


def test_agency_writes_refused(agency, admin):
    [own] = admin.search_read(HANDOFF, [("name", "=", OWN)], ["state"])
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.call(HANDOFF, "write", [own["id"]], {"state": "settled"})
    assert fault_code(error) == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.call(HANDOFF, "action_recall", [own["id"]], "хватит")
    assert fault_code(error) == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as error:
        agency.call("cs.debt.contact", "create", [{"agency_contact_id": "x"}])
    assert fault_code(error) == FAULT_ACCESS_ERROR


def test_report_contacts_rows_errors_and_idempotency(agency, admin):
    key = uuid.uuid4().hex[:8]
    good = {
        "ref": OWN,
        "agency_contact_id": f"{key}-ok",
        "channel": "message",
        "at": _utc(days=20),
        "outcome": "SMS доставлено",
    }
    rows = [
        dict(good, agency_contact_id=f"{key}-1", ref=FOREIGN),
        dict(good, agency_contact_id=f"{key}-2", ref="DH/NOPE/404"),
        dict(good, agency_contact_id=f"{key}-3", channel="pigeon"),
        dict(good, agency_contact_id=f"{key}-4", at="вчера вечером"),
        dict(good, agency_contact_id=f"{key}-5", at=_utc(days=-2)),
        {k: v for k, v in good.items() if k != "agency_contact_id"},
        good,
    ]
    results = agency.call(HANDOFF, "cs_report_contacts", rows)
    assert [r["index"] for r in results] == list(range(len(rows)))
    assert [r["status"] for r in results] == ["error"] * 6 + ["created"]
    assert "not found" in results[0]["error"]
    assert "not found" in results[1]["error"]
    assert "pigeon" in results[2]["error"]
    assert "вчера вечером" in results[3]["error"]
    assert "future" in results[4]["error"]
    assert "agency_contact_id" in results[5]["error"]
    assert all(r["id"] is False for r in results[:6])
    created_id = results[6]["id"]
    again = agency.call(HANDOFF, "cs_report_contacts", rows)
    assert [r["status"] for r in again] == ["error"] * 6 + ["unchanged"]
    assert again[6]["id"] == created_id
    contacts = admin.search_read(
        "cs.debt.contact", [("agency_contact_id", "like", key)], ["agency_contact_id"]
    )
    assert [c["agency_contact_id"] for c in contacts] == [f"{key}-ok"]


def test_night_call_flagged(agency):
    key = uuid.uuid4().hex[:8]
    night = (datetime.now(timezone.utc) - timedelta(days=30)).strftime(
        "%Y-%m-%d 21:00:00"
    )  # midnight in Moscow, the debtor's time zone
    [result] = agency.call(
        HANDOFF,
        "cs_report_contacts",
        [{"ref": OWN, "agency_contact_id": key, "channel": "visit", "at": night}],
    )
    assert result["status"] == "created"
    assert "quiet_hours" in result["violations"]


# two calls on one debtor-local day (Tuesday 2026-10-06, Moscow): limit 1 a day
MORNING, NIGHT = "2026-10-06 07:00:00", "2026-10-06 18:30:00"  # 10:00, 21:30


def _contact_rows(ref, *moments):
    return [
        {"ref": ref, "agency_contact_id": name, "channel": "call", "at": at}
        for name, at in moments
    ]


def _stored_codes(admin, handoff_id):
    contacts = admin.search_read(
        "cs.debt.contact",
        [("handoff_id", "=", handoff_id)],
        ["agency_contact_id", "violations"],
    )
    return {
        c["agency_contact_id"]: [v for v in (c["violations"] or "").split(",") if v]
        for c in contacts
    }


def _ref(admin, handoff_id):
    [row] = admin.call(HANDOFF, "read", [handoff_id], ["name"])
    return row["name"]


@pytest.mark.parametrize("night_first", [True, False])
def test_contacts_judged_in_time_order_one_batch(agency, admin, night_first):
    handoff_id, _debtor, _contract = new_handoff(admin, handed=True)
    ref = _ref(admin, handoff_id)
    moments = [("night", NIGHT), ("am", MORNING)]
    if not night_first:
        moments.reverse()
    results = agency.call(HANDOFF, "cs_report_contacts", _contact_rows(ref, *moments))
    names = [name for name, _at in moments]
    by_name = dict(zip(names, [r["violations"] for r in results], strict=True))
    assert "limit_day" in by_name["night"]
    assert "limit_day" not in by_name["am"]
    assert _stored_codes(admin, handoff_id) == {"night": ["limit_day"], "am": []}


@pytest.mark.parametrize("night_first", [True, False])
def test_contacts_judged_in_time_order_two_batches(agency, admin, night_first):
    handoff_id, _debtor, _contract = new_handoff(admin, handed=True)
    ref = _ref(admin, handoff_id)
    moments = [("night", NIGHT), ("am", MORNING)]
    if not night_first:
        moments.reverse()
    for moment in moments:
        [result] = agency.call(
            HANDOFF, "cs_report_contacts", _contact_rows(ref, moment)
        )
        assert result["status"] == "created"
        # when reported, a call is judged against the calls reported before it
        expected = ["limit_day"] if moment[0] == "night" and not night_first else []
        assert result["violations"] == expected
    assert _stored_codes(admin, handoff_id) == {"night": ["limit_day"], "am": []}
    # idempotent on (ref, agency_contact_id): the same rows again change nothing
    again = agency.call(HANDOFF, "cs_report_contacts", _contact_rows(ref, *moments))
    assert [r["status"] for r in again] == ["unchanged", "unchanged"]
    names = [name for name, _at in moments]
    assert dict(zip(names, [r["violations"] for r in again], strict=True)) == {
        "night": ["limit_day"],
        "am": [],
    }
    notes = admin.search_read(
        "mail.message",
        [("model", "=", HANDOFF), ("res_id", "=", handoff_id)],
        ["body"],
    )
    rejudged = [n for n in notes if "judged again" in (n["body"] or "")]
    # the night call reported first was re-judged when the morning call came
    assert len(rejudged) == (1 if night_first else 0)
