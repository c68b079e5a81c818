"""Every demo login works over XML-RPC and reads exactly what its role allows."""

import xmlrpc.client

import pytest
from conftest import demo_logins
from odoo_client import FAULT_ACCESS_DENIED, FAULT_ACCESS_ERROR, OdooClient

# True = may read (and sees some demo records), False = AccessError,
# "none" = may query but sees no record (helpdesk_mgmt lets every internal user read
# the tickets where they are the customer or a follower)
READS = {
    "admin": {
        "helpdesk.ticket": True,
        "account.move": True,
        "cs.review.platform": True,
    },
    "cs_operator": {
        "helpdesk.ticket": True,
        "account.move": False,
        "cs.review.platform": False,
    },
    "cs_supervisor": {
        "helpdesk.ticket": True,
        "account.move": False,
        "cs.review.platform": False,
    },
    "cs_legal": {
        "helpdesk.ticket": True,
        "account.move": False,
        "cs.review.platform": False,
    },
    "debt_user": {
        "helpdesk.ticket": "none",
        "account.move": True,
        "cs.review.platform": False,
        "cs.debt.handoff": True,
    },
    "debt_manager": {
        "helpdesk.ticket": "none",
        "account.move": True,
        "cs.review.platform": False,
        "cs.debt.handoff": True,
    },
    "agency_api": {
        "account.move": "none",  # portal: own invoices only, and the agency has none
        "cs.review.platform": False,
        "hr.employee": False,
        # the status/contact API is its only way in: no right on the addon's models
        "cs.debt.handoff": False,
        "cs.debt.contact": False,
    },
    "review_import": {  # portal: reaches reviews only through cs_import_reviews
        "helpdesk.ticket": "none",
        "account.move": "none",
        "cs.review.platform": False,
        "cs.public.review": False,
        "hr.employee": False,
    },
    "review_responder": {
        "helpdesk.ticket": True,
        "account.move": False,
        "cs.review.platform": True,
    },
    "review_manager": {
        "helpdesk.ticket": True,
        "account.move": False,
        "cs.review.platform": True,
    },
    "review_pr": {
        "helpdesk.ticket": True,
        "account.move": False,
        "cs.review.platform": True,
    },
}


def test_every_printed_login_has_expectations():
    printed = {login for login, _addon, _role in demo_logins()}
    assert printed == set(READS), "demo_logins.tsv and READS disagree"


@pytest.mark.parametrize("login", sorted(READS))
def test_demo_login_reads_what_its_role_allows(connect, login):
    client = connect(login)
    assert client.uid, f"{login} did not authenticate"
    me = client.call("res.users", "read", [client.uid], ["login"])
    assert me[0]["login"] == login
    for model, allowed in READS[login].items():
        if allowed == "none":
            assert client.search_count(model) == 0, f"{login} sees {model} records"
        elif allowed:
            assert client.search_count(model) > 0, f"{login} sees no {model} record"
        else:
            with pytest.raises(xmlrpc.client.Fault) as excinfo:
                client.search_count(model)
            assert excinfo.value.faultCode == FAULT_ACCESS_ERROR, (
                f"{login} reading {model}: expected AccessError (4), got "
                f"{excinfo.value.faultCode}: {excinfo.value.faultString[:200]}"
            )


def test_demo_passwords_work(odoo_server):
    """The README promises login == password for demo users (admin/admin)."""
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    for login, _addon, _role in demo_logins():
        password = "admin" if login == "admin" else login
        assert common.authenticate(
            odoo_server.db, login, password, {}
        ), f"{login}/{password} refused"


def test_wrong_key_is_refused(odoo_server, api_keys):
    with pytest.raises(PermissionError):
        OdooClient(odoo_server.url, odoo_server.db, "cs_operator", "not-a-key")
    proxy = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        proxy.execute_kw(
            odoo_server.db, 2, "wrong", "res.partner", "search_count", [[]]
        )
    assert excinfo.value.faultCode == FAULT_ACCESS_DENIED


def test_agency_user_is_not_internal(connect):
    client = connect("agency_api")
    groups = client.call("res.users", "has_group", [client.uid], "base.group_portal")
    assert groups is True


def test_responder_cannot_change_platforms(connect):
    responder, manager = connect("review_responder"), connect("review_manager")
    platform = manager.search_read("cs.review.platform", [], ["id"], limit=1)[0]["id"]
    with pytest.raises(xmlrpc.client.Fault) as excinfo:
        responder.call(
            "cs.review.platform", "write", [platform], {"reply_deadline_hours": 12}
        )
    assert excinfo.value.faultCode == FAULT_ACCESS_ERROR
    assert (
        manager.call(
            "cs.review.platform", "write", [platform], {"reply_deadline_hours": 12}
        )
        is True
    )
