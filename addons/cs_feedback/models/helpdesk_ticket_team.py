from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    """Who takes a complaint at each escalation level of the team."""

    _inherit = "helpdesk.ticket.team"

    cs_supervisor_id = fields.Many2one(
        comodel_name="res.users",
        string="Supervisor (level 1)",
        domain=[("share", "=", False)],
    )
    cs_head_id = fields.Many2one(
        comodel_name="res.users",
        string="Head of Service (level 2)",
        domain=[("share", "=", False)],
    )
    cs_executive_id = fields.Many2one(
        comodel_name="res.users",
        string="Executive (level 3)",
        domain=[("share", "=", False)],
    )

    def _cs_escalation_user(self, level):
        """The user a complaint is reassigned to at ``level`` (empty if none)."""
        if not self:
            return self.env["res.users"]
        self.ensure_one()
        return {
            1: self.cs_supervisor_id,
            2: self.cs_head_id,
            3: self.cs_executive_id,
        }.get(level, self.env["res.users"])
