from odoo import fields, models


class CsPromiseChangeWizard(models.TransientModel):
    """Move a promised date: a reason is required, the change is logged and the
    customer gets the delay explanation with the new date."""

    _name = "cs.promise.change.wizard"
    _description = "Change a Promised Date"

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", required=True)
    old_date = fields.Datetime(
        related="ticket_id.cs_promised_date", string="Current Promise"
    )
    new_date = fields.Datetime(string="New Promise", required=True)
    reason = fields.Text(required=True)
    notify_customer = fields.Boolean(default=True)

    def action_apply(self):
        self.ensure_one()
        ticket = self.ticket_id
        ticket._cs_change_promise(self.new_date, self.reason, self.notify_customer)
        ticket.activity_feedback(
            ["cs_feedback.mail_activity_type_delay_explanation"],
            feedback=self.reason,
        )
        return {"type": "ir.actions.act_window_close"}
