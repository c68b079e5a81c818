"""Debtor-reported contacts: the complaint ticket they were recorded from."""

from odoo import fields, models


class CsDebtReportedContact(models.Model):
    _inherit = "cs.debt.reported.contact"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        readonly=True,
        index=True,
        ondelete="set null",
        copy=False,
        help="The complaint ticket the operator recorded this contact from.",
    )
