"""cs_debt_handoff: every rule holds whatever route a caller takes (XML-RPC).

Routes a client controls: domains on related paths, the methods it calls, the
context keys it sends, the payloads of the agency API, and calls made at once.
The demo data hands DH/DEMO/0003 to the agency of ``agency_api``; DH/DEMO/0006
belongs to another agency.
"""

import uuid
import xmlrpc.client
from datetime import datetime, timedelta, timezone

import pytest
from debt_records import new_handoff
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odoo_client import (
    FAULT_ACCESS_ERROR,
    FAULT_USER_ERROR,
    JsonRpcError,
    OdooClient,
    call_together,
)

HANDOFF, CONTACT = "cs.debt.handoff", "cs.debt.contact"
NOTICE, PAYMENT_NOTICE = "cs.debt.notice", "cs.debt.payment.notice"
OWN, FOREIGN = "DH/DEMO/0003", "DH/DEMO/0006"
ROLES = ("agency_api", "cs_operator", "debt_user", "debt_manager")
DEBT_ROLES = ("debt_user", "debt_manager")
PROPERTY = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _utc(**delta):
    moment = datetime.now(timezone.utc) - timedelta(**delta)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _fault(call, *args, **kwargs):
    """The fault code of a call that must fail (or the test fails)."""
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        call(*args, **kwargs)
    return excinfo.value.faultCode


@pytest.fixture(scope="module")
def admin(connect):
    return connect("admin")


@pytest.fixture(scope="module")
def agency(connect):
    return connect("agency_api")


@pytest.fixture(scope="module")
def own_ids(admin):
    [handoff] = admin.search_read(HANDOFF, [("name", "=", OWN)], ["id"])
    contacts = admin.search_read(CONTACT, [("handoff_id", "=", handoff["id"])])
    assert contacts, "the demo has contacts on DH/DEMO/0003"
    return handoff["id"], [c["id"] for c in contacts]


def _count_contacts(admin):
    return admin.search_count(CONTACT)


# ------------------------------------------------------------------------------
# 1. an agency learns nothing through domains on paths it cannot read


LEAKY_DOMAINS = [
    (HANDOFF, [("name", "=", OWN), ("message_ids.body", "ilike", "hospital")]),
    (HANDOFF, [("name", "=", OWN), ("notice_ids.kind", "=", "collector")]),
    (HANDOFF, [("name", "=", OWN), ("contact_ids.outcome", "ilike", "SMS")]),
    (HANDOFF, [("name", "=", OWN), ("invoice_ids.amount_total", ">", 0)]),
    (HANDOFF, [("name", "=", OWN), ("partner_id.name", "ilike", "Лебедев")]),
    (HANDOFF, [("name", "=", OWN)]),
    (CONTACT, [("handoff_id.partner_id.name", "ilike", "Лебедев")]),
    (CONTACT, [("handoff_id.message_ids.body", "ilike", "hospital")]),
    (CONTACT, []),
]


@pytest.mark.parametrize(("model", "domain"), LEAKY_DOMAINS)
@pytest.mark.parametrize(
    "method", ["search", "search_count", "search_read", "read_group", "name_search"]
)
def test_agency_domains_on_unreadable_paths_refused(agency, model, domain, method):
    args = {
        "search": ([domain],),
        "search_count": ([domain],),
        "search_read": ([domain], {"fields": ["id"]}),
        "read_group": ([domain, ["id:count"], ["create_date:day"]],),
        "name_search": ([], {"name": "", "args": domain}),
    }[method]
    positional, kwargs = args[0], (args[1] if len(args) > 1 else {})
    assert (
        _fault(agency.call, model, method, *positional, **kwargs) == FAULT_ACCESS_ERROR
    )


def test_agency_reads_no_record_directly(agency, own_ids):
    handoff_id, contact_ids = own_ids
    for model, ids in ((HANDOFF, [handoff_id]), (CONTACT, contact_ids)):
        assert _fault(agency.call, model, "read", ids, ["id"]) == FAULT_ACCESS_ERROR
        assert (
            _fault(agency.call, model, "web_search_read", [], {"id": {}})
            == FAULT_ACCESS_ERROR
        )
    for model in (NOTICE, PAYMENT_NOTICE, "cs.debt.statement", "cs.debt.contract"):
        assert _fault(agency.call, model, "search_count", []) == FAULT_ACCESS_ERROR


def test_agency_api_answers_as_before(agency):
    rows = agency.call(HANDOFF, "cs_payment_status", [OWN, FOREIGN, "DH/NOPE/1"])
    assert rows[0]["ref"] == OWN and rows[0]["state"] == "handed_over"
    assert rows[1] == {"ref": FOREIGN, "error": "not found"}
    assert rows[2] == {"ref": "DH/NOPE/1", "error": "not found"}
    assert set(rows[0]) == {
        "ref",
        "state",
        "amount_handed",
        "amount_paid_since",
        "amount_remaining",
        "last_payment_date",
        "currency",
    }


# ------------------------------------------------------------------------------
# 3. debtor-sensitive partner fields: collections staff only

PARTNER_FIELDS = [
    "cs_debt_protected",
    "cs_debt_disputed",
    "cs_debt_handoff_status",
    "cs_debt_handoff_count",
]


@pytest.fixture(scope="module")
def hospital_debtor(admin):
    [partner] = admin.search_read(
        "res.partner", [("email", "=", "hospital@debtor.example")], ["id"]
    )
    return partner["id"]


@pytest.mark.parametrize("fname", PARTNER_FIELDS)
def test_operator_cannot_read_search_or_write_debt_fields(
    connect, hospital_debtor, fname
):
    operator = connect("cs_operator")
    assert fname not in operator.call("res.partner", "fields_get", [], ["type"])
    assert (
        _fault(operator.call, "res.partner", "read", [hospital_debtor], [fname])
        == FAULT_ACCESS_ERROR
    )
    if fname in ("cs_debt_protected", "cs_debt_disputed"):  # stored: searchable
        assert (
            _fault(operator.call, "res.partner", "search_count", [(fname, "!=", False)])
            == FAULT_ACCESS_ERROR
        )


def test_operator_cannot_write_debt_fields(connect, admin, hospital_debtor):
    operator = connect("cs_operator")
    for vals in ({"cs_debt_protected": "none"}, {"cs_debt_disputed": True}):
        assert (
            _fault(operator.call, "res.partner", "write", [hospital_debtor], vals)
            == FAULT_ACCESS_ERROR
        )
    [debtor] = admin.call(
        "res.partner", "read", [hospital_debtor], ["cs_debt_protected"]
    )
    assert debtor["cs_debt_protected"] == "hospital"


def test_debt_user_reads_debt_fields(connect, hospital_debtor):
    [debtor] = connect("debt_user").call(
        "res.partner", "read", [hospital_debtor], PARTNER_FIELDS
    )
    assert debtor["cs_debt_protected"] == "hospital"


# ------------------------------------------------------------------------------
# 4. only agency users (for their own handoffs) report contacts


@pytest.mark.parametrize("login", ["cs_operator", "debt_user"])
def test_internal_users_cannot_report_contacts(connect, admin, login):
    before = _count_contacts(admin)
    row = {
        "ref": OWN,
        "agency_contact_id": f"{login}-{uuid.uuid4().hex[:8]}",
        "channel": "call",
        "at": _utc(days=5),
    }
    client = connect(login)
    assert (
        _fault(client.call, HANDOFF, "cs_report_contacts", [row]) == FAULT_ACCESS_ERROR
    )
    assert _fault(client.call, HANDOFF, "cs_payment_status", [OWN]) == (
        FAULT_ACCESS_ERROR
    )
    assert _count_contacts(admin) == before


def test_operator_reads_no_handoff(connect):
    operator = connect("cs_operator")
    assert _fault(operator.call, HANDOFF, "search_count", []) == FAULT_ACCESS_ERROR
    assert _fault(operator.call, HANDOFF, "name_search", "DH", []) == FAULT_ACCESS_ERROR


# ------------------------------------------------------------------------------
# 6. bad input: the row's error, good rows kept; refs typed


def test_bad_rows_are_row_errors_good_rows_kept(agency):
    key = uuid.uuid4().hex[:8]
    good = {"ref": OWN, "agency_contact_id": f"{key}-ok", "channel": "message"}
    good["at"] = _utc(days=25)
    rows = [
        dict(good, agency_contact_id=f"{key}-1", channel=["call"]),
        dict(good, agency_contact_id=f"{key}-2", at="0001-01-01 00:00:00"),
        dict(good, agency_contact_id=f"{key}-3", extra="?"),
        dict(good, agency_contact_id=True),
        good,
    ]
    results = agency.call(HANDOFF, "cs_report_contacts", rows)
    assert [r["status"] for r in results] == ["error"] * 4 + ["created"]
    assert "rows[0].channel" in results[0]["error"]
    assert "rows[1].at" in results[1]["error"]
    assert "rows[2].extra" in results[2]["error"]
    assert "rows[3].agency_contact_id" in results[3]["error"]


def test_whole_number_agency_contact_id_is_read_as_text(agency, admin):
    """Agencies that number their contacts send integers: stored as text, and the
    same number again is the same contact."""
    number = uuid.uuid4().int % 2_000_000_000  # XML-RPC integers are 32-bit
    row = {"ref": OWN, "agency_contact_id": number, "channel": "message"}
    row["at"] = _utc(days=24)
    [first] = agency.call(HANDOFF, "cs_report_contacts", [row])
    assert first["status"] == "created", first
    [again] = agency.call(HANDOFF, "cs_report_contacts", [dict(row)])
    assert again["status"] == "unchanged" and again["id"] == first["id"]
    [stored] = admin.call(
        "cs.debt.contact", "read", [first["id"]], ["agency_contact_id"]
    )
    assert stored["agency_contact_id"] == str(number)


@pytest.mark.parametrize(
    "refs", ["DH/DEMO/0003", {"ref": OWN}, [OWN, 3], [["x"]], ["x" * 65], 7]
)
def test_refs_typed(agency, refs):
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        agency.call(HANDOFF, "cs_payment_status", refs)
    assert excinfo.value.faultCode == FAULT_USER_ERROR
    assert "refs" in excinfo.value.faultString


def test_batch_caps_stated(agency):
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        agency.call(HANDOFF, "cs_payment_status", ["R"] * 1001)
    assert "at most 1000" in excinfo.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        agency.call(HANDOFF, "cs_report_contacts", [{}] * 1001)
    assert excinfo.value.faultCode == FAULT_USER_ERROR
    assert "rows: 1001 items, at most 1000" in excinfo.value.faultString


def test_nul_refused_over_json_rpc(agency):
    with pytest.raises(JsonRpcError) as excinfo:
        agency.json_call(HANDOFF, "cs_payment_status", ["DH\x00"])
    assert excinfo.value.name == "odoo.exceptions.ValidationError"
    [row] = agency.json_call(
        HANDOFF,
        "cs_report_contacts",
        [{"ref": OWN, "agency_contact_id": "a\x00", "channel": "call", "at": _utc()}],
    )
    assert row["status"] == "error" and "agency_contact_id" in row["error"]


# ------------------------------------------------------------------------------
# generic access table: role x guarded field/state x route


@pytest.fixture(scope="module")
def records(admin):
    """A draft handoff, a handed-over one with its notice and a payment notice."""
    draft, debtor, contract = new_handoff(admin)
    handed, _debtor, _contract = new_handoff(admin, handed=True, pay=True)
    [notice] = admin.search_read(NOTICE, [("handoff_id", "=", handed)], ["id"])
    [payment_notice] = admin.search_read(
        PAYMENT_NOTICE, [("handoff_id", "=", handed)], ["id"]
    )
    return {
        HANDOFF: draft,
        NOTICE: notice["id"],
        PAYMENT_NOTICE: payment_notice["id"],
        "handed": handed,
        "debtor": debtor,
        "contract": contract,
    }


GUARDED_WRITES = [
    (HANDOFF, {"state": "handed_over"}),
    (HANDOFF, {"state": "checked"}),
    (HANDOFF, {"handoff_date": "2026-01-01"}),
    (HANDOFF, {"override_reason": "так надо"}),
    (HANDOFF, {"override_user_id": 2}),
    (HANDOFF, {"override_date": "2026-01-01 00:00:00"}),
    (HANDOFF, {"recall_reason": "x"}),
    (NOTICE, {"state": "sent"}),
    (NOTICE, {"due_date": "2099-01-01"}),
    (NOTICE, {"emailed": True}),
    (PAYMENT_NOTICE, {"state": "settled"}),
    (PAYMENT_NOTICE, {"notified_at": "2026-01-01 00:00:00"}),
    (PAYMENT_NOTICE, {"amount": 1.0}),
    (PAYMENT_NOTICE, {"amount_owed": 0.0}),
    (PAYMENT_NOTICE, {"settled_date": "2026-01-01"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "vals"), GUARDED_WRITES)
def test_route_write_refused_for_every_role(connect, admin, records, role, model, vals):
    [field] = vals
    before = admin.call(model, "read", [records[model]], [field])[0][field]
    client = connect(role)
    assert (
        _fault(client.call, model, "write", [records[model]], vals)
        == FAULT_ACCESS_ERROR
    )
    assert admin.call(model, "read", [records[model]], [field])[0][field] == before


GUARDED_CREATES = [
    (HANDOFF, {"state": "handed_over"}),
    (HANDOFF, {"handoff_date": "2026-01-01"}),
    (HANDOFF, {"override_reason": "так надо"}),
    (NOTICE, {"state": "sent", "kind": "assignment"}),
    (PAYMENT_NOTICE, {"state": "settled", "amount": 1.0}),
]


def _create_vals(model, records, extra):
    if model == HANDOFF:
        base = {"partner_id": records["debtor"], "contract_id": records["contract"]}
    elif model == NOTICE:
        base = {"handoff_id": records[HANDOFF], "due_date": "2099-01-01"}
    else:
        base = {"handoff_id": records["handed"], "payment_date": "2026-01-01"}
    return dict(base, **extra)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "vals"), GUARDED_CREATES)
def test_route_create_refused_for_every_role(connect, records, role, model, vals):
    client = connect(role)
    assert (
        _fault(client.call, model, "create", _create_vals(model, records, vals))
        == FAULT_ACCESS_ERROR
    )


CONTEXT_KEYS = [
    (HANDOFF, {"default_state": "handed_over", "default_handoff_date": "2026-01-01"}),
    (HANDOFF, {"default_override_reason": "так надо"}),
    (NOTICE, {"default_state": "sent"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "context"), CONTEXT_KEYS)
def test_route_context_key_switches_nothing(
    connect, admin, records, role, model, context
):
    client = connect(role)
    vals = _create_vals(model, records, {})
    if model == NOTICE:
        # a notice of its own handoff, so the (handoff, kind) key is free
        vals["handoff_id"] = new_handoff(admin)[0]
        vals["kind"] = "collector"
    # debtor notices are made by action_hand_over only: nobody creates them
    may_create = role in DEBT_ROLES and model == HANDOFF
    if not may_create:
        assert (
            _fault(client.call, model, "create", vals, context=context)
            == FAULT_ACCESS_ERROR
        )
        return
    new_id = client.call(model, "create", vals, context=context)
    [record] = admin.call(model, "read", [new_id], list(vals) + ["state"])
    assert record["state"] in ("draft", "to_send")
    if model == HANDOFF:
        [record] = admin.call(
            model, "read", [new_id], ["handoff_date", "override_reason"]
        )
        assert not record["handoff_date"] and not record["override_reason"]


ACTIONS = [
    (HANDOFF, "action_check", ()),
    (HANDOFF, "action_override", ("письменный отказ",)),
    (NOTICE, "action_send_email", ()),
    (PAYMENT_NOTICE, "action_notify_now", ()),
    (PAYMENT_NOTICE, "action_settle", ()),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model", "action", "args"), ACTIONS)
def test_route_action_checks_the_role(connect, records, role, model, action, args):
    client = connect(role)
    allowed = role in DEBT_ROLES and not (
        action == "action_override" and role != "debt_manager"
    )
    if allowed:
        assert client.call(model, action, [records[model]], *args) is True
    else:
        assert (
            _fault(client.call, model, action, [records[model]], *args)
            == FAULT_ACCESS_ERROR
        )


def test_copy_of_handed_over_handoff_is_a_draft(connect, records, admin):
    new_id = connect("debt_user").call(HANDOFF, "copy", [records["handed"]])
    new_id = new_id[0] if isinstance(new_id, list) else new_id
    [copy] = admin.call(HANDOFF, "read", [new_id], ["state", "handoff_date"])
    assert copy["state"] == "draft" and not copy["handoff_date"]


# ------------------------------------------------------------------------------
# property tests of the two API methods

JUNK = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(-(2**31), 2**31 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80),
        st.sampled_from(["", " ", "x" * 3000, "0001-01-01 00:00:00", "call"]),
    ),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5, alphabet="abcxyz"), inner, max_size=3),
    max_leaves=6,
)
ROW = st.fixed_dictionaries(
    {},
    optional={
        "ref": st.sampled_from([OWN, FOREIGN, "DH/NOPE"]) | JUNK,
        "agency_contact_id": st.uuids().map(lambda u: f"h-{u.hex[:12]}") | JUNK,
        "channel": st.sampled_from(["call", "message", "visit"]) | JUNK,
        "at": st.integers(1, 400).map(lambda d: _utc(days=d)) | JUNK,
        "outcome": JUNK,
        "surprise": JUNK,
    },
)


@PROPERTY
@given(rows=st.one_of(st.lists(ROW | JUNK, max_size=6), JUNK))
def test_property_report_contacts(agency, admin, rows):
    before = _count_contacts(admin)
    try:
        results = agency.call(HANDOFF, "cs_report_contacts", rows)
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode in (2, 4), fault.faultString[-500:]
        assert _count_contacts(admin) == before
        return
    assert isinstance(rows, list) and len(results) == len(rows)
    created = sum(1 for r in results if r["status"] == "created")
    assert _count_contacts(admin) == before + created
    for result in results:
        assert result["status"] in ("created", "updated", "unchanged", "error")
        assert bool(result["error"]) == (result["status"] == "error")


@PROPERTY
@given(refs=st.one_of(st.lists(st.sampled_from([OWN, FOREIGN]) | JUNK), JUNK))
def test_property_payment_status(agency, refs):
    try:
        rows = agency.call(HANDOFF, "cs_payment_status", refs)
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode in (2, 4), fault.faultString[-500:]
        return
    assert [row["ref"] for row in rows] == refs
    for row in rows:
        assert row.get("error") == "not found" or row["ref"] == OWN


# ------------------------------------------------------------------------------
# 7. eight identical contact batches at once: each contact stored once


def test_concurrent_identical_batches(odoo_server, api_keys, admin):
    key = uuid.uuid4().hex[:8]
    batch = [
        {
            "ref": OWN,
            "agency_contact_id": f"race-{key}-{i}",
            "channel": "message",
            "at": _utc(days=60 + i),
            "outcome": "SMS",
        }
        for i in range(5)
    ]
    clients = [
        OdooClient(
            odoo_server.url, odoo_server.db, "agency_api", api_keys["agency_api"]
        )
        for _ in range(8)
    ]
    answers = call_together(clients, [(HANDOFF, "cs_report_contacts", batch)] * 8)
    for index in range(len(batch)):
        statuses = [answer[index]["status"] for answer in answers]
        assert set(statuses) <= {"created", "unchanged"}, statuses
        assert statuses.count("created") == 1, statuses
        assert len({answer[index]["id"] for answer in answers}) == 1
    stored = admin.search_read(
        CONTACT, [("agency_contact_id", "like", f"race-{key}-")], ["id"]
    )
    assert len(stored) == len(batch)
