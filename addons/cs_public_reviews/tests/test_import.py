from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError

from odoo.addons.cs_base.tests.scale import CsScaleMixin

from .common import IP_MOSCOW, IP_NOVOSIBIRSK, CsReviewsCommon


def _rows(prefix, count, start=0, published_at="2026-03-01 10:00:00"):
    return [
        {
            "external_id": f"{prefix}-{i}",
            "author_name": f"Автор {i}",
            "author_city": "Москва",
            "author_ip": f"77.88.{i % 200}.{i % 250 + 1}",
            "author_email": f"author{i}@example.com",
            "author_phone": f"+7 900 {1000000 + i}",
            "published_at": published_at,
            "rating": i % 5 + 1,
            "body": "Текст отзыва",
            "url": f"https://example.com/{prefix}/{i}",
        }
        for i in range(start, start + count)
    ]


@freeze_time("2026-03-10 12:00:00")
class TestImport(CsScaleMixin, CsReviewsCommon):
    def _import(self, rows, user=None):
        Review = self.Review.with_user(user or self.importer)
        return Review.cs_import_reviews("test_maps", rows)

    def test_import_is_idempotent(self):
        rows = _rows("a", 3)
        first = self._import(rows)
        self.assertEqual(
            (first["created"], first["updated"], first["unchanged"], first["errors"]),
            (3, 0, 0, 0),
        )
        self.assertEqual([r["status"] for r in first["results"]], ["created"] * 3)
        self.assertEqual([r["index"] for r in first["results"]], [0, 1, 2])
        self.assertTrue(all(r["id"] and r["error"] is False for r in first["results"]))
        again = self._import(rows)
        self.assertEqual(again["unchanged"], 3)
        self.assertEqual(again["created"], 0)
        self.assertEqual(
            [r["id"] for r in again["results"]], [r["id"] for r in first["results"]]
        )
        rows[1]["rating"] = 5
        rows[1]["body"] = "Исправили, спасибо"
        third = self._import(rows)
        self.assertEqual([r["status"] for r in third["results"]][1], "updated")
        review = self.Review.browse(third["results"][1]["id"])
        self.assertEqual(review.rating, 5)
        self.assertEqual(
            self.Review.search_count([("platform_id", "=", self.platform.id)]), 3
        )

    def test_bad_rows_are_reported_and_skipped(self):
        good = _rows("g", 2)
        rows = [
            good[0],
            dict(good[1], external_id="bad-0", rating=0),
            dict(good[1], external_id="bad-6", rating=6),
            {k: v for k, v in good[1].items() if k != "external_id"},
            dict(good[1], external_id="bad-ip", author_ip="300.1.2.3"),
            dict(good[1], external_id="bad-date", published_at="2026-04-01 00:00:00"),
            dict(good[1], external_id="bad-key", raiting=5),
            dict(good[1], external_id="bad-fmt", published_at="yesterday"),
            good[1],
            dict(good[1]),  # same external id twice in the batch
        ]
        result = self._import(rows)
        statuses = [r["status"] for r in result["results"]]
        self.assertEqual(statuses[0], "created")
        self.assertEqual(statuses[8], "created")
        self.assertEqual(statuses[1:8], ["error"] * 7)
        self.assertEqual(statuses[9], "error")
        self.assertEqual(result["created"], 2)
        self.assertEqual(result["errors"], 8)
        errors = [r["error"] for r in result["results"]]
        self.assertIn("rating", errors[1])
        self.assertIn("6", errors[2])
        self.assertIn("external_id", errors[3])
        self.assertIn("300.1.2.3", errors[4])
        self.assertIn("future", errors[5])
        self.assertIn("raiting", errors[6])
        self.assertIn("published_at", errors[7])
        self.assertIn("twice", errors[9])
        self.assertFalse(result["results"][1]["id"])

    def test_unknown_platform_fails_the_call(self):
        with self.assertRaisesRegex(ValidationError, "no_such_platform"):
            self.Review.with_user(self.importer).cs_import_reviews(
                "no_such_platform", _rows("x", 1)
            )

    def test_import_user_cannot_read_replies(self):
        result = self._import(_rows("n", 1))
        review = self.Review.browse(result["results"][0]["id"])
        self.env["cs.review.reply"].create(
            {"review_id": review.id, "body": "Извините за неудобства."}
        )
        with self.assertRaises(AccessError):
            self.env["cs.review.reply"].with_user(self.importer).search([])
        with self.assertRaises(AccessError):
            review.with_user(self.importer).reply_ids.read(["body"])

    def test_negative_review_gets_a_reply_task(self):
        result = self._import([dict(_rows("t", 1)[0], rating=1)])
        review = self.Review.browse(result["results"][0]["id"])
        self.assertEqual(review.state, "to_reply")
        self.assertEqual(str(review.reply_deadline), "2026-03-02 10:00:00")
        activity = review.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.responder)
        self.assertEqual(str(activity.date_deadline), "2026-03-02")

    def test_import_scores_geoip(self):
        rows = [
            dict(_rows("geo", 1)[0], author_ip=IP_NOVOSIBIRSK, author_email=False),
            dict(_rows("geo", 2)[1], author_ip=IP_MOSCOW, author_email=False),
        ]
        result = self._import(rows)
        far, near = self.Review.browse([r["id"] for r in result["results"]])
        self.assertIn("Novosibirsk", far.authenticity_reasons)
        self.assertIn("Москва", far.authenticity_reasons)
        self.assertIn("as stated", near.authenticity_reasons)
        self.assertGreater(near.authenticity_score, far.authenticity_score)

    def _count_import(self, rows):
        self.env.flush_all()
        self.env.cr.precommit.run()  # pending bus notifications of earlier creates
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = self._import(rows)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    def _clone_reviews(self, count):
        """Copy a stored review ``count`` times in SQL (new external ids)."""
        model = self.Review.search([], limit=1, order="id")
        self._clone("cs_public_review", model, count, external_id="'bulk-' || g")

    def test_query_count_does_not_grow_with_stored_reviews(self):
        """Per-batch queries are the same with 100 or 10,000 reviews stored."""
        old = "2026-01-01 10:00:00"
        self.Review.create(
            [
                dict(vals, platform_id=self.platform.id)
                for vals in _rows("old", 100, start=10000, published_at=old)
            ]
        )
        self._import(_rows("warm", 20))  # warm the caches
        small, _result = self._count_import(_rows("b1", 20, start=100))
        self._clone_reviews(9900)  # 10,000 stored now
        big, _result = self._count_import(_rows("b2", 20, start=140))
        self.assertLessEqual(
            big, small, f"{small} queries with 100 stored, {big} with 10,000"
        )
        # a batch of 20 new rows stays within its budget
        self.env.invalidate_all()
        with self.assertQueryCount(40):
            self._import(_rows("b3", 20, start=170))
        # re-importing the same batch reads once and writes nothing
        count, result = self._count_import(_rows("b2", 20, start=140))
        self.assertEqual(result["unchanged"], 20)
        self.assertLessEqual(count, 6)

    def test_scoring_does_no_per_row_search(self):
        reviews = self.Review.create(
            [dict(v, platform_id=self.platform.id) for v in _rows("s", 60)]
        )
        small, big = reviews[:6], reviews
        counts = []
        for records in (small, big):
            self.env.invalidate_all()
            records.action_recompute_authenticity()
            before = self.env.cr.sql_log_count
            records.flush_recordset()
            counts.append(self.env.cr.sql_log_count - before)
        # the UPDATE statements grow with the rows; lookups must not
        self.assertLessEqual(counts[1], counts[0] + 4, counts)
