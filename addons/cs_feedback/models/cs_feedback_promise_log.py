from odoo import api, fields, models


class CsFeedbackPromiseLog(models.Model):
    """Every change of a promised date: old, new, why, and whether the customer
    was told.  A ticket cannot silently pass its promise."""

    _name = "cs.feedback.promise.log"
    _description = "Promised Date Change"
    _order = "create_date desc, id desc"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    old_date = fields.Datetime(string="Previous Promise", required=True)
    new_date = fields.Datetime(string="New Promise")
    reason = fields.Text(required=True)
    customer_notified = fields.Boolean()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Changed By",
        default=lambda self: self.env.user,
        required=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, string="Company"
    )

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        # each logged change is a new promise replacing the standing one
        self.env["cs.feedback.promise"]._cs_record_changes(logs)
        return logs
