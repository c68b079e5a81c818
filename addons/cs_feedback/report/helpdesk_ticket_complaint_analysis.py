"""Complaint analysis (pivot/graph on helpdesk.ticket): the satisfaction measure."""

from odoo import api, fields, models
from odoo.tools import SQL


class HelpdeskTicket(models.Model):
    """The complaint analysis averages the satisfaction of rated tickets only."""

    _inherit = "helpdesk.ticket"

    cs_satisfaction = fields.Float(
        string="Satisfaction",
        compute="_compute_cs_satisfaction",
        store=True,
        aggregator="avg",
        digits=(3, 2),
        groups="base.group_user",
        help="The customer's latest rating of the ticket (1 to 5; 0 when not "
        "rated). Averages in reports count the rated tickets only.",
    )

    @api.depends("rating_last_value")
    def _compute_cs_satisfaction(self):
        for ticket in self:
            ticket.cs_satisfaction = ticket.rating_last_value

    def _read_group_select(self, aggregate_spec, query):
        """The average satisfaction counts the rated tickets only: an unrated
        ticket (0) would drag it down (complaint analysis)."""
        if aggregate_spec != "cs_satisfaction:avg":
            return super()._read_group_select(aggregate_spec, query)
        # checks the access to the field, as for any aggregate
        super()._read_group_select(aggregate_spec, query)
        return SQL(
            "AVG(NULLIF(%s, 0))",
            self._field_to_sql(self._table, "cs_satisfaction", query),
        )
