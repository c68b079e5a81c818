from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    cs_holiday_date = fields.Date(
        string="Production Calendar Day",
        index="btree_not_null",
        help="Set on days off loaded from Russia's production calendar: the day "
        "they stand for, so the yearly load adds each day once.",
    )

    _sql_constraints = [
        (
            "cs_holiday_date_uniq",
            "unique(calendar_id, cs_holiday_date)",
            "This production-calendar day is already a day off of the calendar.",
        ),
    ]
