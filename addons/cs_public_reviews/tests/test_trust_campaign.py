"""Campaigns hold whatever route a caller takes: membership, reasons and states
change only through the detection and the campaign's actions."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .campaign_cases import FAKE_A, FAKE_B, FAKE_C
from .test_campaign import CampaignCommon, row


@freeze_time("2027-04-01 12:00:00")
@tagged("post_install", "-at_install")
class TestTrustCampaign(CampaignCommon):
    def test_review_fields_change_only_through_detection(self):
        reviews = self._campaign_of_issue()
        review = reviews[0].with_user(self.responder)
        campaign = reviews.campaign_id
        for vals in (
            {"campaign_id": False},
            {"campaign_reason": "x"},
            {"campaign_similarity": 0.1},
        ):
            with self.assertRaises(AccessError, msg=vals):
                review.write(vals)
        # create with a campaign, as a caller could send it (or as a context key)
        with self.assertRaises(AccessError):
            self.Review.with_user(self.manager).create(
                {
                    "platform_id": self.platform.id,
                    "external_id": "forged",
                    "rating": 5,
                    "campaign_id": campaign.id,
                }
            )
        forged = (
            self.Review.with_user(self.manager)
            .with_context(default_campaign_id=campaign.id, default_campaign_reason="x")
            .create(
                {"platform_id": self.platform.id, "external_id": "ctx", "rating": 5}
            )
        )
        self.assertFalse(forged.campaign_id)
        self.assertFalse(forged.campaign_reason)
        self.assertEqual(campaign.member_count, 3)

    def test_campaign_is_never_entered_and_judged_by_actions(self):
        reviews = self._campaign_of_issue()
        campaign = reviews.campaign_id
        for user in (self.responder, self.manager):
            with self.assertRaises(AccessError):
                self.env["cs.review.campaign"].with_user(user).create(
                    {"company_id": self.env.company.id}
                )
        for vals in (
            {"state": "dismissed"},
            {"evidence_summary": "x"},
            {"merged_into_id": campaign.id},
        ):
            with self.assertRaises(AccessError, msg=vals):
                campaign.with_user(self.manager).write(vals)
        with self.assertRaises(AccessError):  # responders read only
            campaign.with_user(self.responder).write({"note": "x"})
        campaign.with_user(self.manager).write({"note": "Проверено"})
        for action in ("action_confirm", "action_dismiss", "action_reset"):
            with self.assertRaises(AccessError, msg=action):
                getattr(campaign.with_user(self.responder), action)()
        with self.assertRaises(AccessError):
            campaign.with_user(self.importer).read(["name"])
        with self.assertRaises(UserError):  # not confirmed yet: nothing to reset
            campaign.with_user(self.manager).action_reset()
        self.assertEqual(campaign.state, "detected")

    def test_search_and_read_group_by_campaign(self):
        reviews = self._campaign_of_issue()
        Review = self.Review.with_user(self.responder)
        mine = [("platform_id", "in", (self.platform | self.platform_2).ids)]
        self.assertEqual(
            Review.search([("campaign_id.state", "=", "detected"), *mine]), reviews
        )
        groups = Review.read_group(
            [("campaign_id", "!=", False), *mine], ["rating:avg"], ["campaign_id"]
        )
        self.assertEqual(groups[0]["campaign_id_count"], 3)
        # the signature is a technical field: not for staff
        self.assertNotIn("campaign_signature", Review.fields_get())
        with self.assertRaises(AccessError):
            Review.search([("campaign_signature", "!=", False)])

    def test_other_company_sees_nothing_and_shares_nothing(self):
        reviews = self._campaign_of_issue()
        company_b = self.env["res.company"].create({"name": "Company B"})
        user_b = new_test_user(
            self.env,
            login="t_review_manager_b",
            groups="cs_public_reviews.group_review_manager",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        Campaign = self.env["cs.review.campaign"].with_user(user_b)
        self.assertFalse(Campaign.search([]))
        with self.assertRaises(AccessError):
            reviews.campaign_id.with_user(user_b).action_dismiss()
        # the same texts in company B make their own campaign, not a member of A's
        platform_b, platform_b2 = self.env["cs.review.platform"].create(
            [
                {"name": name, "code": name, "company_id": company_b.id}
                for name in ("b_maps", "b_reviews")
            ]
        )
        b_reviews = self.Review.create(
            [
                dict(row(ext, body, hours), platform_id=platform.id)
                for ext, body, hours, platform in (
                    ("b1", FAKE_A, 1, platform_b),
                    ("b2", FAKE_B, 2, platform_b2),
                    ("b3", FAKE_C, 3, platform_b),
                )
            ]
        )
        self.assertEqual(len(b_reviews.campaign_id), 1)
        self.assertEqual(b_reviews.campaign_id.company_id, company_b)
        self.assertEqual(reviews.campaign_id.member_count, 3)
