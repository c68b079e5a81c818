"""Helpers shared by the models of this addon (not models themselves)."""

from datetime import datetime, time, timedelta

import pytz


def company_sender(company):
    """The From address of the company's letters: never the clicking user's.

    The company's e-mail, else the default sender of its mail domain.
    """
    company = company.sudo()
    return (
        company.email_formatted
        or company.default_from_email
        or company.env["ir.mail_server"]._get_default_from_address()
        or False
    )


def add_working_days(company, start, days):
    """The date ``days`` working days after ``start`` on the company's calendar.

    Counted in the calendar's time zone, from the day after ``start``; None when
    the company has no working calendar.
    """
    calendar = company.sudo().resource_calendar_id
    if not calendar or days <= 0:
        return None
    zone = pytz.timezone(calendar.tz or "UTC")
    begin = zone.localize(datetime.combine(start + timedelta(days=1), time(0, 0)))
    end = calendar.plan_days(days, begin, compute_leaves=True)
    return end.astimezone(zone).date() if end else None
