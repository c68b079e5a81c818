"""Trust rules of the review itself through the ORM routes: verdict, score, manual
verdict and state change through the actions only. Each test acts as the lowest user
that must be refused; the XML-RPC routes are in tests/test_trust_reviews.py."""

from odoo.exceptions import AccessError, ValidationError

from .common import CsReviewsCommon


class TestReviewGuard(CsReviewsCommon):
    # finding 6: verdict, score, manual verdict and state through actions only
    def test_guarded_review_fields(self):
        review = self._review(external_id="g1")
        for user in (self.responder, self.pr, self.manager):
            for vals in (
                {"verdict": "authentic"},
                {"authenticity_score": 100},
                {"authenticity_reasons": "all fine"},
                {"manual_verdict": "authentic"},
                {"state": "closed"},
                {"branch": "unfounded"},
                {"first_reply_at": "2026-03-02 11:00:00"},
                {"fake_report": "x"},
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    review.with_user(user).write(vals)
        for vals in (
            {"state": "closed"},
            {"verdict": "authentic"},
            {"authenticity_score": 100},
            {"manual_verdict": "fake"},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                self.Review.with_user(self.responder).create(
                    {"platform_id": self.platform.id, "rating": 5, **vals}
                )
        created = (
            self.Review.with_user(self.responder)
            .with_context(default_state="closed", default_manual_verdict="fake")
            .create({"platform_id": self.platform.id, "rating": 1})
        )
        self.assertEqual(created.state, "to_reply")
        self.assertFalse(created.manual_verdict)

    def test_manual_verdict_by_manager_action(self):
        review = self._review(external_id="g2")
        with self.assertRaises(AccessError):
            review.with_user(self.responder).action_set_verdict("fake", "ботоферма")
        with self.assertRaises(AccessError):
            review.with_user(self.pr).action_set_verdict("fake")
        with self.assertRaisesRegex(ValidationError, "verdict"):
            review.with_user(self.manager).action_set_verdict("maybe")
        with self.assertRaisesRegex(ValidationError, "note"):
            review.with_user(self.manager).action_set_verdict("fake", ["x"])
        review.with_user(self.manager).action_set_verdict("fake", "ботоферма")
        self.assertEqual(review.verdict, "fake")
        self.assertIn("ботоферма", review.authenticity_reasons)
        review.with_user(self.manager).action_set_verdict(False)
        self.assertFalse(review.manual_verdict)
        self.assertNotEqual(review.verdict, "fake")

    def test_state_actions_check_the_group(self):
        review = self._review(external_id="g3", rating=5)
        with self.assertRaises(AccessError):
            review.with_user(self.responder).action_reset()
        with self.assertRaises(AccessError):
            review.with_user(self.importer).action_close()
        review.with_user(self.responder).action_close()
        self.assertEqual(review.state, "closed")
        review.with_user(self.manager).action_reset()
        self.assertEqual(review.state, "new")
