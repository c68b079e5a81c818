"""The operator's dialog: record a contact the debtor describes in a complaint."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cs_debt_handoff.models.cs_debt_contract import CONTACT_CHANNELS

RECORDING_GROUPS = (
    "cs_feedback.group_cs_operator",
    "cs_debt_handoff.group_debt_user",
)


class CsDebtReportedContactRecord(models.TransientModel):
    """Record a collector's contact from a complaint linked to a handoff.

    Operators have no access to collections data: this dialog checks the
    caller and the ticket, then creates the debtor-reported contact with
    ``sudo()`` on the ticket's handoff. The operator does not see the result of
    the matching (collections staff do).
    """

    _name = "cs.debt.reported.contact.record"
    _description = "Record a Debtor-Reported Contact"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Complaint", required=True
    )
    channel = fields.Selection(selection=CONTACT_CHANNELS, required=True)
    at = fields.Datetime(
        string="Contact Time",
        required=True,
        default=fields.Datetime.now,
        help="When the debtor says the contact happened (in your time zone).",
    )
    described = fields.Text(
        string="What Was Said",
        help="The debtor's account: who called or came, what was said, how.",
    )

    @api.model
    def _cs_check_caller(self):
        user = self.env.user
        if not self.env.su and not any(user.has_group(g) for g in RECORDING_GROUPS):
            raise AccessError(
                self.env._(
                    "Only contact-centre operators and collections staff record "
                    "the contacts debtors report."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_check_caller()
        return super().create(vals_list)

    def action_record(self):
        """Create the debtor-reported contact on the complaint's handoff."""
        self.ensure_one()
        self._cs_check_caller()
        ticket = self.ticket_id
        ticket.check_access("read")  # a ticket the caller may see
        handoff = ticket.sudo().cs_debt_handoff_id
        if ticket.cs_kind != "complaint" or not handoff:
            raise UserError(
                self.env._(
                    "Complaint: link the complaint to the debt handoff (Handoff "
                    "Reference) before recording the collector's contact."
                )
            )
        report = (
            self.env["cs.debt.reported.contact"]
            .sudo()
            .create(
                {
                    "handoff_id": handoff.id,
                    "channel": self.channel,
                    "at": self.at,
                    "described": self.described or False,
                    "reported_by": self.env.user.id,
                    "ticket_id": ticket.id,
                }
            )
        )
        channels = dict(self._fields["channel"]._description_selection(self.env))
        ticket.message_post(
            body=self.env._(
                "Collector's contact recorded for the collections team: %(channel)s "
                "at %(at)s (debtor's time %(local)s).",
                channel=channels[self.channel],
                at=fields.Datetime.to_string(self.at),
                local=report.local_at or "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
