"""Handoff and debtor-notice rules hold whatever ORM route a caller takes
(create, write, copy, context)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError

from .common import CsDebtCommon


class TestGuardedHandoff(CsDebtCommon):
    def test_create_directly_handed_over_refused(self):
        """No guard, no notices: a handoff is born a draft, whatever the caller."""
        for user in (self.debt_user, self.debt_manager):
            Handoff = self.env["cs.debt.handoff"].with_user(user)
            for vals in (
                {"state": "handed_over"},
                {"handoff_date": self.today},
                {"override_reason": "я так решил"},
                {"override_user_id": user.id},
                {"recall_reason": "x"},
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    Handoff.create(
                        dict(
                            vals,
                            partner_id=self.debtor.id,
                            contract_id=self.contract.id,
                        )
                    )

    def test_default_state_context_key_ignored(self):
        handoff = (
            self.env["cs.debt.handoff"]
            .with_user(self.debt_user)
            .with_context(
                default_state="handed_over", default_handoff_date="2026-01-01"
            )
            .create({"partner_id": self.debtor.id, "contract_id": self.contract.id})
        )
        self.assertEqual(handoff.state, "draft")
        self.assertFalse(handoff.handoff_date)
        self.assertFalse(handoff.notice_ids)

    def test_state_written_only_by_actions(self):
        handoff = self._make_handoff()
        for user in (self.debt_user, self.debt_manager):
            for vals in (
                {"state": "handed_over"},
                {"state": "checked"},
                {"handoff_date": self.today},
                {"override_date": fields.Datetime.now()},
            ):
                with self.assertRaises(AccessError):
                    handoff.with_user(user).write(vals)
        self.assertEqual(handoff.state, "draft")
        handoff.with_user(self.debt_user).action_hand_over()
        self.assertEqual(handoff.state, "handed_over")
        self.assertTrue(handoff.notice_ids)
        # the tracking author is the real user, not the superuser
        self.assertEqual(handoff.write_uid, self.debt_user)

    def test_handed_over_debt_is_fixed(self):
        """Changing the contract would move the debt to another agency unguarded."""
        handoff = self._make_handoff()
        handoff.with_user(self.debt_user).action_hand_over()
        other = self._make_invoice(self.debtor)
        for vals in (
            {"contract_id": self.contract_sold.id},
            {"amount_handed": 1.0},
            {"invoice_ids": [Command.link(other.id)]},
        ):
            with self.assertRaisesRegex(UserError, "handed over", msg=str(vals)):
                handoff.with_user(self.debt_user).write(vals)
        self.assertEqual(handoff.agency_id, self.agency)
        handoff.with_user(self.debt_user).write({"suspension_date": self.today})

    def test_copy_does_not_copy_state_or_audit(self):
        handoff = self._make_handoff(alternative_offered=False)
        handoff.with_user(self.debt_manager).action_override("письменный отказ")
        handoff.with_user(self.debt_user).action_hand_over()
        copy = handoff.with_user(self.debt_user).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.handoff_date)
        self.assertFalse(copy.override_reason)
        self.assertFalse(copy.override_user_id)
        self.assertNotEqual(copy.name, handoff.name)


class TestGuardedNotices(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff(amount=1000.0)
        cls.handoff.action_hand_over()
        cls.notice = cls.handoff.notice_ids

    def test_notice_state_only_through_actions(self):
        notice = self.notice.with_user(self.debt_user)
        for vals in (
            {"state": "sent"},
            {"due_date": self.today + timedelta(days=400)},
            {"emailed": True},
        ):
            with self.assertRaises(AccessError):
                notice.write(vals)
        with self.assertRaises(AccessError):  # nor through the handoff's one2many
            self.handoff.with_user(self.debt_user).write(
                {"notice_ids": [Command.update(notice.id, {"state": "sent"})]}
            )
        with self.assertRaises(AccessError):  # no create right for users
            self.env["cs.debt.notice"].with_user(self.debt_user).create(
                {"handoff_id": self.handoff.id, "kind": "assignment"}
            )
        notice.write({"registered_mail_number": "14400012345678"})
        notice.write({"dispatch_date": self.today})
        self.assertEqual(self.notice.state, "to_send")
        notice.action_mark_sent()
        self.assertEqual(self.notice.state, "sent")
        with self.assertRaises(AccessError):
            notice.write({"dispatch_date": self.today - timedelta(days=30)})

    def test_payment_notice_fields_only_through_actions(self):
        self._pay(self.debtor, 400.0)
        notice = self.handoff.payment_notice_ids.with_user(self.debt_user)
        for vals in (
            {"state": "settled"},
            {"notified_at": fields.Datetime.now()},
            {"amount": 1.0},
            {"amount_owed": 0.0},
            {"notify_deadline": fields.Datetime.now() + timedelta(days=100)},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                notice.write(vals)
        notice.write({"settlement_ref": "п/п 123"})
        notice.action_notify_now()
        self.assertEqual(notice.state, "notified")
        self.assertTrue(notice.notified_at)
        notice.action_settle()
        self.assertEqual(notice.state, "settled")
        self.assertEqual(notice.settled_date, fields.Date.context_today(notice))

    def test_statement_informed_at_only_through_action(self):
        statement = (
            self.env["cs.debt.statement"]
            .with_user(self.debt_user)
            .create({"partner_id": self.debtor.id, "kind": "refusal"})
        )
        self.assertTrue(statement.agency_informed_at)
        self.assertEqual(statement.company_id, self.handoff.company_id)
        with self.assertRaises(AccessError):
            statement.write({"agency_informed_at": False})
