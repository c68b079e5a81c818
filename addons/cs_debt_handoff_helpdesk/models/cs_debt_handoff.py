"""Debt handoff: the open-complaint check and where it is fixed (the helpdesk)."""

from odoo import api, models


class CsDebtHandoff(models.Model):
    _inherit = "cs.debt.handoff"

    @api.model
    def _cs_handoff_checks(self):
        codes = super()._cs_handoff_checks()
        # right after the payments, as before the bridge existed
        index = (
            codes.index("unreconciled_payment") + 1
            if "unreconciled_payment" in codes
            else 0
        )
        return [*codes[:index], "open_complaint", *codes[index:]]

    @api.model
    def _cs_fix_targets(self):
        return dict(super()._cs_fix_targets(), open_complaint="complaints")

    @api.model
    def _cs_open_complaint_domain(self, partners):
        return [
            ("commercial_partner_id", "in", partners.ids),
            ("cs_kind", "=", "complaint"),
            ("stage_id.closed", "=", False),
        ]

    @api.private
    def _open_complaints(self, partners):
        """{commercial partner: count of open complaints} (helpdesk, cs_feedback)."""
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                self._cs_open_complaint_domain(partners),
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        return dict(groups)

    def _check_open_complaint(self):
        complaints = self._open_complaints(self.commercial_partner_id)
        for handoff in self:
            partner = handoff.commercial_partner_id
            if complaints.get(partner):
                yield (
                    handoff,
                    "open_complaint",
                    self.env._(
                        "Open complaint: %(partner)s has %(count)s open "
                        "complaint(s). Close them in the Helpdesk first.",
                        partner=partner.display_name,
                        count=complaints[partner],
                    ),
                )

    def action_fix_complaints(self):
        """The debtor's open complaints in the Helpdesk."""
        self.ensure_one()
        self._check_debt_group()
        return self._open_list(
            "helpdesk.ticket",
            [
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("cs_kind", "=", "complaint"),
                ("stage_id.closed", "=", False),
            ],
            self.env._("Open Complaints"),
        )
