from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import CsFeedbackCommon


class TestComplaints(CsFeedbackCommon):
    def _commit(self, ticket):
        """The promise is set at creation; pin the responsible and the channel."""
        self.assertTrue(ticket.cs_promised_date)
        ticket.write({"user_id": self.operator.id, "cs_result_channel": "email"})

    def test_cannot_leave_first_stage_without_the_three_facts(self):
        # the guard stays: a complaint whose facts were taken away stays put
        ticket = self._complaint()
        ticket.write({"user_id": False, "cs_result_channel": False})
        self.assertEqual(ticket.stage_id, self.stage_new)
        with self.assertRaises(ValidationError) as caught:
            ticket.stage_id = self.stage_progress
        message = str(caught.exception)
        for label in ("Assigned user", "Result Channel"):
            self.assertIn(label, message)
        for field in ("cs_promised_date", "user_id", "cs_result_channel"):
            self.assertNotIn(field, message)
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_commitment_sent_once_with_the_three_facts(self):
        # at creation, in the first stage (it used to wait for a stage move)
        ticket = self._complaint()
        self.assertEqual(ticket.stage_id, self.stage_new)
        notices = self._customer_messages(ticket)
        self.assertEqual(len(notices), 1)
        self.assertIn(self.operator.name, notices.body)
        self.assertIn("Phone call", notices.body)
        self.assertIn("escalate", notices.body.lower())
        self.assertTrue(ticket.cs_commitment_sent_at)
        self._commit(ticket)
        ticket.stage_id = self.stage_progress
        self.assertEqual(len(self._customer_messages(ticket)), 1)
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        self.assertEqual(len(self._customer_messages(ticket)), 1)

    def test_legal_deadline_for_refund_claims(self):
        ticket = self._complaint(cs_claim_type="refund")
        self.assertEqual(
            ticket.cs_legal_deadline, ticket.create_date + timedelta(days=10)
        )
        self.assertTrue(ticket.cs_legal_review)
        ticket.action_cs_default_promise()
        self.assertLessEqual(ticket.cs_promised_date, ticket.cs_legal_deadline)
        replacement = self._complaint(cs_claim_type="replacement")
        self.assertEqual(
            replacement.cs_legal_deadline, replacement.create_date + timedelta(days=10)
        )
        repair = self._complaint(cs_claim_type="repair")
        self.assertFalse(repair.cs_legal_deadline)

    def test_policy_deadline_without_sla_uses_working_calendar(self):
        ticket = self._complaint()
        ticket.action_cs_default_promise()
        self.assertGreater(ticket.cs_promised_date, fields.Datetime.now())

    def test_promise_change_needs_reason_and_is_logged(self):
        ticket = self._complaint()
        self._commit(ticket)
        ticket.stage_id = self.stage_progress
        old = ticket.cs_promised_date
        with self.assertRaisesRegex(UserError, "Change Promise"):
            ticket.cs_promised_date = old + timedelta(days=1)
        wizard = Form(
            self.env["cs.promise.change.wizard"]
            .with_user(self.operator)
            .with_context(default_ticket_id=ticket.id)
        )
        wizard.new_date = old + timedelta(days=2)
        wizard.reason = "Нужна замена оборудования на узле"
        wizard.save().action_apply()
        log = ticket.cs_promise_log_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(log.old_date, old)
        self.assertEqual(log.new_date, old + timedelta(days=2))
        self.assertTrue(log.customer_notified)
        self.assertEqual(log.user_id, self.operator)
        notices = self._customer_messages(ticket)
        self.assertEqual(len(notices), 2)  # commitment + delay explanation
        self.assertIn("Нужна замена оборудования", notices[0].body)

    def test_cron_reminds_then_flags_missed_once(self):
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._complaint(
                cs_promised_date=datetime(2026, 3, 2, 18, 0),
                user_id=self.operator.id,
                cs_result_channel="phone",
            )
            ticket.stage_id = self.stage_progress
            Ticket = self.env["helpdesk.ticket"]
            Ticket._cron_cs_promise_watch()
            Ticket._cron_cs_promise_watch()
            todo = ticket.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref("mail.mail_activity_data_todo")
            )
            self.assertEqual(len(todo), 1)
            self.assertEqual(todo.user_id, self.operator)
            self.assertEqual(ticket.cs_promise_state, "pending")
        with freeze_time("2026-03-03 09:00:00"):
            Ticket._cron_cs_promise_watch()
            Ticket._cron_cs_promise_watch()
            delay = ticket.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref("cs_feedback.mail_activity_type_delay_explanation")
            )
            self.assertEqual(len(delay), 1)
            ticket.invalidate_recordset(["cs_promise_state"])
            self.assertEqual(ticket.cs_promise_state, "missed")
            self.assertEqual(
                Ticket.search(
                    [("id", "=", ticket.id), ("cs_promise_state", "=", "missed")]
                ),
                ticket,
            )

    def test_escalation_levels(self):
        ticket = self._complaint(priority="1")
        ticket.with_user(self.operator).action_cs_escalate()
        self.assertEqual(ticket.cs_escalation_level, 1)
        self.assertEqual(ticket.user_id, self.supervisor)
        # one step up per escalation, from where it stands (was max(1, level))
        self.assertEqual(ticket.priority, "2")
        ticket.with_user(self.operator).action_cs_escalate()
        self.assertEqual((ticket.cs_escalation_level, ticket.user_id), (2, self.head))
        self.assertEqual(ticket.priority, "3")
        ticket.with_user(self.operator).action_cs_escalate()
        self.assertEqual(
            (ticket.cs_escalation_level, ticket.user_id), (3, self.executive)
        )
        self.assertEqual(ticket.priority, "3")
        with self.assertRaisesRegex(UserError, "executive"):
            ticket.with_user(self.operator).action_cs_escalate()
        # the commitment at creation, then one letter per escalation
        self.assertEqual(len(self._customer_messages(ticket)), 4)
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).write({"cs_escalation_level": 0})

    def test_escalation_raises_priority_one_step_per_level(self):
        for start, expected in (
            ("0", ["1", "2", "3"]),
            ("1", ["2", "3", "3"]),
            ("2", ["3", "3", "3"]),
        ):
            ticket = self._complaint(priority=start)
            seen = []
            for _level in range(3):
                ticket.with_user(self.operator).action_cs_escalate()
                seen.append(ticket.priority)
            self.assertEqual(seen, expected, f"from priority {start}")

    def test_legal_detection(self):
        texts = {
            "По Закону о защите прав потребителей требую": True,
            "Это претензия": True,
            "Нарушение ЗоЗПП": True,
            "I know my consumer rights": True,
            "Нет интернета третий день": False,
        }
        for text, expected in texts.items():
            ticket = self._complaint(description=f"<p>{text}</p>")
            self.assertEqual(ticket.cs_legal_review, expected, text)
        thanks = self._thanks(self.emp_anna, description="<p>претензий нет</p>")
        self.assertFalse(thanks.cs_legal_review)

    def test_legal_review_blocks_answer_and_close_until_sign_off(self):
        ticket = self._complaint(description="<p>Требую возврат по ЗоЗПП</p>")
        activity = ticket.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("cs_feedback.mail_activity_type_legal_review")
        )
        self.assertEqual(len(activity), 1)
        with self.assertRaisesRegex(UserError, "legal reviewer"):
            ticket.with_user(self.operator).message_post(
                body="Деньги вернём",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        # internal notes stay possible
        ticket.with_user(self.operator).message_post(
            body="Проверить начисления",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self._commit(ticket)
        ticket.cs_root_cause_id = self.root_cause
        with self.assertRaisesRegex(UserError, "legal reviewer"):
            ticket.stage_id = self.stage_done
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).action_cs_legal_sign_off()
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).write(
                {"cs_legal_signed_at": fields.Datetime.now()}
            )
        ticket.with_user(self.legal).action_cs_legal_sign_off()
        self.assertEqual(ticket.cs_legal_signed_by, self.legal)
        ticket.with_user(self.operator).message_post(
            body="Деньги вернём",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        ticket.stage_id = self.stage_done
        self.assertTrue(ticket.closed)

    def test_root_cause_required_to_close(self):
        ticket = self._complaint()
        self._commit(ticket)
        with self.assertRaisesRegex(ValidationError, "Root Cause") as caught:
            ticket.stage_id = self.stage_done
        self.assertNotIn("cs_root_cause_id", str(caught.exception))
        ticket.cs_root_cause_id = self.root_cause
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.cs_promise_state, "kept")

    def test_canned_answers_approved_by_supervisor_once_per_question(self):
        Answer = self.env["cs.feedback.canned.answer"]
        draft = Answer.with_user(self.operator).create(
            {
                "name": "Почему падает скорость?",
                "body": "<p>Вечером нагрузка.</p>",
                "team_id": self.team.id,
            }
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.operator).action_approve()
        with self.assertRaises(AccessError):
            draft.with_user(self.operator).write({"state": "approved"})
        draft.with_user(self.supervisor).action_approve()
        twin = Answer.with_user(self.operator).create(
            {
                "name": "почему падает скорость?",
                "body": "<p>Другое</p>",
                "team_id": self.team.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "already exists"):
            twin.with_user(self.supervisor).action_approve()
        ticket = self._complaint()
        with self.assertRaisesRegex(UserError, "Canned Answer") as caught:
            ticket.with_user(self.operator).action_cs_use_canned_answer()
        self.assertNotIn("cs_canned_answer_id", str(caught.exception))
        ticket.cs_canned_answer_id = draft
        ticket.with_user(self.operator).action_cs_use_canned_answer()
        self.assertIn("Вечером нагрузка", self._customer_messages(ticket)[0].body)
        self.assertEqual(len(self._customer_messages(ticket)), 2)  # + commitment
        self.assertEqual(draft.use_count, 1)

    def test_operator_form_flow(self):
        with Form(self.env["helpdesk.ticket"].with_user(self.operator)) as form:
            form.name = "Списали деньги дважды"
            form.description = "<p>…</p>"
            form.partner_id = self.customer
            form.team_id = self.team
            form.cs_kind = "complaint"
            # the one channel field of the form (cs_channel follows it)
            form.channel_id = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_phone"
            )
        ticket = form.record
        # promised at creation: date, responsible (the operator, a team member),
        # result channel (came by phone: answered by phone), letter sent
        self.assertEqual(ticket.cs_promise_state, "pending")
        self.assertGreater(ticket.cs_promised_date, fields.Datetime.now())
        self.assertEqual(ticket.user_id, self.operator)
        self.assertEqual(ticket.cs_result_channel, "phone")
        self.assertTrue(ticket.cs_commitment_sent_at)
        self.assertEqual(len(self._customer_messages(ticket)), 1)
        self.assertFalse(ticket.cs_legal_review)
