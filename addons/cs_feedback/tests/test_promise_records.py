"""Issue 14 §2: every promise told to a customer is a record, with its outcome
(kept, missed, moved before or after it fell due, open) and its slip; only our
code writes them, supervisors read them, each company its own."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import CsFeedbackCommon

T0 = datetime(2026, 3, 2, 9, 0)
HOUR = timedelta(hours=1)


class TestPromiseRecordsCommon(CsFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Promise = cls.env["cs.feedback.promise"]

    def _promised(self, due_in_hours=48, **vals):
        """A complaint created at T0, promised ``due_in_hours`` later."""
        vals = {"user_id": self.operator.id, "cs_result_channel": "phone", **vals}
        with freeze_time(T0):
            return self._complaint(cs_promised_date=T0 + due_in_hours * HOUR, **vals)

    def _close(self, ticket, at):
        with freeze_time(at):
            ticket.with_user(self.operator).write(
                {"cs_root_cause_id": self.root_cause.id}
            )
            ticket.with_user(self.operator).write({"stage_id": self.stage_done.id})
            self.env.flush_all()

    def _move(self, ticket, at, new_date):
        with freeze_time(at):
            ticket.with_user(self.operator)._cs_change_promise(
                new_date, "Ждём оборудование", notify=False
            )
            self.env.flush_all()

    def _promises(self, ticket):
        return self.Promise.search([("ticket_id", "=", ticket.id)], order="sequence")


class TestPromiseOutcomes(TestPromiseRecordsCommon):
    def test_first_promise_recorded_at_creation(self):
        ticket = self._promised()
        promise = self._promises(ticket)
        self.assertEqual(len(promise), 1)
        self.assertEqual(promise.kind, "first")
        self.assertEqual(promise.sequence, 1)
        self.assertEqual(promise.promised_date, T0 + 48 * HOUR)
        self.assertEqual(promise.made_at, T0)
        self.assertEqual(promise.partner_id, self.customer)
        self.assertEqual(promise.responsible_id, self.operator)
        self.assertEqual(promise.promised_by_id, self.operator)
        self.assertEqual(promise.team_id, self.team)
        self.assertEqual(promise.company_id, ticket.company_id)
        with freeze_time(T0):
            self.env.invalidate_all()
            self.assertEqual(promise.outcome, "open")

    def test_first_promise_by_policy_and_batch(self):
        """The policy date filled at creation is a promise too; a batch gets
        one record per complaint, none for the other kinds."""
        with freeze_time(T0):
            tickets = (
                self.env["helpdesk.ticket"]
                .with_user(self.operator)
                .create(
                    [
                        {
                            "name": f"Жалоба {index}",
                            "description": "<p>Нет связи</p>",
                            "partner_id": self.customer.id,
                            "team_id": self.team.id,
                            "cs_kind": "complaint",
                            "cs_channel": "phone",
                        }
                        for index in range(3)
                    ]
                    + [
                        {
                            "name": "Вопрос",
                            "description": "<p>Как?</p>",
                            "team_id": self.team.id,
                        }
                    ]
                )
            )
        promises = self.Promise.search([("ticket_id", "in", tickets.ids)])
        self.assertEqual(len(promises), 3)
        for ticket in tickets[:3]:
            self.assertEqual(
                self._promises(ticket).promised_date, ticket.cs_promised_date
            )

    def test_kept(self):
        ticket = self._promised(48)
        self._close(ticket, T0 + 40 * HOUR)
        promise = self._promises(ticket)
        self.assertEqual(promise.outcome, "kept")
        self.assertEqual(promise.closed_at, T0 + 40 * HOUR)
        self.assertAlmostEqual(promise.slip_hours, -8.0)

    def test_kept_on_the_date(self):
        ticket = self._promised(48)
        self._close(ticket, T0 + 48 * HOUR)
        self.assertEqual(self._promises(ticket).outcome, "kept")
        self.assertEqual(self._promises(ticket).slip_hours, 0.0)

    def test_missed_closed_late(self):
        ticket = self._promised(48)
        self._close(ticket, T0 + 60 * HOUR)
        promise = self._promises(ticket)
        self.assertEqual(promise.outcome, "missed")
        self.assertAlmostEqual(promise.slip_hours, 12.0)

    def test_missed_still_open_by_the_watch(self):
        """The promise watch turns an open promise past its date missed."""
        ticket = self._promised(48)
        promise = self._promises(ticket)
        with freeze_time(T0 + 50 * HOUR):
            self.env.invalidate_all()
            self.env["helpdesk.ticket"]._cron_cs_promise_watch()
            self.env.invalidate_all()
            self.assertEqual(promise.outcome, "missed")
            self.assertFalse(promise.closed_at)
        # closed later: still missed, the slip known now
        self._close(ticket, T0 + 70 * HOUR)
        self.assertEqual(promise.outcome, "missed")
        self.assertAlmostEqual(promise.slip_hours, 22.0)

    def test_moved_before_due(self):
        ticket = self._promised(48)
        self._move(ticket, T0 + 30 * HOUR, T0 + 96 * HOUR)
        first, change = self._promises(ticket)
        self.assertEqual(first.outcome, "moved_before_due")
        self.assertEqual(first.replaced_at, T0 + 30 * HOUR)
        self.assertAlmostEqual(first.slip_hours, -18.0)
        self.assertEqual(change.kind, "change")
        self.assertEqual(change.sequence, 2)
        self.assertEqual(change.promised_date, T0 + 96 * HOUR)
        self.assertEqual(change.made_at, T0 + 30 * HOUR)
        self.assertEqual(change.promised_by_id, self.operator)
        self.assertEqual(change.log_id, ticket.cs_promise_log_ids)
        with freeze_time(T0 + 30 * HOUR):
            self.env.invalidate_all()
            self.assertEqual(change.outcome, "open")
        self._close(ticket, T0 + 90 * HOUR)
        self.assertEqual(change.outcome, "kept")
        self.assertEqual(first.outcome, "moved_before_due", "a replaced one stays")
        self.assertFalse(first.closed_at)

    def test_moved_after_due(self):
        ticket = self._promised(48)
        self._move(ticket, T0 + 54 * HOUR, T0 + 96 * HOUR)
        self._move(ticket, T0 + 100 * HOUR, T0 + 120 * HOUR)
        first, second, third = self._promises(ticket)
        self.assertEqual(first.outcome, "moved_after_due")
        self.assertAlmostEqual(first.slip_hours, 6.0)
        self.assertEqual(second.outcome, "moved_after_due")
        self.assertAlmostEqual(second.slip_hours, 4.0)
        self.assertEqual(third.sequence, 3)
        self._close(ticket, T0 + 130 * HOUR)
        self.assertEqual(third.outcome, "missed")
        self.assertAlmostEqual(third.slip_hours, 10.0)

    def test_promise_set_later_is_first(self):
        """A ticket that becomes a complaint is promised then: the first
        promise is recorded once."""
        with freeze_time(T0):
            ticket = self._complaint(cs_kind="question")
            self.assertFalse(self._promises(ticket))
            ticket.with_user(self.operator).write({"cs_kind": "complaint"})
            ticket.with_user(self.operator).write({"cs_result_channel": "sms"})
        self.assertEqual(len(self._promises(ticket)), 1)
        self.assertEqual(self._promises(ticket).promised_date, ticket.cs_promised_date)

    def test_rebuild_from_history(self):
        """The migration's builder: first promise from the first log's old
        date, one change per log, the outcomes computed."""
        ticket = self._promised(48)
        self._move(ticket, T0 + 54 * HOUR, T0 + 96 * HOUR)
        self._close(ticket, T0 + 90 * HOUR)
        expected = [
            (p.kind, p.promised_date, p.made_at, p.outcome, p.slip_hours)
            for p in self._promises(ticket)
        ]
        self._promises(ticket).unlink()
        # the history as stored (creation times are the transactions' times)
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            [T0, ticket.id],
        )
        self.env.cr.execute(
            "UPDATE cs_feedback_promise_log SET create_date = %s WHERE ticket_id = %s",
            [T0 + 54 * HOUR, ticket.id],
        )
        self.env.invalidate_all()
        self.Promise._cs_rebuild_from_history(ticket)
        self.env.flush_all()
        rebuilt = [
            (p.kind, p.promised_date, p.made_at, p.outcome, p.slip_hours)
            for p in self._promises(ticket)
        ]
        self.assertEqual(rebuilt, expected)
        self.assertEqual(
            [p[3] for p in rebuilt], ["moved_after_due", "kept"], "kept after move"
        )
        # twice is harmless
        self.assertFalse(self.Promise._cs_rebuild_from_history(ticket))


class TestPromiseAccess(TestPromiseRecordsCommon):
    def test_supervisor_reads_operator_refused(self):
        ticket = self._promised()
        Promise = self.Promise.with_user(self.supervisor)
        rows = Promise.search_read([("ticket_id", "=", ticket.id)], ["outcome"])
        self.assertEqual(len(rows), 1)
        groups = Promise.read_group(
            [("ticket_id", "=", ticket.id)], ["slip_hours:avg"], ["outcome"]
        )
        self.assertEqual(groups[0]["outcome_count"], 1)
        for user in (self.operator, self.internal, self.legal):
            with self.assertRaises(AccessError):
                self.Promise.with_user(user).search_read([], ["outcome"])
            with self.assertRaises(AccessError):
                self.env["cs.feedback.promise.report"].with_user(user).read_group(
                    [], ["kept_pct:avg"], ["responsible_id"]
                )
        portal = new_test_user(
            self.env, login="t_cs_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.Promise.with_user(portal).search_read([], ["outcome"])

    def test_nobody_creates_or_writes_promises(self):
        ticket = self._promised()
        promise = self._promises(ticket)
        before = promise.read(["outcome", "promised_date"])
        admin = self.env.ref("base.user_admin")
        for user in (self.operator, self.supervisor, admin):
            with self.assertRaises(AccessError):
                self.Promise.with_user(user).create(
                    {
                        "ticket_id": ticket.id,
                        "company_id": ticket.company_id.id,
                        "kind": "first",
                        "promised_date": T0,
                        "made_at": T0,
                    }
                )
            with self.assertRaises(AccessError):
                promise.with_user(user).write({"outcome": "kept"})
            with self.assertRaises(AccessError):
                promise.with_user(user).unlink()
        self.assertEqual(promise.read(["outcome", "promised_date"]), before)

    def test_ticket_form_shows_promises_to_supervisors_only(self):
        ticket = self._promised()
        self.assertEqual(ticket.with_user(self.supervisor).cs_promise_count, 1)
        action = ticket.with_user(self.supervisor).action_cs_view_promises()
        self.assertEqual(action["res_model"], "cs.feedback.promise")
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).read(["cs_promise_ids"])


class TestPromiseMultiCompany(TestPromiseRecordsCommon):
    def test_second_company_sees_none(self):
        ticket = self._promised()
        other = self.env["res.company"].create({"name": "Other CS Company"})
        other_supervisor = new_test_user(
            self.env,
            login="t_cs_other_supervisor",
            groups="cs_feedback.group_cs_supervisor",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        Promise = self.Promise.with_user(other_supervisor)
        self.assertFalse(Promise.search([("ticket_id", "=", ticket.id)]))
        self.assertFalse(Promise.search([]))
        Report = self.env["cs.feedback.promise.report"].with_user(other_supervisor)
        self.assertFalse(Report.search([]))
        self.assertTrue(
            self.Promise.with_user(self.supervisor).search(
                [("ticket_id", "=", ticket.id)]
            )
        )
