from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools import config

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import CsDebtCommon


class TestCheckRecordsFailures(CsDebtCommon):
    def test_check_records_failures_and_answers_true(self):
        handoff = self._make_handoff(alternative_offered=False, reminder_date=False)
        self.assertIs(handoff.with_user(self.debt_user).action_check(), True)
        self.assertEqual(handoff.state, "draft")
        self.assertTrue(handoff.check_date)
        lines = handoff.check_failures.splitlines()
        self.assertEqual(len(lines), 2, lines)
        self.assertIn("No payment reminder was sent to the debtor", lines[0])
        self.assertIn("Last Reminder Sent", lines[0])
        self.assertIn("No alternative offered", lines[1])
        self.assertIn("Alternative Offered", lines[1])
        # fixed: the next check replaces the record and moves the handoff on
        handoff.with_user(self.debt_user).write(
            {
                "alternative_offered": True,
                "reminder_date": handoff.invoice_ids.invoice_date_due
                - timedelta(days=15),
            }
        )
        self.assertIs(handoff.with_user(self.debt_user).action_check(), True)
        self.assertFalse(handoff.check_failures)
        self.assertEqual(handoff.state, "checked")

    def test_failing_again_goes_back_to_draft(self):
        handoff = self._make_handoff()
        handoff.action_check()
        self.assertEqual(handoff.state, "checked")
        self.debtor.cs_debt_disputed = True
        self.assertIs(handoff.with_user(self.debt_user).action_check(), True)
        self.assertEqual(handoff.state, "draft")
        self.assertIn("Open dispute", handoff.check_failures)
        self.assertIn("Debt Disputed", handoff.check_failures)

    def test_failures_are_not_writable_by_users(self):
        handoff = self._make_handoff()
        with self.assertRaises(AccessError):
            handoff.with_user(self.debt_manager).write({"check_failures": False})

    def test_override_lets_hand_over_after_failed_check(self):
        handoff = self._make_handoff(alternative_offered=False)
        handoff.with_user(self.debt_user).action_check()
        with self.assertRaisesRegex(UserError, "Override Checks"):
            handoff.with_user(self.debt_user).action_hand_over()
        handoff.with_user(self.debt_manager).action_override("Отказ письменно")
        self.assertTrue(handoff.with_user(self.debt_user).action_hand_over())
        self.assertEqual(handoff.state, "handed_over")


class TestNoticesCancelled(CsDebtCommon):
    def test_recall_cancels_unsent_notices(self):
        handoff = self._make_handoff(contract=self.contract_sold)
        handoff.action_hand_over()
        sent, unsent = handoff.notice_ids.sorted("kind")
        sent.write(
            {"registered_mail_number": "14400012345678", "dispatch_date": self.today}
        )
        sent.action_mark_sent()
        handoff.with_user(self.debt_user).action_recall("Ошибочная передача")
        self.assertEqual(sent.state, "sent")
        self.assertEqual(unsent.state, "cancelled")
        self.assertFalse(unsent.is_late)
        # no collector notice goes out for a recalled debt
        mails = self.env["mail.mail"].search([])
        with self.assertRaisesRegex(UserError, "cancelled"):
            unsent.with_user(self.debt_user).action_send_email()
        with self.assertRaisesRegex(UserError, "cancelled"):
            unsent.with_user(self.debt_user).action_mark_sent()
        self.assertFalse(
            (self.env["mail.mail"].search([]) - mails).filtered(
                lambda m: m.model == "cs.debt.notice"
            )
        )

    def test_settle_cancels_unsent_notices(self):
        handoff = self._make_handoff()
        handoff.action_hand_over()
        notice = handoff.notice_ids
        handoff.with_user(self.debt_manager).action_settle()
        self.assertEqual(notice.state, "cancelled")
        self.assertNotIn(
            notice,
            self.env["cs.debt.notice"].search([("is_late", "=", True)]),
        )


class TestCompanyLetters(CsDebtCommon, MockSmtplibCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.email = "billing@company.example"
        cls.handoff = cls._make_handoff()
        cls.handoff.action_hand_over()
        cls.no_mail_user = new_test_user(
            cls.env,
            login="t_debt_nomail",
            groups="cs_debt_handoff.group_debt_user",
            email=False,
        )

    def _notice_mail(self, user):
        self._pay(self.debtor, 100.0)
        notice = self.handoff.payment_notice_ids
        notice.with_user(user).action_notify_now()
        self.assertEqual(notice.state, "notified")
        return self.env["mail.mail"].search(
            [("model", "=", "cs.debt.payment.notice"), ("res_id", "=", notice.id)]
        )

    def test_user_without_email_sends_direct_payment_notice(self):
        self.assertFalse(self.no_mail_user.email)
        mail = self._notice_mail(self.no_mail_user)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_from, self.company.email_formatted)
        self.assertEqual(mail.author_id, self.company.partner_id)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(self.agency, mail.recipient_ids)
        with self.mock_smtplib_connection():
            mail.send()
        self.assertEqual(mail.state, "sent", mail.failure_reason)
        self.assertFalse(mail.failure_type)
        [email] = self.emails
        self.assertIn("billing@company.example", email["msg_from"])

    def test_never_from_the_clicking_users_address(self):
        # a company without an address of its own: the server's default sender
        self.debt_user.email = "clicker@users.example"
        self.company.partner_id.email = False
        self.company.alias_domain_id = False
        self.assertFalse(self.company.email_formatted)
        with patch.dict(config.options, {"email_from": "robot@company.example"}):
            mail = self._notice_mail(self.debt_user)
        self.assertNotIn("clicker@users.example", mail.email_from or "")
        self.assertIn("robot@company.example", mail.email_from)

    def test_letter_in_the_agency_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "=", "cs_debt_handoff")]
        )._update_translations(["ru_RU"])
        self.agency.lang = "ru_RU"
        mail = self._notice_mail(self.no_mail_user)
        self.assertEqual(mail.subject, f"Получен платёж: {self.handoff.name}")

    def test_recall_by_user_without_email(self):
        mails = self.env["mail.mail"].search([])
        self.handoff.with_user(self.no_mail_user).action_recall("Оплачено")
        mail = self.env["mail.mail"].search([]) - mails
        self.assertEqual(mail.email_from, self.company.email_formatted)
        self.assertIn(self.agency, mail.recipient_ids)


class TestContactsOutOfOrder(CsDebtCommon):
    """Limits follow the order contacts happened in, not the order reported."""

    MORNING = "2026-03-10 07:00:00"  # 10:00 Moscow, Tuesday
    NIGHT = "2026-03-10 18:30:00"  # 21:30 Moscow, the same day

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Handoff = cls.env["cs.debt.handoff"].with_user(cls.agency_user)

    def _handoff(self):
        handoff = self._make_handoff(partner=self._make_debtor("Соколов Илья"))
        handoff.action_hand_over()
        return handoff

    def _row(self, handoff, contact_id, at):
        return {
            "ref": handoff.name,
            "agency_contact_id": contact_id,
            "channel": "call",
            "at": at,
        }

    def _codes(self, handoff):
        contacts = handoff.contact_ids
        return {
            c.agency_contact_id: [v for v in (c.violations or "").split(",") if v]
            for c in contacts
        }

    def test_one_batch_night_first(self):
        handoff = self._handoff()
        results = self.Handoff.cs_report_contacts(
            [
                self._row(handoff, "night", self.NIGHT),
                self._row(handoff, "am", self.MORNING),
            ]
        )
        self.assertEqual([r["violations"] for r in results], [["limit_day"], []])
        self.assertEqual(self._codes(handoff), {"night": ["limit_day"], "am": []})

    def test_one_batch_morning_first(self):
        handoff = self._handoff()
        results = self.Handoff.cs_report_contacts(
            [
                self._row(handoff, "am", self.MORNING),
                self._row(handoff, "night", self.NIGHT),
            ]
        )
        self.assertEqual([r["violations"] for r in results], [[], ["limit_day"]])

    def test_two_batches_night_reported_first(self):
        handoff = self._handoff()
        [night] = self.Handoff.cs_report_contacts(
            [self._row(handoff, "night", self.NIGHT)]
        )
        self.assertEqual(night["violations"], [])
        [morning] = self.Handoff.cs_report_contacts(
            [self._row(handoff, "am", self.MORNING)]
        )
        self.assertEqual(morning["violations"], [])
        self.assertEqual(self._codes(handoff), {"night": ["limit_day"], "am": []})
        # the compliance officer sees why the night call changed
        notes = handoff.message_ids.filtered(lambda m: "judged again" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("daily limit exceeded", notes.body)
        # idempotent: the same rows again change nothing
        again = self.Handoff.cs_report_contacts(
            [
                self._row(handoff, "night", self.NIGHT),
                self._row(handoff, "am", self.MORNING),
            ]
        )
        self.assertEqual([r["status"] for r in again], ["unchanged", "unchanged"])
        self.assertEqual([r["violations"] for r in again], [["limit_day"], []])
        self.assertEqual(len(handoff.contact_ids), 2)

    def test_two_batches_morning_reported_first(self):
        handoff = self._handoff()
        self.Handoff.cs_report_contacts([self._row(handoff, "am", self.MORNING)])
        [night] = self.Handoff.cs_report_contacts(
            [self._row(handoff, "night", self.NIGHT)]
        )
        self.assertEqual(night["violations"], ["limit_day"])
        self.assertEqual(self._codes(handoff), {"night": ["limit_day"], "am": []})

    def test_moving_a_contact_frees_the_later_one(self):
        handoff = self._handoff()
        self.Handoff.cs_report_contacts(
            [
                self._row(handoff, "am", self.MORNING),
                self._row(handoff, "night", self.NIGHT),
            ]
        )
        # the agency corrects the morning call: it was on the next week's Monday
        moved = str(datetime(2026, 3, 16, 7, 0))
        [result] = self.Handoff.cs_report_contacts([self._row(handoff, "am", moved)])
        self.assertEqual(result["status"], "updated")
        self.assertEqual(self._codes(handoff), {"night": [], "am": []})
