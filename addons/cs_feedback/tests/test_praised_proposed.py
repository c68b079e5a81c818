# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Proposed praise lines: a thanks submitted without ``employee_ids`` gets them
(``suggested_employee_ids``), the operator confirms or drops them, and they are
never decided, rewarded or counted as awaiting a reward."""

from odoo.exceptions import AccessError, UserError

from .test_praised_suggest import PraisedCommon


class TestProposedPraise(PraisedCommon):
    def _payload(self, **kw):
        payload = {
            "kind": "thanks",
            "channel": "web",
            "description": "Спасибо Светлане Кравцовой за помощь с договором!",
            "customer": {"name": "Ольга", "email": "olga.praised@example.com"},
        }
        payload.update(kw)
        return payload

    def _submit(self, payload):
        Ticket = self.env["helpdesk.ticket"].with_user(self.operator)
        return Ticket.cs_submit_feedback(payload)

    def _proposed_thanks(self):
        result = self._submit(self._payload())
        return self.env["helpdesk.ticket"].browse(result["id"])

    # ------------------------------------------------------------ submission

    def test_submit_thanks_without_employees_gets_proposed_lines(self):
        result = self._submit(self._payload(external_ref="praised-1"))
        self.assertEqual(result["suggested_employee_ids"], [self.emp_svetlana.id])
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        self.assertEqual(ticket.cs_praise_ids.employee_id, self.emp_svetlana)
        self.assertEqual(ticket.cs_praise_ids.state, "proposed")
        self.assertFalse(ticket.cs_awaiting_reward)
        self.assertEqual(ticket.cs_praise_pending_count, 0)
        again = self._submit(self._payload(external_ref="praised-1"))
        self.assertIs(again["duplicate"], True)
        self.assertEqual(again["suggested_employee_ids"], [self.emp_svetlana.id])
        self.assertEqual(len(ticket.cs_praise_ids), 1)

    def test_submit_suggested_ids_empty_otherwise(self):
        with_employees = self._submit(self._payload(employee_ids=[self.emp_nikita.id]))
        self.assertEqual(with_employees["suggested_employee_ids"], [])
        ticket = self.env["helpdesk.ticket"].browse(with_employees["id"])
        self.assertEqual(ticket.cs_praise_ids.employee_id, self.emp_nikita)
        self.assertEqual(ticket.cs_praise_ids.state, "to_review")
        complaint = self._submit(
            self._payload(
                kind="complaint", description="Светлана Кравцова не перезвонила"
            )
        )
        self.assertEqual(complaint["suggested_employee_ids"], [])
        self.assertFalse(
            self.env["helpdesk.ticket"].browse(complaint["id"]).cs_praise_ids
        )
        nobody = self._submit(self._payload(description="Спасибо за быстрый ремонт!"))
        self.assertEqual(nobody["suggested_employee_ids"], [])

    def test_submit_thanks_survives_a_library_failure(self):
        from ..lib import praised

        with self.assertLogs("odoo.addons.cs_feedback", level="ERROR"):
            original = praised.suggest
            try:
                praised.suggest = lambda *a, **k: 1 / 0
                result = self._submit(self._payload())
            finally:
                praised.suggest = original
        self.assertEqual(result["suggested_employee_ids"], [])
        self.assertTrue(self.env["helpdesk.ticket"].browse(result["id"]).exists())

    # ----------------------------------------------------------- confirm/drop

    def test_praised_operator_confirms_a_proposed_line(self):
        ticket = self._proposed_thanks()
        line = ticket.cs_praise_ids
        self.assertIs(line.with_user(self.operator).action_confirm_proposed(), True)
        self.assertEqual(line.state, "to_review")
        self.assertTrue(ticket.cs_awaiting_reward)
        self.assertEqual(ticket.cs_praise_pending_count, 1)
        with self.assertRaises(UserError):
            line.with_user(self.operator).action_confirm_proposed()
        with self.assertRaises(UserError):
            line.with_user(self.operator).action_drop_proposed()

    def test_praised_operator_drops_a_proposed_line(self):
        ticket = self._proposed_thanks()
        line = ticket.cs_praise_ids
        self.assertIs(line.with_user(self.operator).action_drop_proposed(), True)
        self.assertFalse(line.exists())
        self.assertIn(
            "Кравцова Светлана Игоревна",
            " ".join(ticket.message_ids.mapped("body")),
        )

    def test_praised_confirm_drop_refused_to_non_operators(self):
        line = self._proposed_thanks().cs_praise_ids
        for method in ("action_confirm_proposed", "action_drop_proposed"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(line.with_user(self.internal), method)()
        self.assertEqual(line.state, "proposed")

    def test_praised_state_only_through_the_actions(self):
        line = self._proposed_thanks().cs_praise_ids
        with self.assertRaises(AccessError):
            line.with_user(self.operator).write({"state": "to_review"})
        ticket = self._thanks([])
        Praise = self.env["cs.feedback.praise"].with_user(self.operator)
        # the state is guarded: a non-sudo create takes only its default
        with self.assertRaises(AccessError):
            Praise.create(
                {
                    "ticket_id": ticket.id,
                    "employee_id": self.emp_nikita.id,
                    "state": "proposed",
                }
            )
        created = Praise.create(
            {"ticket_id": ticket.id, "employee_id": self.emp_nikita.id}
        )
        self.assertEqual(created.state, "to_review")

    # --------------------------------------------------------------- decisions

    def test_praised_proposed_lines_are_never_decided(self):
        ticket = self._proposed_thanks()
        line = ticket.cs_praise_ids
        with self.assertRaises(UserError):
            line.with_user(self.supervisor).action_reward(points=10)
        with self.assertRaises(UserError):
            line.with_user(self.supervisor).action_decline(note="no")
        wizard = (
            self.env["cs.praise.decision.wizard"]
            .with_user(self.supervisor)
            .create({"praise_ids": [(6, 0, line.ids)], "points": 5})
        )
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(line.state, "proposed")
        self.assertFalse(line.reward_ids)
        self.assertFalse(
            self.env["cs.feedback.reward"].search(
                [("employee_id", "=", self.emp_svetlana.id)]
            )
        )

    def test_praised_decision_notice_waits_for_proposed_lines(self):
        ticket = self._thanks([self.emp_nikita])
        ticket.with_user(self.operator).write(
            {"description": "<p>Спасибо Никите и Светлане Кравцовой!</p>"}
        )
        ticket.with_user(self.operator).action_cs_find_praised()
        proposed = ticket.cs_praise_ids.filtered(lambda p: p.state == "proposed")
        self.assertEqual(proposed.employee_id, self.emp_svetlana)
        decided = ticket.cs_praise_ids - proposed
        decided.with_user(self.supervisor).action_decline(note="ok")
        self.assertFalse(ticket.cs_decision_notified_at)
        self.assertFalse(ticket.cs_awaiting_reward)
        proposed.with_user(self.operator).action_drop_proposed()
        self.assertTrue(ticket.cs_decision_notified_at)

    def test_praised_best_practice_ignores_proposed_lines(self):
        ticket = self._proposed_thanks()
        action = ticket.with_user(self.supervisor).action_cs_make_best_practice()
        self.assertFalse(action["context"]["default_employee_id"])
