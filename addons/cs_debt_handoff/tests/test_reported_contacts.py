"""Issue 14 §4: contacts the debtor reports and the agency did not (matching,
judgement, access, multi-company, settings, scorecard)."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import CsDebtCommon

# Wednesday 2026-03-11; debtors in Moscow (UTC+3)
NOW = "2026-03-11 12:00:00"
TUESDAY_10 = "2026-03-10 07:00:00"  # 10:00 in Moscow


@freeze_time(NOW)
class TestReportedContacts(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff()
        cls.handoff.action_hand_over()
        cls.Report = cls.env["cs.debt.reported.contact"]

    def _agency_reports(self, key, at, channel="call", handoff=None):
        [result] = (
            self.env["cs.debt.handoff"]
            .with_user(self.agency_user)
            .cs_report_contacts(
                [
                    {
                        "ref": (handoff or self.handoff).name,
                        "agency_contact_id": key,
                        "channel": channel,
                        "at": at,
                    }
                ]
            )
        )
        self.assertIn(result["status"], ("created", "updated"), result)
        return self.env["cs.debt.contact"].browse(result["id"])

    def _debtor_reports(self, at, channel="call", user=None, handoff=None):
        return self.Report.with_user(user or self.debt_user).create(
            {
                "handoff_id": (handoff or self.handoff).id,
                "channel": channel,
                "at": at,
                "described": "Грубили, угрожали сообщить на работу",
            }
        )

    # --------------------------------------------------------------- matching

    def test_matched_within_tolerance(self):
        contact = self._agency_reports("A-1", TUESDAY_10)
        report = self._debtor_reports("2026-03-10 08:30:00")  # 1 h 30 later
        self.assertEqual(report.match_state, "matched")
        self.assertEqual(report.matched_contact_id, contact)
        self.assertFalse(report.violations, "judged on the agency's contact")
        self.assertEqual(report.reported_by, self.debt_user)
        self.assertEqual(report.agency_id, self.agency)
        self.assertEqual(report.partner_id, self.debtor)
        self.assertEqual(report.local_at, "2026-03-10 11:30 MSK")

    def test_unreported_outside_tolerance_and_other_channel(self):
        self._agency_reports("A-2", TUESDAY_10)
        late = self._debtor_reports("2026-03-10 09:30:00")  # 2 h 30 later
        self.assertEqual(late.match_state, "unreported")
        self.assertFalse(late.matched_contact_id)
        visit = self._debtor_reports("2026-03-10 07:10:00", channel="visit")
        self.assertEqual(visit.match_state, "unreported")
        # a wider tolerance of the company's settings matches a new report
        self.env.company.cs_debt_contact_match_hours = 3.0
        late.write({"at": "2026-03-10 09:40:00"})
        self.assertEqual(late.match_state, "matched")

    def test_one_agency_contact_matches_one_report(self):
        contact = self._agency_reports("A-3", TUESDAY_10)
        first = self._debtor_reports("2026-03-10 07:20:00")
        second = self._debtor_reports("2026-03-10 06:10:00")
        self.assertEqual(first.matched_contact_id, contact)
        self.assertEqual(second.match_state, "unreported")

    def test_later_agency_report_turns_matched(self):
        report = self._debtor_reports("2026-03-09 07:00:00")
        self.assertEqual(report.match_state, "unreported")
        contact = self._agency_reports("A-4", "2026-03-09 07:45:00")
        report.invalidate_recordset()
        self.assertEqual(report.match_state, "matched")
        self.assertEqual(report.matched_contact_id, contact)
        self.assertFalse(report.violations)
        # the agency moves its contact away: the debtor's report is unreported again
        self._agency_reports("A-4", "2026-03-09 12:00:00")
        report.invalidate_recordset()
        self.assertEqual(report.match_state, "unreported")
        self.assertFalse(report.matched_contact_id)

    def test_deleted_agency_contact_unmatches_the_report(self):
        """A collections manager deletes the agency's contact a debtor's report
        matched: the report is matched again, here unreported and judged (it stayed
        "matched" with no contact before)."""
        contact = self._agency_reports("A-5", TUESDAY_10)
        report = self._debtor_reports("2026-03-10 07:30:00")
        self.assertEqual(report.matched_contact_id, contact)
        contact.with_user(self.debt_manager).unlink()
        report.invalidate_recordset()
        self.assertEqual(report.match_state, "unreported")
        self.assertFalse(report.matched_contact_id)
        self.assertEqual(report.local_at, "2026-03-10 10:30 MSK")

    def test_agency_contacts_are_not_rewritten_by_hand(self):
        """A manager reports contacts through the API (recorded as internal);
        the stored contact's time, channel and violations are not written by
        hand (they decide the matching and the scorecard)."""
        contact = self._agency_reports("A-6", "2026-03-10 20:30:00")  # 23:30 MSK
        self.assertTrue(contact.violations)
        for vals in ({"violations": False}, {"at": TUESDAY_10}, {"channel": "sms"}):
            with self.assertRaises(AccessError):
                contact.with_user(self.debt_manager).write(vals)
        self.assertTrue(contact.violations)

    # -------------------------------------------------------------- judgement

    def _codes(self, report):
        return set((report.violations or "").split(",")) - {""}

    def test_violations_of_unreported_contacts(self):
        # Monday 22:30 in Moscow: quiet hours
        night = self._debtor_reports("2026-03-09 19:30:00")
        self.assertEqual(self._codes(night), {"quiet_hours"})
        self.assertTrue(night.has_violation)
        self.assertEqual(night.violation_count, 1)
        # a second call on a day the agency reported one: one call a day at most
        self._agency_reports("A-5", TUESDAY_10)
        afternoon = self._debtor_reports("2026-03-10 12:00:00")  # 15:00
        self.assertEqual(afternoon.match_state, "unreported")
        self.assertIn("limit_day", self._codes(afternoon))
        # a channel the contract does not allow
        self.contract.allow_visit = False
        visit = self._debtor_reports("2026-03-10 08:00:00", channel="visit")
        self.assertIn("channel_not_allowed", self._codes(visit))
        # after the debtor refused interaction
        self.env["cs.debt.statement"].create(
            {"partner_id": self.debtor.id, "kind": "refusal", "date": "2026-03-10"}
        )
        message = self._debtor_reports("2026-03-10 09:00:00", channel="message")
        self.assertIn("debtor_refused", self._codes(message))

    # ----------------------------------------------------------------- access

    def test_agency_reads_and_records_nothing(self):
        report = self._debtor_reports("2026-03-10 07:00:00")
        Report = self.Report.with_user(self.agency_user)
        with self.assertRaises(AccessError):
            Report.search([])
        with self.assertRaises(AccessError):
            Report.browse(report.id).read(["described"])
        with self.assertRaises(AccessError):
            self._debtor_reports("2026-03-10 07:00:00", user=self.agency_user)
        with self.assertRaises(AccessError):
            self.handoff.with_user(self.agency_user).read(["reported_contact_ids"])

    def test_computed_by_our_code_only(self):
        contact = self._agency_reports("A-6", TUESDAY_10)
        report = self._debtor_reports("2026-03-10 11:00:00")
        vals = {
            "handoff_id": self.handoff.id,
            "channel": "call",
            "at": "2026-03-10 11:00:00",
        }
        Report = self.Report.with_user(self.debt_user)
        for field, value in (
            ("match_state", "matched"),
            ("match_state", "unreported"),
            ("matched_contact_id", contact.id),
            ("violations", "quiet_hours"),
            ("local_at", "полдень"),
            ("reported_by", self.debt_manager.id),
        ):
            with self.assertRaises(AccessError, msg=f"create {field}"):
                Report.create(dict(vals, **{field: value}))
            with self.assertRaises(AccessError, msg=f"write {field}"):
                report.with_user(self.debt_manager).write({field: value})
        self.assertEqual(report.match_state, "unreported")
        # a default_ key in the context is dropped: our code decides
        other = Report.with_context(
            default_match_state="matched",
            default_matched_contact_id=contact.id,
            default_violations="x",
        ).create(vals)
        self.assertEqual(other.match_state, "unreported")
        self.assertFalse(other.matched_contact_id)
        self.assertNotIn("x", (other.violations or "").split(","))

    def test_input_validated_naming_key_and_value(self):
        draft = self._make_handoff(partner=self._make_debtor("Черновиков Пётр"))
        good = {"handoff_id": self.handoff.id, "channel": "call", "at": TUESDAY_10}
        Report = self.Report.with_user(self.debt_user)
        for key, value in (
            ("handoff_id", draft.id),
            ("handoff_id", 987654321),
            ("handoff_id", "DH/1"),
            ("channel", "pigeon"),
            ("at", "вчера вечером"),
            ("at", "2026-03-12 12:00:00"),
            ("described", "x" * 20001),
        ):
            with self.assertRaisesRegex(ValidationError, key, msg=f"{key}={value}"):
                Report.create(dict(good, **{key: value}))
        with self.assertRaisesRegex(ValidationError, "handoff_id"):
            Report.create({"channel": "call", "at": TUESDAY_10})
        report = Report.create(good)
        with self.assertRaisesRegex(ValidationError, "channel: 'pigeon'"):
            report.write({"channel": "pigeon"})
        self.assertEqual(report.channel, "call")

    # ----------------------------------------------------------- the handoff

    def test_handoff_counts_and_button(self):
        self._agency_reports("A-7", TUESDAY_10)
        self._debtor_reports("2026-03-10 07:30:00")
        self._debtor_reports("2026-03-09 19:30:00")
        handoff = self.handoff.with_user(self.debt_user)
        self.assertEqual(handoff.reported_contact_count, 2)
        self.assertEqual(handoff.unreported_count, 1)
        action = handoff.action_view_reported_contacts()
        self.assertEqual(action["res_model"], "cs.debt.reported.contact")
        self.assertEqual(action["domain"], [("handoff_id", "=", self.handoff.id)])

    def test_scorecard_counts_unreported(self):
        self._agency_reports("A-8", TUESDAY_10)
        self._debtor_reports("2026-03-10 07:30:00")
        self._debtor_reports("2026-03-09 19:30:00")
        Scorecard = self.env["cs.debt.agency.scorecard"]
        Scorecard._cs_refresh()
        [row] = Scorecard.with_user(self.debt_user).search(
            [("agency_id", "=", self.agency.id)]
        )
        self.assertEqual(row.unreported_count, 1)
        self.assertEqual(row.unreported_per_100, 100.0 / row.placed_count)
        [group] = Scorecard.with_user(self.debt_user).read_group(
            [("agency_id", "=", self.agency.id)],
            ["unreported_count:sum", "unreported_per_100:avg"],
            [],
        )
        self.assertEqual(group["unreported_count"], 1)

    # -------------------------------------------------------- multi-company

    def test_second_company_sees_nothing_of_the_first(self):
        company_b, handoff_b = self._company_b_handoff(
            "Вторая компания", "АД-Б", "Должник Б", 500.0
        )
        user_b = self.env["res.users"].create(
            {
                "name": "Взыскание Б",
                "login": "t_debt_user_b",
                "company_id": company_b.id,
                "company_ids": [(6, 0, company_b.ids)],
                "groups_id": [
                    (6, 0, [self.env.ref("cs_debt_handoff.group_debt_manager").id])
                ],
            }
        )
        report_a = self._debtor_reports("2026-03-10 07:00:00")
        report_b = self._debtor_reports(
            "2026-03-10 07:00:00", user=user_b, handoff=handoff_b
        )
        self.assertEqual(report_b.company_id, company_b)
        Report_b = self.Report.with_user(user_b)
        self.assertEqual(Report_b.search([]), report_b)
        with self.assertRaises(AccessError):
            Report_b.browse(report_a.id).read(["described"])
        self.assertNotIn(report_b, self.Report.with_user(self.debt_user).search([]))
        # a handoff of another company is not one to record contacts on
        with self.assertRaisesRegex(ValidationError, "handoff_id"):
            self._debtor_reports("2026-03-10 07:00:00", handoff=handoff_b)

    # ------------------------------------------------------------- settings

    def test_tolerance_setting(self):
        self.assertEqual(self.env.company.cs_debt_contact_match_hours, 2.0)
        form = Form(self.env["res.config.settings"])
        form.cs_debt_contact_match_hours = 4.5
        form.save().execute()
        self.assertEqual(self.env.company.cs_debt_contact_match_hours, 4.5)
