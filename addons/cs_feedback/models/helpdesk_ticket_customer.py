"""Helpdesk ticket: finding the customer's contact (mail gateway, intake API)."""

from odoo import api, models


class HelpdeskTicket(models.Model):
    """The contact a ticket is answered to, found or created once."""

    _inherit = "helpdesk.ticket"

    @api.model
    def message_new(self, msg, custom_values=None):
        """A ticket from an e-mail came through the e-mail channel; a complaint from
        an unknown address gets its contact created, so that the commitment letter
        (sent at creation) reaches the customer."""
        values = dict(custom_values or {})
        values.setdefault("cs_channel", "email")
        kind = values.get("cs_kind") or self.default_get(["cs_kind"]).get("cs_kind")
        if kind == "complaint" and not msg.get("author_id") and msg.get("email_from"):
            partners = (
                self.env["mail.thread"]
                .sudo()
                ._mail_find_partner_from_emails([msg["email_from"]], force_create=True)
            )
            if partners and partners[0]:
                msg = dict(msg, author_id=partners[0].id)
        return super().message_new(msg, custom_values=values)

    @api.model
    def _cs_match_customer(self, customer):
        """An existing partner by normalized e-mail, then by phone, else a new one.

        One indexed lookup each, through cs_base's shared helper: the normalized
        e-mail (``email_normalized``) and the phone key (last ten digits of the
        phone or the mobile, so ``+7 923 …`` finds ``8 (923) …``), among the active
        contacts of the caller's company and the shared ones."""
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=True)
            .with_company(self.env.company)
        )
        phone = customer.get("phone") or ""
        partner = partners._cs_match_contact(
            email=customer.get("email") or None,
            phone=phone or None,
            company=self.env.company,
        )
        if not partner:
            vals = {
                "name": customer["name"],
                "email": customer.get("email") or False,
                "phone": phone or False,
            }
            # the customer's letters are written in their language: the one the
            # caller gives, else the company's (a Russian company writes Russian)
            lang = customer.get("lang") or self.env.company.partner_id.lang
            if lang and lang in dict(self.env["res.lang"].get_installed()):
                vals["lang"] = lang
            partner = partners.create(vals)
        return partner
