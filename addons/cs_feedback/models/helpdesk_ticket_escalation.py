"""Helpdesk ticket: complaint escalation (operator, supervisor, head, executive)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import feedback_rules


class HelpdeskTicket(models.Model):
    """Customers and staff escalate a complaint one level at a time."""

    _inherit = "helpdesk.ticket"

    cs_escalation_level = fields.Integer(
        string="Escalation Level", default=0, tracking=True, copy=False
    )

    cs_escalation_label = fields.Char(
        string="Escalated To", compute="_compute_cs_escalation_label"
    )

    @api.depends("cs_escalation_level")
    def _compute_cs_escalation_label(self):
        labels = {
            0: self.env._("Operator"),
            1: self.env._("Supervisor"),
            2: self.env._("Head of service"),
            3: self.env._("Executive"),
        }
        for ticket in self:
            ticket.cs_escalation_label = labels.get(ticket.cs_escalation_level, "")

    def action_cs_escalate(self):
        """Raise the escalation level: reassign per team, raise priority, notify.

        Whoever may edit the complaint (and the customer, through the portal)
        escalates; the level itself is guarded and written here in sudo."""
        self.check_access("write")
        for ticket in self:
            if ticket.cs_escalation_level >= feedback_rules.TOP_ESCALATION_LEVEL:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is already escalated to the executive "
                        "level; it cannot go higher.",
                        ticket=ticket.display_name,
                    )
                )
            level = ticket.cs_escalation_level + 1
            vals = {
                "cs_escalation_level": level,
                # one step up per escalation, from where the ticket stands
                "priority": feedback_rules.escalated_priority(ticket.priority),
            }
            assignee = ticket.team_id._cs_escalation_user(level)
            if assignee:
                vals["user_id"] = assignee.id
            ticket.sudo().write(vals)
            ticket.message_post(
                body=self.env._(
                    "Escalated to level %(level)s (%(label)s).",
                    level=level,
                    label=ticket.cs_escalation_label,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            if ticket.partner_id:
                ticket._cs_send_notice("cs_feedback.mail_template_complaint_escalated")
        return True
