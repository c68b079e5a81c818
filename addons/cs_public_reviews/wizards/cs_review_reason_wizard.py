from odoo import fields, models


class CsReviewReasonWizard(models.TransientModel):
    """Asks for the text an action records: a manager's reason to close a review
    without a reply, or PR's comment when sending a reply back."""

    _name = "cs.review.reason.wizard"
    _description = "Reason for a Review Decision"

    mode = fields.Selection(
        selection=[("close", "Close Without Reply"), ("send_back", "Send Back")],
        required=True,
        readonly=True,
    )
    review_id = fields.Many2one(comodel_name="cs.public.review", ondelete="cascade")
    reply_id = fields.Many2one(comodel_name="cs.review.reply", ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        """The target's own action checks the caller's group and the text."""
        self.ensure_one()
        if self.mode == "close":
            self.review_id.action_close_with_reason(self.reason)
        else:
            self.reply_id.action_send_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
