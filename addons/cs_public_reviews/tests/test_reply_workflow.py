from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import CsReviewsCommon


class TestReplyWorkflow(CsReviewsCommon):
    def _negative(self, **vals):
        with freeze_time("2026-03-02 10:00:00"):
            return self._review(**vals).with_user(self.responder)

    def _solve(self, ticket):
        """Close the ticket directly: cs_feedback's own closing rules are not ours."""
        closed_stage = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET stage_id = %s WHERE id = %s",
            (closed_stage.id, ticket.id),
        )
        self.env.invalidate_all()
        ticket.modified(["stage_id"])  # as the ORM tells the reviews (their queue)
        self.assertTrue(ticket.closed)

    def test_objective_branch_end_to_end(self):
        review = self._negative(external_id="w1", url="https://maps.example/r/w1")
        self.assertEqual(review.state, "to_reply")
        self.assertTrue(review.activity_ids)
        review.action_set_branch_objective()
        ticket = review.ticket_id
        self.assertEqual(ticket.cs_kind, "complaint")
        self.assertEqual(ticket.cs_channel, "review")
        reply = review.reply_ids
        self.assertEqual(len(reply), 1)
        self.assertTrue(reply.body.startswith("Sorry"))
        with freeze_time("2026-03-02 15:30:00"):
            self.assertIs(reply.action_post(), True)
        self.assertEqual(reply.state, "posted")
        self.assertEqual(str(reply.posted_at), "2026-03-02 15:30:00")
        self.assertEqual(reply.posted_url, "https://maps.example/r/w1")
        self.assertEqual(review.state, "replied")
        self.assertAlmostEqual(review.reply_hours, 5.5)
        self.assertEqual(review.replied_in_time, 100.0)
        self.assertFalse(review.activity_ids)
        # the ticket is solved: the cron drafts the follow-up
        self._solve(ticket)
        self.env["cs.public.review"]._cron_follow_up()
        follow_up = review.reply_ids.filtered(lambda r: r.kind == "follow_up")
        self.assertEqual(follow_up.state, "draft")
        with freeze_time("2026-03-05 09:00:00"):
            follow_up.action_post(posted_url="https://maps.example/r/w1#2")
        self.assertEqual(review.state, "awaiting_confirmation")
        self.assertEqual(follow_up.posted_url, "https://maps.example/r/w1#2")
        review.action_confirm_resolution()
        self.assertEqual(review.state, "confirmed")

    def test_no_confirmation_after_30_days(self):
        review = self._negative(external_id="w2")
        review.action_set_branch_objective()
        reply = review.reply_ids
        reply.action_post()
        self._solve(review.ticket_id)
        self.env["cs.public.review"]._cron_follow_up()
        with freeze_time("2026-03-05 09:00:00"):
            review.reply_ids.filtered(lambda r: r.kind == "follow_up").action_post()
        with freeze_time("2026-03-30 09:00:00"):
            self.env["cs.public.review"]._cron_follow_up()
            self.assertEqual(review.state, "awaiting_confirmation")
        with freeze_time("2026-04-05 09:00:00"):
            self.env["cs.public.review"]._cron_follow_up()
        self.assertEqual(review.state, "unconfirmed")

    def test_unfounded_branch_closes_after_reply(self):
        review = self._negative(external_id="w3")
        review.action_set_branch_unfounded()
        self.assertFalse(review.ticket_id)
        with freeze_time("2026-03-04 10:00:00"):
            review.reply_ids.action_post()
        self.assertEqual(review.state, "closed")
        self.assertEqual(review.replied_in_time, 0.0)
        self.assertAlmostEqual(review.reply_hours, 48.0)

    def test_checker(self):
        review = self._negative(external_id="w4")
        Reply = self.env["cs.review.reply"].with_user(self.responder)
        cases = {
            "Спасибо за отзыв, мы всё проверили.": "apology",
            "Извините! Позвоните нам: +7 (495) 123-45-67.": "phone",
            "Приносим извинения. Напишите на help@severnet.ru": "e-mail",
            "Просим прощения, по договору № 12345 всё исправлено.": "contract",
        }
        for body, reason in cases.items():
            reply = Reply.create({"review_id": review.id, "body": body})
            with self.assertRaisesRegex(UserError, reason):
                reply.action_post()
            self.assertEqual(reply.state, "draft")
        for body in (
            "Извините за задержку, мастер приедет завтра.",
            "We are sorry for the outage.",
            "We apologise for the inconvenience.",
        ):
            reply = Reply.create({"review_id": review.id, "body": body})
            self.assertFalse(reply.check_result, body)

    def test_sensitive_review_needs_pr(self):
        review = self._negative(
            external_id="w5", body="Подам в суд и напишу журналистам!"
        )
        self.assertTrue(review.is_sensitive)
        self.assertIn("legal threat", review.sensitive_reason)
        reply = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": "Извините, мы разбираемся."})
        )
        with self.assertRaisesRegex(UserError, "PR approval"):
            reply.action_post()
        reply.action_submit()
        self.assertEqual(reply.state, "to_approve")
        with self.assertRaises(AccessError):
            reply.action_approve()
        with self.assertRaises(AccessError):
            reply.write({"state": "approved"})
        reply.with_user(self.pr).action_approve()
        self.assertEqual(reply.state, "approved")
        self.assertEqual(reply.approved_by_id, self.pr)
        # editing an approved text sends it back to PR
        reply.body = "Извините, мы разбираемся. Уточнение."
        self.assertEqual(reply.state, "to_approve")
        reply.with_user(self.pr).action_approve()
        reply.action_post()
        self.assertEqual(reply.state, "posted")
        with self.assertRaises(UserError):
            reply.body = "Извините, другой текст"

    def test_high_reach_is_sensitive(self):
        review = self._negative(external_id="w6", author_reach=50000)
        self.assertTrue(review.is_sensitive)

    def test_reply_form(self):
        review = self._negative(external_id="w7")
        with Form(self.env["cs.review.reply"].with_user(self.responder)) as form:
            form.review_id = review
            form.body = "Извините, уже исправили."
        reply = form.record
        reply.action_post()
        self.assertEqual(review.state, "closed")

    def test_overdue_filter(self):
        review = self._negative(external_id="w8")
        Review = self.env["cs.public.review"]
        with freeze_time("2026-03-02 12:00:00"):
            self.assertNotIn(review, Review.search([("reply_overdue", "=", True)]))
        with freeze_time("2026-03-03 12:00:00"):
            self.assertIn(review, Review.search([("reply_overdue", "=", True)]))
            self.assertNotIn(review, Review.search([("reply_overdue", "=", False)]))

    def test_report_fake(self):
        review = self._negative(
            external_id="w9", author_city="Москва", author_ip="212.164.0.1"
        )
        review.action_report_fake()
        self.assertEqual(review.state, "reported_fake")
        self.assertIn("Novosibirsk", review.fake_report)
        self.assertIn("Authenticity score 25/100", review.fake_report)
        self.assertIn("Novosibirsk", review.message_ids[:1].body)
        genuine = self._negative(external_id="w10")
        with self.assertRaises(UserError):
            genuine.action_report_fake()
