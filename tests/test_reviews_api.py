"""cs_public_reviews over XML-RPC: the import contract and the reply workflow."""

import uuid
import xmlrpc.client

import pytest
from odoo_client import FAULT_ACCESS_ERROR, FAULT_USER_ERROR

PLATFORM = "yandex_maps"


def _row(ext, **extra):
    row = {
        "external_id": ext,
        "author_name": "Анна К.",
        "author_city": "Москва",
        "author_ip": "77.88.55.88",
        "published_at": "2026-03-01 10:00:00",
        "rating": 2,
        "body": "Третий день нет интернета, поддержка не отвечает.",
        "url": f"https://yandex.ru/maps/org/reviews/{ext}",
    }
    row.update(extra)
    return row


@pytest.fixture
def prefix():
    return f"xt-{uuid.uuid4().hex[:8]}"


def test_import_is_idempotent(connect, prefix):
    client = connect("review_import")
    rows = [_row(f"{prefix}-{i}", rating=i + 1) for i in range(3)]
    first = client.call("cs.public.review", "cs_import_reviews", PLATFORM, rows)
    assert (first["created"], first["updated"], first["errors"]) == (3, 0, 0)
    assert [r["index"] for r in first["results"]] == [0, 1, 2]
    assert all(r["status"] == "created" and r["id"] for r in first["results"])
    assert all(r["error"] is False for r in first["results"])
    again = client.call("cs.public.review", "cs_import_reviews", PLATFORM, rows)
    assert again["created"] == 0 and again["unchanged"] == 3
    assert [r["status"] for r in again["results"]] == ["unchanged"] * 3
    assert [r["id"] for r in again["results"]] == [r["id"] for r in first["results"]]
    rows[0]["body"] = "Починили, спасибо."
    third = client.call("cs.public.review", "cs_import_reviews", PLATFORM, rows)
    assert [r["status"] for r in third["results"]] == [
        "updated",
        "unchanged",
        "unchanged",
    ]
    # the import role reaches reviews only through the import: a manager reads them
    stored = connect("review_manager").search_read(
        "cs.public.review",
        [("external_id", "like", prefix)],
        ["external_id", "body", "authenticity_score", "verdict", "state"],
    )
    assert len(stored) == 3
    assert {r["body"] for r in stored} >= {"Починили, спасибо."}


def test_bad_rows_are_reported_good_rows_kept(connect, prefix):
    client = connect("review_import")
    rows = [
        _row(f"{prefix}-ok1"),
        _row(f"{prefix}-r0", rating=0),
        _row(f"{prefix}-r6", rating=6),
        {k: v for k, v in _row("x").items() if k != "external_id"},
        _row(f"{prefix}-ip", author_ip="999.1.1.1"),
        _row(f"{prefix}-future", published_at="2099-01-01 00:00:00"),
        _row(f"{prefix}-ok2"),
    ]
    result = client.call("cs.public.review", "cs_import_reviews", PLATFORM, rows)
    statuses = [r["status"] for r in result["results"]]
    assert statuses == ["created"] + ["error"] * 5 + ["created"]
    assert result["created"] == 2 and result["errors"] == 5
    errors = [r["error"] for r in result["results"]]
    assert "rating" in errors[1] and "0" in errors[1]
    assert "rating" in errors[2] and "6" in errors[2]
    assert "external_id" in errors[3]
    assert "999.1.1.1" in errors[4]
    assert "future" in errors[5]
    assert all(r["id"] is False for r in result["results"][1:6])
    retry = client.call("cs.public.review", "cs_import_reviews", PLATFORM, rows)
    assert retry["created"] == 0 and retry["unchanged"] == 2


def test_unknown_platform_is_refused(connect, prefix):
    client = connect("review_import")
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        client.call("cs.public.review", "cs_import_reviews", "no_such", [_row(prefix)])
    assert excinfo.value.faultCode == FAULT_USER_ERROR
    assert "no_such" in excinfo.value.faultString


def test_import_user_cannot_read_replies(connect):
    client = connect("review_import")
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        client.search_count("cs.review.reply")
    assert excinfo.value.faultCode == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        client.search_count("cs.review.faq")
    assert excinfo.value.faultCode == FAULT_ACCESS_ERROR


def test_negative_review_reply_workflow(connect, prefix):
    importer = connect("review_import")
    responder, pr = connect("review_responder"), connect("review_pr")
    result = importer.call(
        "cs.public.review",
        "cs_import_reviews",
        PLATFORM,
        [_row(f"{prefix}-neg", rating=1, body="Подам в суд, если не вернут деньги!")],
    )
    review_id = result["results"][0]["id"]
    [review] = responder.call(
        "cs.public.review",
        "read",
        [review_id],
        ["state", "is_sensitive", "reply_deadline", "activity_ids"],
    )
    assert review["state"] == "to_reply"
    assert review["is_sensitive"] is True
    assert review["reply_deadline"] == "2026-03-02 10:00:00"
    assert review["activity_ids"]

    assert responder.call(
        "cs.public.review", "action_set_branch_objective", [review_id]
    )
    [review] = responder.call(
        "cs.public.review", "read", [review_id], ["ticket_id", "reply_ids"]
    )
    ticket_id = review["ticket_id"][0]
    [ticket] = responder.call(
        "helpdesk.ticket", "read", [ticket_id], ["cs_kind", "cs_channel"]
    )
    assert (ticket["cs_kind"], ticket["cs_channel"]) == ("complaint", "review")
    [reply_id] = review["reply_ids"]

    # the checker refuses personal data
    responder.call(
        "cs.review.reply",
        "write",
        [reply_id],
        {"body": "Извините! Позвоните нам: +7 495 123-45-67, help@severnet.example"},
    )
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        responder.call("cs.review.reply", "action_post", [reply_id])
    assert excinfo.value.faultCode == FAULT_USER_ERROR
    assert (
        "phone" in excinfo.value.faultString and "e-mail" in excinfo.value.faultString
    )

    body = "Приносим извинения. Мы открыли обращение, представитель свяжется с вами."
    responder.call("cs.review.reply", "write", [reply_id], {"body": body})
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        responder.call("cs.review.reply", "action_post", [reply_id])
    assert "PR approval" in excinfo.value.faultString

    assert responder.call("cs.review.reply", "action_submit", [reply_id]) is True
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        responder.call("cs.review.reply", "action_approve", [reply_id])
    assert excinfo.value.faultCode == FAULT_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        responder.call("cs.review.reply", "write", [reply_id], {"state": "approved"})
    assert excinfo.value.faultCode == FAULT_ACCESS_ERROR
    assert pr.call("cs.review.reply", "action_approve", [reply_id]) is True

    assert responder.call("cs.review.reply", "action_post", [reply_id]) is True
    [reply] = responder.call(
        "cs.review.reply", "read", [reply_id], ["state", "posted_at", "posted_url"]
    )
    assert reply["state"] == "posted"
    assert reply["posted_at"]
    assert reply["posted_url"] == f"https://yandex.ru/maps/org/reviews/{prefix}-neg"
    [review] = responder.call(
        "cs.public.review",
        "read",
        [review_id],
        ["state", "first_reply_at", "reply_hours"],
    )
    assert review["state"] == "replied"
    assert review["first_reply_at"] == reply["posted_at"]

    # after the resolution: the follow-up asks the customer to confirm
    follow_up = responder.call(
        "cs.review.reply",
        "create",
        {
            "review_id": review_id,
            "kind": "follow_up",
            "body": "Извините ещё раз: деньги возвращены. "
            "Подтвердите, пожалуйста, что всё в порядке.",
        },
    )
    pr.call("cs.review.reply", "action_approve", [follow_up])
    assert (
        responder.call(
            "cs.review.reply",
            "action_post",
            [follow_up],
            posted_url="https://example.com/f",
        )
        is True
    )
    [review] = responder.call("cs.public.review", "read", [review_id], ["state"])
    assert review["state"] == "awaiting_confirmation"
    assert responder.call("cs.public.review", "action_confirm_resolution", [review_id])
    [review] = connect("review_manager").call(
        "cs.public.review", "read", [review_id], ["state", "confirmed_at"]
    )
    assert review["state"] == "confirmed" and review["confirmed_at"]
