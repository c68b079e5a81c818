from odoo import fields, models
from odoo.exceptions import ValidationError


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
        if self.new_date <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "new_date: the new promise %(date)s must be in the future.",
                    date=fields.Datetime.to_string(self.new_date),
                )
            )
        ticket = self.ticket_id.with_context(
            cs_promise_change_reason=self.reason,
            cs_promise_change_notify=self.notify_customer,
        )
        ticket.cs_promised_date = self.new_date
        ticket.activity_feedback(
            ["cs_feedback.mail_activity_type_delay_explanation"],
            feedback=self.reason,
        )
        if self.notify_customer and ticket.partner_id:
            ticket.with_context(cs_delay_reason=self.reason)._cs_send_notice(
                "cs_feedback.mail_template_complaint_delay"
            )
        return {"type": "ir.actions.act_window_close"}
