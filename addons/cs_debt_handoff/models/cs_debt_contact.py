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
        ats += [old.at for old in existing.values()]
        checker = _ConductChecker(env, handoffs, ats)
        outcomes = []  # (index, record or False, status, error)
        for index, vals in parsed:
            if not isinstance(vals, dict):
                outcomes.append((index, False, "error", vals))
                continue
            key = (vals["handoff_id"], vals["agency_contact_id"])
            old = existing.get(key)
            if old and (old.channel, old.at, old.outcome or False) == (
                vals["channel"],
                vals["at"],
                vals["outcome"] or False,
            ):
                outcomes.append((index, old, "unchanged", False))
                continue
            handoff = handoffs.browse(vals["handoff_id"])
            if old:
                # its old moment no longer counts for the contacts after it
                checker.remove(handoff, old.channel, old.at, old.id)
            # judged against the contacts known so far; contacts it precedes are
            # judged again below, once the whole batch is in
            codes = checker.check(
                handoff, vals["channel"], vals["at"], old.id if old else False
            )
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
            checker.add(handoff, vals["channel"], vals["at"], record.id)
            outcomes.append((index, record, status, False))
        batch = {record.id for _i, record, status, _e in outcomes if record}
        self._rejudge(checker, handoffs, batch)
        return [
            self._row_result(
                index,
                record.id if record else False,
                status,
                [c for c in (record.violations or "").split(",") if c]
                if record
                else [],
                error,
            )
            for index, record, status, error in outcomes
        ]

    @api.model
    def _rejudge(self, checker, handoffs, batch):
        """Judge again the contacts a batch's contacts precede in the same period.

        Limits count the contacts that happened before, whatever the order they
        were reported in: a contact reported late can make a later one exceed a
        limit (or free it). Changed codes of contacts reported before this batch
        are written on the handoff's chatter, with the reason.
        """
        changes = checker.affected(batch)
        if not changes:
            return
        contacts = self.sudo().browse(list(changes))
        labels = dict(self._violation_labels())

        def words(items):
            return ", ".join(labels.get(c, c) for c in items) or self.env._("none")

        for contact in contacts:
            handoff = handoffs.browse(changes[contact.id])
            codes = checker.check(handoff, contact.channel, contact.at, contact.id)
            old = [c for c in (contact.violations or "").split(",") if c]
            if codes == old:
                continue
            contact.write({"violations": ",".join(codes)})
            if contact.id in batch:
                continue
            handoff.message_post(
                body=self.env._(
                    "Contact %(contact)s (agency's id %(agency_ref)s) was judged "
                    "again because a contact that happened before it in the same "
                    "period was reported later. Violations were: %(old)s; now: "
                    "%(new)s.",
                    contact=contact.display_name,
                    agency_ref=contact.agency_contact_id,
                    old=words(old),
                    new=words(codes),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _violation_labels(self):
        env = self.env
        return [
            ("quiet_hours", env._("quiet hours")),
            ("limit_day", env._("daily limit exceeded")),
            ("limit_week", env._("weekly limit exceeded")),
            ("limit_month", env._("monthly limit exceeded")),
            ("debtor_refused", env._("debtor refused interaction")),
            ("channel_not_allowed", env._("channel not allowed by the contract")),
        ]

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
    """Conduct checks of a batch: history loaded once, not per row.

    Weekends and holidays come from the working calendar of the handoff's
    company: its global time off (public holidays and moved days off of the
    production calendar, cs_base) are rest days, its working weekend days
    (cs.calendar.workday, e.g. Saturday 2027-02-20 in Russia) are working days,
    other days follow the calendar's weekly attendances.
    """

    def __init__(self, env, handoffs, ats):
        self.env = env
        self.history = defaultdict(list)  # (handoff id, channel) -> [(at, id)]
        # (handoff id, channel) -> moments a contact was added or removed at
        self.moved = defaultdict(list)
        # (commercial partner id, company id) -> statements
        self.statements = defaultdict(list)
        self.holidays = defaultdict(set)  # calendar id -> dates
        self.workdays = defaultdict(set)  # calendar id -> dates
        self.handoffs = {handoff.id: handoff for handoff in handoffs}
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
        calendars = handoffs.company_id.sudo().resource_calendar_id
        if calendars:
            self._load_calendars(calendars, start - timedelta(days=1), end)

    def _load_calendars(self, calendars, start, end):
        env = self.env
        for leave in (
            env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("calendar_id", "in", [*calendars.ids, False]),
                    ("resource_id", "=", False),
                    ("time_type", "=", "leave"),
                    ("date_from", "<=", end + timedelta(days=1)),
                    ("date_to", ">=", start - timedelta(days=1)),
                ],
                ["calendar_id", "date_from", "date_to", "cs_holiday_date"],
            )
        ):
            for calendar in leave.calendar_id or calendars:
                if leave.cs_holiday_date:
                    self.holidays[calendar.id].add(leave.cs_holiday_date)
                    continue
                # a day off entered by hand: its days in the calendar's time zone
                zone = _zone(calendar.tz)
                day = pytz.utc.localize(leave.date_from).astimezone(zone).date()
                last = (
                    pytz.utc.localize(leave.date_to - timedelta(seconds=1))
                    .astimezone(zone)
                    .date()
                )
                while day <= last:
                    self.holidays[calendar.id].add(day)
                    day += timedelta(days=1)
        for workday in (
            env["cs.calendar.workday"]
            .sudo()
            .search_fetch(
                [
                    ("calendar_id", "in", calendars.ids),
                    ("date", ">=", start.date()),
                    ("date", "<=", end.date() + timedelta(days=1)),
                ],
                ["calendar_id", "date"],
            )
        ):
            self.workdays[workday.calendar_id.id].add(workday.date)

    def _tz(self, handoff):
        return _zone(
            handoff.partner_id.tz
            or handoff.commercial_partner_id.tz
            or handoff.company_id.partner_id.tz
            or self.env.user.tz
        )

    def _local(self, handoff, at):
        return pytz.utc.localize(at).astimezone(self._tz(handoff))

    def local_string(self, handoff, at):
        local = self._local(handoff, at)
        return local.strftime("%Y-%m-%d %H:%M %Z")

    def is_rest_day(self, handoff, day):
        """Whether ``day`` is a weekend or holiday on the company's calendar."""
        calendar = handoff.company_id.sudo().resource_calendar_id
        if not calendar:
            return day.weekday() >= 5
        if day in self.holidays[calendar.id]:
            return True
        if day in self.workdays[calendar.id]:
            return False
        return not calendar._works_on_date(day)

    @staticmethod
    def _same_period(one, other):
        """Whether two local moments share a day, an ISO week or a month."""
        return (
            one.date() == other.date()
            or one.isocalendar()[:2] == other.isocalendar()[:2]
            or (one.year, one.month) == (other.year, other.month)
        )

    def check(self, handoff, channel, at, record_id=False):
        """Violation codes of a contact, against the contacts before it.

        ``record_id`` is the contact's own id (False for one not created yet,
        which comes after every stored contact of the same moment).
        """
        contract = handoff.contract_id
        codes = []
        local = self._local(handoff, at)
        hour = local.hour + local.minute / 60.0 + local.second / 3600.0
        if self.is_rest_day(handoff, local.date()):
            start, stop = contract.weekend_hour_from, contract.weekend_hour_to
        else:
            start, stop = contract.workday_hour_from, contract.workday_hour_to
        if not start <= hour < stop:
            codes.append("quiet_hours")
        day_limit, week_limit, month_limit = contract._conduct_limits(channel)
        me = (at, record_id or float("inf"))
        locals_before = [
            self._local(handoff, other_at)
            for other_at, other_id in self.history[(handoff.id, channel)]
            if other_id != record_id and (other_at, other_id) < me
        ]
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

    def remove(self, handoff, channel, at, record_id):
        entries = self.history[(handoff.id, channel)]
        entries[:] = [entry for entry in entries if entry[1] != record_id]
        self.moved[(handoff.id, channel)].append(at)

    def add(self, handoff, channel, at, record_id):
        self.remove(handoff, channel, at, record_id)
        self.history[(handoff.id, channel)].append((at, record_id))

    def affected(self, batch):
        """{contact id: handoff id} to judge again: the batch's contacts and the
        known contacts after a moment the batch changed, in the same period."""
        result = {}
        for (handoff_id, _channel), moments in self.moved.items():
            handoff = self.handoffs[handoff_id]
            first = min(moments)
            local_moments = [self._local(handoff, moment) for moment in moments]
            for at, record_id in self.history[(handoff_id, _channel)]:
                if record_id in batch:
                    result[record_id] = handoff_id
                elif at >= first:
                    local = self._local(handoff, at)
                    if any(
                        moment <= at and self._same_period(local, local_moment)
                        for moment, local_moment in zip(
                            moments, local_moments, strict=True
                        )
                    ):
                        result[record_id] = handoff_id
        return result


def _zone(name):
    try:
        return pytz.timezone(name or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc
