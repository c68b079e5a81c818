from unittest.mock import patch

from ..lib import authenticity as auth
from .common import IP_MOSCOW, IP_NOVOSIBIRSK, CsReviewsCommon


class TestAuthenticity(CsReviewsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Иван Сотрудников",
                "work_email": "ivan@severnet.example",
                "mobile_phone": "+7 (913) 555-12-34",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Пётр Клиентов",
                "email": "petr@example.com",
                "phone": "+7 923 111 22 33",
            }
        )

    def test_geoip_mismatch_is_explained(self):
        review = self._review(
            external_id="g1", author_city="Москва", author_ip=IP_NOVOSIBIRSK
        )
        self.assertEqual(review.geo_city, "Novosibirsk")
        self.assertIn("Stated city Москва", review.authenticity_reasons)
        self.assertIn("Novosibirsk", review.authenticity_reasons)
        self.assertEqual(review.authenticity_score, 25)
        self.assertEqual(review.verdict, "fake")

    def test_geoip_match_adds_points(self):
        review = self._review(
            external_id="g2", author_city="г. Москва", author_ip=IP_MOSCOW
        )
        self.assertEqual(review.authenticity_score, 65)
        self.assertEqual(review.verdict, "authentic")

    def test_private_or_unknown_ip_does_not_crash(self):
        review = self._review(
            external_id="g3", author_city="Москва", author_ip="10.1.2.3"
        )
        self.assertFalse(review.geo_city)
        self.assertIn("no known location", review.authenticity_reasons)
        self.assertEqual(review.verdict, "unknown")
        self.assertEqual(auth.lookup_city(None, IP_MOSCOW), (False, False))
        self.assertEqual(
            auth.lookup_city(auth.city_reader(), "not-an-ip"), (False, False)
        )

    def test_missing_database_does_not_crash(self):
        with patch.object(
            auth, "default_city_db_path", return_value="/nonexistent.mmdb"
        ):
            self.assertIsNone(auth.city_reader())
            review = self._review(
                external_id="g4", author_city="Москва", author_ip=IP_MOSCOW
            )
            self.assertFalse(review.geo_city)

    def test_configured_database_is_used(self):
        self.env["ir.config_parameter"].set_param(
            "cs_public_reviews.geoip_city_db", "/nonexistent.mmdb"
        )
        review = self._review(
            external_id="g5", author_city="Москва", author_ip=IP_MOSCOW
        )
        self.assertFalse(review.geo_city)

    def test_employee_email_and_office_network(self):
        self.env["cs.review.network"].create({"name": "Офис", "cidr": "203.0.113.0/24"})
        review = self._review(
            external_id="e1",
            rating=5,
            author_email="Ivan@SeverNet.example",
            author_ip="203.0.113.7",
        )
        self.assertIn("employee's e-mail", review.authenticity_reasons)
        self.assertIn("company network Офис", review.authenticity_reasons)
        self.assertEqual(review.authenticity_score, 0)
        self.assertEqual(review.verdict, "fake")

    def test_employee_phone(self):
        review = self._review(
            external_id="e2", rating=5, author_phone="8 913 555 12 34"
        )
        self.assertIn("employee's phone", review.authenticity_reasons)

    def test_verified_purchaser(self):
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        product = self.env["product.product"].create(
            {"name": "Тариф 100", "list_price": 500}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    (0, 0, {"product_id": product.id, "price_unit": 500})
                ],
            }
        )
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        review = self._review(
            external_id="p1", rating=2, author_email="petr@example.com"
        )
        self.assertEqual(review.partner_id, self.customer)
        self.assertIn("Verified purchaser", review.authenticity_reasons)
        self.assertEqual(review.authenticity_score, 80)
        by_phone = self._review(external_id="p2", rating=2, author_phone="89231112233")
        self.assertEqual(by_phone.partner_id, self.customer)

    def test_known_customer_without_invoice(self):
        review = self._review(external_id="p3", author_email="petr@example.com")
        self.assertEqual(review.partner_id, self.customer)
        self.assertIn("no paid invoice", review.authenticity_reasons)

    def test_burst_from_one_subnet(self):
        reviews = self.Review
        for i, minute in enumerate((0, 20, 40)):
            reviews |= self._review(
                external_id=f"b{i}",
                author_ip=f"95.170.128.{10 + i}",
                published_at=f"2026-03-02 10:{minute:02d}:00",
            )
        self.assertIn("subnet 95.170.128.0/24", reviews[-1].authenticity_reasons)
        # the first two are re-scored when the third arrives
        self.assertIn("Burst", reviews[0].authenticity_reasons)
        far = self._review(
            external_id="b9",
            author_ip="95.170.128.99",
            published_at="2026-03-09 10:00:00",
        )
        self.assertNotIn("Burst", far.authenticity_reasons or "")

    def test_burst_from_one_ip(self):
        reviews = self.Review.create(
            [
                {
                    "platform_id": self.platform.id,
                    "external_id": f"ip{i}",
                    "rating": 1,
                    "author_ip": "95.170.129.5",
                    "published_at": "2026-03-02 10:00:00",
                }
                for i in range(3)
            ]
        )
        self.assertIn("from IP 95.170.129.5", reviews[0].authenticity_reasons)

    def test_manual_verdict_overrides(self):
        review = self._review(
            external_id="m1", author_city="Москва", author_ip=IP_NOVOSIBIRSK
        )
        self.assertEqual(review.verdict, "fake")
        # the manual verdict is set through the manager's action (guarded field)
        review.with_user(self.manager).action_set_verdict(
            "authentic", "клиент в командировке"
        )
        self.assertEqual(review.verdict, "authentic")
        self.assertIn(
            "Manual verdict: Authentic (клиент в командировке)",
            review.authenticity_reasons,
        )
        self.assertIn(review, self.Review.search([("verdict", "=", "authentic")]))

    def test_platform_rating_figures(self):
        self._review(
            external_id="r1", rating=5, author_city="Москва", author_ip=IP_MOSCOW
        )
        self._review(
            external_id="r2", rating=1, author_city="Москва", author_ip=IP_NOVOSIBIRSK
        )
        self._review(external_id="r3", rating=3)
        self.platform.invalidate_recordset()
        self.assertEqual(self.platform.review_count, 3)
        self.assertAlmostEqual(self.platform.rating_avg, 3.0)
        self.assertAlmostEqual(self.platform.rating_avg_authentic, 4.0)
        self.assertEqual(self.platform.fake_count, 1)

    def test_city_normalisation(self):
        self.assertTrue(auth.same_city("Новосибирск", "Novosibirsk"))
        self.assertTrue(auth.same_city("Санкт-Петербург", "Saint Petersburg"))
        self.assertTrue(auth.same_city("moscow", "Moscow (Tverskoy)"))
        self.assertFalse(auth.same_city("Москва", "Novosibirsk"))
        self.assertFalse(auth.same_city("", "Moscow"))
