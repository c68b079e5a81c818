import logging
from datetime import date, datetime, time, timedelta
from itertools import chain

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.resource.models.utils import float_to_time

_logger = logging.getLogger(__name__)


class ResourceCalendar(models.Model):
    """Working calendars that follow Russia's production calendar.

    Russia moves days every year: public holidays, days off moved to bridge them
    (2026-12-31) and working Saturdays (2027-02-20). Holidays and moved days off become
    global time off of the calendar (``resource.calendar.leaves``); working weekend
    days, which a weekly calendar cannot express, are ``cs.calendar.workday`` records
    whose hours this model adds to the calendar's attendances. Both come from the
    ``holidays`` package (``holidays.Russia``), loaded for the current and the next
    year by a scheduled action, and can be edited by hand.
    """

    _inherit = "resource.calendar"

    cs_ru_production_calendar = fields.Boolean(
        string="Russian Production Calendar",
        help="Public holidays, moved days off and working weekend days of Russia are "
        "loaded into this calendar every month for the current and the next year.",
    )
    cs_workday_ids = fields.One2many(
        comodel_name="cs.calendar.workday",
        inverse_name="calendar_id",
        string="Working Weekend Days",
    )

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        if lunch or not self.cs_workday_ids:
            return result
        workdays = self.cs_workday_ids.filtered(
            lambda w: start_dt.date() - timedelta(days=1)
            <= w.date
            <= end_dt.date() + timedelta(days=1)
        )
        if not workdays:
            return result
        attendances = self.attendance_ids.filtered(
            lambda a: not a.resource_id
            and not a.display_type
            and a.day_period != "lunch"
        )
        resources_list = list(resources or []) + [self.env["resource.resource"]]
        for resource in resources_list:
            zone = tz or timezone((resource or self).tz)
            extra = []
            for workday in workdays:
                like = attendances.filtered(
                    lambda a, w=workday: a.dayofweek == w.dayofweek_like
                )
                for attendance in like:
                    start = zone.localize(
                        datetime.combine(
                            workday.date, float_to_time(attendance.hour_from)
                        )
                    )
                    stop = zone.localize(
                        datetime.combine(
                            workday.date, float_to_time(attendance.hour_to)
                        )
                    )
                    start = max(start, start_dt.astimezone(zone))
                    stop = min(stop, end_dt.astimezone(zone))
                    if start < stop:
                        extra.append((start, stop, attendance))
            if extra:
                # keep the interval class the calendar uses (WorkIntervals)
                intervals = result[resource.id]
                result[resource.id] = type(intervals)(chain(intervals, extra))
        return result

    def action_cs_load_ru_holidays(self):
        """Load this and next year's Russian production calendar (administrators)."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._("Only administrators load the production calendar.")
            )
        this_year = fields.Date.context_today(self).year
        self.sudo()._cs_load_ru_holidays([this_year, this_year + 1])
        return True

    @api.model
    def _cron_cs_load_ru_holidays(self):
        this_year = fields.Date.today().year
        calendars = self.search([("cs_ru_production_calendar", "=", True)])
        calendars._cs_load_ru_holidays([this_year, this_year + 1])
        return True

    def _cs_load_ru_holidays(self, years):
        """Create the missing days off and working weekend days of ``years``.

        Idempotent: a day already present (loaded before, or entered by hand) is
        left as it is, so an administrator's corrections survive the next load.
        """
        import holidays  # the package's import builds every country: only here

        for calendar in self:
            days_off = holidays.Russia(years=years, language="ru")
            zone = timezone(calendar.tz or "Europe/Moscow")
            known = set(
                self.env["resource.calendar.leaves"]
                .search(
                    [
                        ("calendar_id", "=", calendar.id),
                        ("cs_holiday_date", "!=", False),
                    ]
                )
                .mapped("cs_holiday_date")
            )
            leaves = []
            for day, name in sorted(days_off.items()):
                if day in known:
                    continue
                start = zone.localize(datetime.combine(day, time.min))
                stop = zone.localize(
                    datetime.combine(day, time.max.replace(microsecond=0))
                )
                leaves.append(
                    {
                        "name": name,
                        "calendar_id": calendar.id,
                        "cs_holiday_date": day,
                        "date_from": start.astimezone(utc).replace(tzinfo=None),
                        "date_to": stop.astimezone(utc).replace(tzinfo=None),
                        "time_type": "leave",
                    }
                )
            self.env["resource.calendar.leaves"].create(leaves)
            workdays = set(getattr(days_off, "weekend_workdays", ()))
            present = set(calendar.cs_workday_ids.mapped("date"))
            self.env["cs.calendar.workday"].create(
                [
                    {
                        "calendar_id": calendar.id,
                        "date": day,
                        "name": self.env._("Working day (production calendar)"),
                    }
                    for day in sorted(workdays - present)
                    if isinstance(day, date)
                ]
            )
            _logger.info(
                "production calendar %s: %s days off and %s working weekend days "
                "added for %s",
                calendar.name,
                len(leaves),
                len(workdays - present),
                years,
            )
