"""Company settings of debt collection (shown in Settings, Customer Service)."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_debt_contact_match_hours = fields.Float(
        string="Contact Match Tolerance",
        default=2.0,
        help="A contact the debtor describes matches a contact the agency reported "
        "on the same handoff, through the same channel, when their times are at "
        "most this many hours apart; otherwise it is an unreported contact.",
    )
