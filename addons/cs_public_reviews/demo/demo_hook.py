"""Demo-only setup that XML cannot express: a paid invoice for the demo customer
Павел Иванов when Invoicing is installed (his reviews then show a verified
purchaser). Run by the addon's ``post_init_hook``; does nothing without the demo
data. Not imported by the models."""

from odoo import Command


def post_init_hook(env):
    partner = env.ref("cs_public_reviews.partner_demo_ivanov", raise_if_not_found=False)
    if partner:
        demo_verified_purchaser(env, partner)


def demo_verified_purchaser(env, partner):
    """A posted, paid invoice for ``partner``; its reviews are scored again."""
    if "account.move" not in env:
        return
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
    )
    if not journal:
        return
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "journal_id": journal.id,
            "invoice_line_ids": [
                Command.create({"name": "Тариф «Домашний 100»", "price_unit": 650.0})
            ],
        }
    )
    invoice.action_post()
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=invoice.ids
    ).create({})._create_payments()
    env["cs.public.review"].search(
        [("partner_id", "=", partner.id)]
    ).action_recompute_authenticity()
