"""cs_public_reviews trust rules over XML-RPC/JSON-RPC: every rule holds whatever route
a caller takes (context keys, create, write, actions, the import API, races).

Each finding is checked as the lowest user that must be refused.
"""

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

PLATFORM = "yandex_maps"
SORRY = "Приносим извинения, мы разбираемся."
ROLES = ["review_import", "review_responder", "review_pr", "review_manager"]
STAFF = {"review_responder", "review_pr", "review_manager"}
HYPOTHESIS = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _fault(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        call(*args, **kwargs)
    return excinfo.value


def _uid():
    return uuid.uuid4().hex[:10]


def _row(ext, **extra):
    row = {
        "external_id": ext,
        "author_name": "Анна К.",
        "author_city": "Москва",
        "author_ip": "77.88.55.88",
        "published_at": "2026-03-01 10:00:00",
        "rating": 4,
        "body": "Нормально.",
        "url": f"https://yandex.ru/maps/org/reviews/{ext}",
    }
    row.update(extra)
    return row


@pytest.fixture(scope="module")
def manager(connect):
    return connect("review_manager")


@pytest.fixture(scope="module")
def platform_id(manager):
    [platform] = manager.search_read(
        "cs.review.platform", [("code", "=", PLATFORM)], ["id"], limit=1
    )
    return platform["id"]


def _import(connect, **extra):
    ext = f"tr-{_uid()}"
    result = connect("review_import").call(
        "cs.public.review", "cs_import_reviews", PLATFORM, [_row(ext, **extra)]
    )
    assert result["created"] == 1, result
    return result["results"][0]["id"]


def _new_review(manager, platform_id, **vals):
    return manager.call(
        "cs.public.review",
        "create",
        {
            "platform_id": platform_id,
            "external_id": f"tr-{_uid()}",
            "rating": 5,
            **vals,
        },
    )


def _new_reply(manager, review_id):
    return manager.call(
        "cs.review.reply", "create", {"review_id": review_id, "body": SORRY}
    )


# ----------------------------------------------------------------- finding 1


def test_context_key_does_not_post_or_approve(connect):
    """The former cs_review_reply_transition key opened the reply state to anyone."""
    responder = connect("review_responder")
    review_id = _import(connect, rating=1, body="Подам в суд!")
    reply_id = responder.call(
        "cs.review.reply", "create", {"review_id": review_id, "body": SORRY}
    )
    key = {"cs_review_reply_transition": True}
    for vals in (
        {"state": "posted"},
        {"state": "approved"},
        {"posted_at": "2026-03-02 11:00:00"},
        {"posted_url": "https://example.com/x"},
        {"approved_by_id": responder.uid},
    ):
        fault = _fault(
            responder.call, "cs.review.reply", "write", [reply_id], vals, context=key
        )
        assert fault.faultCode == FAULT_ACCESS_ERROR, (vals, fault.faultString)
    fault = _fault(
        responder.call,
        "cs.review.reply",
        "create",
        {"review_id": review_id, "body": SORRY, "state": "posted"},
        context=key,
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    # the sensitive review still needs PR
    fault = _fault(responder.call, "cs.review.reply", "action_post", [reply_id])
    assert fault.faultCode == FAULT_USER_ERROR and "PR approval" in fault.faultString
    [reply] = responder.call("cs.review.reply", "read", [reply_id], ["state"])
    assert reply["state"] == "draft"


# ----------------------------------------------------------------- finding 2


def test_posted_reply_cannot_be_rewritten(connect, manager, platform_id):
    responder = connect("review_responder")
    review_id = _new_review(manager, platform_id, url="https://example.com/r")
    other_id = _new_review(manager, platform_id)
    reply_id = _new_reply(manager, review_id)
    for bad in ("javascript:alert(1)", ["https://a.example"], "data:text/html,x"):
        fault = _fault(
            responder.call, "cs.review.reply", "action_post", [reply_id], posted_url=bad
        )
        assert fault.faultCode == FAULT_USER_ERROR
        assert "posted_url" in fault.faultString
    assert responder.call("cs.review.reply", "action_post", [reply_id]) is True
    for client in (responder, manager):
        for vals in (
            {"body": "Извините, другой текст"},
            {"kind": "follow_up"},
            {"review_id": other_id},
            {"posted_at": "2020-01-01 00:00:00"},
            {"posted_url": "https://evil.example"},
            {"state": "draft"},
        ):
            fault = _fault(client.call, "cs.review.reply", "write", [reply_id], vals)
            assert fault.faultCode in (FAULT_USER_ERROR, FAULT_ACCESS_ERROR), vals
    [reply] = manager.call(
        "cs.review.reply", "read", [reply_id], ["body", "posted_url", "review_id"]
    )
    assert reply["body"] == SORRY
    assert reply["posted_url"] == "https://example.com/r"
    assert reply["review_id"][0] == review_id


# ----------------------------------------------------------------- finding 3


def test_responder_cannot_clear_sensitive(connect):
    responder, pr = connect("review_responder"), connect("review_pr")
    review_id = _import(connect, rating=1, body="Напишу журналистам и подам в суд")
    fault = _fault(
        responder.call,
        "cs.public.review",
        "write",
        [review_id],
        {"is_sensitive": False},
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    fault = _fault(
        responder.call, "cs.public.review", "action_clear_sensitive", [review_id]
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    responder.call(
        "cs.public.review",
        "write",
        [review_id],
        {"body": "Всё хорошо", "author_reach": 0},
    )
    [review] = responder.call("cs.public.review", "read", [review_id], ["is_sensitive"])
    assert review["is_sensitive"] is True
    reply_id = responder.call(
        "cs.review.reply", "create", {"review_id": review_id, "body": SORRY}
    )
    fault = _fault(responder.call, "cs.review.reply", "action_post", [reply_id])
    assert "PR approval" in fault.faultString
    assert pr.call("cs.public.review", "action_clear_sensitive", [review_id]) is True
    assert responder.call("cs.review.reply", "action_post", [reply_id]) is True


# ----------------------------------------------------------------- finding 4


def test_import_role_reaches_only_the_import(connect, manager, platform_id):
    importer = connect("review_import")
    review_id = _import(connect, author_email="anna@example.com", rating=1)
    [partner] = manager.search_read("res.partner", [("id", "!=", 0)], ["id"], limit=1)
    employee = manager.call("hr.employee", "search", [], limit=1)
    targets = {
        "cs.public.review": [review_id],
        "cs.review.platform": [platform_id],
        "res.partner": [partner["id"]],
        "hr.employee": employee,
    }
    for model, ids in targets.items():
        if model != "res.partner":  # portal users search their own partner only
            fault = _fault(importer.search_read, model, [], ["id"])
            assert fault.faultCode == FAULT_ACCESS_ERROR, model
        else:
            own = importer.search_read(model, [], ["id"])
            assert partner["id"] not in {p["id"] for p in own}
        if ids:
            fault = _fault(importer.call, model, "read", ids, ["display_name"])
            assert fault.faultCode == FAULT_ACCESS_ERROR, model
            fault = _fault(importer.call, model, "write", ids, {"name": "x"})
            assert fault.faultCode == FAULT_ACCESS_ERROR, model
        fault = _fault(importer.call, model, "create", {"name": "x"})
        assert fault.faultCode == FAULT_ACCESS_ERROR, model
    for vals in (
        {"verdict": "authentic"},
        {"authenticity_score": 100},
        {"manual_verdict": "fake"},
        {"state": "closed"},
        {"partner_id": partner["id"]},
    ):
        fault = _fault(importer.call, "cs.public.review", "write", [review_id], vals)
        assert fault.faultCode == FAULT_ACCESS_ERROR
    for action in ("action_close", "action_reset", "action_report_fake"):
        fault = _fault(importer.call, "cs.public.review", action, [review_id])
        assert fault.faultCode == FAULT_ACCESS_ERROR, action
    fault = _fault(
        importer.call, "cs.public.review", "action_set_verdict", [review_id], "fake"
    )
    assert fault.faultCode == FAULT_ACCESS_ERROR
    [review] = manager.call(
        "cs.public.review", "read", [review_id], ["state", "manual_verdict"]
    )
    assert review == {"id": review_id, "state": "to_reply", "manual_verdict": False}
    assert importer.call("res.users", "has_group", [importer.uid], "base.group_portal")
    assert not importer.call(
        "res.users", "has_group", [importer.uid], "base.group_user"
    )
    # and the import still works
    _import(connect)


def test_responder_reads_personal_fields(connect):
    review_id = _import(connect, author_email="anna@example.com")
    [review] = connect("review_responder").call(
        "cs.public.review",
        "read",
        [review_id],
        ["author_email", "author_ip", "authenticity_reasons"],
    )
    assert review["author_email"] == "anna@example.com"


# ---------------------------------------------------- generic access (table-driven)

REVIEW_GUARDED = {
    "state": "closed",
    "verdict": "authentic",
    "authenticity_score": 99,
    "authenticity_reasons": "all fine",
    "manual_verdict": "fake",
    "manual_verdict_note": "x",
    "is_sensitive": True,
    "sensitive_manual": "cleared",
    "branch": "unfounded",
    "first_reply_at": "2026-03-02 11:00:00",
    "confirmed_at": "2026-03-02 11:00:00",
    "fake_report": "x",
}
REPLY_GUARDED = {
    "state": "posted",
    "approved_at": "2026-03-02 11:00:00",
    "posted_at": "2026-03-02 11:00:00",
    "posted_url": "https://example.com/p",
}
# (model, action, args, roles that may) — the others get an AccessError
ACTIONS = [
    ("cs.public.review", "action_close", [], STAFF),
    ("cs.public.review", "action_reset", [], {"review_manager"}),
    ("cs.public.review", "action_set_verdict", ["fake", "note"], {"review_manager"}),
    ("cs.public.review", "action_mark_sensitive", [], STAFF),
    ("cs.public.review", "action_clear_sensitive", [], {"review_pr", "review_manager"}),
    ("cs.public.review", "action_recompute_authenticity", [], STAFF),
    ("cs.review.reply", "action_submit", [], STAFF),
    ("cs.review.reply", "action_approve", [], {"review_pr"}),
    ("cs.review.reply", "action_post", [], STAFF),
]


@pytest.mark.parametrize("login", ROLES)
def test_guarded_fields_refused_on_create_and_write(
    connect, manager, platform_id, login
):
    client = connect(login)
    review_id = _new_review(manager, platform_id)
    reply_id = _new_reply(manager, review_id)
    cases = [("cs.public.review", review_id, f, v) for f, v in REVIEW_GUARDED.items()]
    cases += [("cs.review.reply", reply_id, f, v) for f, v in REPLY_GUARDED.items()]
    cases += [("cs.review.reply", reply_id, "approved_by_id", client.uid)]
    for model, record_id, fname, value in cases:
        fault = _fault(client.call, model, "write", [record_id], {fname: value})
        assert fault.faultCode == FAULT_ACCESS_ERROR, (login, "write", model, fname)
        base = (
            {"platform_id": platform_id, "external_id": f"tr-{_uid()}", "rating": 5}
            if model == "cs.public.review"
            else {"review_id": review_id, "body": SORRY}
        )
        fault = _fault(client.call, model, "create", {**base, fname: value})
        assert fault.faultCode == FAULT_ACCESS_ERROR, (login, "create", model, fname)
        # the context route: default_<field> is dropped (or the call refused)
        context = {f"default_{fname}": value}
        if login not in STAFF:
            fault = _fault(client.call, model, "create", base, context=context)
            assert fault.faultCode == FAULT_ACCESS_ERROR
            continue
        new_id = client.call(model, "create", base, context=context)
        [record] = manager.call(model, "read", [new_id], [fname])
        assert record[fname] != value, (login, "context", model, fname)


@pytest.mark.parametrize("login", ROLES)
@pytest.mark.parametrize(("model", "action", "args", "allowed"), ACTIONS)
def test_actions_check_the_role(
    connect, manager, platform_id, login, model, action, args, allowed
):
    client = connect(login)
    review_id = _new_review(manager, platform_id)
    record_id = review_id
    if model == "cs.review.reply":
        record_id = _new_reply(manager, review_id)
    elif action == "action_clear_sensitive":
        manager.call(model, "action_mark_sensitive", [review_id])
    if login in allowed:
        assert client.call(model, action, [record_id], *args) is True
    else:
        fault = _fault(client.call, model, action, [record_id], *args)
        assert fault.faultCode == FAULT_ACCESS_ERROR, (login, action)
        [record] = manager.call(model, "read", [record_id], ["state"])
        assert record["state"] in ("new", "draft")


# ------------------------------------------------------------ property tests

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=40,
)
_SCALAR = st.one_of(
    st.booleans(),
    st.integers(-(2**31) + 1, 2**31 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    _TEXT,
    st.sampled_from(["x" * 30000, "javascript:alert(1)", "2026-02-30 10:00:00"]),
)
_JUNK = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    [
        "external_id",
        "author_name",
        "author_city",
        "author_ip",
        "published_at",
        "rating",
        "body",
        "url",
        "author_email",
        "author_phone",
        "author_reach",
        "state",
        "verdict",
    ]
)
_GOOD_ROW = st.builds(
    lambda ext, rating: {"external_id": f"hyp-{ext}", "rating": rating},
    st.integers(0, 10**6),
    st.integers(1, 5),
)
_ROWS = st.one_of(
    _JUNK,
    st.lists(
        st.one_of(
            _GOOD_ROW,
            st.dictionaries(_KEYS, _JUNK, max_size=6),
            st.builds(
                lambda g, extra: {**g, **extra},
                _GOOD_ROW,
                st.dictionaries(_KEYS, _JUNK, max_size=3),
            ),
            _JUNK,
        ),
        max_size=6,
    ),
)


def _counts(manager):
    return (
        manager.search_count("cs.public.review"),
        manager.search_count("cs.review.reply"),
    )


@HYPOTHESIS
@given(
    code=st.one_of(st.just(PLATFORM), st.just("no_such_platform"), _JUNK),
    rows=_ROWS,
)
def test_import_any_payload(connect, code, rows):
    importer, manager = connect("review_import"), connect("review_manager")
    before = _counts(manager)
    try:
        result = importer.call("cs.public.review", "cs_import_reviews", code, rows)
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode in (
            FAULT_USER_ERROR,
            FAULT_ACCESS_ERROR,
        ), fault.faultString
        assert _counts(manager) == before
        return
    assert isinstance(result, dict)
    assert len(result["results"]) == len(rows)
    for row in result["results"]:
        assert row["status"] in ("created", "updated", "unchanged", "error")
        if row["status"] == "error":
            assert row["error"] and "Traceback" not in row["error"]
            assert "psycopg2" not in row["error"]
    after = _counts(manager)
    assert after[0] - before[0] == result["created"]


@HYPOTHESIS
@given(
    url=st.one_of(st.just(False), st.just("https://example.com/ok"), _JUNK),
    ids=st.one_of(st.just(None), st.lists(st.integers(1, 2**31 - 1), max_size=3)),
)
def test_action_post_any_payload(connect, manager, platform_id, url, ids):
    responder = connect("review_responder")
    review_id = _new_review(manager, platform_id, url="https://example.com/r")
    reply_id = _new_reply(manager, review_id)
    ids = [reply_id] if ids is None else ids
    posted = manager.search_count("cs.review.reply", [("state", "=", "posted")])
    try:
        result = responder.call("cs.review.reply", "action_post", ids, posted_url=url)
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode in (
            FAULT_USER_ERROR,
            FAULT_ACCESS_ERROR,
        ), fault.faultString
        assert (
            manager.search_count("cs.review.reply", [("state", "=", "posted")])
            == posted
        )
        return
    assert result is True


def test_nul_and_none_over_json_rpc(connect):
    importer = connect("review_import")
    for rows in (
        [{"external_id": "nul\x00", "rating": 5}],
        [{"external_id": f"tr-{_uid()}", "rating": 5, "body": "a\x00b"}],
        [None],
        None,
    ):
        try:
            result = importer.json_call(
                "cs.public.review", "cs_import_reviews", PLATFORM, rows
            )
        except JsonRpcError as error:
            assert error.name == "odoo.exceptions.ValidationError", error.name
            continue
        assert [r["status"] for r in result["results"]] == ["error"]
    with pytest.raises(JsonRpcError) as excinfo:
        importer.json_call("cs.public.review", "cs_import_reviews", "a\x00b", [])
    assert excinfo.value.name == "odoo.exceptions.ValidationError"


# ----------------------------------------------------------------- finding 8


def test_batch_cap(connect):
    importer = connect("review_import")
    rows = [{"external_id": f"cap-{i}", "rating": 5} for i in range(1001)]
    fault = _fault(
        importer.call, "cs.public.review", "cs_import_reviews", PLATFORM, rows
    )
    assert fault.faultCode == FAULT_USER_ERROR and "1000" in fault.faultString


def test_bad_values_on_the_update_path_are_row_errors(connect):
    importer = connect("review_import")
    ext = f"tr-{_uid()}"
    first = importer.call(
        "cs.public.review", "cs_import_reviews", PLATFORM, [_row(ext)]
    )
    assert first["created"] == 1
    rows = [
        _row(ext, author_ip="999.1.1.1"),
        _row(ext, url="javascript:alert(1)"),
        _row(ext, rating=[5]),
        _row(ext, author_email="a@b@c"),
    ]
    for row in rows:
        result = importer.call("cs.public.review", "cs_import_reviews", PLATFORM, [row])
        [one] = result["results"]
        assert one["status"] == "error" and one["error"], result


# ----------------------------------------------------------------- finding 9


def test_concurrent_identical_imports(odoo_server, api_keys, manager):
    prefix = f"race-{_uid()}"
    rows = [_row(f"{prefix}-{i}", rating=i + 1) for i in range(5)]
    clients = [
        OdooClient(
            odoo_server.url, odoo_server.db, "review_import", api_keys["review_import"]
        )
        for _ in range(8)
    ]
    answers = call_together(
        clients, [("cs.public.review", "cs_import_reviews", PLATFORM, rows)] * 8
    )
    for index in range(len(rows)):
        statuses = sorted(a["results"][index]["status"] for a in answers)
        assert statuses == ["created"] + ["unchanged"] * 7, (index, statuses)
        assert len({a["results"][index]["id"] for a in answers}) == 1
    stored = manager.search_count("cs.public.review", [("external_id", "like", prefix)])
    assert stored == len(rows)
