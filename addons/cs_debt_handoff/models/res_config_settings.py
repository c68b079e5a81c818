"""Settings of debt collection: the company fields in the Customer Service app."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_debt_contact_match_hours = fields.Float(
        related="company_id.cs_debt_contact_match_hours", readonly=False
    )
