"""The company settings that replaced the system parameters: the Settings form
writes them on the company, and each one drives its rule for its company."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user

from .common import CsReviewsCommon

SORRY = "Извините, мы разбираемся."


class TestReviewSettings(CsReviewsCommon):
    def test_settings_form_writes_the_company(self):
        admin = new_test_user(
            self.env, login="t_review_settings_admin", groups="base.group_system"
        )
        company = admin.company_id
        form = Form(self.env["res.config.settings"].with_user(admin))
        form.cs_review_negative_rating_max = 3
        form.cs_review_burst_window_hours = 12
        form.cs_review_burst_min_reviews = 5
        form.cs_review_sensitive_reach = 50000
        form.cs_review_confirmation_days = 14
        form.save().execute()
        self.assertEqual(company.cs_review_negative_rating_max, 3)
        self.assertEqual(company.cs_review_burst_window_hours, 12)
        self.assertEqual(company.cs_review_burst_min_reviews, 5)
        self.assertEqual(company.cs_review_sensitive_reach, 50000)
        self.assertEqual(company.cs_review_confirmation_days, 14)

    def test_defaults_are_the_former_parameters(self):
        company = self.env["res.company"].create({"name": "Defaults Co"})
        self.assertEqual(company.cs_review_negative_rating_max, 2)
        self.assertEqual(company.cs_review_burst_window_hours, 24)
        self.assertEqual(company.cs_review_burst_min_reviews, 3)
        self.assertEqual(company.cs_review_sensitive_reach, 10000)
        self.assertEqual(company.cs_review_confirmation_days, 30)
        self.assertFalse(
            self.env["ir.config_parameter"]
            .sudo()
            .search(
                [
                    ("key", "=like", "cs_public_reviews.%"),
                    ("key", "!=", "cs_public_reviews.geoip_city_db"),
                ]
            )
        )

    def test_negative_threshold_is_the_company_one(self):
        self.platform.company_id.cs_review_negative_rating_max = 3
        review = self._review(external_id="set-neg", rating=3)
        self.assertTrue(review.is_negative)
        self.assertEqual(review.state, "to_reply")
        other = self.env["res.company"].create({"name": "Strict Co"})
        platform = self.env["cs.review.platform"].create(
            {"name": "Other", "code": "other", "company_id": other.id}
        )
        calm = self.Review.create(
            {"platform_id": platform.id, "external_id": "set-neg-b", "rating": 3}
        )
        self.assertFalse(calm.is_negative)
        self.assertEqual(calm.state, "new")

    def test_sensitive_reach_is_the_company_one(self):
        self.platform.company_id.cs_review_sensitive_reach = 500
        review = self._review(external_id="set-reach", author_reach=600)
        self.assertTrue(review.is_sensitive)
        self.assertIn("600", review.sensitive_reason)

    def test_burst_settings_are_the_company_ones(self):
        self.platform.company_id.write(
            {"cs_review_burst_min_reviews": 2, "cs_review_burst_window_hours": 1}
        )
        first = self._review(
            external_id="set-b1",
            author_ip="95.170.150.1",
            published_at="2026-03-02 10:00:00",
        )
        second = self._review(
            external_id="set-b2",
            author_ip="95.170.150.2",
            published_at="2026-03-02 10:30:00",
        )
        self.assertIn("Burst", second.authenticity_reasons)
        self.assertIn("Burst", first.authenticity_reasons)
        late = self._review(
            external_id="set-b3",
            author_ip="95.170.150.3",
            published_at="2026-03-02 13:00:00",
        )
        self.assertNotIn("Burst", late.authenticity_reasons or "")

    def test_confirmation_days_per_company(self):
        company_b = self.env["res.company"].create(
            {"name": "Patient Co", "cs_review_confirmation_days": 60}
        )
        self.platform.company_id.cs_review_confirmation_days = 10
        platform_b = self.env["cs.review.platform"].create(
            {"name": "B", "code": "b", "company_id": company_b.id}
        )
        reviews = self.Review
        for platform in (self.platform, platform_b):
            review = self.Review.create(
                {
                    "platform_id": platform.id,
                    "external_id": f"set-conf-{platform.id}",
                    "rating": 1,
                    "published_at": "2026-03-01 10:00:00",
                }
            )
            review.sudo().write(
                {
                    "state": "awaiting_confirmation",
                    "follow_up_posted_at": "2026-03-02 10:00:00",
                }
            )
            reviews |= review
        with freeze_time("2026-03-20 10:00:00"):
            self.Review._cron_follow_up()
        self.assertEqual(
            reviews.mapped("state"), ["unconfirmed", "awaiting_confirmation"]
        )
        self.assertIn("10 days", reviews[0].message_ids[0].body)
        with freeze_time("2026-05-10 10:00:00"):
            self.Review._cron_follow_up()
        self.assertEqual(reviews[1].state, "unconfirmed")
        self.assertIn("60 days", reviews[1].message_ids[0].body)


class TestApprovalAssignee(CsReviewsCommon):
    """The "Approve Reply" task goes to the activity type's default user when one
    is set, else to the first PR approver of the review's company."""

    def _submit(self, external_id):
        review = self._review(external_id=external_id, body="Подам в суд!")
        reply = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": SORRY})
        )
        reply.action_submit()
        kind = self.env.ref("cs_public_reviews.mail_act_reply_approval")
        return review.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_default_user_of_the_activity_type(self):
        chief = new_test_user(
            self.env,
            login="t_review_pr_chief",
            groups="cs_public_reviews.group_review_pr",
        )
        activity_type = self.env.ref("cs_public_reviews.mail_act_reply_approval")
        activity_type.default_user_id = chief
        todo = self._submit("asg1")
        self.assertEqual(todo.user_id, chief)

    def test_without_default_user_the_first_pr_approver(self):
        activity_type = self.env.ref("cs_public_reviews.mail_act_reply_approval")
        activity_type.default_user_id = False
        todo = self._submit("asg2")
        self.assertEqual(len(todo), 1)
        self.assertTrue(todo.user_id.has_group("cs_public_reviews.group_review_pr"))

    def test_default_user_of_another_company_is_skipped(self):
        company_b = self.env["res.company"].create({"name": "Assignee Co B"})
        outsider = new_test_user(
            self.env,
            login="t_review_pr_outsider",
            groups="cs_public_reviews.group_review_pr",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        activity_type = self.env.ref("cs_public_reviews.mail_act_reply_approval")
        activity_type.default_user_id = outsider
        todo = self._submit("asg3")
        self.assertEqual(len(todo), 1)
        self.assertNotEqual(todo.user_id, outsider)
        self.assertTrue(todo.user_id.has_group("cs_public_reviews.group_review_pr"))
