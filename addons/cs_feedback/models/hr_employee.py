from odoo import api, models
from odoo.osv import expression

# Context key set by the praise lines (ticket form, praise form): the id of the
# ticket's team, whose members' employees are proposed first.
TEAM_FIRST_KEY = "cs_employee_team_first"


class HrEmployee(models.Model):
    """The thanks employee picker proposes the ticket team's people first."""

    _inherit = "hr.employee"

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """With ``cs_employee_team_first`` = a team id in the context, the
        employees of that team's members (and leader) come first, then everyone
        else.

        The context key only orders the suggestions: it is presentation, not a
        rule.  It finds no employee the plain search would not find, hides none
        and grants nothing; any employee can still be chosen, and a team the user
        cannot read is ignored.
        """
        team_id = self.env.context.get(TEAM_FIRST_KEY)
        if not isinstance(team_id, int) or isinstance(team_id, bool) or team_id <= 0:
            return super().name_search(name, args, operator, limit)
        team = self.env["helpdesk.ticket.team"].browse(team_id).exists()
        if not team or not team.has_access("read"):
            return super().name_search(name, args, operator, limit)
        users = team.user_ids | team.user_id
        first = super().name_search(
            name,
            expression.AND([args or [], [("user_id", "in", users.ids)]]),
            operator,
            limit,
        )
        if limit and len(first) >= limit:
            return first
        rest = super().name_search(
            name,
            expression.AND([args or [], [("id", "not in", [row[0] for row in first])]]),
            operator,
            limit - len(first) if limit else limit,
        )
        return first + rest
