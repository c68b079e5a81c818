"""cs_feedback "who was thanked" over XML-RPC: ``cs_suggest_praised`` and the
``suggested_employee_ids`` of a thanks submitted without ``employee_ids``."""

import uuid
import xmlrpc.client

import pytest
from odoo_client import FAULT_ACCESS_ERROR, FAULT_USER_ERROR, fault_code

TEXT = "Огромное спасибо Екатерине Соколовой, она очень быстро всё оформила!"


@pytest.fixture(scope="module")
def operator(connect):
    return connect("cs_operator")


@pytest.fixture(scope="module")
def ekaterina_id(connect):
    admin = connect("admin")
    found = admin.search_read(
        "hr.employee", [("name", "=", "Екатерина Соколова")], ["id"]
    )
    assert found, "demo employee Екатерина Соколова missing"
    return found[0]["id"]


def test_suggest_praised_names_the_demo_employee(operator, ekaterina_id):
    result = operator.call("helpdesk.ticket", "cs_suggest_praised", TEXT)
    assert result[0] == {
        "employee_id": ekaterina_id,
        "employee": "Екатерина Соколова",
        "mention": "Екатерина Соколова",
        "confidence": 0.97,
    }
    assert operator.call("helpdesk.ticket", "cs_suggest_praised", "Спасибо!") == []


def test_suggest_praised_refuses_bad_input_and_other_roles(connect, operator):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        operator.call("helpdesk.ticket", "cs_suggest_praised", 42)
    assert fault_code(caught) == FAULT_USER_ERROR
    assert "text" in caught.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as caught:
        operator.call("helpdesk.ticket", "cs_suggest_praised", TEXT, "1")
    assert fault_code(caught) == FAULT_USER_ERROR
    assert "team_id" in caught.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as caught:
        connect("debt_user").call("helpdesk.ticket", "cs_suggest_praised", TEXT)
    assert fault_code(caught) == FAULT_ACCESS_ERROR


def test_submit_thanks_without_employees_suggests(operator, ekaterina_id):
    payload = {
        "kind": "thanks",
        "channel": "web",
        "description": TEXT,
        "customer": {
            "name": "Пётр Сидоров",
            "email": f"p.{uuid.uuid4().hex[:8]}@mail.example",
        },
        "external_ref": f"praised-{uuid.uuid4().hex}",
    }
    first = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert first["suggested_employee_ids"] == [ekaterina_id]
    lines = operator.search_read(
        "cs.feedback.praise",
        [("ticket_id", "=", first["id"])],
        ["employee_id", "state"],
    )
    assert [(line["employee_id"][0], line["state"]) for line in lines] == [
        (ekaterina_id, "proposed")
    ]
    again = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert again["duplicate"] is True
    assert again["suggested_employee_ids"] == [ekaterina_id]
    complaint = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        dict(payload, kind="complaint", external_ref=f"praised-{uuid.uuid4().hex}"),
    )
    assert complaint["suggested_employee_ids"] == []
