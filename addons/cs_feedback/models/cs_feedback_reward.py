from odoo import fields, models


class CsFeedbackReward(models.Model):
    """The reward points ledger: one line per reward or manager credit.

    Payroll exports it per employee and period (list, pivot, export).
    """

    _name = "cs.feedback.reward"
    _description = "Reward Points Ledger"
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    employee_id = fields.Many2one(
        comodel_name="hr.employee", required=True, index=True, ondelete="restrict"
    )
    kind = fields.Selection(
        selection=[("reward", "Reward"), ("manager_credit", "Manager credit")],
        required=True,
        default="reward",
    )
    points = fields.Integer(required=True)
    praise_id = fields.Many2one(
        comodel_name="cs.feedback.praise", ondelete="cascade", index=True
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", related="praise_id.ticket_id", store=True
    )
    note = fields.Char()
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company, required=True
    )

    _sql_constraints = [
        (
            "praise_kind_uniq",
            "unique(praise_id, kind)",
            "A praise is rewarded (and its manager credited) only once.",
        ),
    ]
