# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    """The "Customer Service" section of Settings.

    cs_base opens the section with the working calendar every deadline counted in
    working days is planned on; each customer-service addon adds its own block of
    company settings to it (``//app[@name='cs_base']``).
    """

    _inherit = "res.config.settings"

    cs_resource_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id",
        string="Customer Service Working Calendar",
        readonly=False,
    )
    cs_ru_production_calendar = fields.Boolean(
        string="Russian Production Calendar",
        compute="_compute_cs_ru_production_calendar",
        store=True,
        readonly=False,
        help="Load Russia's public holidays and moved days off into the working "
        "calendar.",
    )

    @api.depends("cs_resource_calendar_id")
    def _compute_cs_ru_production_calendar(self):
        for settings in self:
            settings.cs_ru_production_calendar = (
                settings.cs_resource_calendar_id.cs_ru_production_calendar
            )

    def set_values(self):
        """The calendar is the company's once ``super()`` has saved it: the flag is
        written on that calendar, not on the one the company had before."""
        res = super().set_values()
        for settings in self:
            calendar = settings.cs_resource_calendar_id
            if (
                calendar
                and calendar.cs_ru_production_calendar
                != settings.cs_ru_production_calendar
            ):
                calendar.cs_ru_production_calendar = settings.cs_ru_production_calendar
        return res
