"""cs_feedback over XML-RPC, as the website or a messenger bot would call it."""

import json
import urllib.request
import uuid
import xmlrpc.client

import pytest
from odoo_client import FAULT_ACCESS_ERROR, FAULT_USER_ERROR


def _payload(**kw):
    payload = {
        "kind": "thanks",
        "channel": "web",
        "description": "Спасибо Анне Смирновой за помощь с роутером!",
        "customer": {
            "name": "Пётр Сидоров",
            "email": f"p.{uuid.uuid4().hex[:8]}@mail.example",
        },
    }
    payload.update(kw)
    return payload


@pytest.fixture(scope="module")
def operator(connect):
    return connect("cs_operator")


@pytest.fixture(scope="module")
def supervisor(connect):
    return connect("cs_supervisor")


@pytest.fixture(scope="module")
def anna_id(connect):
    admin = connect("admin")
    found = admin.search_read("hr.employee", [("name", "=", "Анна Смирнова")], ["id"])
    assert found, "demo employee Анна Смирнова missing"
    return found[0]["id"]


def test_submit_thanks_and_retry_by_external_ref(operator, anna_id):
    ref = f"site-{uuid.uuid4().hex}"
    payload = _payload(employee_ids=[anna_id], external_ref=ref, publish_consent=True)
    first = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert set(first) == {
        "id",
        "number",
        "kind",
        "promised_date",
        "responsible",
        "duplicate",
        "suggested_employee_ids",
    }
    # employee_ids given: nothing is suggested
    assert first["suggested_employee_ids"] == []
    assert first["kind"] == "thanks" and first["duplicate"] is False
    assert first["number"].startswith("HT")
    again = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert again["id"] == first["id"] and again["duplicate"] is True
    assert (
        operator.search_count("helpdesk.ticket", [("cs_external_ref", "=", ref)]) == 1
    )
    praises = operator.search_read(
        "cs.feedback.praise",
        [("ticket_id", "=", first["id"])],
        ["employee_id", "state"],
    )
    assert [(p["employee_id"][0], p["state"]) for p in praises] == [
        (anna_id, "to_review")
    ]


def test_submit_complaint(operator):
    result = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        _payload(kind="complaint", channel="email", description="Нет связи с утра"),
    )
    ticket = operator.call(
        "helpdesk.ticket", "read", [result["id"]], ["cs_kind", "cs_channel"]
    )
    assert ticket[0]["cs_kind"] == "complaint" and ticket[0]["cs_channel"] == "email"


def _commitment_letters(admin, ticket_id):
    messages = admin.search_read(
        "mail.message",
        [
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "=", ticket_id),
            ("message_type", "=", "comment"),
            "|",
            ("subject", "ilike", "what happens next"),
            ("subject", "ilike", "что будет дальше"),
        ],
        ["id"],
    )
    return admin.search_read(
        "mail.mail",
        [("mail_message_id", "in", [m["id"] for m in messages])],
        ["email_from", "state", "author_id", "failure_type"],
    )


def test_complaint_is_promised_at_once_and_told_once(connect, operator):
    """Issue 9: every complaint answers its promised date and responsible, and
    the customer gets the commitment letter at once, from the company, once even
    when the call is retried."""
    admin = connect("admin")
    ref = f"site-{uuid.uuid4().hex}"
    payload = _payload(
        kind="complaint",
        channel="web",
        description="Третий день нет интернета",
        external_ref=ref,
    )
    first = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert first["promised_date"] and first["responsible"]
    row = operator.call(
        "helpdesk.ticket",
        "read",
        [first["id"]],
        ["cs_promised_date", "user_id", "cs_result_channel", "company_id"],
    )[0]
    assert row["cs_promised_date"] == first["promised_date"]
    assert row["user_id"][1] == first["responsible"]
    assert row["cs_result_channel"] == "email"
    letters = _commitment_letters(admin, first["id"])
    assert len(letters) == 1
    company = admin.call(
        "res.company", "read", [row["company_id"][0]], ["email", "partner_id"]
    )[0]
    assert company["email"] and company["email"] in letters[0]["email_from"]
    assert letters[0]["author_id"][0] == company["partner_id"][0]
    # no SMTP server here: a letter may fail to connect, never for want of a sender
    assert letters[0]["failure_type"] not in ("mail_from_missing", "mail_from_invalid")
    again = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert again["duplicate"] is True and again["id"] == first["id"]
    assert again["promised_date"] == first["promised_date"]
    assert again["responsible"] == first["responsible"]
    assert len(_commitment_letters(admin, first["id"])) == 1


def test_customer_lang_is_validated(operator):
    before = operator.search_count("helpdesk.ticket", [])
    payload = _payload(kind="complaint", description="Нет связи")
    payload["customer"]["lang"] = "xx_XX"
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert excinfo.value.faultCode == FAULT_USER_ERROR
    assert "customer.lang" in excinfo.value.faultString
    assert "xx_XX" in excinfo.value.faultString
    assert operator.search_count("helpdesk.ticket", []) == before


def test_escalation_raises_priority_one_step(operator):
    result = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        _payload(kind="complaint", description="Жалоба на скорость"),
    )
    operator.call("helpdesk.ticket", "write", [result["id"]], {"priority": "1"})
    operator.call("helpdesk.ticket", "action_cs_escalate", [result["id"]])
    row = operator.call("helpdesk.ticket", "read", [result["id"]], ["priority"])
    assert row[0]["priority"] == "2"


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"kind": "praise"}, ["kind", "praise"]),
        ({"customer": {"name": "Без контакта"}}, ["customer"]),
        ({"employee_ids": [987654321]}, ["employee_ids", "987654321"]),
        ({"description": "я" * 20001}, ["description", "20001"]),
    ],
    ids=["unknown-kind", "no-contact", "unknown-employee", "text-too-long"],
)
def test_bad_payload_is_refused_and_writes_nothing(operator, changes, names):
    ref = f"bad-{uuid.uuid4().hex}"
    before = operator.search_count("helpdesk.ticket", [])
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        operator.call(
            "helpdesk.ticket",
            "cs_submit_feedback",
            _payload(external_ref=ref, **changes),
        )
    assert excinfo.value.faultCode == FAULT_USER_ERROR
    for name in names:
        assert name in excinfo.value.faultString
    assert operator.search_count("helpdesk.ticket", []) == before
    assert (
        operator.search_count("helpdesk.ticket", [("cs_external_ref", "=", ref)]) == 0
    )


def test_only_supervisor_decides_rewards(operator, supervisor, anna_id):
    result = operator.call(
        "helpdesk.ticket", "cs_submit_feedback", _payload(employee_ids=[anna_id])
    )
    praise = operator.search_read(
        "cs.feedback.praise", [("ticket_id", "=", result["id"])]
    )[0]["id"]
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        operator.call("cs.feedback.praise", "action_reward", [praise], points=10)
    assert excinfo.value.faultCode == FAULT_ACCESS_ERROR
    assert (
        supervisor.call(
            "cs.feedback.praise", "action_reward", [praise], points=10, note="ok"
        )
        is True
    )
    ticket = supervisor.call(
        "helpdesk.ticket", "read", [result["id"]], ["cs_decision_notified_at"]
    )
    assert ticket[0]["cs_decision_notified_at"]


def test_escalation_over_rpc_stops_at_executive(operator):
    result = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        _payload(kind="complaint", description="Жалоба"),
    )
    for level in (1, 2, 3):
        assert (
            operator.call("helpdesk.ticket", "action_cs_escalate", [result["id"]])
            is True
        )
        row = operator.call(
            "helpdesk.ticket", "read", [result["id"]], ["cs_escalation_level"]
        )
        assert row[0]["cs_escalation_level"] == level
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        operator.call("helpdesk.ticket", "action_cs_escalate", [result["id"]])
    assert excinfo.value.faultCode == FAULT_USER_ERROR
    assert "executive" in excinfo.value.faultString


def test_public_feed_shows_only_published_consented_thanks(
    odoo_server, operator, supervisor
):
    text = f"Опубликуйте, пожалуйста {uuid.uuid4().hex[:6]}"
    secret = f"Не публиковать {uuid.uuid4().hex[:6]}"
    published = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        _payload(description=text, publish_consent=True, publish_scope="initials"),
    )
    operator.call("helpdesk.ticket", "cs_submit_feedback", _payload(description=secret))
    supervisor.call("helpdesk.ticket", "action_cs_publish", [published["id"]])

    def feed():
        with urllib.request.urlopen(
            f"{odoo_server.url}/cs/thanks.json", timeout=30
        ) as resp:
            return {item["text"]: item for item in json.loads(resp.read())}

    items = feed()
    assert text in items and items[text]["author"] == "П. С."
    assert secret not in items
    operator.call("helpdesk.ticket", "action_cs_withdraw_consent", [published["id"]])
    assert text not in feed()


def test_concurrent_decisions_send_exactly_one_notice(connect, operator):
    """Two supervisors decide the two praises of one thanks at the same time
    (prefork workers): the customer gets one decision notice, not zero, not two."""
    import threading

    admin = connect("admin")
    employees = admin.search_read(
        "hr.employee", [("parent_id", "!=", False)], ["id"], limit=2
    )
    result = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        _payload(employee_ids=[e["id"] for e in employees]),
    )
    praises = operator.search_read(
        "cs.feedback.praise", [("ticket_id", "=", result["id"])]
    )
    assert len(praises) == 2
    errors = []
    clients = {True: connect("cs_supervisor"), False: connect("admin")}
    start = threading.Barrier(2)

    def decide(praise_id, reward):
        try:
            client = clients[reward]
            start.wait(10)
            method = "action_reward" if reward else "action_decline"
            kwargs = {"points": 5} if reward else {"note": "no"}
            client.call("cs.feedback.praise", method, [praise_id], **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=decide, args=(praises[0]["id"], True)),
        threading.Thread(target=decide, args=(praises[1]["id"], False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    notices = admin.search_count(
        "mail.message",
        [
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "=", result["id"]),
            "|",
            ("subject", "ilike", "Thank you for your kind words"),
            ("subject", "ilike", "Спасибо за добрые слова"),
        ],
    )
    assert notices == 1
