"""Conduct rules of 230-FZ art. 7 for a collector's contact (plain Python, no ORM).

The model code loads the history, the calendars and the contract terms; these
functions judge one contact from plain values: local moments (timezone-aware
``datetime``), hours as floats, limits as integers (0 = no limit of its own).
"""

import pytz

QUIET_HOURS = "quiet_hours"
LIMIT_DAY = "limit_day"
LIMIT_WEEK = "limit_week"
LIMIT_MONTH = "limit_month"


def zone(name):
    """The pytz time zone of ``name``; UTC when empty or unknown."""
    try:
        return pytz.timezone(name or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc


def to_local(at, tz):
    """A naive UTC datetime (as Odoo stores it) in the time zone ``tz``."""
    return pytz.utc.localize(at).astimezone(tz)


def hour_of(local):
    """The time of day of a moment as a float hour (22:30 -> 22.5)."""
    return local.hour + local.minute / 60.0 + local.second / 3600.0


def contact_hours(rest_day, workday_hours, weekend_hours):
    """(from, until) hours allowed on a day: weekend hours on a rest day."""
    return weekend_hours if rest_day else workday_hours


def in_quiet_hours(local, hours):
    """Whether the local moment falls outside the allowed ``(from, until)`` hours."""
    start, stop = hours
    return not start <= hour_of(local) < stop


def same_day(one, other):
    return one.date() == other.date()


def same_week(one, other):
    return one.isocalendar()[:2] == other.isocalendar()[:2]


def same_month(one, other):
    return (one.year, one.month) == (other.year, other.month)


def same_period(one, other):
    """Whether two local moments share a day, an ISO week or a month."""
    return same_day(one, other) or same_week(one, other) or same_month(one, other)


def limit_violations(local, before, limits):
    """Frequency limit codes a contact at ``local`` breaks.

    ``before``: the local moments of the same channel's contacts before it;
    ``limits``: (per day, per week, per month), 0 meaning no limit of its own.
    """
    day_limit, week_limit, month_limit = limits
    codes = []
    for code, limit, same in (
        (LIMIT_DAY, day_limit, same_day),
        (LIMIT_WEEK, week_limit, same_week),
        (LIMIT_MONTH, month_limit, same_month),
    ):
        if limit and sum(1 for other in before if same(other, local)) + 1 > limit:
            codes.append(code)
    return codes


def debtor_refused(statement_dates, day):
    """Whether a debtor's statement (refusal, advocate) dated on or before ``day``
    forbids the contact."""
    return any(date and date <= day for date in statement_dates)
