"""Debtor-reported contacts: fields, input checks, create/write (core).

What a debtor says a collector did (when, channel, what was said), recorded by
collections staff, or by operators from a complaint (helpdesk bridge). Matching
with the agency's own reports and the conduct judgement of the unreported ones
are in ``cs_debt_reported_contact_match.py`` (rules in ``lib/matching.py`` and
``lib/conduct.py``).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.cs_base.tools import payload as P

from .cs_debt_contract import CONTACT_CHANNELS
from .cs_debt_handoff import AGENCY_STATES

REPORTED_FIELDS = {
    "handoff_id": P.integer(1),
    "channel": P.choice(CONTACT_CHANNELS),
    "at": P.utc_datetime(),
    "described": P.optional(P.text(20000)),
}
REPORTED_CREATE = P.Payload(
    P.obj(REPORTED_FIELDS, required=["handoff_id", "channel", "at"])
)
REPORTED_WRITE = P.Payload(P.obj(REPORTED_FIELDS))
# what the matching and the judgement depend on: changing it matches again
MATCH_INPUTS = frozenset({"handoff_id", "channel", "at"})


class CsDebtReportedContact(models.Model):
    """A contact with a collector as the debtor describes it (e.g. in a complaint).

    Matched against the contacts the agency reported (same handoff, same
    channel, within the company's tolerance): an unmatched one is an
    *unreported contact*, judged against the contract's conduct terms like any
    other contact and counted on the agency scorecard. Agencies see none of it.
    """

    _name = "cs.debt.reported.contact"
    _description = "Debtor-Reported Collector Contact"
    _inherit = ["cs.guarded.mixin", "mail.thread"]
    _order = "at desc, id desc"
    _check_company_auto = True

    handoff_id = fields.Many2one(
        comodel_name="cs.debt.handoff",
        string="Handoff",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
        domain=[("state", "in", AGENCY_STATES)],
    )
    agency_id = fields.Many2one(
        comodel_name="res.partner",
        related="handoff_id.agency_id",
        store=True,
        index=True,
        string="Agency",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        related="handoff_id.partner_id",
        store=True,
        index=True,
        string="Debtor",
    )
    company_id = fields.Many2one(
        related="handoff_id.company_id", store=True, index=True, string="Company"
    )
    channel = fields.Selection(selection=CONTACT_CHANNELS, required=True, tracking=True)
    at = fields.Datetime(
        string="Contact Time",
        required=True,
        tracking=True,
        help="When the debtor says the contact happened.",
    )
    described = fields.Text(
        string="What Was Said",
        help="The debtor's account of the contact: who called or came, what was "
        "said, how.",
    )
    reported_by = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        readonly=True,
        default=lambda self: self.env.user,
        copy=False,
    )
    match_state = fields.Selection(
        selection=[("matched", "Matched"), ("unreported", "Unreported")],
        string="Agency Report",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
        help="Matched: the agency reported this contact too (same channel, within "
        "the tolerance of the settings). Unreported: the agency did not report it.",
    )
    matched_contact_id = fields.Many2one(
        comodel_name="cs.debt.contact",
        string="Agency's Contact",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The contact the agency reported that matches the debtor's account.",
    )
    local_at = fields.Char(
        string="Debtor Local Time",
        readonly=True,
        copy=False,
        help="The contact time in the debtor's time zone.",
    )
    violations = fields.Char(
        readonly=True,
        copy=False,
        help="Comma-separated violation codes of an unreported contact: "
        "quiet_hours, limit_day, limit_week, limit_month, debtor_refused, "
        "channel_not_allowed. A matched contact is judged on the agency's contact.",
    )
    violation_count = fields.Integer(compute="_compute_violation", store=True)
    has_violation = fields.Boolean(compute="_compute_violation", store=True)

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | {
            "reported_by",
            "match_state",
            "matched_contact_id",
            "local_at",
            "violations",
        }

    @api.depends("violations")
    def _compute_violation(self):
        for report in self:
            codes = [c for c in (report.violations or "").split(",") if c]
            report.violation_count = len(codes)
            report.has_violation = bool(codes)

    @api.depends("handoff_id", "channel", "at")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for report in self:
            report.display_name = (
                f"{report.handoff_id.name or ''} "
                f"{channels.get(report.channel, '')} {report.local_at or ''}"
            ).strip()

    # ------------------------------------------------------------------ input

    @api.model
    def _cs_check_input(self, vals, schema):
        """Validate the keys a caller sends (ValidationError naming key and value);
        the handoff must be one the caller reaches, handed to an agency."""
        env = self.env
        data = schema.validate(
            env, {key: vals[key] for key in REPORTED_FIELDS if key in vals}
        )
        if "handoff_id" in data:
            handoff = env["cs.debt.handoff"].search(
                [("id", "=", data["handoff_id"]), ("state", "in", AGENCY_STATES)]
            )
            if not handoff:
                raise ValidationError(
                    env._(
                        "handoff_id: %(value)r is not a handoff handed over to an "
                        "agency that you can reach.",
                        value=data["handoff_id"],
                    )
                )
        if "at" in data:
            at = P.parse_utc_datetime(data["at"])
            if at > fields.Datetime.now() + timedelta(minutes=5):
                raise ValidationError(
                    env._("at: %(value)r is in the future.", value=data["at"])
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")  # the caller first, then its input
        for vals in vals_list:
            self._cs_check_input(vals, REPORTED_CREATE)
        reports = super().create(vals_list)
        reports._cs_match()
        return reports

    def write(self, vals):
        self._cs_check_input(vals, REPORTED_WRITE)
        res = super().write(vals)
        if MATCH_INPUTS & vals.keys():
            self._cs_match()
        return res

    def _creation_message(self):
        return self.env._("Debtor-reported contact recorded")
