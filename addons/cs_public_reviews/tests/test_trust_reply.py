"""Trust rules of review replies and sensitivity through the ORM routes: the
guarded reply fields, a posted reply's immutability, PR approval and who may clear a
sensitive review. Each test acts as the lowest user that must be refused; the XML-RPC
routes are in tests/test_trust_reviews.py."""

import contextlib

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CsReviewsCommon

SORRY = "Извините, мы разбираемся."


class TestReplyGuard(CsReviewsCommon):
    def setUp(self):
        super().setUp()
        with freeze_time("2026-03-02 10:00:00"):
            self.review = self._review(
                external_id=f"tr-{self._testMethodName}",
                url="https://maps.example/r/1",
            )
        self.Reply = self.env["cs.review.reply"].with_user(self.responder)
        self.reply = self.Reply.create({"review_id": self.review.id, "body": SORRY})

    # finding 1: the context key and the guarded fields
    def test_context_key_no_longer_opens_the_state(self):
        reply = self.reply.with_context(cs_review_reply_transition=True)
        for vals in (
            {"state": "posted"},
            {"state": "approved"},
            {"approved_by_id": self.pr.id},
            {"approved_at": "2026-03-02 11:00:00"},
            {"posted_at": "2026-03-02 11:00:00"},
            {"posted_url": "https://maps.example/r/1#x"},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                reply.write(vals)
        self.assertEqual(self.reply.state, "draft")
        with self.assertRaises(AccessError):
            self.Reply.with_context(cs_review_reply_transition=True).create(
                {"review_id": self.review.id, "body": SORRY, "state": "posted"}
            )

    def test_default_state_context_is_dropped(self):
        reply = self.Reply.with_context(
            default_state="posted", default_posted_at="2026-03-02 11:00:00"
        ).create({"review_id": self.review.id, "body": SORRY})
        self.assertEqual(reply.state, "draft")
        self.assertFalse(reply.posted_at)

    def test_only_pr_approves(self):
        self.review.sudo().action_mark_sensitive()
        with self.assertRaises(AccessError):
            self.reply.action_approve()
        with self.assertRaises(AccessError):
            self.reply.with_user(self.manager).action_approve()
        self.reply.with_user(self.pr).action_approve()
        self.assertEqual(self.reply.state, "approved")
        self.assertEqual(self.reply.approved_by_id, self.pr)
        self.assertTrue(self.reply.approved_at)

    def test_importer_cannot_call_reply_actions(self):
        for action in ("action_submit", "action_post", "action_approve"):
            with self.assertRaises(AccessError, msg=action):
                getattr(self.reply.with_user(self.importer), action)()
        self.assertEqual(self.reply.state, "draft")

    # finding 2: a posted reply is immutable; posted_url is http(s)
    def test_posted_reply_is_immutable(self):
        self.reply.action_post()
        other = self._review(external_id="tr-other")
        for user in (self.responder, self.manager):
            reply = self.reply.with_user(user)
            for vals in (
                {"body": "Извините, другой текст"},
                {"kind": "follow_up"},
                {"review_id": other.id},
            ):
                with self.assertRaises(UserError, msg=f"{user.login} {vals}"):
                    reply.write(vals)
            for vals in (
                {"posted_at": "2020-01-01 00:00:00"},
                {"posted_url": "https://evil.example"},
                {"state": "draft"},
            ):
                # refused as a posted reply (UserError) before the guard (AccessError)
                with self.assertRaises(UserError, msg=f"{user.login} {vals}"):
                    reply.write(vals)
        # not even a sudo() caller rewrites what the company said
        with self.assertRaises(UserError):
            self.reply.sudo().write({"posted_url": "https://evil.example"})
        self.assertEqual(self.reply.posted_url, "https://maps.example/r/1")

    def test_posted_url_must_be_http(self):
        for bad in ("javascript:alert(1)", ["https://a.example"], "ftp://x.example", 7):
            with self.assertRaisesRegex(ValidationError, "posted_url", msg=repr(bad)):
                self.reply.action_post(posted_url=bad)
        self.assertEqual(self.reply.state, "draft")
        with self.assertRaisesRegex(ValidationError, "posted_url"):
            self.reply.sudo().write({"posted_url": "javascript:alert(1)"})
        self.reply.action_post(posted_url="https://maps.example/r/1#reply")
        self.assertEqual(self.reply.posted_url, "https://maps.example/r/1#reply")

    def test_review_url_must_be_http(self):
        with self.assertRaisesRegex(ValidationError, "url"):
            self.review.with_user(self.responder).write({"url": "javascript:alert(1)"})

    def test_editing_approved_reply_needs_new_approval(self):
        self.reply.with_user(self.pr).action_approve()
        other = self._review(external_id="tr-move")
        self.reply.write({"review_id": other.id})
        self.assertEqual(self.reply.state, "to_approve")
        self.assertFalse(self.reply.approved_by_id)


class TestSensitive(CsReviewsCommon):
    # finding 3: a responder cannot make a sensitive review ordinary
    def test_responder_cannot_clear_sensitive(self):
        review = self._review(external_id="s1", body="Подам в суд!").with_user(
            self.responder
        )
        self.assertTrue(review.is_sensitive)
        with self.assertRaises(AccessError):
            review.write({"is_sensitive": False})
        with self.assertRaises(AccessError):
            review.write({"sensitive_manual": "cleared"})
        with self.assertRaises(AccessError):
            review.action_clear_sensitive()
        # nor through the reply's related flag
        draft = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": SORRY})
        )
        # readonly related: ignored or refused, never written through
        with contextlib.suppress(AccessError):
            draft.write({"needs_approval": False})
        self.assertTrue(review.is_sensitive)
        # editing the text away does not clear it either
        review.write({"body": "Всё хорошо", "author_reach": 0})
        self.assertTrue(review.is_sensitive)
        reply = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": SORRY})
        )
        with self.assertRaisesRegex(UserError, "PR approval"):
            reply.action_post()
        self.assertEqual(reply.state, "draft")
        # PR decides it is not sensitive: the responder may post
        review.with_user(self.pr).action_clear_sensitive()
        self.assertFalse(review.is_sensitive)
        reply.action_post()
        self.assertEqual(reply.state, "posted")

    def test_responder_marks_sensitive(self):
        review = self._review(external_id="s2").with_user(self.responder)
        self.assertFalse(review.is_sensitive)
        with self.assertRaises(AccessError):
            review.write({"is_sensitive": True})
        review.action_mark_sensitive()
        self.assertTrue(review.is_sensitive)
        review.with_user(self.manager).action_clear_sensitive()
        self.assertFalse(review.is_sensitive)
