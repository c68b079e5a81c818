"""The conduct rules of 230-FZ art. 7 as plain functions (no database)."""

import unittest
from datetime import date, datetime

import pytz

from ..lib import conduct

MSK = pytz.timezone("Europe/Moscow")


def msk(*args):
    return MSK.localize(datetime(*args))


class TestConductRules(unittest.TestCase):
    def test_zone_falls_back_to_utc(self):
        self.assertEqual(conduct.zone("Europe/Moscow").zone, "Europe/Moscow")
        self.assertIs(conduct.zone(False), pytz.utc)
        self.assertIs(conduct.zone("Mars/Olympus"), pytz.utc)

    def test_to_local_and_hour(self):
        local = conduct.to_local(datetime(2026, 3, 11, 19, 30), MSK)
        self.assertEqual((local.hour, local.minute), (22, 30))
        self.assertEqual(conduct.hour_of(local), 22.5)

    def test_contact_hours_by_day_kind(self):
        work, rest = (8.0, 22.0), (9.0, 20.0)
        self.assertEqual(conduct.contact_hours(False, work, rest), work)
        self.assertEqual(conduct.contact_hours(True, work, rest), rest)

    def test_quiet_hours_bounds(self):
        hours = (8.0, 22.0)
        self.assertTrue(conduct.in_quiet_hours(msk(2026, 3, 11, 7, 59), hours))
        self.assertFalse(conduct.in_quiet_hours(msk(2026, 3, 11, 8, 0), hours))
        self.assertFalse(conduct.in_quiet_hours(msk(2026, 3, 11, 21, 59), hours))
        self.assertTrue(conduct.in_quiet_hours(msk(2026, 3, 11, 22, 0), hours))

    def test_periods(self):
        wed, thu = msk(2026, 3, 11, 10), msk(2026, 3, 12, 10)
        next_mon = msk(2026, 3, 16, 10)
        next_month = msk(2026, 4, 1, 10)
        self.assertTrue(conduct.same_day(wed, msk(2026, 3, 11, 23)))
        self.assertFalse(conduct.same_day(wed, thu))
        self.assertTrue(conduct.same_week(wed, thu))
        self.assertFalse(conduct.same_week(wed, next_mon))
        self.assertTrue(conduct.same_month(wed, next_mon))
        self.assertTrue(conduct.same_period(wed, next_mon))
        self.assertFalse(conduct.same_period(msk(2026, 3, 31, 10), msk(2026, 5, 1)))
        self.assertTrue(conduct.same_period(msk(2026, 3, 31, 10), next_month))

    def test_limit_violations(self):
        limits = (1, 2, 8)  # calls: 230-FZ art. 7 part 3
        wed = msk(2026, 3, 11, 10)
        self.assertEqual(conduct.limit_violations(wed, [], limits), [])
        self.assertEqual(
            conduct.limit_violations(wed, [msk(2026, 3, 11, 9)], limits), ["limit_day"]
        )
        two_this_week = [msk(2026, 3, 9, 10), msk(2026, 3, 10, 10)]
        self.assertEqual(
            conduct.limit_violations(wed, two_this_week, limits), ["limit_week"]
        )
        eight = [msk(2026, 3, day, 10) for day in range(1, 9)]
        self.assertEqual(
            conduct.limit_violations(msk(2026, 3, 20, 10), eight, limits),
            ["limit_month"],
        )
        # 0 means no limit of its own
        self.assertEqual(
            conduct.limit_violations(wed, [msk(2026, 3, 11, 9)] * 5, (0, 0, 0)), []
        )

    def test_debtor_refused(self):
        self.assertFalse(conduct.debtor_refused([], date(2026, 3, 11)))
        self.assertFalse(conduct.debtor_refused([False], date(2026, 3, 11)))
        self.assertTrue(conduct.debtor_refused([date(2026, 3, 11)], date(2026, 3, 11)))
        self.assertFalse(conduct.debtor_refused([date(2026, 3, 12)], date(2026, 3, 11)))
