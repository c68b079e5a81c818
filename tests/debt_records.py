"""Debt records the external tests build as the administrator, over XML-RPC."""

import uuid
from datetime import datetime, timedelta, timezone


def new_handoff(admin, handed=False, pay=False):
    """A fresh debtor with one overdue posted invoice, its handoff (as admin)."""
    key = uuid.uuid4().hex[:8]
    debtor = admin.call(
        "res.partner", "create", {"name": f"Должник {key}", "tz": "Europe/Moscow"}
    )
    today = datetime.now(timezone.utc).date()
    invoice = admin.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": debtor,
            "invoice_date": str(today - timedelta(days=90)),
            "invoice_date_due": str(today - timedelta(days=60)),
            "invoice_line_ids": [
                (0, 0, {"name": "Долг", "quantity": 1, "price_unit": 900.0})
            ],
        },
    )
    admin.call("account.move", "action_post", [invoice])
    [contract] = admin.search_read(
        "cs.debt.contract", [("name", "=", "АД-2026/01")], ["id"]
    )
    handoff = admin.call(
        "cs.debt.handoff",
        "create",
        {
            "partner_id": debtor,
            "contract_id": contract["id"],
            "invoice_ids": [(6, 0, [invoice])],
            "reminder_date": str(today - timedelta(days=80)),
            "alternative_offered": True,
        },
    )
    if handed:
        admin.call("cs.debt.handoff", "action_hand_over", [handoff])
    if pay:
        payment = admin.call(
            "account.payment",
            "create",
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": debtor,
                "amount": 100.0,
            },
        )
        assert admin.call("account.payment", "action_post", [payment]) is True
    return handoff, debtor, contract["id"]
