"""Coordinated campaigns through the import: the issue's scenario, extension and
merging, the penalty and the manager's verdict, the report to the platforms."""

import importlib.util
from datetime import datetime, timedelta
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..lib import campaign as lib
from .campaign_cases import FAKE_A, FAKE_B, FAKE_C, FAKE_D, UNRELATED
from .common import CsReviewsCommon

T0 = datetime(2026, 3, 2, 9, 0)


def row(ext, body, hours, rating=1):
    return {
        "external_id": ext,
        "rating": rating,
        "body": body,
        "published_at": (T0 + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S"),
    }


class CampaignCommon(CsReviewsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.platform_2 = cls.env["cs.review.platform"].create(
            {
                "name": "Test Reviews",
                "code": "test_reviews",
                "kind": "review_site",
                "reply_deadline_hours": 24,
                "user_id": cls.responder.id,
            }
        )

    def _import(self, code, rows):
        result = self.Review.with_user(self.importer).cs_import_reviews(code, rows)
        self.assertEqual(result["errors"], 0, result)
        return self.Review.browse([r["id"] for r in result["results"]])

    def _campaign_of_issue(self):
        first = self._import("test_maps", [row("a", FAKE_A, 0)])
        second = self._import("test_reviews", [row("b", FAKE_B, 20)])
        self.assertFalse((first | second).campaign_id, "two reviews are no campaign")
        third = self._import("test_maps", [row("c", FAKE_C, 44)])
        return first | second | third


@freeze_time("2027-04-01 12:00:00")
@tagged("post_install", "-at_install")
class TestCampaign(CampaignCommon):
    def test_issue_scenario(self):
        """Three paraphrased one-star reviews on two platforms within two days
        form one campaign; an unrelated review and the same text a year apart do
        not join."""
        reviews = self._campaign_of_issue()
        campaign = reviews.campaign_id
        self.assertEqual(len(campaign), 1)
        self.assertEqual(campaign.review_ids, reviews)
        self.assertEqual(campaign.member_count, 3)
        self.assertEqual(campaign.platform_ids, self.platform | self.platform_2)
        self.assertEqual(campaign.first_at, T0)
        self.assertEqual(campaign.last_at, T0 + timedelta(hours=44))
        self.assertEqual(campaign.state, "detected")
        self.assertIn("курьер грубил", campaign.shared_phrases)
        self.assertIn("3 reviews", campaign.evidence_summary)
        self.assertIn("(Test Maps, Test Reviews)", campaign.evidence_summary)
        self.assertIn("within 72 h", campaign.evidence_summary)
        for review in reviews:
            # the others of b are both on Test Maps: "on 1 platform"
            self.assertRegex(
                review.campaign_reason,
                r"^Nearly the same text as 2 reviews on [12] platforms? within 2 "
                r"days: “.*курьер грубил",
            )
            self.assertGreater(review.campaign_similarity, 0.5)
            self.assertIn(f"-40 {review.campaign_reason}", review.authenticity_reasons)
            self.assertEqual(review.authenticity_score, 10)  # 50 - 40
            self.assertEqual(review.verdict, "fake")
        unrelated = self._import("test_reviews", [row("u", UNRELATED, 30)])
        year_later = self._import("test_reviews", [row("y", FAKE_B, 24 * 365)])
        self.assertFalse((unrelated | year_later).campaign_id)
        self.assertEqual(unrelated.authenticity_score, 50)
        self.assertEqual(campaign.member_count, 3)

    def test_one_batch_is_one_campaign(self):
        reviews = self._import(
            "test_maps",
            [row("a", FAKE_A, 0), row("c", FAKE_C, 44), row("u", UNRELATED, 10)],
        ) | self._import("test_reviews", [row("b", FAKE_B, 20)])
        self.assertEqual(len(reviews[:2].campaign_id), 1)
        self.assertEqual(reviews.campaign_id, reviews[0].campaign_id)
        self.assertFalse(reviews[2].campaign_id)
        self.assertEqual(reviews.campaign_id.member_count, 3)

    def test_a_batch_over_weeks_finds_each_campaign(self):
        """One batch whose dates span three weeks: each review's candidates come
        from the band index within the window of its own date, so both campaigns
        in it are found, each once, and never joined."""
        day = 24 * 20
        reviews = self._import(
            "test_maps",
            [
                row("a1", FAKE_A, 0),
                row("c1", FAKE_C, 44),
                row("a2", FAKE_A, day),
                row("c2", FAKE_C, day + 30),
            ],
        ) | self._import(
            "test_reviews", [row("b1", FAKE_B, 20), row("b2", FAKE_B, day + 10)]
        )
        campaigns = reviews.campaign_id
        self.assertEqual(len(campaigns), 2)
        self.assertEqual(sorted(campaigns.mapped("member_count")), [3, 3])
        self.assertEqual(
            reviews.filtered(lambda r: r.external_id.endswith("1")).campaign_id,
            reviews[0].campaign_id,
        )

    def test_band_index_follows_the_reviews(self):
        """The band index holds each review's LSH bands (those of its stored
        signature) at its date and company: it follows a new text or date, drops
        a text too short to take part, and a deleted review's rows."""

        def bands(review):
            self.env.flush_all()
            self.env.cr.execute(
                "SELECT band, published_at, company_id FROM cs_public_review_band "
                "WHERE review_id = %s",
                [review.id],
            )
            return self.env.cr.fetchall()

        def expected(review, hours):
            values = lib.parse_signature(review.sudo().campaign_signature)[0]
            return sorted(
                (key, T0 + timedelta(hours=hours), self.env.company.id)
                for key in lib.band_keys(values)
            )

        review = self._import("test_maps", [row("a", FAKE_A, 0)])
        short = self._import("test_maps", [row("s", "Всё хорошо", 1)])
        self.assertEqual(sorted(bands(review)), expected(review, 0))
        self.assertEqual(len(bands(review)), lib.LSH_BANDS)
        self.assertEqual(bands(short), [])
        self._import("test_maps", [row("a", FAKE_B, 5)])
        self.assertEqual(sorted(bands(review)), expected(review, 5))
        self._import("test_maps", [row("a", "Всё хорошо", 5)])
        self.assertEqual(bands(review), [])
        other = self._import("test_maps", [row("b", FAKE_C, 2)])
        self.assertTrue(bands(other))
        other.sudo().unlink()
        self.env.cr.execute(
            "SELECT count(*) FROM cs_public_review_band WHERE review_id = %s",
            [other.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_a_refused_deletion_keeps_the_band_rows(self):
        """The band rows go with the review, only once its deletion is allowed."""
        review = self._import("test_maps", [row("a", FAKE_A, 0)])
        with self.assertRaises(AccessError):
            review.with_user(self.responder).unlink()
        self.env.cr.execute(
            "SELECT count(*) FROM cs_public_review_band WHERE review_id = %s",
            [review.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], lib.LSH_BANDS)

    def test_the_lookup_asks_three_shared_bands(self):
        """The band index proposes a stored review sharing three bands with a new
        one within the window, not two (lib.campaign.MIN_SHARED_BANDS)."""
        stored = self._import("test_maps", [row("a", FAKE_A, 0)])
        keys = list(range(1, lib.LSH_BANDS + 1))
        frontier = [({"published_at": T0 + timedelta(hours=5)}, keys)]
        cr = self.env.cr

        def proposed(shared):
            cr.execute(
                "DELETE FROM cs_public_review_band WHERE review_id = %s", [stored.id]
            )
            cr.execute(
                "INSERT INTO cs_public_review_band "
                "(review_id, company_id, published_at, band) "
                "SELECT %s, %s, %s, k FROM unnest(%s::int8[]) k",
                [stored.id, self.env.company.id, T0, keys[:shared]],
            )
            rows = self.Review.sudo()._campaign_neighbours(
                self.env.company, timedelta(hours=72), frontier, set()
            )
            return [r["id"] for r in rows]

        self.assertEqual(proposed(2), [])
        self.assertEqual(proposed(3), [stored.id])

    def test_migration_fills_the_band_index(self):
        """18.0.1.5.0's post-migrate writes, in SQL from the stored signatures,
        the rows the detection writes (and none twice)."""
        reviews = self._campaign_of_issue()
        self.env.flush_all()
        query = (
            "SELECT review_id, band, published_at, company_id "
            "FROM cs_public_review_band WHERE review_id = ANY(%s) ORDER BY 1, 2"
        )
        self.env.cr.execute(query, [reviews.ids])
        written = self.env.cr.fetchall()
        self.assertEqual(len(written), 3 * lib.LSH_BANDS)
        self.env.cr.execute(
            "DELETE FROM cs_public_review_band WHERE review_id = ANY(%s)",
            [reviews[:2].ids],
        )
        path = Path(__file__).parents[1] / "migrations/18.0.1.5.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("cs_reviews_1_5_post", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.4.0")
        self.env.cr.execute(query, [reviews.ids])
        self.assertEqual(self.env.cr.fetchall(), written)

    def test_needs_two_platforms(self):
        reviews = self._import(
            "test_maps",
            [row("a", FAKE_A, 0), row("b", FAKE_B, 20), row("c", FAKE_C, 44)],
        )
        self.assertFalse(reviews.campaign_id)
        self.env.company.cs_review_campaign_min_platforms = 1
        self._import("test_maps", [row("d", FAKE_D, 50)])
        self.assertEqual(reviews.campaign_id.member_count, 4)

    def test_a_later_review_joins_and_campaigns_merge(self):
        reviews = self._campaign_of_issue()
        campaign = reviews.campaign_id
        later = self._import("test_reviews", [row("d", FAKE_D, 70)])
        self.assertEqual(later.campaign_id, campaign)
        self.assertEqual(campaign.member_count, 4)
        # a second campaign a week later, then a review that links both
        week = self._import(
            "test_maps", [row("w1", FAKE_A, 200), row("w2", FAKE_C, 230)]
        ) | self._import("test_reviews", [row("w3", FAKE_B, 240)])
        other = week.campaign_id
        self.assertEqual(len(other), 1)
        self.assertNotEqual(other, campaign)
        self._import("test_reviews", [row("bridge1", FAKE_D, 130)])
        self._import("test_maps", [row("bridge2", FAKE_B, 165)])
        kept = (reviews | week).campaign_id
        self.assertEqual(len(kept), 1)
        merged = (campaign | other) - kept
        self.assertEqual(merged.state, "merged")
        self.assertEqual(merged.merged_into_id, kept)
        self.assertEqual(kept.member_count, 9)

    def test_update_of_a_text_joins(self):
        reviews = self._import(
            "test_maps", [row("a", FAKE_A, 0), row("c", "Всё хорошо", 44)]
        ) | self._import("test_reviews", [row("b", FAKE_B, 20)])
        self.assertFalse(reviews.campaign_id)
        self._import("test_maps", [row("c", FAKE_C, 44)])
        self.assertEqual(reviews.campaign_id.member_count, 3)

    def test_dismiss_lifts_the_penalty_confirm_keeps_it(self):
        reviews = self._campaign_of_issue()
        campaign = reviews.campaign_id.with_user(self.manager)
        campaign.action_dismiss()
        self.assertEqual(campaign.state, "dismissed")
        self.assertEqual(campaign.decided_by_id, self.manager)
        for review in reviews:
            self.assertEqual(review.authenticity_score, 50)
            self.assertNotIn("Nearly the same", review.authenticity_reasons or "")
        campaign.action_confirm()
        self.assertEqual(set(reviews.mapped("authenticity_score")), {10})

    def test_shadow_mode_keeps_the_score(self):
        self.env.company.cs_review_campaign_penalty = 0
        reviews = self._campaign_of_issue()
        self.assertTrue(reviews.campaign_id)
        for review in reviews:
            self.assertEqual(review.authenticity_score, 50)
            self.assertIn(f"0 {review.campaign_reason}", review.authenticity_reasons)

    def test_report_sends_the_campaign_evidence(self):
        reviews = self._campaign_of_issue()
        campaign = reviews.campaign_id
        campaign.with_user(self.responder).action_report()
        self.assertEqual(campaign.state, "reported")
        for review in reviews:
            self.assertEqual(review.state, "reported_fake")
            self.assertIn(review.campaign_reason, review.fake_report)
            self.assertIn(campaign.evidence_summary, review.fake_report)
            # the platforms know their own ids, not ours
            self.assertIn("#a", review.fake_report)

    def test_state_labels_agree_in_russian(self):
        """«Кампания» is feminine, «отзыв» masculine: the campaign's state read
        «Подтверждён» while it shared the review's English label, and the review's
        *Confirmed At* read «Подтверждён» too."""
        self.env["res.lang"]._activate_lang("ru_RU")
        module = self.env.ref("base.module_cs_public_reviews")
        module._update_translations(["ru_RU"], overwrite=True)
        ru = self.env(context={"lang": "ru_RU"})
        campaign = ru["cs.review.campaign"].fields_get(["state"])["state"]
        review = ru["cs.public.review"].fields_get(["state", "confirmed_at"])
        self.assertEqual(dict(campaign["selection"])["confirmed"], "Подтверждена")
        self.assertEqual(dict(review["state"]["selection"])["confirmed"], "Подтверждён")
        self.assertEqual(review["confirmed_at"]["string"], "Дата подтверждения")

    def test_texts_in_the_company_language(self):
        """The reasons and the evidence are stored in the company's language
        (Russian in the demo), whoever imports."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env.company.partner_id.lang = "ru_RU"
        reviews = self._campaign_of_issue()
        self.assertIn(
            "3 отзыва с почти одинаковым текстом на 2 площадках",
            reviews.campaign_id.evidence_summary,
        )
        self.assertTrue(
            reviews[0].campaign_reason.startswith(
                "Почти тот же текст, что у 2 отзывов на 2 площадках за 2 дня: «"
            )
        )
        reason = reviews[0].campaign_reason
        self.assertIn(f"-40 {reason}", reviews[0].authenticity_reasons)
