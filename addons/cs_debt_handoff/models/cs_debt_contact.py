from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models

from odoo.addons.cs_base.tools import payload as P
from odoo.addons.cs_base.tools.concurrency import retry_if_duplicate

from .cs_debt_contract import CONTACT_CHANNELS

MAX_CONTACT_ROWS = 1000
CONTACT_ROW = P.Payload(
    P.obj(
        {
            "ref": P.text(64),
            # agencies send their own ids as text or as whole numbers
            "agency_contact_id": {"anyOf": [P.text(128), P.integer(0, 10**18)]},
            "channel": P.choice(CONTACT_CHANNELS),
            "at": P.utc_datetime(),
            "outcome": P.optional(P.text(2000)),
        },
        required=["ref", "agency_contact_id", "channel", "at"],
    )
)
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

    # ------------------------------------------------------------- API rows

    @api.model
    def _report_rows(self, rows):
        """Store the contacts an agency reports (see ``cs_report_contacts``).

        The caller is checked first (agency API user or collections manager);
        then everything is read and written with ``sudo()`` under the explicit
        domain of the handoffs that caller may reach.
        """
        env = self.env
        Handoff = env["cs.debt.handoff"]
        Handoff._agency_api_domain()  # the caller first, then its input
        user = env.user
        source = (
            "agency"
            if user.share and user.has_group("cs_debt_handoff.group_collection_agency")
            else "internal"
        )
        checked = [
            (
                index,
                row
                if error
                else dict(row, agency_contact_id=str(row["agency_contact_id"])),
                error,
            )
            for index, row, error in CONTACT_ROW.row_errors(
                env, rows, key="rows", max_rows=MAX_CONTACT_ROWS
            )
        ]
        refs = {row["ref"] for _index, row, error in checked if not error}
        by_ref = Handoff._agency_handoffs(refs) if refs else {}
        handoffs = Handoff.sudo().browse([h.id for h in by_ref.values()])
        contacts = self.sudo()
        keys = [row["agency_contact_id"] for _index, row, error in checked if not error]
        existing = {}
        if handoffs and keys:
            existing = {
                (contact.handoff_id.id, contact.agency_contact_id): contact
                for contact in contacts.search_fetch(
                    [
                        ("handoff_id", "in", handoffs.ids),
                        ("agency_contact_id", "in", keys),
                    ],
                    [
                        "handoff_id",
                        "agency_contact_id",
                        "channel",
                        "at",
                        "outcome",
                        "violations",
                    ],
                )
            }
        parsed = []
        now = fields.Datetime.now()
        for index, row, error in checked:
            parsed.append((index, error or self._parse_row(row, by_ref, now)))
        ats = [vals["at"] for _i, vals in parsed if isinstance(vals, dict)]
        checker = _ConductChecker(env, handoffs, ats)
        results = []
        for index, vals in parsed:
            if not isinstance(vals, dict):
                results.append(self._row_result(index, False, "error", [], vals))
                continue
            key = (vals["handoff_id"], vals["agency_contact_id"])
            old = existing.get(key)
            if old and (old.channel, old.at, old.outcome or False) == (
                vals["channel"],
                vals["at"],
                vals["outcome"] or False,
            ):
                codes = [c for c in (old.violations or "").split(",") if c]
                results.append(self._row_result(index, old.id, "unchanged", codes))
                continue
            handoff = handoffs.browse(vals["handoff_id"])
            codes = checker.check(handoff, vals["channel"], vals["at"], old)
            vals["violations"] = ",".join(codes)
            vals["local_at"] = checker.local_string(handoff, vals["at"])
            if old:
                old.write(vals)
                record, status = old, "updated"
            else:
                # a concurrent identical call may have created it since our
                # lookup: the whole request is retried and then answers unchanged
                with retry_if_duplicate(env.cr):
                    record = contacts.create(dict(vals, source=source))
                status = "created"
            existing[key] = record
            checker.add(handoff, vals["channel"], vals["at"], record)
            results.append(self._row_result(index, record.id, status, codes))
        return results

    @api.model
    def _row_result(self, index, record_id, status, codes, error=False):
        return {
            "index": index,
            "id": record_id,
            "status": status,
            "error": error or False,
            "violations": codes,
        }

    @api.model
    def _parse_row(self, row, by_ref, now):
        """Values of a schema-valid row, or the row's error message."""
        env = self.env
        handoff = by_ref.get(row["ref"])
        if not handoff:
            return env._("ref %(ref)r: not found", ref=row["ref"])
        at = P.parse_utc_datetime(row["at"])
        if at > now + timedelta(minutes=5):
            return env._("at %(value)r is in the future", value=row["at"])
        return {
            "handoff_id": handoff.id,
            "agency_contact_id": row["agency_contact_id"],
            "channel": row["channel"],
            "at": at,
            "outcome": row.get("outcome") or False,
        }


class _ConductChecker:
    """Conduct checks of a batch: history loaded once, not per row."""

    def __init__(self, env, handoffs, ats):
        self.env = env
        self.history = defaultdict(list)  # (handoff id, channel) -> [(at, id)]
        # (commercial partner id, company id) -> statements
        self.statements = defaultdict(list)
        self.holidays = set()
        company = handoffs[:1].company_id or env.company
        self.calendar = company.sudo().resource_calendar_id
        if not handoffs or not ats:
            return
        start, end = min(ats) - timedelta(days=32), max(ats) + timedelta(days=32)
        for contact in (
            env["cs.debt.contact"]
            .sudo()
            .search_fetch(
                [
                    ("handoff_id", "in", handoffs.ids),
                    ("at", ">=", start),
                    ("at", "<=", end),
                ],
                ["handoff_id", "channel", "at"],
            )
        ):
            self.history[(contact.handoff_id.id, contact.channel)].append(
                (contact.at, contact.id)
            )
        for statement in (
            env["cs.debt.statement"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", handoffs.commercial_partner_id.ids),
                    ("company_id", "in", handoffs.company_id.ids),
                ],
                ["partner_id", "kind", "date", "company_id"],
            )
        ):
            self.statements[(statement.partner_id.id, statement.company_id.id)].append(
                statement
            )
        if self.calendar:
            for leave in (
                env["resource.calendar.leaves"]
                .sudo()
                .search_fetch(
                    [
                        ("calendar_id", "in", [self.calendar.id, False]),
                        ("resource_id", "=", False),
                        ("date_from", "<=", end),
                        ("date_to", ">=", start),
                    ],
                    ["date_from", "date_to"],
                )
            ):
                day = leave.date_from.date()
                while day <= leave.date_to.date():
                    self.holidays.add(day)
                    day += timedelta(days=1)

    def _tz(self, handoff):
        name = (
            handoff.partner_id.tz
            or handoff.commercial_partner_id.tz
            or handoff.company_id.partner_id.tz
            or self.env.user.tz
            or "UTC"
        )
        try:
            return pytz.timezone(name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    def _local(self, handoff, at):
        return pytz.utc.localize(at).astimezone(self._tz(handoff))

    def local_string(self, handoff, at):
        local = self._local(handoff, at)
        return local.strftime("%Y-%m-%d %H:%M %Z")

    def _is_rest_day(self, day):
        if day in self.holidays:
            return True
        if self.calendar:
            return not self.calendar._works_on_date(day)
        return day.weekday() >= 5

    def check(self, handoff, channel, at, old=None):
        contract = handoff.contract_id
        codes = []
        local = self._local(handoff, at)
        hour = local.hour + local.minute / 60.0 + local.second / 3600.0
        if self._is_rest_day(local.date()):
            start, stop = contract.weekend_hour_from, contract.weekend_hour_to
        else:
            start, stop = contract.workday_hour_from, contract.workday_hour_to
        if not start <= hour < stop:
            codes.append("quiet_hours")
        day_limit, week_limit, month_limit = contract._conduct_limits(channel)
        before = [
            other_at
            for other_at, other_id in self.history[(handoff.id, channel)]
            if other_at < at and (not old or other_id != old.id)
        ]
        locals_before = [self._local(handoff, other) for other in before]
        iso = local.isocalendar()[:2]
        periods = (
            ("limit_day", day_limit, lambda d: d.date() == local.date()),
            ("limit_week", week_limit, lambda d: d.isocalendar()[:2] == iso),
            (
                "limit_month",
                month_limit,
                lambda d: (d.year, d.month) == (local.year, local.month),
            ),
        )
        for code, limit, same in periods:
            if limit and sum(1 for d in locals_before if same(d)) + 1 > limit:
                codes.append(code)
        for statement in self.statements[
            (handoff.commercial_partner_id.id, handoff.company_id.id)
        ]:
            if statement.date and statement.date <= local.date():
                codes.append("debtor_refused")
                break
        if not contract[f"allow_{channel}"]:
            codes.append("channel_not_allowed")
        return codes

    def add(self, handoff, channel, at, record):
        entries = self.history[(handoff.id, channel)]
        entries[:] = [entry for entry in entries if entry[1] != record.id]
        entries.append((at, record.id))
