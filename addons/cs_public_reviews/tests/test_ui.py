from odoo.tests import HttpCase, tagged

from .campaign_cases import FAKE_A, FAKE_B, FAKE_C

SORRY = "Извините, мы разбираемся и скоро ответим."


@tagged("post_install", "-at_install")
class TestViewsInBrowser(HttpCase):
    """Every main view opens in Chromium without a client error (as its user)."""

    def _open(self, path, selector, login):
        self.browser_js(
            path,
            "console.log('test successful')",
            ready=f"!!document.querySelector({selector!r})",
            login=login,
        )

    def test_review_views_open_for_responder(self):
        review = self.env.ref(
            "cs_public_reviews.review_ym_01", raise_if_not_found=False
        )
        review = review or self.env["cs.public.review"].search([], limit=1)
        action = "/odoo/action-cs_public_reviews.cs_public_review_action"
        self._open(action, ".o_kanban_record", "review_responder")
        self._open(f"{action}?view_type=list", ".o_data_row", "review_responder")
        self._open(f"{action}/{review.id}", ".o_form_view", "review_responder")

    def test_campaign_views_open_for_responder(self):
        action = "/odoo/action-cs_public_reviews.cs_review_campaign_action"
        campaign = self.env["cs.review.campaign"].search([], limit=1)
        self.assertTrue(campaign, "the demo has a campaign")
        self._open(action, ".o_data_row", "review_responder")
        self._open(f"{action}/{campaign.id}", ".o_form_view", "review_responder")
        self._open(f"{action}?view_type=pivot", ".o_pivot", "review_manager")

    def test_platform_views_open_for_manager(self):
        action = "/odoo/action-cs_public_reviews.cs_review_platform_action"
        platform = self.env.ref("cs_public_reviews.platform_yandex_maps")
        self._open(action, ".o_data_row", "review_manager")
        self._open(f"{action}/{platform.id}", ".o_form_view", "review_manager")


@tagged("post_install", "-at_install")
class TestReviewJourneysInBrowser(HttpCase):
    """Issue 10: the reviews and PR journeys, clicked through in Chromium by the
    lowest role that does them (tours in static/tests/tours)."""

    REVIEW_ACTION = "/odoo/action-cs_public_reviews.cs_public_review_action"
    REPLY_ACTION = "/odoo/action-cs_public_reviews.cs_review_reply_action"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.platform = cls.env.ref("cs_public_reviews.platform_yandex_maps")
        cls.responder = cls.env.ref("cs_public_reviews.user_review_responder")

    def _review(self, key, **vals):
        values = {
            "platform_id": self.platform.id,
            "external_id": f"tour-{key}",
            "author_name": "Тест Турович",
            "rating": 1,
            "body": "Интернет не работает третий день, поддержка молчит.",
            "published_at": "2026-03-02 10:00:00",
        }
        values.update(vals)
        review = self.env["cs.public.review"].create(values)
        self.assertEqual(review.state, "to_reply")
        return review

    def _sensitive_reply(self, key):
        review = self._review(key, body="Подам в суд, если не вернёте деньги!")
        self.assertTrue(review.is_sensitive)
        reply = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": SORRY})
        )
        return review, reply

    def test_responder_picks_branch_and_cannot_close_unanswered(self):
        review = self._review("responder")
        self.start_tour(
            f"{self.REVIEW_ACTION}/{review.id}",
            "cs_public_reviews_responder_tour",
            login="review_responder",
        )
        self.env.invalidate_all()
        self.assertEqual(review.branch, "unfounded")
        self.assertTrue(review.reply_draft_note)
        self.assertTrue(review.reply_ids.body)
        self.assertEqual(review.state, "to_reply")

    def test_responder_sends_sensitive_reply_for_approval(self):
        review, reply = self._sensitive_reply("submit")
        self.start_tour(
            f"{self.REPLY_ACTION}/{reply.id}",
            "cs_public_reviews_submit_tour",
            login="review_responder",
        )
        self.env.invalidate_all()
        self.assertEqual(reply.state, "to_approve")
        self.assertEqual(reply.submitted_by_id, self.responder)
        approval = self.env.ref("cs_public_reviews.mail_act_reply_approval")
        self.assertIn(approval, review.activity_ids.activity_type_id)

    def test_manager_closes_with_reason_and_reopens(self):
        review = self._review("manager")
        self.start_tour(
            f"{self.REVIEW_ACTION}/{review.id}",
            "cs_public_reviews_manager_tour",
            login="review_manager",
        )
        self.env.invalidate_all()
        self.assertEqual(review.state, "to_reply")
        self.assertFalse(review.close_reason)
        self.assertTrue(
            any("Дубль отзыва" in (m.body or "") for m in review.message_ids)
        )

    def test_pr_approves_then_sends_back_with_comment(self):
        review, reply = self._sensitive_reply("pr")
        reply.action_submit()
        self.start_tour(
            f"{self.REPLY_ACTION}/{reply.id}",
            "cs_public_reviews_pr_tour",
            login="review_pr",
        )
        self.env.invalidate_all()
        self.assertEqual(reply.state, "draft")
        self.assertEqual(reply.send_back_comment, "Уберите обещание компенсации")
        rework = self.env.ref("cs_public_reviews.mail_act_reply_rework")
        self.assertIn(rework, review.activity_ids.activity_type_id)

    def test_manager_judges_a_campaign(self):
        """Three paraphrased one-star reviews on two platforms: the manager finds
        the campaign, reads its evidence, dismisses it, then confirms it."""
        platform_2 = self.env.ref("cs_public_reviews.platform_2gis")
        texts = (FAKE_A, FAKE_B, FAKE_C)
        reviews = self.env["cs.public.review"]
        for i, text in enumerate(texts):
            reviews |= self._review(
                f"campaign-{i}",
                body=text,
                platform_id=(platform_2 if i == 1 else self.platform).id,
                published_at=f"2025-06-0{i + 1} 10:00:00",
            )
        campaign = reviews.campaign_id
        self.assertEqual(len(campaign), 1)
        self.start_tour(
            f"/odoo/action-cs_public_reviews.cs_review_campaign_action/{campaign.id}",
            "cs_public_reviews_campaign_tour",
            login="review_manager",
        )
        self.env.invalidate_all()
        self.assertEqual(campaign.state, "confirmed")
        manager = self.env.ref("cs_public_reviews.user_review_manager")
        self.assertEqual(campaign.decided_by_id, manager)
