"""Issue 12: the promise watch and the partner counters cost what they do, not
the history (budgets flat between 100 and 10,000 stored tickets, plans that read
an index instead of the whole table)."""

import json
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.cs_base.tests.scale import CsScaleMixin

from .common import CsFeedbackCommon

NOW = datetime(2026, 3, 2, 9, 0)
# query counts measured at 100 stored tickets; the tests check they stay the same
# at 10,000
CRON_IDLE_BUDGET = 3
CRON_BUSY_BUDGET = 182  # 5 reminders + 5 delay explanations (a notice each)
PARTNER_COUNTERS_BUDGET = 1


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestPromiseWatchScale(CsScaleMixin, CsFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ticket = cls.env["helpdesk.ticket"]
        # the model every clone is made from: an open complaint due in 3 days
        cls.model = cls._complaint(
            cs_promised_date=NOW + timedelta(days=3),
            user_id=cls.operator.id,
            cs_result_channel="phone",
        )
        cls.model.stage_id = cls.stage_progress
        cls.other_customer = cls.env["res.partner"].create({"name": "Bulk Customer"})

    def _history(self, count):
        """``count`` tickets of history, in the states a long-lived database has:
        closed promises kept or missed (flagged or not), open ones reminded or
        flagged long ago, open ones due later than the reminder window."""
        share = count // 5
        seq = self.seq = getattr(self, "seq", 0) + 1
        common = {
            "number": f"'CL-{seq}-' || g",
            "partner_id": str(self.other_customer.id),
            "create_date": "r.create_date - g * interval '1 hour'",
        }
        done, progress = self.stage_done.id, self.stage_progress.id
        past = "TIMESTAMP '2026-03-01 09:00' - g * interval '1 hour'"
        variants = [
            # closed in time
            {"stage_id": str(done), "cs_promise_state": "'kept'"},
            # closed late (flagged by the run that saw it)
            {
                "stage_id": str(done),
                "cs_promise_state": "'missed'",
                "cs_promise_missed_at": "r.create_date",
            },
            # open, reminded and flagged long ago
            {
                "stage_id": str(progress),
                "cs_promise_state": "'missed'",
                "cs_promise_reminded_at": "r.create_date",
                "cs_promise_missed_at": "r.create_date",
            },
            # open, due after the reminder window
            {
                "cs_promise_state": "'pending'",
                "cs_promised_date": "r.cs_promised_date + g * interval '1 minute'",
            },
            # open, due within the window and already reminded
            {
                "cs_promise_state": "'pending'",
                "cs_promised_date": "TIMESTAMP '2026-03-02 12:00'",
                "cs_promise_reminded_at": "TIMESTAMP '2026-03-02 08:00'",
            },
        ]
        for index, variant in enumerate(variants):
            overrides = dict(common, number=f"'CL-{seq}-{index}-' || g", **variant)
            overrides.setdefault("cs_promised_date", past)
            self._clone("helpdesk_ticket", self.model, share, **overrides)

    def _due(self, count, label):
        """``count`` complaints due within the reminder window and ``count`` whose
        promise passed since the last run."""
        soon = self.Ticket.browse()
        expired = self.Ticket.browse()
        for index in range(count):
            soon |= self._complaint(
                name=f"{label} soon {index}",
                cs_promised_date=NOW + timedelta(hours=2),
                user_id=self.operator.id,
                cs_result_channel="phone",
            )
            expired |= self._complaint(
                name=f"{label} expired {index}",
                cs_promised_date=NOW + timedelta(days=2),
                user_id=self.operator.id,
                cs_result_channel="phone",
            )
        self.env.flush_all()
        # time passed: the promise is over, the stored state still says pending
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET cs_promised_date = %s WHERE id IN %s",
            [NOW - timedelta(hours=1), tuple(expired.ids)],
        )
        self.env.invalidate_all()
        return soon, expired

    def _measure(self, label, count=5):
        watch = self.Ticket._cron_cs_promise_watch
        idle, _res = self._count(watch)
        soon, expired = self._due(count, label)
        busy, _res = self._count(watch)
        todo = self.env.ref("mail.mail_activity_data_todo")
        delay = self.env.ref("cs_feedback.mail_activity_type_delay_explanation")
        self.assertEqual(soon.activity_ids.activity_type_id, todo, "one reminder each")
        self.assertEqual(len(soon.activity_ids), count)
        self.assertEqual(expired.activity_ids.activity_type_id, delay)
        self.assertEqual(len(expired.activity_ids), count)
        self.assertEqual(set(expired.mapped("cs_promise_state")), {"missed"})
        self.assertTrue(all(soon.mapped("cs_promise_reminded_at")))
        self.assertTrue(all(expired.mapped("cs_promise_missed_at")))
        again, _res = self._count(watch)
        self.assertEqual(again, idle, "a second run has nothing to do")
        return idle, busy

    def test_promise_watch_budget_is_flat(self):
        """Nothing to do, and 5 + 5 to do, cost the same with 100 or 10,000
        tickets stored (most of them closed or already handled)."""
        self._history(100)
        self.Ticket._cron_cs_promise_watch()  # what the demo data left to do
        self._measure("warm")  # warm the caches
        small = self._measure("small")
        self._history(9900)
        self.assertGreaterEqual(self.Ticket.search_count([]), 10000)
        big = self._measure("big")
        self.assertEqual(big, small, f"(idle, busy): {small} at 100, {big} at 10,000")
        self.assertLessEqual(big[0], CRON_IDLE_BUDGET)
        self.assertLessEqual(big[1], CRON_BUSY_BUDGET)
        self.env.invalidate_all()
        with self.assertQueryCount(CRON_IDLE_BUDGET):
            self.Ticket._cron_cs_promise_watch()

    def test_promise_watch_cost_follows_the_work(self):
        """N new items cost O(N): the activities are created in one batch, the
        per-item part is the assignment notice only."""
        self._history(100)
        self.Ticket._cron_cs_promise_watch()
        self._measure("warm", 5)
        idle, five = self._measure("five", 5)
        idle, ten = self._measure("ten", 10)
        self.assertLessEqual(ten - idle, 2 * (five - idle), (idle, five, ten))

    def test_promise_watch_reads_indexes_only(self):
        """At 10,000 tickets the watch's queries read its partial indexes, never
        the whole ticket table (it walked every complaint and joined the stages)."""
        self._history(10000)
        self.Ticket._cron_cs_promise_watch()
        self._due(3, "plan")
        self.env.cr.execute("ANALYZE helpdesk_ticket")
        for _run in range(2):  # a busy run, then an idle one
            with self._capture_selects("helpdesk_ticket") as statements:
                self.Ticket._cron_cs_promise_watch()
                self.env.flush_all()
            self.assertTrue(statements)
            self.assertEqual(self._seq_scans(statements, "helpdesk_ticket"), [])

    def test_reminder_queue_reads_only_the_window(self):
        """The reminder queue reads its index up to the longest lead time only:
        the promises due later (most open complaints of a large centre) are not
        walked. Bounded by each company's lead time alone, PostgreSQL read every
        future promise and filtered them (the watch grew 14x at 100x the data)."""
        self.Ticket._cron_cs_promise_watch()
        # 10,000 open promises, not reminded, due in 3 days and later
        self._clone(
            "helpdesk_ticket",
            self.model,
            10000,
            number="'FUT-' || g",
            partner_id=str(self.other_customer.id),
            cs_promise_state="'pending'",
            cs_promised_date="r.cs_promised_date + g * interval '1 minute'",
        )
        query = self.Ticket._cs_reminder_queue(
            fields.Datetime.now(), order="cs_promised_date, id", limit=200
        )
        self.env.cr.execute(
            SQL("EXPLAIN (ANALYZE, FORMAT JSON) %s", query.select("id"))
        )
        plan = self.env.cr.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        nodes, read = [plan[0]["Plan"]], 0
        while nodes:
            node = nodes.pop()
            nodes.extend(node.get("Plans", []))
            if node.get("Relation Name") == "helpdesk_ticket":
                read += node.get("Actual Rows", 0) + node.get(
                    "Rows Removed by Filter", 0
                )
        self.assertLess(read, 100, json.dumps(plan, indent=1)[:3000])

    def test_promise_watch_batches_and_reports_progress(self):
        """At most ``limit`` tickets per call; the scheduler is told how many
        remain, and calls again (it commits between calls)."""
        self.Ticket._cron_cs_promise_watch()  # what the demo data left to do
        soon, expired = self._due(3, "batch")
        progress = []

        def notify(cron, *, done, remaining, deactivate=False):
            progress.append((done, remaining))

        IrCron = type(self.env["ir.cron"])
        with patch.object(IrCron, "_notify_progress", notify):
            self.Ticket._cron_cs_promise_watch(limit=4)
            self.Ticket._cron_cs_promise_watch(limit=4)
        self.assertEqual(progress, [(4, 2), (2, 0)])
        self.assertEqual(len((soon | expired).activity_ids), 6)

    def test_closed_late_promise_leaves_the_queue(self):
        """A complaint closed after its promise passed, before the watch ran,
        asks nobody to explain anything and leaves the queue."""
        ticket = self._complaint(
            cs_promised_date=NOW + timedelta(hours=1),
            user_id=self.operator.id,
            cs_result_channel="phone",
        )
        with freeze_time(NOW + timedelta(hours=3)):
            # closed (past the closing checks, which are not the point here)
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET stage_id = %s, closed_date = %s "
                "WHERE id = %s",
                [self.stage_done.id, NOW + timedelta(hours=3), ticket.id],
            )
            ticket.invalidate_recordset()
            ticket.modified(["stage_id", "closed_date"])
            self.env.flush_all()
            self.assertEqual(ticket.cs_promise_state, "missed")
            self.Ticket._cron_cs_promise_watch()
            self.assertFalse(ticket.activity_ids)
            self.assertTrue(ticket.cs_promise_missed_at)


@tagged("post_install", "-at_install")
class TestPartnerCountersScale(CsScaleMixin, CsFeedbackCommon):
    def test_partner_counters_read_an_index(self):
        """The partner form's counters: one grouped query, flat in count, that
        reads the tickets of that partner through an index (helpdesk_mgmt does
        not index helpdesk_ticket.partner_id)."""
        ticket = self._complaint()
        self._thanks(self.emp_anna)
        other = self.env["res.partner"].create({"name": "Bulk Customer"})

        def counters():
            self.customer.invalidate_recordset()
            return (
                self.customer.cs_thanks_count,
                self.customer.cs_complaint_count,
            )

        self._clone(
            "helpdesk_ticket",
            ticket,
            100,
            number="'PC-A-' || g",
            partner_id=str(other.id),
        )
        small, result = self._count(counters)
        self.assertEqual(result, (1, 1))
        self._clone(
            "helpdesk_ticket",
            ticket,
            9900,
            number="'PC-B-' || g",
            partner_id=str(other.id),
        )
        big, result = self._count(counters)
        self.assertEqual(result, (1, 1))
        self.assertEqual(big, small)
        self.assertLessEqual(big, PARTNER_COUNTERS_BUDGET)
        self.customer.invalidate_recordset()
        with self._capture_selects("helpdesk_ticket") as statements:
            self.assertGreaterEqual(self.customer.cs_complaint_count, 1)
        self.assertEqual(len(statements), 1)
        self.assertEqual(self._seq_scans(statements, "helpdesk_ticket"), [])
