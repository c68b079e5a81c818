"""Helpdesk ticket: the letters to the customer (sender, author, template)."""

from odoo import api, fields, models
from odoo.tools import formataddr


class HelpdeskTicket(models.Model):
    """Our customer notices: written by the company, from its address."""

    _inherit = "helpdesk.ticket"

    cs_letter_from = fields.Char(
        string="Letters Sent From",
        compute="_compute_cs_letter_from",
        help="The sender of our letters to the customer: the company's e-mail "
        "address, else the team's alias, else the default sender of outgoing mail.",
    )

    @api.depends("company_id", "team_id")
    def _compute_cs_letter_from(self):
        default_from = self.env["ir.mail_server"].sudo()._get_default_from_address()
        for ticket in self:
            company = (ticket.company_id or self.env.company).sudo()
            alias = ticket.team_id.sudo().alias_email
            if company.email_formatted:
                ticket.cs_letter_from = company.email_formatted
            elif alias or default_from:
                ticket.cs_letter_from = formataddr(
                    (company.name or "", alias or default_from)
                )
            else:
                ticket.cs_letter_from = False

    def _cs_send_notice(self, template_xmlid):
        """Post one of our customer notices from a mail template (chatter + e-mail).

        Only our own code calls this, after its own checks: the notice goes in
        sudo, past the legal-review gate of :meth:`message_post`.  The letter is
        written by the company (author and the template's ``email_from``), in the
        customer's language (the template's ``lang``).
        """
        self.ensure_one()
        template = self.env.ref(template_xmlid)
        self.sudo().message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
            # the company writes, never whoever pressed the button (who may have
            # no e-mail address): the template's sender (the company's address),
            # the company as author; given both, as the composer computes them
            # together
            email_from=template.sudo()._render_field("email_from", self.ids)[self.id]
            or self.cs_letter_from,
            author_id=self._cs_letter_author().id,
        )

    def _cs_letter_author(self):
        """The partner our customer letters come from: the ticket's company."""
        self.ensure_one()
        return (self.company_id or self.env.company).sudo().partner_id
