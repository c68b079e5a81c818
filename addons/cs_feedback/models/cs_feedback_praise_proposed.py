# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Praise lines proposed from the customer's own words: the operator confirms
(the line then awaits a supervisor's reward decision) or drops each one."""

from odoo import models
from odoo.exceptions import AccessError, UserError


class CsFeedbackPraise(models.Model):
    _inherit = "cs.feedback.praise"

    def _check_operator_on_proposed(self):
        if not self.env.user.has_group("cs_feedback.group_cs_operator"):
            raise AccessError(
                self.env._(
                    "Only a customer-service operator confirms or drops proposed "
                    "praise."
                )
            )
        self.check_access("write")
        other = self.filtered(lambda p: p.state != "proposed")
        if other:
            raise UserError(
                self.env._(
                    "Only a proposed praise can be confirmed or dropped: %(names)s.",
                    names=", ".join(other.mapped("employee_id.name")),
                )
            )

    def action_confirm_proposed(self):
        """The operator agrees the customer thanked this employee: the line now
        awaits a supervisor's reward decision (state To Review)."""
        self._check_operator_on_proposed()
        self.sudo().write({"state": "to_review"})
        return True

    def action_drop_proposed(self):
        """The operator finds the suggestion wrong: the line is removed and the
        ticket's chatter keeps a note of it."""
        self._check_operator_on_proposed()
        tickets = self.ticket_id
        for ticket in tickets:
            names = self.filtered(lambda p, t=ticket: p.ticket_id == t).mapped(
                "employee_id.name"
            )
            ticket.sudo().message_post(
                body=self.env._(
                    "Proposed praise dropped: %(names)s.", names=", ".join(names)
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.sudo().unlink()
        # the dropped line may have been the last one undecided
        tickets.exists()._cs_notify_decision_once()
        return True
