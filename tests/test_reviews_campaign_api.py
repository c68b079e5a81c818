"""Coordinated review campaigns over XML-RPC/JSON-RPC: found by the import API,
read by staff, judged by managers through the actions only, and found once when
the members arrive in concurrent imports."""

import random
import uuid
import xmlrpc.client
from datetime import datetime, timedelta

import pytest
from odoo_client import FAULT_ACCESS_ERROR, JsonRpcError, OdooClient, call_together

FAKE = [
    "Ужасный провайдер! Интернет пропадает каждый вечер, техподдержка не отвечает "
    "неделями, а деньги списывают исправно. Никому не советую.",
    "Ужасный провайдер. Интернет пропадает каждый вечер, поддержка неделями не "
    "отвечает, зато деньги списывают исправно. Никому не рекомендую!",
    "Никому не советую: интернет каждый вечер пропадает, техподдержка не отвечает "
    "неделями, а деньги списывают исправно. Ужасный провайдер.",
]
UNRELATED = (
    "Мастер пришёл вовремя, аккуратно протянул кабель по подъезду и настроил роутер "
    "на оба диапазона."
)
PLATFORMS = ["yandex_maps", "2gis", "yandex_maps"]


def _start():
    """A date of its own for each test (2019-2024), so that runs on the same
    database never link to each other's reviews."""
    return datetime(2019, 1, 1) + timedelta(days=random.randrange(2000))


def _row(ext, body, at, rating=1):
    return {
        "external_id": ext,
        "author_name": "Гость",
        "rating": rating,
        "body": body,
        "published_at": at.strftime("%Y-%m-%d %H:%M:%S"),
    }


def _import(client, platform, rows):
    result = client.call("cs.public.review", "cs_import_reviews", platform, rows)
    assert result["errors"] == 0, result
    return [r["id"] for r in result["results"]]


@pytest.fixture
def prefix():
    return f"camp-{uuid.uuid4().hex[:8]}"


def test_campaign_found_read_and_judged(connect, prefix):
    importer = connect("review_import")
    start = _start()
    ids = []
    for i, (body, platform) in enumerate(zip(FAKE, PLATFORMS, strict=True)):
        at = start + timedelta(hours=20 * i)
        ids += _import(importer, platform, [_row(f"{prefix}-{i}", body, at)])
    ids += _import(
        importer, "2gis", [_row(f"{prefix}-u", UNRELATED, start + timedelta(hours=5))]
    )
    responder = connect("review_responder")
    reviews = responder.search_read(
        "cs.public.review",
        [("id", "in", ids)],
        ["campaign_id", "campaign_reason", "authenticity_reasons", "external_id"],
        order="id",
    )
    campaign_ids = {r["campaign_id"][0] for r in reviews if r["campaign_id"]}
    assert len(campaign_ids) == 1
    assert [bool(r["campaign_id"]) for r in reviews] == [True, True, True, False]
    for review in reviews[:3]:
        assert review["campaign_reason"].startswith("Почти тот же текст")
        assert f"-40 {review['campaign_reason']}" in review["authenticity_reasons"]
    [campaign] = responder.call(
        "cs.review.campaign",
        "read",
        list(campaign_ids),
        ["member_count", "platform_ids", "state", "evidence_summary", "name"],
    )
    assert campaign["member_count"] == 3
    assert len(campaign["platform_ids"]) == 2
    assert campaign["state"] == "detected"
    assert f"№ {prefix}-0" in campaign["evidence_summary"]
    assert campaign["name"].startswith("Кампания")
    groups = responder.call(
        "cs.public.review",
        "read_group",
        [("id", "in", ids)],
        ["rating:avg"],
        ["campaign_id"],
        lazy=False,
    )
    assert sorted(g["__count"] for g in groups) == [1, 3]

    # staff change nothing but through the actions, whatever the context
    manager = connect("review_manager")
    campaign_id = campaign["id"]
    for client, method, args in (
        (manager, "write", [[campaign_id], {"state": "dismissed"}]),
        (responder, "action_dismiss", [[campaign_id]]),
        (manager, "create", [{"company_id": 1}]),
        (responder, "write", [[campaign_id], {"note": "x"}]),
    ):
        with pytest.raises(xmlrpc.client.Fault) as fault:
            client.call("cs.review.campaign", method, *args)
        assert fault.value.faultCode == FAULT_ACCESS_ERROR, (method, fault.value)
    with pytest.raises(JsonRpcError) as error:
        responder.json_call(
            "cs.public.review",
            "write",
            [ids[3]],
            {"campaign_id": campaign_id},
            context={"default_campaign_id": campaign_id, "cs_internal": True},
        )
    assert error.value.name == "odoo.exceptions.AccessError"
    manager.call("cs.review.campaign", "action_dismiss", [campaign_id])
    scores = manager.search_read(
        "cs.public.review", [("id", "in", ids[:3])], ["authenticity_reasons"]
    )
    assert all("Почти тот же" not in (r["authenticity_reasons"] or "") for r in scores)
    assert (
        manager.search_read(
            "cs.review.campaign", [("id", "=", campaign_id)], ["state", "decided_by_id"]
        )[0]["state"]
        == "dismissed"
    )


def test_concurrent_imports_make_one_campaign(odoo_server, api_keys, connect, prefix):
    """Three members imported at the same moment by three integrations: the
    detection is serialised per company (a concurrent import retries), so the
    last one sees the other two and exactly one campaign is made."""
    start = _start()
    clients = [
        OdooClient(
            odoo_server.url, odoo_server.db, "review_import", api_keys["review_import"]
        )
        for _ in FAKE
    ]
    answers = call_together(
        clients,
        [
            (
                "cs.public.review",
                "cs_import_reviews",
                PLATFORMS[i],
                [_row(f"{prefix}-{i}", FAKE[i], start + timedelta(hours=10 * i))],
            )
            for i in range(len(clients))
        ],
    )
    ids = [a["results"][0]["id"] for a in answers]
    reviews = connect("review_manager").search_read(
        "cs.public.review", [("id", "in", ids)], ["campaign_id"]
    )
    assert {r["campaign_id"] and r["campaign_id"][0] for r in reviews} != {False}
    assert len({r["campaign_id"][0] for r in reviews if r["campaign_id"]}) == 1
    assert all(r["campaign_id"] for r in reviews)
