"""Collections on Russia's production calendar (2026/2027, from cs_base's loader).

The dates below were checked against the ``holidays`` package (``holidays.Russia``):
days off 2026-12-31 and 2027-01-01 .. 2027-01-08, Monday 2027-02-22 moved from
Saturday 2027-02-20, which is a working day (the only working Saturday of 2026/2027),
Unity Day Thursday 2027-11-04.
"""

from datetime import date

from freezegun import freeze_time

from .common import CsDebtCommon


class CsDebtRuCalendarCommon(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.company.resource_calendar_id
        cls.calendar.write({"tz": "Europe/Moscow", "cs_ru_production_calendar": True})
        cls.calendar.sudo()._cs_load_ru_holidays([2026, 2027])


class TestNoticeWorkingDays(CsDebtRuCalendarCommon):
    def test_calendar_is_loaded(self):
        self.assertEqual(
            self.calendar.cs_workday_ids.mapped("date"), [date(2027, 2, 20)]
        )

    def test_notice_due_date_crosses_the_new_year_holidays(self):
        handoff = self._make_handoff()
        with freeze_time("2026-12-15 10:00:00"):
            handoff.with_user(self.debt_user).action_hand_over()
        self.assertEqual(handoff.handoff_date, date(2026, 12, 15))
        # Dec 16-30: 11 working days (Dec 31 off); Jan 1-10 off; Jan 11 - Feb 4: 19
        self.assertEqual(handoff.notice_ids.due_date, date(2027, 2, 4))

    def test_notice_due_date_counts_the_working_saturday(self):
        handoff = self._make_handoff()
        with freeze_time("2027-02-10 10:00:00"):
            handoff.action_hand_over()
        # from Feb 11: Feb 20 (Saturday) works, Feb 22 and 23 are off, Mar 8 off
        self.assertEqual(handoff.notice_ids.due_date, date(2027, 3, 26))

    def test_forward_deadline_in_working_days(self):
        debtor = self._make_debtor("Орлов Пётр")
        handoff = self._make_handoff(partner=debtor, contract=self.contract_sold)
        handoff.action_hand_over()
        with freeze_time("2026-12-30 10:00:00"):
            self._pay(debtor, 250.0, date=date(2026, 12, 30))
        notice = handoff.payment_notice_ids
        self.assertEqual(notice.payment_date, date(2026, 12, 30))
        # 5 working days after Dec 30: Dec 31 and Jan 1-10 are off -> Jan 15
        self.assertEqual(notice.forward_due_date, date(2027, 1, 15))


@freeze_time("2027-12-31 12:00:00")
class TestContactRestDays(CsDebtRuCalendarCommon):
    """Quiet hours: weekday 08-22, weekends and holidays 09-20 (contract defaults)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff()
        cls.handoff.action_hand_over()
        cls.Handoff = cls.env["cs.debt.handoff"].with_user(cls.agency_user)

    def _call(self, contact_id, at):
        [result] = self.Handoff.cs_report_contacts(
            [
                {
                    "ref": self.handoff.name,
                    "agency_contact_id": contact_id,
                    "channel": "call",
                    "at": at,
                }
            ]
        )
        self.assertEqual(result["status"], "created", result)
        return result["violations"]

    def test_working_saturday_gets_weekday_hours(self):
        # 21:30 Moscow on Saturday 2027-02-20, a working day: allowed until 22:00
        self.assertEqual(self._call("sat-work", "2027-02-20 18:30:00"), [])

    def test_ordinary_saturday_gets_weekend_hours(self):
        # 21:30 Moscow on Saturday 2027-02-13: weekend quiet hours from 20:00
        self.assertEqual(self._call("sat", "2027-02-13 18:30:00"), ["quiet_hours"])

    def test_public_holiday_gets_weekend_hours(self):
        # 21:30 Moscow on Monday 2027-01-04 (New Year holidays)
        self.assertEqual(self._call("hol", "2027-01-04 18:30:00"), ["quiet_hours"])
        # and 08:30 on it is too early for a holiday
        self.assertEqual(self._call("hol-am", "2027-01-05 05:30:00"), ["quiet_hours"])

    def test_moved_day_off_gets_weekend_hours(self):
        # Monday 2027-02-22: the day off moved from Saturday 2027-02-20
        self.assertEqual(self._call("moved", "2027-02-22 18:30:00"), ["quiet_hours"])

    def test_eve_of_a_holiday_is_a_working_day(self):
        # Wednesday 2027-11-03, the eve of Unity Day: weekday hours (the holiday
        # begins at 21:00 UTC on the 3rd, which must not make the 3rd a holiday)
        self.assertEqual(self._call("eve", "2027-11-03 18:30:00"), [])
        self.assertEqual(self._call("unity", "2027-11-04 18:30:00"), ["quiet_hours"])
