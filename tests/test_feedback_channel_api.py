"""Issue 10: the API key ``channel`` of cs_submit_feedback is unchanged while the
ticket form shows helpdesk's Channel (channel_id) as its one channel field."""

import uuid
import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def operator(connect):
    return connect("cs_operator")


@pytest.mark.parametrize("channel", ["phone", "messenger", "review"])
def test_api_channel_fills_the_helpdesk_channel(operator, channel):
    result = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        {
            "kind": "question",
            "channel": channel,
            "description": "Как подключить второй роутер?",
            "customer": {
                "name": "Пётр Сидоров",
                "email": f"p.{uuid.uuid4().hex[:8]}@mail.example",
            },
        },
    )
    [ticket] = operator.search_read(
        "helpdesk.ticket", [("id", "=", result["id"])], ["cs_channel", "channel_id"]
    )
    assert ticket["cs_channel"] == channel
    assert ticket["channel_id"], "the ticket has a helpdesk channel"
    [helpdesk_channel] = operator.search_read(
        "helpdesk.ticket.channel", [("id", "=", ticket["channel_id"][0])], ["cs_code"]
    )
    assert helpdesk_channel["cs_code"] == channel


def test_unknown_channel_is_refused_by_key(operator):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        operator.call(
            "helpdesk.ticket",
            "cs_submit_feedback",
            {
                "kind": "question",
                "channel": "pigeon",
                "description": "?",
                "customer": {"name": "X", "email": "x@mail.example"},
            },
        )
    assert caught.value.faultCode == 2
    assert "channel" in caught.value.faultString
