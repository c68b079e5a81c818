import threading

import psycopg2

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged

from .common import CsDebtCommon


class TestPaymentNotice(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff(amount=1000.0)
        cls.handoff.action_hand_over()
        cls.Notice = cls.env["cs.debt.payment.notice"]

    def test_payment_after_handoff_makes_one_notice(self):
        invoice = self.handoff.invoice_ids
        payment = self._pay(self.debtor, 400.0, invoices=invoice)
        notices = self.Notice.search([("handoff_id", "=", self.handoff.id)])
        self.assertEqual(len(notices), 1)
        self.assertEqual(notices.payment_id, payment)
        self.assertEqual(notices.amount, 400.0)
        self.assertEqual(notices.state, "to_notify")
        self.assertEqual(notices.owed_kind, "commission")
        self.assertEqual(notices.amount_owed, 80.0)
        self.assertEqual(self.handoff.amount_paid_since, 400.0)
        self.assertEqual(self.handoff.amount_remaining, 600.0)
        self.assertEqual(self.handoff.last_payment_date, self.today)

    def test_retry_and_reconcile_do_not_duplicate(self):
        payment = self._pay(self.debtor, 300.0)
        self.assertEqual(self.handoff.payment_notice_count, 1)
        # the same creation again (a retried request) and the reconciliation
        self.Notice._register_payments(payment)
        (payment.move_id.line_ids + self.handoff.invoice_ids.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        self.handoff.invalidate_recordset()
        self.assertEqual(
            self.Notice.search_count([("handoff_id", "=", self.handoff.id)]), 1
        )
        self.assertEqual(self.handoff.amount_paid_since, 300.0)

    def test_credit_note_is_not_a_payment(self):
        self.handoff.invoice_ids._reverse_moves(cancel=True)
        self.assertEqual(self.handoff.invoice_ids.payment_state, "reversed")
        self.assertFalse(self.handoff.payment_notice_ids)

    def test_no_notice_without_open_handoff(self):
        stranger = self._make_debtor("Кузнецова Мария")
        self._pay(stranger, 100.0)
        self.assertFalse(self.Notice.search([("partner_id", "=", stranger.id)]))

    def test_sold_debt_forwards_whole_amount(self):
        debtor = self._make_debtor("Смирнов Павел")
        handoff = self._make_handoff(partner=debtor, contract=self.contract_sold)
        handoff.action_hand_over()
        self._pay(debtor, 250.0)
        notice = handoff.payment_notice_ids
        self.assertEqual(notice.owed_kind, "forward")
        self.assertEqual(notice.amount_owed, 250.0)
        self.assertTrue(notice.forward_due_date)

    def test_cron_notifies_once(self):
        self._pay(self.debtor, 100.0)
        notice = self.handoff.payment_notice_ids
        mails_domain = [
            ("model", "=", "cs.debt.payment.notice"),
            ("res_id", "=", notice.id),
        ]
        self.Notice._cron_notify_agencies()
        self.assertEqual(notice.state, "notified")
        self.assertTrue(notice.notified_at)
        sent = self.env["mail.mail"].search(mails_domain)
        self.assertEqual(len(sent), 1)
        self.assertIn(self.agency, sent.recipient_ids)
        self.Notice._cron_notify_agencies()
        notice.action_notify_now()
        self.assertEqual(self.env["mail.mail"].search(mails_domain), sent)
        notice.action_settle()
        self.assertEqual(notice.state, "settled")

    def test_debt_user_reads_notices(self):
        self._pay(self.debtor, 100.0)
        notices = self.Notice.with_user(self.debt_user).search(
            [("handoff_id", "=", self.handoff.id)]
        )
        self.assertEqual(len(notices), 1)


@tagged("post_install", "-at_install")
class TestPaymentNoticeConcurrency(TransactionCase):
    """Two transactions creating the notice of one payment: one row, in the DB."""

    def test_two_cursors_one_notice(self):
        registry = self.registry
        today = fields.Date.today()
        # committed fixtures, visible to the other cursors, removed at the end
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            agency = env["res.partner"].create(
                {
                    "name": "Параллельное агентство",
                    "is_company": True,
                    "cs_is_collection_agency": True,
                    "cs_agency_registry_number": "77/99/99-КЛ",
                }
            )
            contract = env["cs.debt.contract"].create(
                {"name": "PAR-1", "agency_id": agency.id, "state": "active"}
            )
            debtor = env["res.partner"].create({"name": "Параллельный Плательщик"})
            handoff = env["cs.debt.handoff"].create(
                {"partner_id": debtor.id, "contract_id": contract.id}
            )
            handoff.write({"state": "handed_over", "handoff_date": today})
            payment = env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": debtor.id,
                    "amount": 10.0,
                }
            )
            ids = (agency.id, contract.id, debtor.id, handoff.id, payment.id)
        try:
            self._race(ids[3], ids[4], today)
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cr.execute(
                    "DELETE FROM cs_debt_payment_notice WHERE handoff_id = %s",
                    (ids[3],),
                )
                env["account.payment"].browse(ids[4]).unlink()
                env["cs.debt.handoff"].browse(ids[3])._write({"state": "draft"})
                env["cs.debt.handoff"].browse(ids[3]).unlink()
                env["cs.debt.contract"].browse(ids[1]).unlink()
                env["res.partner"].browse([ids[2], ids[0]]).unlink()

    def _insert(self, cr, handoff_id, payment_id, today):
        env = api.Environment(cr, SUPERUSER_ID, {})
        handoff = env["cs.debt.handoff"].browse(handoff_id)
        return env["cs.debt.payment.notice"]._insert_rows(
            [
                {
                    "handoff": handoff,
                    "payment_id": payment_id,
                    "move_id": None,
                    "amount": 10.0,
                    "payment_date": today,
                }
            ]
        )

    def _race(self, handoff_id, payment_id, today):
        registry = self.registry
        outcome = {}
        cr_a = registry.cursor()
        try:
            created_a = self._insert(cr_a, handoff_id, payment_id, today)
            self.assertEqual(len(created_a), 1)

            def second():
                # waits on the unique index until A commits, then inserts nothing
                # (or fails to serialize, and Odoo retries the request)
                with registry.cursor() as cr_b:
                    try:
                        outcome["b"] = len(
                            self._insert(cr_b, handoff_id, payment_id, today)
                        )
                    except psycopg2.errors.SerializationFailure:
                        cr_b.rollback()
                        outcome["b"] = len(
                            self._insert(cr_b, handoff_id, payment_id, today)
                        )

            thread = threading.Thread(target=second)
            thread.start()
            thread.join(1.0)
            self.assertTrue(thread.is_alive(), "B should wait for A's uncommitted row")
            cr_a.commit()
            thread.join(30)
        finally:
            cr_a.close()
        self.assertEqual(outcome.get("b"), 0)
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM cs_debt_payment_notice WHERE payment_id = %s",
                (payment_id,),
            )
            self.assertEqual(cr.fetchone()[0], 1)
            # the same request retried after the commit: still nothing new
            self.assertEqual(len(self._insert(cr, handoff_id, payment_id, today)), 0)
            cr.rollback()
