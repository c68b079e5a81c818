"""Conduct judgement of reported contacts (a helper, not a model).

Loads a batch's history once (contacts, debtor statements, the companies'
calendars) and applies the plain rules of ``lib/conduct.py`` to each contact.
"""

from collections import defaultdict
from datetime import timedelta

import pytz

from ..lib import conduct


class ConductChecker:
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
                zone = conduct.zone(calendar.tz)
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
        return conduct.zone(
            handoff.partner_id.tz
            or handoff.commercial_partner_id.tz
            or handoff.company_id.partner_id.tz
            or self.env.user.tz
        )

    def _local(self, handoff, at):
        return conduct.to_local(at, self._tz(handoff))

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

    def check(self, handoff, channel, at, record_id=False):
        """Violation codes of a contact, against the contacts before it.

        ``record_id`` is the contact's own id (False for one not created yet,
        which comes after every stored contact of the same moment).
        """
        contract = handoff.contract_id
        local = self._local(handoff, at)
        hours = conduct.contact_hours(
            self.is_rest_day(handoff, local.date()),
            (contract.workday_hour_from, contract.workday_hour_to),
            (contract.weekend_hour_from, contract.weekend_hour_to),
        )
        codes = [conduct.QUIET_HOURS] if conduct.in_quiet_hours(local, hours) else []
        me = (at, record_id or float("inf"))
        before = [
            self._local(handoff, other_at)
            for other_at, other_id in self.history[(handoff.id, channel)]
            if other_id != record_id and (other_at, other_id) < me
        ]
        codes += conduct.limit_violations(
            local, before, contract._conduct_limits(channel)
        )
        statements = self.statements[
            (handoff.commercial_partner_id.id, handoff.company_id.id)
        ]
        if conduct.debtor_refused([s.date for s in statements], local.date()):
            codes.append("debtor_refused")
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
                        moment <= at and conduct.same_period(local, local_moment)
                        for moment, local_moment in zip(
                            moments, local_moments, strict=True
                        )
                    ):
                        result[record_id] = handoff_id
        return result
