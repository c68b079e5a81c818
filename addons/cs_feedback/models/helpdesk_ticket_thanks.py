"""Helpdesk ticket: thanks and their praise lines (decision notice, best practice)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext


class HelpdeskTicket(models.Model):
    """A thanks names the praised employees and ends with one decision notice."""

    _inherit = "helpdesk.ticket"

    cs_praise_ids = fields.One2many(
        comodel_name="cs.feedback.praise",
        inverse_name="ticket_id",
        string="Praised Employees",
    )

    cs_praise_count = fields.Integer(compute="_compute_cs_praise_stats")

    cs_praise_pending_count = fields.Integer(
        string="Praises Awaiting Decision", compute="_compute_cs_praise_stats"
    )

    cs_awaiting_reward = fields.Boolean(
        string="Awaiting Reward Decision",
        compute="_compute_cs_awaiting_reward",
        store=True,
    )

    cs_decision_notified_at = fields.Datetime(
        string="Decision Notice Sent",
        copy=False,
        readonly=True,
        help="When the customer was told what was decided about the praised staff. "
        "Sent once.",
    )

    @api.depends("cs_praise_ids.state")
    def _compute_cs_praise_stats(self):
        for ticket in self:
            ticket.cs_praise_count = len(ticket.cs_praise_ids)
            ticket.cs_praise_pending_count = len(
                ticket.cs_praise_ids.filtered(lambda p: p.state == "to_review")
            )

    @api.depends("cs_kind", "cs_praise_ids.state")
    def _compute_cs_awaiting_reward(self):
        for ticket in self:
            ticket.cs_awaiting_reward = ticket.cs_kind == "thanks" and any(
                p.state == "to_review" for p in ticket.cs_praise_ids
            )

    def _cs_notify_decision_once(self):
        """Tell the customer what was decided, once, when every praise is decided.

        The guard is in the database: only the transaction that flips
        cs_decision_notified_at from NULL sends the notice, so concurrent decisions
        and retried requests cannot send it twice.
        """
        for ticket in self:
            if ticket.cs_kind != "thanks" or not ticket.cs_praise_ids:
                continue
            # a proposed line is not decided either: the operator may still
            # confirm it (then a supervisor decides) or drop it
            if any(p.state in ("proposed", "to_review") for p in ticket.cs_praise_ids):
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET cs_decision_notified_at = now() "
                    "WHERE id = %s AND cs_decision_notified_at IS NULL RETURNING id",
                    ticket.id,
                )
            )
            if not self.env.cr.fetchone():
                continue
            ticket.invalidate_recordset(["cs_decision_notified_at"])
            if ticket.partner_id:
                ticket.sudo()._cs_send_notice(
                    "cs_feedback.mail_template_thanks_decision"
                )

    def action_cs_make_best_practice(self):
        """Open a best practice drafted from this thanks (supervisors)."""
        self.ensure_one()
        praises = self.cs_praise_ids.filtered(lambda p: p.state != "proposed")
        # the rewarded employee first: the one whose way of working is shared
        employee = (
            praises.filtered(lambda p: p.state == "rewarded")[:1] or praises[:1]
        ).employee_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Best Practice"),
            "res_model": "cs.best.practice",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_name": self.env._(
                    "How %(employee)s earned the customer's thanks",
                    employee=employee.name or self.env._("the team"),
                ),
                "default_employee_id": employee.id,
                "default_ticket_ids": [(6, 0, self.ids)],
                "default_description": self._cs_best_practice_template(employee),
            },
        }

    def _cs_best_practice_template(self, employee):
        """A write-up to fill in (what was done, why it worked), with the
        customer's words kept apart as the source, not as the text."""
        self.ensure_one()
        words = html2plaintext(self.description or "").strip()
        return Markup(
            "<h3>%s</h3><p>%s</p><h3>%s</h3><p>%s</p><h3>%s</h3><blockquote>%s"
            "</blockquote>"
        ) % (
            self.env._("What was done"),
            self.env._(
                "Describe step by step what %(employee)s did for the customer.",
                employee=employee.name or self.env._("the employee"),
            ),
            self.env._("Why it worked"),
            self.env._("Explain why the customer valued it and when to do the same."),
            self.env._("In the customer's words"),
            words,
        )
