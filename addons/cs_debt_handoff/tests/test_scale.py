"""Issue 12: flat cost at 100x the data (agency contacts batch, scheduled actions,
agency scorecard)."""

from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.cs_base.tests.scale import CsScaleMixin

from .common import CsDebtCommon

NOW = datetime(2026, 3, 12, 9, 0)
# query counts measured at 100 stored rows; the tests check they stay the same at
# 10,000
CONTACTS_20_BUDGET = 93
NOTIFY_IDLE_BUDGET = 1
# 29 in a database without Russian loaded, 30 in the CI database (demo, ru_RU):
# what the test pins is that 100 and 10,000 stored notices cost the same
NOTIFY_3_BUDGET = 30
SCORECARD_READ_BUDGET = 2
SCORECARD_REFRESH_BUDGET = 1
# the tables the scorecard summarizes: a read must not touch them
SOURCE_TABLES = {
    "cs_debt_handoff",
    "cs_debt_contact",
    "helpdesk_ticket",
    "cs_debt_payment_notice",
    "cs_debt_notice",
}


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestDebtScale(CsScaleMixin, CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Handoff = cls.env["cs.debt.handoff"]
        cls.Notice = cls.env["cs.debt.payment.notice"]
        cls.Scorecard = cls.env["cs.debt.agency.scorecard"]
        cls.handoffs = {}
        for label in ("warm", "small", "big"):
            handoff = cls._make_handoff(partner=cls._make_debtor(f"Должник {label}"))
            handoff.action_hand_over()
            cls.handoffs[label] = handoff

    # ------------------------------------------------------------ contacts API

    def _rows(self, label, count=20):
        handoff = self.handoffs[label]
        # Tuesday 10 March 2026, from 09:00 Moscow, one every 20 minutes
        start = datetime(2026, 3, 10, 6, 0)
        return [
            {
                "ref": handoff.name,
                "agency_contact_id": f"{label}-{index}",
                "channel": "call" if index % 2 else "message",
                "at": str(start + timedelta(minutes=20 * index)),
                "outcome": "обещал оплатить",
            }
            for index in range(count)
        ]

    def _report(self, label):
        Handoff = self.Handoff.with_user(self.agency_user)
        return self._count(Handoff.cs_report_contacts, self._rows(label))

    def _contact_history(self, label, count):
        """``count`` contacts of the past year: on this handoff, on the other
        handoffs of the agency (cloned handoffs), months before the batch."""
        self.env.flush_all()
        seq = self.seq = getattr(self, "seq", 0) + 1
        handoff = self.handoffs[label]
        Contact = self.env["cs.debt.contact"]
        warm = [("handoff_id", "=", self.handoffs["warm"].id)]
        if not Contact.search_count(warm):
            self._report("warm")
        model = Contact.search(warm, limit=1)
        self._clone(
            "cs_debt_handoff",
            handoff,
            count,
            name=f"'HIST-{seq}-' || g",
        )
        self.env.cr.execute(
            "SELECT id FROM cs_debt_handoff WHERE name LIKE %s", [f"HIST-{seq}-%"]
        )
        first = min(row[0] for row in self.env.cr.fetchall())
        at = "TIMESTAMP '2026-01-01 07:00' - g * interval '30 minutes'"
        # half on this handoff, half on the cloned ones
        self._clone(
            "cs_debt_contact",
            model,
            count // 2,
            handoff_id=str(handoff.id),
            agency_contact_id=f"'hist-{seq}-' || g",
            at=at,
        )
        self._clone(
            "cs_debt_contact",
            model,
            count - count // 2,
            handoff_id=f"{first} + g - 1",
            agency_contact_id=f"'hist-{seq}-' || g",
            at=at,
        )

    def test_contact_batch_budget_is_flat(self):
        """20 contacts reported at once: the same queries with 100 or 10,000
        contacts (and handoffs) stored."""
        _count, results = self._report("warm")
        self.assertEqual({r["status"] for r in results}, {"created"})
        self._contact_history("small", 100)
        small, results = self._report("small")
        self.assertEqual({r["status"] for r in results}, {"created"})
        self._contact_history("big", 10000)
        self.assertGreaterEqual(self.env["cs.debt.contact"].search_count([]), 10000)
        big, results = self._report("big")
        self.assertEqual({r["status"] for r in results}, {"created"})
        self.assertEqual(big, small, f"{small} queries at 100, {big} at 10,000")
        self.assertLessEqual(big, CONTACTS_20_BUDGET)
        # the same batch again answers unchanged, within the same budget
        Handoff = self.Handoff.with_user(self.agency_user)
        self.env.invalidate_all()
        with self.assertQueryCount(CONTACTS_20_BUDGET):
            results = Handoff.cs_report_contacts(self._rows("big"))
        self.assertEqual({r["status"] for r in results}, {"unchanged"})

    # ------------------------------------------------------- scheduled actions

    def _notices_to_do(self, count):
        notices = self.Notice.browse()
        for _index in range(count):
            payment = self._pay(self.handoffs["small"].partner_id, 10.0)
            notices |= self.Notice.search([("payment_id", "=", payment.id)])
        self.assertEqual(len(notices), count)
        return notices

    def _measure_notify(self):
        idle, _res = self._count(self.Notice._cron_notify_agencies)
        notices = self._notices_to_do(3)
        busy, _res = self._count(self.Notice._cron_notify_agencies)
        self.assertEqual(set(notices.mapped("state")), {"notified"})
        return idle, busy

    def test_notify_cron_budget_is_flat(self):
        """The payment notice job: nothing to do and 3 to do cost the same with
        100 or 10,000 notified notices in the history; it reads its queue through
        an index."""
        notice = self._notices_to_do(1)
        self.Notice._cron_notify_agencies()
        self.assertEqual(notice.state, "notified")
        self._measure_notify()  # warm the caches
        # the history's payments are not cloned: their notices point to none (the
        # check is dropped inside this test's transaction only)
        self.env.cr.execute(
            "ALTER TABLE cs_debt_payment_notice "
            "DROP CONSTRAINT cs_debt_payment_notice_source_required"
        )
        history = {"payment_id": "NULL", "move_id": "NULL"}
        self._clone("cs_debt_payment_notice", notice, 100, **history)
        small = self._measure_notify()
        self._clone("cs_debt_payment_notice", notice, 9900, **history)
        big = self._measure_notify()
        self.assertEqual(big, small, f"(idle, 3 to do): {small} at 100, {big}")
        self.assertLessEqual(big[0], NOTIFY_IDLE_BUDGET)
        self.assertLessEqual(big[1], NOTIFY_3_BUDGET)
        self.env.invalidate_all()
        with self.assertQueryCount(NOTIFY_IDLE_BUDGET):
            self.Notice._cron_notify_agencies()
        self._notices_to_do(2)
        self.env.cr.execute("ANALYZE cs_debt_payment_notice")
        with self._capture_selects() as statements:
            self.Notice._cron_notify_agencies()
            self.env.flush_all()
        # the queue (the history's notices all belong to one handoff here: what
        # reads them by handoff is not the point)
        queue = [text for text in statements if "'to_notify'" in text]
        self.assertTrue(queue)
        self.assertNotIn(("cs_debt_payment_notice", "Seq Scan"), self._scans(queue))

    def test_notify_cron_batches_and_reports_progress(self):
        """At most ``limit`` notices per call; the scheduler learns what remains
        (it commits and calls again)."""
        self.Notice._cron_notify_agencies()
        notices = self._notices_to_do(3)
        progress = []

        def notify(cron, *, done, remaining, deactivate=False):
            progress.append((done, remaining))

        with patch.object(type(self.env["ir.cron"]), "_notify_progress", notify):
            self.Notice._cron_notify_agencies(limit=2)
            self.Notice._cron_notify_agencies(limit=2)
        self.assertEqual(progress, [(2, 1), (1, 0)])
        self.assertEqual(set(notices.mapped("state")), {"notified"})

    # ---------------------------------------------------------------- scorecard

    def _scorecard_reads(self):
        self.env.invalidate_all()
        domain = [("agency_id", "=", self.agency.id)]
        groups = self.Scorecard.with_user(self.debt_user).read_group(
            domain, ["liquidation_rate", "placed_count", "violation_count"], []
        )
        rows = self.Scorecard.with_user(self.debt_user).search_read(
            domain, ["placed_count", "refreshed_at"]
        )
        return groups, rows

    def test_scorecard_read_is_flat_and_reads_the_summary_only(self):
        """Reading the scorecard reads the summary, not the handoffs, contacts and
        tickets it counts (the SQL view re-aggregated them on every read)."""
        self.Scorecard._cs_refresh()
        self._scorecard_reads()  # warm the caches
        small, (groups, _rows) = self._count(self._scorecard_reads)
        self.assertEqual(groups[0]["placed_count"], 3)
        self._contact_history("big", 10000)
        self.Scorecard._cs_refresh()
        big, (groups, _rows) = self._count(self._scorecard_reads)
        self.assertGreater(groups[0]["placed_count"], 10000 // 2)
        self.assertEqual(big, small)
        self.assertLessEqual(big, SCORECARD_READ_BUDGET)
        self.env.invalidate_all()
        with self.assertQueryCount(SCORECARD_READ_BUDGET):
            self._scorecard_reads()
        with self._capture_selects() as statements:
            self._scorecard_reads()
        tables = {table for table, _node in self._scans(statements)}
        self.assertIn("cs_debt_agency_scorecard", tables)
        self.assertFalse(tables & SOURCE_TABLES, tables)
        refresh, _res = self._count(self.Scorecard._cron_refresh_scorecard)
        self.assertLessEqual(refresh, SCORECARD_REFRESH_BUDGET)

    def test_scorecard_refresh(self):
        """The summary follows the data when refreshed: by the scheduled action
        (every 15 minutes) or by a manager's button; it tells when."""
        cron = self.env.ref("cs_debt_handoff.ir_cron_refresh_scorecard")
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        self.Scorecard._cs_refresh()
        [row] = self.Scorecard.search([("agency_id", "=", self.agency.id)])
        self.assertEqual(row.placed_count, 3)
        first = row.refreshed_at
        self.assertTrue(first)
        handoff = self._make_handoff(partner=self._make_debtor("Новый должник"))
        handoff.action_hand_over()
        self.env.flush_all()
        self.Scorecard.invalidate_model()
        self.assertEqual(row.placed_count, 3, "a summary: not re-aggregated on read")
        with freeze_time(NOW + timedelta(minutes=15)):
            cron.method_direct_trigger()
        [row] = self.Scorecard.search([("agency_id", "=", self.agency.id)])
        self.assertEqual(row.placed_count, 4)
        self.assertGreater(row.refreshed_at, first)
        # the Refresh button: managers only, checked in the method
        another = self._make_handoff(partner=self._make_debtor("Ещё должник"))
        another.action_hand_over()
        with self.assertRaises(AccessError):
            self.Scorecard.with_user(self.debt_user).action_cs_refresh()
        self.Scorecard.invalidate_model()
        self.assertEqual(row.placed_count, 4)
        action = self.Scorecard.with_user(self.debt_manager).action_cs_refresh()
        self.assertEqual(action["tag"], "soft_reload")
        [row] = self.Scorecard.with_user(self.debt_user).search(
            [("agency_id", "=", self.agency.id)]
        )
        self.assertEqual(row.placed_count, 5)
