from collections import defaultdict
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .cs_debt_contract import CONTACT_CHANNELS

MAX_CONTACT_ROWS = 1000
VIOLATION_CODES = (
    "quiet_hours",
    "limit_day",
    "limit_week",
    "limit_month",
    "debtor_refused",
    "channel_not_allowed",
)


class RowError(Exception):
    """A reported row that cannot be stored (its message goes to the caller)."""


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
    company_id = fields.Many2one(related="handoff_id.company_id", store=True)

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
        env = self.env
        if not isinstance(rows, list | tuple):
            raise UserError(env._("rows must be a list, got %(value)r.", value=rows))
        if len(rows) > MAX_CONTACT_ROWS:
            raise UserError(
                env._(
                    "rows: %(count)s rows sent, at most %(max)s per call.",
                    count=len(rows),
                    max=MAX_CONTACT_ROWS,
                )
            )
        refs = list(
            {
                row.get("ref")
                for row in rows
                if isinstance(row, dict) and isinstance(row.get("ref"), str)
            }
        )
        # one search under the caller's rights: what it may not see is "not found"
        visible = env["cs.debt.handoff"].search_fetch([("name", "in", refs)], ["name"])
        handoffs = visible.sudo()
        by_ref = {handoff.name: handoff for handoff in handoffs}
        contacts = self.sudo()
        keys = [
            str(row.get("agency_contact_id"))
            for row in rows
            if isinstance(row, dict) and row.get("agency_contact_id")
        ]
        existing = {
            (contact.handoff_id.id, contact.agency_contact_id): contact
            for contact in contacts.search_fetch(
                [("handoff_id", "in", handoffs.ids), ("agency_contact_id", "in", keys)],
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
        for index, row in enumerate(rows):
            try:
                parsed.append((index, self._parse_row(row, by_ref)))
            except RowError as error:
                parsed.append((index, str(error)))
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
            try:
                with env.cr.savepoint():
                    if old:
                        old.write(vals)
                        record, status = old, "updated"
                    else:
                        record, status = contacts.create(vals), "created"
            except (UserError, ValueError) as error:
                results.append(self._row_result(index, False, "error", [], str(error)))
                continue
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
    def _parse_row(self, row, by_ref):
        env = self.env
        if not isinstance(row, dict):
            raise RowError(env._("row must be a dict, got %(value)r", value=row))
        ref = row.get("ref")
        handoff = by_ref.get(ref) if isinstance(ref, str) else None
        if not handoff:
            raise RowError(env._("ref %(ref)r: not found", ref=ref))
        contact_id = row.get("agency_contact_id")
        if contact_id in (None, False, "") or isinstance(
            contact_id, bool | dict | list
        ):
            raise RowError(
                env._(
                    "agency_contact_id is missing or invalid: %(value)r",
                    value=contact_id,
                )
            )
        channel = row.get("channel")
        if channel not in dict(CONTACT_CHANNELS):
            raise RowError(
                env._(
                    "channel %(value)r is unknown (call, message or visit)",
                    value=channel,
                )
            )
        raw = row.get("at")
        try:
            if not isinstance(raw, str):
                raise ValueError(raw)
            at = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise RowError(
                env._(
                    "at %(value)r is not a UTC datetime 'YYYY-MM-DD HH:MM:SS'",
                    value=raw,
                )
            ) from None
        if at > fields.Datetime.now() + timedelta(minutes=5):
            raise RowError(env._("at %(value)r is in the future", value=raw))
        outcome = row.get("outcome") or False
        if outcome is not False and not isinstance(outcome, str):
            raise RowError(env._("outcome %(value)r must be text", value=outcome))
        return {
            "handoff_id": handoff.id,
            "agency_contact_id": str(contact_id),
            "channel": channel,
            "at": at,
            "outcome": outcome,
        }


class _ConductChecker:
    """Conduct checks of a batch: history loaded once, not per row."""

    def __init__(self, env, handoffs, ats):
        self.env = env
        self.history = defaultdict(list)  # (handoff id, channel) -> [(at, id)]
        self.statements = defaultdict(list)  # commercial partner id -> statements
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
                [("partner_id", "in", handoffs.commercial_partner_id.ids)],
                ["partner_id", "kind", "date"],
            )
        ):
            self.statements[statement.partner_id.id].append(statement)
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
        for statement in self.statements[handoff.commercial_partner_id.id]:
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
