from odoo import fields, models


class CsDebtHandoffRecall(models.TransientModel):
    """Asks for the reason of a recall, then recalls the handoff."""

    _name = "cs.debt.handoff.recall"
    _description = "Recall a Debt Handoff"

    handoff_ids = fields.Many2many(
        comodel_name="cs.debt.handoff",
        default=lambda self: self.env.context.get("active_ids"),
    )
    reason_kind = fields.Selection(
        selection=[
            ("paid", "Paid before the handoff"),
            ("mistake", "Handed over by mistake"),
            ("dispute", "Dispute upheld"),
            ("protected", "Protected situation"),
            ("statement", "Debtor statement"),
            ("other", "Other"),
        ],
        string="Reason",
        required=True,
        default="other",
    )
    reason = fields.Text(string="Explanation", required=True)

    def action_confirm(self):
        self.ensure_one()
        kinds = dict(self._fields["reason_kind"]._description_selection(self.env))
        self.handoff_ids.action_recall(f"{kinds[self.reason_kind]}: {self.reason}")
        return {"type": "ir.actions.act_window_close"}
