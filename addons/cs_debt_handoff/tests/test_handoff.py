from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import CsDebtCommon


class TestContract(CsDebtCommon):
    def test_conduct_defaults_from_230fz(self):
        contract = self.env["cs.debt.contract"].create(
            {"name": "X-1", "agency_id": self.agency.id}
        )
        self.assertEqual(contract._conduct_limits("call"), (1, 2, 8))
        self.assertEqual(contract._conduct_limits("message"), (2, 4, 16))
        self.assertEqual(contract.visit_limit_week, 1)
        self.assertEqual(
            (contract.workday_hour_from, contract.workday_hour_to), (8.0, 22.0)
        )
        self.assertEqual(
            (contract.weekend_hour_from, contract.weekend_hour_to), (9.0, 20.0)
        )
        self.assertEqual(contract.notify_payment_hours, 48)

    def test_unregistered_agency_refused(self):
        unregistered = self.env["res.partner"].create(
            {"name": "ИП Серый", "is_company": True, "cs_is_collection_agency": True}
        )
        with self.assertRaisesRegex(ValidationError, "no number in the state register"):
            self.env["cs.debt.contract"].create(
                {"name": "X-2", "agency_id": unregistered.id, "state": "active"}
            )

    def test_handoff_to_agency_losing_registry_refused(self):
        handoff = self._make_handoff()
        self.agency.cs_agency_registry_number = False
        # the check records it and answers True; the hand-over refuses
        self.assertTrue(handoff.with_user(self.debt_user).action_check())
        self.assertEqual(handoff.state, "draft")
        self.assertIn("no number in the state register", handoff.check_failures)
        self.assertIn("Registry Number", handoff.check_failures)
        with self.assertRaisesRegex(UserError, "no number in the state register"):
            handoff.with_user(self.debt_user).action_hand_over()
        self.assertEqual(handoff.state, "draft")


class TestHandoff(CsDebtCommon):
    def test_sequence_and_amount(self):
        handoff = self._make_handoff(amount=1500.0)
        self.assertTrue(handoff.name.startswith("DH/"))
        self.assertEqual(handoff.amount_handed, 1500.0)
        self.assertEqual(handoff.amount_remaining, 1500.0)

    def test_form_creates_handoff(self):
        invoice = self._make_invoice(self.debtor, 700.0)
        form = Form(self.env["cs.debt.handoff"].with_user(self.debt_user))
        form.partner_id = self.debtor
        form.contract_id = self.contract
        form.invoice_ids.add(invoice)
        form.reminder_date = invoice.invoice_date_due - timedelta(days=20)
        form.alternative_offered = True
        handoff = form.save()
        self.assertEqual(handoff.agency_id, self.agency)
        self.assertEqual(handoff.amount_handed, 700.0)
        self.assertFalse(handoff.guard_result)

    def test_hand_over_clean_debtor(self):
        handoff = self._make_handoff()
        self.assertTrue(handoff.with_user(self.debt_user).action_check())
        self.assertEqual(handoff.state, "checked")
        self.assertTrue(handoff.with_user(self.debt_user).action_hand_over())
        self.assertEqual(handoff.state, "handed_over")
        self.assertEqual(handoff.handoff_date, self.today)
        notice = handoff.notice_ids
        self.assertEqual(notice.mapped("kind"), ["collector"])
        # 30 working days: at least 6 calendar weeks minus a few days, plus the
        # public holidays of the production calendar (New Year: up to 10 days)
        self.assertGreaterEqual((notice.due_date - self.today).days, 40)
        self.assertLessEqual((notice.due_date - self.today).days, 56)

    def test_sold_debt_gets_assignment_notice(self):
        handoff = self._make_handoff(contract=self.contract_sold)
        handoff.action_hand_over()
        self.assertEqual(
            sorted(handoff.notice_ids.mapped("kind")), ["assignment", "collector"]
        )
        notice = handoff.notice_ids[0]
        with self.assertRaisesRegex(UserError, "Registered Mail Number") as error:
            notice.action_mark_sent()
        self.assertNotIn("registered_mail_number", str(error.exception))
        notice.write(
            {"registered_mail_number": "14400012345678", "dispatch_date": self.today}
        )
        notice.action_mark_sent()
        self.assertEqual(notice.state, "sent")
        self.assertFalse(notice.is_late)

    def test_automation_plans_notice_dispatch(self):
        handoff = self._make_handoff()
        handoff.action_hand_over()
        notice = handoff.notice_ids
        notice.due_date = self.today + timedelta(days=4)
        automation = self.env.ref("cs_debt_handoff.base_automation_notice_due")
        automation.last_run = fields.Datetime.now() - timedelta(days=3)
        automation._check()
        self.assertEqual(len(notice.activity_ids), 1)
        self.assertEqual(notice.activity_ids.user_id, notice.create_uid)

    def test_recall_notifies_agency_and_locks(self):
        handoff = self._make_handoff()
        handoff.action_hand_over()
        mails = self.env["mail.mail"].search([])
        self.assertTrue(handoff.action_recall("Оплачено до передачи"))
        self.assertEqual(handoff.state, "recalled")
        self.assertEqual(handoff.recall_reason, "Оплачено до передачи")
        new_mails = self.env["mail.mail"].search([]) - mails
        self.assertIn(self.agency, new_mails.recipient_ids)
        with self.assertRaisesRegex(UserError, "read-only"):
            handoff.write({"reminder_date": self.today})
        with self.assertRaises(UserError):
            handoff.action_hand_over()

    def test_recall_needs_reason(self):
        handoff = self._make_handoff()
        with self.assertRaisesRegex(UserError, "reason"):
            handoff.action_recall("  ")

    def test_recall_wizard(self):
        handoff = self._make_handoff()
        handoff.action_hand_over()
        wizard = Form(
            self.env["cs.debt.handoff.recall"].with_context(active_ids=handoff.ids)
        )
        wizard.reason_kind = "protected"
        wizard.reason = "Должник в больнице"
        wizard.save().action_confirm()
        self.assertEqual(handoff.state, "recalled")
        self.assertIn("Должник в больнице", handoff.recall_reason)

    def test_partner_status_for_operators(self):
        handoff = self._make_handoff()
        self.assertFalse(self.debtor.cs_debt_handoff_status)
        handoff.action_hand_over()
        self.debtor.invalidate_recordset()
        self.assertIn(handoff.name, self.debtor.cs_debt_handoff_status)
        self.assertEqual(self.debtor.cs_debt_handoff_count, 1)


class TestGuard(CsDebtCommon):
    def _codes(self, handoff):
        return [code for code, _msg in handoff._guard_failures()[handoff]]

    def test_clean_debtor_passes(self):
        self.assertEqual(self._codes(self._make_handoff()), [])

    def test_dacha_case_recent_payment(self):
        """Back from the dacha and already paid: never reaches a collector."""
        handoff = self._make_handoff()
        self._pay(self.debtor, 1000.0)
        self.assertIn("recent_payment", self._codes(handoff))
        self.assertIn("unreconciled_payment", self._codes(handoff))
        with self.assertRaisesRegex(UserError, "Recent payment") as error:
            handoff.action_hand_over()
        self.assertIn("Unreconciled payment", str(error.exception))
        self.assertEqual(handoff.state, "draft")

    def test_reminder_too_late(self):
        handoff = self._make_handoff()
        due = handoff.invoice_ids.invoice_date_due
        handoff.reminder_date = due - timedelta(days=2)
        self.assertIn("reminder_late", self._codes(handoff))
        handoff.suspension_date = due
        self.assertIn("reminder_late_suspension", self._codes(handoff))

    def test_only_manager_overrides(self):
        handoff = self._make_handoff(alternative_offered=False)
        with self.assertRaises(AccessError):
            handoff.with_user(self.debt_user).override_reason = "Надо"
        with self.assertRaises(AccessError):
            handoff.with_user(self.debt_user).action_override("Надо")
        with self.assertRaises(AccessError):  # managers too: through the action only
            handoff.with_user(self.debt_manager).override_reason = "Надо"
        with self.assertRaisesRegex(UserError, "No alternative offered"):
            handoff.with_user(self.debt_user).action_hand_over()
        handoff.with_user(self.debt_manager).action_override(
            "Клиент отказался от рассрочки письменно"
        )
        self.assertEqual(handoff.override_user_id, self.debt_manager)
        self.assertTrue(handoff.with_user(self.debt_user).action_hand_over())
        self.assertEqual(handoff.state, "handed_over")
        self.assertEqual(
            handoff.override_reason, "Клиент отказался от рассрочки письменно"
        )

    def test_invoice_of_other_partner_refused(self):
        other = self._make_debtor("Сидоров")
        invoice = self._make_invoice(other)
        handoff = self._make_handoff()
        handoff.invoice_ids = [Command.link(invoice.id)]
        with self.assertRaisesRegex(UserError, "not posted customer invoices"):
            handoff.action_hand_over()
        handoff.action_check()
        self.assertIn("handoff's Invoices tab", handoff.check_failures)
        self.assertEqual(handoff.state, "draft")
