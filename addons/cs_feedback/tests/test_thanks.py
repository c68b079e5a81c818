from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, RecordCapturer

from .common import CsFeedbackCommon


class TestThanks(CsFeedbackCommon):
    def test_praise_keeps_manager_at_praise_time(self):
        ticket = self._thanks(self.emp_anna + self.emp_igor)
        by_emp = {p.employee_id: p for p in ticket.cs_praise_ids}
        self.assertEqual(by_emp[self.emp_anna].manager_id, self.manager_emp)
        self.assertEqual(by_emp[self.emp_igor].manager_id, self.other_manager)
        # a later reorganisation does not rewrite history
        self.emp_anna.parent_id = self.other_manager
        self.assertEqual(by_emp[self.emp_anna].manager_id, self.manager_emp)
        self.assertTrue(ticket.cs_awaiting_reward)

    def test_operator_cannot_decide_rewards(self):
        praise = self._thanks(self.emp_anna).cs_praise_ids
        with self.assertRaises(AccessError):
            praise.with_user(self.operator).action_reward(points=10)
        with self.assertRaises(AccessError):
            praise.with_user(self.operator).action_decline(note="no")
        with self.assertRaises(AccessError):
            praise.with_user(self.operator).write(
                {"state": "rewarded", "reward_points": 99}
            )
        self.assertEqual(praise.state, "to_review")

    def test_reward_points_badge_and_manager_credit(self):
        ticket = self._thanks(self.emp_anna)
        praise = ticket.cs_praise_ids
        badge = self.env.ref("cs_feedback.badge_customer_praise")
        with RecordCapturer(self.env["gamification.badge.user"], []) as badges:
            praise.with_user(self.supervisor).action_reward(
                points=15, badge_id=badge.id, credit_manager=True, note="Отлично"
            )
        self.assertEqual(praise.state, "rewarded")
        self.assertEqual(praise.decided_by, self.supervisor)
        self.assertEqual(badges.records.user_id, self.employee_user)
        lines = self.env["cs.feedback.reward"].search([("praise_id", "=", praise.id)])
        self.assertEqual(
            sorted((line.employee_id.name, line.kind, line.points) for line in lines),
            [("Anna", "reward", 15), ("Pavel Orlov (manager)", "manager_credit", 15)],
        )
        self.assertTrue(praise.manager_credited)
        self.assertEqual(self.customer.cs_advocate, "potential")
        with self.assertRaises(UserError):
            praise.with_user(self.supervisor).action_reward(points=1)

    def test_reward_needs_something(self):
        praise = self._thanks(self.emp_anna).cs_praise_ids
        with self.assertRaisesRegex(ValidationError, "points"):
            praise.with_user(self.supervisor).action_reward(points=-3)
        with self.assertRaisesRegex(ValidationError, "badge_id"):
            praise.with_user(self.supervisor).action_reward(badge_id=999999)
        with self.assertRaisesRegex(ValidationError, "No reward") as caught:
            praise.with_user(self.supervisor).action_reward()
        self.assertNotIn("badge_id", str(caught.exception))

    def test_badge_needs_employee_user(self):
        # issue 10: the decision is kept (points, note), the chatter says the
        # badge waits for a user
        praise = self._thanks(self.emp_dmitry).cs_praise_ids
        badge = self.env.ref("cs_feedback.badge_customer_praise")
        praise.with_user(self.supervisor).action_reward(
            points=7, badge_id=badge.id, note="Молодец"
        )
        self.assertEqual(praise.state, "rewarded")
        self.assertEqual(praise.reward_points, 7)
        self.assertEqual(praise.decision_note, "Молодец")
        self.assertIn("no user", praise.message_ids[:1].body)
        self.assertIn("no user", "".join(praise.ticket_id.message_ids.mapped("body")))

    def test_decision_notice_sent_once_when_all_decided(self):
        ticket = self._thanks(self.emp_anna + self.emp_dmitry)
        anna, dmitry = ticket.cs_praise_ids.sorted(lambda p: p.employee_id.name)
        anna.with_user(self.supervisor).action_reward(points=5)
        self.assertFalse(ticket.cs_decision_notified_at)
        self.assertFalse(self._customer_messages(ticket))
        dmitry.with_user(self.supervisor).action_decline(note="обычная работа")
        self.assertTrue(ticket.cs_decision_notified_at)
        notices = self._customer_messages(ticket)
        self.assertEqual(len(notices), 1)
        self.assertIn("Anna", notices.body)
        self.assertEqual(notices.partner_ids, self.customer)
        # a retried or concurrent call does not send it again
        ticket._cs_notify_decision_once()
        ticket.invalidate_recordset()
        self.assertEqual(len(self._customer_messages(ticket)), 1)

    def test_praise_only_on_thanks(self):
        complaint = self._complaint()
        with self.assertRaises(ValidationError):
            self.env["cs.feedback.praise"].create(
                {"ticket_id": complaint.id, "employee_id": self.emp_anna.id}
            )

    def test_make_best_practice_from_thanks(self):
        ticket = self._thanks(self.emp_anna)
        action = ticket.with_user(self.supervisor).action_cs_make_best_practice()
        form = Form(
            self.env["cs.best.practice"]
            .with_user(self.supervisor)
            .with_context(**action["context"])
        )
        practice = form.save()
        self.assertEqual(practice.ticket_ids, ticket)
        self.assertEqual(practice.employee_id, self.emp_anna)
        self.assertEqual(practice.state, "draft")

    def test_best_practice_published_to_all_staff(self):
        ticket = self._thanks(self.emp_anna)
        practice = (
            self.env["cs.best.practice"]
            .with_user(self.supervisor)
            .create(
                {
                    "name": "Перезвонить раньше обещанного",
                    "description": "<p>…</p>",
                    "employee_id": self.emp_anna.id,
                    "ticket_ids": [(6, 0, ticket.ids)],
                }
            )
        )
        Practice = self.env["cs.best.practice"].with_user(self.internal)
        self.assertFalse(Practice.search([("id", "=", practice.id)]))
        with self.assertRaises(AccessError):
            practice.with_user(self.operator).action_publish()
        channel = self.env.ref("mail.channel_all_employees")
        before = len(channel.message_ids)
        practice.with_user(self.supervisor).action_publish()
        self.assertEqual(Practice.search([("id", "=", practice.id)]), practice)
        self.assertEqual(len(channel.message_ids), before + 1)

    def test_partner_counts_and_advocate(self):
        self._thanks(self.emp_anna)
        self._complaint()
        self._complaint()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.cs_thanks_count, 1)
        self.assertEqual(self.customer.cs_complaint_count, 2)
        self.assertTrue(self.customer.cs_last_feedback_date)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.operator).action_cs_confirm_advocate()
        self.customer.with_user(self.supervisor).action_cs_confirm_advocate()
        self.assertEqual(self.customer.cs_advocate, "confirmed")

    def test_ledger_visibility(self):
        ticket = self._thanks(self.emp_anna + self.emp_dmitry)
        ticket.cs_praise_ids.with_user(self.supervisor).action_reward(points=3)
        Ledger = self.env["cs.feedback.reward"]
        own = Ledger.with_user(self.employee_user).search([])
        self.assertEqual(own.employee_id, self.emp_anna)
        self.assertEqual(
            len(
                Ledger.with_user(self.supervisor).search(
                    [("ticket_id", "=", ticket.id)]
                )
            ),
            2,
        )
        with self.assertRaises(AccessError):
            Ledger.with_user(self.supervisor).create(
                {"employee_id": self.emp_anna.id, "points": 100}
            )
