"""The trust audit: every bypass route the outside testers found, tried again.

Each route is a call by the lowest-privileged demo login that must be refused. It is
tried four ways: XML-RPC and JSON-RPC, each with and without a context carrying every
key that once switched a check off (``cs_system_write``, ``cs_system_notice``,
``cs_review_reply_transition``, ``cs_promise_change_*``, ``default_state``…). Every
call must be refused cleanly (a ``UserError``/``ValidationError`` = XML-RPC fault 2,
or an ``AccessError`` = fault 4), never a traceback (fault 1), and afterwards the
records it aimed at must be exactly as before (no garbage stored).

The counts (routes, calls, refused, tracebacks, garbage) are printed and written to
``$CS_RUN_DIR/trust-audit.json`` for the closing note.
"""

import json
import os
import uuid
import xmlrpc.client
from pathlib import Path

import pytest
from odoo_client import FAULT_ACCESS_ERROR, FAULT_USER_ERROR, JsonRpcError

BYPASS_CONTEXT = {
    "cs_system_write": True,
    "cs_system_notice": True,
    "cs_review_reply_transition": True,
    "cs_promise_change_reason": "forged",
    "cs_promise_change_notify": True,
    "default_state": "handed_over",
    "tracking_disable": True,
}
LEGAL_TEXT = (
    "Требую вернуть деньги по Закону «О защите прав потребителей», "
    "иначе обращусь в Роспотребнадзор."
)


def _one(client, model, domain, fields=("id",), order="id"):
    rows = client.search_read(model, domain, fields=list(fields), limit=1, order=order)
    assert rows, f"the demo has no {model} matching {domain}"
    return rows[0]


@pytest.fixture(scope="module")
def targets(connect):
    """Records the routes aim at, found or made by the administrator."""
    admin = connect("admin")
    operator_uid = connect("cs_operator").uid
    partner = _one(admin, "res.partner", [("customer_rank", ">", 0)])
    legal = admin.call(
        "helpdesk.ticket",
        "create",
        {
            "name": "Аудит: претензия по ЗоЗПП",
            "description": LEGAL_TEXT,
            "cs_kind": "complaint",
            "cs_channel": "email",
            "partner_id": partner["id"],
        },
    )
    thanks = _one(
        admin,
        "helpdesk.ticket",
        [("cs_kind", "=", "thanks"), ("cs_publish_consent", "=", True)],
    )
    praise = _one(admin, "cs.feedback.praise", [("state", "=", "to_review")])
    employee = _one(admin, "hr.employee", [])
    agency_partner = admin.call(
        "res.users", "read", [connect("agency_api").uid], ["partner_id"]
    )[0]["partner_id"][0]
    agency = admin.call(
        "res.partner", "read", [agency_partner], ["commercial_partner_id"]
    )[0]["commercial_partner_id"][0]
    handed = _one(
        admin,
        "cs.debt.handoff",
        [("agency_id", "=", agency), ("state", "=", "handed_over")],
        ["id", "name", "partner_id"],
    )
    draft = _one(admin, "cs.debt.handoff", [("state", "=", "draft")])
    review = _one(admin, "cs.public.review", [])
    sensitive = _one(admin, "cs.public.review", [("is_sensitive", "=", True)])
    draft_reply = _one(admin, "cs.review.reply", [("state", "=", "draft")])
    posted_reply = _one(admin, "cs.review.reply", [("state", "=", "posted")])
    mt_comment = admin.call(
        "ir.model.data", "check_object_reference", "mail", "mt_comment"
    )[1]
    return {
        "operator_uid": operator_uid,
        "partner": partner["id"],
        "legal": legal,
        "thanks": thanks["id"],
        "praise": praise["id"],
        "employee": employee["id"],
        "handed": handed,
        "debtor": handed["partner_id"][0],
        "draft_handoff": draft["id"],
        "review": review["id"],
        "sensitive": sensitive["id"],
        "draft_reply": draft_reply["id"],
        "posted_reply": posted_reply["id"],
        "mt_comment": mt_comment,
    }


def _routes(t):
    """(label, login, model, method, args, kwargs, watched) for every route.

    ``watched`` = (model, ids, fields) the administrator reads before and after.
    """
    ticket_fields = [
        "cs_escalation_level",
        "cs_legal_signed_by",
        "cs_legal_signed_at",
        "cs_legal_review",
        "cs_is_published",
        "cs_publish_text",
        "cs_publish_consent",
        "message_ids",
    ]
    legal = ("helpdesk.ticket", [t["legal"]], ticket_fields)
    thanks = ("helpdesk.ticket", [t["thanks"]], ticket_fields)
    praise = ("cs.feedback.praise", [t["praise"]], ["state", "reward_points"])
    handoff_fields = ["state", "handoff_date", "contact_ids"]
    handed = ("cs.debt.handoff", [t["handed"]["id"]], handoff_fields)
    draft = ("cs.debt.handoff", [t["draft_handoff"]], handoff_fields)
    review_fields = ["verdict", "state", "is_sensitive", "partner_id"]
    review = ("cs.public.review", [t["review"]], review_fields)
    sensitive = ("cs.public.review", [t["sensitive"]], review_fields)
    reply_fields = ["state", "posted_at", "posted_url", "kind", "review_id", "body"]
    draft_reply = ("cs.review.reply", [t["draft_reply"]], reply_fields)
    posted_reply = ("cs.review.reply", [t["posted_reply"]], reply_fields)
    tickets = ("helpdesk.ticket", None, None)
    ref = t["handed"]["name"]
    contact = {
        "ref": ref,
        "agency_contact_id": f"audit-{uuid.uuid4().hex}",
        "channel": "call",
        "at": "2026-01-15 10:00:00",
        "outcome": "audit",
    }
    good_customer = {"name": "Аудит", "email": "audit@example.ru"}
    return [
        # cs_feedback ----------------------------------------------------------
        ("operator escalates by write", "cs_operator", "helpdesk.ticket", "write",
         [[t["legal"]], {"cs_escalation_level": 3}], {}, legal),
        ("operator forges the legal sign-off", "cs_operator", "helpdesk.ticket",
         "write", [[t["legal"]], {"cs_legal_signed_by": t["operator_uid"],
                                  "cs_legal_signed_at": "2026-01-01 00:00:00"}],
         {}, legal),
        ("operator clears the legal review", "cs_operator", "helpdesk.ticket",
         "write", [[t["legal"]], {"cs_legal_review": False}], {}, legal),
        ("operator publishes a complaint", "cs_operator", "helpdesk.ticket", "write",
         [[t["legal"]], {"cs_is_published": True}], {}, legal),
        ("operator answers before sign-off (subtype_id)", "cs_operator",
         "helpdesk.ticket", "message_post", [[t["legal"]]],
         {"body": "Ответ клиенту", "message_type": "comment",
          "subtype_id": t["mt_comment"]}, legal),
        ("operator answers before sign-off (no subtype)", "cs_operator",
         "helpdesk.ticket", "message_post", [[t["legal"]]],
         {"body": "Ответ клиенту", "message_type": "comment"}, legal),
        ("operator rewrites the consented text", "cs_operator", "helpdesk.ticket",
         "write", [[t["thanks"]], {"cs_publish_text": "Подделка",
                                   "cs_publish_consent": True}], {}, thanks),
        ("operator creates a notified thanks", "cs_operator", "helpdesk.ticket",
         "create", [{"name": "Аудит", "cs_kind": "thanks",
                     "cs_decision_notified_at": "2026-01-01 00:00:00"}], {}, tickets),
        ("operator creates a rewarded praise", "cs_operator", "cs.feedback.praise",
         "create", [{"ticket_id": t["thanks"], "employee_id": t["employee"],
                     "state": "rewarded", "reward_points": 5000}], {}, praise),
        ("operator decides a reward", "cs_operator", "cs.feedback.praise",
         "action_reward", [[t["praise"]]], {"points": 10}, praise),
        ("operator creates an approved canned answer", "cs_operator",
         "cs.feedback.canned.answer", "create",
         [{"name": "Аудит", "body": "Аудит", "state": "approved"}], {},
         ("cs.feedback.canned.answer", None, None)),
        ("submit with a wildcard e-mail", "cs_operator", "helpdesk.ticket",
         "cs_submit_feedback", [{"kind": "complaint", "channel": "web",
                                 "description": "Аудит",
                                 "customer": {"name": "Аудит", "email": "%"}}],
         {}, tickets),
        ("submit with list-typed kind", "cs_operator", "helpdesk.ticket",
         "cs_submit_feedback", [{"kind": ["complaint"], "channel": "web",
                                 "description": "Аудит", "customer": good_customer}],
         {}, tickets),
        ("submit with consent as text", "cs_operator", "helpdesk.ticket",
         "cs_submit_feedback", [{"kind": "thanks", "channel": "web",
                                 "description": "Аудит", "customer": good_customer,
                                 "publish_consent": "false"}], {}, tickets),
        ("submit with an unknown key", "cs_operator", "helpdesk.ticket",
         "cs_submit_feedback", [{"kind": "thanks", "channel": "web",
                                 "description": "Аудит", "customer": good_customer,
                                 "bonus": 1}], {}, tickets),
        # cs_debt_handoff ------------------------------------------------------
        ("agency searches chatter of its handoff", "agency_api", "cs.debt.handoff",
         "search_count", [[("name", "=", ref), ("message_ids.body", "ilike", "a")]],
         {}, handed),
        ("agency searches notices", "agency_api", "cs.debt.handoff", "search_read",
         [[("notice_ids.id", "!=", False)]], {"fields": ["name"]}, handed),
        ("agency searches invoices", "agency_api", "cs.debt.handoff", "search_count",
         [[("invoice_ids.partner_id.name", "ilike", "а")]], {}, handed),
        ("agency searches contacts by debtor", "agency_api", "cs.debt.contact",
         "search_read", [[("handoff_id.partner_id.name", "ilike", "а")]],
         {"fields": ["id"]}, handed),
        ("agency groups handoffs by debtor", "agency_api", "cs.debt.handoff",
         "read_group", [[], ["amount_handed:sum"], ["partner_id"]], {}, handed),
        ("agency reads the debtor's protection", "agency_api", "res.partner",
         "read", [[t["debtor"]], ["cs_debt_protected"]], {}, None),
        ("operator reads debtor protection", "cs_operator", "res.partner", "read",
         [[t["debtor"]], ["cs_debt_protected", "cs_debt_disputed"]], {}, None),
        ("operator searches protected debtors", "cs_operator", "res.partner",
         "search_count", [[("cs_debt_protected", "!=", False)]], {}, None),
        ("operator reports an agency contact", "cs_operator", "cs.debt.handoff",
         "cs_report_contacts", [[contact]], {}, handed),
        ("collections user creates a handed-over handoff", "debt_user",
         "cs.debt.handoff", "create", [{"partner_id": t["debtor"],
                                        "state": "handed_over"}], {},
         ("cs.debt.handoff", None, None)),
        ("collections user writes the state", "debt_user", "cs.debt.handoff",
         "write", [[t["draft_handoff"]], {"state": "handed_over"}], {}, draft),
        ("import user reads handoffs", "review_import", "cs.debt.handoff",
         "search_read", [[]], {"fields": ["name"]}, None),
        # cs_public_reviews ----------------------------------------------------
        ("import user reads author contacts", "review_import", "cs.public.review",
         "search_read", [[]], {"fields": ["author_email", "author_ip"]}, None),
        ("import user sets a verdict", "review_import", "cs.public.review", "write",
         [[t["review"]], {"verdict": "authentic", "manual_verdict": "authentic"}],
         {}, review),
        ("import user closes a review", "review_import", "cs.public.review",
         "action_close", [[t["review"]]], {}, review),
        ("import user reads employees", "review_import", "hr.employee",
         "search_read", [[]], {"fields": ["name"]}, None),
        ("import user reads platforms' accounts", "review_import",
         "cs.review.platform", "search_read", [[]], {"fields": ["name"]}, None),
        ("responder posts a reply by write", "review_responder", "cs.review.reply",
         "write", [[t["draft_reply"]], {"state": "posted"}], {}, draft_reply),
        ("responder approves a reply by write", "review_responder",
         "cs.review.reply", "write", [[t["draft_reply"]], {"state": "approved"}],
         {}, draft_reply),
        ("responder rewrites a posted reply", "review_responder", "cs.review.reply",
         "write", [[t["posted_reply"]], {"posted_url": "javascript:alert(1)",
                                         "posted_at": "2001-01-01 00:00:00"}],
         {}, posted_reply),
        ("responder clears the sensitivity", "review_responder", "cs.public.review",
         "write", [[t["sensitive"]], {"is_sensitive": False}], {}, sensitive),
        ("import with an unknown platform", "review_import", "cs.public.review",
         "cs_import_reviews", ["no-such-platform", []], {},
         ("cs.public.review", None, None)),
        ("import with rows as text", "review_import", "cs.public.review",
         "cs_import_reviews", ["yandex_maps", "rows"], {}, None),
    ]  # fmt: skip


def _call(client, transport, model, method, args, kwargs, context):
    kwargs = dict(kwargs, context=context) if context else dict(kwargs)
    if transport == "xmlrpc":
        try:
            return "ok", client.call(model, method, *args, **kwargs)
        except xmlrpc.client.Fault as fault:
            if fault.faultCode in (FAULT_USER_ERROR, FAULT_ACCESS_ERROR):
                return "refused", fault.faultString
            return "traceback", fault.faultString
    try:
        return "ok", client.json_call(model, method, *args, **kwargs)
    except JsonRpcError as error:
        return ("traceback" if error.is_traceback else "refused"), str(error)


def _snapshot(admin, watched):
    if not watched:
        return None
    model, ids, fields = watched
    if ids is None:  # a route that would create: count the model's records
        return admin.search_count(model, [])
    return admin.call(model, "read", ids, fields)


def test_every_route_is_refused(connect, targets):
    admin = connect("admin")
    tally = {"routes": 0, "calls": 0, "refused": 0, "traceback": 0, "ok": 0}
    garbage, failures = [], []
    for label, login, model, method, args, kwargs, watched in _routes(targets):
        tally["routes"] += 1
        client = connect(login)
        before = _snapshot(admin, watched)
        for transport in ("xmlrpc", "jsonrpc"):
            for context in ({}, BYPASS_CONTEXT):
                tally["calls"] += 1
                outcome, detail = _call(
                    client, transport, model, method, args, kwargs, context
                )
                tally[outcome] += 1
                if outcome != "refused":
                    how = f"{transport}{' + context' if context else ''}"
                    failures.append(f"{label} [{how}]: {outcome}: {detail!s:.300}")
        if _snapshot(admin, watched) != before:
            garbage.append(label)
    tally["garbage"] = len(garbage)
    report = json.dumps(tally)
    print(f"\ntrust audit: {report}")
    run_dir = os.environ.get("CS_RUN_DIR")
    if run_dir:
        Path(run_dir, "trust-audit.json").write_text(report)
    assert not failures, "routes not refused:\n" + "\n".join(failures)
    assert not garbage, f"records changed by refused calls: {garbage}"
    assert tally["traceback"] == 0
