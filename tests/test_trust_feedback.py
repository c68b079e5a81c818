"""Trust, cs_feedback: every rule holds whatever route a caller takes (RPC routes).

Each test plays the lowest user that must be refused (the demo ``cs_operator``,
``cs_supervisor`` where the rule is for supervisors) through the route that used to
bypass the rule: context keys sent by the client, ``subtype_id`` instead of
``subtype_xmlid``, ``create`` instead of ``write``, wildcard e-mails, concurrent
identical calls.  ORM-level routes are tested in ``addons/cs_feedback/tests``.
"""

import datetime
import json
import urllib.request
import uuid
import xmlrpc.client

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odoo_client import (
    FAULT_ACCESS_ERROR,
    FAULT_USER_ERROR,
    JsonRpcError,
    OdooClient,
    call_together,
)

LAW_TEXT = "По Закону о защите прав потребителей требую вернуть деньги"


def _payload(**kw):
    payload = {
        "kind": "thanks",
        "channel": "web",
        "description": "Спасибо Анне Смирновой за помощь с роутером!",
        "customer": {
            "name": "Пётр Сидоров",
            "email": f"trust.{uuid.uuid4().hex[:10]}@mail.example",
        },
    }
    payload.update(kw)
    return payload


def _refused(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        call(*args, **kwargs)
    return excinfo.value


def _in_days(days):
    moment = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return (moment + datetime.timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def operator(connect):
    return connect("cs_operator")


@pytest.fixture(scope="module")
def supervisor(connect):
    return connect("cs_supervisor")


@pytest.fixture(scope="module")
def legal(connect):
    return connect("cs_legal")


@pytest.fixture(scope="module")
def admin(connect):
    return connect("admin")


@pytest.fixture(scope="module")
def comment_subtype(admin):
    rows = admin.search_read(
        "ir.model.data",
        [("module", "=", "mail"), ("name", "=", "mt_comment")],
        ["res_id"],
    )
    return rows[0]["res_id"]


@pytest.fixture(scope="module")
def employee_id(admin):
    rows = admin.search_read("hr.employee", [("name", "=", "Анна Смирнова")], ["id"])
    return rows[0]["id"]


def _submit(client, **kw):
    return client.call("helpdesk.ticket", "cs_submit_feedback", _payload(**kw))


def _legal_complaint(operator):
    return _submit(operator, kind="complaint", description=LAW_TEXT)["id"]


def _customer_messages(admin, ticket_id, subtype_id):
    return admin.search_count(
        "mail.message",
        [
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "=", ticket_id),
            ("subtype_id", "=", subtype_id),
            ("message_type", "=", "comment"),
        ],
    )


def _read(client, ticket_id, fields):
    return client.call("helpdesk.ticket", "read", [ticket_id], fields)[0]


# ---------------------------------------------------------------- finding 1


@pytest.mark.parametrize(
    "vals",
    [
        {"cs_escalation_level": 3},
        {"cs_legal_signed_at": "2026-01-01 00:00:00"},
        {"cs_is_published": True},
        {"cs_decision_notified_at": "2026-01-01 00:00:00"},
        {"cs_commitment_sent_at": "2026-01-01 00:00:00"},
        {"cs_publish_consent_date": "2020-01-01 00:00:00"},
    ],
    ids=lambda vals: next(iter(vals)),
)
def test_system_write_context_key_switches_nothing_off(operator, admin, vals):
    ticket_id = _submit(operator, publish_consent=True)["id"]
    fname = next(iter(vals))
    before = _read(admin, ticket_id, [fname])[fname]
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "write",
        [ticket_id],
        vals,
        context={"cs_system_write": True},
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    assert _read(admin, ticket_id, [fname])[fname] == before


def test_legal_sign_off_cannot_be_forged(operator, admin, legal):
    ticket_id = _legal_complaint(operator)
    users = admin.search_read("res.users", [("login", "=", "cs_legal")], ["id"])
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "write",
        [ticket_id],
        {"cs_legal_signed_by": users[0]["id"], "cs_legal_signed_at": _in_days(0)},
        context={"cs_system_write": True},
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    fault = _refused(
        operator.call, "helpdesk.ticket", "action_cs_legal_sign_off", [ticket_id]
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    assert (
        legal.call("helpdesk.ticket", "action_cs_legal_sign_off", [ticket_id]) is True
    )
    row = _read(admin, ticket_id, ["cs_legal_signed_by"])
    assert row["cs_legal_signed_by"][0] == users[0]["id"]


def test_promise_log_cannot_be_forged(operator, admin):
    ticket_id = _submit(operator, kind="complaint", description="Нет связи")["id"]
    me = operator.uid
    operator.call(
        "helpdesk.ticket",
        "write",
        [ticket_id],
        {"user_id": me, "cs_result_channel": "email"},
    )
    # the complaint was promised at creation: the promise moves only by a logged change
    assert _read(admin, ticket_id, ["cs_promised_date"])["cs_promised_date"]
    before = admin.search_count(
        "cs.feedback.promise.log", [("ticket_id", "=", ticket_id)]
    )
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "write",
        [ticket_id],
        {"cs_promised_date": _in_days(5)},
        context={
            "cs_promise_change_reason": "forged",
            "cs_promise_change_notify": True,
        },
    )
    assert fault.faultCode == FAULT_USER_ERROR
    fault = _refused(
        operator.call,
        "cs.feedback.promise.log",
        "create",
        {
            "ticket_id": ticket_id,
            "old_date": _in_days(1),
            "new_date": _in_days(5),
            "reason": "forged",
            "customer_notified": True,
        },
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    assert (
        admin.search_count("cs.feedback.promise.log", [("ticket_id", "=", ticket_id)])
        == before
    )


# ---------------------------------------------------------------- finding 2


def test_consented_text_cannot_change_with_consent_in_same_write(
    odoo_server, operator, supervisor
):
    text = f"Согласованный текст {uuid.uuid4().hex[:6]}"
    ticket_id = _submit(operator, description=text, publish_consent=True)["id"]
    supervisor.call("helpdesk.ticket", "action_cs_publish", [ticket_id])
    forged = f"Поддельный текст {uuid.uuid4().hex[:6]}"
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "write",
        [ticket_id],
        {"cs_publish_text": forged, "cs_publish_consent": True},
    )
    assert fault.faultCode == FAULT_USER_ERROR
    with urllib.request.urlopen(
        f"{odoo_server.url}/cs/thanks.json", timeout=30
    ) as resp:
        texts = {item["text"] for item in json.loads(resp.read())}
    assert text in texts and forged not in texts
    assert _read(operator, ticket_id, ["cs_publish_text"])["cs_publish_text"] == text


# ---------------------------------------------------------------- finding 3


@pytest.mark.parametrize(
    "kwargs",
    [
        {"message_type": "comment", "subtype_id": "COMMENT"},
        {"message_type": "comment", "partner_ids": "CUSTOMER"},
        {"message_type": "comment"},
        {"message_type": "notification", "subtype_id": "COMMENT"},
    ],
    ids=[
        "subtype_id",
        "no-subtype-with-customer",
        "no-subtype",
        "notification-subtype_id",
    ],
)
def test_legal_gate_over_xmlrpc(operator, admin, comment_subtype, kwargs):
    ticket_id = _legal_complaint(operator)
    partner = _read(admin, ticket_id, ["partner_id"])["partner_id"][0]
    values = {"COMMENT": comment_subtype, "CUSTOMER": [partner]}
    kwargs = {
        key: values.get(value, value) if isinstance(value, str) else value
        for key, value in kwargs.items()
    }
    before = _customer_messages(admin, ticket_id, comment_subtype)
    fault = _refused(
        operator.call, "helpdesk.ticket", "message_post", [ticket_id],
        body="Деньги вернём", **kwargs,
    )  # fmt: skip
    assert fault.faultCode == FAULT_USER_ERROR
    assert "legal" in fault.faultString
    assert _customer_messages(admin, ticket_id, comment_subtype) == before


def test_legal_gate_ignores_system_notice_key_over_jsonrpc(
    operator, admin, comment_subtype
):
    ticket_id = _legal_complaint(operator)
    # the commitment letter went at creation: only what follows counts
    before = _customer_messages(admin, ticket_id, comment_subtype)
    with pytest.raises(JsonRpcError) as excinfo:
        operator.json_call(
            "helpdesk.ticket",
            "message_post",
            [ticket_id],
            body="Деньги вернём",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            context={"cs_system_notice": True},
        )
    assert excinfo.value.name == "odoo.exceptions.UserError"
    assert _customer_messages(admin, ticket_id, comment_subtype) == before


def test_only_legal_clears_legal_review(operator, legal, admin):
    ticket_id = _legal_complaint(operator)
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "write",
        [ticket_id],
        {"cs_legal_review": False},
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    created = operator.call(
        "helpdesk.ticket",
        "create",
        {"name": "Претензия", "description": LAW_TEXT, "cs_kind": "complaint",
         "cs_legal_review": False},
    )  # fmt: skip
    assert _read(admin, created, ["cs_legal_review"])["cs_legal_review"] is True
    fault = _refused(
        operator.call, "helpdesk.ticket", "action_cs_legal_not_needed", [ticket_id]
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    assert legal.call("helpdesk.ticket", "action_cs_legal_not_needed", [ticket_id])
    assert _read(admin, ticket_id, ["cs_legal_review"])["cs_legal_review"] is False


# ---------------------------------------------------------------- finding 4


def test_create_cannot_skip_write_checks(operator, admin, supervisor, employee_id):
    ticket_id = _submit(operator)["id"]
    sup = admin.search_read("res.users", [("login", "=", "cs_supervisor")], ["id"])
    before = admin.search_count("cs.feedback.praise", [("ticket_id", "=", ticket_id)])
    fault = _refused(
        operator.call,
        "cs.feedback.praise",
        "create",
        {"ticket_id": ticket_id, "employee_id": employee_id, "state": "rewarded",
         "reward_points": 5000, "decided_by": sup[0]["id"]},
    )  # fmt: skip
    assert fault.faultCode == FAULT_ACCESS_ERROR
    assert (
        admin.search_count("cs.feedback.praise", [("ticket_id", "=", ticket_id)])
        == before
    )
    fault = _refused(
        operator.call,
        "cs.feedback.canned.answer",
        "create",
        {"name": f"Q {uuid.uuid4().hex}", "body": "<p>A</p>", "state": "approved"},
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "create",
        {"name": "Thanks", "cs_kind": "thanks", "description": "x",
         "cs_decision_notified_at": _in_days(0)},
    )  # fmt: skip
    assert fault.faultCode == FAULT_ACCESS_ERROR
    done = admin.search_read(
        "ir.model.data",
        [("module", "=", "helpdesk_mgmt"), ("name", "=", "helpdesk_ticket_stage_done")],
        ["res_id"],
    )[0]["res_id"]
    name = f"Closed at birth {uuid.uuid4().hex}"
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "create",
        {"name": name, "cs_kind": "complaint", "description": "x", "stage_id": done},
    )
    assert fault.faultCode == FAULT_USER_ERROR
    assert admin.search_count("helpdesk.ticket", [("name", "=", name)]) == 0


# ---------------------------------------------------------------- findings 5, 6


@pytest.mark.parametrize(
    ("customer", "key"),
    [
        ({"name": "Wild", "email": "%"}, "customer.email"),
        ({"name": "Wild", "email": "not-an-email"}, "customer.email"),
        ({"name": "Wild", "email": "%@%"}, "customer.email"),
        ({"name": "Wild", "phone": "%"}, "customer.phone"),
    ],
)
def test_customer_is_never_matched_by_pattern(operator, admin, customer, key):
    before = admin.search_count("helpdesk.ticket", [])
    fault = _refused(
        operator.call,
        "helpdesk.ticket",
        "cs_submit_feedback",
        _payload(customer=customer),
    )
    assert fault.faultCode == FAULT_USER_ERROR
    assert key in fault.faultString
    assert admin.search_count("helpdesk.ticket", []) == before


BIG = "я" * 1_000_001


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"kind": ["thanks"]}, ["kind", "['thanks']"]),
        ({"channel": {"web": 1}}, ["channel"]),
        ({"publish_scope": ["initials"]}, ["publish_scope"]),
        ({"customer": {"name": BIG, "email": "a@b.example"}},
         ["customer.name", "1000001"]),
        ({"customer": {"name": "A", "email": 5}}, ["customer.email", "5"]),
        ({"customer": {"name": "A", "phone": ["1"]}}, ["customer.phone"]),
        ({"publish_consent": "false"}, ["publish_consent", "'false'"]),
        ({"subject": {"a": 1}}, ["subject"]),
        ({"subject": BIG}, ["subject"]),
        ({"external_ref": "r" * 129}, ["external_ref", "129"]),
        ({"employee_ids": [-1]}, ["employee_ids", "-1"]),
        ({"employee_ids": list(range(1, 52))}, ["employee_ids", "51"]),
        ({"surprise": 1, "other": 2}, ["surprise", "other"]),
        ({"customer": {"name": "A", "email": "a@b.example", "lang": "xx_XX"}},
         ["customer.lang", "xx_XX"]),
    ],
)  # fmt: skip
def test_bad_values_fault_2_naming_key_and_value(operator, admin, changes, names):
    before = admin.search_count("helpdesk.ticket", [])
    fault = _refused(
        operator.call, "helpdesk.ticket", "cs_submit_feedback", _payload(**changes)
    )
    assert fault.faultCode == FAULT_USER_ERROR, fault.faultString
    for name in names:
        assert name in fault.faultString
    assert admin.search_count("helpdesk.ticket", []) == before


def test_nul_refused_over_jsonrpc(operator, admin):
    before = admin.search_count("helpdesk.ticket", [])
    with pytest.raises(JsonRpcError) as excinfo:
        operator.json_call(
            "helpdesk.ticket", "cs_submit_feedback", _payload(description="a\x00b")
        )
    assert excinfo.value.name == "odoo.exceptions.ValidationError"
    assert "description" in excinfo.value.message
    assert admin.search_count("helpdesk.ticket", []) == before


def _praise(operator, employee_id):
    ticket_id = _submit(operator, employee_ids=[employee_id])["id"]
    return operator.search_read("cs.feedback.praise", [("ticket_id", "=", ticket_id)])[
        0
    ]["id"]


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"badge_id": "abc"}, "badge_id"),
        ({"badge_id": [1, 2]}, "badge_id"),
        ({"badge_id": 1.5}, "badge_id"),
        ({"points": 10001}, "points"),
        ({"points": 5, "credit_manager": "no"}, "credit_manager"),
        ({"points": 5, "note": ["x"]}, "note"),
    ],
)
def test_reward_arguments_fault_2(
    operator, supervisor, admin, employee_id, kwargs, key
):
    praise_id = _praise(operator, employee_id)
    fault = _refused(
        supervisor.call, "cs.feedback.praise", "action_reward", [praise_id], **kwargs
    )
    assert fault.faultCode == FAULT_USER_ERROR
    assert key in fault.faultString
    row = admin.search_read("cs.feedback.praise", [("id", "=", praise_id)], ["state"])
    assert row[0]["state"] == "to_review"
    assert (
        admin.search_count("cs.feedback.reward", [("praise_id", "=", praise_id)]) == 0
    )


def test_reward_points_beyond_int32_over_jsonrpc(operator, supervisor, employee_id):
    praise_id = _praise(operator, employee_id)
    with pytest.raises(JsonRpcError) as excinfo:
        supervisor.json_call(
            "cs.feedback.praise", "action_reward", [praise_id], points=2**31
        )
    assert excinfo.value.name == "odoo.exceptions.ValidationError"
    assert "points" in excinfo.value.message


# ---------------------------------------------------------------- finding 7


def test_eight_concurrent_submissions_make_one_ticket(odoo_server, api_keys, admin):
    ref = f"race-{uuid.uuid4().hex}"
    payload = _payload(external_ref=ref)
    clients = [
        OdooClient(
            odoo_server.url, odoo_server.db, "cs_operator", api_keys["cs_operator"]
        )
        for _ in range(8)
    ]
    answers = call_together(
        clients, [("helpdesk.ticket", "cs_submit_feedback", payload)] * 8
    )
    assert len(answers) == 8
    assert len({answer["id"] for answer in answers}) == 1
    assert sorted(answer["duplicate"] for answer in answers) == [False] + [True] * 7
    assert admin.search_count("helpdesk.ticket", [("cs_external_ref", "=", ref)]) == 1


# ---------------------------------------------------------------- finding 9


def test_points_ledger_not_readable_by_operator(operator, supervisor, admin):
    # an employee who is not the operator: the operator sees its own lines only
    other = admin.search_read(
        "hr.employee", [("user_id", "!=", operator.uid)], ["id"], limit=1
    )[0]["id"]
    praise_id = _praise(operator, other)
    supervisor.call("cs.feedback.praise", "action_reward", [praise_id], points=7)
    assert admin.search_count("cs.feedback.reward", [("praise_id", "=", praise_id)])
    assert (
        operator.search_count("cs.feedback.reward", [("praise_id", "=", praise_id)])
        == 0
    )
    groups = operator.call(
        "cs.feedback.reward", "read_group", [], ["points:sum"], ["employee_id"]
    )
    own = admin.search_read("hr.employee", [("user_id", "=", operator.uid)], ["id"])
    assert {group["employee_id"][0] for group in groups} <= {e["id"] for e in own}


# ---------------------------------------------------------------- properties

XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40
)
JUNK = st.recursive(
    st.booleans()
    | st.integers(min_value=-(2**31), max_value=2**31 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | XML_TEXT
    | st.just("x" * 30000),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(XML_TEXT, children, max_size=3),
    max_leaves=6,
)
EMAILS = st.sampled_from(["a@b.example", "%", "x@y", "", "not-an-email"]) | JUNK
CUSTOMERS = (
    st.fixed_dictionaries(
        {"name": st.sampled_from(["Ольга", ""]) | JUNK},
        optional={"email": EMAILS, "phone": st.sampled_from(["+7 900 1", "%"]) | JUNK,
                  "lang": st.sampled_from(["ru_RU", "en_US", "zz"]) | JUNK},
    )
    | JUNK
)  # fmt: skip
PAYLOADS = (
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["thanks", "complaint", "question"]) | JUNK,
            "channel": st.sampled_from(["web", "phone"]) | JUNK,
            "description": st.sampled_from(["Спасибо!", ""]) | JUNK,
            "customer": CUSTOMERS,
        },
        optional={
            "external_ref": XML_TEXT | JUNK,
            "employee_ids": st.lists(st.integers(-5, 10**6), max_size=3) | JUNK,
            "publish_consent": st.booleans() | JUNK,
            "publish_scope": st.sampled_from(["initials", "anonymous"]) | JUNK,
            "publish_text": XML_TEXT | JUNK,
            "subject": XML_TEXT | JUNK,
            "unknown_key": JUNK,
        },
    )
    | JUNK
)
SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(payload=PAYLOADS)
def test_submit_feedback_property(operator, admin, payload):
    before = admin.search_count("helpdesk.ticket", [])
    try:
        result = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode in (
            FAULT_USER_ERROR,
            FAULT_ACCESS_ERROR,
        ), fault.faultString
        assert admin.search_count("helpdesk.ticket", []) == before
    else:
        assert isinstance(result, dict) and result["id"]


@SETTINGS
@given(
    kwargs=st.fixed_dictionaries(
        {},
        optional={
            "points": st.integers(-5, 20000) | JUNK,
            "badge_id": st.sampled_from([False, 1]) | JUNK,
            "credit_manager": st.booleans() | JUNK,
            "note": XML_TEXT | JUNK,
        },
    )
)
def test_action_reward_property(operator, supervisor, admin, employee_id, kwargs):
    open_praise = _praise(operator, employee_id)
    try:
        supervisor.call("cs.feedback.praise", "action_reward", [open_praise], **kwargs)
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode in (
            FAULT_USER_ERROR,
            FAULT_ACCESS_ERROR,
        ), fault.faultString
        row = admin.search_read(
            "cs.feedback.praise", [("id", "=", open_praise)], ["state"]
        )
        assert row[0]["state"] == "to_review"
        assert (
            admin.search_count("cs.feedback.reward", [("praise_id", "=", open_praise)])
            == 0
        )
