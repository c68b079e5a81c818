from odoo import fields, models


class CsPraiseDecisionWizard(models.TransientModel):
    """The supervisor's decision on one or more praises, from the UI."""

    _name = "cs.praise.decision.wizard"
    _description = "Decide on Praises"

    praise_ids = fields.Many2many(comodel_name="cs.feedback.praise", required=True)
    decision = fields.Selection(
        selection=[("reward", "Reward"), ("decline", "No reward")],
        default="reward",
        required=True,
    )
    points = fields.Integer(default=10)
    badge_id = fields.Many2one(comodel_name="gamification.badge")
    credit_manager = fields.Boolean()
    note = fields.Text()

    def action_apply(self):
        self.ensure_one()
        if self.decision == "reward":
            self.praise_ids.action_reward(
                points=self.points,
                badge_id=self.badge_id.id,
                credit_manager=self.credit_manager,
                note=self.note or "",
            )
        else:
            self.praise_ids.action_decline(note=self.note or "")
        return {"type": "ir.actions.act_window_close"}
