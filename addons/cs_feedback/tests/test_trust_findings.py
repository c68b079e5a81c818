"""Trust: the findings on tickets, praises and canned answers hold whatever ORM
route a caller takes (context keys, create instead of write, the legal gate).
"""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CsFeedbackCommon

NOW = fields.Datetime.now


class TestTrustFindings(CsFeedbackCommon):
    def _commit(self, ticket):
        """The promise is set at creation; pin the responsible and the channel."""
        self.assertTrue(ticket.cs_promised_date)
        ticket.write({"user_id": self.operator.id, "cs_result_channel": "email"})

    def _bare_complaint(self, **vals):
        """A complaint nobody can be made responsible for: created by the system
        (mail gateway, scheduled action) on a team without leader or members."""
        return self._complaint(user=self.env.ref("base.user_root"), **vals)

    # -- 1. cs_system_write and the promise log -----------------------------

    def test_operator_cannot_forge_with_system_write_key(self):
        ticket = self._complaint()
        op = ticket.with_user(self.operator).with_context(cs_system_write=True)
        for vals in (
            {"cs_escalation_level": 3},
            {"cs_legal_signed_by": self.legal.id, "cs_legal_signed_at": NOW()},
        ):
            with self.assertRaises(AccessError):
                op.write(vals)
        thanks = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="T"
        )
        with self.assertRaises(AccessError):
            thanks.with_user(self.operator).with_context(cs_system_write=True).write(
                {"cs_is_published": True}
            )
        self.assertFalse(thanks.cs_is_published)
        self.assertEqual(ticket.cs_escalation_level, 0)

    def test_promise_log_cannot_be_forged_by_context(self):
        ticket = self._complaint()
        self._commit(ticket)
        ticket.stage_id = self.stage_progress
        new = ticket.cs_promised_date + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "Change Promise"):
            ticket.with_user(self.operator).with_context(
                cs_promise_change_reason="forged",
                cs_promise_change_notify=True,
            ).write({"cs_promised_date": new})
        self.assertFalse(ticket.cs_promise_log_ids)
        with self.assertRaises(AccessError):
            self.env["cs.feedback.promise.log"].with_user(self.operator).create(
                {
                    "ticket_id": ticket.id,
                    "old_date": NOW(),
                    "reason": "forged",
                    "customer_notified": True,
                }
            )

    def test_promise_change_logs_the_truth(self):
        # no customer: nothing can be sent, the log must say so
        ticket = self._complaint(partner_id=False)
        self._commit(ticket)
        old = ticket.cs_promised_date
        ticket.with_user(self.operator)._cs_change_promise(
            old + timedelta(days=2), "Replacement part", notify=True
        )
        self.assertEqual(ticket.cs_promised_date, old + timedelta(days=2))
        self.assertEqual(ticket.cs_promise_log_ids.customer_notified, False)
        self.assertEqual(ticket.cs_promise_log_ids.user_id, self.operator)
        with self.assertRaises(ValidationError):
            ticket.with_user(self.operator)._cs_change_promise(
                NOW() - timedelta(days=1), "past", notify=False
            )
        with self.assertRaises(ValidationError):
            ticket.with_user(self.operator)._cs_change_promise(
                old + timedelta(days=5), " ", notify=False
            )

    def test_default_promise_on_promised_complaint_is_logged(self):
        ticket = self._complaint()
        ticket.action_cs_default_promise()
        self.assertTrue(ticket.cs_promised_date)
        self.assertFalse(ticket.cs_promise_log_ids)

    # -- 2. consented text ---------------------------------------------------

    def test_consented_text_cannot_change_with_consent_in_same_write(self):
        ticket = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="Спасибо Анне!"
        )
        with self.assertRaisesRegex(UserError, "exact text"):
            ticket.with_user(self.operator).write(
                {"cs_publish_text": "Forged text", "cs_publish_consent": True}
            )
        self.assertEqual(ticket.cs_publish_text, "Спасибо Анне!")
        # withdraw, then a new consent with a new text is stamped anew
        ticket.with_user(self.operator).action_cs_withdraw_consent()
        ticket.with_user(self.operator).write(
            {"cs_publish_text": "New text", "cs_publish_consent": True}
        )
        self.assertEqual(ticket.cs_publish_text, "New text")
        self.assertEqual(ticket.cs_publish_consent_partner_id, self.customer)
        self.assertTrue(ticket.cs_publish_consent_date)
        # a copy carries no consent the customer never gave for it
        copy = ticket.with_user(self.operator).copy()
        self.assertFalse(copy.cs_publish_consent)
        self.assertFalse(copy.cs_publish_consent_date)

    # -- 3. legal review -----------------------------------------------------

    def test_operator_cannot_clear_legal_review(self):
        ticket = self._complaint(description="<p>Требую по ЗоЗПП</p>")
        self.assertTrue(ticket.cs_legal_review)
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).write({"cs_legal_review": False})
        self.assertTrue(ticket.cs_legal_review)
        created = self._complaint(
            description="<p>По закону о защите прав потребителей</p>",
            cs_legal_review=False,
        )
        self.assertTrue(created.cs_legal_review)
        created = (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .with_context(default_cs_legal_review=False)
            .create(
                {
                    "name": "Претензия",
                    "description": "<p>x</p>",
                    "partner_id": self.customer.id,
                    "cs_kind": "complaint",
                }
            )
        )
        self.assertTrue(created.cs_legal_review)
        # nor by editing the text or the kind away from the law
        ticket.with_user(self.operator).write({"description": "<p>Нет связи</p>"})
        self.assertTrue(ticket.cs_legal_review)
        ticket.with_user(self.operator).write({"cs_kind": "question"})
        self.assertTrue(ticket.cs_legal_review)
        with self.assertRaisesRegex(UserError, "legal reviewer"):
            ticket.with_user(self.operator).message_post(
                body="Ответ", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        ticket.with_user(self.legal).action_cs_legal_not_needed()
        self.assertFalse(ticket.cs_legal_review)

    def test_legal_gate_whatever_the_subtype_route(self):
        ticket = self._complaint(description="<p>Требую возврат по ЗоЗПП</p>")
        comment = self.env.ref("mail.mt_comment")
        op = ticket.with_user(self.operator)
        routes = [
            {"message_type": "comment", "subtype_id": comment.id},
            {"message_type": "notification", "subtype_id": comment.id},
            {"message_type": "comment", "partner_ids": self.customer.ids},
            {"message_type": "comment", "subtype_xmlid": "mt_comment"},
            {"message_type": "comment"},
        ]
        for kwargs in routes:
            for context in ({}, {"cs_system_notice": True}):
                with (
                    self.subTest(kwargs=kwargs, context=context),
                    self.assertRaisesRegex(UserError, "legal reviewer"),
                ):
                    op.with_context(**context).message_post(body="Вернём", **kwargs)
        with self.assertRaisesRegex(UserError, "legal reviewer"):
            op.message_notify(body="Вернём", partner_ids=self.customer.ids)
        # only the commitment letter (not an answer on the merits) went out
        self.assertEqual(len(self._customer_messages(ticket)), 1)
        self.assertEqual(
            self._customer_messages(ticket).subject,
            f"Your complaint {ticket.number}: what happens next",
        )
        # an internal note stays possible
        op.message_post(
            body="Проверить", message_type="comment", subtype_xmlid="mail.mt_note"
        )

    # -- 4. create runs the checks of write ----------------------------------

    def test_operator_cannot_create_decided_praise(self):
        ticket = self._thanks(self.emp_anna)
        with self.assertRaises(AccessError):
            self.env["cs.feedback.praise"].with_user(self.operator).create(
                {
                    "ticket_id": ticket.id,
                    "employee_id": self.emp_dmitry.id,
                    "state": "rewarded",
                    "reward_points": 5000,
                    "decided_by": self.supervisor.id,
                }
            )
        self.assertEqual(len(ticket.cs_praise_ids), 1)

    def test_operator_cannot_create_approved_canned_answer(self):
        with self.assertRaises(AccessError):
            self.env["cs.feedback.canned.answer"].with_user(self.operator).create(
                {
                    "name": "Q",
                    "body": "<p>A</p>",
                    "state": "approved",
                    "approved_by": self.supervisor.id,
                }
            )

    def test_create_in_later_stage_runs_stage_checks(self):
        with self.assertRaisesRegex(ValidationError, "Assigned user"):
            self._bare_complaint(team_id=False, stage_id=self.stage_progress.id)
        with self.assertRaisesRegex(ValidationError, "Root Cause"):
            self._complaint(
                stage_id=self.stage_done.id,
                cs_promised_date=NOW() + timedelta(days=1),
                user_id=self.operator.id,
                cs_result_channel="email",
            )
        with self.assertRaises(AccessError):
            self._thanks(self.emp_anna, cs_decision_notified_at=NOW())
        ok = self._complaint(
            stage_id=self.stage_progress.id,
            cs_promised_date=NOW() + timedelta(days=1),
            user_id=self.operator.id,
            cs_result_channel="email",
        )
        self.assertTrue(ok.cs_commitment_sent_at)

    def test_partner_buttons_choose_their_list_without_context(self):
        partner = self.customer.with_user(self.operator)
        complaints = partner.action_cs_view_complaints()
        thanks = partner.with_context(cs_kind="thanks").action_cs_view_complaints()
        self.assertEqual(complaints["domain"], thanks["domain"])
        self.assertIn(("cs_kind", "=", "complaint"), complaints["domain"])
        self.assertIn(
            ("cs_kind", "=", "thanks"), partner.action_cs_view_thanks()["domain"]
        )

    def test_complaint_without_team_is_checked_not_crashed(self):
        # _cs_first_stages tested all(recordset of teams), always true: a complaint
        # without a team raised KeyError instead of the commitment check
        with self.assertRaisesRegex(ValidationError, "Assigned user"):
            self._bare_complaint(team_id=False, stage_id=self.stage_progress.id)
        ticket = self._bare_complaint(team_id=False)
        self.assertFalse(ticket.user_id)
        with self.assertRaisesRegex(ValidationError, "Assigned user"):
            ticket.stage_id = self.stage_progress
