from odoo import fields, models


class CsDebtHandoffOverride(models.TransientModel):
    """A manager's written reason to hand over despite failed pre-handoff checks."""

    _name = "cs.debt.handoff.override"
    _description = "Override Failed Pre-handoff Checks"

    handoff_ids = fields.Many2many(
        comodel_name="cs.debt.handoff",
        default=lambda self: self.env.context.get("active_ids"),
    )
    reason = fields.Text(string="Override Reason", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.handoff_ids.action_override(self.reason)
        return {"type": "ir.actions.act_window_close"}
