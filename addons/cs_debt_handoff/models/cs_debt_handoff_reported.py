"""Debt handoff: the contacts its debtor reported (smart button, tab, counts)."""

from odoo import api, fields, models


class CsDebtHandoff(models.Model):
    _inherit = "cs.debt.handoff"

    reported_contact_ids = fields.One2many(
        comodel_name="cs.debt.reported.contact",
        inverse_name="handoff_id",
        string="Debtor-Reported Contacts",
    )
    has_reported_contacts = fields.Boolean(
        compute="_compute_has_reported_contacts",
        store=True,
        help="Technical: whether the debtor reported contacts on this handoff, "
        "read with the handoff by the agency contact API (no extra query when "
        "there is nothing to match again).",
    )
    reported_contact_count = fields.Integer(compute="_compute_reported_counts")
    unreported_count = fields.Integer(
        string="Unreported Contacts",
        compute="_compute_reported_counts",
        help="Contacts the debtor described that the agency did not report.",
    )

    @api.depends("reported_contact_ids")
    def _compute_has_reported_contacts(self):
        for handoff in self:
            handoff.has_reported_contacts = bool(handoff.reported_contact_ids)

    def _compute_reported_counts(self):
        groups = self.env["cs.debt.reported.contact"]._read_group(
            [("handoff_id", "in", self.ids)],
            ["handoff_id", "match_state"],
            ["__count"],
        )
        counts = {}
        for handoff, state, count in groups:
            total, unreported = counts.get(handoff, (0, 0))
            counts[handoff] = (
                total + count,
                unreported + (count if state == "unreported" else 0),
            )
        for handoff in self:
            handoff.reported_contact_count, handoff.unreported_count = counts.get(
                handoff, (0, 0)
            )

    @api.model
    def _cs_locked_writable(self):
        return super()._cs_locked_writable() | {"reported_contact_ids"}

    def action_view_reported_contacts(self):
        """The contacts the debtor reported on this handoff (collections staff)."""
        self.ensure_one()
        self._check_debt_group()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_debt_handoff.cs_debt_reported_contact_action"
        )
        action["domain"] = [("handoff_id", "=", self.id)]
        action["context"] = {"default_handoff_id": self.id}
        return action
