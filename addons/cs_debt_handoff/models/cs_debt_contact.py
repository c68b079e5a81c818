"""Reported collector contacts: fields, violation counts and display (core).

The agency API that stores them is in ``cs_debt_contact_report.py``; the conduct
judgement in ``cs_debt_contact_checker.py`` (rules in ``lib/conduct.py``).
"""

from odoo import api, fields, models

from .cs_debt_contract import CONTACT_CHANNELS

VIOLATION_CODES = (
    "quiet_hours",
    "limit_day",
    "limit_week",
    "limit_month",
    "debtor_refused",
    "channel_not_allowed",
)


class CsDebtContact(models.Model):
    """A contact an agency made with a debtor, as the agency reported it.

    Each contact is checked against the contract's conduct terms (quiet hours in the
    debtor's time zone, frequency limits per channel, debtor statements); the
    violations feed the agency scorecard.
    """

    _name = "cs.debt.contact"
    _description = "Reported Collector Contact"
    _order = "at desc, id desc"

    handoff_id = fields.Many2one(
        comodel_name="cs.debt.handoff",
        string="Handoff",
        required=True,
        index=True,
        ondelete="cascade",
    )
    agency_id = fields.Many2one(
        comodel_name="res.partner",
        related="handoff_id.agency_id",
        store=True,
        index=True,
        string="Agency",
    )
    agency_contact_id = fields.Char(
        string="Agency Contact ID",
        required=True,
        help="The agency's own identifier of the contact (idempotency key).",
    )
    channel = fields.Selection(selection=CONTACT_CHANNELS, required=True)
    at = fields.Datetime(string="Contact Time", required=True)
    local_at = fields.Char(
        string="Debtor Local Time", help="The contact time in the debtor's time zone."
    )
    outcome = fields.Char()
    violations = fields.Char(
        help="Comma-separated violation codes: quiet_hours, limit_day, limit_week, "
        "limit_month, debtor_refused, channel_not_allowed.",
    )
    violation_count = fields.Integer(compute="_compute_violation", store=True)
    has_violation = fields.Boolean(compute="_compute_violation", store=True)
    company_id = fields.Many2one(
        related="handoff_id.company_id", store=True, index=True, string="Company"
    )
    source = fields.Selection(
        selection=[
            ("agency", "Reported by the agency (API)"),
            ("internal", "Entered by a collections manager"),
        ],
        default="agency",
        required=True,
        readonly=True,
        help="Agency API users report their own contacts; a collections manager "
        "calling the API is recorded as such.",
    )

    _sql_constraints = [
        (
            "agency_contact_uniq",
            "UNIQUE(handoff_id, agency_contact_id)",
            "This contact (ref, agency_contact_id) was already reported.",
        ),
    ]

    def unlink(self):
        handoffs = self.sudo().handoff_id
        res = super().unlink()
        # the debtor reports these contacts matched are matched again (or judged
        # as unreported), like after the agency moves a contact
        self.env["cs.debt.reported.contact"]._cs_rematch_handoffs(handoffs.exists())
        return res

    @api.depends("violations")
    def _compute_violation(self):
        for contact in self:
            codes = [c for c in (contact.violations or "").split(",") if c]
            contact.violation_count = len(codes)
            contact.has_violation = bool(codes)

    @api.depends("handoff_id", "channel", "at")
    def _compute_display_name(self):
        channels = dict(CONTACT_CHANNELS)
        for contact in self:
            contact.display_name = (
                f"{contact.handoff_id.name} {channels.get(contact.channel, '')} "
                f"{contact.at or ''}"
            )
