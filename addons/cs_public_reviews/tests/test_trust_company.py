"""Trust rules across companies: record rules, company-scoped authenticity and
import, and the public FAQ page of the website's company only."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import IP_MOSCOW, CsReviewsCommon

SORRY = "Извините, мы разбираемся."


class TestMultiCompany(CsReviewsCommon):
    # finding 7: company rules and company-scoped authenticity
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.responder_b = new_test_user(
            cls.env,
            login="t_review_responder_b",
            groups="cs_public_reviews.group_review_responder",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.platform_b = cls.env["cs.review.platform"].create(
            {
                "name": "B Maps",
                "code": "test_maps",
                "company_id": cls.company_b.id,
            }
        )

    def test_second_company_sees_nothing_of_the_first(self):
        review = self._review(external_id="mc1")
        self.env["cs.review.reply"].create({"review_id": review.id, "body": SORRY})
        self.env["cs.review.faq"].create({"name": "Вопрос А", "is_published": True})
        self.env["cs.review.reply.template"].create(
            {"name": "Шаблон А", "body": "Извините"}
        )
        self.env["cs.review.network"].create({"name": "Офис А", "cidr": "10.0.0.0/8"})
        for model in (
            "cs.public.review",
            "cs.review.reply",
            "cs.review.reply.template",
            "cs.review.platform",
            "cs.review.faq",
            "cs.review.network",
        ):
            records = self.env[model].with_user(self.responder_b).search([])
            self.assertFalse(
                records.filtered(lambda r: r.company_id != self.company_b),
                f"{model}: company B's responder sees company A's records",
            )
        with self.assertRaises(AccessError):
            review.with_user(self.responder_b).read(["body"])
        self.assertEqual(
            self.env["cs.review.reply.template"]._fields["company_id"].required, True
        )

    def test_authenticity_ignores_other_companies(self):
        # company A's employee, network and burst
        self.env["hr.employee"].create(
            {"name": "Сотрудник А", "work_email": "staff@a.example"}
        )
        self.env["cs.review.network"].create(
            {"name": "Офис А", "cidr": "203.0.113.0/24"}
        )
        for i in range(3):
            self._review(
                external_id=f"burst-a{i}",
                author_ip=f"198.51.100.{i + 1}",
                published_at="2026-03-02 10:00:00",
            )
        review_b = self.Review.create(
            {
                "platform_id": self.platform_b.id,
                "external_id": "mc-b",
                "rating": 5,
                "author_email": "staff@a.example",
                "author_ip": "203.0.113.7",
                "published_at": "2026-03-02 10:30:00",
            }
        )
        self.assertEqual(review_b.company_id, self.company_b)
        reasons = review_b.authenticity_reasons or ""
        self.assertNotIn("employee", reasons)
        self.assertNotIn("company network", reasons)
        self.assertNotIn("Burst", reasons)
        burst_b = self.Review.create(
            {
                "platform_id": self.platform_b.id,
                "external_id": "mc-b2",
                "rating": 5,
                "author_ip": "198.51.100.9",
                "published_at": "2026-03-02 10:30:00",
            }
        )
        self.assertNotIn("Burst", burst_b.authenticity_reasons or "")
        # the same review in company A is caught
        review_a = self._review(
            external_id="mc-a",
            rating=5,
            author_email="staff@a.example",
            author_ip="203.0.113.7",
        )
        self.assertIn("employee", review_a.authenticity_reasons)
        self.assertIn("company network", review_a.authenticity_reasons)

    def test_import_only_sees_own_company_platforms(self):
        importer_b = new_test_user(
            self.env,
            login="t_review_import_b",
            groups="cs_public_reviews.group_review_import",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        result = self.Review.with_user(importer_b).cs_import_reviews(
            "test_maps",
            [{"external_id": "mc-imp", "rating": 5, "author_ip": IP_MOSCOW}],
        )
        review = self.Review.browse(result["results"][0]["id"])
        self.assertEqual(review.platform_id, self.platform_b)


@tagged("post_install", "-at_install")
class TestFaqPageCompany(HttpCase):
    def test_public_faq_lists_own_company_only(self):
        company_b = self.env["res.company"].create({"name": "FAQ Company B"})
        Faq = self.env["cs.review.faq"]
        Faq.create({"name": "Вопрос нашей компании", "is_published": True})
        Faq.create(
            {
                "name": "Вопрос чужой компании",
                "is_published": True,
                "company_id": company_b.id,
            }
        )
        response = self.url_open("/cs/faq")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Вопрос нашей компании", response.text)
        self.assertNotIn("Вопрос чужой компании", response.text)
