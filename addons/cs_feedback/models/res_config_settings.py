"""The "Complaints and Thanks" block of Settings › Customer Service (cs_base)."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_promise_reminder_hours = fields.Integer(
        related="company_id.cs_promise_reminder_hours", readonly=False
    )
    cs_max_reward_points = fields.Integer(
        related="company_id.cs_max_reward_points", readonly=False
    )
