"""Helpdesk ticket: the promise records (:class:`cs.feedback.promise`) of a
complaint, opened where the first promise is set and shown to supervisors.
"""

from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """The first promise of a complaint becomes a promise record, at creation or
    when a promised date is first set; changes are recorded by the change log."""

    _inherit = "helpdesk.ticket"

    cs_promise_ids = fields.One2many(
        comodel_name="cs.feedback.promise",
        inverse_name="ticket_id",
        string="Promises",
        groups="cs_feedback.group_cs_supervisor",
    )
    cs_promise_count = fields.Integer(
        string="Promise Count",
        compute="_compute_cs_promise_count",
        groups="cs_feedback.group_cs_supervisor",
    )

    @api.depends("cs_promise_ids")
    def _compute_cs_promise_count(self):
        for ticket in self:
            ticket.cs_promise_count = len(ticket.cs_promise_ids)

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        self.env["cs.feedback.promise"]._cs_record_first(tickets, at_creation=True)
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if {"cs_promised_date", "cs_kind"} & vals.keys():
            self.env["cs.feedback.promise"]._cs_record_first(self)
        return result

    def action_cs_view_promises(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_feedback.cs_feedback_promise_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
