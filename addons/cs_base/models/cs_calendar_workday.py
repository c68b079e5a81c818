from odoo import api, fields, models

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class CsCalendarWorkday(models.Model):
    """A weekend day that is a working day (a moved working day).

    Odoo's working calendar repeats the same week; Russia's production calendar moves
    working days onto Saturdays (2027-02-20). On such a date the calendar works the
    hours of the weekday it stands in for (Monday by default).
    """

    _name = "cs.calendar.workday"
    _description = "Working Weekend Day"
    _order = "date"

    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="calendar_id.company_id", store=True)
    date = fields.Date(required=True)
    name = fields.Char(string="Reason")
    dayofweek_like = fields.Selection(
        selection=WEEKDAYS,
        string="Works Like",
        required=True,
        default="0",
        help="The day whose working hours apply on this date.",
    )

    _sql_constraints = [
        (
            "calendar_date_uniq",
            "unique(calendar_id, date)",
            "This date is already a working day of the calendar.",
        ),
    ]

    @api.depends("date", "calendar_id")
    def _compute_display_name(self):
        for workday in self:
            workday.display_name = f"{workday.calendar_id.name}: {workday.date}"
