"""Helpdesk tickets: a complaint about a collector, linked to the handoff."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cs_debt_handoff.models.cs_debt_handoff import AGENCY_STATES


class HelpdeskTicket(models.Model):
    """A debtor's complaint about a collector's methods, linked to the handoff.

    The operator sees the script: apologise, offer to repay the company directly,
    the company forwards the money to the agency per contract. Such complaints (and
    the upheld ones) count on the agency scorecard.
    """

    _inherit = "helpdesk.ticket"

    cs_debt_handoff_id = fields.Many2one(
        comodel_name="cs.debt.handoff",
        string="Debt Handoff",
        index=True,
        tracking=True,
        help="The handoff whose collector the customer complains about.",
        groups="cs_debt_handoff.group_debt_user,cs_feedback.group_cs_operator",
    )
    cs_debt_handoff_ref = fields.Char(
        string="Handoff Reference",
        compute="_compute_cs_debt_handoff_ref",
        inverse="_inverse_cs_debt_handoff_ref",
        help="The reference the collector quoted to the customer (e.g. DH/2026/00042). "
        "Operators link the complaint by reference: they do not browse handoffs.",
        groups="cs_debt_handoff.group_debt_user,cs_feedback.group_cs_operator",
    )
    cs_debt_agency_id = fields.Many2one(
        related="cs_debt_handoff_id.agency_id",
        store=True,
        string="Collection Agency",
        groups="cs_debt_handoff.group_debt_user,cs_feedback.group_cs_operator",
    )
    cs_debt_upheld = fields.Boolean(
        string="Complaint Upheld",
        tracking=True,
        help="The collector's conduct was found at fault.",
        groups="cs_debt_handoff.group_debt_user,cs_feedback.group_cs_operator",
    )
    cs_debt_script = fields.Html(
        string="Operator Script",
        compute="_compute_cs_debt_script",
        sanitize=False,
        groups="cs_debt_handoff.group_debt_user,cs_feedback.group_cs_operator",
    )

    @api.depends("cs_debt_handoff_id")
    def _compute_cs_debt_handoff_ref(self):
        for ticket in self:
            ticket.cs_debt_handoff_ref = ticket.sudo().cs_debt_handoff_id.name or False

    def _inverse_cs_debt_handoff_ref(self):
        """Link the handed-over handoff of that exact reference, in the ticket's
        company; nothing else of the handoff is shown to the operator."""
        Handoff = self.env["cs.debt.handoff"].sudo()
        for ticket in self:
            ref = (ticket.cs_debt_handoff_ref or "").strip()
            handoff = Handoff.browse()
            if ref:
                handoff = Handoff.search(
                    [
                        ("name", "=", ref),
                        ("state", "in", AGENCY_STATES),
                        ("company_id", "=", (ticket.company_id or self.env.company).id),
                    ],
                    limit=1,
                )
                if not handoff:
                    raise UserError(
                        self.env._(
                            "Handoff Reference: no handed-over debt has the reference "
                            "%(ref)r.",
                            ref=ref,
                        )
                    )
            if ticket.sudo().cs_debt_handoff_id != handoff:
                ticket.cs_debt_handoff_id = handoff

    @api.depends("cs_debt_handoff_id")
    def _compute_cs_debt_script(self):
        script = self.env._(
            "<ol><li>Apologise for the collector's behaviour and thank the customer "
            "for telling us.</li><li>Offer to repay the company directly: payments "
            "to our account are accepted while the debt is with the agency.</li>"
            "<li>Explain that we forward the money to the agency under our contract "
            "and inform it within 48 hours, so the agency will stop asking.</li>"
            "<li>Record the date, time, channel and the collector's words.</li></ol>"
        )
        for ticket in self:
            ticket.cs_debt_script = script if ticket.cs_debt_handoff_id else False

    def action_cs_record_debtor_contact(self):
        """The dialog recording the collector's contact the debtor describes."""
        self.ensure_one()
        self.env["cs.debt.reported.contact.record"]._cs_check_caller()
        self.check_access("read")
        if self.cs_kind != "complaint" or not self.sudo().cs_debt_handoff_id:
            raise UserError(
                self.env._(
                    "Complaint: link the complaint to the debt handoff (Handoff "
                    "Reference) before recording the collector's contact."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Collector's Contact"),
            "res_model": "cs.debt.reported.contact.record",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }
