# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpdesk ticket: who was thanked, found in the customer's own words.

``cs_suggest_praised`` (RPC, operators) runs the plain-Python ``lib/praised``
over a text and the company's active employees; a thanks submitted without
``employee_ids`` and the ticket button "Find praised employees" turn its
suggestions into *proposed* praise lines that an operator confirms or drops.
"""

import logging

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.cs_base.tools import payload as P

from ..lib import praised
from .helpdesk_ticket import MAX_TEXT_LENGTH

_logger = logging.getLogger(__name__)

SUGGEST_PAYLOAD = P.Payload(
    P.obj(
        {
            "text": P.text(MAX_TEXT_LENGTH, required=False),
            "team_id": P.optional(P.integer(1)),
        },
        required=["text"],
    )
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------ API

    @api.model
    def cs_suggest_praised(self, text, team_id=False):
        """Employees of the current company that ``text`` thanks, best first:
        ``[{"employee_id", "employee", "mention", "confidence"}]`` with a
        confidence of at least ``praised.SUGGESTION_THRESHOLD``.  ``team_id``
        (a helpdesk team the user can read) ranks its members' employees first
        on a lone first name or surname.  Operators only."""
        self._cs_check_praised_operator()
        SUGGEST_PAYLOAD.validate(self.env, {"text": text, "team_id": team_id})
        team = self.env["helpdesk.ticket.team"]
        if team_id:
            team = team.browse(team_id).exists()
            if not team or not team.has_access("read"):
                raise ValidationError(
                    self.env._("team_id: no team with id %(value)r", value=team_id)
                )
        return self._cs_praised_suggestions(text, team, self.env.company)

    def action_cs_find_praised(self):
        """Ticket button: propose the employees the customer's description names
        (those not on the thanks yet) and say how many were found."""
        self.ensure_one()
        self._cs_check_praised_operator()
        self.check_access("write")
        if self.cs_kind != "thanks":
            raise UserError(
                self.env._("Praised employees are looked for in a thanks only.")
            )
        found, added = self._cs_propose_praised()
        if not found:
            message = self.env._(
                "No employee of the company is named in the customer's words."
            )
        else:
            message = self.env._(
                "Employees named by the customer: %(found)s; new proposed lines: "
                "%(added)s (%(names)s).",
                found=len(found),
                added=len(added),
                names=", ".join(row["employee"] for row in found),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Find praised employees"),
                "message": message,
                "type": "success" if added else "info",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def cs_submit_feedback(self, payload):
        """A thanks submitted without ``employee_ids`` gets its suggestions as
        proposed praise lines; the result lists them in
        ``suggested_employee_ids`` (empty for everything else)."""
        result = super().cs_submit_feedback(payload)
        if result.get("duplicate"):
            return result
        ticket = self.browse(result["id"]).sudo()
        if ticket.cs_kind == "thanks" and not ticket.cs_praise_ids:
            ticket._cs_propose_praised()
            result["suggested_employee_ids"] = ticket._cs_suggested_employee_ids()
        return result

    def _cs_feedback_result(self, duplicate):
        result = super()._cs_feedback_result(duplicate)
        result["suggested_employee_ids"] = self._cs_suggested_employee_ids()
        return result

    # ------------------------------------------------------------ internals

    def _cs_check_praised_operator(self):
        if not self.env.user.has_group("cs_feedback.group_cs_operator"):
            raise AccessError(
                self.env._(
                    "Only a customer-service operator looks for praised employees."
                )
            )

    def _cs_suggested_employee_ids(self):
        """Employees of the proposed lines (awaiting the operator)."""
        self.ensure_one()
        lines = self.sudo().cs_praise_ids.filtered(lambda p: p.state == "proposed")
        return lines.employee_id.ids

    @api.model
    def _cs_praised_suggestions(self, text, team, company):
        """``praised.suggest`` over the active employees of ``company``."""
        if not (text or "").strip():
            return []
        employees, team_employee_ids = self._cs_praised_staff(team, company)
        return praised.suggest(text, employees, team_employee_ids)

    @api.model
    def _cs_praised_staff(self, team, company):
        """The active employees of ``company`` (id and name only, read in sudo:
        callers check the user first) and the ids of the team's among them."""
        Employee = self.env["hr.employee"].sudo()
        employees = Employee.search_read(
            [("company_id", "=", company.id)], ["id", "name"]
        )
        team_employee_ids = []
        if team:
            users = team.sudo().user_ids | team.sudo().user_id
            team_employee_ids = Employee.search(
                [("company_id", "=", company.id), ("user_id", "in", users.ids)]
            ).ids
        return employees, team_employee_ids

    def _cs_propose_praised(self):
        """Add proposed lines for the employees the description names and who are
        not on the thanks yet.  Returns (suggestions, suggestions added).  A
        failure of the library never loses the thanks: it is logged, nothing is
        proposed."""
        self.ensure_one()
        ticket = self.sudo()
        text = html2plaintext(ticket.description or "")
        if not text.strip():
            return [], []
        employees, team_employee_ids = self._cs_praised_staff(
            ticket.team_id, ticket.company_id or self.env.company
        )
        try:
            found = praised.suggest(text, employees, team_employee_ids)
        except Exception:  # the library only reads: no transaction to repair
            _logger.exception("praised: no suggestion for ticket %s", ticket.id)
            return [], []
        present = set(ticket.cs_praise_ids.employee_id.ids)
        added = [row for row in found if row["employee_id"] not in present]
        if added:
            self.env["cs.feedback.praise"].sudo().create(
                [
                    {
                        "ticket_id": ticket.id,
                        "employee_id": row["employee_id"],
                        "state": "proposed",
                    }
                    for row in added
                ]
            )
        return found, added
