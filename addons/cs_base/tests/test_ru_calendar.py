from datetime import date, datetime

from pytz import timezone

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

MSK = timezone("Europe/Moscow")


@tagged("post_install", "-at_install")
class TestRussianProductionCalendar(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Контакт-центр, 5/2", "tz": "Europe/Moscow"}
        )
        cls.plain = cls.calendar.copy({"name": "Без праздников"})
        cls.calendar.cs_ru_production_calendar = True
        cls.calendar._cs_load_ru_holidays([2026, 2027])

    def _hours(self, calendar, day):
        start = MSK.localize(datetime.combine(day, datetime.min.time()))
        stop = MSK.localize(datetime.combine(day, datetime.max.time()))
        return calendar.get_work_hours_count(start, stop, compute_leaves=True)

    def test_days_off_and_moved_days_are_loaded(self):
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id)]
        )
        days = set(leaves.mapped("cs_holiday_date"))
        self.assertIn(date(2026, 12, 31), days, "the moved day off of 2026")
        for day in range(1, 9):
            self.assertIn(date(2027, 1, day), days, "the New Year holidays")
        self.assertIn(date(2027, 2, 22), days, "moved from Saturday 2027-02-20")
        self.assertEqual(
            self.calendar.cs_workday_ids.mapped("date"), [date(2027, 2, 20)]
        )

    def test_loading_again_adds_nothing_and_keeps_edits(self):
        leave = self.env["resource.calendar.leaves"].search(
            [
                ("calendar_id", "=", self.calendar.id),
                ("cs_holiday_date", "=", date(2026, 11, 4)),
            ]
        )
        leave.name = "День народного единства (офис закрыт)"
        count = self.env["resource.calendar.leaves"].search_count([])
        self.calendar._cs_load_ru_holidays([2026, 2027])
        self.assertEqual(self.env["resource.calendar.leaves"].search_count([]), count)
        self.assertEqual(leave.name, "День народного единства (офис закрыт)")
        self.assertEqual(len(self.calendar.cs_workday_ids), 1)

    def test_working_saturday_counts_with_weekday_hours(self):
        self.assertEqual(self._hours(self.calendar, date(2027, 2, 20)), 8.0)
        self.assertEqual(self._hours(self.plain, date(2027, 2, 20)), 0.0)
        self.assertEqual(self._hours(self.calendar, date(2027, 2, 21)), 0.0)
        self.assertEqual(self._hours(self.calendar, date(2027, 2, 22)), 0.0)
        self.assertEqual(self._hours(self.plain, date(2027, 2, 22)), 8.0)

    def test_thirty_working_days_cross_the_new_year_holidays(self):
        start = MSK.localize(datetime(2026, 12, 21, 8, 0)).astimezone(timezone("UTC"))
        start = start.replace(tzinfo=None)
        due = self.calendar.plan_days(30, start, compute_leaves=True)
        # Dec 21-30 (8 days; the 31st is off), Jan 1-8 off, then Jan 11 ... Feb 9
        self.assertEqual(due.astimezone(MSK).date(), date(2027, 2, 9))
        due_plain = self.plain.plan_days(30, start, compute_leaves=True)
        self.assertLess(due_plain.astimezone(MSK).date(), date(2027, 2, 1))

    def test_only_administrators_load_from_the_form(self):
        user = new_test_user(self.env, login="cs_cal_user", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.calendar.with_user(user).action_cs_load_ru_holidays()
        self.assertTrue(self.calendar.action_cs_load_ru_holidays())

    def test_cron_loads_flagged_calendars_only(self):
        self.env["resource.calendar"]._cron_cs_load_ru_holidays()
        self.assertFalse(
            self.env["resource.calendar.leaves"].search_count(
                [("calendar_id", "=", self.plain.id), ("cs_holiday_date", "!=", False)]
            )
        )
        std = self.env.ref("resource.resource_calendar_std")
        std.cs_ru_production_calendar = True  # set by cs_base's data on install
        self.env["resource.calendar"]._cron_cs_load_ru_holidays()
        this_year = date.today().year
        self.assertTrue(
            self.env["resource.calendar.leaves"].search_count(
                [
                    ("calendar_id", "=", std.id),
                    ("cs_holiday_date", ">=", date(this_year, 1, 1)),
                ]
            )
        )
